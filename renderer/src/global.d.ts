// `window.api` is exposed by the Electron preload; in the browser host it is absent.
import type { WorkstationApi } from '../../main/contract/api';

declare global {
  interface Window {
    api?: WorkstationApi;
  }
}

export {};
