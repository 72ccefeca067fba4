import { promises as fs } from 'node:fs';
import path from 'node:path';

/**
 * Writes `data` to `target` so that after it resolves the file survives a crash or power cut, and no
 * reader ever sees it half-written: write a temp file, fsync it, rename it into place, fsync the folder.
 * The temp file is removed if anything fails. `mode` is the new file's (before the umask): the page store
 * passes 0o600; the outbox keeps the default, its files are meant to be shared.
 */
export async function writeFileDurably(target: string, data: Uint8Array | string, tmp: string, mode = 0o666): Promise<void> {
  try {
    const handle = await fs.open(tmp, 'wx', mode);
    try {
      await handle.writeFile(data);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await fs.rename(tmp, target);
  } catch (error) {
    await fs.rm(tmp, { force: true }).catch(() => {});
    throw error;
  }
  await syncDirectory(path.dirname(target));
}

/** fsync a directory so a rename into it survives a crash (no-op where the platform refuses). */
export async function syncDirectory(dir: string): Promise<void> {
  let handle: fs.FileHandle | undefined;
  try {
    handle = await fs.open(dir, 'r');
    await handle.sync();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'EISDIR' && code !== 'EPERM' && code !== 'EINVAL') throw error;
  } finally {
    await handle?.close();
  }
}
