// Where the sheet lies inside a scan. Flatbeds show their bed around a sheet a little smaller than the
// scan: a grey lid with a soft shadow along the sheet's edges is the common case, a dark bed the other.
// Each row is read from both sides: the bed's tone at the scan's edge, the paper's a little further in,
// and the sheet's edge where the row first rises halfway from one to the other. The lamp's falloff
// changes both tones alike along a row, so the halfway level follows it.
import type { Box } from '../contract/page-recipe';
import type { GreyImage } from './skew';
import { tonePercentiles } from './threshold';

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

/**
 * A crop must not cut into what is printed, so it takes a side's bed only when the bed shows on nearly
 * every line and the sheet's edge lies at nearly the same depth on all of them (a straight edge): print
 * that reaches one edge of a page with no bed (a photo, a dark band) shows on some lines only, or at
 * depths that differ.
 */
const CROP_SHOWN = 0.8;
/** Spread of the edge's depth along a side (10th to 90th percentile), as a share of the scan's length. */
const CROP_SPREAD = 0.03;

/**
 * The sheet inside a grey (or dark) scanner bed, for cropping: each side's bed is cut off where it
 * shows along the whole side (see CROP_SHOWN); null when no side shows one.
 */
export function bedBounds(image: GreyImage): Box | null {
  const { width, height } = image;
  const depth = (side: 'left' | 'right' | 'top' | 'bottom', length: number) => {
    const found = edges(image, side);
    const shown = found.filter((d) => d > 0);
    if (found.length === 0 || shown.length < found.length * CROP_SHOWN) return 0;
    const outer = innermost([...shown], 0.1, 0);
    const inner = innermost(shown, INNERMOST, 0);
    return inner - outer <= length * CROP_SPREAD ? inner : 0;
  };
  const left = depth('left', width);
  const right = width - depth('right', width);
  const top = depth('top', height);
  const bottom = height - depth('bottom', height);
  if (left === 0 && top === 0 && right === width && bottom === height) return null;
  if (right - left < width / 3 || bottom - top < height / 3) return null;
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
function edges(image: GreyImage, side: Side): number[] {
  return edgePoints(image, side).map((p) => p.depth);
}

type Side = 'left' | 'right' | 'top' | 'bottom';

/** As `edges`, with the line each depth was found on. */
function edgePoints(image: GreyImage, side: Side): Array<{ line: number; depth: number }> {
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
  const found: Array<{ line: number; depth: number }> = [];
  const step = Math.max(1, Math.floor(lines / 300));
  const values = new Uint8Array(reach);
  for (let line = Math.floor(lines * 0.2); line < lines * 0.8; line += step) {
    for (let k = 0; k < reach; k++) values[k] = at(line, k);
    const bed = tonePercentiles(values.subarray(0, edgeSpan))(0.5);
    // The paper's tone: the 90th percentile a little inside (most of a margin is paper).
    const paper = tonePercentiles(values.subarray(Math.round(length * 0.05), reach))(0.9);
    if (paper - bed < BED_CONTRAST) {
      found.push({ line, depth: 0 });
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
    if (edge >= 0) found.push({ line, depth: edge });
  }
  return found;
}

/**
 * The sheet's skew on the bed, from its straight edges (clockwise degrees; a deskew undoes it with
 * the opposite angle): for a page with too few text lines to measure, such as a cover or a
 * closing page. The slope of each side whose bed shows along it (see CROP_SHOWN), fitted by least
 * squares; the sides' median. Null when no side shows a bed.
 */
export function bedSkew(image: GreyImage): number | null {
  const slopes: number[] = [];
  for (const side of ['left', 'right', 'top', 'bottom'] as const) {
    const found = edgePoints(image, side);
    const shown = found.filter((p) => p.depth > 0);
    if (found.length < 10 || shown.length < found.length * CROP_SHOWN) continue;
    const n = shown.length;
    const mx = shown.reduce((a, p) => a + p.line, 0) / n;
    const my = shown.reduce((a, p) => a + p.depth, 0) / n;
    let sxy = 0;
    let sxx = 0;
    for (const p of shown) {
      sxy += (p.line - mx) * (p.depth - my);
      sxx += (p.line - mx) ** 2;
    }
    if (sxx === 0) continue;
    // A sheet turned clockwise lies deeper at the top of the left side and the right end of the top
    // side: the depth falls along the left and bottom sides, and rises along the top and right ones.
    const slope = sxy / sxx;
    slopes.push(side === 'left' || side === 'bottom' ? -slope : slope);
  }
  if (slopes.length === 0) return null;
  slopes.sort((a, b) => a - b);
  return (Math.atan(slopes[Math.floor(slopes.length / 2)]!) * 180) / Math.PI;
}


