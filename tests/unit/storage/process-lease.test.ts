import { spawnSync } from 'node:child_process';
import os from 'node:os';
import { afterEach, describe, expect, it } from 'vitest';
import { type Db } from '../../../main/storage/database';
import { ProcessLease, isOwnerId } from '../../../main/storage/process-lease';
import { tempStore } from '../../support/temp-records';

const cleanups: Array<() => void> = [];
afterEach(() => cleanups.splice(0).forEach((f) => f()));

function database(): Db {
  return tempStore(cleanups).db;
}

function lease(db: Db, options: ConstructorParameters<typeof ProcessLease>[1] = {}): ProcessLease {
  const l = new ProcessLease(db, options);
  cleanups.unshift(() => l.release());
  return l;
}

function fakeLease(db: Db, owner: string, pid: number, host: string, heartbeatAgoMs: number): void {
  db.prepare("INSERT INTO process_leases (owner, pid, host, started_at, heartbeat_at) VALUES (?, ?, ?, 't', ?)").run(owner, pid, host, Date.now() - heartbeatAgoMs);
}

describe('ProcessLease', () => {
  it('registers this process with a heartbeat and removes itself on a clean close', () => {
    const db = database();
    const mine = lease(db);
    expect(isOwnerId(mine.owner)).toBe(true);
    expect(mine.owner).toContain(`-${process.pid}-`);
    expect(mine.held).toBe(false);
    expect(mine.liveOwners()).toEqual(new Set());
    mine.acquire();
    expect(mine.held).toBe(true);
    expect(db.prepare('SELECT pid, host FROM process_leases WHERE owner = ?').get(mine.owner)).toEqual({ pid: process.pid, host: os.hostname() });
    expect(mine.liveOwners()).toEqual(new Set([mine.owner]));
    mine.release();
    expect(db.prepare('SELECT count(*) AS n FROM process_leases').get()).toEqual({ n: 0 });
  });

  it('tells live owners from dead ones: pid gone on this host, heartbeat too old anywhere', () => {
    const db = database();
    const mine = lease(db, { timeoutMs: 30_000 });
    mine.acquire();
    const gone = spawnSync(process.execPath, ['-e', '']).pid!;
    fakeLease(db, 'killed', gone, os.hostname(), 0);
    fakeLease(db, 'alive-here', process.pid, os.hostname(), 1000);
    fakeLease(db, 'alive-remote', gone, 'another-host', 1000);
    fakeLease(db, 'stale-remote', process.pid, 'another-host', 31_000);
    expect(mine.liveOwners()).toEqual(new Set([mine.owner, 'alive-here', 'alive-remote']));
    expect(mine.isLive('killed')).toBe(false);
    expect(mine.isLive('stale-remote')).toBe(false);
    expect(mine.isLive('never-registered')).toBe(false);
    expect(mine.isLive('alive-remote')).toBe(true);
    expect(mine.list().find((l) => l.owner === 'killed')).toMatchObject({ pid: gone, alive: false });
    expect(mine.forgetDead().sort()).toEqual(['killed', 'stale-remote']);
    expect((db.prepare('SELECT owner FROM process_leases ORDER BY owner').all() as Array<{ owner: string }>).map((r) => r.owner)).toEqual(
      ['alive-here', 'alive-remote', mine.owner].sort(),
    );
  });

  it('refreshes its heartbeat, and writes its lease again if another process took it for dead', () => {
    const db = database();
    const mine = lease(db);
    mine.acquire();
    db.prepare('UPDATE process_leases SET heartbeat_at = 1 WHERE owner = ?').run(mine.owner);
    let beats = 0;
    mine.on('beat', () => beats++);
    mine.beat();
    const row = db.prepare('SELECT heartbeat_at FROM process_leases WHERE owner = ?').get(mine.owner) as { heartbeat_at: number };
    expect(row.heartbeat_at).toBeGreaterThan(1);
    db.prepare('DELETE FROM process_leases').run();
    mine.beat();
    expect(db.prepare('SELECT count(*) AS n FROM process_leases WHERE owner = ?').get(mine.owner)).toEqual({ n: 1 });
    expect(beats).toBe(2);
  });

  it('reports a failed heartbeat instead of throwing from its timer', () => {
    const db = database();
    const errors: unknown[] = [];
    const mine = new ProcessLease(db, { onError: (e) => errors.push(e) });
    mine.acquire();
    db.exec('DROP TABLE process_leases');
    mine.beat();
    expect(errors).toHaveLength(1);
    db.exec('CREATE TABLE process_leases (owner TEXT PRIMARY KEY, pid INTEGER, host TEXT, started_at TEXT, heartbeat_at INTEGER)');
    mine.release();
  });
});
