import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  APP_ENTRY_URL,
  contentSecurityPolicy,
  contentTypeFor,
  parsePageImagePath,
  parsePageTilePath,
  resolveStaticPath,
  securityHeaders,
} from '../../../main/shell/app-protocol';

const root = path.resolve('/srv/app/out/renderer');

describe('resolveStaticPath', () => {
  it('maps the root to index.html and files under the renderer folder', () => {
    expect(resolveStaticPath(root, '/')).toBe(path.join(root, 'index.html'));
    expect(resolveStaticPath(root, '/index.html')).toBe(path.join(root, 'index.html'));
    expect(resolveStaticPath(root, '/assets/index-abc.js')).toBe(path.join(root, 'assets', 'index-abc.js'));
    expect(resolveStaticPath(root, '/assets/t%E1%BA%A1m.svg')).toBe(path.join(root, 'assets', 'tạm.svg'));
  });

  it.each([
    '/../secret.txt',
    '/assets/../../etc/passwd',
    '/%2e%2e/%2e%2e/etc/passwd',
    '/%2E%2E%2Fetc%2Fpasswd',
    '/assets/..%2f..%2fetc/passwd',
    '/..%5c..%5cwindows%5cwin.ini',
    '/assets\\..\\..\\etc\\passwd',
    '/.env',
    '/assets/.hidden',
    '/index.html%00.png',
    '/%E0%A4%A',
  ])('refuses %s', (pathname) => {
    expect(resolveStaticPath(root, pathname)).toBeNull();
  });

  it('never resolves outside the renderer folder', () => {
    for (const pathname of ['/a/b/../../../x', '//etc/passwd', '/./index.html', '/assets//x.js']) {
      const resolved = resolveStaticPath(root, pathname);
      if (resolved !== null) expect(resolved.startsWith(root + path.sep)).toBe(true);
    }
  });
});

describe('parsePageTilePath', () => {
  it('accepts the pyramid descriptor and its tiles, with the version in the path', () => {
    expect(parsePageTilePath('/page-tiles/7/3fa9c0e1b2d4/page.dzi')).toEqual({ pageId: 7, file: 'page.dzi' });
    expect(parsePageTilePath('/page-tiles/7/0/page_files/12/3_10.jpeg')).toEqual({ pageId: 7, file: 'page_files/12/3_10.jpeg' });
  });

  it.each(['/page-tiles/7/abc/page_files/vips-properties.xml', '/page-tiles/7/abc/../page.dzi', '/page-tiles/0/abc/page.dzi', '/page-tiles/7/XYZ/page.dzi', '/page-tiles/7/page.dzi', '/page-tiles/7/abc/page_files/1/2_3.png'])(
    'refuses %s',
    (pathname) => {
      expect(parsePageTilePath(pathname)).toBeNull();
    },
  );
});

describe('parsePageImagePath', () => {
  it('reads the contract page-image path', () => {
    expect(parsePageImagePath('/page-image/12/thumb')).toEqual({ pageId: 12, variant: 'thumb' });
    expect(parsePageImagePath('/page-image/1/view')).toEqual({ pageId: 1, variant: 'view' });
  });

  it.each(['/page-image/0/thumb', '/page-image/-1/thumb', '/page-image/1/original', '/page-image/1/thumb/', '/page-image/abc/view', '/page-image/1e3/view', '/page-image/99999999999999999/view'])(
    'refuses %s',
    (pathname) => expect(parsePageImagePath(pathname)).toBeNull(),
  );
});

describe('headers', () => {
  it('sends the strict CSP and nosniff', () => {
    expect(contentSecurityPolicy()).toBe(
      "default-src 'self'; img-src 'self' data: blob:; style-src 'self'; script-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'none'",
    );
    expect(contentSecurityPolicy(['ws://127.0.0.1:4000'])).toContain("connect-src 'self' ws://127.0.0.1:4000;");
    const headers = securityHeaders(contentSecurityPolicy());
    expect(headers['X-Content-Type-Options']).toBe('nosniff');
    expect(headers['Content-Security-Policy']).toBe(contentSecurityPolicy());
  });

  it('names content types of the built renderer', () => {
    expect(contentTypeFor('index.html')).toBe('text/html; charset=utf-8');
    expect(contentTypeFor('a.JS')).toBe('text/javascript; charset=utf-8');
    expect(contentTypeFor('a.css')).toBe('text/css; charset=utf-8');
    expect(contentTypeFor('a.woff2')).toBe('font/woff2');
    expect(contentTypeFor('a.unknown')).toBe('application/octet-stream');
  });

  it('starts the UI on the app origin', () => {
    expect(APP_ENTRY_URL).toBe('app://renderer/index.html');
  });
});
