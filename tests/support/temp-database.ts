// An empty SQLite file in a fresh temp folder, foreign keys on, for the migration tests, and the store
// just before a given migration.
import Database from 'better-sqlite3';
import path from 'node:path';
import { expect } from 'vitest';
import { migrate, schemaVersion } from '../../main/storage/database';
import { MIGRATIONS } from '../../main/storage/migrations';
import { tempDir } from './temp-dir';

/** Opens the database; `cleanups` gets its closing and the folder's removal. */
export function tempDatabase(cleanups: Array<() => void>): Database.Database {
  const t = tempDir();
  const db = new Database(path.join(t.dir, 'db.sqlite'));
  db.pragma('foreign_keys = ON');
  cleanups.push(() => {
    db.close();
    t.remove();
  });
  return db;
}

/**
 * One batch, dossier and document, and `pages` pages in it (ids 1, 2, …; page n's hash is the n-th letter
 * repeated), with the columns of the first migration: the rows a migration test starts from.
 */
export function insertPages(db: Database.Database, pages = 1): void {
  db.exec(`
    INSERT INTO batches (name, created_at) VALUES ('Lô', 't');
    INSERT INTO dossiers (batch_id, file_code, title, created_at) VALUES (1, 'H49.1.2', 'Hồ sơ', 't');
    INSERT INTO documents (dossier_id, ordinal, source, created_at, updated_at) VALUES (1, 1, 'a', 't', 't');
  `);
  const page = db.prepare("INSERT INTO pages (document_id, ordinal, sha256, format, width, height, dpi, bytes, source, created_at) VALUES (1, ?, ?, 'png', 10, 10, 300, 1, ?, 't')");
  for (let n = 1; n <= pages; n++) {
    const letter = String.fromCharCode(96 + n);
    page.run(n, letter.repeat(64), `${letter}.png`);
  }
}

/**
 * A store whose schema stops just before migration `version` (by number, not position: migrations land
 * out of order), and `upgrade()`, which runs every migration up to `version` and checks that the store
 * says so: what a migration test does around the rows it puts in between.
 */
export function storeBefore(version: number, cleanups: Array<() => void>): { db: Database.Database; upgrade: () => void } {
  const db = tempDatabase(cleanups);
  migrate(db, MIGRATIONS.filter((m) => m.version < version));
  return {
    db,
    upgrade: () => {
      migrate(db, MIGRATIONS.filter((m) => m.version <= version));
      expect(schemaVersion(db)).toBe(version);
    },
  };
}
