// What the signed-in part of the app knows about the session.
import { createContext, useContext } from 'react';
import type { UserView } from '../../../main/contract/domain';

export interface SessionApi {
  user: UserView | null;
  /** Main answered UNAUTHENTICATED or SESSION_EXPIRED: the session ended (idle too long, restart). */
  expire(): void;
}

export const SessionContext = createContext<SessionApi>({ user: null, expire: () => undefined });

export function useSession(): SessionApi {
  return useContext(SessionContext);
}
