// Incoming-document stamps (dấu "ĐẾN": "CÔNG VĂN ĐẾN", "Số… Giờ… Ngày…") are ruled boxes that the
// receiving office stamps into the header's free space (Nghị định 30/2020: under the number, under a công
// văn's abstract, or under the date). Their text is the office's register, not the document's, and OCR
// reads it into the header's lines ("CỔNG THÔNG TIN ĐIỆN TỬ … ĐẾN Ngày…"). They are found here as
// stamp-sized rectangles with at least three ruled sides in the upper part of the page, on the OCR image;
// sizes are in millimetres.
import type { WordBox } from './word-box';
import type { GreyImage } from './skew';
import { OCR_INK_BELOW } from './threshold';

/** Stamps are placed in the header's free space: only the upper part of the page is searched. */
const SEARCH_DEPTH = 0.45;
/** A rule may be broken by gaps this short (worn stamp ink, a scan's dropouts). */
const GAP_MM = 0.5;
/** A rule is at most this thick: thicker is a bar or a filled shape, not a stamp's frame. */
const RULE_MAX_THICKNESS_MM = 1.5;
/** The vertical side must be at least this long; letters and digits are shorter (13–14 pt text). */
const SIDE_MIN_MM = 8;
/** Runs shorter than this are not looked at: a rule's pieces are longer, a letter's strokes shorter. */
const PIECE_MM = 4;
/** How far from level a stamp may have been pressed: about 2°. */
const MAX_SLANT = 0.035;
/**
 * A stamp's size. At least 12 mm tall: the secrecy and urgency marks (MẬT, KHẨN, HỎA TỐC, 8 mm tall
 * frames by Thông tư 24/2020/TT-BCA and Nghị định 30/2020) are the document's own text and stay in it.
 */
const WIDTH_MM = [25, 100] as const;
const HEIGHT_MM = [12, 60] as const;
/** A side is at the end of the other rules, within this much (the corner of a hand-pressed stamp). */
const CORNER_MM = 3;

interface Rule {
  /** Along the rule. */
  from: number;
  to: number;
  /** Across it: its first and last pixel row (or column). */
  near: number;
  far: number;
}

/**
 * Runs of ink along one row (or column) of `length` pixels, gaps up to `gap` bridged, at least `minLength`
 * long. `inkAt(i)` tells whether the i-th pixel along it is ink.
 */
function runs(length: number, gap: number, minLength: number, inkAt: (i: number) => boolean): Array<[number, number]> {
  const found: Array<[number, number]> = [];
  let start = -1;
  let last = -1;
  for (let i = 0; i <= length; i++) {
    const ink = i < length && inkAt(i);
    if (ink && start >= 0 && i - last > gap + 1) {
      if (last - start + 1 >= minLength) found.push([start, last]);
      start = -1;
    }
    if (ink) {
      if (start < 0) start = i;
      last = i;
    }
  }
  if (start >= 0 && last - start + 1 >= minLength) found.push([start, last]);
  return found;
}

/**
 * Runs found line after line joined into rules: a run continues a rule that reached the previous line
 * or the one before it and overlaps or touches it, so a rule drawn a little aslant (a hand-pressed
 * stamp), which breaks into a staircase of short runs, is still one rule. Kept: rules at least
 * `minLength` long and no thicker than `maxThickness` plus what a slant of MAX_SLANT adds.
 */
function rules(lines: number, gap: number, minLength: number, maxThickness: number, runsOf: (line: number) => Array<[number, number]>): Rule[] {
  const done: Rule[] = [];
  let open: Rule[] = [];
  for (let line = 0; line < lines; line++) {
    const next: Rule[] = [];
    for (const [from, to] of runsOf(line)) {
      const continued = open.find((r) => !next.includes(r) && r.far >= line - 2 && Math.min(r.to, to) - Math.max(r.from, from) >= -gap);
      if (continued) {
        continued.from = Math.min(continued.from, from);
        continued.to = Math.max(continued.to, to);
        continued.far = line;
        next.push(continued);
      } else next.push({ from, to, near: line, far: line });
    }
    // Rules not continued for two lines are finished.
    for (const rule of open) if (!next.includes(rule) && rule.far < line - 1) done.push(rule);
    open = [...next, ...open.filter((r) => !next.includes(r) && r.far >= line - 1)];
  }
  done.push(...open);
  return done.filter((r) => r.to - r.from + 1 >= minLength && r.far - r.near + 1 <= maxThickness + MAX_SLANT * (r.to - r.from));
}

/**
 * The stamp boxes on a page image, in its pixels. `dpi` is the image's resolution. A box is a rectangle
 * with at least three of its four sides ruled (a worn stamp loses one): two horizontal rules joined by a
 * vertical one at an end of their common span, or two vertical rules joined by a horizontal one at an
 * end of theirs. Overlapping boxes (a stamp's inner rules give several) are merged.
 */
export function findStampBoxes(image: GreyImage, dpi: number): WordBox[] {
  const mm = (millimetres: number) => Math.round((millimetres * dpi) / 25.4);
  const { data, width } = image;
  const depth = Math.round(image.height * SEARCH_DEPTH);
  const gap = Math.max(1, mm(GAP_MM));
  const thickness = Math.max(2, mm(RULE_MAX_THICKNESS_MM));
  const piece = mm(PIECE_MM);
  const ink = (x: number, y: number) => data[y * width + x]! < OCR_INK_BELOW;

  const horizontal = rules(depth, gap, mm(WIDTH_MM[0]), thickness, (y) => runs(width, gap, piece, (x) => ink(x, y)));
  const vertical = rules(width, gap, mm(SIDE_MIN_MM), thickness, (x) => runs(depth, gap, piece, (y) => ink(x, y)));

  const corner = mm(CORNER_MM);
  const fits = (length: number, [min, max]: readonly [number, number]) => length >= mm(min) && length <= mm(max);
  /** Boxes from two parallel rules (`first` before `second` across them) and a crossing one at an end. */
  const boxesFrom = (parallel: Rule[], crossing: Rule[], along: readonly [number, number], across: readonly [number, number]) => {
    const found: Array<{ from: number; to: number; near: number; far: number }> = [];
    for (const first of parallel) {
      for (const second of parallel) {
        if (!fits(second.far - first.near, across)) continue;
        const from = Math.max(first.from, second.from);
        const to = Math.min(first.to, second.to);
        if (!fits(to - from, along)) continue;
        const joined = crossing.some(
          (c) => c.from <= first.far + corner && c.to >= second.near - corner && (Math.abs(c.near - from) <= corner || Math.abs(c.far - to) <= corner),
        );
        if (joined) found.push({ from, to, near: first.near, far: second.far });
      }
    }
    return found;
  };
  const boxes: WordBox[] = [
    ...boxesFrom(horizontal, vertical, WIDTH_MM, HEIGHT_MM).map((b) => ({ x0: b.from, x1: b.to, y0: b.near, y1: b.far })),
    ...boxesFrom(vertical, horizontal, HEIGHT_MM, WIDTH_MM).map((b) => ({ y0: b.from, y1: b.to, x0: b.near, x1: b.far })),
  ];
  return merged(boxes);
}

/** Boxes that overlap become their common bounding box, until none overlap. */
function merged(boxes: WordBox[]): WordBox[] {
  const result = boxes.map((box) => ({ ...box }));
  for (let i = 0; i < result.length; i++) {
    for (let j = i + 1; j < result.length; j++) {
      const [a, b] = [result[i]!, result[j]!];
      if (a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1) {
        result[i] = { x0: Math.min(a.x0, b.x0), y0: Math.min(a.y0, b.y0), x1: Math.max(a.x1, b.x1), y1: Math.max(a.y1, b.y1) };
        result.splice(j, 1);
        j = i; // the grown box may now overlap one already passed
      }
    }
  }
  return result;
}
