import { describe, expect, it } from 'vitest';
import type { WordView } from '../../../main/contract/domain';
import { groupWordsByLine, highlightedWords, scaleBox } from '../../../renderer/src/lib/word-boxes';

const word = (text: string, line: number, x0 = 0): WordView => ({ text, line, x0, y0: 0, x1: x0 + 10, y1: 10, confidence: 90 });

describe('scaleBox', () => {
  it('scales master pixels by displayed width / master width', () => {
    expect(scaleBox({ x0: 1000, y0: 500, x1: 1500, y1: 600 }, 1240, 2480)).toEqual({ left: 500, top: 250, width: 250, height: 50 });
  });

  it('tolerates reversed corners and a zero width', () => {
    expect(scaleBox({ x0: 20, y0: 20, x1: 10, y1: 10 }, 100, 100)).toEqual({ left: 10, top: 10, width: 10, height: 10 });
    expect(scaleBox({ x0: 20, y0: 20, x1: 10, y1: 10 }, 100, 0).width).toBe(0);
  });
});

describe('groupWordsByLine', () => {
  it('groups by line number in order, keeping each word index', () => {
    const lines = groupWordsByLine([word('Điều', 2), word('QUYẾT', 1), word('1.', 2, 50), word('ĐỊNH', 1, 60)]);
    expect(lines.map((l) => l.map((w) => w.word.text).join(' '))).toEqual(['QUYẾT ĐỊNH', 'Điều 1.']);
    expect(lines[1]?.map((w) => w.index)).toEqual([0, 2]);
  });
});

describe('highlightedWords', () => {
  const words = [{ index: 3, text: 'đất', x0: 1, y0: 2, x1: 3, y1: 4 }];
  it('gives the words only for the page and rendering they were found on', () => {
    const highlight = { pageId: 7, imageVersion: 'abc', words };
    expect(highlightedWords(highlight, { id: 7, imageVersion: 'abc' })).toBe(words);
    expect(highlightedWords(highlight, { id: 8, imageVersion: 'abc' })).toEqual([]);
    // The page was edited since: its words moved.
    expect(highlightedWords(highlight, { id: 7, imageVersion: 'def' })).toEqual([]);
    expect(highlightedWords(null, { id: 7, imageVersion: 'abc' })).toEqual([]);
    expect(highlightedWords(highlight, null)).toEqual([]);
  });
});
