// Per-connection brake on sign-in attempts: one connection's attempts run one after another (sent
// together they still queue), each failure in a row doubling the wait before the next. The account's
// own lock-out (AccountService) stops guessing one password; this makes any guessing over one socket slow.
import { isAppError } from '../contract/errors';
import type { Caller } from './caller';

const FIRST_DELAY_MS = 500;
const MAX_DELAY_MS = 8000;

/** The wait before an attempt that follows `failures` failed ones on the same connection. */
export function connectionDelayMs(failures: number): number {
  return failures <= 0 ? 0 : Math.min(FIRST_DELAY_MS * 2 ** (failures - 1), MAX_DELAY_MS);
}

const sleepFor = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

interface ConnectionAttempts {
  failures: number;
  /** The attempt before, settled either way: the next one starts after it. */
  tail: Promise<unknown>;
}

export class LoginThrottle {
  private readonly connections = new WeakMap<Caller, ConnectionAttempts>();

  constructor(private readonly sleep: (ms: number) => Promise<void> = sleepFor) {}

  attempt<T>(caller: Caller, signIn: () => Promise<T>): Promise<T> {
    const entry = this.connections.get(caller) ?? { failures: 0, tail: Promise.resolve() };
    this.connections.set(caller, entry);
    const result = entry.tail.then(async () => {
      const delay = connectionDelayMs(entry.failures);
      if (delay > 0) await this.sleep(delay);
      try {
        const value = await signIn();
        entry.failures = 0;
        return value;
      } catch (error) {
        if (isAppError(error) && (error.code === 'INVALID_CREDENTIALS' || error.code === 'ACCOUNT_LOCKED')) entry.failures++;
        throw error;
      }
    });
    entry.tail = result.catch(() => undefined);
    return result;
  }
}
