import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** A fresh folder under the OS temp dir, and its removal. */
export function tempDir(prefix = 'sohoa-test-'): { dir: string; remove: () => void } {
  const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

export const REPO_ROOT = path.resolve(__dirname, '../..');
export const REAL_PAGES_DIR = path.resolve(REPO_ROOT, '../shared/datasets/vn-admin-real/pages');
