import { describe, expect, it } from 'vitest';
import {
  confidenceClass,
  confidenceLevel,
  formatConfidence,
  isLowConfidence,
  LOW_CONFIDENCE,
} from '../../../renderer/src/lib/confidence';

describe('confidence', () => {
  it('marks words under 60 as low', () => {
    expect(LOW_CONFIDENCE).toBe(60);
    expect(isLowConfidence(59.9)).toBe(true);
    expect(isLowConfidence(60)).toBe(false);
    expect(isLowConfidence(0)).toBe(true);
  });

  it('has levels for none, low, medium and high', () => {
    expect(confidenceLevel(null)).toBe('none');
    expect(confidenceLevel(undefined)).toBe('none');
    expect(confidenceLevel(Number.NaN)).toBe('none');
    expect(confidenceLevel(30)).toBe('low');
    expect(confidenceLevel(70)).toBe('medium');
    expect(confidenceLevel(85)).toBe('high');
    expect(confidenceLevel(100)).toBe('high');
  });

  it('gives a CSS class per level', () => {
    expect(confidenceClass(92)).toBe('confidence-high');
    expect(confidenceClass(null)).toBe('confidence-none');
  });

  it('formats as a whole percentage', () => {
    expect(formatConfidence(87.4)).toBe('87%');
    expect(formatConfidence(120)).toBe('100%');
    expect(formatConfidence(null)).toBe('—');
  });
});
