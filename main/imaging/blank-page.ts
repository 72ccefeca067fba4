// Is a page blank? Flagged for the clerk, never dropped. Stapled dossiers carry backs of sheets with
// only show-through, speckle and edge shadows, and also near-blank pages with one short line of text,
// which are not blank. So: ignore the scan's edges (shadows), remove speckle, count only pixels much
// darker than the paper (show-through is faint), and call the page blank only when almost no ink is left.
import sharp, { type Sharp } from 'sharp';
import { maxPixels } from './image-limits';

export interface BlankVerdict {
  blank: boolean;
  /** Share of the page (inside the margins) covered by ink, after speckle removal. */
  inkRatio: number;
}

const ANALYSIS_WIDTH = 1000;
/** The outer 4 % of each side: where scanner shadows, punch holes and staple marks live. */
const EDGE = 0.04;
/** Ink is this much darker than the paper (0–255); show-through stays lighter. */
const INK_CONTRAST = 90;
/**
 * Below this share of ink a page is blank. One short line ("Độc lập", 13 pt) covers about 0.03 % of
 * an A4 page: the limit is several times lower, so that such a page is kept as text.
 */
const BLANK_BELOW = 0.00005;

/** `input`: an encoded image or its path, or a page already being rendered by sharp. */
export async function detectBlank(input: Buffer | string | Sharp): Promise<BlankVerdict> {
  const image = Buffer.isBuffer(input) || typeof input === 'string' ? sharp(input, { limitInputPixels: maxPixels() }) : input;
  const { data, info } = await image
    .greyscale()
    .resize({ width: ANALYSIS_WIDTH, withoutEnlargement: true })
    // A 3 × 3 median removes isolated specks of dust and scanner noise but keeps strokes of text.
    .median(3)
    .raw()
    .toBuffer({ resolveWithObject: true });
  const { width, height } = info;
  const x0 = Math.floor(width * EDGE);
  const x1 = Math.ceil(width * (1 - EDGE));
  const y0 = Math.floor(height * EDGE);
  const y1 = Math.ceil(height * (1 - EDGE));
  // The paper's tone: the 90th percentile of the inner area (most of any page is paper).
  const histogram = new Uint32Array(256);
  let count = 0;
  for (let y = y0; y < y1; y++) {
    for (let x = x0; x < x1; x++) {
      histogram[data[y * width + x]!]!++;
      count++;
    }
  }
  let seen = 0;
  let paper = 255;
  for (let v = 255; v >= 0; v--) {
    seen += histogram[v]!;
    if (seen >= count * 0.1) {
      paper = v;
      break;
    }
  }
  const inkBelow = paper - INK_CONTRAST;
  let ink = 0;
  for (let v = 0; v < Math.max(0, inkBelow); v++) ink += histogram[v]!;
  const inkRatio = count > 0 ? ink / count : 0;
  return { blank: inkRatio < BLANK_BELOW, inkRatio };
}
