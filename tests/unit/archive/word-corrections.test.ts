import { describe, expect, it } from 'vitest';
import { boxOverlap, correctedPageText, matchCorrections } from '../../../main/archive/word-corrections';

const box = (x0: number, y0: number, x1: number, y1: number) => ({ x0, y0, x1, y1 });

describe('word corrections: matching a new reading', () => {
  it('measures overlap as intersection over union', () => {
    expect(boxOverlap(box(0, 0, 10, 10), box(0, 0, 10, 10))).toBe(1);
    expect(boxOverlap(box(0, 0, 10, 10), box(5, 0, 15, 10))).toBeCloseTo(50 / 150);
    expect(boxOverlap(box(0, 0, 10, 10), box(10, 0, 20, 10))).toBe(0);
  });

  it('gives each correction the new word in its place, one to one, and none when its word has gone', () => {
    const corrections = [box(100, 50, 160, 70), box(170, 50, 220, 70), box(100, 300, 160, 320)];
    const words = [
      box(102, 51, 161, 71), // the first word, read again a pixel or two away
      box(168, 49, 221, 70), // the second
      box(100, 90, 160, 110), // a line below the third correction's place: not it
    ];
    expect(matchCorrections(corrections, words)).toEqual([0, 1, null]);
    // Two corrections over one word (the engine now reads two words as one): the closer one takes it.
    expect(matchCorrections([box(0, 0, 40, 10), box(0, 0, 48, 10)], [box(0, 0, 50, 10)])).toEqual([null, 0]);
  });
});

describe('word corrections: the page text', () => {
  const words = [
    { text: 'QUYẾT', line: 0 },
    { text: 'ĐỊNH', line: 0 },
    { text: 'ĐẾN', line: 9, aside: 'stamp' },
    { text: 'Điều', line: 1 },
    { text: 'đất đai', line: 1 },
  ];

  it("keeps the engine's line and paragraph breaks, words set aside left out", () => {
    expect(correctedPageText('QUYET ĐỊNH\n\nĐiều đấtđai', words)).toBe('QUYẾT ĐỊNH\n\nĐiều đất đai');
  });

  it('is rebuilt line by line from the words when the text does not line up with them', () => {
    expect(correctedPageText('something else', words)).toBe('QUYẾT ĐỊNH\nĐiều đất đai');
  });
});
