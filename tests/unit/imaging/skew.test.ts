// Skew of generated pages of real Vietnamese text with known angles: the issue asks a mean error of at
// most 0.1° on pages skewed up to ±5°.
import { describe, expect, it } from 'vitest';
import { estimateSkew } from '../../../main/imaging/skew';
import { textPage } from '../../support/page-generator';

describe('estimateSkew', () => {
  it('finds the skew of text pages within 0.1° on average, up to ±5°', async () => {
    const angles = [-5, -4.3, -3.1, -2.2, -1.4, -0.6, -0.15, 0, 0.25, 0.8, 1.7, 2.6, 3.4, 4.45, 5];
    const errors: number[] = [];
    for (const [i, angle] of angles.entries()) {
      const page = textPage({ dpi: 150, skewDegrees: angle, firstLine: i * 7 });
      const { angle: found, contrast } = await estimateSkew(page.png);
      errors.push(Math.abs(found - angle));
      expect(contrast).toBeGreaterThan(1.5);
    }
    const mean = errors.reduce((a, b) => a + b, 0) / errors.length;
    expect(mean).toBeLessThanOrEqual(0.1);
    expect(Math.max(...errors)).toBeLessThanOrEqual(0.25);
  });

  it('says nothing about a blank page', async () => {
    const blank = textPage({ lines: 0 });
    expect(await estimateSkew(blank.png)).toEqual({ angle: 0, contrast: 1 });
  });
});
