import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { Protocol } from 'electron';
import { PAGE_IMAGE_ROLES, PAGE_IMAGE_VARIANTS, type PageImageVariant } from '../contract/channels';
import type { UserView } from '../contract/domain';
import { isAppError } from '../contract/errors';
import type { Logger } from '../services/logger';
import type { PageImages } from '../services/page-images';
import { APP_HOST, APP_ORIGIN, APP_SCHEME } from './security-guard';

// The UI is served from `app://renderer/…`, not `file://`: a standard, secure origin of its own, so
// `default-src 'self'` means exactly the built renderer and the page images. The pure pieces below
// (CSP, content types, path resolution, page-image routes) are shared with the development host.

export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;

/** The strict policy for every response; the development host adds its WebSocket origin to connect-src. */
export function contentSecurityPolicy(extraConnectSrc: readonly string[] = []): string {
  return [
    "default-src 'self'",
    "img-src 'self' data: blob:",
    "style-src 'self'",
    "script-src 'self'",
    `connect-src ${["'self'", ...extraConnectSrc].join(' ')}`,
    "object-src 'none'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
    "form-action 'none'",
  ].join('; ');
}

export function securityHeaders(csp: string): Record<string, string> {
  return { 'Content-Security-Policy': csp, 'X-Content-Type-Options': 'nosniff', 'Referrer-Policy': 'no-referrer' };
}

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.wasm': 'application/wasm',
  '.traineddata': 'application/octet-stream',
};

export function contentTypeFor(file: string): string {
  return CONTENT_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
}

/**
 * The file under `rootDir` that a URL pathname names, or null when it would leave `rootDir`, names a
 * hidden file or cannot be decoded. `/` names index.html; directories are never listed.
 */
export function resolveStaticPath(rootDir: string, urlPathname: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPathname);
  } catch {
    return null;
  }
  if (decoded.includes('\0')) return null;
  const segments = decoded.split(/[\\/]+/).filter((s) => s !== '');
  if (segments.some((s) => s.startsWith('.'))) return null;
  const root = path.resolve(rootDir);
  const target = path.resolve(root, ...(segments.length === 0 ? ['index.html'] : segments));
  const relative = path.relative(root, target);
  if (relative === '' || relative.startsWith('..') || path.isAbsolute(relative)) return null;
  return target;
}

/** `/page-image/<id>/<variant>` (the contract's `pageImagePath` under the origin), or null. */
export function parsePageImagePath(urlPathname: string): { pageId: number; variant: PageImageVariant } | null {
  const match = /^\/page-image\/([1-9][0-9]{0,15})\/([a-z]+)$/.exec(urlPathname);
  if (!match) return null;
  const pageId = Number(match[1]);
  const variant = PAGE_IMAGE_VARIANTS.find((v) => v === match[2]);
  if (!Number.isSafeInteger(pageId) || !variant) return null;
  return { pageId, variant };
}

/** `/page-tiles/<id>/<version>/page.dzi` or one of its tiles, or null. */
export function parsePageTilePath(urlPathname: string): { pageId: number; file: string } | null {
  const match = /^\/page-tiles\/([1-9][0-9]{0,15})\/[0-9a-f]{1,16}\/(page\.dzi|page_files\/[0-9]{1,2}\/[0-9]{1,5}_[0-9]{1,5}\.jpeg)$/.exec(urlPathname);
  if (!match) return null;
  const pageId = Number(match[1]);
  if (!Number.isSafeInteger(pageId)) return null;
  return { pageId, file: match[2]! };
}

/**
 * Whether the one asking may see page images now: the transport knows who is asking (the window's or
 * the browser session's caller), this module only serves what it is told it may.
 */
export type PageImageAccess = 'allowed' | 'unauthenticated' | 'forbidden';

/** The decision for a signed-in person (null: nobody signed in, or the session expired). */
export function pageImageAccessFor(user: Pick<UserView, 'role'> | null): PageImageAccess {
  if (!user) return 'unauthenticated';
  return PAGE_IMAGE_ROLES.includes(user.role) ? 'allowed' : 'forbidden';
}

export interface StaticResponse {
  status: number;
  contentType: string;
  body: Buffer;
}

const text = (status: number, message: string): StaticResponse => ({
  status,
  contentType: 'text/plain; charset=utf-8',
  body: Buffer.from(message, 'utf8'),
});

function refusal(access: Exclude<PageImageAccess, 'allowed'>): StaticResponse {
  return access === 'unauthenticated'
    ? text(401, 'Cần đăng nhập để xem ảnh trang.')
    : text(403, 'Vai trò của bạn không được xem ảnh trang.');
}

/**
 * Reads what a same-origin pathname names: a page image or a file of the built renderer. Symlinks
 * are followed only when they stay inside the renderer folder. Page images and tiles are read only
 * when `pageImageAccess` (asked for those paths only) allows; the renderer's files need no sign-in,
 * so that the sign-in page itself loads.
 */
export async function readAppResource(
  rendererDir: string,
  pageImages: Pick<PageImages, 'get' | 'tile'>,
  urlPathname: string,
  logger: Logger,
  pageImageAccess: () => PageImageAccess,
): Promise<StaticResponse> {
  const tile = parsePageTilePath(urlPathname);
  const image = tile ? null : parsePageImagePath(urlPathname);
  if (tile || image) {
    const access = pageImageAccess();
    if (access !== 'allowed') return refusal(access);
  }
  if (tile) {
    try {
      const { data, contentType } = await pageImages.tile(tile.pageId, tile.file);
      return { status: 200, contentType, body: data };
    } catch (error) {
      if (isAppError(error) && error.code === 'NOT_FOUND') return text(404, 'Không tìm thấy.');
      logger.warn({ err: error, pageId: tile.pageId, file: tile.file }, 'page tile failed');
      return text(500, 'Không đọc được ảnh trang.');
    }
  }
  if (image) {
    try {
      const { data, contentType } = await pageImages.get(image.pageId, image.variant);
      return { status: 200, contentType, body: data };
    } catch (error) {
      if (isAppError(error) && error.code === 'NOT_FOUND') return text(404, 'Không tìm thấy trang.');
      logger.warn({ err: error, pageId: image.pageId, variant: image.variant }, 'page image failed');
      return text(500, 'Không đọc được ảnh trang.');
    }
  }
  const file = resolveStaticPath(rendererDir, urlPathname);
  if (!file) return text(404, 'Không tìm thấy.');
  try {
    const [realRoot, realFile] = await Promise.all([fs.realpath(rendererDir), fs.realpath(file)]);
    const relative = path.relative(realRoot, realFile);
    if (relative === '' || relative.startsWith('..') || path.isAbsolute(relative)) return text(404, 'Không tìm thấy.');
    const stat = await fs.stat(realFile);
    if (!stat.isFile()) return text(404, 'Không tìm thấy.');
    return { status: 200, contentType: contentTypeFor(realFile), body: await fs.readFile(realFile) };
  } catch {
    return text(404, 'Không tìm thấy.');
  }
}

/** Must run before `app` is ready: privileges cannot be granted to a scheme later. */
export function registerAppScheme(protocol: Pick<Protocol, 'registerSchemesAsPrivileged'>): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
  ]);
}

export interface AppProtocolOptions {
  rendererDir: string;
  pageImages: Pick<PageImages, 'get' | 'tile'>;
  logger: Logger;
  /** Whether the window's caller may see page images now (signed in, session live, a staff role). */
  pageImageAccess: () => PageImageAccess;
}

/** Serves `app://renderer/…` from the built renderer and the page-image store (after `ready`). */
export function serveAppProtocol(protocol: Pick<Protocol, 'handle'>, options: AppProtocolOptions): void {
  const headers = securityHeaders(contentSecurityPolicy());
  protocol.handle(APP_SCHEME, async (request) => {
    const url = new URL(request.url);
    if (url.host !== APP_HOST) return respond(text(404, 'Không tìm thấy.'), headers, false);
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      return respond(text(405, 'Phương thức không được hỗ trợ.'), headers, false);
    }
    const resource = await readAppResource(options.rendererDir, options.pageImages, url.pathname, options.logger, options.pageImageAccess);
    return respond(resource, headers, request.method === 'HEAD');
  });
}

function respond(resource: StaticResponse, headers: Record<string, string>, headOnly: boolean): Response {
  return new Response(headOnly ? null : new Uint8Array(resource.body), {
    status: resource.status,
    headers: { ...headers, 'Content-Type': resource.contentType },
  });
}
