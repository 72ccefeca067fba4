// Where large intermediate images (tiled TIFF stages of an A0 sheet, stitching layers) are written while
// a page is rendered: a private folder inside the data folder, never the shared system temp folder. A
// staged file holds the page's pixels uncompressed (gigabytes for a large sheet), so it must neither be
// readable by other users nor outlive the call that made it.
import { randomUUID } from 'node:crypto';
import { chmodSync, mkdirSync, mkdtempSync, promises as fs, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

let root: string | null = null;
let rootPrivate = false;
let fallback: string | null = null;

/**
 * Sets the folder staging files go to (the Workstation points it inside its data folder). Created
 * owner-only when first used.
 */
export function setStagingRoot(dir: string): void {
  root = path.resolve(dir);
  rootPrivate = false;
}

/**
 * The staging folder, owner-only (0700). Without a data folder (the `sohoa stitch` command, tests) a
 * private folder of this process under the system temp folder, removed when the process exits.
 */
export function stagingRoot(): string {
  if (root !== null) {
    // Made again when the start-up clean-up of the store's temp folder has removed it.
    mkdirSync(root, { recursive: true, mode: 0o700 });
    // A folder that existed before (made by an older version) is made private too.
    if (!rootPrivate) chmodSync(root, 0o700);
    rootPrivate = true;
    return root;
  }
  if (fallback === null) {
    const made = mkdtempSync(path.join(os.tmpdir(), 'sohoa-staging-'));
    fallback = made;
    process.once('exit', () => rmSync(made, { recursive: true, force: true }));
  }
  return fallback;
}

/** A new empty file in the staging folder, created 0600 so that writers keep its permissions. */
export async function stagingFile(prefix: string, ext: string): Promise<string> {
  const file = path.join(stagingRoot(), `${prefix}-${randomUUID()}.${ext}`);
  await (await fs.open(file, 'wx', 0o600)).close();
  return file;
}

/** Runs `use` with a staging file that is removed afterwards, whether `use` succeeds, fails or is aborted. */
export async function withStagingFile<T>(prefix: string, ext: string, use: (file: string) => Promise<T>): Promise<T> {
  const file = await stagingFile(prefix, ext);
  try {
    return await use(file);
  } finally {
    await fs.rm(file, { force: true });
  }
}

/** Runs `use` with a private staging sub-folder that is removed afterwards with everything in it. */
export async function withStagingFolder<T>(prefix: string, use: (dir: string) => Promise<T>): Promise<T> {
  const dir = await fs.mkdtemp(path.join(stagingRoot(), `${prefix}-`));
  try {
    return await use(dir);
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
}
