// Where the sheet lies inside a scan. Flatbeds show their bed around a sheet a little smaller than the
// scan: a grey lid with a soft shadow along the sheet's edges is the common case, a dark bed the other.
// Each row is read from both sides: the bed's tone at the scan's edge, the paper's a little further in,
// and the sheet's edge where the row first rises halfway from one to the other. The lamp's falloff
// changes both tones alike along a row, so the halfway level follows it.
import type { Box } from '../contract/page-recipe';
import type { GreyImage } from './skew';

/** A side shows a bed when the paper is at least this much lighter than the scan's edge there. */
const BED_CONTRAST = 22;
/** Of the edges found on each side, this share lies further out: the skewed sheet's innermost line. */
const INNERMOST = 0.9;

/** The sheet's box, inside every edge found (the whole image when no bed shows). */
export function sheetArea(image: GreyImage): Box {
  const { width, height } = image;
  const left = innermost(edges(image, 'left'), INNERMOST, 0);
  const right = width - innermost(edges(image, 'right'), INNERMOST, 0);
  const top = innermost(edges(image, 'top'), INNERMOST, 0);
  const bottom = height - innermost(edges(image, 'bottom'), INNERMOST, 0);
  // A "sheet" of under a third of the scan is not what was found: judge the scan as it is.
  if (right - left < width / 3 || bottom - top < height / 3) return { x: 0, y: 0, width, height };
  return { x: left, y: top, width: right - left, height: bottom - top };
}

/** The value `share` of the way up the sorted list (0 when the list is empty). */
function innermost(values: number[], share: number, empty: number): number {
  if (values.length === 0) return empty;
  values.sort((a, b) => a - b);
  return values[Math.min(values.length - 1, Math.floor(values.length * share))]!;
}

/**
 * For each line across the middle 60 % of the scan (rows for the left and right sides, columns for the
 * top and bottom): how far in from `side` the sheet begins; 0 where no bed shows.
 */
function edges(image: GreyImage, side: 'left' | 'right' | 'top' | 'bottom'): number[] {
  const { data, width, height } = image;
  const horizontal = side === 'left' || side === 'right';
  const lines = horizontal ? height : width;
  const length = horizontal ? width : height;
  const at = (line: number, k: number) => {
    const along = side === 'right' || side === 'bottom' ? length - 1 - k : k;
    return horizontal ? data[line * width + along]! : data[along * width + line]!;
  };
  const edgeSpan = Math.max(2, Math.round(length * 0.005));
  const reach = Math.round(length * 0.3);
  const run = Math.max(2, Math.round(length * 0.004));
  const found: number[] = [];
  const step = Math.max(1, Math.floor(lines / 300));
  const values = new Uint8Array(reach);
  for (let line = Math.floor(lines * 0.2); line < lines * 0.8; line += step) {
    for (let k = 0; k < reach; k++) values[k] = at(line, k);
    const bed = median(values.subarray(0, edgeSpan));
    // The paper's tone: the 90th percentile a little inside (most of a margin is paper).
    const paper = percentile(values.subarray(Math.round(length * 0.05), reach), 0.9);
    if (paper - bed < BED_CONTRAST) {
      found.push(0);
      continue;
    }
    const half = (bed + paper) / 2;
    let edge = -1;
    for (let k = 0, lit = 0; k < reach; k++) {
      lit = values[k]! >= half ? lit + 1 : 0;
      if (lit >= run) {
        edge = k - run + 1;
        break;
      }
    }
    if (edge >= 0) found.push(edge);
  }
  return found;
}

function median(values: Uint8Array): number {
  return percentile(values, 0.5);
}

function percentile(values: Uint8Array, share: number): number {
  const histogram = new Uint32Array(256);
  for (let i = 0; i < values.length; i++) histogram[values[i]!]!++;
  const target = values.length * share;
  let seen = 0;
  for (let v = 0; v < 256; v++) {
    seen += histogram[v]!;
    if (seen > target) return v;
  }
  return 255;
}
