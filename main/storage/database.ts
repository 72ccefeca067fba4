import { chmodSync, existsSync, writeFileSync } from 'node:fs';
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
 *
 * `readOnly` opens an existing file without migrating it and without any write (read-only commands such
 * as `sohoa status`): the caller migrates through a writable connection first when it must.
 */
export function openDatabase(file: string, migrations: readonly Migration[] = MIGRATIONS, options: { readOnly?: boolean } = {}): Db {
  // Inside Electron the launcher supplies a better-sqlite3 build for Electron's ABI (see main/launch.ts).
  const nativeBinding = process.versions.electron ? process.env.SOHOA_SQLITE_BINDING : undefined;
  if (options.readOnly) {
    const db = new Database(file, { readonly: true, fileMustExist: true, ...(nativeBinding ? { nativeBinding } : {}) });
    db.pragma('foreign_keys = ON');
    db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    return db;
  }
  if (file !== ':memory:') makePrivate(file);
  const db = new Database(file, nativeBinding ? { nativeBinding } : {});
  db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  migrate(db, migrations);
  return db;
}

/**
 * The database holds password hashes and every record: owner-only (0600). SQLite gives its -wal and -shm
 * files the main file's mode, so the main file is created private before SQLite first opens it.
 */
function makePrivate(file: string): void {
  if (process.platform === 'win32') return;
  if (!existsSync(file)) writeFileSync(file, '', { mode: 0o600, flag: 'wx' });
  for (const f of [file, `${file}-wal`, `${file}-shm`]) {
    if (existsSync(f)) chmodSync(f, 0o600);
  }
}

export function schemaVersion(db: Db): number {
  return db.pragma('user_version', { simple: true }) as number;
}

/** The database is older than this program's schema (a writable connection must migrate it). */
export function needsMigration(db: Db, migrations: readonly Migration[] = MIGRATIONS): boolean {
  return schemaVersion(db) < (migrations.at(-1)?.version ?? 0);
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
    const foreignKeys = db.pragma('foreign_keys', { simple: true }) as 0 | 1;
    if (migration.rebuildsTables) db.pragma('foreign_keys = OFF');
    try {
      db.transaction(() => {
        if (schemaVersion(db) >= migration.version) return;
        db.exec(migration.up);
        migration.run?.(db);
        if (migration.rebuildsTables && (db.pragma('foreign_key_check') as unknown[]).length > 0) {
          throw new Error(`migration ${migration.version} (${migration.name}) left rows whose foreign keys point nowhere`);
        }
        db.pragma(`user_version = ${migration.version}`);
      }).immediate();
    } finally {
      if (migration.rebuildsTables) db.pragma(`foreign_keys = ${foreignKeys}`);
    }
  }
}

export function nowIso(): string {
  return new Date().toISOString();
}
