import { randomBytes, scrypt as scryptCallback, timingSafeEqual } from 'node:crypto';

// scrypt is memory-hard and ships with Node: no native addon to build for each platform.
// N=2^17, r=8 (OWASP's minimum for scrypt) costs 128 MiB and a few hundred ms per check.
const N = 2 ** 17;
const R = 8;
const P = 1;
const KEY_LENGTH = 32;
/** Stored parameters above these are refused rather than computed: a crafted row must not exhaust memory. */
const MAX_N = 2 ** 18;
const MAX_R = 8;
const MAX_P = 4;
/**
 * Hashes computed at once. Each holds 128·N·r bytes, so many sign-ins at the same moment (or a flood of
 * them) would otherwise take gigabytes; the rest wait their turn.
 */
const MAX_CONCURRENT = 2;

export interface ScryptParameters {
  n: number;
  r: number;
  p: number;
}

export const CURRENT_SCRYPT: Readonly<ScryptParameters> = { n: N, r: R, p: P };

let running = 0;
const waiting: Array<() => void> = [];

async function withSlot<T>(work: () => Promise<T>): Promise<T> {
  if (running >= MAX_CONCURRENT) await new Promise<void>((resolve) => waiting.push(resolve));
  else running++;
  try {
    return await work();
  } finally {
    // The slot passes straight to the next waiter, so `running` counts it without a gap.
    const next = waiting.shift();
    if (next) next();
    else running--;
  }
}

function scrypt(password: string, salt: Buffer, { n, r, p }: ScryptParameters): Promise<Buffer> {
  // maxmem: Node refuses anything above 32 MiB by default; scrypt needs 128·N·r bytes, plus slack.
  return withSlot(
    () =>
      new Promise((resolve, reject) => {
        scryptCallback(password.normalize('NFC'), salt, KEY_LENGTH, { N: n, r, p, maxmem: 128 * n * r * 2 }, (error, key) =>
          error ? reject(error) : resolve(key),
        );
      }),
  );
}

/** `scrypt$N$r$p$salt$key`, base64 parts: parameters travel with the hash so they can be raised later. */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await scrypt(password, salt, CURRENT_SCRYPT);
  return ['scrypt', N, R, P, salt.toString('base64'), key.toString('base64')].join('$');
}

/** The parameters a stored hash was made with, or null when it is not one of ours or out of bounds. */
export function scryptParametersOf(stored: string): ScryptParameters | null {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return null;
  const [n, r, p] = parts.slice(1, 4).map(Number) as [number, number, number];
  const powerOfTwo = Number.isSafeInteger(n) && n > 1 && (n & (n - 1)) === 0;
  if (!powerOfTwo || n > MAX_N || !Number.isInteger(r) || r < 1 || r > MAX_R || !Number.isInteger(p) || p < 1 || p > MAX_P) return null;
  return { n, r, p };
}

/** True when a stored hash is weaker than what `hashPassword` makes now: rehash it at the next sign-in. */
export function needsRehash(stored: string): boolean {
  const params = scryptParametersOf(stored);
  return params === null || params.n < N || params.r < R || params.p < P;
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const params = scryptParametersOf(stored);
  if (!params) return false;
  const parts = stored.split('$');
  const salt = Buffer.from(parts[4] ?? '', 'base64');
  const expected = Buffer.from(parts[5] ?? '', 'base64');
  const actual = await scrypt(password, salt, params);
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}
