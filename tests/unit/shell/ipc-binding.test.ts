import { describe, expect, it } from 'vitest';
import { badSenderResult, importDialogOptions, isTrustedSender } from '../../../main/shell/ipc-binding';

const top = (url: string) => ({ url, parent: null });

describe('isTrustedSender', () => {
  it('trusts the top frame of our window on the app origin', () => {
    expect(isTrustedSender(top('app://renderer/index.html'), true)).toBe(true);
  });

  it('refuses other windows, subframes, foreign pages and missing frames', () => {
    expect(isTrustedSender(top('app://renderer/index.html'), false)).toBe(false);
    expect(isTrustedSender({ url: 'app://renderer/index.html', parent: top('app://renderer/index.html') } as never, true)).toBe(false);
    expect(isTrustedSender(top('https://example.com/'), true)).toBe(false);
    expect(isTrustedSender(top('file:///tmp/index.html'), true)).toBe(false);
    expect(isTrustedSender(null, true)).toBe(false);
  });

  it('answers a foreign sender with BAD_SENDER in Vietnamese', () => {
    const result = badSenderResult();
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.code).toBe('BAD_SENDER');
      expect(result.error.message).toMatch(/từ chối/);
    }
  });
});

describe('importDialogOptions', () => {
  it('offers images and PDF, several at once', () => {
    const options = importDialogOptions('linux');
    expect(options.properties).toContain('multiSelections');
    expect(options.filters?.[0]?.extensions).toEqual(['tif', 'tiff', 'png', 'jpg', 'jpeg', 'pdf']);
    expect(importDialogOptions('darwin').properties).toContain('openDirectory');
  });
});
