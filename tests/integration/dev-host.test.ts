import { writeFileSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import sharp from 'sharp';
import WebSocket from 'ws';
import { commandLineActor } from '../../main/accounts/actor';
import type { HostServerMessage } from '../../main/contract/api';
import type { Result } from '../../main/contract/errors';
import { readCookie, secretsEqual, startDevHost, type DevHost } from '../../main/host/dev-host';
import { silentLogger } from '../../main/services/logger';
import { Workstation } from '../../main/services/workstation';
import { tempDir } from '../support/temp-dir';

const INDEX_HTML = '<!doctype html><html lang="vi"><title>Trạm số hóa</title><body>dev-host test</body></html>';

let data: ReturnType<typeof tempDir>;
let renderer: ReturnType<typeof tempDir>;
let station: Workstation;
let host: DevHost;
let cookie: string;
const sockets: WebSocket[] = [];

beforeAll(async () => {
  data = tempDir('sohoa-host-data-');
  renderer = tempDir('sohoa-host-renderer-');
  writeFileSync(path.join(renderer.dir, 'index.html'), INDEX_HTML);
  writeFileSync(path.join(data.dir, 'outside.txt'), 'must not be served');
  station = await Workstation.open({ dataDir: data.dir, runJobs: false, autoRecognize: false, ocrWorkers: 1, scanners: [] });
  host = await startDevHost({ station, rendererDir: renderer.dir, port: 0, logger: silentLogger() });
});

afterAll(async () => {
  for (const ws of sockets) ws.terminate();
  await host?.close();
  await station?.close();
  data?.remove();
  renderer?.remove();
});

/** A raw GET, so that the path reaches the server exactly as written (fetch would normalise it). */
function rawGet(pathname: string, headers: Record<string, string> = {}): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.get({ host: '127.0.0.1', port: host.port, path: pathname, headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
  });
}

/** Opens the API socket; resolves with the socket, or with the HTTP status that refused it. */
function openSocket(options: { cookie?: string; origin?: string; target?: DevHost } = {}): Promise<WebSocket | number> {
  const target = options.target ?? host;
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = options.cookie ? { Cookie: options.cookie } : {};
    const ws = new WebSocket(`ws://127.0.0.1:${target.port}/api`, { headers, ...(options.origin ? { origin: options.origin } : {}) });
    sockets.push(ws);
    ws.once('open', () => resolve(ws));
    ws.once('unexpected-response', (_req, res) => {
      resolve(res.statusCode ?? 0);
      ws.terminate();
    });
    ws.once('error', (error) => {
      if (ws.readyState !== WebSocket.CLOSED) reject(error);
    });
  });
}

async function signedInSocket(): Promise<WebSocket> {
  const ws = await openSocket({ cookie, origin: host.url });
  if (typeof ws === 'number') throw new Error(`socket refused with ${ws}`);
  return ws;
}

let nextId = 1;
function call<T = unknown>(ws: WebSocket, channel: string, args: unknown = {}): Promise<Result<T>> {
  const id = nextId++;
  return new Promise((resolve, reject) => {
    const onMessage = (raw: WebSocket.RawData) => {
      const message = JSON.parse(raw.toString()) as HostServerMessage;
      if ('id' in message && message.id === id) {
        ws.off('message', onMessage);
        resolve(message.result as Result<T>);
      }
    };
    ws.on('message', onMessage);
    ws.once('close', () => reject(new Error('socket closed')));
    ws.send(JSON.stringify({ id, channel, args }));
  });
}

function nextEvent(ws: WebSocket, timeoutMs: number): Promise<HostServerMessage | null> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      ws.off('message', onMessage);
      resolve(null);
    }, timeoutMs);
    const onMessage = (raw: WebSocket.RawData) => {
      const message = JSON.parse(raw.toString()) as HostServerMessage;
      if ('event' in message) {
        clearTimeout(timer);
        ws.off('message', onMessage);
        resolve(message);
      }
    };
    ws.on('message', onMessage);
  });
}

describe('development host', () => {
  it('listens on 127.0.0.1 only', async () => {
    expect(host.url).toBe(`http://127.0.0.1:${host.port}`);
    expect(host.port).toBeGreaterThan(0);
    expect(host.secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    // Another loopback address reaches the same machine but not a socket bound to 127.0.0.1.
    await expect(fetch(`http://127.0.0.2:${host.port}/`)).rejects.toThrow();
  });

  it('refuses everything without the cookie', async () => {
    for (const pathname of ['/', '/index.html', '/page-image/1/thumb']) {
      const res = await fetch(`${host.url}${pathname}`, { redirect: 'manual' });
      expect(res.status, pathname).toBe(401);
      expect(res.headers.get('content-security-policy')).toContain("default-src 'self'");
    }
    expect(await openSocket({ origin: host.url })).toBe(401);
  });

  it('refuses a wrong token', async () => {
    const res = await fetch(`${host.url}/?token=${'A'.repeat(43)}`, { redirect: 'manual' });
    expect(res.status).toBe(401);
    expect(res.headers.get('set-cookie')).toBeNull();
    expect((await fetch(`${host.url}/?token=`, { redirect: 'manual' })).status).toBe(401);
  });

  it('refuses a foreign Host header (DNS rebinding)', async () => {
    expect((await rawGet('/index.html', { Host: 'evil.example:80' })).status).toBe(403);
  });

  it('sets an HttpOnly, SameSite=Strict cookie for the right token and serves the UI with the CSP', async () => {
    const res = await fetch(`${host.url}/?token=${encodeURIComponent(host.secret)}`, { redirect: 'manual' });
    expect([302, 303]).toContain(res.status);
    expect(res.headers.get('location')).toBe('/');
    const setCookie = res.headers.get('set-cookie') ?? '';
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Strict/i);
    expect(setCookie).not.toContain(host.secret);
    cookie = setCookie.split(';')[0] ?? '';
    expect(cookie).toMatch(/^[a-z_]+=.+/);

    const page = await fetch(`${host.url}/`, { headers: { Cookie: cookie } });
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(page.headers.get('x-content-type-options')).toBe('nosniff');
    const csp = page.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("object-src 'none'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain(`connect-src 'self' ws://127.0.0.1:${host.port}`);
    expect(await page.text()).toBe(INDEX_HTML);

    const index = await fetch(`${host.url}/index.html`, { headers: { Cookie: cookie } });
    expect(index.status).toBe(200);
  });

  it('serves nothing outside the renderer folder and no listings, even with the cookie', async () => {
    const headers = { Cookie: cookie };
    for (const pathname of ['/../outside.txt', '/..%2foutside.txt', '/%2e%2e/%2e%2e/etc/passwd', '/assets/', '/missing.js']) {
      const res = await rawGet(pathname, headers);
      expect(res.status, pathname).toBe(404);
      expect(res.body).not.toContain('must not be served');
    }
    // Page images are not even looked up before someone of this browser session signs in.
    for (const pathname of ['/page-image/999/thumb', '/page-image/1/master', '/page-tiles/1/0/page.dzi']) {
      expect((await rawGet(pathname, headers)).status, pathname).toBe(401);
    }
  });

  it('refuses the socket from a foreign Origin or without an Origin', async () => {
    expect(await openSocket({ cookie, origin: 'http://evil.example' })).toBe(403);
    expect(await openSocket({ cookie, origin: `http://127.0.0.1:${host.port + 1}` })).toBe(403);
    expect(await openSocket({ cookie })).toBe(403);
  });

  it('carries the contract with the same validation and role checks as Electron', async () => {
    const ws = await signedInSocket();

    const session = await call<{ user: unknown; needsFirstSupervisor: boolean }>(ws, 'session:get');
    expect(session).toEqual({ ok: true, value: { user: null, needsFirstSupervisor: true } });

    expect((await call(ws, 'batch:list')).ok).toBe(false);

    const weak = await call(ws, 'auth:setup', { username: 'giamsat', fullName: 'Nguyễn Văn A', password: 'ngan' });
    expect(weak.ok).toBe(false);
    if (!weak.ok) {
      expect(weak.error.code).toBe('VALIDATION');
      expect(weak.error.message).toMatch(/Mật khẩu cần ít nhất 10 ký tự/);
    }

    const setup = await call<{ username: string; role: string }>(ws, 'auth:setup', {
      username: 'giamsat',
      fullName: 'Nguyễn Văn A',
      password: 'mat-khau-du-dai-2025',
    });
    expect(setup.ok).toBe(true);
    if (setup.ok) expect(setup.value).toMatchObject({ username: 'giamsat', role: 'supervisor' });

    const batch = await call<{ id: number; name: string }>(ws, 'batch:create', { name: 'Lô thử nghiệm 1' });
    expect(batch.ok).toBe(true);
    const batchId = batch.ok ? batch.value.id : 0;

    const reviewer = await call(ws, 'user:create', {
      username: 'kiemtra',
      fullName: 'Trần Thị B',
      password: 'mat-khau-kiem-tra-1',
      role: 'reviewer',
    });
    expect(reviewer.ok).toBe(true);

    const unknown = await call(ws, 'nope:nothing');
    expect(unknown.ok).toBe(false);
    if (!unknown.ok) expect(unknown.error.code).toBe('UNKNOWN_CHANNEL');

    // A new connection is a new caller: not signed in until it logs in itself.
    const second = await signedInSocket();
    const anonymous = await call(second, 'batch:list');
    expect(anonymous.ok).toBe(false);
    if (!anonymous.ok) expect(anonymous.error.code).toBe('UNAUTHENTICATED');

    const login = await call<{ role: string }>(second, 'auth:login', { username: 'kiemtra', password: 'mat-khau-kiem-tra-1' });
    expect(login.ok).toBe(true);
    if (login.ok) expect(login.value.role).toBe('reviewer');

    const forbidden = await call(second, 'dossier:create', { batchId, fileCode: 'H49.64.33.2001.160', title: 'Hồ sơ thử' });
    expect(forbidden.ok).toBe(false);
    if (!forbidden.ok) {
      expect(forbidden.error.code).toBe('FORBIDDEN');
      expect(forbidden.error.message).toMatch(/không được phép/);
    }
    expect((await call(second, 'batch:list')).ok).toBe(true);
  });

  it('forwards events to signed-in connections only', async () => {
    const signedIn = await signedInSocket();
    expect((await call(signedIn, 'auth:login', { username: 'giamsat', password: 'mat-khau-du-dai-2025' })).ok).toBe(true);
    const anonymous = await signedInSocket();

    const received = nextEvent(signedIn, 2000);
    const leaked = nextEvent(anonymous, 300);
    station.events.emit('dossier:changed', { dossierId: 42 });
    expect(await received).toEqual({ event: 'dossier:changed', payload: { dossierId: 42 } });
    expect(await leaked).toBeNull();
  });

  it('closes a socket that sends something other than a contract message', async () => {
    const ws = await signedInSocket();
    const code = await new Promise<number>((resolve) => {
      ws.once('close', (closeCode) => resolve(closeCode));
      ws.send('this is not json');
    });
    expect(code).toBe(1008);
  });
});

/** A new browser session: redeems the token, returns its cookie (`name=value`). */
async function redeem(target: DevHost = host): Promise<string> {
  const res = await fetch(`${target.url}/?token=${encodeURIComponent(target.secret)}`, { redirect: 'manual' });
  return (res.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
}

async function sessionSocket(sessionCookie: string, target: DevHost = host): Promise<WebSocket> {
  const ws = await openSocket({ cookie: sessionCookie, origin: target.url, target });
  if (typeof ws === 'number') throw new Error(`socket refused with ${ws}`);
  return ws;
}

async function imageStatus(pathname: string, sessionCookie: string, target: DevHost = host): Promise<{ status: number; type: string | null }> {
  const res = await fetch(`${target.url}${pathname}`, { headers: { Cookie: sessionCookie } });
  await res.arrayBuffer();
  return { status: res.status, type: res.headers.get('content-type') };
}

/** One real page in the store (imported as the command line would), for the image routes. */
async function importOnePage(target: Workstation): Promise<number> {
  const png = path.join(data.dir, 'trang.png');
  await sharp({ create: { width: 240, height: 320, channels: 3, background: '#f4f1e8' } }).png().toFile(png);
  const dossier = target.records.createDossier(target.records.createBatch('Lô ảnh', null).id, `H49.64.33.2026.${Math.floor(Math.random() * 1e6)}`, 'Hồ sơ ảnh');
  target.jobs.start();
  target.jobControl.startImport(commandLineActor('tester'), dossier.id, [png]);
  await target.jobs.idle();
  const page = target.records.listPages(dossier.id)[0];
  if (!page) throw new Error('no page imported');
  return page.id;
}

describe('page images and tiles', () => {
  let pageId = 0;
  beforeAll(async () => {
    pageId = await importOnePage(station);
  });

  it('are served to a browser session only while one of its connections is signed in', async () => {
    const thumb = `/page-image/${pageId}/thumb`;
    const tiles = `/page-tiles/${pageId}/0/page.dzi`;
    const first = await redeem();
    expect((await fetch(`${host.url}/`, { headers: { Cookie: first } })).status).toBe(200);
    expect((await imageStatus(thumb, first)).status).toBe(401);

    const ws = await sessionSocket(first);
    expect((await imageStatus(thumb, first)).status).toBe(401);
    expect((await call(ws, 'auth:login', { username: 'kiemtra', password: 'mat-khau-kiem-tra-1' })).ok).toBe(true);
    expect(await imageStatus(thumb, first)).toEqual({ status: 200, type: 'image/jpeg' });
    expect(await imageStatus(`/page-image/${pageId}/master`, first)).toEqual({ status: 200, type: 'image/jpeg' });
    expect((await imageStatus(tiles, first)).status).toBe(200);

    // Another redemption of the token is another browser: it does not inherit the sign-in.
    const second = await redeem();
    expect(second).not.toBe(first);
    expect((await imageStatus(thumb, second)).status).toBe(401);
    const other = await sessionSocket(second);
    expect(await call(other, 'session:get')).toMatchObject({ ok: true, value: { user: null } });
    expect((await imageStatus(thumb, second)).status).toBe(401);

    expect((await call(ws, 'auth:logout')).ok).toBe(true);
    expect((await imageStatus(thumb, first)).status).toBe(401);
    expect((await imageStatus(tiles, first)).status).toBe(401);

    // A closed tab takes its sign-in with it.
    expect((await call(ws, 'auth:login', { username: 'kiemtra', password: 'mat-khau-kiem-tra-1' })).ok).toBe(true);
    expect((await imageStatus(thumb, first)).status).toBe(200);
    await new Promise<void>((resolve) => {
      ws.once('close', () => resolve());
      ws.close();
    });
    await expect.poll(async () => (await imageStatus(thumb, first)).status).toBe(401);
  });

  it('stop with the session when it expires', async () => {
    const clock = { now: Date.parse('2026-03-02T08:00:00Z') };
    const idleData = tempDir('sohoa-host-idle-');
    const idleStation = await Workstation.open({ dataDir: idleData.dir, runJobs: false, autoRecognize: false, ocrWorkers: 1, scanners: [], sessionIdleMs: 30 * 60_000, clock: () => clock.now });
    const idleHost = await startDevHost({ station: idleStation, rendererDir: renderer.dir, port: 0, logger: silentLogger() });
    try {
      const id = await importOnePage(idleStation);
      const browser = await redeem(idleHost);
      const ws = await sessionSocket(browser, idleHost);
      expect((await call(ws, 'auth:setup', { username: 'giamsat', fullName: 'Nguyễn Văn A', password: 'mat-khau-du-dai-2025' })).ok).toBe(true);
      expect((await imageStatus(`/page-image/${id}/thumb`, browser, idleHost)).status).toBe(200);
      clock.now += 31 * 60_000;
      expect((await imageStatus(`/page-image/${id}/thumb`, browser, idleHost)).status).toBe(401);
      expect(await call(ws, 'batch:list')).toMatchObject({ ok: false, error: { code: 'SESSION_EXPIRED' } });
    } finally {
      await idleHost.close();
      await idleStation.close();
      idleData.remove();
    }
  });
});

describe('dev host helpers', () => {
  it('compares secrets in full', () => {
    expect(secretsEqual('abc', 'abc')).toBe(true);
    expect(secretsEqual('abd', 'abc')).toBe(false);
    expect(secretsEqual('ab', 'abc')).toBe(false);
    expect(secretsEqual(undefined, 'abc')).toBe(false);
    expect(secretsEqual(null, 'abc')).toBe(false);
  });

  it('reads one cookie from a Cookie header', () => {
    expect(readCookie('a=1; sohoa_host=xyz; b=2', 'sohoa_host')).toBe('xyz');
    expect(readCookie('sohoa_hostx=1', 'sohoa_host')).toBeUndefined();
    expect(readCookie(undefined, 'sohoa_host')).toBeUndefined();
  });
});
