import { describe, expect, it } from 'vitest';
import { pageToolFor } from '../../../renderer/src/lib/page-tools';

describe('pageToolFor', () => {
  it('maps the plain keys and Ctrl+Z, in either case', () => {
    expect(['[', ']', 'o', 'D', 'c', 'L', 's', 't', 'B'].map((k) => pageToolFor(k, false))).toEqual([
      'rotateLeft',
      'rotateRight',
      'orient',
      'deskew',
      'crop',
      'clean',
      'split',
      'blank',
      'before',
    ]);
    expect(pageToolFor('z', true)).toBe('undo');
    expect(pageToolFor('Z', true)).toBe('undo');
  });

  it('leaves other keys, and Ctrl with other keys, alone (Ctrl+C copies, Ctrl+S saves)', () => {
    expect(['z', 'x', '+', '0', 'F2', 'Delete'].map((k) => pageToolFor(k, false))).toEqual([null, null, null, null, null, null]);
    expect(['c', 's', 'b'].map((k) => pageToolFor(k, true))).toEqual([null, null, null]);
  });
});
