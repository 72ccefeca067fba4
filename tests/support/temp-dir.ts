import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** A fresh folder under the OS temp dir, and its removal. */
export function tempDir(prefix = 'sohoa-test-'): { dir: string; remove: () => void } {
  const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

// From the module's URL, so that benchmarks run by tsx (ES modules, no __dirname) can use the generators.
export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
/** The shared datasets and schemas beside the checkout (or beside the folder of git worktrees). */
export const SHARED_DIR = [path.resolve(REPO_ROOT, '../shared'), path.resolve(REPO_ROOT, '../../shared')].find((dir) => existsSync(dir)) ?? path.resolve(REPO_ROOT, '../shared');
export const REAL_PAGES_DIR = path.resolve(SHARED_DIR, 'datasets/vn-admin-real/pages');
