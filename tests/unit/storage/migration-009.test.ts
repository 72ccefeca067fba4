import { afterEach, describe, expect, it } from 'vitest';
import { storeBefore } from '../../support/temp-database';

const cleanups: Array<() => void> = [];
afterEach(() => cleanups.splice(0).forEach((f) => f()));

describe('migration 009 (process leases)', () => {
  it('keeps the jobs queued before it, ownerless (the first process that runs jobs adopts them), and adds the leases', () => {
    const { db, upgrade } = storeBefore(9, cleanups);
    db.exec("INSERT INTO jobs (kind, state, payload, actor, created_at) VALUES ('ocr', 'running', '{}', 'cli:an', 't'), ('import', 'done', '{}', 'cli:an', 't')");
    upgrade();
    expect(db.prepare('SELECT kind, state, owner, heartbeat_at, cancel_requested FROM jobs ORDER BY id').all()).toEqual([
      { kind: 'ocr', state: 'running', owner: null, heartbeat_at: null, cancel_requested: 0 },
      { kind: 'import', state: 'done', owner: null, heartbeat_at: null, cancel_requested: 0 },
    ]);
    db.prepare("INSERT INTO process_leases (owner, pid, host, started_at, heartbeat_at) VALUES ('abc-1-h', 4242, 'h', 't', 1700000000000)").run();
    expect(() => db.prepare("INSERT INTO process_leases (owner, pid, host, started_at, heartbeat_at) VALUES ('abc-1-h', 1, 'h', 't', 1)").run()).toThrow(/UNIQUE/);
    expect(() => db.prepare("INSERT INTO process_leases (owner, pid, host, started_at, heartbeat_at) VALUES ('x', 0, 'h', 't', 1)").run()).toThrow(/CHECK/);
    expect(() => db.prepare('UPDATE jobs SET cancel_requested = 2 WHERE id = 1').run()).toThrow(/CHECK/);
  });
});
