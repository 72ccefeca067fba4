import { randomBytes } from 'node:crypto';
import { EventEmitter } from 'node:events';
import os from 'node:os';
import { nowIso, type Db } from './database';

export const DEFAULT_LEASE_TIMEOUT_MS = 30_000;
export const DEFAULT_HEARTBEAT_MS = 5_000;

export interface ProcessLeaseOptions {
  /** A lease not refreshed for this long is dead (its process hung, or died on another host). */
  timeoutMs?: number;
  /** How often the lease is refreshed; well under the timeout. */
  heartbeatMs?: number;
  /** Where a failed heartbeat (a database busy past its wait, a closed database) is reported. */
  onError?: (error: unknown) => void;
}

export interface LeaseRow {
  owner: string;
  pid: number;
  host: string;
  started_at: string;
  heartbeat_at: number;
}

/** A lease as `sohoa status` shows it. */
export interface LeaseView {
  owner: string;
  pid: number;
  host: string;
  startedAt: string;
  heartbeatAt: string;
  alive: boolean;
}

// Owner ids also name folders (`<data>/pages/tmp/<owner>`), so the host is reduced to safe characters.
const OWNER_ID = /^[0-9a-f]{12}-[0-9]+-[A-Za-z0-9._-]{1,40}$/;

/** Whether a name is an owner id (a temp folder of some process) rather than a file left by an older version. */
export function isOwnerId(name: string): boolean {
  return OWNER_ID.test(name);
}

/** Whether a process with this pid exists on this machine (EPERM: it exists, it is another user's). */
function processExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * This process's claim on the things it holds in a store several processes share (the app, the CLI and
 * the development host on one data folder): its running jobs and its temp folder. The claim is a row in
 * `process_leases` refreshed every few seconds and deleted on a clean close. Another process may take
 * over what a *dead* owner held: one whose heartbeat is older than the timeout, or, on the same host,
 * whose pid is gone — so a kill -9 is noticed at once on the same machine and a hung or remote one after
 * the timeout. Nothing a live owner holds is cleaned or requeued.
 */
export class ProcessLease extends EventEmitter<{ beat: [] }> {
  readonly owner: string;
  readonly pid = process.pid;
  readonly host = os.hostname();
  readonly timeoutMs: number;
  private readonly heartbeatMs: number;
  private readonly onError: (error: unknown) => void;
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly db: Db,
    options: ProcessLeaseOptions = {},
  ) {
    super();
    this.timeoutMs = options.timeoutMs ?? DEFAULT_LEASE_TIMEOUT_MS;
    this.heartbeatMs = options.heartbeatMs ?? DEFAULT_HEARTBEAT_MS;
    this.onError = options.onError ?? (() => {});
    const host = this.host.replace(/[^A-Za-z0-9._-]/g, '_').slice(0, 40) || 'host';
    this.owner = `${randomBytes(6).toString('hex')}-${this.pid}-${host}`;
  }

  /** Whether this process holds its lease (read-only commands never take one). */
  get held(): boolean {
    return this.timer !== null;
  }

  /** Registers this process as an owner and starts its heartbeat (which does not keep the process alive). */
  acquire(): void {
    if (this.timer) return;
    this.write();
    this.timer = setInterval(() => this.beat(), this.heartbeatMs);
    this.timer.unref();
  }

  /**
   * Refreshes the lease, then lets the job queue and the temp cleanup look at the other owners. A row
   * deleted meanwhile (another process took this one for dead after a long stall) is written again:
   * what was taken over stays taken over (the job queue notices its jobs are no longer its own).
   */
  beat(): void {
    try {
      const refreshed = this.db.prepare('UPDATE process_leases SET heartbeat_at = ? WHERE owner = ?').run(Date.now(), this.owner).changes;
      if (refreshed === 0) this.write();
      this.emit('beat');
    } catch (error) {
      this.onError(error);
    }
  }

  /** Stops the heartbeat and deletes the lease: a clean close leaves nothing to wait for. */
  release(): void {
    // Never held (a read-only look), or released already (a second close): there is no row to delete.
    if (!this.timer) return;
    clearInterval(this.timer);
    this.timer = null;
    this.db.prepare('DELETE FROM process_leases WHERE owner = ?').run(this.owner);
  }

  /** Whether `owner` is a live process: this one while it holds its lease, or one with a live lease row. */
  isLive(owner: string): boolean {
    if (owner === this.owner) return this.held;
    const row = this.db.prepare('SELECT * FROM process_leases WHERE owner = ?').get(owner) as LeaseRow | undefined;
    return row !== undefined && !this.isDead(row, Date.now());
  }

  /** The owners alive now (read fresh: call it after listing what they might hold). */
  liveOwners(): Set<string> {
    const now = Date.now();
    const live = new Set(this.rows().filter((row) => !this.isDead(row, now)).map((row) => row.owner));
    if (this.held) live.add(this.owner);
    return live;
  }

  /** Deletes the lease rows of dead owners (their jobs, owned by no lease, stay adoptable); returns them. */
  forgetDead(): string[] {
    const now = Date.now();
    if (!this.rows().some((row) => this.isDead(row, now))) return [];
    return this.db
      .transaction(() => {
        const now = Date.now();
        const dead = this.rows().filter((row) => this.isDead(row, now));
        const remove = this.db.prepare('DELETE FROM process_leases WHERE owner = ?');
        for (const row of dead) remove.run(row.owner);
        return dead.map((row) => row.owner);
      })
      .immediate();
  }

  /** Every lease in the store, for `sohoa status`. */
  list(): LeaseView[] {
    const now = Date.now();
    return this.rows().map((row) => ({
      owner: row.owner,
      pid: row.pid,
      host: row.host,
      startedAt: row.started_at,
      heartbeatAt: new Date(row.heartbeat_at).toISOString(),
      alive: !this.isDead(row, now),
    }));
  }

  private rows(): LeaseRow[] {
    return this.db.prepare('SELECT * FROM process_leases ORDER BY started_at').all() as LeaseRow[];
  }

  private isDead(row: LeaseRow, now: number): boolean {
    if (row.owner === this.owner) return !this.held;
    if (now - row.heartbeat_at > this.timeoutMs) return true;
    return row.host === this.host && !processExists(row.pid);
  }

  private write(): void {
    this.db
      .prepare('INSERT INTO process_leases (owner, pid, host, started_at, heartbeat_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (owner) DO UPDATE SET heartbeat_at = excluded.heartbeat_at')
      .run(this.owner, this.pid, this.host, nowIso(), Date.now());
  }
}
