// `npm start`: the desktop app when the Electron binary exists; otherwise the same UI in Chromium
// through the development host (machines installed with ELECTRON_SKIP_BINARY_DOWNLOAD=1).
import { spawn, spawnSync } from 'node:child_process';
import { accessSync, constants, copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defaultDataDir } from './services/paths';

const bundleDir = path.dirname(fileURLToPath(import.meta.url));
// This bundle lives in out/main; the project root holds package.json, whose "main" is out/main/index.js.
const appDir = path.resolve(bundleDir, '../..');
const rendererDir = path.resolve(bundleDir, '../renderer');

/** The Electron binary, when its package resolves to a file that exists. */
function electronBinary(): string | null {
  try {
    const binary: unknown = createRequire(import.meta.url)('electron');
    return typeof binary === 'string' && existsSync(binary) ? binary : null;
  } catch {
    // The electron package throws when its binary was never downloaded.
    return null;
  }
}

function isExecutable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function findBrowser(env: NodeJS.ProcessEnv): string | null {
  if (isExecutable('/usr/bin/chromium')) return '/usr/bin/chromium';
  const dirs = (env.PATH ?? '').split(path.delimiter).filter((d) => d !== '');
  for (const name of ['chromium', 'google-chrome']) {
    for (const dir of dirs) {
      const candidate = path.join(dir, name);
      if (isExecutable(candidate)) return candidate;
    }
  }
  return null;
}

/**
 * better-sqlite3 in node_modules is built for Node (tests, CLI, development host). Electron needs a build
 * for its own ABI: it is compiled once per Electron version into out/native/ from a copy of the package,
 * so both builds live side by side, and handed to the app through SOHOA_SQLITE_BINDING.
 */
function electronSqliteBinding(): string {
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

function runElectron(binary: string): void {
  const env: NodeJS.ProcessEnv = { ...process.env, SOHOA_SQLITE_BINDING: electronSqliteBinding() };
  delete env.ELECTRON_RUN_AS_NODE;
  const child = spawn(binary, [appDir], { stdio: 'inherit', env });
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => child.kill(signal));
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

async function runInBrowser(): Promise<void> {
  process.stdout.write(
    'Không có Electron trên máy này (cài đặt với ELECTRON_SKIP_BINARY_DOWNLOAD=1), nên trạm chạy giao diện\n' +
      'trong trình duyệt qua máy chủ cục bộ: chỉ máy này (127.0.0.1) truy cập được, cần mã (token) in dưới đây.\n',
  );
  const { runDevHost } = await import('./host/dev-host');
  const host = await runDevHost({ rendererDir });
  const signInUrl = `${host.url}/?token=${host.secret}`;
  const browser = findBrowser(process.env);
  if (browser && (process.env.DISPLAY || process.env.WAYLAND_DISPLAY)) {
    // A profile of its own keeps the user's extensions and history away from the records.
    const profile = path.join(defaultDataDir(), 'browser-profile');
    const child = spawn(browser, [`--app=${signInUrl}`, `--user-data-dir=${profile}`, '--no-first-run', '--no-default-browser-check'], {
      stdio: 'ignore',
    });
    child.on('error', () => process.stdout.write('Không mở được trình duyệt; hãy tự mở đường dẫn ở trên.\n'));
    process.stdout.write(`Đã mở ${path.basename(browser)}. Nhấn Ctrl+C tại đây để dừng trạm.\n`);
  } else {
    process.stdout.write('Hãy mở đường dẫn ở trên trong Chromium hoặc Chrome trên máy này. Nhấn Ctrl+C để dừng trạm.\n');
  }
}

const binary = electronBinary();
if (binary) {
  runElectron(binary);
} else {
  runInBrowser().catch((error: unknown) => {
    process.stderr.write(
      `Không khởi động được trạm: ${error instanceof Error ? error.message : String(error)}\n` +
        'Dữ liệu đã lưu không bị mất. Hãy chạy lại; nếu vẫn lỗi, báo cho quản trị viên kèm tệp logs/sohoa.log trong thư mục dữ liệu.\n',
    );
    process.exit(1);
  });
}
