import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';

/**
 * Real full and read-only folders for export tests: small tmpfs mounts (the tests run as root on the
 * project's Debian machines and in CI). Returns null where mounting is not permitted.
 */
export function mountTmpfs(dir: string, options: string): (() => void) | null {
  mkdirSync(dir, { recursive: true });
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', options, 'tmpfs', dir], { stdio: 'pipe' });
  } catch {
    return null;
  }
  return () => execFileSync('umount', [dir], { stdio: 'pipe' });
}
