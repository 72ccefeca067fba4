// Calls into main that never throw: a failure comes back as `{ ok: false }` and, unless the caller
// shows it in place (a form), appears as a Vietnamese (or English) notice.
import { useCallback } from 'react';
import type { Channel, ChannelArgs, ChannelResult } from '../../../main/contract/channels';
import type { Result } from '../../../main/contract/errors';
import { useNotices } from '../app/notices-context';
import { useSession } from '../app/session-context';
import { endsSession, unreachableError } from '../lib/error-text';
import { api } from './index';

export interface CallOptions {
  /** The caller shows the error itself (inline in a form). */
  quiet?: boolean;
}

export type Call = <C extends Channel>(channel: C, args: ChannelArgs<C>, options?: CallOptions) => Promise<Result<ChannelResult<C>>>;

export function useCall(): Call {
  const { pushError } = useNotices();
  const { expire } = useSession();
  return useCallback<Call>(
    async (channel, args, options) => {
      let result;
      try {
        result = await api.invoke(channel, args);
      } catch (error) {
        console.error(`Call ${channel} failed`, error);
        result = { ok: false as const, error: unreachableError() };
      }
      if (!result.ok) {
        if (endsSession(result.error.code)) expire();
        else if (!options?.quiet) pushError(result.error);
      }
      return result;
    },
    [pushError, expire],
  );
}
