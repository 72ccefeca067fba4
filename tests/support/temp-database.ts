// An empty SQLite file in a fresh temp folder, foreign keys on, for the migration tests.
import Database from 'better-sqlite3';
import path from 'node:path';
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
