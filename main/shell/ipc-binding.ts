import type { BrowserWindow, Dialog, IpcMain, IpcMainInvokeEvent, OpenDialogOptions, WebContents, WebFrameMain } from 'electron';
import type { ImportPickKind } from '../contract/api';
import { EVENT_NAMES, type EventName, type Events } from '../contract/channels';
import { AppError, type Result } from '../contract/errors';
import type { SessionPolicy } from '../accounts/session-policy';
import { newCaller, type Caller } from '../ipc/caller';
import type { Dispatcher } from '../ipc/dispatcher';
import type { WorkstationEvents } from '../services/events';
import type { Logger } from '../services/logger';
import { isAppUrl } from './security-guard';

/** The only IPC channels: one call into the contract, one event stream, one native picker. */
export const INVOKE_CHANNEL = 'workstation:invoke';
export const EVENT_CHANNEL = 'workstation:event';
export const PICK_IMPORT_PATHS_CHANNEL = 'workstation:pick-import-paths';

export interface EventMessage<E extends EventName = EventName> {
  event: E;
  payload: Events[E];
}

/** What the import picker offers: the formats the capture service reads. */
export const IMPORT_EXTENSIONS = ['tif', 'tiff', 'png', 'jpg', 'jpeg', 'pdf'] as const;

/**
 * A message is ours only when it comes from the top frame of one of our windows, showing the app
 * origin: not from a subframe, not from a page the window was somehow navigated to.
 */
export function isTrustedSender(frame: Pick<WebFrameMain, 'url' | 'parent'> | null, isOurWindow: boolean): boolean {
  return isOurWindow && frame !== null && frame.parent === null && isAppUrl(frame.url);
}

export function badSenderResult(): Result<never> {
  return {
    ok: false,
    error: new AppError(
      'BAD_SENDER',
      'Yêu cầu không đến từ giao diện của trạm nên đã bị từ chối.',
      'The request did not come from the workstation UI and was refused.',
    ).toView(),
  };
}

/**
 * Native dialog options: page files and folders together only where the OS allows both (macOS); one
 * .xlsx file for a catalogue (mục lục hồ sơ).
 */
export function importDialogOptions(platform: NodeJS.Platform, kind: ImportPickKind = 'pages'): OpenDialogOptions {
  if (kind === 'catalogue') {
    return { title: 'Chọn tệp mục lục hồ sơ (Excel)', buttonLabel: 'Nhập', properties: ['openFile'], filters: [{ name: 'Bảng tính Excel', extensions: ['xlsx'] }] };
  }
  return {
    title: 'Chọn ảnh quét hoặc PDF để nhập',
    buttonLabel: 'Nhập',
    properties: platform === 'darwin' ? ['openFile', 'openDirectory', 'multiSelections'] : ['openFile', 'multiSelections'],
    filters: [{ name: 'Ảnh quét và PDF', extensions: [...IMPORT_EXTENSIONS] }],
  };
}

export interface IpcBindingOptions {
  ipcMain: Pick<IpcMain, 'handle' | 'removeHandler'>;
  dialog: Pick<Dialog, 'showOpenDialog'>;
  dispatcher: Pick<Dispatcher, 'dispatch'>;
  events: WorkstationEvents;
  /** Whose session is live: events go only to those. */
  sessions: Pick<SessionPolicy, 'current'>;
  logger: Logger;
}

export interface IpcBinding {
  /** Registers a window as ours: its web contents gets a Caller until it is destroyed. */
  attachWindow(window: BrowserWindow): void;
  /** The caller of an attached window (who is signed in there), or null once it is gone. */
  callerOf(window: BrowserWindow): Caller | null;
  dispose(): void;
}

interface Attached {
  window: BrowserWindow;
  contents: WebContents;
  caller: Caller;
}

export function bindIpc(options: IpcBindingOptions): IpcBinding {
  const { ipcMain, dialog, dispatcher, events, sessions, logger } = options;
  const attached = new Map<number, Attached>();

  const trusted = (event: IpcMainInvokeEvent): Attached | null => {
    const entry = attached.get(event.sender.id);
    const ours = entry !== undefined && entry.contents === event.sender;
    if (!isTrustedSender(event.senderFrame, ours)) {
      logger.warn({ contentsId: event.sender.id }, 'ipc from untrusted sender refused');
      return null;
    }
    return entry ?? null;
  };

  ipcMain.handle(INVOKE_CHANNEL, async (event, channel: unknown, args: unknown) => {
    const entry = trusted(event);
    if (!entry) return badSenderResult();
    return dispatcher.dispatch(entry.caller, channel, args);
  });

  ipcMain.handle(PICK_IMPORT_PATHS_CHANNEL, async (event, kind: unknown): Promise<string[]> => {
    const entry = trusted(event);
    if (!entry) return [];
    const picked = await dialog.showOpenDialog(entry.window, importDialogOptions(process.platform, kind === 'catalogue' ? 'catalogue' : 'pages'));
    return picked.canceled ? [] : picked.filePaths;
  });

  // Events go only to signed-in windows, as in the development host.
  const forwarders = EVENT_NAMES.map((name) => {
    const forward = (payload: Events[typeof name]) => {
      const message: EventMessage = { event: name, payload };
      for (const { contents, caller } of attached.values()) {
        if (sessions.current(caller) && !contents.isDestroyed()) contents.send(EVENT_CHANNEL, message);
      }
    };
    events.on(name, forward);
    return () => events.off(name, forward);
  });

  return {
    attachWindow(window) {
      const contents = window.webContents;
      attached.set(contents.id, { window, contents, caller: newCaller(`electron:${contents.id}`) });
      contents.once('destroyed', () => attached.delete(contents.id));
    },
    callerOf(window) {
      const entry = [...attached.values()].find((a) => a.window === window);
      return entry?.caller ?? null;
    },
    dispose() {
      for (const off of forwarders) off();
      ipcMain.removeHandler(INVOKE_CHANNEL);
      ipcMain.removeHandler(PICK_IMPORT_PATHS_CHANNEL);
      attached.clear();
    },
  };
}
