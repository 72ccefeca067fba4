import { describe, expect, it } from 'vitest';
import { forEachNeighbour4 } from '../../../main/imaging/pixel-grid';

const neighbours = (k: number, width: number, height: number) => {
  const found: Array<[number, number, number]> = [];
  forEachNeighbour4(k, width, height, (n, x, y) => found.push([n, x, y]));
  return found;
};

describe('forEachNeighbour4', () => {
  it('gives the four neighbours inside the grid, never one across a row end or outside', () => {
    // A 4 × 3 grid: 0 1 2 3 / 4 5 6 7 / 8 9 10 11.
    expect(neighbours(5, 4, 3)).toEqual([[4, 0, 1], [6, 2, 1], [1, 1, 0], [9, 1, 2]]);
    expect(neighbours(0, 4, 3)).toEqual([[1, 1, 0], [4, 0, 1]]);
    // The end of a row does not lead to the start of the next.
    expect(neighbours(3, 4, 3)).toEqual([[2, 2, 0], [7, 3, 1]]);
    expect(neighbours(11, 4, 3)).toEqual([[10, 2, 2], [7, 3, 1]]);
    expect(neighbours(0, 1, 1)).toEqual([]);
  });
});
