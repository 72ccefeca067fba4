import { describe, expect, it } from 'vitest';
import { APP_TITLE, isDevelopmentRun, mainWindowOptions } from '../../../main/shell/window-options';

describe('mainWindowOptions', () => {
  const preload = '/opt/tram-so-hoa/out/preload/index.cjs';
  const options = mainWindowOptions(preload, { development: false });
  const web = options.webPreferences ?? {};

  it('isolates the renderer from Node and Electron', () => {
    expect(web.contextIsolation).toBe(true);
    expect(web.sandbox).toBe(true);
    expect(web.nodeIntegration).toBe(false);
    expect(web.nodeIntegrationInWorker).toBe(false);
    expect(web.nodeIntegrationInSubFrames).toBe(false);
  });

  it('keeps web security on and risky features off', () => {
    expect(web.webviewTag).toBe(false);
    expect(web.webSecurity).toBe(true);
    expect(web.allowRunningInsecureContent).toBe(false);
    expect(web.experimentalFeatures).toBe(false);
    expect(web.spellcheck).toBe(false);
    expect(web.navigateOnDragDrop).toBe(false);
    expect(web).not.toHaveProperty('enableBlinkFeatures');
  });

  it('uses the given preload and shows the window only when ready', () => {
    expect(web.preload).toBe(preload);
    expect(options.show).toBe(false);
    expect(options.title).toBe('Trạm số hóa');
    expect(APP_TITLE).toBe('Trạm số hóa');
    expect(options.width).toBeGreaterThanOrEqual(1024);
    expect(options.height).toBeGreaterThanOrEqual(640);
  });

  it('refuses a relative preload path', () => {
    expect(() => mainWindowOptions('out/preload/index.cjs', { development: false })).toThrow(/absolute/);
  });

  it('has no DevTools in production, and only a development run has them', () => {
    expect(web.devTools).toBe(false);
    expect(mainWindowOptions(preload, { development: true }).webPreferences?.devTools).toBe(true);
  });
});

describe('isDevelopmentRun', () => {
  const dev = { NODE_ENV_ELECTRON_VITE: 'development' };

  it('is true only for an unpackaged app started by electron-vite dev', () => {
    expect(isDevelopmentRun({ isPackaged: false }, dev)).toBe(true);
  });

  it('is false for a packaged app, whatever its environment says', () => {
    expect(isDevelopmentRun({ isPackaged: true }, dev)).toBe(false);
    expect(isDevelopmentRun({ isPackaged: true }, {})).toBe(false);
  });

  it('is false for the built app that npm start runs, and for other values of the variable', () => {
    expect(isDevelopmentRun({ isPackaged: false }, {})).toBe(false);
    expect(isDevelopmentRun({ isPackaged: false }, { NODE_ENV_ELECTRON_VITE: 'production' })).toBe(false);
    expect(isDevelopmentRun({ isPackaged: false }, { NODE_ENV: 'development' })).toBe(false);
  });
});
