// What a view shows from main: loaded once, loaded again when `load` changes (another dossier, another
// limit), on `refresh()`, and, throttled, on the events that say it changed. Answers that come back out of
// order never overwrite a newer one, and a value loaded for an earlier `load` is never shown for a later one.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { EventName, Events } from '../../../main/contract/channels';
import type { AppErrorView, Result } from '../../../main/contract/errors';
import { createThrottle } from '../lib/throttle';
import { api } from './index';
import { useCall, type Call } from './use-call';

/** An event after which the data may have changed; `when` narrows it (this dossier's jobs only). */
export type RefreshOn = { [E in EventName]: { event: E; when?: (payload: Events[E]) => boolean } }[EventName];

export interface DataOptions {
  refreshOn?: readonly RefreshOn[];
  /** At most one reload per interval while events keep coming. */
  throttleMs?: number;
}

export interface Data<T> {
  /** Null until the first answer for the current `load`. */
  value: T | null;
  /** The last load's failure; a value loaded before it stays shown. */
  error: AppErrorView | null;
  refresh(): Promise<void>;
  /** Changes the value in place (an item created or edited here), until the next load. */
  update(change: (value: T) => T): void;
}

interface Loaded<T> {
  load: unknown;
  value: T | null;
  error: AppErrorView | null;
}

const DEFAULT_THROTTLE_MS = 2000;

/**
 * `load` must keep its identity while what it loads stays the same (useCallback): a new `load` is a new
 * question. Errors are shown by the view (ListState), so the calls are quiet; an expired session still
 * opens the sign-in dialog.
 */
export function useData<T>(load: (call: Call) => Promise<Result<T>>, options: DataOptions = {}): Data<T> {
  const call = useCall();
  const [loaded, setLoaded] = useState<Loaded<T>>({ load: null, value: null, error: null });
  const generation = useRef(0);
  const refreshOn = useRef(options.refreshOn ?? []);
  const throttleMs = options.throttleMs ?? DEFAULT_THROTTLE_MS;
  // Which events to listen to is part of the subscription; the `when` filters may change at every render.
  const events = (options.refreshOn ?? []).map((entry) => entry.event).join(' ');

  useEffect(() => {
    refreshOn.current = options.refreshOn ?? [];
  });

  const quietCall = useCallback<Call>((channel, args, callOptions) => call(channel, args, { ...callOptions, quiet: true }), [call]);

  const refresh = useCallback(() => {
    const mine = ++generation.current;
    return load(quietCall).then((result) => {
      if (mine !== generation.current) return;
      setLoaded((current) => {
        const value = current.load === load ? current.value : null;
        return result.ok ? { load, value: result.value, error: null } : { load, value, error: result.error };
      });
    });
  }, [load, quietCall]);

  useEffect(() => {
    void refresh();
    if (!events) return undefined;
    const throttle = createThrottle(() => void refresh(), throttleMs);
    const offs = events.split(' ').map((event) =>
      api.on(event as EventName, (payload: unknown) => {
        const matching = refreshOn.current.filter((entry) => entry.event === event);
        const when = (entry: RefreshOn) => !entry.when || (entry.when as (payload: unknown) => boolean)(payload);
        if (matching.some(when)) throttle.trigger();
      }),
    );
    return () => {
      for (const off of offs) off();
      throttle.cancel();
    };
  }, [refresh, events, throttleMs]);

  const update = useCallback(
    (change: (value: T) => T) =>
      setLoaded((current) => (current.load === load && current.value !== null ? { ...current, value: change(current.value) } : current)),
    [load],
  );

  const current = loaded.load === load ? loaded : { value: null, error: null };
  return { value: current.value, error: current.error, refresh, update };
}
