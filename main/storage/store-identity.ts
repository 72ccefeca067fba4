// Which page store belongs to which database. A page folder that is briefly not there (moved, an unmounted
// disk, a network drive not up yet) or is another database's must never be "repaired" against this
// database: every missing master would look lost and every blob an orphan. So the store carries a root
// marker naming the database's store id, and nothing is changed unless the marker is there and agrees.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, promises as fs } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { AppError } from '../contract/errors';
import { fileExists } from './blob-store';
import { migrate, needsMigration, nowIso, openDatabase, type Db } from './database';
import { writeFileDurably } from './durable-write';
import { MIGRATIONS } from './migrations';

export const DATABASE_FILE = 'workstation.sqlite';
export const PAGES_FOLDER = 'pages';
/** In the page store's root, beside the blob folders (which are two hex digits, so never this name). */
export const STORE_MARKER = '.sohoa-store.json';

const markerSchema = z.object({
  app: z.literal('tram-so-hoa'),
  format: z.literal(1),
  storeId: z.string().regex(/^[0-9a-f]{32}$/),
  database: z.string(),
  createdAt: z.string(),
});
export type StoreMarker = z.infer<typeof markerSchema>;

type MarkerRead = { kind: 'found'; marker: StoreMarker } | { kind: 'missing'; folderExists: boolean } | { kind: 'unreadable'; cause: unknown };

/**
 * What the open found, before anything was written:
 * - verified: the marker names this database's store id;
 * - marker-pending: the id is recorded but the process that recorded it died before the marker was written;
 * - new: an empty database (a brand-new data folder, or one from before migration 008 with no page);
 * - adopt: a database from before migration 008 whose page folder holds its pages' blobs.
 * The last three get their id and marker at the first writable open.
 */
export type StoreCheck =
  | { kind: 'verified'; storeId: string }
  | { kind: 'marker-pending'; storeId: string }
  | { kind: 'new' }
  | { kind: 'adopt' };

export async function readStoreMarker(pagesDir: string): Promise<MarkerRead> {
  let text: string;
  try {
    text = await fs.readFile(path.join(pagesDir, STORE_MARKER), 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return { kind: 'missing', folderExists: existsSync(pagesDir) };
    return { kind: 'unreadable', cause: error };
  }
  try {
    return { kind: 'found', marker: markerSchema.parse(JSON.parse(text)) };
  } catch (error) {
    return { kind: 'unreadable', cause: error };
  }
}

function pageCount(db: Db): number {
  return (db.prepare('SELECT count(*) AS n FROM pages').get() as { n: number }).n;
}

function hasTable(db: Db, name: string): boolean {
  return db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(name) !== undefined;
}

export function storedIdentity(db: Db): { storeId: string; markerWritten: boolean } | null {
  if (!hasTable(db, 'store_identity')) return null;
  const row = db.prepare('SELECT store_id AS storeId, marker_written AS markerWritten FROM store_identity WHERE id = 1').get() as
    | { storeId: string; markerWritten: 0 | 1 }
    | undefined;
  return row ? { storeId: row.storeId, markerWritten: row.markerWritten === 1 } : null;
}

/** The STORE_UNAVAILABLE error: which folder, what to check, and that nothing was changed. */
export function storeUnavailable(pagesDir: string, whatVi: string, whatEn: string, cause?: unknown): AppError {
  return new AppError(
    'STORE_UNAVAILABLE',
    `Kho ảnh trang «${pagesDir}» không dùng được: ${whatVi} Hãy kiểm tra thư mục có bị chuyển đi hoặc đổi tên không, ` +
      'ổ đĩa chứa nó đã được gắn (mount) chưa, ổ mạng đã kết nối chưa, rồi mở lại Trạm số hóa. ' +
      'Trạm chưa thay đổi gì; dữ liệu đã lưu không bị mất.',
    `The page store «${pagesDir}» is unavailable: ${whatEn} Check whether the folder was moved or renamed, whether its disk is ` +
      'mounted and its network drive connected, then open the workstation again. Nothing was changed; saved data is intact.',
    pagesDir,
    cause === undefined ? undefined : { cause },
  );
}

/**
 * Checks that `pagesDir` is this database's page store, reading only. Throws STORE_UNAVAILABLE when the
 * marker is missing, unreadable or names another store, and, for a database from before the marker, when
 * it has pages but the folder is missing or holds none of their blobs.
 */
export async function checkStoreIdentity(db: Db, pagesDir: string): Promise<StoreCheck> {
  const identity = storedIdentity(db);
  const read = await readStoreMarker(pagesDir);
  if (read.kind === 'unreadable') {
    throw storeUnavailable(pagesDir, `không đọc được tệp nhận dạng kho ${STORE_MARKER}.`, `its marker ${STORE_MARKER} cannot be read.`, read.cause);
  }
  if (identity) {
    if (read.kind === 'found') {
      if (read.marker.storeId === identity.storeId) return { kind: 'verified', storeId: identity.storeId };
      throw storeUnavailable(
        pagesDir,
        `thư mục này là kho của một cơ sở dữ liệu khác (mã kho ${read.marker.storeId}, cơ sở dữ liệu này cần ${identity.storeId}).`,
        `it is another database's store (store id ${read.marker.storeId}, this database's is ${identity.storeId}).`,
      );
    }
    // Killed between recording the id and writing the marker: the folder is there, or nothing needs it yet.
    if (!identity.markerWritten && (read.folderExists || pageCount(db) === 0)) return { kind: 'marker-pending', storeId: identity.storeId };
    throw read.folderExists
      ? storeUnavailable(pagesDir, `thư mục không có tệp nhận dạng kho ${STORE_MARKER}.`, `the folder has no store marker ${STORE_MARKER}.`)
      : storeUnavailable(pagesDir, 'không tìm thấy thư mục.', 'the folder is not there.');
  }
  if (read.kind === 'found') {
    throw storeUnavailable(
      pagesDir,
      `thư mục này là kho của một cơ sở dữ liệu khác (mã kho ${read.marker.storeId}), không phải của cơ sở dữ liệu đang mở.`,
      `it is another database's store (store id ${read.marker.storeId}).`,
    );
  }
  // A database from before the marker: its pages must be found in the folder before it is adopted.
  const shas = hasTable(db, 'pages') ? (db.prepare('SELECT sha256 FROM pages GROUP BY sha256 ORDER BY max(id) DESC').all() as Array<{ sha256: string }>) : [];
  if (shas.length === 0) return { kind: 'new' };
  for (const { sha256 } of shas) {
    if (await fileExists(path.join(pagesDir, sha256.slice(0, 2), sha256))) return { kind: 'adopt' };
  }
  throw read.folderExists
    ? storeUnavailable(
        pagesDir,
        `cơ sở dữ liệu có ${shas.length} bản quét nhưng thư mục không chứa bản nào trong số đó.`,
        `the database names ${shas.length} scans and the folder holds none of them.`,
      )
    : storeUnavailable(pagesDir, 'không tìm thấy thư mục.', 'the folder is not there.');
}

/**
 * Gives a new or adopted store its id and marker (writable opens only). The id is recorded first and
 * marked written after the marker is durable, so a process killed in between leaves "marker-pending".
 */
export async function recordStoreIdentity(db: Db, pagesDir: string, check: StoreCheck): Promise<string> {
  if (check.kind === 'verified') return check.storeId;
  let storeId: string;
  if (check.kind === 'marker-pending') {
    storeId = check.storeId;
  } else {
    storeId = randomBytes(16).toString('hex');
    db.prepare('INSERT INTO store_identity (id, store_id, marker_written, created_at) VALUES (1, ?, 0, ?)').run(storeId, nowIso());
  }
  await fs.mkdir(pagesDir, { recursive: true, mode: 0o700 });
  const marker: StoreMarker = { app: 'tram-so-hoa', format: 1, storeId, database: DATABASE_FILE, createdAt: nowIso() };
  const target = path.join(pagesDir, STORE_MARKER);
  await writeFileDurably(target, `${JSON.stringify(marker, null, 2)}\n`, `${target}.${randomBytes(4).toString('hex')}.part`, 0o600);
  db.prepare('UPDATE store_identity SET marker_written = 1 WHERE id = 1').run();
  return storeId;
}

/**
 * Opens the data folder's database after checking its page store, so that an unavailable store is found
 * before anything — a migration included — is written. `readOnly` gives a read-only connection (migrated
 * first through a writable one only when the schema is older), and for a data folder without a database
 * an empty one in memory: a read-only command creates nothing.
 */
export async function openStoreDatabase(dataDir: string, options: { readOnly: boolean }): Promise<{ db: Db; check: StoreCheck }> {
  const dbFile = path.join(dataDir, DATABASE_FILE);
  const pagesDir = path.join(dataDir, PAGES_FOLDER);
  if (!existsSync(dbFile)) {
    const read = await readStoreMarker(pagesDir);
    if (read.kind !== 'missing') {
      throw storeUnavailable(
        pagesDir,
        `thư mục là kho của một cơ sở dữ liệu nhưng không có tệp cơ sở dữ liệu ${DATABASE_FILE} bên cạnh.`,
        `it is a database's store but there is no ${DATABASE_FILE} beside it.`,
      );
    }
    if (options.readOnly) return { db: openDatabase(':memory:'), check: { kind: 'new' } };
    mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    return { db: openDatabase(dbFile), check: { kind: 'new' } };
  }
  const probe = openDatabase(dbFile, MIGRATIONS, { readOnly: true });
  let check: StoreCheck;
  try {
    check = await checkStoreIdentity(probe, pagesDir);
    if (options.readOnly && !needsMigration(probe)) {
      // Only refuses a database newer than this program; writes nothing.
      migrate(probe);
      return { db: probe, check };
    }
  } catch (error) {
    probe.close();
    throw error;
  }
  probe.close();
  const db = openDatabase(dbFile);
  if (!options.readOnly) return { db, check };
  db.close();
  return { db: openDatabase(dbFile, MIGRATIONS, { readOnly: true }), check };
}
