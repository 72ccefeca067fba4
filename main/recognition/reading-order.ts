// Reading order of an administrative page (Nghị định 30/2020, domain.md §5). The header is two columns
// (issuing body and number on the left; the national motto and the place and date on the right) and the
// foot is two columns again (`Nơi nhận` on the left, the signature block on the right). Tesseract often
// reads such a row as one line, mixing both columns; here those lines are cut at the columns' gutter and
// put back in reading order: in the header, row band by row band, left column before right; at the foot,
// the whole left column before the right one. The body between keeps Tesseract's order.
import type { WordView } from '../contract/domain';
import { boundingBox, median } from './word-geometry';

/** A line of words as read, left to right, with the paragraph it belongs to. */
export interface ReadLine {
  words: WordView[];
  paragraph: number;
}

interface Span {
  from: number;
  to: number;
}

/**
 * The gutter must be at least this many word heights wide: three spaces between words. Header columns
 * can stand as close as 7 mm (85 px at 300 dpi for 50 px words).
 */
const GUTTER_MIN_HEIGHTS = 1.2;
/** A line on one side whose middle is this close (share of the text's width) to the text's is centred. */
const CENTRED = 0.08;
/** The gutter lies in the middle half of the text's width. */
const GUTTER_ZONE = [0.25, 0.75] as const;
/** Header rows farther apart than this many word heights start a new band. */
const BAND_GAP_HEIGHTS = 0.8;
/** A header ends by this fraction of the text's height at the latest; a foot starts after it. */
const HEADER_MAX_DEPTH = 0.4;
const FOOT_MIN_DEPTH = 0.5;
/**
 * The number line (`Số: 15/QĐ-UBND`) starts the header's second band even when it sits close under the
 * first. Tolerant of the usual misreadings of `Số` ("So:", "Sồ:", "sé:").
 */
const NUMBER_LINE = /^s\S{0,2}\s*:/iu;

/** Below this confidence a "word" is mostly a stamp's or a speck's shapes read as letters. */
const INK_MIN_CONFIDENCE = 40;

const hasLetters = (word: WordView) => /[\p{L}\p{N}]/u.test(word.text);
/** Words that mark out columns: real text, not rules, specks or stamp fragments. */
export const isText = (word: WordView) => hasLetters(word) && word.confidence >= INK_MIN_CONFIDENCE;

/**
 * The widest stretch of the middle of the text that no word of `lines` covers, or null when there is
 * none wide enough. Only text counts (see isText).
 */
function gutter(lines: ReadLine[], middle: Span, minWidth: number): Span | null {
  const covered = lines
    .flatMap((line) => line.words.filter(isText))
    .map((w) => ({ from: w.x0, to: w.x1 }))
    .sort((a, b) => a.from - b.from);
  let best: Span | null = null;
  let free = middle.from;
  for (const span of [...covered, { from: middle.to, to: Infinity }]) {
    const end = Math.min(span.from, middle.to);
    if (end - free >= minWidth && (!best || end - free > best.to - best.from)) best = { from: free, to: end };
    free = Math.max(free, span.to);
    if (free >= middle.to) break;
  }
  return best;
}

/** Lines split at the gutter: each side of a line becomes a line of its own. */
function splitAt(lines: ReadLine[], cut: number): { left: ReadLine[]; right: ReadLine[] } {
  const left: ReadLine[] = [];
  const right: ReadLine[] = [];
  for (const line of lines) {
    const l = line.words.filter((w) => (w.x0 + w.x1) / 2 < cut);
    const r = line.words.filter((w) => (w.x0 + w.x1) / 2 >= cut);
    if (l.length > 0) left.push({ words: l, paragraph: line.paragraph });
    if (r.length > 0) right.push({ words: r, paragraph: line.paragraph });
  }
  return { left, right };
}

/**
 * The longest run of lines (taken from the top, or from the bottom) that share a gutter, with words on
 * both sides of it. Null when the page has no such two-column zone there. When `centred` is given, a
 * centred line that keeps to one side (the document type, a centred heading) belongs to neither column:
 * the zone ends before it.
 */
function twoColumnZone(ordered: ReadLine[], middle: Span, minWidth: number, withinDepth: (line: ReadLine) => boolean, centred?: (line: ReadLine) => boolean): { count: number; cut: number } | null {
  let found: { count: number; cut: number } | null = null;
  for (let count = 1; count <= ordered.length && withinDepth(ordered[count - 1]!); count++) {
    const zone = ordered.slice(0, count);
    const free = gutter(zone, middle, minWidth);
    if (!free) break;
    const cut = (free.from + free.to) / 2;
    const added = splitAt([ordered[count - 1]!], cut);
    const oneSided = added.left.length === 0 || added.right.length === 0;
    if (oneSided && centred?.(ordered[count - 1]!)) break;
    const { left, right } = splitAt(zone, cut);
    if (left.some((l) => l.words.some(isText)) && right.some((l) => l.words.some(isText))) found = { count, cut };
  }
  return found;
}

/** Header parts in bands of rows; within a band the left column comes first. */
function headerOrder(left: ReadLine[], right: ReadLine[], wordHeight: number): ReadLine[][] {
  const parts = [...left.map((line) => ({ line, side: 0 })), ...right.map((line) => ({ line, side: 1 }))].sort((a, b) => boundingBox(a.line.words).y0 - boundingBox(b.line.words).y0);
  const bands: Array<typeof parts> = [];
  let bottom = -Infinity;
  for (const part of parts) {
    const inked = part.line.words.filter(hasLetters);
    const { y0, y1 } = boundingBox(inked.length > 0 ? inked : part.line.words);
    const numberLine = part.side === 0 && NUMBER_LINE.test(part.line.words[0]!.text);
    if (bands.length === 0 || y0 - bottom > BAND_GAP_HEIGHTS * wordHeight || (numberLine && bands.at(-1)!.length > 0)) bands.push([]);
    bands.at(-1)!.push(part);
    if (inked.length > 0) bottom = Math.max(bottom, y1);
  }
  // Lines with no real text (stamp fragments, specks read as letters) go after the header's columns,
  // so that the issuing body stays the first thing read; their words are kept.
  const noise = parts.filter((p) => !p.line.words.some(isText)).map((p) => p.line);
  const columns = bands.flatMap((band) => [0, 1].map((side) => band.filter((p) => p.side === side && p.line.words.some(isText)).map((p) => p.line)));
  return [...columns, noise].filter((group) => group.length > 0);
}

/**
 * Lines in reading order, grouped into blocks (a blank line is written between blocks): the header's
 * columns band by band, the body's paragraphs, the foot's left then right column.
 */
export function inReadingOrder(lines: ReadLine[]): ReadLine[][] {
  const usable = lines.filter((line) => line.words.length > 0);
  const words = usable.flatMap((line) => line.words);
  const byParagraph = (group: ReadLine[]) => {
    const blocks: ReadLine[][] = [];
    for (const line of group) {
      if (blocks.length === 0 || blocks.at(-1)!.at(-1)!.paragraph !== line.paragraph) blocks.push([]);
      blocks.at(-1)!.push(line);
    }
    return blocks;
  };
  if (words.length === 0) return [];
  const text = words.filter(isText);
  const extent = boundingBox(text.length > 0 ? text : words);
  const wordHeight = median(words.map((w) => w.y1 - w.y0));
  const width = extent.x1 - extent.x0;
  const height = Math.max(1, extent.y1 - extent.y0);
  const middle = { from: extent.x0 + GUTTER_ZONE[0] * width, to: extent.x0 + GUTTER_ZONE[1] * width };
  const minWidth = GUTTER_MIN_HEIGHTS * wordHeight;
  const centre = (line: ReadLine) => {
    const b = boundingBox(line.words);
    return (b.y0 + b.y1) / 2;
  };
  const depth = (line: ReadLine) => (centre(line) - extent.y0) / height;
  const centred = (line: ReadLine) => {
    const inked = line.words.filter(isText);
    if (inked.length === 0) return false;
    const b = boundingBox(inked);
    return Math.abs((b.x0 + b.x1) / 2 - (extent.x0 + extent.x1) / 2) < CENTRED * width;
  };

  const topDown = [...usable].sort((a, b) => centre(a) - centre(b));
  const header = twoColumnZone(topDown, middle, minWidth, (line) => depth(line) <= HEADER_MAX_DEPTH, centred);
  const headerLines = new Set(header ? topDown.slice(0, header.count) : []);
  const bottomUp = [...topDown].reverse().filter((line) => !headerLines.has(line));
  // No centred rule at the foot: the recipients' notes stand near the middle of the page ("(để b/c)"
  // beside a brace of recipients) and belong to the left column; the body's last full line ends the foot.
  const foot = twoColumnZone(bottomUp, middle, minWidth, (line) => depth(line) >= FOOT_MIN_DEPTH);
  const footLines = new Set(foot ? bottomUp.slice(0, foot.count) : []);

  const blocks: ReadLine[][] = [];
  if (header) {
    const { left, right } = splitAt(topDown.slice(0, header.count), header.cut);
    blocks.push(...headerOrder(left, right, wordHeight));
  }
  blocks.push(...byParagraph(usable.filter((line) => !headerLines.has(line) && !footLines.has(line))));
  if (foot) {
    const { left, right } = splitAt(bottomUp.slice(0, foot.count).reverse(), foot.cut);
    const topOf = (line: ReadLine) => boundingBox(line.words).y0;
    for (const side of [left, right]) if (side.length > 0) blocks.push(side.sort((a, b) => topOf(a) - topOf(b)));
  }
  return blocks;
}
