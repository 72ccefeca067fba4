import type { UserView } from '../contract/domain';

/**
 * One connected UI: an Electron window's web contents or a browser tab of the development host.
 * The transport creates it after checking the sender; sign-in state lives here, never in the renderer.
 */
export interface Caller {
  readonly id: string;
  user: UserView | null;
}
