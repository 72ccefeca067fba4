// The skew of a scanned page: the angle its text lines make with the horizontal, found by projecting the
// dark pixels along candidate angles and keeping the one whose row profile is sharpest (lines of text
// fall into few rows, the gaps between them into empty ones). Works on a small greyscale copy: an A4 at
// 300 dpi is read at about 100 dpi, an A0 sheet at the same size, so the cost does not grow with the page.
import sharp from 'sharp';
import { maxPixels } from './image-limits';
import { otsuThreshold } from './threshold';

/** One 8-bit band, row by row. */
export interface GreyImage {
  data: Uint8Array;
  width: number;
  height: number;
}

export interface SkewEstimate {
  /** Clockwise on screen (y down), in degrees; rotating by minus this straightens the page. */
  angle: number;
  /** How much sharper the best profile is than the flattest one tried (1 = no text lines found). */
  contrast: number;
}

/** Width of the analysis copy: enough for 0.05° (0.9 px over 1,000 px) and fast on a full page. */
const ANALYSIS_WIDTH = 1000;
/** More dark pixels than this are sampled evenly: the profile needs shape, not every pixel. */
const MAX_POINTS = 250_000;

export async function estimateSkew(input: Buffer | string, maxDegrees = 6): Promise<SkewEstimate> {
  const { data, info } = await sharp(input, { limitInputPixels: maxPixels() })
    .greyscale()
    .resize({ width: ANALYSIS_WIDTH, withoutEnlargement: true })
    .raw()
    .toBuffer({ resolveWithObject: true });
  return skewOfGrey({ data, width: info.width, height: info.height }, maxDegrees);
}

/** The same on a one-band image already in memory (the page analysis works on one small copy). */
export function skewOfGrey(grey: GreyImage, maxDegrees = 6): SkewEstimate {
  const points = darkPoints(grey.data, grey.width, grey.height);
  if (points.xs.length < 50) return { angle: 0, contrast: 1 };

  const scores = new Map<number, number>();
  const score = (degrees: number): number => {
    const key = Math.round(degrees * 1000);
    let s = scores.get(key);
    if (s === undefined) {
      s = profileSharpness(points, degrees, grey.width, grey.height);
      scores.set(key, s);
    }
    return s;
  };
  // Coarse to fine: 0.5°, then 0.05°, then 0.01° around the best so far.
  let best = 0;
  for (const [step, span] of [
    [0.5, maxDegrees],
    [0.05, 0.5],
    [0.01, 0.05],
  ] as const) {
    const centre = best;
    for (let a = centre - span; a <= centre + span + 1e-9; a += step) {
      if (Math.abs(a) > maxDegrees + 1e-9) continue;
      if (score(a) > score(best)) best = a;
    }
  }
  const values = [...scores.values()];
  const flattest = Math.min(...values);
  return { angle: Math.round(best * 100) / 100, contrast: flattest > 0 ? score(best) / flattest : 1 };
}

/** Coordinates of pixels darker than the page's own threshold (Otsu), sampled down to MAX_POINTS. */
function darkPoints(data: Uint8Array, width: number, height: number): { xs: Float64Array; ys: Float64Array } {
  const threshold = otsuThreshold(data);
  let dark = 0;
  for (let i = 0; i < data.length; i++) if (data[i]! < threshold) dark++;
  const every = Math.max(1, Math.ceil(dark / MAX_POINTS));
  const n = Math.ceil(dark / every);
  const xs = new Float64Array(n);
  const ys = new Float64Array(n);
  let seen = 0;
  let k = 0;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      if (data[y * width + x]! >= threshold) continue;
      if (seen++ % every === 0 && k < n) {
        xs[k] = x;
        ys[k] = y;
        k++;
      }
    }
  }
  return { xs: xs.subarray(0, k), ys: ys.subarray(0, k) };
}

/** Sum of squared row counts after undoing a clockwise rotation of `degrees`: high when rows are crisp. */
function profileSharpness(points: { xs: Float64Array; ys: Float64Array }, degrees: number, width: number, height: number): number {
  const radians = (degrees * Math.PI) / 180;
  const cos = Math.cos(radians);
  const sin = Math.sin(radians);
  const offset = width + height;
  const bins = new Float64Array(2 * offset + 1);
  const { xs, ys } = points;
  for (let i = 0; i < xs.length; i++) {
    const row = Math.round(ys[i]! * cos - xs[i]! * sin) + offset;
    bins[row]!++;
  }
  let s = 0;
  for (let i = 0; i < bins.length; i++) s += bins[i]! * bins[i]!;
  return s;
}
