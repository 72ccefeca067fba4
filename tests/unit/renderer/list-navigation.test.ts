import { describe, expect, it } from 'vitest';
import { isNavKey, nextIndex } from '../../../renderer/src/lib/list-navigation';

// 10 items in rows of 4:  0 1 2 3 / 4 5 6 7 / 8 9
describe('nextIndex', () => {
  const move = (from: number, key: Parameters<typeof nextIndex>[1]) => nextIndex(from, key, 10, 4, 2);

  it('moves left and right within bounds', () => {
    expect(move(5, 'ArrowRight')).toBe(6);
    expect(move(9, 'ArrowRight')).toBe(9);
    expect(move(0, 'ArrowLeft')).toBe(0);
    expect(move(4, 'ArrowLeft')).toBe(3);
  });

  it('moves up and down by a row', () => {
    expect(move(5, 'ArrowDown')).toBe(9);
    expect(move(1, 'ArrowUp')).toBe(1);
    expect(move(9, 'ArrowUp')).toBe(5);
  });

  it('goes to the last item when the next row is shorter', () => {
    expect(move(7, 'ArrowDown')).toBe(9);
    expect(move(9, 'ArrowDown')).toBe(9);
  });

  it('jumps to the ends and by pages', () => {
    expect(move(5, 'Home')).toBe(0);
    expect(move(5, 'End')).toBe(9);
    expect(move(0, 'PageDown')).toBe(8);
    expect(move(5, 'PageDown')).toBe(9);
    expect(move(9, 'PageUp')).toBe(1);
    expect(move(3, 'PageUp')).toBe(0);
  });

  it('handles empty lists, no selection and a single column', () => {
    expect(nextIndex(0, 'ArrowDown', 0, 4, 2)).toBe(-1);
    expect(nextIndex(-1, 'ArrowDown', 3, 4, 2)).toBe(0);
    expect(nextIndex(-1, 'End', 3, 4, 2)).toBe(2);
    expect(nextIndex(1, 'ArrowDown', 3, 1, 2)).toBe(2);
    expect(nextIndex(1, 'ArrowUp', 3, 0, 0)).toBe(0);
  });

  it('stays smooth with thousands of pages', () => {
    expect(nextIndex(1500, 'PageDown', 2000, 2, 4)).toBe(1508);
    expect(nextIndex(1998, 'ArrowDown', 2000, 2, 4)).toBe(1998);
  });
});

describe('isNavKey', () => {
  it('knows the navigation keys only', () => {
    expect(isNavKey('ArrowDown')).toBe(true);
    expect(isNavKey('PageUp')).toBe(true);
    expect(isNavKey('Enter')).toBe(false);
    expect(isNavKey('a')).toBe(false);
  });
});
