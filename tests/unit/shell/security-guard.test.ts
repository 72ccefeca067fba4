import { describe, expect, it } from 'vitest';
import { isAppUrl, isNavigationAllowed, isPermissionGranted, windowOpenDecision } from '../../../main/shell/security-guard';

describe('isAppUrl', () => {
  it.each(['app://renderer/index.html', 'app://renderer/', 'app://renderer/page-image/3/thumb', 'app://renderer/index.html#/dossier/2'])(
    'accepts %s',
    (url) => expect(isAppUrl(url)).toBe(true),
  );

  it.each([
    'https://example.com/',
    'http://127.0.0.1:5173/',
    'file:///etc/passwd',
    'app://other/index.html',
    'app://renderer.evil.com/index.html',
    'app://renderer:8080/index.html',
    'app://user:pw@renderer/index.html',
    'app://evil/renderer/index.html',
    'javascript:alert(1)',
    'data:text/html,<script>1</script>',
    'about:blank',
    'devtools://devtools/bundled/inspector.html',
    'not a url',
    '',
  ])('refuses %s', (url) => expect(isAppUrl(url)).toBe(false));
});

describe('guard decisions', () => {
  it('lets navigation stay inside the app only', () => {
    expect(isNavigationAllowed('app://renderer/index.html')).toBe(true);
    expect(isNavigationAllowed('https://example.com/')).toBe(false);
  });

  it('denies every new window', () => {
    expect(windowOpenDecision()).toEqual({ action: 'deny' });
  });

  it.each(['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal', 'fullscreen', 'usb', 'unknown'])(
    'denies the %s permission',
    (permission) => expect(isPermissionGranted(permission)).toBe(false),
  );
});
