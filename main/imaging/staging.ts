// Where large intermediate images (tiled TIFF stages of an A0 sheet, stitching layers) are written while
// a page is rendered: a private folder inside the data folder, never the shared system temp folder. A
// staged file holds the page's pixels uncompressed (gigabytes for a large sheet), so it must neither be
// readable by other users nor outlive the call that made it. Each staging is a folder of its own (0700,
// its files 0600), removed whole, so nothing is left behind even where no data folder is set.
import { chmodSync, mkdirSync, promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

let root: string | null = null;
let rootPrivate = false;

/** Sets the folder staging goes to (the Workstation points it inside its data folder). */
export function setStagingRoot(dir: string): void {
  root = path.resolve(dir);
  rootPrivate = false;
}

/** The folder set by setStagingRoot, or null: the imaging pool hands it to its worker threads. */
export function stagingRootSetting(): string | null {
  return root;
}

/**
 * The folder stagings are made in, owner-only. Without a data folder (the `sohoa stitch` command,
 * tests) the system temp folder, where each staging is still a private folder of its own.
 */
function stagingRoot(): string {
  if (root === null) return os.tmpdir();
  // Made again when the start-up clean-up of the store's temp folder has removed it.
  mkdirSync(root, { recursive: true, mode: 0o700 });
  // A folder that existed before (made by an older version) is made private too.
  if (!rootPrivate) chmodSync(root, 0o700);
  rootPrivate = true;
  return root;
}

/** A private folder for one staging, and its removal with everything in it. */
export async function stagingFolder(prefix: string): Promise<{ dir: string; remove: () => Promise<void> }> {
  const dir = await fs.mkdtemp(path.join(stagingRoot(), `sohoa-${prefix}-`));
  return { dir, remove: () => fs.rm(dir, { recursive: true, force: true }) };
}

/** A new empty file in a staging folder of its own, created 0600 so that writers keep its permissions. */
export async function stagingFile(prefix: string, ext: string): Promise<{ file: string; remove: () => Promise<void> }> {
  const { dir, remove } = await stagingFolder(prefix);
  const file = path.join(dir, `${prefix}.${ext}`);
  try {
    await (await fs.open(file, 'wx', 0o600)).close();
  } catch (error) {
    await remove();
    throw error;
  }
  return { file, remove };
}

/** Runs `use` with a staging file that is removed afterwards, whether `use` succeeds, fails or is aborted. */
export async function withStagingFile<T>(prefix: string, ext: string, use: (file: string) => Promise<T>): Promise<T> {
  const { file, remove } = await stagingFile(prefix, ext);
  try {
    return await use(file);
  } finally {
    await remove();
  }
}

/** Runs `use` with a private staging folder that is removed afterwards with everything in it. */
export async function withStagingFolder<T>(prefix: string, use: (dir: string) => Promise<T>): Promise<T> {
  const { dir, remove } = await stagingFolder(prefix);
  try {
    return await use(dir);
  } finally {
    await remove();
  }
}
