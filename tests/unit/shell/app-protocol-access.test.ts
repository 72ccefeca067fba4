// The Electron app:// handler, driven through a fake `protocol.handle` that captures it: page images and
// tiles only when the window's caller may see them; the renderer's own files always (the sign-in page).
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../../main/contract/errors';
import { silentLogger } from '../../../main/services/logger';
import { pageImageAccessFor, serveAppProtocol, type PageImageAccess } from '../../../main/shell/app-protocol';
import { bindIpc, INVOKE_CHANNEL } from '../../../main/shell/ipc-binding';
import { WorkstationEvents } from '../../../main/services/events';
import { tempDir } from '../../support/temp-dir';

type Handler = (request: Request) => Promise<Response>;

let renderer: ReturnType<typeof tempDir>;
let handler: Handler;
let access: PageImageAccess = 'unauthenticated';
const reads: string[] = [];

beforeAll(() => {
  renderer = tempDir('sohoa-protocol-');
  writeFileSync(path.join(renderer.dir, 'index.html'), '<!doctype html><title>Đăng nhập</title>');
  const protocol = {
    handle: (scheme: string, h: Handler) => {
      expect(scheme).toBe('app');
      handler = h;
    },
  };
  const pageImages = {
    get: async (pageId: number, variant: string) => {
      reads.push(`${pageId}/${variant}`);
      if (pageId === 404) throw new AppError('NOT_FOUND', 'Không tìm thấy trang.', 'No page.');
      return { data: Buffer.from('jpeg'), contentType: 'image/jpeg' };
    },
    tile: async (pageId: number, file: string) => {
      reads.push(`${pageId}/${file}`);
      return { data: Buffer.from('<Image/>'), contentType: 'application/xml' };
    },
  };
  serveAppProtocol(protocol as never, { rendererDir: renderer.dir, pageImages, logger: silentLogger(), pageImageAccess: () => access });
});

afterAll(() => renderer.remove());

const get = (pathname: string) => handler(new Request(`app://renderer${pathname}`));

describe('app:// page images', () => {
  it('refuses page images and tiles without a signed-in caller, without reading them', async () => {
    access = 'unauthenticated';
    reads.length = 0;
    const image = await get('/page-image/7/view');
    expect(image.status).toBe(401);
    expect(await image.text()).toMatch(/Cần đăng nhập/);
    expect((await get('/page-tiles/7/0/page.dzi')).status).toBe(401);
    expect(reads).toEqual([]);
    // The sign-in page itself loads.
    const index = await get('/index.html');
    expect(index.status).toBe(200);
    expect(await index.text()).toContain('Đăng nhập');
  });

  it('refuses a role that may not see them with 403', async () => {
    access = 'forbidden';
    expect((await get('/page-image/7/thumb')).status).toBe(403);
    expect(reads).toEqual([]);
  });

  it('serves them to a signed-in staff caller', async () => {
    access = 'allowed';
    const image = await get('/page-image/7/thumb');
    expect(image.status).toBe(200);
    expect(image.headers.get('content-type')).toBe('image/jpeg');
    expect((await get('/page-tiles/7/0/page.dzi')).status).toBe(200);
    expect((await get('/page-image/404/thumb')).status).toBe(404);
    expect(reads).toEqual(['7/thumb', '7/page.dzi', '404/thumb']);
  });

  it('decides by the person: nobody → 401, every staff role → allowed', () => {
    expect(pageImageAccessFor(null)).toBe('unauthenticated');
    expect(pageImageAccessFor({ role: 'clerk' })).toBe('allowed');
    expect(pageImageAccessFor({ role: 'reviewer' })).toBe('allowed');
    expect(pageImageAccessFor({ role: 'supervisor' })).toBe('allowed');
  });
});

describe('the window caller the protocol asks about', () => {
  it('is the one its IPC calls sign in', async () => {
    const handlers = new Map<string, (event: unknown, ...args: unknown[]) => unknown>();
    const ipcMain = { handle: (name: string, h: (event: unknown, ...args: unknown[]) => unknown) => void handlers.set(name, h), removeHandler: () => undefined };
    const dispatcher = {
      dispatch: async (caller: { user: unknown }) => {
        caller.user = { id: 1, username: 'vanthu', fullName: 'B', role: 'clerk' };
        return { ok: true as const, value: null };
      },
    };
    const binding = bindIpc({ ipcMain, dialog: { showOpenDialog: async () => ({ canceled: true, filePaths: [] }) }, dispatcher, events: new WorkstationEvents(), sessions: { current: (c: { user: unknown }) => c.user }, logger: silentLogger() } as never);
    const contents = { id: 3, once: () => undefined, isDestroyed: () => false, send: () => undefined };
    const window = { webContents: contents };
    binding.attachWindow(window as never);
    expect(binding.callerOf(window as never)).toMatchObject({ id: 'electron:3', user: null });
    await handlers.get(INVOKE_CHANNEL)?.({ sender: contents, senderFrame: { url: 'app://renderer/index.html', parent: null } }, 'auth:login', {});
    expect(binding.callerOf(window as never)?.user).toMatchObject({ username: 'vanthu' });
    expect(binding.callerOf({ webContents: { id: 4 } } as never)).toBeNull();
    binding.dispose();
  });
});
