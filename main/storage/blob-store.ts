import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, promises as fs, constants as fsConstants } from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { syncDirectory, writeFileDurably } from './durable-write';
import { isOwnerId } from './process-lease';

/** Folders of the store are the owner's only (0700), and so are its files (0600): scans are records. */
const PRIVATE_DIR = 0o700;
const PRIVATE_FILE = 0o600;

/**
 * Content-addressed store for page images: `<root>/<aa>/<sha256>`. A blob is written to a temp file,
 * fsynced, renamed into place and its folder fsynced before `put` resolves, so the database row that
 * names it can only commit after the bytes are durable.
 *
 * Several processes share the store: each writes its temp files only under its own folder
 * `<root>/tmp/<owner>` (the owner id of its process lease), so that cleaning what a dead process left
 * never touches a live one's half-written blob or scan.
 *
 * Blobs no row names are never deleted by the store's own checks: they are moved to
 * `<root>/quarantine/<sha256>`, from where a supervisor restores or purges them.
 */
export class BlobStore {
  readonly root: string;
  /** This process's temp folder (made on first use), on the store's file system so a rename moves a file in. */
  readonly tempDir: string;
  private readonly tmpRoot: string;
  readonly quarantineDir: string;

  constructor(root: string, owner: string) {
    if (!isOwnerId(owner)) throw new Error(`not an owner id: ${owner}`);
    this.root = root;
    this.tmpRoot = path.join(root, 'tmp');
    this.tempDir = path.join(this.tmpRoot, owner);
    this.quarantineDir = path.join(root, 'quarantine');
  }

  async init(): Promise<void> {
    await fs.mkdir(this.tmpRoot, { recursive: true, mode: PRIVATE_DIR });
  }

  pathOf(sha256: string): string {
    if (!/^[0-9a-f]{64}$/.test(sha256)) throw new Error(`not a sha256: ${sha256}`);
    return path.join(this.root, sha256.slice(0, 2), sha256);
  }

  async put(data: Buffer): Promise<{ sha256: string; bytes: number }> {
    const sha256 = createHash('sha256').update(data).digest('hex');
    const target = this.pathOf(sha256);
    if (await fileExists(target)) return { sha256, bytes: data.length };
    await fs.mkdir(path.dirname(target), { recursive: true, mode: PRIVATE_DIR });
    await writeFileDurably(target, data, path.join(await this.ownTemp(), `${sha256}.${randomBytes(6).toString('hex')}.part`), PRIVATE_FILE);
    return { sha256, bytes: data.length };
  }

  /**
   * A folder on the store's file system where a scanner writes page files that `adopt` then moves in
   * without copying them (a 600 dpi A0 page is hundreds of megabytes).
   */
  async workFolder(): Promise<string> {
    return fs.mkdtemp(path.join(await this.ownTemp(), 'work-'));
  }

  /** Made again when missing: another process that took this one for dead (after a long stall) removed it. */
  private async ownTemp(): Promise<string> {
    await fs.mkdir(this.tempDir, { recursive: true, mode: PRIVATE_DIR });
    return this.tempDir;
  }

  /** Moves a finished file (inside `workFolder()`) into the store, durably, hashing it as a stream. */
  async adopt(file: string): Promise<{ sha256: string; bytes: number }> {
    const sha256 = await sha256OfFile(file);
    const { size: bytes } = await fs.stat(file);
    const target = this.pathOf(sha256);
    if (await fileExists(target)) {
      await fs.rm(file, { force: true });
      return { sha256, bytes };
    }
    await fs.mkdir(path.dirname(target), { recursive: true, mode: PRIVATE_DIR });
    const handle = await fs.open(file, 'r+');
    try {
      // A scanner backend writes with the default mode; the master is private before it is in the store.
      await handle.chmod(PRIVATE_FILE);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await fs.rename(file, target);
    await syncDirectory(path.dirname(target));
    return { sha256, bytes };
  }

  read(sha256: string): Promise<Buffer> {
    return fs.readFile(this.pathOf(sha256));
  }

  has(sha256: string): Promise<boolean> {
    return fileExists(this.pathOf(sha256));
  }

  async verify(sha256: string): Promise<boolean> {
    try {
      return (await sha256OfFile(this.pathOf(sha256))) === sha256;
    } catch {
      return false;
    }
  }

  /** Every blob on disk with its modification time and size (for the start-up check). */
  async list(): Promise<StoredBlob[]> {
    const result: StoredBlob[] = [];
    for (const prefix of await fs.readdir(this.root)) {
      if (!/^[0-9a-f]{2}$/.test(prefix)) continue;
      for (const name of await fs.readdir(path.join(this.root, prefix))) {
        if (!/^[0-9a-f]{64}$/.test(name)) continue;
        const stat = await fs.stat(path.join(this.root, prefix, name));
        result.push({ sha256: name, mtimeMs: stat.mtimeMs, bytes: stat.size });
      }
    }
    return result;
  }

  quarantinePathOf(sha256: string): string {
    if (!/^[0-9a-f]{64}$/.test(sha256)) throw new Error(`not a sha256: ${sha256}`);
    return path.join(this.quarantineDir, sha256);
  }

  /** Blobs in the quarantine folder. */
  async listQuarantined(): Promise<StoredBlob[]> {
    let names: string[];
    try {
      names = await fs.readdir(this.quarantineDir);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
    const result: StoredBlob[] = [];
    for (const name of names) {
      if (!/^[0-9a-f]{64}$/.test(name)) continue;
      const stat = await fs.stat(path.join(this.quarantineDir, name));
      result.push({ sha256: name, mtimeMs: stat.mtimeMs, bytes: stat.size });
    }
    return result;
  }

  /** Moves a blob out of the store into the quarantine folder (a rename: same file system, durable). */
  async moveToQuarantine(sha256: string): Promise<void> {
    await fs.mkdir(this.quarantineDir, { recursive: true, mode: PRIVATE_DIR });
    await fs.rename(this.pathOf(sha256), this.quarantinePathOf(sha256));
    await syncDirectory(this.quarantineDir);
    await syncDirectory(path.dirname(this.pathOf(sha256)));
  }

  /** Moves a quarantined blob back into the store; when the store has it again, the copy is dropped. */
  async moveBackFromQuarantine(sha256: string): Promise<void> {
    const target = this.pathOf(sha256);
    const quarantined = this.quarantinePathOf(sha256);
    if (await fileExists(target)) {
      await fs.rm(quarantined, { force: true });
      return;
    }
    await fs.mkdir(path.dirname(target), { recursive: true, mode: PRIVATE_DIR });
    await fs.rename(quarantined, target);
    await syncDirectory(path.dirname(target));
    await syncDirectory(this.quarantineDir);
  }

  async removeQuarantined(sha256: string): Promise<void> {
    await fs.rm(this.quarantinePathOf(sha256), { force: true });
  }

  async remove(sha256: string): Promise<void> {
    await fs.rm(this.pathOf(sha256), { force: true });
  }

  /**
   * Removes what dead processes left in `tmp/`: the folder of every owner `liveOwners` does not name,
   * and files loose in `tmp/` (written by versions before owner folders) once older than `looseAgeMs`.
   * `liveOwners` is asked after the listing: an owner makes its folder only after its lease is written,
   * so a folder listed here belongs to an owner that answer knows. Returns how many entries went.
   */
  async removeTemporaries(liveOwners: () => ReadonlySet<string>, looseAgeMs: number): Promise<number> {
    const names = await fs.readdir(this.tmpRoot);
    const live = liveOwners();
    const now = Date.now();
    let removed = 0;
    for (const name of names) {
      if (live.has(name)) continue;
      const entry = path.join(this.tmpRoot, name);
      if (!isOwnerId(name) && now - (await newestChange(entry)) < looseAgeMs) continue;
      await fs.rm(entry, { force: true, recursive: true });
      removed++;
    }
    return removed;
  }
}

/** When a loose temp entry (a file, or a legacy work folder and its files) last changed; now if it is gone. */
async function newestChange(entry: string): Promise<number> {
  try {
    const stat = await fs.lstat(entry);
    if (!stat.isDirectory()) return stat.mtimeMs;
    const children = await fs.readdir(entry);
    const times = await Promise.all(children.map(async (name) => (await fs.lstat(path.join(entry, name)).catch(() => ({ mtimeMs: Date.now() }))).mtimeMs));
    return Math.max(stat.mtimeMs, ...times);
  } catch {
    return Date.now();
  }
}

export interface StoredBlob {
  sha256: string;
  mtimeMs: number;
  bytes: number;
}

/** Streams the file through SHA-256 so a large page is never held whole in memory. */
export async function sha256OfFile(file: string): Promise<string> {
  const hash = createHash('sha256');
  await pipeline(createReadStream(file), hash);
  return hash.digest('hex');
}

/** Whether a file is there (any error reading it counts as not). */
export async function fileExists(file: string): Promise<boolean> {
  try {
    await fs.access(file, fsConstants.F_OK);
    return true;
  } catch {
    return false;
  }
}
