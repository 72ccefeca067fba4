// `npm start`: the desktop app when the Electron binary exists; otherwise the same UI in Chromium
// through the development host (machines installed with ELECTRON_SKIP_BINARY_DOWNLOAD=1).
import { spawn } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defaultDataDir } from './services/paths';
import { startFailureText } from './services/start-failure';
import { electronBinary, electronSqliteBinding } from './shell/electron-runtime';

const bundleDir = path.dirname(fileURLToPath(import.meta.url));
// This bundle lives in out/main; the project root holds package.json, whose "main" is out/main/index.js.
const appDir = path.resolve(bundleDir, '../..');
const rendererDir = path.resolve(bundleDir, '../renderer');

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

function runElectron(binary: string): void {
  const env: NodeJS.ProcessEnv = { ...process.env, SOHOA_SQLITE_BINDING: electronSqliteBinding(appDir) };
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
      `${startFailureText(error, 'Không khởi động được trạm', 'Dữ liệu đã lưu không bị mất. Hãy chạy lại; nếu vẫn lỗi, báo cho quản trị viên kèm tệp logs/sohoa.log trong thư mục dữ liệu.')}\n`,
    );
    // Not process.exit(): the log file may still be opening, and the reason must reach it too.
    process.exitCode = 1;
  });
}
