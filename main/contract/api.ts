// The shape of `window.api`: what preload exposes in Electron and what the development host's
// browser bridge provides. Narrow on purpose: one typed call into the contract, one typed subscription.
import type { Channel, ChannelArgs, ChannelResult, EventName, Events } from './channels';
import type { Result } from './errors';

export interface WorkstationApi {
  invoke<C extends Channel>(channel: C, args: ChannelArgs<C>): Promise<Result<ChannelResult<C>>>;
  /** Subscribe to an event pushed by main; returns the unsubscribe function. */
  on<E extends EventName>(event: E, listener: (payload: Events[E]) => void): () => void;
  /** Where the UI runs: the desktop shell has native file dialogs, the browser host does not. */
  readonly runtime: 'electron' | 'browser-host';
  /** Native picker for files or folders to import (page images, or a catalogue's .xlsx); absent in the browser host (the UI asks for a path). */
  readonly pickImportPaths?: (kind?: ImportPickKind) => Promise<string[]>;
}

/** What the native picker offers: page images and PDFs (and folders), or one Excel catalogue. */
export type ImportPickKind = 'pages' | 'catalogue';

/** Wire protocol of the development host (WebSocket at `/api`, same origin, authenticated by cookie). */
export type HostClientMessage = { id: number; channel: string; args: unknown };
export type HostServerMessage =
  | { id: number; result: Result<unknown> }
  | { event: EventName; payload: unknown };
