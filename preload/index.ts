// The sandboxed preload: exposes `window.api` (the WorkstationApi) and nothing else. The renderer
// never sees ipcRenderer, its events or `process`; payloads are handed over as plain data.
import { contextBridge, ipcRenderer } from 'electron';
import type { WorkstationApi } from '../main/contract/api';
import { EVENT_NAMES, isChannel, type EventName, type Events } from '../main/contract/channels';
import type { AppErrorView, Result } from '../main/contract/errors';
import { EVENT_CHANNEL, INVOKE_CHANNEL, PICK_IMPORT_PATHS_CHANNEL, type EventMessage } from '../main/shell/ipc-binding';

type Listener = (payload: unknown) => void;
const listeners = new Map<EventName, Set<Listener>>(EVENT_NAMES.map((name) => [name, new Set<Listener>()]));

ipcRenderer.on(EVENT_CHANNEL, (_event, message: EventMessage) => {
  const set = listeners.get(message?.event);
  if (!set) return;
  for (const listener of [...set]) {
    try {
      listener(message.payload);
    } catch (error) {
      console.error('event listener failed', error);
    }
  }
});

function failure(error: AppErrorView): Result<never> {
  return { ok: false, error };
}

const unknownChannel = (channel: unknown): AppErrorView => ({
  code: 'UNKNOWN_CHANNEL',
  message: 'Yêu cầu không hợp lệ.',
  messageEn: 'Unknown channel.',
  subject: String(channel).slice(0, 60),
});

const unreachable: AppErrorView = {
  code: 'INTERNAL',
  message: 'Không liên lạc được với phần xử lý của trạm. Hãy thử lại; nếu vẫn lỗi, khởi động lại ứng dụng.',
  messageEn: 'The workstation service could not be reached. Try again; if it keeps failing, restart the app.',
};

const api: WorkstationApi = {
  runtime: 'electron',
  invoke(channel, args) {
    if (!isChannel(channel)) return Promise.resolve(failure(unknownChannel(channel)));
    return ipcRenderer.invoke(INVOKE_CHANNEL, channel, args).catch(() => failure(unreachable));
  },
  on<E extends EventName>(event: E, listener: (payload: Events[E]) => void): () => void {
    const set = listeners.get(event);
    if (!set || typeof listener !== 'function') return () => undefined;
    const entry = listener as Listener;
    set.add(entry);
    return () => {
      set.delete(entry);
    };
  },
  async pickImportPaths(kind) {
    const paths: unknown = await ipcRenderer.invoke(PICK_IMPORT_PATHS_CHANNEL, kind === 'catalogue' ? 'catalogue' : 'pages');
    return Array.isArray(paths) ? paths.filter((p): p is string => typeof p === 'string') : [];
  },
};

contextBridge.exposeInMainWorld('api', api);
