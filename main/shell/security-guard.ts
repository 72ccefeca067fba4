import type { App, Session, WebContents } from 'electron';
import type { Logger } from '../services/logger';

// One guard for every web contents the app ever creates: the UI may only show the app's own origin,
// never open windows, never host a <webview>, and never receive a browser permission. Free of Node
// imports, because the sandboxed preload's bundle reaches it through the IPC channel names.

/** The app's own origin, served by app-protocol.ts. */
export const APP_SCHEME = 'app';
export const APP_HOST = 'renderer';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;

/** True for URLs of the app's own origin (`app://renderer/…`) and nothing else. */
export function isAppUrl(url: string): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  return (
    parsed.protocol === `${APP_SCHEME}:` &&
    parsed.host === APP_HOST &&
    parsed.username === '' &&
    parsed.password === ''
  );
}

/** Navigation (and redirects) may only stay inside the app origin, e.g. a reload. */
export function isNavigationAllowed(url: string): boolean {
  return isAppUrl(url);
}

/** No permission is ever granted: the workstation needs no camera, notifications, clipboard read… */
export function isPermissionGranted(_permission: string): boolean {
  return false;
}

export function windowOpenDecision(): { action: 'deny' } {
  return { action: 'deny' };
}

/** Installs the guard; call before any window is created. */
export function installSecurityGuard(app: Pick<App, 'on'>, logger: Logger): void {
  const guardedSessions = new WeakSet<Session>();
  app.on('web-contents-created', (_event, contents) => {
    guardContents(contents, logger);
    if (!guardedSessions.has(contents.session)) {
      guardedSessions.add(contents.session);
      guardSession(contents.session);
    }
  });
}

function guardContents(contents: WebContents, logger: Logger): void {
  const refuse = (kind: string) => (event: { url: string; preventDefault(): void }) => {
    if (isNavigationAllowed(event.url)) return;
    event.preventDefault();
    // The scheme only: a full URL could carry personal data from a document.
    logger.warn({ kind, scheme: schemeOf(event.url) }, 'navigation refused');
  };
  contents.on('will-navigate', refuse('navigate'));
  contents.on('will-frame-navigate', refuse('frame-navigate'));
  contents.on('will-redirect', refuse('redirect'));
  contents.on('will-attach-webview', (event) => {
    event.preventDefault();
    logger.warn('webview refused');
  });
  contents.setWindowOpenHandler(({ url }) => {
    logger.warn({ scheme: schemeOf(url) }, 'new window refused');
    return windowOpenDecision();
  });
}

function guardSession(session: Session): void {
  session.setPermissionRequestHandler((_contents, permission, callback) => callback(isPermissionGranted(permission)));
  session.setPermissionCheckHandler((_contents, permission) => isPermissionGranted(permission));
  session.setDevicePermissionHandler((details) => isPermissionGranted(details.deviceType));
}

function schemeOf(url: string): string {
  const colon = url.indexOf(':');
  return colon > 0 ? url.slice(0, Math.min(colon, 20)) : '';
}
