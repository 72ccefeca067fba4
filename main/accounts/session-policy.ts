// A signed-in session ends after a while without any call (a workstation left signed in in an open
// office). The Dispatcher asks here before every call; page images ask too, without prolonging it.
import type { UserView } from '../contract/domain';
import type { Caller } from '../ipc/caller';
import { userActor } from './actor';
import type { AuditLog } from './audit-log';

export const DEFAULT_SESSION_IDLE_MINUTES = 30;
const MAX_SESSION_IDLE_MINUTES = 24 * 60;

/** SOHOA_SESSION_IDLE_MINUTES (1–1440; 30 when unset), in milliseconds. */
export function sessionIdleMsFromEnv(env: NodeJS.ProcessEnv): number {
  const raw = env.SOHOA_SESSION_IDLE_MINUTES;
  if (raw === undefined || raw === '') return DEFAULT_SESSION_IDLE_MINUTES * 60_000;
  const minutes = Number(raw);
  if (!Number.isInteger(minutes) || minutes < 1 || minutes > MAX_SESSION_IDLE_MINUTES) {
    throw new Error(`SOHOA_SESSION_IDLE_MINUTES must be a whole number of minutes (1–${MAX_SESSION_IDLE_MINUTES}), got "${raw}"`);
  }
  return minutes * 60_000;
}

export class SessionPolicy {
  constructor(
    private readonly audit: AuditLog,
    readonly idleMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  signIn(caller: Caller, user: UserView): UserView {
    caller.user = user;
    caller.lastActiveMs = this.now();
    return user;
  }

  /** The caller's person while the session is live; null when nobody is signed in or it has gone idle. */
  current(caller: Caller): UserView | null {
    return caller.user && !this.idle(caller) ? caller.user : null;
  }

  /** Signs out a caller idle for longer than allowed (audited); true when it did. */
  expireIfIdle(caller: Caller): boolean {
    if (!caller.user || !this.idle(caller)) return false;
    this.audit.record(userActor(caller.user), 'account.session-expired', `user:${caller.user.id}`, {
      callerId: caller.id,
      idleMinutes: Math.floor((this.now() - caller.lastActiveMs) / 60_000),
    });
    caller.user = null;
    return true;
  }

  /** A call from a live session keeps it alive. */
  touch(caller: Caller): void {
    if (caller.user) caller.lastActiveMs = this.now();
  }

  private idle(caller: Caller): boolean {
    return this.now() - caller.lastActiveMs >= this.idleMs;
  }
}
