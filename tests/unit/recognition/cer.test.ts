import { describe, expect, it } from 'vitest';
import { characterErrorRate } from '../../support/cer';

describe('characterErrorRate', () => {
  it('is 0 for identical text', () => {
    expect(characterErrorRate('Độc lập - Tự do - Hạnh phúc', 'Độc lập - Tự do - Hạnh phúc')).toBe(0);
  });

  it('ignores layout: runs of spaces, line breaks and blank lines count as one space', () => {
    expect(characterErrorRate('Số: 729/QĐ-TTg\n\nHà Nội,   ngày 23', '  Số: 729/QĐ-TTg Hà Nội, ngày 23\n')).toBe(0);
  });

  it('compares NFC forms, so a decomposed letter is the same letter', () => {
    const decomposed = 'Quyết định'.normalize('NFD');
    expect(characterErrorRate(decomposed, 'Quyết định')).toBe(0);
  });

  it('counts a wrong diacritic as one substitution of one code point', () => {
    // "Quyêt" for "Quyết": one letter in ten.
    expect(characterErrorRate('Quyêt định', 'Quyết định')).toBeCloseTo(1 / 10, 10);
  });

  it('is the Levenshtein distance over the reference length', () => {
    expect(characterErrorRate('sitting', 'kitten')).toBeCloseTo(3 / 6, 10);
    expect(characterErrorRate('kitten', 'sitting')).toBeCloseTo(3 / 7, 10);
    expect(characterErrorRate('abc', 'abcd')).toBeCloseTo(1 / 4, 10);
    expect(characterErrorRate('xabcd', 'abcd')).toBeCloseTo(1 / 4, 10);
  });

  it('counts characters outside the BMP once', () => {
    expect(characterErrorRate('a𝐀b', 'ab')).toBeCloseTo(1 / 2, 10);
  });

  it('is 1 for an empty hypothesis and can exceed 1 for a long one', () => {
    expect(characterErrorRate('', 'abcd')).toBe(1);
    expect(characterErrorRate('abcdefgh', 'ab')).toBe(3);
  });

  it('handles an empty reference', () => {
    expect(characterErrorRate('', '')).toBe(0);
    expect(characterErrorRate(' \n ', '')).toBe(0);
    expect(characterErrorRate('x', '')).toBe(1);
  });
});
