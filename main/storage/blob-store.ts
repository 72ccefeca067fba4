import { createHash, randomBytes } from 'node:crypto';
import { promises as fs, constants as fsConstants } from 'node:fs';
import path from 'node:path';
import { writeFileDurably } from './durable-write';

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

  read(sha256: string): Promise<Buffer> {
    return fs.readFile(this.pathOf(sha256));
  }

  has(sha256: string): Promise<boolean> {
    return exists(this.pathOf(sha256));
  }

  async verify(sha256: string): Promise<boolean> {
    try {
      const data = await this.read(sha256);
      return createHash('sha256').update(data).digest('hex') === sha256;
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

  /** Removes temp files left by a process killed mid-write; returns how many. */
  async removeTemporaries(): Promise<number> {
    const names = await fs.readdir(this.tmpDir);
    await Promise.all(names.map((name) => fs.rm(path.join(this.tmpDir, name), { force: true })));
    return names.length;
  }
}

async function exists(file: string): Promise<boolean> {
  try {
    await fs.access(file, fsConstants.F_OK);
    return true;
  } catch {
    return false;
  }
}
