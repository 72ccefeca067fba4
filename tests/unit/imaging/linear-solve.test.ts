import { describe, expect, it } from 'vitest';
import { solveLinear } from '../../../main/imaging/linear-solve';

describe('solveLinear', () => {
  it('solves a system that needs a row swap', () => {
    // 0·x + 2y + z = 7, x + y + z = 6, 2x + y = 4 → x = 1, y = 2, z = 3
    const { x, singular } = solveLinear(
      [
        [0, 2, 1],
        [1, 1, 1],
        [2, 1, 0],
      ],
      [7, 6, 4],
    );
    expect(singular).toBe(false);
    x.forEach((v, i) => expect(v).toBeCloseTo([1, 2, 3][i]!, 12));
  });

  it('leaves an unknown nothing pins at 0 and says the system is singular', () => {
    const { x, singular } = solveLinear(
      [
        [2, 0],
        [0, 0],
      ],
      [4, 0],
    );
    expect(singular).toBe(true);
    expect(x).toEqual([2, 0]);
  });
});
