import { promises as fs } from 'node:fs';
import path from 'node:path';

/**
 * Makes an existing data folder the owner's only, as a new one is created: the folder and every folder in
 * it 0700, every file without group or other bits (the database, its -wal and -shm, the masters: 0600).
 * Folders written by older versions were 0755/0644, and the database holds password hashes. Only modes
 * that are too open are changed; symbolic links and the folders in `except` (an outbox placed inside the
 * data folder: exports are meant to be shared) are left alone. Returns how many entries were changed.
 * POSIX only: Windows keeps the per-user profile folder's ACLs.
 */
export async function tightenPermissions(dataDir: string, except: readonly string[] = []): Promise<number> {
  if (process.platform === 'win32') return 0;
  const skipped = new Set(except.map((p) => path.resolve(p)));
  let changed = 0;
  const visit = async (entry: string): Promise<void> => {
    if (skipped.has(entry)) return;
    try {
      const stat = await fs.lstat(entry);
      if (stat.isSymbolicLink()) return;
      if (stat.isDirectory()) {
        if ((stat.mode & 0o077) !== 0) {
          await fs.chmod(entry, 0o700);
          changed++;
        }
        for (const name of await fs.readdir(entry)) await visit(path.join(entry, name));
      } else if ((stat.mode & 0o077) !== 0) {
        await fs.chmod(entry, stat.mode & 0o700);
        changed++;
      }
    } catch (error) {
      // Removed meanwhile, between any two of these steps (another process's temp folder, cleaned as
      // this one opens): nothing left to tighten.
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw error;
    }
  };
  await visit(path.resolve(dataDir));
  return changed;
}
