import { describe, expect, it } from 'vitest';
import { NO_SELECTION, selectPage } from '../../../renderer/src/lib/page-selection';

const plain = { shift: false, ctrl: false };
const shift = { shift: true, ctrl: false };
const ctrl = { shift: false, ctrl: true };

describe('page selection', () => {
  it('a click chooses one page; Ctrl+click adds and removes; Shift+click chooses the range from the anchor', () => {
    let s = selectPage(NO_SELECTION, 2, plain);
    expect(s).toEqual({ anchor: 2, indices: [2] });
    s = selectPage(s, 5, ctrl);
    expect(s.indices).toEqual([2, 5]);
    s = selectPage(s, 2, ctrl);
    expect(s).toEqual({ anchor: 2, indices: [5] });
    s = selectPage(selectPage(NO_SELECTION, 4, plain), 1, shift);
    expect(s).toEqual({ anchor: 4, indices: [1, 2, 3, 4] });
    // Shift+arrow on: the range follows the reached page, from the same anchor.
    s = selectPage(s, 6, shift);
    expect(s.indices).toEqual([4, 5, 6]);
    // Ctrl+Shift adds a range to what was chosen.
    s = selectPage(selectPage(selectPage(NO_SELECTION, 0, plain), 8, ctrl), 10, { shift: true, ctrl: true });
    expect(s.indices).toEqual([0, 8, 9, 10]);
    expect(selectPage(s, 3, plain)).toEqual({ anchor: 3, indices: [3] });
  });

  it('Shift with no anchor chooses the one page', () => {
    expect(selectPage(NO_SELECTION, 3, shift)).toEqual({ anchor: 3, indices: [3] });
  });
});
