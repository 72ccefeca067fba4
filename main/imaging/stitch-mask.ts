// Which part of a scanner pass shows the sheet, and which the scanner: the grey frame round the glass and,
// where the sheet's own edge lies on the glass, the lid beyond it. Neither moves with the sheet, so left
// in they pull registration towards "no shift" (every pass has its frame in the same place) and, blended,
// draw a grey band along each pass's edge across its neighbour. Found on a small grey copy of the pass.
import { forEachNeighbour4 } from './pixel-grid';

export type Pixels = Uint8Array | Float32Array;
export interface Img {
  data: Pixels;
  width: number;
  height: number;
}

/** Darker or lighter than the paper by more than this (grey levels): not paper. */
const NOT_PAPER = 22;
/** How far (px of the small copy) the scanner region may reach past its straight bands: a tilted sheet edge. */
const SPREAD = 5;

/**
 * 1 where the pass shows the sheet, 0 on the scanner's frame and lid. The frame and lid are bands along the
 * pass's sides, a few degrees from straight at most: on each side, rows or columns whose median differs from
 * the paper are taken from the edge inwards; then the region grows a few pixels into neighbours that are not
 * paper either, to follow a slightly turned sheet edge and its shadow, and one pixel more for the blur.
 * A thin dark line (a road meeting the edge) never fills a row's median, and the growth is too short to
 * follow it. The paper's level is not one number: the lamp dims towards its ends and along its travel, so
 * the rows' and the columns' medians in the middle of the pass are fitted with a parabola each and the
 * paper expected at each pixel is read from both, and a gradual fall-off is not taken for the frame.
 */
export function sheetMask(img: Img): Uint8Array {
  const { width, height, data } = img;
  const mask = new Uint8Array(width * height).fill(1);
  if (width < 8 || height < 8) return mask;
  const sample: number[] = [];
  const lineMedian = (get: (k: number) => number, count: number): number => {
    sample.length = 0;
    // The middle 80 %: the ends of a row run into the bands of the neighbouring sides.
    for (let k = Math.floor(count * 0.1); k < Math.ceil(count * 0.9); k++) sample.push(get(k));
    sample.sort((a, b) => a - b);
    return sample[Math.floor(sample.length / 2)]!;
  };
  const rows = Array.from({ length: height }, (_, y) => lineMedian((k) => data[y * width + k]!, width));
  const cols = Array.from({ length: width }, (_, x) => lineMedian((k) => data[k * width + x]!, height));
  const rowPaper = parabolaThroughMiddle(rows);
  const colPaper = parabolaThroughMiddle(cols);
  const level = percentile(data, 0.9);
  const paperAt = (x: number, y: number): number => rowPaper[y]! + colPaper[x]! - level;
  const far = (k: number): boolean => {
    const x = k % width;
    return Math.abs(data[k]! - paperAt(x, (k - x) / width)) > NOT_PAPER;
  };
  const maxBand = Math.floor(Math.min(width, height) / 3);
  let top = 0;
  while (top < maxBand && Math.abs(rows[top]! - rowPaper[top]!) > NOT_PAPER) top++;
  let bottom = 0;
  while (bottom < maxBand && Math.abs(rows[height - 1 - bottom]! - rowPaper[height - 1 - bottom]!) > NOT_PAPER) bottom++;
  let left = 0;
  while (left < maxBand && Math.abs(cols[left]! - colPaper[left]!) > NOT_PAPER) left++;
  let right = 0;
  while (right < maxBand && Math.abs(cols[width - 1 - right]! - colPaper[width - 1 - right]!) > NOT_PAPER) right++;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      if (y < top || y >= height - bottom || x < left || x >= width - right) mask[y * width + x] = 0;
    }
  }
  // Grow into not-paper neighbours, SPREAD steps at most.
  let frontier: number[] = [];
  for (let k = 0; k < mask.length; k++) if (mask[k] === 0) frontier.push(k);
  for (let step = 0; step < SPREAD && frontier.length > 0; step++) {
    const next: number[] = [];
    for (const k of frontier) {
      forEachNeighbour4(k, width, height, (n) => {
        if (mask[n] === 1 && far(n)) {
          mask[n] = 0;
          next.push(n);
        }
      });
    }
    frontier = next;
  }
  // One pixel more: the small copy blurs the band's edge into the sheet.
  const grown = Uint8Array.from(mask);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      if (mask[y * width + x] === 1) continue;
      for (let dy = -1; dy <= 1; dy++) {
        for (let dx = -1; dx <= 1; dx++) {
          const nx = x + dx;
          const ny = y + dy;
          if (nx >= 0 && ny >= 0 && nx < width && ny < height) grown[ny * width + nx] = 0;
        }
      }
    }
  }
  return grown;
}

/**
 * A parabola fitted (least squares) to the values of the middle 60 % of a profile, evaluated along all of
 * it: the paper's level as the lamp shades it, extended over the edges where the frame may hide it.
 */
function parabolaThroughMiddle(values: number[]): number[] {
  const n = values.length;
  const from = Math.floor(n * 0.2);
  const to = Math.ceil(n * 0.8);
  // Normal equations in t = position scaled to [-1, 1], for conditioning.
  const t = (k: number): number => (2 * k) / (n - 1) - 1;
  const S = [0, 0, 0, 0, 0];
  const B = [0, 0, 0];
  for (let k = from; k < to; k++) {
    const x = t(k);
    const v = values[k]!;
    for (let p = 0; p <= 4; p++) S[p]! += x ** p;
    for (let p = 0; p <= 2; p++) B[p]! += v * x ** p;
  }
  const A = [
    [S[0]!, S[1]!, S[2]!],
    [S[1]!, S[2]!, S[3]!],
    [S[2]!, S[3]!, S[4]!],
  ];
  const det = (m: number[][]): number =>
    m[0]![0]! * (m[1]![1]! * m[2]![2]! - m[1]![2]! * m[2]![1]!) - m[0]![1]! * (m[1]![0]! * m[2]![2]! - m[1]![2]! * m[2]![0]!) + m[0]![2]! * (m[1]![0]! * m[2]![1]! - m[1]![1]! * m[2]![0]!);
  const d = det(A);
  if (Math.abs(d) < 1e-12) return values.map(() => values[Math.floor(n / 2)]!);
  const coef = [0, 1, 2].map((c) => det(A.map((row, r) => row.map((v, k) => (k === c ? B[r]! : v)))) / d);
  return values.map((_, k) => coef[0]! + coef[1]! * t(k) + coef[2]! * t(k) ** 2);
}

/**
 * Distance (px, chamfer 3-4 approximation of Euclidean) from each pixel to the nearest masked-out one; where
 * nothing is masked out, a large value. The image's own border is not counted: the blend measures it apart.
 */
export function maskDistance(mask: Uint8Array, width: number, height: number): Float32Array {
  const big = 1e6;
  const d = new Float32Array(width * height);
  for (let k = 0; k < d.length; k++) d[k] = mask[k] ? big : 0;
  const at = (x: number, y: number): number => (x < 0 || y < 0 || x >= width || y >= height ? big : d[y * width + x]!);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const k = y * width + x;
      if (d[k] === 0) continue;
      d[k] = Math.min(d[k]!, at(x - 1, y) + 3, at(x, y - 1) + 3, at(x - 1, y - 1) + 4, at(x + 1, y - 1) + 4);
    }
  }
  for (let y = height - 1; y >= 0; y--) {
    for (let x = width - 1; x >= 0; x--) {
      const k = y * width + x;
      if (d[k] === 0) continue;
      d[k] = Math.min(d[k]!, at(x + 1, y) + 3, at(x, y + 1) + 3, at(x + 1, y + 1) + 4, at(x - 1, y + 1) + 4);
    }
  }
  for (let k = 0; k < d.length; k++) d[k] = d[k]! / 3;
  return d;
}

function percentile(data: Pixels, q: number): number {
  const histogram = new Uint32Array(256);
  for (let k = 0; k < data.length; k++) histogram[Math.max(0, Math.min(255, Math.round(data[k]!)))]!++;
  const target = q * data.length;
  let seen = 0;
  for (let v = 0; v < 256; v++) {
    seen += histogram[v]!;
    if (seen >= target) return v;
  }
  return 255;
}
