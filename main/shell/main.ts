// The Electron entry: a thin shell around the same Workstation the development host and the CLI use.
// It is the only runtime importer of 'electron'; the other shell modules receive what they need.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { BrowserWindow, Menu, app, dialog, ipcMain, protocol } from 'electron';
import { isAppError } from '../contract/errors';
import { Dispatcher } from '../ipc/dispatcher';
import { createLogger, type Logger } from '../services/logger';
import { defaultDataDir } from '../services/paths';
import { Workstation } from '../services/workstation';
import { APP_ENTRY_URL, pageImageAccessFor, registerAppScheme, serveAppProtocol } from './app-protocol';
import { bindIpc, type IpcBinding } from './ipc-binding';
import { installSecurityGuard } from './security-guard';
import { isDevelopmentRun, mainWindowOptions } from './window-options';

// The bundle lives in out/main; the preload and the renderer are built next to it.
const bundleDir = path.dirname(fileURLToPath(import.meta.url));
const preloadPath = path.join(bundleDir, '../preload/index.cjs');
const rendererDir = path.join(bundleDir, '../renderer');
const development = isDevelopmentRun(app, process.env);

app.enableSandbox();
registerAppScheme(protocol);

if (!app.requestSingleInstanceLock()) {
  // A second copy would open the same database; the first one is brought forward instead.
  app.quit();
} else {
  start();
}

function start(): void {
  const dataDir = defaultDataDir();
  const logger = createLogger(dataDir);
  installSecurityGuard(app, logger);

  let station: Workstation | null = null;
  let binding: IpcBinding | null = null;
  let window: BrowserWindow | null = null;
  let closing: Promise<void> | null = null;

  app.on('second-instance', () => {
    if (!window || window.isDestroyed()) return;
    if (window.isMinimized()) window.restore();
    window.focus();
  });

  app.on('window-all-closed', () => app.quit());

  app.on('will-quit', (event) => {
    if (!station) return;
    // Finish running jobs' current step and close the database before the process ends.
    event.preventDefault();
    closing ??= shutDown();
  });

  async function shutDown(): Promise<void> {
    binding?.dispose();
    binding = null;
    const open = station;
    station = null;
    try {
      await open?.close();
    } catch (error) {
      logger.error({ err: error }, 'workstation close failed');
    }
    app.quit();
  }

  app
    .whenReady()
    .then(async () => {
      // No default menu in production: it carries Toggle Developer Tools and Reload. Set before any window.
      if (!development) Menu.setApplicationMenu(null);
      const opened = await Workstation.open({ dataDir, logger });
      station = opened;
      // The app has one window: page images are for whoever is signed in there, while the session lives.
      serveAppProtocol(protocol, {
        rendererDir,
        pageImages: opened.pageImages,
        logger,
        pageImageAccess: () => {
          const caller = window && !window.isDestroyed() ? binding?.callerOf(window) : null;
          return pageImageAccessFor(caller ? opened.sessions.current(caller) : null);
        },
      });
      binding = bindIpc({ ipcMain, dialog, dispatcher: new Dispatcher(opened, logger), events: opened.events, sessions: opened.sessions, logger });
      window = createWindow(binding);
      await window.loadURL(APP_ENTRY_URL);
      logger.info({ dataDir }, 'desktop shell started');
    })
    .catch((error: unknown) => fail(error, logger));
}

function createWindow(binding: IpcBinding): BrowserWindow {
  const window = new BrowserWindow(mainWindowOptions(preloadPath, { development }));
  binding.attachWindow(window);
  window.once('ready-to-show', () => window.show());
  return window;
}

function fail(error: unknown, logger: Logger): void {
  logger.fatal({ err: error }, 'desktop shell failed to start');
  logger.flush?.();
  // An unavailable page store says which folder and what to check; anything else gets the general advice.
  dialog.showErrorBox(
    'Trạm số hóa không khởi động được',
    isAppError(error) && error.code === 'STORE_UNAVAILABLE'
      ? error.messageVi
      : 'Không mở được kho dữ liệu của trạm. Dữ liệu đã lưu không bị mất. ' +
          'Hãy kiểm tra xem trạm có đang chạy ở cửa sổ khác không, rồi mở lại; nếu vẫn lỗi, báo cho quản trị viên kèm tệp nhật ký trong thư mục dữ liệu (logs/sohoa.log).',
  );
  app.exit(1);
}
