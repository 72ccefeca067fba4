// `window.api` for the browser: the same contract as the Electron preload, carried over a WebSocket
// to the development host at `/api` on this page's origin (authenticated by the host's cookie).
import type { HostClientMessage, HostServerMessage, WorkstationApi } from '../../../main/contract/api';
import { EVENT_NAMES, isChannel, type EventName, type Events } from '../../../main/contract/channels';
import type { AppErrorView, Result } from '../../../main/contract/errors';

type Listener = (payload: unknown) => void;

const RETRY_FIRST_MS = 500;
const RETRY_MAX_MS = 10_000;

const connectionLost = (): AppErrorView => ({
  code: 'INTERNAL',
  message: 'Mất kết nối với trạm; yêu cầu có thể chưa được thực hiện. Dữ liệu đã lưu không bị mất. Hãy thử lại sau giây lát.',
  messageEn: 'Lost the connection to the workstation; the request may not have been carried out. Saved data is intact. Try again in a moment.',
});

const unknownChannel = (channel: unknown): AppErrorView => ({
  code: 'UNKNOWN_CHANNEL',
  message: 'Yêu cầu không hợp lệ.',
  messageEn: 'Unknown channel.',
  subject: String(channel).slice(0, 60),
});

function apiUrl(location: Location): string {
  return `${location.protocol === 'https:' ? 'wss:' : 'ws:'}//${location.host}/api`;
}

function isEventName(value: unknown): value is EventName {
  return (EVENT_NAMES as readonly unknown[]).includes(value);
}

export function createHostBridge(): WorkstationApi {
  const url = apiUrl(window.location);
  const pending = new Map<number, (result: Result<unknown>) => void>();
  /** Calls made while the socket is (re)connecting, sent once it opens. */
  const queued: string[] = [];
  const listeners = new Map<EventName, Set<Listener>>(EVENT_NAMES.map((name) => [name, new Set<Listener>()]));
  let socket: WebSocket | null = null;
  let nextId = 1;
  let retryMs = RETRY_FIRST_MS;

  const failAll = () => {
    const waiting = [...pending.values()];
    pending.clear();
    queued.length = 0;
    for (const resolve of waiting) resolve({ ok: false, error: connectionLost() });
  };

  const onMessage = (data: unknown) => {
    let message: HostServerMessage;
    try {
      message = JSON.parse(String(data)) as HostServerMessage;
    } catch {
      return;
    }
    if ('id' in message) {
      const resolve = pending.get(message.id);
      pending.delete(message.id);
      resolve?.(message.result);
    } else if (isEventName(message.event)) {
      for (const listener of [...(listeners.get(message.event) ?? [])]) {
        try {
          listener(message.payload);
        } catch (error) {
          console.error('event listener failed', error);
        }
      }
    }
  };

  const connect = () => {
    const ws = new WebSocket(url);
    socket = ws;
    ws.addEventListener('open', () => {
      retryMs = RETRY_FIRST_MS;
      for (const text of queued.splice(0)) ws.send(text);
    });
    ws.addEventListener('message', (event) => onMessage(event.data));
    ws.addEventListener('close', () => {
      if (socket !== ws) return;
      socket = null;
      // Sent calls cannot be known to have run; queued ones must not wait for a host that may be gone.
      failAll();
      setTimeout(connect, retryMs);
      retryMs = Math.min(retryMs * 2, RETRY_MAX_MS);
    });
  };

  connect();

  return {
    runtime: 'browser-host',
    invoke(channel, args) {
      if (!isChannel(channel)) return Promise.resolve({ ok: false, error: unknownChannel(channel) });
      return new Promise((resolve) => {
        const id = nextId++;
        const text = JSON.stringify({ id, channel, args } satisfies HostClientMessage);
        pending.set(id, resolve as (result: Result<unknown>) => void);
        if (socket?.readyState === WebSocket.OPEN) socket.send(text);
        else queued.push(text);
      });
    },
    on<E extends EventName>(event: E, listener: (payload: Events[E]) => void): () => void {
      const set = listeners.get(event);
      if (!set) return () => undefined;
      const entry = listener as Listener;
      set.add(entry);
      return () => {
        set.delete(entry);
      };
    },
  };
}
