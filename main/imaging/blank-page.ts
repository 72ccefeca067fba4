// Is a page blank? A flag for the clerk, never a reason to skip recognition (the recognition service
// also clears it when OCR finds sure words). The verdict judges ink on the sheet, not on the scan: the
// sheet is found inside the scanner bed (sheet-area.ts) and judged away from its edges, where the bed's
// shadow, staples and punch holes are; the paper's tone is fitted as a smooth surface, so that tint and
// an uneven lamp are paper; ink is what is much darker than that surface (show-through and a crease are
// faint); and what is left is sorted into marks: specks too small to be a letter and lone straight lines
// (a crease, a shadow's edge) are not content, letters, rules, frames, photos and drawings are. Backs of
// sheets carry show-through, specks and creases and are blank; one short line keeps a page as text.
import sharp, { type Sharp } from 'sharp';
import { maxPixels } from './image-limits';
import type { Box } from '../contract/page-recipe';
import { solveLinear } from './linear-solve';
import { sheetArea } from './sheet-area';
import type { GreyImage } from './skew';

export interface BlankVerdict {
  blank: boolean;
  /** Share of the judged sheet covered by content ink (specks, lone lines and edge marks left out). */
  inkRatio: number;
  /** Content marks found on the sheet: letters, rules, frames, shapes. */
  marks: number;
}

export interface SheetContent {
  /** Content marks (connected ink), specks and lone lines left out. */
  marks: number;
  /** Those of them shaped like a letter of body text (1.2–8 mm tall, up to 10 mm wide). */
  letters: number;
  /** Their ink, in mm². */
  inkMm2: number;
  inkRatio: number;
  /** The part of the image judged (image pixels). */
  judged: Box;
}

const ANALYSIS_WIDTH = 1000;
/**
 * The sheet is judged this far inside its edges: punch holes (up to 15 mm in), staples (up to 20 mm)
 * and the fold's shadow on half a spread lie outside; official documents keep text further in, except
 * the page number, which is not content enough to make a page of its own.
 */
const SHEET_MARGIN_MM = 20;
/** Ink is at least this share darker than the fitted paper: show-through and creases stay lighter. */
const INK_SHARE = 0.3;
/** A mark smaller than this in both directions is a speck (a letter of 8 pt is about 2 mm tall). */
const SPECK_MM = 1.2;
/** A mark thinner than this and far longer than thick, alone, is a line: a crease or a shadow's edge. */
const LINE_MM = 1.5;
const LINE_ELONGATION = 12;
/**
 * Below this ink a sheet is blank. One short line ("Tổng số: 05 tờ", 13 pt) carries about 20 mm² of
 * ink; a few specks that pass as marks stay under a couple.
 */
const BLANK_BELOW_MM2 = 6;
/** Cells of the paper surface fit. */
const CELL_MM = 8;

/**
 * `input`: an encoded image or its path, or a page already being rendered by sharp. `widthMm`: how wide
 * that image is on paper, when its resolution is known (otherwise its short side is taken for an A4's
 * 210 mm).
 */
export async function detectBlank(input: Buffer | string | Sharp, options: { widthMm?: number } = {}): Promise<BlankVerdict> {
  const image = Buffer.isBuffer(input) || typeof input === 'string' ? sharp(input, { limitInputPixels: maxPixels() }) : input;
  const { data, info } = await image.greyscale().resize({ width: ANALYSIS_WIDTH, withoutEnlargement: true }).toColourspace('b-w').raw().toBuffer({ resolveWithObject: true });
  const grey = { data, width: info.width, height: info.height };
  const pxPerMm = options.widthMm && options.widthMm > 0 ? info.width / options.widthMm : Math.min(info.width, info.height) / 210;
  const content = sheetContent(grey, pxPerMm);
  return { blank: content.inkMm2 < BLANK_BELOW_MM2, inkRatio: content.inkRatio, marks: content.marks };
}

/** The content on the sheet of a grey image at `pxPerMm`. */
export function sheetContent(image: GreyImage, pxPerMm: number): SheetContent {
  const sheet = sheetArea(image);
  const margin = Math.round(SHEET_MARGIN_MM * pxPerMm);
  let judged: Box = { x: sheet.x + margin, y: sheet.y + margin, width: sheet.width - 2 * margin, height: sheet.height - 2 * margin };
  // A sheet too small for the margin (a scrap, a half of a tiny spread): its middle.
  if (judged.width < sheet.width * 0.3 || judged.height < sheet.height * 0.3) {
    judged = { x: sheet.x + Math.round(sheet.width * 0.2), y: sheet.y + Math.round(sheet.height * 0.2), width: Math.round(sheet.width * 0.6), height: Math.round(sheet.height * 0.6) };
  }
  const paper = paperSurface(image, judged, Math.max(4, Math.round(CELL_MM * pxPerMm)));
  const ink = new Uint8Array(judged.width * judged.height);
  for (let y = 0; y < judged.height; y++) {
    for (let x = 0; x < judged.width; x++) {
      const level = paper(x, y);
      if (image.data[(judged.y + y) * image.width + judged.x + x]! < level * (1 - INK_SHARE)) ink[y * judged.width + x] = 1;
    }
  }
  const counted = countMarks(ink, judged.width, judged.height, pxPerMm);
  const area = pxPerMm * pxPerMm;
  return { ...counted, inkMm2: counted.inkPx / area, inkRatio: counted.inkPx / Math.max(1, judged.width * judged.height), judged };
}

/**
 * The paper's tone over the judged box as a quadratic surface (tint, the lamp's falloff), fitted to the
 * light end of each cell; cells much darker than the fit (a photo, a seal, a table's dense text) are
 * left out and the fit done again. Coordinates are within the box.
 */
function paperSurface(image: GreyImage, box: Box, cell: number): (x: number, y: number) => number {
  const samples: Array<{ x: number; y: number; v: number }> = [];
  const histogram = new Uint32Array(256);
  for (let cy = 0; cy < box.height; cy += cell) {
    for (let cx = 0; cx < box.width; cx += cell) {
      histogram.fill(0);
      let n = 0;
      for (let y = cy; y < Math.min(box.height, cy + cell); y++) {
        for (let x = cx; x < Math.min(box.width, cx + cell); x++) {
          histogram[image.data[(box.y + y) * image.width + box.x + x]!]!++;
          n++;
        }
      }
      let seen = 0;
      let v = 255;
      for (; v > 0; v--) {
        seen += histogram[v]!;
        if (seen >= n * 0.1) break;
      }
      samples.push({ x: (cx + cell / 2) / box.width - 0.5, y: (cy + cell / 2) / box.height - 0.5, v });
    }
  }
  let used = samples;
  let coefficients = fitQuadratic(used);
  for (let round = 0; round < 3 && coefficients; round++) {
    const c = coefficients;
    const kept = samples.filter((s) => s.v >= evaluate(c, s.x, s.y) - 12);
    if (kept.length < 12 || kept.length === used.length) break;
    used = kept;
    coefficients = fitQuadratic(used) ?? c;
  }
  if (!coefficients) {
    const level = samples.reduce((m, s) => Math.max(m, s.v), 0);
    return () => level;
  }
  const c = coefficients;
  return (x, y) => Math.min(255, evaluate(c, x / box.width - 0.5, y / box.height - 0.5));
}

function evaluate(c: number[], x: number, y: number): number {
  return c[0]! + c[1]! * x + c[2]! * y + c[3]! * x * x + c[4]! * y * y + c[5]! * x * y;
}

/** Least squares of v ≈ a + bx + cy + dx² + ey² + fxy; null when the samples cannot fix it. */
function fitQuadratic(samples: Array<{ x: number; y: number; v: number }>): number[] | null {
  if (samples.length < 12) return null;
  const n = 6;
  const A = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  const b = new Array<number>(n).fill(0);
  for (const s of samples) {
    const terms = [1, s.x, s.y, s.x * s.x, s.y * s.y, s.x * s.y];
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) A[i]![j]! += terms[i]! * terms[j]!;
      b[i]! += terms[i]! * s.v;
    }
  }
  const { x, singular } = solveLinear(A, b, 1e-9);
  return singular ? null : x;
}

/** Connected ink (8-neighbours) sorted into content marks; specks, lone lines and edge slivers go. */
function countMarks(ink: Uint8Array, width: number, height: number, pxPerMm: number): { marks: number; letters: number; inkPx: number } {
  const speck = SPECK_MM * pxPerMm;
  const line = LINE_MM * pxPerMm;
  const sliver = 10 * pxPerMm;
  const stack = new Int32Array(width * height);
  let marks = 0;
  let letters = 0;
  let inkPx = 0;
  for (let start = 0; start < ink.length; start++) {
    if (ink[start] !== 1) continue;
    ink[start] = 2;
    let top = 0;
    stack[top++] = start;
    let n = 0;
    let x0 = width;
    let x1 = -1;
    let y0 = height;
    let y1 = -1;
    while (top > 0) {
      const i = stack[--top]!;
      const x = i % width;
      const y = (i - x) / width;
      n++;
      if (x < x0) x0 = x;
      if (x > x1) x1 = x;
      if (y < y0) y0 = y;
      if (y > y1) y1 = y;
      for (let dy = -1; dy <= 1; dy++) {
        const ny = y + dy;
        if (ny < 0 || ny >= height) continue;
        for (let dx = -1; dx <= 1; dx++) {
          const nx = x + dx;
          if (nx < 0 || nx >= width) continue;
          const j = ny * width + nx;
          if (ink[j] === 1) {
            ink[j] = 2;
            stack[top++] = j;
          }
        }
      }
    }
    const w = x1 - x0 + 1;
    const h = y1 - y0 + 1;
    const long = Math.max(w, h);
    const thin = Math.min(w, h);
    if (long < speck) continue;
    if (thin <= line && long >= LINE_ELONGATION * thin) continue;
    // Cut by the judged box's edge and thin there: the rest of a shadow, a hole or the bed's edge.
    const touches = x0 === 0 || y0 === 0 || x1 === width - 1 || y1 === height - 1;
    if (touches && thin < sliver) continue;
    marks++;
    inkPx += n;
    if (h >= speck && h <= 8 * pxPerMm && w <= 10 * pxPerMm) letters++;
  }
  return { marks, letters, inkPx };
}
