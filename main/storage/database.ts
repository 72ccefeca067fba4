import Database from 'better-sqlite3';
import { AppError } from '../contract/errors';
import { MIGRATIONS } from './migrations';
import type { Migration } from './migrations/migration';

export type Db = Database.Database;

const BUSY_TIMEOUT_MS = 15_000;

/**
 * Opens (or creates) the workstation database: WAL so readers never block the single writer,
 * foreign keys on, synchronous=FULL because an acknowledged page must survive a power cut.
 *
 * The app, the CLI and the development host may each hold a connection to the same file. A writer
 * waits for another process's write transaction (they last milliseconds) instead of failing with
 * SQLITE_BUSY; the wait is set first, since switching to WAL itself needs the lock. It stays well under
 * a process lease's timeout (main/storage/process-lease.ts): a wait blocks the heartbeat as well.
 */
export function openDatabase(file: string, migrations: readonly Migration[] = MIGRATIONS): Db {
  // Inside Electron the launcher supplies a better-sqlite3 build for Electron's ABI (see main/launch.ts).
  const nativeBinding = process.versions.electron ? process.env.SOHOA_SQLITE_BINDING : undefined;
  const db = new Database(file, nativeBinding ? { nativeBinding } : {});
  db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  migrate(db, migrations);
  return db;
}

export function schemaVersion(db: Db): number {
  return db.pragma('user_version', { simple: true }) as number;
}

/**
 * Applies the migrations newer than the database, each (SQL, then its JS step) in its own transaction
 * with its version bump. Each takes the write lock first and reads the version again inside it: two
 * processes opening an old database at once apply every step once.
 */
export function migrate(db: Db, migrations: readonly Migration[] = MIGRATIONS): void {
  const current = schemaVersion(db);
  const latest = migrations.at(-1)?.version ?? 0;
  if (current > latest) {
    throw new AppError(
      'STORE_INCONSISTENT',
      `Cơ sở dữ liệu thuộc phiên bản phần mềm mới hơn (lược đồ ${current}); hãy cập nhật Trạm số hóa.`,
      `The database was written by a newer version (schema ${current}); update the workstation.`,
    );
  }
  for (const migration of migrations) {
    if (migration.version <= current) continue;
    db.transaction(() => {
      if (schemaVersion(db) >= migration.version) return;
      db.exec(migration.up);
      migration.run?.(db);
      db.pragma(`user_version = ${migration.version}`);
    }).immediate();
  }
}

export function nowIso(): string {
  return new Date().toISOString();
}
