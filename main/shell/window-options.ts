import path from 'node:path';
import type { BrowserWindowConstructorOptions } from 'electron';

export const APP_TITLE = 'Trạm số hóa';

/**
 * Whether this is a development run, the one place that decides it: DevTools and Electron's default menu
 * (whose View menu opens them) exist only then. Development is an unpackaged app started by
 * `electron-vite dev`, which sets NODE_ENV_ELECTRON_VITE; a packaged app is production whatever its
 * environment says, and so is the built app that `npm start` runs.
 */
export function isDevelopmentRun(app: { isPackaged: boolean }, env: NodeJS.ProcessEnv): boolean {
  return !app.isPackaged && env.NODE_ENV_ELECTRON_VITE === 'development';
}

/**
 * The main window's settings: Electron's security checklist in one place, so one test can hold
 * every flag down. The window stays hidden until its first paint to avoid a white flash.
 */
export function mainWindowOptions(preloadPath: string, options: { development: boolean }): BrowserWindowConstructorOptions {
  // A relative preload path would resolve against the working directory, which the user controls.
  if (!path.isAbsolute(preloadPath)) throw new Error(`preload path must be absolute: ${preloadPath}`);
  return {
    title: APP_TITLE,
    width: 1366,
    height: 860,
    minWidth: 1024,
    minHeight: 640,
    show: false,
    backgroundColor: '#ffffff',
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webviewTag: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      spellcheck: false,
      navigateOnDragDrop: false,
      safeDialogs: true,
      // A DevTools console in main's renderer could call every channel the signed-in user may.
      devTools: options.development,
    },
  };
}
