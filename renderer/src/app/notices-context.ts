// Toasts: errors stay until dismissed (a clerk may be looking at paper), information fades.
import { createContext, useContext } from 'react';
import type { AppErrorView } from '../../../main/contract/errors';

export type Notice =
  | { id: number; kind: 'error'; error: AppErrorView; repeat: number }
  | { id: number; kind: 'info'; text: string };

export interface NoticesApi {
  pushError(error: AppErrorView): void;
  pushInfo(text: string): void;
  dismiss(id: number): void;
}

export const NoticesContext = createContext<NoticesApi>({
  pushError: () => undefined,
  pushInfo: () => undefined,
  dismiss: () => undefined,
});

export function useNotices(): NoticesApi {
  return useContext(NoticesContext);
}
