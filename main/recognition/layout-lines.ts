// A page's words as printed lines of one column each, for the NĐ 30 layout reader. Recognition numbers
// lines in reading order, but it sometimes puts the two header columns (or `Nơi nhận` and the signature
// block) on one line: a line is cut wherever the gap between two words is far wider than its letters,
// so that each piece is the part of one column. Text is kept with each word's offset in it, so that a
// pattern found in the text gives back the words it was read from.
import type { FieldProposal, LayoutPage, LayoutWord, WordRef } from '../contract/metadata-proposals';
import { median } from './word-geometry';

export interface PrintedLine {
  readonly pageId: number;
  readonly words: readonly LayoutWord[];
  /** NFC, words joined by one space. */
  readonly text: string;
  /** Where each word starts in `text`. */
  readonly starts: readonly number[];
  readonly x0: number;
  readonly y0: number;
  readonly x1: number;
  readonly y1: number;
}

/** A gap wider than this many letter heights between two words of a line separates two columns. */
const COLUMN_GAP_HEIGHTS = 1.6;

export function printedLine(pageId: number, words: readonly LayoutWord[]): PrintedLine {
  const texts = words.map((w) => w.text.normalize('NFC'));
  const starts: number[] = [];
  let offset = 0;
  for (const text of texts) {
    starts.push(offset);
    offset += text.length + 1;
  }
  return {
    pageId, words, text: texts.join(' '), starts,
    x0: Math.min(...words.map((w) => w.x0)), y0: Math.min(...words.map((w) => w.y0)),
    x1: Math.max(...words.map((w) => w.x1)), y1: Math.max(...words.map((w) => w.y1)),
  };
}

/** The page's printed lines, top to bottom (by their middle), each cut at column gaps. */
export function printedLines(page: LayoutPage): PrintedLine[] {
  const byLine = new Map<number, LayoutWord[]>();
  for (const word of page.words) {
    if (!word.text.trim()) continue;
    const list = byLine.get(word.line) ?? [];
    list.push(word);
    byLine.set(word.line, list);
  }
  const lines: PrintedLine[] = [];
  for (const words of byLine.values()) {
    const sorted = [...words].sort((a, b) => a.x0 - b.x0);
    const height = median(sorted.map((w) => w.y1 - w.y0));
    let piece: LayoutWord[] = [];
    for (const word of sorted) {
      const last = piece.at(-1);
      if (last && word.x0 - last.x1 > COLUMN_GAP_HEIGHTS * height) {
        lines.push(printedLine(page.pageId, piece));
        piece = [];
      }
      piece.push(word);
    }
    if (piece.length > 0) lines.push(printedLine(page.pageId, piece));
  }
  return lines.sort((a, b) => a.y0 + a.y1 - (b.y0 + b.y1) || a.x0 - b.x0);
}

/** The part of `line` from word `from` (inclusive) to word `to` (exclusive). */
export function sliceLine(line: PrintedLine, from: number, to = line.words.length): PrintedLine {
  return printedLine(line.pageId, line.words.slice(from, to));
}

/** The index of the word holding character `offset` of the line's text. */
export function wordAt(line: PrintedLine, offset: number): number {
  let index = 0;
  while (index + 1 < line.starts.length && (line.starts[index + 1] ?? 0) <= offset) index += 1;
  return index;
}

/** The words that characters [start, end) of the line's text were read from. */
export function wordsOf(line: PrintedLine, start: number, end: number): LayoutWord[] {
  if (end <= start) return [];
  return line.words.slice(wordAt(line, start), wordAt(line, end - 1) + 1);
}

export const refsOf = (pageId: number, words: readonly LayoutWord[]): WordRef[] => words.map((w) => ({ pageId, index: w.index }));

/** Height of a line's letters: its words' median height. */
export const letterHeight = (line: PrintedLine): number => median(line.words.map((w) => w.y1 - w.y0));

export const centreX = (line: { x0: number; x1: number }): number => (line.x0 + line.x1) / 2;

/** How much less sure a value is when it had to be mended (diacritics restored, a letter or digit fixed). */
export const MENDED_PENALTY = 20;

/** A value with the least confidence of its words, lowered when mended. */
export function evidence(value: string, pageId: number, words: readonly LayoutWord[], mended: boolean): FieldProposal {
  const least = words.length > 0 ? Math.min(...words.map((w) => w.confidence)) : 0;
  return { value, confidence: Math.max(0, Math.round(least - (mended ? MENDED_PENALTY : 0))), words: refsOf(pageId, words) };
}
