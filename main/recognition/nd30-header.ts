// Whether a page starts a document, read from the header Nghị định 30/2020 gives every administrative
// document (domain.md §5): the issuing body in capitals at top left with the `Số:` line under it, and the
// Quốc hiệu «CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM» at top right. Read from the words and their boxes, as
// columns: OCR often joins the two columns into one line, and a body page quoting a header in running
// text (one column, from the left margin) is not a header. The patterns are the layout reader's own
// (metadata-proposal.ts), folded, so that the same OCR misreads are forgiven (`Sá:`, `HOÀ`, `Ð`).
import type { LayoutWord } from '../contract/metadata-proposals';
import { MOTTO, NUMBER_LINE, REPUBLIC } from './nd30-lines';
import { fold, isCapitalsLine } from './ocr-mending';

/** The header sits in the top part of the page; the Số line is above this fraction of its height. */
const HEADER_TOP = 0.3;
/** The Quốc hiệu column starts right of this fraction of the width (a body line starts at the margin). */
const RIGHT_COLUMN_FROM = 0.3;

/** The header found: the words of each of its three parts, for the clerk's view. */
export interface Nd30Header {
  readonly organ: readonly number[];
  readonly republic: readonly number[];
  readonly number: readonly number[];
}

interface Line {
  readonly words: readonly LayoutWord[];
  readonly y0: number;
}

/**
 * True when the page carries an NĐ 30 header (issuing body, Quốc hiệu and `Số:` line, each in its
 * column in the top part of the page): a page that is not the first of its document and carries one is
 * proposed as the start of a new document. `width` and `height` are the page's, in its words' pixels.
 */
export function startsNewDocument(words: readonly LayoutWord[], width: number, height: number): boolean {
  return findNd30Header(words, width, height) !== null;
}

/** The NĐ 30 header on the page, or null (see `startsNewDocument`). */
export function findNd30Header(words: readonly LayoutWord[], width: number, height: number): Nd30Header | null {
  if (width <= 0 || height <= 0) return null;
  const top = lines(words.filter((w) => w.y0 < height * HEADER_TOP && w.text.trim() !== ''));
  const republic = findRepublic(top, width);
  if (!republic) return null;
  // The left column: what ends before the Quốc hiệu begins.
  const left = lines(top.flatMap((line) => line.words.filter((w) => w.x1 <= republic.x)));
  const numberLine = left.find((line) => NUMBER_LINE.test(fold(text(line))));
  if (!numberLine) return null;
  const organ = left.find((line) => line.y0 < numberLine.y0 && isOrganLine(text(line)));
  if (!organ) return null;
  return { organ: indices(organ.words), republic: republic.words, number: indices(numberLine.words) };
}

/** The first line whose words from some word on read as the Quốc hiệu (or, misread, the motto under it), right of the margin. */
function findRepublic(top: readonly Line[], width: number): { x: number; words: number[] } | null {
  for (const pattern of [REPUBLIC, MOTTO]) {
    for (const line of top) {
      const words = line.words;
      // Folded words joined by one space: a match's offset names the word it starts in.
      const starts: number[] = [];
      let joined = '';
      for (const word of words) {
        starts.push(joined.length);
        joined += `${fold(word.text)} `;
      }
      const match = pattern.exec(joined);
      if (!match) continue;
      const first = starts.findLastIndex((start) => start <= match.index);
      const x = words[first]!.x0;
      if (x < width * RIGHT_COLUMN_FROM) continue;
      return { x, words: indices(words.slice(first)) };
    }
  }
  return null;
}

function isOrganLine(line: string): boolean {
  const folded = fold(line);
  return isCapitalsLine(line) && !REPUBLIC.test(folded) && !MOTTO.test(folded);
}

/** Words grouped by the line recognition gave them, each line left to right, lines top to bottom. */
function lines(words: readonly LayoutWord[]): Line[] {
  const byLine = new Map<number, LayoutWord[]>();
  for (const word of words) {
    const line = byLine.get(word.line);
    if (line) line.push(word);
    else byLine.set(word.line, [word]);
  }
  return [...byLine.values()]
    .map((ws) => ({ words: ws.sort((a, b) => a.x0 - b.x0), y0: Math.min(...ws.map((w) => w.y0)) }))
    .sort((a, b) => a.y0 - b.y0);
}

const text = (line: Line): string => line.words.map((w) => w.text).join(' ').normalize('NFC');
const indices = (words: readonly LayoutWord[]): number[] => words.map((w) => w.index);

