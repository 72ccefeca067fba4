import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import type { HostClientMessage, HostServerMessage } from '../contract/api';
import { EVENT_NAMES, type Events } from '../contract/channels';
import { newCaller, type Caller } from '../ipc/caller';
import { Dispatcher } from '../ipc/dispatcher';
import { createLogger, type Logger } from '../services/logger';
import { defaultDataDir } from '../services/paths';
import { Workstation } from '../services/workstation';
import { contentSecurityPolicy, pageImageAccessFor, readAppResource, securityHeaders, type PageImageAccess } from '../shell/app-protocol';

// The development host: the built renderer in a plain browser, over the same contract and the same
// Dispatcher as the Electron shell. Loopback only, and every request but the first needs a cookie that
// only the holder of the per-run secret (printed on start) can obtain. Each redemption of the secret is
// a browser session of its own (its own cookie); its WebSocket connections are its callers, and page
// images are served to it only while one of them is signed in.

export interface DevHostOptions {
  station: Workstation;
  /** The built renderer (out/renderer). */
  rendererDir: string;
  /** 0 (the default) picks a free port. */
  port?: number;
  logger: Logger;
}

export interface DevHost {
  /** `http://127.0.0.1:<port>`, without the token. */
  url: string;
  port: number;
  /** Open `<url>/?token=<secret>` to receive a session cookie (each opening starts a new browser session). */
  secret: string;
  close(): Promise<void>;
}

const HOST = '127.0.0.1';
const COOKIE_NAME = 'sohoa_host';
const API_PATH = '/api';
/** An import of 10 000 long paths still fits; anything larger is not a UI message. */
const MAX_MESSAGE_BYTES = 16 * 1024 * 1024;

/** Equal-time comparison of two secrets of any length (hashing first makes the lengths equal). */
export function secretsEqual(given: string | undefined | null, expected: string): boolean {
  if (typeof given !== 'string') return false;
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}

/** The value of one cookie from a Cookie header, or undefined. */
export function readCookie(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

export function isClientMessage(value: unknown): value is HostClientMessage {
  if (typeof value !== 'object' || value === null) return false;
  const message = value as Record<string, unknown>;
  return Number.isSafeInteger(message.id) && typeof message.channel === 'string';
}

/** One redemption of the token: a browser with its own cookie, and the sockets it opened. */
interface BrowserSession {
  readonly callers: Set<Caller>;
}

/** Sessions are looked up by a hash of the cookie, so the lookup's timing says nothing about the cookie. */
function sessionKey(cookie: string): string {
  return createHash('sha256').update(cookie).digest('base64url');
}

export async function startDevHost(options: DevHostOptions): Promise<DevHost> {
  const { station, rendererDir, logger } = options;
  const secret = randomBytes(32).toString('base64url');
  // Cookies are further secrets, so the printed token never travels in later requests.
  const sessions = new Map<string, BrowserSession>();
  const dispatcher = new Dispatcher(station, logger);
  const server = http.createServer();
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES });
  const callers = new Map<WebSocket, Caller>();
  let port = 0;
  let headers: Record<string, string> = {};
  let connections = 0;

  // Host names this server answers to; anything else (a rebinding DNS name, say) is refused.
  const allowedHost = (host: string | undefined) => host === `${HOST}:${port}` || host === `localhost:${port}`;
  const sessionOf = (req: http.IncomingMessage): BrowserSession | null => {
    const cookie = readCookie(req.headers.cookie, COOKIE_NAME);
    return cookie ? (sessions.get(sessionKey(cookie)) ?? null) : null;
  };
  /** Page images for a browser session: allowed while one of its connections has a live sign-in. */
  const imageAccess = (session: BrowserSession) => (): PageImageAccess => {
    let access: PageImageAccess = 'unauthenticated';
    for (const caller of session.callers) {
      const decision = pageImageAccessFor(station.sessions.current(caller));
      if (decision === 'allowed') return decision;
      if (decision === 'forbidden') access = decision;
    }
    return access;
  };

  const send = (res: http.ServerResponse, status: number, contentType: string, body: Buffer | string, extra: Record<string, string> = {}) => {
    res.writeHead(status, { ...headers, 'Content-Type': contentType, 'Cache-Control': 'no-store', ...extra });
    res.end(res.req.method === 'HEAD' ? undefined : body);
  };
  const refuse = (res: http.ServerResponse, status: 401 | 403 | 405) => {
    const message = {
      401: 'Chưa xác thực. Hãy mở trạm bằng đường dẫn có mã (token) được in ra khi khởi động máy chủ.',
      403: 'Yêu cầu bị từ chối.',
      405: 'Phương thức không được hỗ trợ.',
    }[status];
    send(res, status, 'text/plain; charset=utf-8', message);
  };

  server.on('request', (req, res) => {
    void handleRequest(req, res).catch((error: unknown) => {
      logger.error({ err: error }, 'dev host request failed');
      if (!res.headersSent) send(res, 500, 'text/plain; charset=utf-8', 'Lỗi máy chủ.');
      else res.destroy();
    });
  });

  async function handleRequest(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    if (!allowedHost(req.headers.host)) return refuse(res, 403);
    if (req.method !== 'GET' && req.method !== 'HEAD') return refuse(res, 405);
    const url = new URL(req.url ?? '/', `http://${HOST}:${port}`);
    if (url.pathname === '/' && url.searchParams.has('token')) {
      if (!secretsEqual(url.searchParams.get('token'), secret)) return refuse(res, 401);
      const cookie = randomBytes(32).toString('base64url');
      sessions.set(sessionKey(cookie), { callers: new Set() });
      res.writeHead(303, {
        ...headers,
        Location: '/',
        'Set-Cookie': `${COOKIE_NAME}=${cookie}; Path=/; HttpOnly; SameSite=Strict`,
        'Cache-Control': 'no-store',
      });
      res.end();
      return;
    }
    const session = sessionOf(req);
    if (!session) return refuse(res, 401);
    const resource = await readAppResource(rendererDir, station.pageImages, url.pathname, logger, imageAccess(session));
    send(res, resource.status, resource.contentType, resource.body);
  }

  server.on('upgrade', (req: http.IncomingMessage, socket: Duplex, head: Buffer) => {
    const deny = (status: string) => {
      socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
    };
    const host = req.headers.host;
    if (!allowedHost(host)) return deny('403 Forbidden');
    const pathname = new URL(req.url ?? '/', `http://${HOST}:${port}`).pathname;
    if (pathname !== API_PATH) return deny('404 Not Found');
    const session = sessionOf(req);
    if (!session) return deny('401 Unauthorized');
    // Cookies ride along on cross-site WebSocket handshakes; only our own page may open the socket.
    if (req.headers.origin !== `http://${host}`) return deny('403 Forbidden');
    wss.handleUpgrade(req, socket, head, (ws) => accept(ws, session));
  });

  function accept(ws: WebSocket, session: BrowserSession): void {
    const caller = newCaller(`host:${++connections}`);
    callers.set(ws, caller);
    session.callers.add(caller);
    ws.on('close', () => {
      callers.delete(ws);
      session.callers.delete(caller);
    });
    ws.on('error', (error) => logger.warn({ err: error, caller: caller.id }, 'host socket error'));
    ws.on('message', (data: RawData, isBinary: boolean) => {
      const message = isBinary ? undefined : parseMessage(data);
      if (!isClientMessage(message)) {
        ws.close(1008, 'invalid message');
        return;
      }
      void dispatcher.dispatch(caller, message.channel, message.args).then((result) => {
        if (ws.readyState === ws.OPEN) ws.send(JSON.stringify({ id: message.id, result } satisfies HostServerMessage));
      });
    });
  }

  // Events go only to signed-in connections, as in the Electron shell.
  const forwarders = EVENT_NAMES.map((event) => {
    const forward = (payload: Events[typeof event]) => {
      const text = JSON.stringify({ event, payload } satisfies HostServerMessage);
      for (const [ws, caller] of callers) {
        if (station.sessions.current(caller) && ws.readyState === ws.OPEN) ws.send(text);
      }
    };
    station.events.on(event, forward);
    return () => station.events.off(event, forward);
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, HOST, () => {
      server.off('error', reject);
      resolve();
    });
  });
  port = (server.address() as AddressInfo).port;
  const url = `http://${HOST}:${port}`;
  headers = securityHeaders(contentSecurityPolicy([`ws://${HOST}:${port}`, `ws://localhost:${port}`]));
  logger.info({ port }, 'dev host listening');

  let closed: Promise<void> | null = null;
  return {
    url,
    port,
    secret,
    close() {
      closed ??= new Promise<void>((resolve) => {
        for (const off of forwarders) off();
        for (const ws of callers.keys()) ws.terminate();
        callers.clear();
        sessions.clear();
        wss.close();
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return closed;
    },
  };
}

function parseMessage(data: RawData): unknown {
  try {
    const text = Array.isArray(data) ? Buffer.concat(data).toString('utf8') : Buffer.from(data as ArrayBuffer).toString('utf8');
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

export interface RunDevHostOptions {
  rendererDir: string;
  env?: NodeJS.ProcessEnv;
  /** Called once the host listens, after the one line with the URL is printed. */
  onReady?: (host: DevHost) => void;
}

/** The port from SOHOA_HOST_PORT (0, the default, picks a free one). */
export function hostPortFromEnv(env: NodeJS.ProcessEnv): number {
  const raw = env.SOHOA_HOST_PORT;
  if (raw === undefined || raw === '') return 0;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    throw new Error(`SOHOA_HOST_PORT must be a port number (0–65535), got "${raw}"`);
  }
  return port;
}

/**
 * The development host as a program: opens the Workstation, serves it, prints one line with the
 * sign-in URL, and closes both cleanly on SIGINT/SIGTERM. Used by host-entry and the launcher.
 */
export async function runDevHost(options: RunDevHostOptions): Promise<DevHost> {
  const env = options.env ?? process.env;
  const port = hostPortFromEnv(env);
  const dataDir = defaultDataDir(env);
  const logger = createLogger(dataDir);
  const station = await Workstation.open({ dataDir, logger });
  let host: DevHost;
  try {
    host = await startDevHost({ station, rendererDir: options.rendererDir, port, logger });
  } catch (error) {
    await station.close();
    throw error;
  }
  process.stdout.write(`Trạm số hóa: ${host.url}/?token=${host.secret}\n`);
  if (env.SOHOA_HOST_INFO) {
    writeFileSync(env.SOHOA_HOST_INFO, JSON.stringify({ url: host.url, port: host.port, secret: host.secret }), { mode: 0o600 });
  }

  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'dev host stopping');
    void host
      .close()
      .then(() => station.close())
      .then(
        () => process.exit(0),
        (error: unknown) => {
          logger.error({ err: error }, 'dev host close failed');
          process.exit(1);
        },
      );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  options.onReady?.(host);
  return host;
}
