// The one way the renderer reaches main: the preload's `window.api` in Electron,
// otherwise the development host's bridge over the same contract.
import type { WorkstationApi } from '../../../main/contract/api';
import { unreachableError } from '../lib/error-text';
import { createHostBridge } from './host-bridge';

/** Answers every call with a readable error, so the UI can say what is wrong instead of going blank. */
function unavailableApi(): WorkstationApi {
  return {
    runtime: 'browser-host',
    invoke: async () => ({ ok: false, error: unreachableError() }),
    on: () => () => undefined,
  };
}

function resolveApi(): WorkstationApi {
  if (window.api) return window.api;
  try {
    return createHostBridge();
  } catch (error) {
    console.error('No workstation API available', error);
    return unavailableApi();
  }
}

export const api: WorkstationApi = resolveApi();
