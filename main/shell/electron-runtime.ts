// Finding and preparing the Electron runtime from plain Node (the launcher and the Electron e2e suite).
// No runtime import of electron here: the binary's path is read from the package's files.
import { spawnSync } from 'node:child_process';
import { copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';

/**
 * The Electron binary, when its package holds one. Read from the package's own `path.txt` rather than by
 * requiring it: since Electron 42, requiring the package without its binary downloads the binary on the
 * spot, which machines that reach only the package registries cannot do and must not try.
 */
export function electronBinary(): string | null {
  let root: string;
  try {
    root = path.dirname(createRequire(import.meta.url).resolve('electron/package.json'));
  } catch {
    return null;
  }
  const pathFile = path.join(root, 'path.txt');
  if (!existsSync(pathFile)) return null;
  const binary = path.join(root, 'dist', readFileSync(pathFile, 'utf8').trim());
  return existsSync(binary) ? binary : null;
}

/**
 * better-sqlite3 in node_modules is built for Node (tests, CLI, development host). Electron needs a build
 * for its own ABI: it is compiled once per Electron version into out/native/ from a copy of the package,
 * so both builds live side by side, and handed to the app through SOHOA_SQLITE_BINDING.
 */
export function electronSqliteBinding(appDir: string): string {
  const require = createRequire(import.meta.url);
  const version = (require('electron/package.json') as { version: string }).version;
  const target = path.join(appDir, 'out', 'native', `electron-${version}`, 'better_sqlite3.node');
  if (existsSync(target)) return target;
  process.stdout.write(`Đang biên dịch better-sqlite3 cho Electron ${version} (chỉ một lần)…\n`);
  const source = path.dirname(require.resolve('better-sqlite3/package.json'));
  const work = mkdtempSync(path.join(os.tmpdir(), 'sohoa-sqlite-electron-'));
  try {
    cpSync(source, work, { recursive: true, filter: (file) => !file.includes(`${path.sep}build${path.sep}`) });
    const built = spawnSync(process.platform === 'win32' ? 'npm.cmd' : 'npm', ['run', 'build-release'], {
      cwd: work,
      stdio: 'inherit',
      shell: process.platform === 'win32',
      env: { ...process.env, npm_config_runtime: 'electron', npm_config_target: version, npm_config_disturl: 'https://electronjs.org/headers' },
    });
    if (built.status !== 0) throw new Error('Không biên dịch được better-sqlite3 cho Electron (cần mạng tới electronjs.org và trình biên dịch C++).');
    mkdirSync(path.dirname(target), { recursive: true });
    copyFileSync(path.join(work, 'build', 'Release', 'better_sqlite3.node'), target);
    return target;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
