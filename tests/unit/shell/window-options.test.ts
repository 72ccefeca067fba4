import { describe, expect, it } from 'vitest';
import { APP_TITLE, mainWindowOptions } from '../../../main/shell/window-options';

describe('mainWindowOptions', () => {
  const preload = '/opt/tram-so-hoa/out/preload/index.cjs';
  const options = mainWindowOptions(preload);
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
    expect(() => mainWindowOptions('out/preload/index.cjs')).toThrow(/absolute/);
  });
});
