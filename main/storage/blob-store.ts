import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, promises as fs, constants as fsConstants } from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { syncDirectory, writeFileDurably } from './durable-write';

/**
 * Content-addressed store for page images: `<root>/<aa>/<sha256>`. A blob is written to a temp file,
 * fsynced, renamed into place and its folder fsynced before `put` resolves, so the database row that
 * names it can only commit after the bytes are durable.
 */
export class BlobStore {
  readonly root: string;
  private readonly tmpDir: string;

  constructor(root: string) {
    this.root = root;
    this.tmpDir = path.join(root, 'tmp');
  }

  async init(): Promise<void> {
    await fs.mkdir(this.tmpDir, { recursive: true });
  }

  pathOf(sha256: string): string {
    if (!/^[0-9a-f]{64}$/.test(sha256)) throw new Error(`not a sha256: ${sha256}`);
    return path.join(this.root, sha256.slice(0, 2), sha256);
  }

  async put(data: Buffer): Promise<{ sha256: string; bytes: number }> {
    const sha256 = createHash('sha256').update(data).digest('hex');
    const target = this.pathOf(sha256);
    if (await exists(target)) return { sha256, bytes: data.length };
    await fs.mkdir(path.dirname(target), { recursive: true });
    await writeFileDurably(target, data, path.join(this.tmpDir, `${sha256}.${randomBytes(6).toString('hex')}.part`));
    return { sha256, bytes: data.length };
  }

  /**
   * A folder on the store's file system where a scanner writes page files that `adopt` then moves in
   * without copying them (a 600 dpi A0 page is hundreds of megabytes).
   */
  async workFolder(): Promise<string> {
    return fs.mkdtemp(path.join(this.tmpDir, 'work-'));
  }

  /** Moves a finished file (inside `workFolder()`) into the store, durably, hashing it as a stream. */
  async adopt(file: string): Promise<{ sha256: string; bytes: number }> {
    const sha256 = await sha256OfFile(file);
    const { size: bytes } = await fs.stat(file);
    const target = this.pathOf(sha256);
    if (await exists(target)) {
      await fs.rm(file, { force: true });
      return { sha256, bytes };
    }
    await fs.mkdir(path.dirname(target), { recursive: true });
    const handle = await fs.open(file, 'r+');
    try {
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
    return exists(this.pathOf(sha256));
  }

  async verify(sha256: string): Promise<boolean> {
    try {
      return (await sha256OfFile(this.pathOf(sha256))) === sha256;
    } catch {
      return false;
    }
  }

  /** Every blob on disk with its modification time (for the start-up check). */
  async list(): Promise<Array<{ sha256: string; mtimeMs: number }>> {
    const result: Array<{ sha256: string; mtimeMs: number }> = [];
    for (const prefix of await fs.readdir(this.root)) {
      if (!/^[0-9a-f]{2}$/.test(prefix)) continue;
      for (const name of await fs.readdir(path.join(this.root, prefix))) {
        if (!/^[0-9a-f]{64}$/.test(name)) continue;
        const stat = await fs.stat(path.join(this.root, prefix, name));
        result.push({ sha256: name, mtimeMs: stat.mtimeMs });
      }
    }
    return result;
  }

  async remove(sha256: string): Promise<void> {
    await fs.rm(this.pathOf(sha256), { force: true });
  }

  /** Removes temp files and work folders left by a process killed mid-write; returns how many. */
  async removeTemporaries(): Promise<number> {
    const names = await fs.readdir(this.tmpDir);
    await Promise.all(names.map((name) => fs.rm(path.join(this.tmpDir, name), { force: true, recursive: true })));
    return names.length;
  }
}

/** Streams the file through SHA-256 so a large page is never held whole in memory. */
export async function sha256OfFile(file: string): Promise<string> {
  const hash = createHash('sha256');
  await pipeline(createReadStream(file), hash);
  return hash.digest('hex');
}

async function exists(file: string): Promise<boolean> {
  try {
    await fs.access(file, fsConstants.F_OK);
    return true;
  } catch {
    return false;
  }
}
