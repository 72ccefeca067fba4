import path from 'node:path';
import type { BrowserWindowConstructorOptions } from 'electron';

export const APP_TITLE = 'Trạm số hóa';

/**
 * The main window's settings: Electron's security checklist in one place, so one test can hold
 * every flag down. The window stays hidden until its first paint to avoid a white flash.
 */
export function mainWindowOptions(preloadPath: string): BrowserWindowConstructorOptions {
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
    },
  };
}
