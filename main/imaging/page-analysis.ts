// What a page needs, read off a small copy of it: which way up it is, how skewed, where the sheet ends
// inside the scanner's dark background, whether it is a two-page spread, and which marks near its edges
// are staples, punch holes or shadows. The answer is a recipe; nothing here changes an image.
import sharp from 'sharp';
import { maxPixels } from './image-limits';
import { ANALYSIS_STEPS, IDENTITY_RECIPE, type AnalysisStep, type Box, type PageRecipe, type QuarterTurn } from '../contract/page-recipe';
import { onSource, renderPage, shrunkSource, type MasterInput, type RenderSource } from './derivatives';
import { outputBoxToMaster, outputSize, scaleBox, type Size } from './page-geometry';
import { forEachNeighbour4 } from './pixel-grid';
import { sheetContent } from './blank-page';
import { bedBounds, bedSkew, sheetArea } from './sheet-area';
import { skewOfGrey, type GreyImage } from './skew';
import { tonePercentiles } from './threshold';

/** Analysis copies are about this wide: 0.05° over 1,000 px is under a pixel, and it is quick. */
const ANALYSIS_EDGE = 1200;
/** Ink is this much darker than the paper (as for blank pages); faint show-through is not ink. */
const INK_CONTRAST = 80;
/**
 * A sheet's edges give its skew to about a tenth of a degree: below that a turn only blurs, and beyond
 * a few degrees what looked like an edge is something else (a sheet folded back, a second sheet).
 */
const MIN_EDGE_SKEW = 0.1;
const MAX_EDGE_SKEW = 5;
/** Below this skew-profile contrast there are no text lines to trust (blank page, photo, map). */
const MIN_LINE_CONTRAST = 1.3;
/** Above/below ink ratio needed to call a page upright or upside down (Vietnamese is rich above). */
const ORIENTATION_RATIO = 1.25;
/** Tesseract's orientation detection needs text at about 150 dpi or more: an A4 page 1,800 px tall. */
const DETECTION_EDGE = 1800;
/** Below this confidence Tesseract's orientation is a guess, and the page's own lines decide. */
const DETECTION_MIN_CONFIDENCE = 2;
/**
 * Fewer letter-sized marks than this on the sheet (two lines of body text carry about 120) are too
 * little text to read the page's orientation from: it stays as scanned.
 */
const MIN_ORIENTATION_LETTERS = 60;
/**
 * The line profile needs lines of body text: a cover's frame and its few large lines make a sharp
 * profile the wrong way. With fewer letters than this only Tesseract may turn a page.
 */
const MIN_PROFILE_LETTERS = 500;
/** Marks are looked for this far from the page's edge; official documents keep text further in. */
const EDGE_BAND_MM = 15;
/** A punch hole: a solid, round blob of this diameter. */
const HOLE_MIN_MM = 4;
const HOLE_MAX_MM = 9;
/** A staple: a solid bar at least four times as long as wide, of this length. */
const STAPLE_MIN_MM = 6;
const STAPLE_MAX_MM = 22;
/** The widest scan taken for a two-page spread: an A3 flatbed's glass, 432 mm, with some margin. */
const MAX_SPREAD_WIDTH_MM = 460;
/** A spread's pages are at least about A6 (148 mm high): a scan less high than this is one slip. */
const MIN_SPREAD_HEIGHT_MM = 120;
/** A spread's gutter: at least this wide and empty, or a dark shadow band, near the middle. */
const GUTTER_MIN_MM = 18;

/**
 * Finds which way up a page is from a grey PNG of it (Tesseract's orientation detection, run by the
 * recognition pool); null when it could not tell.
 */
export type OrientationDetector = (png: Buffer) => Promise<{ rotation: QuarterTurn; confidence: number } | null>;

export interface PageAnalysis {
  /** The proposed recipe for the page (or for the left page of a spread). */
  recipe: PageRecipe;
  /** For a two-page spread: the master regions of the left and the right page, in reading order. */
  spread: { left: Box; right: Box } | null;
  /** False when the orientation could not be read from the content (then it stays as scanned). */
  orientationSure: boolean;
}


/**
 * Proposes a recipe for a page, starting from `base` (the page's current recipe, whose region and
 * recognition options are kept) and redoing only `steps` (all but 'spread' by default). With 'spread',
 * a page that is not already one half of a spread is first checked for being a two-page spread.
 */
export async function analysePage(
  master: MasterInput,
  size: Size,
  dpi: number,
  options: { base?: PageRecipe; steps?: readonly AnalysisStep[]; detectOrientation?: OrientationDetector } = {},
): Promise<PageAnalysis> {
  const steps = new Set(options.steps ?? ANALYSIS_STEPS.filter((s) => s !== 'spread'));
  const source = await analysisSource(master, size);
  let recipe: PageRecipe = { ...(options.base ?? IDENTITY_RECIPE) };
  let spread: PageAnalysis['spread'] = null;
  if (steps.has('spread') && !recipe.region) {
    spread = await findSpread(source, size, dpi);
    if (spread) recipe = { ...recipe, region: spread.left };
  }

  // Orientation and skew are read on the region as scanned (no turn, no crop).
  const flat: PageRecipe = { ...recipe, rotation: 0, deskewAngle: 0, crop: null, marks: [] };
  const flatCopy = await greyCopy(source, flat);
  recipe.paper = paperTone(flatCopy.image);
  let orientationSure = true;
  if (steps.has('orientation')) {
    const pxPerMm = dpi > 0 ? (dpi * flatCopy.scale) / 25.4 : Math.min(flatCopy.image.width, flatCopy.image.height) / 210;
    const content = sheetContent(flatCopy.image, pxPerMm);
    if (content.letters < MIN_ORIENTATION_LETTERS) {
      // Too little text for a sure orientation (a closing page with one short line, a drawing, a blank
      // back): both Tesseract and the profile then guess, and a guessed quarter turn loses the line.
      orientationSure = false;
      recipe.rotation = 0;
    } else {
      // Tesseract reads the letters themselves and is right where the line profile is fooled (stamps,
      // underlines, bold headings: one real page of nine was turned upside down by the profile alone);
      // the profile decides when Tesseract is unsure or absent. It reads the sheet only: the edges of a
      // grey bed would outweigh the text lines.
      const detected = options.detectOrientation ? await options.detectOrientation(await detectionImage(source, flat, dpi)) : null;
      const found =
        detected && detected.confidence >= DETECTION_MIN_CONFIDENCE
          ? { rotation: detected.rotation, sure: true }
          : content.letters >= MIN_PROFILE_LETTERS
            ? findOrientation(withoutRules(withoutBackground(cropGrey(flatCopy.image, content.judged), recipe.paper), recipe.paper - INK_CONTRAST, recipe.paper, Math.round(RULE_MM * pxPerMm)))
            : { rotation: 0 as const, sure: false };
      orientationSure = found.sure;
      recipe.rotation = found.rotation;
    }
  }
  if (steps.has('deskew')) {
    const upright = await greyCopy(source, { ...flat, rotation: recipe.rotation });
    // The lines are measured on the sheet alone: a grey bed's edges would outweigh a few lines of text.
    const onSheet = bedBounds(upright.image);
    const skew = skewOfGrey(withoutBackground(onSheet ? cropGrey(upright.image, onSheet) : upright.image, recipe.paper));
    // Rotating by minus the measured skew straightens the lines. A page with too few lines to measure
    // (a cover, a closing page, a blank back) is straightened by the sheet's own edges when a bed shows
    // around it; else it stays as scanned.
    const lines = skew.contrast >= MIN_LINE_CONTRAST ? skew.angle : null;
    const edges = lines === null ? bedSkew(upright.image) : null;
    const angle = lines ?? (edges !== null && Math.abs(edges) >= MIN_EDGE_SKEW && Math.abs(edges) <= MAX_EDGE_SKEW ? edges : 0);
    recipe.deskewAngle = angle !== 0 ? -angle : 0;
  }
  if (steps.has('crop')) {
    // The corners a deskew uncovers are filled with the bed's tone here (dark, grey, or the paper's
    // when the scan is the sheet), like the bed they replace, so that the sheet's edges stay straight.
    const turned = await greyCopy(source, { ...recipe, crop: null, marks: [], paper: borderTone(flatCopy.image) });
    // A dark bed is peeled row by row; a grey lid (lighter than the dark threshold) is found by its edge.
    const box = tighter(sheetBounds(turned.image, recipe.paper), bedBounds(turned.image));
    recipe.crop = box ? scaleBox(box, 1 / turned.scale, outputSize(size, { ...recipe, crop: null })) : null;
  }
  if (steps.has('clean')) {
    const page = await greyCopy(source, { ...recipe, marks: [] });
    const pxPerMm = dpi > 0 ? (dpi * page.scale) / 25.4 : page.image.width / 210;
    recipe.marks = edgeMarks(page.image, recipe.paper, pxPerMm)
      .map((box) => outputBoxToMaster(size, recipe, scaleBox(box, 1 / page.scale, outputSize(size, recipe))))
      .filter((box) => box !== null);
  }
  return { recipe, spread, orientationSure };
}

/**
 * The image with rules and frames painted over: runs of ink (darker than `ink`) longer than `length`
 * along a row or a column. Letters are shorter; the text lines are left for the profile alone.
 */
function withoutRules(image: GreyImage, ink: number, paper: number, length: number): GreyImage {
  const { width, height } = image;
  const data = Uint8Array.from(image.data);
  const paint = (start: number, count: number, step: number) => {
    for (let k = 0; k < count; k++) data[start + k * step] = paper;
  };
  for (let y = 0; y < height; y++) {
    let run = 0;
    for (let x = 0; x <= width; x++) {
      if (x < width && image.data[y * width + x]! < ink) run++;
      else {
        if (run > length) paint(y * width + x - run, run, 1);
        run = 0;
      }
    }
  }
  for (let x = 0; x < width; x++) {
    let run = 0;
    for (let y = 0; y <= height; y++) {
      if (y < height && image.data[y * width + x]! < ink) run++;
      else {
        if (run > length) paint((y - run) * width + x, run, width);
        run = 0;
      }
    }
  }
  return { data, width, height };
}

/** The smaller of two boxes that each hold the whole sheet: their intersection (either when one is null). */
function tighter(a: Box | null, b: Box | null): Box | null {
  if (!a || !b) return a ?? b;
  const x = Math.max(a.x, b.x);
  const y = Math.max(a.y, b.y);
  const width = Math.min(a.x + a.width, b.x + b.width) - x;
  const height = Math.min(a.y + a.height, b.y + b.height) - y;
  return width > 0 && height > 0 ? { x, y, width, height } : a;
}

/** The median tone of the scan's outermost 1 %: the bed's, or the paper's when the scan is the sheet. */
function borderTone(image: GreyImage): number {
  const { width, height, data } = image;
  const band = Math.max(1, Math.round(Math.min(width, height) * 0.01));
  const border: number[] = [];
  for (let y = 0; y < height; y++) {
    const row = data.subarray(y * width, (y + 1) * width);
    if (y < band || y >= height - band) border.push(...row);
    else border.push(...row.subarray(0, band), ...row.subarray(width - band));
  }
  return tonePercentiles(Uint8Array.from(border))(0.5);
}

/** A box of a grey image, as an image of its own. */
function cropGrey(image: GreyImage, box: Box): GreyImage {
  const data = new Uint8Array(box.width * box.height);
  for (let y = 0; y < box.height; y++) data.set(image.data.subarray((box.y + y) * image.width + box.x, (box.y + y) * image.width + box.x + box.width), y * box.width);
  return { data, width: box.width, height: box.height };
}

/** The page as scanned, grey, at the size orientation detection reads well, with its true resolution. */
async function detectionImage(source: RenderSource, flat: PageRecipe, dpi: number): Promise<Buffer> {
  const onSmall = onSource(flat, source);
  const out = outputSize(source.size, onSmall);
  const scale = Math.min(1, DETECTION_EDGE / Math.max(out.width, out.height));
  let image = (await renderPage(source.input, source.size, onSmall, scale)).greyscale();
  // Tesseract reads the resolution from the PNG and refuses implausible ones ("Invalid resolution").
  if (dpi > 0) image = image.withDensity(Math.max(1, Math.round(dpi * source.factor * scale)));
  return image.png({ compressionLevel: 1 }).toBuffer();
}

/** The master the analysis renders from: decoded once and shrunk to twice the analysis size. */
async function analysisSource(master: MasterInput, size: Size): Promise<RenderSource> {
  return shrunkSource(master, size, Math.min(1, (2 * ANALYSIS_EDGE) / Math.max(size.width, size.height)));
}

/**
 * A one-band copy of the rendered page, its long edge about ANALYSIS_EDGE px. `scale` is copy px per
 * page px at full resolution.
 */
async function greyCopy(source: RenderSource, recipe: PageRecipe): Promise<{ image: GreyImage; scale: number }> {
  const onSmall = onSource(recipe, source);
  const out = outputSize(source.size, onSmall);
  const scale = Math.min(1, ANALYSIS_EDGE / Math.max(out.width, out.height));
  const png = await (await renderPage(source.input, source.size, onSmall, scale)).png({ compressionLevel: 0 }).toBuffer();
  const { data, info } = await sharp(png, { limitInputPixels: maxPixels() }).greyscale().toColourspace('b-w').raw().toBuffer({ resolveWithObject: true });
  // Measured against the full-resolution page, so that boxes scale back by one factor.
  const full = outputSize(source.master, recipe);
  return { image: { data, width: info.width, height: info.height }, scale: info.width / full.width };
}

/**
 * The scanner's dark background painted over with the paper's tone: dark pixels connected to the scan's
 * edge. Text and punch holes inside the sheet are not connected to it; the border's straight edges
 * would otherwise outweigh the text lines in every projection.
 */
export function withoutBackground(image: GreyImage, paper: number): GreyImage {
  const { width, height } = image;
  const data = Uint8Array.from(image.data);
  const dark = Math.max(0, paper - INK_CONTRAST);
  const stack: number[] = [];
  const seed = (i: number) => {
    if (data[i]! < dark) {
      data[i] = paper;
      stack.push(i);
    }
  };
  for (let x = 0; x < width; x++) {
    seed(x);
    seed((height - 1) * width + x);
  }
  for (let y = 0; y < height; y++) {
    seed(y * width);
    seed(y * width + width - 1);
  }
  while (stack.length > 0) {
    const i = stack.pop()!;
    const x = i % width;
    if (x > 0) seed(i - 1);
    if (x < width - 1) seed(i + 1);
    if (i >= width) seed(i - width);
    if (i < (height - 1) * width) seed(i + width);
  }
  return { data, width, height };
}

/** The paper's tone: the 90th percentile of the page's grey levels (most of any page is paper). */
export function paperTone(image: GreyImage): number {
  const histogram = new Uint32Array(256);
  for (let i = 0; i < image.data.length; i++) histogram[image.data[i]!]!++;
  let seen = 0;
  for (let v = 255; v >= 0; v--) {
    seen += histogram[v]!;
    if (seen >= image.data.length * 0.1) return v;
  }
  return 255;
}

function transpose(image: GreyImage): GreyImage {
  const data = new Uint8Array(image.data.length);
  for (let y = 0; y < image.height; y++) for (let x = 0; x < image.width; x++) data[x * image.height + y] = image.data[y * image.width + x]!;
  return { data, width: image.height, height: image.width };
}

/**
 * Which quarter turn makes the page upright. Text lines give a much sharper projection along them
 * than across them, which separates 0/180 from 90/270. Then, within a line, Vietnamese (and Latin)
 * print carries far more ink above the x-height band (capitals, ascenders, tone marks) than below it
 * (descenders), so the side with more ink is the top.
 */
export function findOrientation(image: GreyImage): { rotation: QuarterTurn; sure: boolean } {
  const across = skewOfGrey(image, 3);
  const along = skewOfGrey(transpose(image), 3);
  const vertical = along.contrast > across.contrast * 1.1;
  if (Math.max(across.contrast, along.contrast) < MIN_LINE_CONTRAST) return { rotation: 0, sure: false };
  // For vertical lines, look at the page turned a quarter clockwise: transposing then mirroring rows.
  const lines = vertical ? mirrorColumns(transpose(image)) : image;
  const ratio = aboveBelowRatio(lines, skewOfGrey(lines).angle);
  const base: QuarterTurn = vertical ? 90 : 0;
  if (ratio >= ORIENTATION_RATIO) return { rotation: base, sure: true };
  if (ratio <= 1 / ORIENTATION_RATIO) return { rotation: ((base + 180) % 360) as QuarterTurn, sure: true };
  return { rotation: 0, sure: false };
}

/** Transpose + mirrored columns = the image turned 90° clockwise. */
function mirrorColumns(image: GreyImage): GreyImage {
  const data = new Uint8Array(image.data.length);
  for (let y = 0; y < image.height; y++) {
    const row = y * image.width;
    for (let x = 0; x < image.width; x++) data[row + x] = image.data[row + image.width - 1 - x]!;
  }
  return { data, width: image.width, height: image.height };
}

/** Ink above the x-height band over ink below it, summed over the text lines found along `skew`. */
function aboveBelowRatio(image: GreyImage, skew: number): number {
  const ink = paperTone(image) - INK_CONTRAST;
  const r = (skew * Math.PI) / 180;
  const cos = Math.cos(r);
  const sin = Math.sin(r);
  const offset = image.width;
  const rows = new Float64Array(image.height + 2 * offset);
  for (let y = 0; y < image.height; y++) {
    const row = y * image.width;
    for (let x = 0; x < image.width; x++) {
      if (image.data[row + x]! < ink) rows[Math.round(y * cos - x * sin) + offset]!++;
    }
  }
  let above = 0;
  let below = 0;
  let y = 0;
  while (y < rows.length) {
    if (rows[y]! === 0) {
      y++;
      continue;
    }
    const start = y;
    while (y < rows.length && rows[y]! > 0) y++;
    const end = y; // a line band [start, end)
    if (end - start < 4) continue;
    let peak = 0;
    for (let k = start; k < end; k++) peak = Math.max(peak, rows[k]!);
    // The x-height band: the rows at least half as dark as the darkest row of the line.
    let coreStart = start;
    while (rows[coreStart]! < peak * 0.5) coreStart++;
    let coreEnd = end - 1;
    while (rows[coreEnd]! < peak * 0.5) coreEnd--;
    for (let k = start; k < coreStart; k++) above += rows[k]!;
    for (let k = coreEnd + 1; k < end; k++) below += rows[k]!;
  }
  if (above + below === 0) return 1;
  return (above + 1) / (below + 1);
}

/**
 * The sheet inside a dark scanner background: rows and columns mostly much darker than the paper are
 * background. Never cuts into the sheet: it stops at the first row that is mostly paper. Null when
 * there is no border to remove.
 */
export function sheetBounds(image: GreyImage, paper: number): Box | null {
  const dark = Math.max(0, paper - INK_CONTRAST);
  const { width, height, data } = image;
  const rowDark = (y: number, x0: number, x1: number) => {
    let n = 0;
    for (let x = x0; x < x1; x++) if (data[y * width + x]! < dark) n++;
    return n / Math.max(1, x1 - x0);
  };
  const colDark = (x: number, y0: number, y1: number) => {
    let n = 0;
    for (let y = y0; y < y1; y++) if (data[y * width + x]! < dark) n++;
    return n / Math.max(1, y1 - y0);
  };
  const BACKGROUND = 0.5;
  let top = 0;
  while (top < height - 1 && rowDark(top, 0, width) > BACKGROUND) top++;
  let bottom = height;
  while (bottom > top + 1 && rowDark(bottom - 1, 0, width) > BACKGROUND) bottom--;
  let left = 0;
  while (left < width - 1 && colDark(left, top, bottom) > BACKGROUND) left++;
  let right = width;
  while (right > left + 1 && colDark(right - 1, top, bottom) > BACKGROUND) right--;
  // A second pass on the rows within the sheet's columns: a border can be narrower than the scan.
  while (top < bottom - 1 && rowDark(top, left, right) > BACKGROUND) top++;
  while (bottom > top + 1 && rowDark(bottom - 1, left, right) > BACKGROUND) bottom--;
  if (left === 0 && top === 0 && right === width && bottom === height) return null;
  // A "sheet" of under a quarter of the scan is a dark page, not a border: leave it alone.
  if ((right - left) * (bottom - top) < width * height * 0.25) return null;
  return { x: left, y: top, width: right - left, height: bottom - top };
}

/**
 * Dark blobs near the page's edges that are not print: those touching the edge (shadows, the rest of
 * a border), solid round blobs of punch-hole size and solid bars of staple size lying wholly in the
 * band. Letters, stamps and signatures are neither solid nor shaped so, and are kept: only the
 * derivative is cleaned, but a clerk must never lose print from it. Boxes in image pixels.
 */
export function edgeMarks(image: GreyImage, paper: number, pxPerMm: number): Box[] {
  const { width, height, data } = image;
  const band = Math.max(2, Math.round(EDGE_BAND_MM * pxPerMm));
  const ink = Math.max(0, paper - INK_CONTRAST);
  const inBand = (x: number, y: number) => x < band || y < band || x >= width - band || y >= height - band;
  const labels = new Uint8Array(width * height);
  const marks: Box[] = [];
  const stack: number[] = [];
  for (let start = 0; start < data.length; start++) {
    const sx = start % width;
    const sy = (start - sx) / width;
    if (labels[start] !== 0 || data[start]! >= ink || !inBand(sx, sy)) continue;
    labels[start] = 1;
    stack.push(start);
    let x0 = sx;
    let x1 = sx;
    let y0 = sy;
    let y1 = sy;
    // Pixel count and moments, for the blob's solidity and elongation.
    let n = 0;
    let mx = 0;
    let my = 0;
    let mxx = 0;
    let myy = 0;
    let mxy = 0;
    let leavesBand = false;
    // The blob's extent along each side of the page, each pixel counted with the side nearest to it.
    const sides = [0, 1, 2, 3].map(() => ({ x0: width, y0: height, x1: -1, y1: -1 }));
    while (stack.length > 0) {
      const i = stack.pop()!;
      const x = i % width;
      const y = (i - x) / width;
      n++;
      mx += x;
      my += y;
      mxx += x * x;
      myy += y * y;
      mxy += x * y;
      x0 = Math.min(x0, x);
      x1 = Math.max(x1, x);
      y0 = Math.min(y0, y);
      y1 = Math.max(y1, y);
      const distances = [x, width - 1 - x, y, height - 1 - y];
      const side = sides[distances.indexOf(Math.min(...distances))]!;
      side.x0 = Math.min(side.x0, x);
      side.x1 = Math.max(side.x1, x);
      side.y0 = Math.min(side.y0, y);
      side.y1 = Math.max(side.y1, y);
      forEachNeighbour4(i, width, height, (j, nx, ny) => {
        if (labels[j] !== 0 || data[j]! >= ink) return;
        if (!inBand(nx, ny)) {
          leavesBand = true;
          return;
        }
        labels[j] = 1;
        stack.push(j);
      });
    }
    // Reaching into the page means content (a table, a frame, a signature), never a mark.
    if (leavesBand) continue;
    const touchesEdge = x0 === 0 || y0 === 0 || x1 === width - 1 || y1 === height - 1;
    if (!touchesEdge && !isHoleOrStaple(n, mx, my, mxx, myy, mxy, pxPerMm)) continue;
    // A shadow or the bed's edge can run right round the page inside the band: its bounding box would be
    // the whole page, and painting it over would wipe the text. Such a blob is covered side by side, each
    // box only as deep as the blob reaches from that side. A hole or a staple is one small box.
    const boxes = touchesEdge ? sides.filter((b) => b.x1 >= 0) : [{ x0, y0, x1, y1 }];
    for (const b of boxes) {
      // One analysis pixel of margin: the blob's anti-aliased rim belongs to it.
      const bx = Math.max(0, b.x0 - 1);
      const by = Math.max(0, b.y0 - 1);
      marks.push({ x: bx, y: by, width: Math.min(width, b.x1 + 2) - bx, height: Math.min(height, b.y1 + 2) - by });
    }
    if (marks.length >= 200) break;
  }
  return marks;
}

/**
 * From a blob's pixel count and moments: the length and width of the solid ellipse (or bar) with the
 * same second moments, and how much of it the blob fills.
 */
function isHoleOrStaple(n: number, mx: number, my: number, mxx: number, myy: number, mxy: number, pxPerMm: number): boolean {
  if (n < 4) return false;
  const cx = mx / n;
  const cy = my / n;
  const vxx = mxx / n - cx * cx;
  const vyy = myy / n - cy * cy;
  const vxy = mxy / n - cx * cy;
  const root = Math.sqrt(((vxx - vyy) / 2) ** 2 + vxy * vxy);
  const major = (vxx + vyy) / 2 + root;
  const minor = Math.max(1e-6, (vxx + vyy) / 2 - root);
  // A solid disc of diameter d has variance d²/16 along every axis; a solid bar of length l, l²/12.
  const diameter = 4 * Math.sqrt(major);
  const holeFill = n / ((Math.PI / 4) * diameter * 4 * Math.sqrt(minor));
  if (major / minor < 2 && holeFill > 0.75) {
    const mm = diameter / pxPerMm;
    return mm >= HOLE_MIN_MM && mm <= HOLE_MAX_MM;
  }
  const length = Math.sqrt(12 * major);
  const thickness = Math.sqrt(12 * minor);
  const barFill = n / (length * thickness);
  if (length / thickness >= 4 && barFill > 0.75) {
    const mm = length / pxPerMm;
    return mm >= STAPLE_MIN_MM && mm <= STAPLE_MAX_MM;
  }
  return false;
}

/**
 * A two-page spread, recognised by its geometry and its gutter, whatever is printed on each half: a
 * landscape scan no wider than an A3 glass whose sheet (inside the scanner bed) halves into two
 * portrait pages, with a gutter near the middle: the shadow of the fold, a straight line from the
 * sheet's top to its bottom (a crease, or the two sheets' edges with the bed between them), or else an
 * empty band with print on both sides. A spread whose one half is blank or nearly blank is split like
 * any other. Returns the two pages' master regions, left first (Vietnamese reads left to right).
 */
export async function findSpread(master: MasterInput | RenderSource, size: Size, dpi: number): Promise<{ left: Box; right: Box } | null> {
  if (size.width < size.height * 1.2) return null;
  // Spreads come off flatbeds: a scan wider than an A3 glass (with margin) is a large sheet, not two pages.
  if (dpi > 0 && (size.width / dpi) * 25.4 > MAX_SPREAD_WIDTH_MM) return null;
  // Nor is a slip smaller than the pages of a dossier (a receipt, a card): two halves under an A6 page's height.
  if (dpi > 0 && (size.height / dpi) * 25.4 < MIN_SPREAD_HEIGHT_MM) return null;
  const source = typeof master === 'object' && 'factor' in master ? master : await analysisSource(master, size);
  const copy = await greyCopy(source, IDENTITY_RECIPE);
  const gutter = findGutter(copy.image, dpi > 0 ? (dpi * copy.scale) / 25.4 : copy.image.width / 420);
  if (gutter === null) return null;
  const split = Math.round(gutter / copy.scale);
  return {
    left: { x: 0, y: 0, width: split, height: size.height },
    right: { x: split, y: 0, width: size.width - split, height: size.height },
  };
}

/** Each half of a spread's sheet is a portrait page: A4 and A5 are 0.71 wide for 1 high, Letter 0.77. */
const PAGE_RATIO_MIN = 0.6;
const PAGE_RATIO_MAX = 0.85;
/** The gutter lies within this share of the sheet's width either side of its middle. */
const GUTTER_REACH = 0.1;
/**
 * A crease or the sheets' edges: darker than the paper beside it by this much, on three rows in four
 * (a bilevel scan keeps only parts of a faint crease).
 */
const LINE_CONTRAST = 12;
const LINE_ROWS = 0.75;
/** The skew of an open dossier on the glass that the gutter's line is followed at, either way. */
const MAX_GUTTER_SKEW = 2;
/** Straight runs of ink longer than this are rules and frames, not letters. */
const RULE_MM = 10;
/**
 * A half whose vertical profile is this much sharper than its horizontal one holds a page lying
 * sideways; a cover's frame sharpens both alike.
 */
const SIDEWAYS_RATIO = 1.5;

/** The gutter's x on a grey copy of a landscape scan (`pxPerMm` of the copy), or null: not a spread. */
function findGutter(scan: GreyImage, pxPerMm: number): number | null {
  const sheet = sheetArea(scan);
  const ratio = sheet.width / 2 / sheet.height;
  if (ratio < PAGE_RATIO_MIN || ratio > PAGE_RATIO_MAX) return null;
  const paper = paperTone(scan);
  const image = withoutBackground(scan, paper);
  const gutter = gutterOf(scan, image, sheet, paper, pxPerMm);
  if (gutter === null) return null;
  // Two upright pages side by side have horizontal text lines; a portrait page lying sideways has
  // vertical ones. Each half is looked at alone: print on one half only would make a sharp profile
  // across the columns of the whole scan.
  for (const half of [
    { x: sheet.x, y: sheet.y, width: gutter - sheet.x, height: sheet.height },
    { x: gutter, y: sheet.y, width: sheet.x + sheet.width - gutter, height: sheet.height },
  ]) {
    const box = { x: half.x + Math.round(half.width * 0.08), y: half.y + Math.round(half.height * 0.05), width: Math.round(half.width * 0.84), height: Math.round(half.height * 0.9) };
    const inner = withoutRules(cropGrey(image, box), paper - INK_CONTRAST, paper, Math.round(RULE_MM * pxPerMm));
    const across = skewOfGrey(inner, 3).contrast;
    const along = skewOfGrey(transpose(inner), 3).contrast;
    if (along >= MIN_LINE_CONTRAST && along > across * SIDEWAYS_RATIO) return null;
  }
  return gutter;
}

/** The gutter's x near the sheet's middle: a fold's shadow, a line from top to bottom, an empty band. */
function gutterOf(scan: GreyImage, image: GreyImage, sheet: Box, paper: number, pxPerMm: number): number | null {
  const { data, width } = image;
  const middle = sheet.x + sheet.width / 2;
  const from = Math.max(1, Math.floor(middle - sheet.width * GUTTER_REACH));
  const to = Math.min(width - 2, Math.ceil(middle + sheet.width * GUTTER_REACH));
  // Rows of the sheet, clear of its top and bottom edges.
  const y0 = sheet.y + Math.round(sheet.height * 0.01);
  const y1 = sheet.y + Math.round(sheet.height * 0.99);
  const rows = Math.max(1, y1 - y0);
  const columnMean = new Float64Array(width);
  const columnInk = new Float64Array(width);
  const ink = paper - INK_CONTRAST;
  for (let y = y0; y < y1; y++) {
    for (let x = 0; x < width; x++) {
      columnMean[x] = columnMean[x]! + scan.data[y * width + x]! / rows;
      if (data[y * width + x]! < ink) columnInk[x]!++;
    }
  }
  // A shadow at the fold: the darkest column of the middle, clearly darker than the paper, in a band
  // at least 3 mm wide (a map's road or a drawing's frame line is a narrow line, not a shadow).
  let darkest = from;
  for (let x = from; x < to; x++) if (columnMean[x]! < columnMean[darkest]!) darkest = x;
  let bandStart = darkest;
  let bandEnd = darkest;
  while (bandStart > 0 && columnMean[bandStart - 1]! < paper - 40) bandStart--;
  while (bandEnd < width - 1 && columnMean[bandEnd + 1]! < paper - 40) bandEnd++;
  if (columnMean[darkest]! < paper - 60 && bandEnd - bandStart + 1 >= 3 * pxPerMm) return darkest;
  // A line from the sheet's top to its bottom: on most rows the column is darker than the paper a few
  // mm to either side. Text never crosses a gutter; a table's rules stop at the page's margins.
  // The open dossier lies skewed on the glass as a whole: lines are followed at small angles too.
  const near = Math.max(2, Math.round(4 * pxPerMm));
  const far = Math.max(3, Math.round(7 * pxPerMm));
  const drift = Math.ceil(((y1 - y0) / 2) * Math.tan((MAX_GUTTER_SKEW * Math.PI) / 180)) + 1;
  const lo = Math.max(far + 1, from - drift);
  const hi = Math.min(width - far - 1, to + drift);
  const span = Math.max(0, hi - lo);
  const darker = new Uint8Array(span * rows);
  for (let y = y0; y < y1; y++) {
    const row = y * width;
    for (let x = lo; x < hi; x++) {
      const v = (scan.data[row + x - 1]! + scan.data[row + x]! + scan.data[row + x + 1]!) / 3;
      const beside = Math.max(scan.data[row + x - near]!, scan.data[row + x + near]!, scan.data[row + x - far]!, scan.data[row + x + far]!);
      if (v < beside - LINE_CONTRAST) darker[(y - y0) * span + x - lo] = 1;
    }
  }
  // A frame or a table's rule stops short of the sheet's top and bottom: the gutter's line reaches both.
  const ends = Math.max(1, Math.round(sheet.height * 0.04));
  let best = -1;
  const centre = (y0 + y1) / 2;
  for (let degrees = -MAX_GUTTER_SKEW; degrees <= MAX_GUTTER_SKEW + 1e-9; degrees += 0.2) {
    const slope = Math.tan((degrees * Math.PI) / 180);
    for (let x = from; x < to; x++) {
      let dark = 0;
      let top = 0;
      let bottom = 0;
      for (let y = y0; y < y1; y++) {
        const at = Math.round(x + (y - centre) * slope) - lo;
        if (at < 0 || at >= span || darker[(y - y0) * span + at] !== 1) continue;
        dark++;
        if (y < y0 + ends) top++;
        if (y >= y1 - ends) bottom++;
      }
      const line = dark >= rows * LINE_ROWS && top >= ends * 0.5 && bottom >= ends * 0.5;
      // The qualifying line nearest the middle.
      if (line && (best < 0 || Math.abs(x - middle) < Math.abs(best - middle))) best = x;
    }
  }
  if (best >= 0) return best;
  // Otherwise an empty band (columns with next to no ink: a staple or a speck does not fill one) of
  // at least GUTTER_MIN_MM. One holding the sheet's middle is the gutter there (the margins beside it,
  // or a blank half, widen it) and needs print on one half; another, the widest, needs print on both.
  const minimumBand = GUTTER_MIN_MM * pxPerMm;
  let widest: { start: number; length: number } | null = null;
  let central = false;
  let runStart = -1;
  for (let x = from; x <= to; x++) {
    const empty = x < to && columnInk[x]! <= rows * 0.005;
    if (empty && runStart < 0) runStart = x;
    if (!empty && runStart >= 0) {
      const run = { start: runStart, length: x - runStart };
      const holdsMiddle = run.start <= middle && middle < run.start + run.length;
      if (run.length >= minimumBand && holdsMiddle) central = true;
      if (!central && run.length >= minimumBand && run.length > (widest?.length ?? 0)) widest = run;
      runStart = -1;
    }
  }
  if (!central && !widest) return null;
  const gutter = central ? Math.round(middle) : widest!.start + Math.floor(widest!.length / 2);
  let leftInk = 0;
  let rightInk = 0;
  for (let x = 0; x < width; x++) {
    if (x < gutter) leftInk += columnInk[x]!;
    else rightInk += columnInk[x]!;
  }
  const minimum = width * rows * 0.0005;
  const printed = (leftInk >= minimum ? 1 : 0) + (rightInk >= minimum ? 1 : 0);
  return printed >= (central ? 1 : 2) ? gutter : null;
}
