import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { AppError, isAppError } from '../contract/errors';
import { syncDirectory } from '../storage/durable-write';

export interface OutboxFile {
  name: string;
  data: Uint8Array | string;
}

/** Points inside `writeDocumentSet` where a crash test stops the process: after each staged file, then each step. */
export type OutboxStage = `staged:${string}` | 'staged' | 'aside' | 'swapped';

export interface WrittenSet {
  /** `<outbox>/<docId>`. */
  dir: string;
  /** The files' paths, in the order given. */
  paths: string[];
}

const HOST = os.hostname().replace(/[^A-Za-z0-9-]/g, '-').slice(0, 40);
const OWNER = `${process.pid}@${HOST}`;
const LEFTOVER = /^\.(.+)\.(\d+)@([A-Za-z0-9-]*)\.[0-9a-f]{8}\.(staging|old)$/;
/** What the earlier writer (one file at a time, `writeFileDurably`) left when killed. */
const LEGACY_PART = /^\..+\.[0-9a-f]{8}\.part$/;

/**
 * A document's export set — `<docId>.pdf`, `<docId>.json` and its ALTO files — lives in a folder of its
 * own, `<outbox>/<docId>/`, and is always replaced whole:
 *
 * 1. the new set is written into a staging folder `<outbox>/.<docId>.<owner>.<nonce>.staging/`, each file
 *    fsynced, then the folder;
 * 2. the current `<docId>/`, if there is one, is renamed aside to `.<docId>.<owner>.<nonce>.old`;
 * 3. the staging folder is renamed to `<docId>/` and the outbox folder fsynced;
 * 4. the old folder is removed.
 *
 * A folder rename is atomic, so whoever reads `<outbox>/<docId>/` finds the old set or the new one, whole,
 * never a new PDF beside an old JSON or a set still being written (a flat folder of files cannot give that:
 * files are renamed one by one). Between 2 and 3 the folder is briefly absent: Node offers no atomic
 * exchange of two folders (Linux's renameat2 RENAME_EXCHANGE), and a symbolic link swapped instead would not
 * survive being copied to the archive's media. A reader then sees no set for the document, never a wrong one.
 *
 * A process killed on the way leaves only dot-named folders, which `recoverOutbox` — run by the next export
 * into the outbox — finishes or undoes: a staging folder never reached step 3 and is removed (the export
 * is rolled back, the old set stays); an `.old` folder beside a `<docId>/` means the swap was done, and it is
 * removed (completed); an `.old` folder with no `<docId>/` means the process died between 2 and 3, and it is
 * renamed back (rolled back). `<owner>` is `<pid>@<host>`: only leftovers of a process that no longer runs
 * on this machine are touched, never the set another live process is writing.
 */
export async function writeDocumentSet(outboxDir: string, docId: string, files: readonly OutboxFile[], onStage?: (stage: OutboxStage) => Promise<void> | void): Promise<WrittenSet> {
  const dir = path.join(outboxDir, docId);
  const nonce = randomBytes(4).toString('hex');
  const staging = path.join(outboxDir, `.${docId}.${OWNER}.${nonce}.staging`);
  const aside = path.join(outboxDir, `.${docId}.${OWNER}.${nonce}.old`);
  let movedAside = false;
  let swapped = false;
  try {
    await fs.mkdir(outboxDir, { recursive: true });
    await recoverOutbox(outboxDir, docId);
    await fs.mkdir(staging);
    for (const file of files) {
      const handle = await fs.open(path.join(staging, file.name), 'wx');
      try {
        await handle.writeFile(file.data);
        await handle.sync();
      } finally {
        await handle.close();
      }
      await onStage?.(`staged:${file.name}`);
    }
    await syncDirectory(staging);
    await onStage?.('staged');
    movedAside = await renameIfPresent(dir, aside);
    if (movedAside) await onStage?.('aside');
    await fs.rename(staging, dir);
    swapped = true;
    await syncDirectory(outboxDir);
    await onStage?.('swapped');
    await fs.rm(aside, { recursive: true, force: true });
    await removeFlatSet(outboxDir, docId);
    return { dir, paths: files.map((file) => path.join(dir, file.name)) };
  } catch (error) {
    // Every path leaves the outbox as it was: the old set in place, no staging folder.
    await fs.rm(staging, { recursive: true, force: true }).catch(() => {});
    if (movedAside && !swapped) await fs.rename(aside, dir).catch(() => {});
    throw outboxError(error, outboxDir);
  }
}

/**
 * Finishes or undoes what killed exports left in the outbox (all documents, or only `docId`'s), and removes
 * the `.part` files of the earlier writer. Leftovers of a live process, or of another machine sharing the
 * folder, are left to their owner.
 */
export async function recoverOutbox(outboxDir: string, docId?: string): Promise<void> {
  try {
    await recover(outboxDir, docId);
  } catch (error) {
    throw outboxError(error, outboxDir);
  }
}

async function recover(outboxDir: string, docId: string | undefined): Promise<void> {
  let names: string[];
  try {
    names = await fs.readdir(outboxDir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  const present = new Set(names);
  const olds = new Map<string, string[]>();
  for (const name of names) {
    if (docId === undefined && LEGACY_PART.test(name)) {
      await fs.rm(path.join(outboxDir, name), { force: true });
      continue;
    }
    const match = LEFTOVER.exec(name);
    if (!match || (docId !== undefined && match[1] !== docId) || !ownerIsGone(Number(match[2]), match[3]!)) continue;
    if (match[4] === 'staging') await fs.rm(path.join(outboxDir, name), { recursive: true, force: true });
    else olds.set(match[1]!, [...(olds.get(match[1]!) ?? []), name]);
  }
  for (const [id, leftovers] of olds) {
    // Killed between moving the old set aside and moving the new one in: the old set goes back.
    if (!present.has(id)) await fs.rename(path.join(outboxDir, leftovers.pop()!), path.join(outboxDir, id));
    for (const name of leftovers) await fs.rm(path.join(outboxDir, name), { recursive: true, force: true });
  }
  if (olds.size > 0) await syncDirectory(outboxDir);
}

function ownerIsGone(pid: number, host: string): boolean {
  if (host !== HOST) return false;
  if (pid === process.pid) return false;
  try {
    process.kill(pid, 0);
    return false;
  } catch (error) {
    // EPERM: the process exists, under another user.
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

async function renameIfPresent(from: string, to: string): Promise<boolean> {
  try {
    await fs.rename(from, to);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw error;
  }
}

/**
 * The same document's files as an earlier version wrote them, flat in the outbox: once its folder holds
 * the new set they are a stale copy a reader could take for the current one.
 */
async function removeFlatSet(outboxDir: string, docId: string): Promise<void> {
  const escaped = docId.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const flat = new RegExp(`^${escaped}(\\.pdf|\\.json|\\.\\d+\\.alto\\.xml)$`);
  for (const name of await fs.readdir(outboxDir)) {
    if (flat.test(name)) await fs.rm(path.join(outboxDir, name), { force: true });
  }
}

/** A write into an export folder that failed, as the Vietnamese message of its cause (full, read-only, other). */
export function outboxError(error: unknown, dir: string): AppError {
  if (isAppError(error)) return error;
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOSPC' || code === 'EDQUOT' || code === 'EFBIG') {
    return new AppError(
      'EXPORT_DISK_FULL',
      `Thư mục xuất «${dir}» đã đầy. Hãy giải phóng dung lượng hoặc chọn thư mục khác rồi xuất lại; dữ liệu hồ sơ không bị mất.`,
      `The export folder «${dir}» is full. Free space or choose another folder and export again; no data was lost.`,
      dir,
      { cause: error },
    );
  }
  if (code === 'EROFS' || code === 'EACCES' || code === 'EPERM' || code === 'ENOTDIR' || code === 'ENOENT') {
    return new AppError(
      'EXPORT_READ_ONLY',
      `Không ghi được vào thư mục xuất «${dir}» (chỉ đọc hoặc không có quyền). Hãy chọn thư mục khác; dữ liệu hồ sơ không bị mất.`,
      `Cannot write to the export folder «${dir}» (read-only or no permission). Choose another folder; no data was lost.`,
      dir,
      { cause: error },
    );
  }
  return new AppError(
    'EXPORT_FAILED',
    `Xuất vào «${dir}» không thành công (${code ?? 'lỗi không rõ'}). Dữ liệu hồ sơ không bị mất; hãy thử lại.`,
    `Export to «${dir}» failed (${code ?? 'unknown error'}). No data was lost; try again.`,
    dir,
    { cause: error },
  );
}
