import { describe, expect, it } from 'vitest';
import { documentToolFor } from '../../../renderer/src/lib/document-tools';
import { pageToolFor } from '../../../renderer/src/lib/page-tools';

const none = { shift: false, ctrl: false };

describe('document tool keys', () => {
  it('N splits, M / Shift+M merge with the previous / next, V moves, K keeps, Ctrl+Z undoes', () => {
    expect(documentToolFor('n', none)).toBe('split');
    expect(documentToolFor('m', none)).toBe('mergePrevious');
    expect(documentToolFor('M', { shift: true, ctrl: false })).toBe('mergeNext');
    expect(documentToolFor('v', none)).toBe('move');
    expect(documentToolFor('k', none)).toBe('keep');
    expect(documentToolFor('z', { shift: false, ctrl: true })).toBe('undo');
    expect(documentToolFor('z', none)).toBeNull();
    // Ctrl+K is the search, Ctrl+Shift+Z nothing here.
    expect(documentToolFor('k', { shift: false, ctrl: true })).toBeNull();
    expect(documentToolFor('Z', { shift: true, ctrl: true })).toBeNull();
  });

  it('takes no plain key the page tools use', () => {
    for (const key of ['n', 'N', 'm', 'M', 'v', 'V', 'k', 'K']) expect(pageToolFor(key, false)).toBeNull();
  });
});
