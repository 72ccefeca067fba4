import type { UserView } from '../contract/domain';

/**
 * One connected UI: an Electron window's web contents or a browser tab of the development host.
 * The transport creates it after checking the sender; sign-in state lives here, never in the renderer.
 */
export interface Caller {
  readonly id: string;
  user: UserView | null;
  /** When the signed-in person last called anything (ms, the session policy's clock): idle sessions expire. */
  lastActiveMs: number;
}

/** A caller as a transport creates it: nobody signed in yet. */
export function newCaller(id: string): Caller {
  return { id, user: null, lastActiveMs: 0 };
}
