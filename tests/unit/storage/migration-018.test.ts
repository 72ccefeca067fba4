import { afterEach, describe, expect, it } from 'vitest';
import { schemaVersion } from '../../../main/storage/database';
import { storeBefore } from '../../support/temp-database';

const cleanups: Array<() => void> = [];
afterEach(() => cleanups.splice(0).forEach((f) => f()));

/** Jobs of every kind the old CHECK allowed, with every column set, and a table that references jobs. */
function oldStore(cleanup: typeof cleanups) {
  const store = storeBefore(18, cleanup);
  const { db } = store;
  db.exec(`
    INSERT INTO users (username, full_name, role, password_hash, created_at) VALUES ('lan.pt', 'Lan', 'clerk', 'h', 't');
    INSERT INTO batches (name, created_at) VALUES ('Lô', 't');
    INSERT INTO dossiers (batch_id, file_code, title, created_at) VALUES (1, 'H49.1.2', 'Hồ sơ', 't');
    INSERT INTO jobs (kind, state, dossier_id, payload, done, total, error, warnings, result, attempts, user_id, actor, created_at, started_at, finished_at, owner, heartbeat_at, cancel_requested)
      VALUES ('import', 'done', 1, '{"paths":["a"]}', 3, 3, NULL, '[{"code":"IMAGE_CORRUPT"}]', '{"pagesAdded":3}', 1, 1, 'lan.pt', 't1', 't2', 't3', 'abc-1-h', 1700000000000, 0),
             ('ocr', 'running', 1, '{}', 1, 4, NULL, '[]', NULL, 2, NULL, 'system', 't4', 't5', NULL, 'abc-1-h', 1700000000001, 1),
             ('export', 'failed', 1, '{}', 0, 1, '{"code":"DISK_FULL"}', '[]', NULL, 1, 1, 'lan.pt', 't6', 't7', 't8', NULL, NULL, 0),
             ('scan', 'queued', NULL, '{"deviceId":"sane:test:0"}', 0, 0, NULL, '[]', NULL, 0, NULL, 'cli:an', 't9', NULL, NULL, NULL, NULL, 0);
    -- A table that references jobs, as a later step may add (documents.import_job_id has no REFERENCES today).
    CREATE TABLE job_notes (id INTEGER PRIMARY KEY, job_id INTEGER NOT NULL REFERENCES jobs(id) ON DELETE CASCADE, note TEXT NOT NULL) STRICT;
    INSERT INTO job_notes (job_id, note) VALUES (1, 'first'), (3, 'third');
  `);
  return store;
}

describe('migration 018 (open job kinds)', () => {
  it('keeps every job row, column by column, its indexes and its other checks, and drops only the list of kinds', () => {
    const { db, upgrade } = oldStore(cleanups);
    expect(() => db.prepare("INSERT INTO jobs (kind, state, payload, actor, created_at) VALUES ('checksum', 'queued', '{}', 'x', 't')").run()).toThrow(/CHECK/);
    const rows = db.prepare('SELECT * FROM jobs ORDER BY id').all();

    upgrade();
    expect(db.prepare('SELECT * FROM jobs ORDER BY id').all()).toEqual(rows);
    const indexes = db.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'jobs' ORDER BY name").all();
    expect(indexes).toEqual([
      { name: 'jobs_owner', sql: 'CREATE INDEX jobs_owner ON jobs(owner, state)' },
      { name: 'jobs_state', sql: 'CREATE INDEX jobs_state ON jobs(state)' },
    ]);
    expect(db.prepare("SELECT count(*) FROM sqlite_master WHERE name = 'jobs_new'").pluck().get()).toBe(0);

    // A kind no migration ever named is stored; the shape of a kind, the states and the flags are still checked.
    db.prepare("INSERT INTO jobs (kind, state, payload, actor, created_at) VALUES ('checksum', 'queued', '{}', 'x', 't')").run();
    expect(() => db.prepare("INSERT INTO jobs (kind, state, payload, actor, created_at) VALUES ('', 'queued', '{}', 'x', 't')").run()).toThrow(/CHECK/);
    expect(() => db.prepare("INSERT INTO jobs (kind, state, payload, actor, created_at) VALUES ('ocr', 'paused', '{}', 'x', 't')").run()).toThrow(/CHECK/);
    expect(() => db.prepare('UPDATE jobs SET cancel_requested = 2 WHERE id = 1').run()).toThrow(/CHECK/);
    expect(() => db.prepare("INSERT INTO jobs (kind, state, dossier_id, payload, actor, created_at) VALUES ('ocr', 'queued', 99, '{}', 'x', 't')").run()).toThrow(/FOREIGN KEY/);
  });

  it('leaves the tables that reference jobs with their rows and a reference that still holds, foreign keys back on', () => {
    const { db, upgrade } = oldStore(cleanups);
    upgrade();
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.prepare('SELECT job_id, note FROM job_notes ORDER BY id').all()).toEqual([{ job_id: 1, note: 'first' }, { job_id: 3, note: 'third' }]);
    const references = (db.prepare('PRAGMA foreign_key_list(job_notes)').all() as Array<{ table: string; from: string }>).map((fk) => `${fk.from}→${fk.table}`);
    expect(references).toEqual(['job_id→jobs']);
    expect(() => db.prepare("INSERT INTO job_notes (job_id, note) VALUES (99, 'nowhere')").run()).toThrow(/FOREIGN KEY/);
    db.prepare('DELETE FROM jobs WHERE id = 1').run();
    expect(db.prepare('SELECT job_id FROM job_notes').pluck().all()).toEqual([3]);
  });

  it('refuses to commit over rows whose reference points nowhere, and rolls back with foreign keys back on', () => {
    const { db, upgrade } = oldStore(cleanups);
    db.pragma('foreign_keys = OFF');
    db.prepare("INSERT INTO job_notes (job_id, note) VALUES (42, 'dangling')").run();
    db.pragma('foreign_keys = ON');
    expect(upgrade).toThrow(/foreign keys point nowhere/);
    expect(schemaVersion(db)).toBeLessThan(18);
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.prepare("SELECT sql FROM sqlite_master WHERE name = 'jobs'").pluck().get()).toMatch(/kind IN \('import', 'ocr', 'export', 'scan'\)/);
  });
});
