import Database from 'better-sqlite3';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { migrate, openDatabase, schemaVersion } from '../../../main/storage/database';
import { migration001 } from '../../../main/storage/migrations/001-initial';
import { MIGRATIONS } from '../../../main/storage/migrations';
import { tempDir } from '../../support/temp-dir';

const cleanups: Array<() => void> = [];
afterEach(() => cleanups.splice(0).forEach((f) => f()));

function freshFile(): string {
  const t = tempDir();
  cleanups.push(t.remove);
  return path.join(t.dir, 'db.sqlite');
}

describe('migration 001 (initial schema)', () => {
  it('creates every table as STRICT on an empty database and sets the version', () => {
    const db = new Database(freshFile());
    migrate(db, [migration001]);
    expect(schemaVersion(db)).toBe(1);
    const tables = db.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as Array<{ name: string; sql: string }>;
    expect(tables.map((t) => t.name)).toEqual(['audit_log', 'batches', 'documents', 'dossiers', 'jobs', 'pages', 'users', 'words']);
    for (const t of tables) expect(t.sql).toMatch(/STRICT/);
    db.close();
  });

  it('STRICT tables refuse values of the wrong type', () => {
    const db = openDatabase(freshFile(), [migration001]);
    expect(() =>
      db.prepare("INSERT INTO audit_log (at, user_id, actor, action) VALUES ('t', 'abc', 'a', 'b')").run(),
    ).toThrow(/cannot store TEXT value in INTEGER column/);
    db.close();
  });

  it('refuses roles and page states outside the domain', () => {
    const db = openDatabase(freshFile(), [migration001]);
    expect(() =>
      db.prepare("INSERT INTO users (username, full_name, role, password_hash, created_at) VALUES ('a', 'A', 'admin', 'h', 'now')").run(),
    ).toThrow(/CHECK constraint/);
    db.close();
  });

  it('keeps the audit log append-only', () => {
    const db = openDatabase(freshFile(), [migration001]);
    db.prepare("INSERT INTO audit_log (at, actor, action) VALUES ('t', 'cli:root', 'x')").run();
    expect(() => db.prepare("UPDATE audit_log SET actor = 'someone else'").run()).toThrow(/append-only/);
    expect(() => db.prepare('DELETE FROM audit_log').run()).toThrow(/append-only/);
    expect((db.prepare('SELECT count(*) AS n FROM audit_log').get() as { n: number }).n).toBe(1);
    db.close();
  });

  it('is applied once: reopening does not re-run it', () => {
    const file = freshFile();
    openDatabase(file).close();
    const db = openDatabase(file);
    expect(schemaVersion(db)).toBe(MIGRATIONS.at(-1)?.version);
    db.close();
  });

  it('refuses a database written by a newer version', () => {
    const file = freshFile();
    const db = new Database(file);
    db.pragma('user_version = 999');
    db.close();
    expect(() => openDatabase(file)).toThrow(/newer version/);
  });

  it('uses WAL and foreign keys', () => {
    const db = openDatabase(freshFile());
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(() => db.prepare("INSERT INTO dossiers (batch_id, file_code, title, created_at) VALUES (42, 'A.1', 't', 'now')").run()).toThrow(/FOREIGN KEY/);
    db.close();
  });
});
