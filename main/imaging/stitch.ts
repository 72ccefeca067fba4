// Stitching of a large sheet scanned in several overlapping passes (an A1 map on an A3 flatbed): each pass
// is found relative to the others, then all are blended onto one canvas.
//
// Registration works coarse to fine so that its cost barely grows with the scan resolution: a small grey
// copy (~300 px) finds which passes overlap and roughly where, by phase correlation over a few candidate
// rotations; then textured patches spread over each overlap are matched at 1/4 and at full resolution and a
// rigid transform (rotation + translation) is fitted to their centres. Matching patches rather than whole
// images keeps full-resolution work small, and fitting the rotation to points spread along the overlap
// measures it far more finely than any angle search could. Phase correlation and normalised
// cross-correlation are both blind to a pass's gain and offset, so scanner lamp differences need no
// correction before registration; they are evened out only when blending. The coarse copies are compared
// by their detail only (the local mean removed), so a lamp falling off across a pass does not count as
// content, and the scanner's frame and lid round each pass are masked out (stitch-mask.ts): they sit in the
// same place in every pass and would otherwise vote for "no shift".
//
// Every pair of passes is tried, whatever order the files come in; the arrangement (a row, a column, a grid)
// comes from the pairs' evidence as a whole (stitch-layout.ts), not from the order or a row assumption.
// Patches whose match is a line or a repeated pattern (a straight road, hatching) are left out of the fits,
// and a pass still unsure after that gets a second look at its pairs along correlation ridges.
import path from 'node:path';
import FFT from 'fft.js';
import sharp, { type Metadata, type OverlayOptions } from 'sharp';
import { maxPixels } from './image-limits';
import { apply, compose, cornerDistance, corners, invert, scaleRigid, type Rigid } from './rigid';
import { arrangePasses, UNSURE_BELOW, type DoubtReason, type LayoutDoubt, type PairEvidence, type PairMatch } from './stitch-layout';
import { maskDistance, sheetMask, type Img } from './stitch-mask';
import { solveLinear } from './linear-solve';
import { withStagingFolder } from './staging';

export interface TilePlacement {
  file: string;
  /** Top-left corner of the tile in the output canvas before its rotation about its own centre, in px. */
  x: number;
  y: number;
  /** Clockwise on screen (y down), in degrees, about the tile's centre. */
  angle: number;
  /** 0..1: how sure registration is of this tile; the reference tile (the first of the main group) is 1. */
  confidence: number;
}

/**
 * Why and where registration is unsure of a tile: `no-overlap` (nothing of it matched any other pass: a
 * blank overlap, or a pass of another sheet), `weak` (too few agreeing details), `ambiguous` (another place
 * fitted nearly as well: a repeated pattern), `contradictory` (its overlaps disagree with the others').
 */
export interface StitchDoubt {
  /** Index of the tile in the files. */
  tile: number;
  /** The tile whose overlap with it is in question, if one is. */
  other: number | null;
  reason: DoubtReason;
  /** On the canvas, px: the overlap in question, or the whole tile when no overlap was found. */
  region: { x: number; y: number; width: number; height: number };
}

export interface StitchResult {
  width: number;
  height: number;
  placements: TilePlacement[];
  /** Some tile was placed on weak evidence (or not at all): the UI should ask for a manual adjustment. */
  unsure: boolean;
  /** One entry per unsure tile (none for manual placements). */
  doubts: StitchDoubt[];
}

/**
 * Pixels of the coarse copy, at most: an A3 pass at 300 dpi is read at 1/16 (219×310), where an overlap of
 * 15 % across its short side still spans 30 px, enough for phase correlation to lock on; a narrow strip is
 * read finer, so its overlaps do not shrink to nothing. More would cost FFT time for no better lock.
 */
const COARSE_MAX_AREA = 120_000;
/** Long side of the coarse copies used only to even out brightness. */
const COARSE_MAX = 320;
/** Passes are each within ±1° of square, so two of them differ by at most 2°. */
const MAX_RELATIVE_DEGREES = 2;
/** 0.5° steps leave at most 0.25° to the patch fit, under a pixel of smear across a coarse patch. */
const COARSE_ANGLE_STEP = 0.5;
/** Below this coarse correlation a pair is taken not to overlap at all. */
const MIN_COARSE_NCC = 0.2;
/** Smaller overlaps than this (share of the smaller pass) are too easy to match by chance. */
const MIN_OVERLAP_SHARE = 0.015;
/**
 * Coarse candidates refined per pair: on a sparse map the best coarse correlation is not always the true
 * overlap (a repeated grid or hatching, a coast), so the runners-up are refined too and the patches decide.
 */
const COARSE_CANDIDATES = 5;
/** Coarse candidates whose ridges are scanned for a pair of a pass left unsure. */
const RIDGE_SCANS = 3;
/** A patch counts as a match only above this correlation. */
const MIN_PATCH_NCC = 0.5;
/**
 * A patch's best shift must beat every shift 3 px or more away by this much: a straight line or a hatch
 * pattern matches all along itself or at every period, and such a patch only adds a random point to the fit.
 */
const MIN_PEAK_MARGIN = 0.04;
/** Fewer agreeing patches than this cannot tell a real overlap from a coincidence. */
const MIN_INLIERS = 6;
/** Agreeing patches from which a pair's evidence counts in full. */
const FULL_INLIERS = 12;
/** Enough points for a robust fit along the overlap; more only adds time. */
const MAX_PATCHES = 128;
/** The intermediate level: a coarse error of a few px at 1/16 becomes a short search at 1/4, then at 1/1. */
const MEDIUM_FACTOR = 4;
/** Full-size refits with the window resampled at the last fit; the second still gains a little. */
const POLISH_ROUNDS = 2;
/** Two fits of a pair closer than this at every corner (px at full size) are the same answer. */
const SAME_PLACE_PX = 4;

/** A grey image, and optionally which of its pixels show the sheet (mask at `maskScale` of its size). */
interface LevelImg extends Img {
  mask?: Uint8Array;
  maskWidth?: number;
  maskHeight?: number;
  /** Mask px per image px. */
  maskScale?: number;
}

interface Tile {
  file: string;
  width: number;
  height: number;
  full: Uint8Array;
  medium: Img;
  coarse: Img;
  coarseFactor: number;
  /** 1 where the coarse copy shows the sheet, 0 on the scanner's frame and lid. */
  mask: Uint8Array;
  /** The coarse copy's detail (lamp gradients and brightness removed), NaN off the sheet. */
  signal: Img;
}

/** A coarse copy with its sheet mask, as the blend needs it. */
interface CoarseView {
  img: Img;
  factor: number;
  mask: Uint8Array;
}

// ---------------------------------------------------------------------------------------------- public API

export async function registerTiles(files: string[]): Promise<StitchResult> {
  return (await register(files)).result;
}

export async function stitchTiles(files: string[], out: string, placements?: TilePlacement[]): Promise<StitchResult> {
  let result: StitchResult;
  let coarse: CoarseView[];
  if (placements) {
    if (placements.length !== files.length) throw new Error('stitchTiles: one placement per file is needed');
    result = normalisePlacements(
      placements.map((p, i) => ({ ...p, file: files[i]! })),
      await Promise.all(files.map((f) => sharp(f, { limitInputPixels: maxPixels() }).metadata().then((m) => orientedSize(m)))),
      [],
    );
    coarse = await Promise.all(files.map((f) => loadCoarse(f)));
  } else {
    const reg = await register(files);
    result = reg.result;
    coarse = reg.coarse;
  }
  await blend(result, coarse, out);
  return result;
}

// ------------------------------------------------------------------------------------------- registration

async function register(files: string[]): Promise<{ result: StitchResult; coarse: CoarseView[] }> {
  if (files.length === 0) throw new Error('registerTiles: no files');
  // One coarse scale for all passes, so a pass cropped shorter than the others still compares pixel for pixel.
  const sizes = await Promise.all(files.map((f) => sharp(f, { limitInputPixels: maxPixels() }).metadata().then((m) => orientedSize(m))));
  const largest = Math.max(...sizes.map((s) => s.width * s.height));
  let coarseFactor = 1;
  while (largest / coarseFactor ** 2 > COARSE_MAX_AREA) coarseFactor *= 2;
  const tiles: Tile[] = [];
  // One pass at a time so only one full-size decode is in flight; what is kept is uint8.
  for (const file of files) tiles.push(await loadTile(file, coarseFactor));

  // Every pair, in both roles' order-independent way: the file order says nothing of the arrangement.
  let pairs: PairEvidence[] = [];
  for (let i = 0; i < tiles.length; i++) {
    for (let j = i + 1; j < tiles.length; j++) {
      const pair = registerPair(tiles[i]!, tiles[j]!, false);
      if (pair) pairs.push({ i, j, ...pair });
    }
  }
  const tileSizes = tiles.map((t) => ({ width: t.width, height: t.height }));
  let layout = arrangePasses(tileSizes, pairs);
  // Passes left unsure get a second, costlier look at each of their pairs (see alongRidges), which most
  // pairs never need: the layout is solved again with whatever that finds.
  const unsure = new Set(layout.confidence.flatMap((c, k) => (c < UNSURE_BELOW ? [k] : [])));
  if (unsure.size > 0) {
    const again: PairEvidence[] = [];
    for (let i = 0; i < tiles.length; i++) {
      for (let j = i + 1; j < tiles.length; j++) {
        if (!unsure.has(i) && !unsure.has(j)) continue;
        const pair = registerPair(tiles[i]!, tiles[j]!, true);
        if (pair) again.push({ i, j, ...pair });
      }
    }
    pairs = pairs.map((p) => {
      const better = again.find((q) => q.i === p.i && q.j === p.j && q.confidence > p.confidence);
      return better ?? p;
    });
    pairs.push(...again.filter((q) => !pairs.some((p) => p.i === q.i && p.j === q.j)));
    layout = arrangePasses(tileSizes, pairs);
  }
  const raw = tiles.map((t, k) => toPlacement(t.file, layout.transforms[k]!, t.width, t.height, layout.confidence[k]!));
  const doubts = layout.doubts.map((d) => locateDoubt(d, layout.transforms, tileSizes));
  const result = normalisePlacements(raw, tileSizes, doubts);
  return { result, coarse: tiles.map((t) => ({ img: t.coarse, factor: t.coarseFactor, mask: t.mask })) };
}

/** Where on the (not yet normalised) canvas a doubt lies: the two tiles' common box, or the tile's own. */
function locateDoubt(d: LayoutDoubt, transforms: Rigid[], sizes: { width: number; height: number }[]): StitchDoubt {
  const box = (k: number): [number, number, number, number] => {
    const c = corners(transforms[k]!, sizes[k]!.width, sizes[k]!.height);
    const xs = c.map((p) => p[0]);
    const ys = c.map((p) => p[1]);
    return [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)];
  };
  let [x0, y0, x1, y1] = box(d.tile);
  if (d.other !== null) {
    const [u0, v0, u1, v1] = box(d.other);
    // Only where they are laid over each other; tiles laid apart leave the tile's own box.
    if (Math.min(x1, u1) > Math.max(x0, u0) && Math.min(y1, v1) > Math.max(y0, v0)) [x0, y0, x1, y1] = [Math.max(x0, u0), Math.max(y0, v0), Math.min(x1, u1), Math.min(y1, v1)];
  }
  return { tile: d.tile, other: d.other, reason: d.reason, region: { x: x0, y: y0, width: x1 - x0, height: y1 - y0 } };
}

async function loadTile(file: string, coarseFactor: number): Promise<Tile> {
  const { data, info } = await sharp(file, { limitInputPixels: maxPixels() })
    .autoOrient() // the blend honours EXIF orientation too
    .removeAlpha()
    .greyscale()
    .raw({ depth: 'uchar' })
    .toBuffer({ resolveWithObject: true });
  if (info.channels !== 1) throw new Error(`registerTiles: ${file} did not decode to one grey band`);
  const full = new Uint8Array(data.buffer, data.byteOffset, info.width * info.height);
  const base: Img = { data: full, width: info.width, height: info.height };
  let level = base;
  let factor = 1;
  let medium: Img | null = null;
  while (factor < coarseFactor && Math.min(level.width, level.height) >= 16) {
    level = halve(level);
    factor *= 2;
    if (factor === MEDIUM_FACTOR) medium = level;
  }
  const mask = sheetMask(level);
  return { file, width: info.width, height: info.height, full, medium: medium ?? base, coarse: level, coarseFactor: factor, mask, signal: detail(level, mask) };
}

/**
 * The coarse copy's detail: each pixel less the mean round it, so the lamp's fall-off and the pass's
 * brightness leave nothing behind; faded to zero over a few pixels next to the scanner's frame and lid (whose
 * blurred edge would otherwise be detail) and NaN on them.
 */
function detail(img: Img, mask: Uint8Array): Img {
  const local = boxBlur(img, 3);
  const distance = maskDistance(mask, img.width, img.height);
  const out = new Float32Array(img.width * img.height);
  for (let k = 0; k < out.length; k++) {
    out[k] = mask[k] ? (img.data[k]! - local.data[k]!) * Math.min(1, distance[k]! / 4) : Number.NaN;
  }
  return { data: out, width: img.width, height: img.height };
}

async function loadCoarse(file: string): Promise<CoarseView> {
  const meta = orientedSize(await sharp(file, { limitInputPixels: maxPixels() }).metadata());
  let factor = 1;
  while (Math.max(meta.width, meta.height) / factor > COARSE_MAX) factor *= 2;
  const width = Math.max(1, Math.floor(meta.width / factor));
  const height = Math.max(1, Math.floor(meta.height / factor));
  const { data, info } = await sharp(file, { limitInputPixels: maxPixels() })
    .autoOrient()
    .removeAlpha()
    .greyscale()
    .resize(width, height, { fit: 'fill' })
    .raw({ depth: 'uchar' })
    .toBuffer({ resolveWithObject: true });
  if (info.channels !== 1) throw new Error(`stitchTiles: ${file} did not decode to one grey band`);
  const img: Img = { data: new Uint8Array(data.buffer, data.byteOffset, width * height), width, height };
  return { img, factor, mask: sheetMask(img) };
}

function orientedSize(m: Metadata): { width: number; height: number } {
  const w = m.width ?? 0;
  const h = m.height ?? 0;
  return (m.orientation ?? 1) >= 5 ? { width: h, height: w } : { width: w, height: h };
}

/**
 * Where tile j sits in tile i's frame and how sure that is, or null when nothing of them matched. Each coarse
 * candidate is refined; when two different places both fit, the pair is ambiguous and its confidence falls
 * with how close the runner-up came.
 */
function registerPair(a: Tile, b: Tile, scanRidges: boolean): Omit<PairEvidence, 'i' | 'j'> | null {
  const factor = a.coarseFactor;
  if (b.coarseFactor !== factor) return null;
  const level = (t: Tile, img: Img, f: number): LevelImg => ({ ...img, mask: t.mask, maskWidth: t.coarse.width, maskHeight: t.coarse.height, maskScale: f / factor });
  const steps: { img: (t: Tile) => LevelImg; f: number; half: number }[] = [];
  if (factor > MEDIUM_FACTOR) steps.push({ img: (t) => level(t, t.medium, MEDIUM_FACTOR), f: MEDIUM_FACTOR, half: 12 });
  steps.push({ img: (t) => level(t, { data: t.full, width: t.width, height: t.height }, 1), f: 1, half: 20 });
  const results: { transform: Rigid; confidence: number; matches: PairMatch[] }[] = [];
  const proposed = coarseMatch(a, b);
  const queue = scanRidges ? distinctCandidates(alongRidges(a, b, proposed.slice(0, RIDGE_SCANS)), proposed, 2 * RIDGE_SCANS) : proposed;
  for (let next = queue.shift(); next; next = queue.shift()) {
    let transform: Rigid | null = scaleRigid(next.rigid, factor);
    let prevFactor = factor;
    let fit: ReturnType<typeof refine> = null;
    for (const step of steps) {
      // The previous level leaves about a pixel of its own, plus its rotation error along the overlap.
      const radius = Math.min(16, Math.ceil((2.5 * prevFactor) / step.f) + 2);
      fit = refine(step.img(a), step.img(b), scaleRigid(transform, 1 / step.f), step.half, radius);
      // An overlap thinner than a patch and its search (a narrow strip at a low resolution, once the
      // scanner's frame is left out of it) leaves no room for one: smaller patches fit.
      if (!fit) fit = refine(step.img(a), step.img(b), scaleRigid(transform, 1 / step.f), Math.ceil(step.half / 2), radius);
      if (!fit) {
        transform = null;
        break;
      }
      transform = scaleRigid(fit.transform, step.f);
      prevFactor = step.f;
    }
    if (transform && fit) {
      // Once more at full size with b resampled where the fit puts it: the sub-pixel peak of a correlation
      // leans towards the nearest whole pixel, a bias that vanishes when the shift left to measure is ~0.
      const last = steps[steps.length - 1]!;
      let final: Rigid = transform;
      for (let round = 0; round < POLISH_ROUNDS; round++) {
        const polished = refine(last.img(a), last.img(b), final, last.half, 3);
        if (!polished) break;
        final = polished.transform;
        fit = polished;
      }
      const same = results.find((r) => cornerDistance(r.transform, final, b.width, b.height) < SAME_PLACE_PX);
      const found = { transform: final, confidence: fit.confidence, matches: fit.matches.map((m) => ({ ax: m.ax, ay: m.ay, bx: m.bx, by: m.by, weight: m.ncc })) };
      if (!same) results.push(found);
      else if (found.confidence > same.confidence) Object.assign(same, found);
    }
    if (results.some((r) => r.confidence >= 0.8)) break;
  }
  if (results.length === 0) return null;
  results.sort((p, q) => q.confidence - p.confidence);
  const best = results[0]!;
  const runnerUp = results[1]?.confidence ?? 0;
  let confidence = best.confidence;
  let doubt: PairEvidence['doubt'] = null;
  if (runnerUp > 0.6 * best.confidence) {
    confidence *= Math.min(1, 2.5 * (1 - runnerUp / best.confidence));
    if (confidence < UNSURE_BELOW) doubt = 'ambiguous';
  }
  if (!doubt && confidence < UNSURE_BELOW) doubt = 'weak';
  return { transform: best.transform, confidence, doubt, matches: best.matches };
}

/**
 * The few most likely rigid transforms of b into a on the coarse copies, best first: phase correlation of
 * their detail over candidate angles proposes shifts, correlation of the overlapping detail ranks them.
 */
function coarseMatch(a: Tile, b: Tile): CoarseCandidate[] {
  const P = nextPow2(a.signal.height + b.signal.height);
  const Q = nextPow2(a.signal.width + b.signal.width);
  const fa = spectrum(a.signal, P, Q);
  const found: CoarseCandidate[] = [];
  const { width, height } = b.signal;
  for (let deg = -MAX_RELATIVE_DEGREES; deg <= MAX_RELATIVE_DEGREES + 1e-9; deg += COARSE_ANGLE_STEP) {
    const theta = (deg * Math.PI) / 180;
    const rb = rotateImage(b.signal, theta);
    const surface = crossPower(fa, spectrum(rb, P, Q), P, Q);
    for (const [u, v] of topPeaks(surface, P, Q, 6)) {
      const dy = u < a.signal.height ? u : u - P;
      const dx = v < a.signal.width ? v : v - Q;
      if (dy <= -height || dx <= -width) continue; // an impossible shift: only wrap-around noise lands here
      const ncc = overlapNcc(a.signal, rb, dx, dy);
      if (ncc === null || ncc < MIN_COARSE_NCC) continue;
      found.push(candidate(b.signal, theta, dx, dy, ncc));
    }
  }
  return distinctCandidates(found, [], COARSE_CANDIDATES);
}

interface CoarseCandidate {
  ncc: number;
  dx: number;
  dy: number;
  theta: number;
  rigid: Rigid;
}

/** b turned by theta about its centre c, then shifted by (dx, dy): a(p) = rb(p - d) = b(R(-θ)(p - d - c) + c). */
function candidate(b: Img, theta: number, dx: number, dy: number, ncc: number): CoarseCandidate {
  const cx = b.width / 2;
  const cy = b.height / 2;
  const cos = Math.cos(theta);
  const sin = Math.sin(theta);
  return { ncc, dx, dy, theta, rigid: { theta, tx: cx - (cos * cx - sin * cy) + dx, ty: cy - (sin * cx + cos * cy) + dy } };
}

/** The best `count`, one per place (the same overlap seen at neighbouring angles is not a second opinion), none where `tried` already looked. */
function distinctCandidates(found: CoarseCandidate[], tried: CoarseCandidate[], count: number): CoarseCandidate[] {
  const distinct: CoarseCandidate[] = [];
  for (const c of [...found].sort((p, q) => q.ncc - p.ncc)) {
    if ([...tried, ...distinct].some((d) => Math.hypot(d.dx - c.dx, d.dy - c.dy) <= 4)) continue;
    distinct.push(c);
    if (distinct.length === count) break;
  }
  return distinct;
}

/**
 * More candidates along the ridges through the given ones: an overlap crossed by long parallel lines (the
 * kilometre grid, a frame) correlates as well at every shift along them, so the phase correlation's peaks
 * sit anywhere on that ridge, mostly where the passes would overlap most, while the few small details that
 * fix the shift along it (a label, a symbol) are too faint to make a peak of their own. The correlation of
 * the overlap itself, scanned along the ridge, finds them: every shift across b's whole height (and width)
 * in a band a few pixels wide round each candidate, at its angle, on every other pixel.
 */
function alongRidges(a: Tile, b: Tile, through: CoarseCandidate[]): CoarseCandidate[] {
  const found: CoarseCandidate[] = [];
  const A = a.signal;
  const band = 4;
  for (const c of through) {
    const rb = rotateImage(b.signal, c.theta);
    // The best of each direction: which way the ridge runs is not known, and a tiny overlap at the far end
    // of the other direction can correlate well by chance.
    for (const vertical of [true, false]) {
      let best: CoarseCandidate | null = null;
      const [from, to] = vertical ? [-rb.height + 12, A.height - 12] : [-rb.width + 12, A.width - 12];
      for (let along = from; along < to; along++) {
        for (let across = -band; across <= band; across++) {
          const dx = vertical ? c.dx + across : along;
          const dy = vertical ? along : c.dy + across;
          const ncc = overlapNcc(A, rb, dx, dy, 2);
          if (ncc !== null && ncc >= MIN_COARSE_NCC && (!best || ncc > best.ncc)) best = candidate(b.signal, c.theta, dx, dy, ncc);
        }
      }
      if (best) found.push(best);
    }
  }
  return found;
}

/** Correlation of a with b shifted by (dx, dy), or null when their overlap is too small to mean anything. */
function overlapNcc(a: Img, b: Img, dx: number, dy: number, stride = 1): number | null {
  const x0 = Math.max(0, dx);
  const x1 = Math.min(a.width, dx + b.width);
  const y0 = Math.max(0, dy);
  const y1 = Math.min(a.height, dy + b.height);
  if (x1 - x0 < 12 || y1 - y0 < 12) return null;
  let n = 0;
  let sa = 0;
  let sb = 0;
  let saa = 0;
  let sbb = 0;
  let sab = 0;
  for (let y = y0; y < y1; y += stride) {
    const ra = y * a.width;
    const rb = (y - dy) * b.width - dx;
    for (let x = x0; x < x1; x += stride) {
      const vb = b.data[rb + x]!;
      const va = a.data[ra + x]!;
      if (Number.isNaN(vb) || Number.isNaN(va)) continue;
      n++;
      sa += va;
      sb += vb;
      saa += va * va;
      sbb += vb * vb;
      sab += va * vb;
    }
  }
  const minArea = Math.min(a.width * a.height, b.width * b.height) / (stride * stride);
  if (n < MIN_OVERLAP_SHARE * minArea || n < 200 / (stride * stride)) return null;
  const va = saa - (sa * sa) / n;
  const vb = sbb - (sb * sb) / n;
  if (va <= 1e-6 * n || vb <= 1e-6 * n) return null;
  return (sab - (sa * sb) / n) / Math.sqrt(va * vb);
}

/**
 * Matches textured patches of a to b around where `guess` (b into a, at this level's scale) puts them, and
 * fits a rigid transform to the matches. Patches touching the scanner's frame or lid in either pass are not
 * used. The confidence is the share of matched patches that agree with the fit, times how well they
 * correlate, times how many there are: unrelated images leave few patches agreeing on anything, and a
 * nearly bare overlap leaves too few to be sure.
 */
function refine(
  a: LevelImg,
  b: LevelImg,
  guess: Rigid,
  half: number,
  radius: number,
): { transform: Rigid; confidence: number; matches: { ax: number; ay: number; bx: number; by: number; ncc: number }[] } | null {
  const inverse = invert(guess);
  const margin = half + radius + 2;
  const cos = Math.cos(guess.theta);
  const sin = Math.sin(guess.theta);
  const span = half + radius;

  // Candidate centres: pixel centres of a whose patch and search window fall on the sheet in both images.
  const bc = corners(guess, b.width, b.height);
  const bx0 = Math.max(margin, Math.floor(Math.min(...bc.map((c) => c[0]))));
  const bx1 = Math.min(a.width - margin, Math.ceil(Math.max(...bc.map((c) => c[0]))));
  const by0 = Math.max(margin, Math.floor(Math.min(...bc.map((c) => c[1]))));
  const by1 = Math.min(a.height - margin, Math.ceil(Math.max(...bc.map((c) => c[1]))));
  if (bx1 <= bx0 || by1 <= by0) return null;
  const step = Math.max(half, Math.ceil(Math.sqrt(((bx1 - bx0) * (by1 - by0)) / 2000)));
  const candidates: { x: number; y: number; score: number }[] = [];
  for (let y = by0; y < by1; y += step) {
    for (let x = bx0; x < bx1; x += step) {
      const [qx, qy] = apply(inverse, x + 0.5, y + 0.5);
      if (qx < margin || qy < margin || qx > b.width - margin || qy > b.height - margin) continue;
      if (!onSheet(a, x + 0.5, y + 0.5, span) || !onSheet(b, qx, qy, span)) continue;
      const score = patchStd(a, x, y, half);
      if (score >= 6) candidates.push({ x, y, score });
    }
  }
  const chosen = spreadPick(candidates, bx0, bx1, by0, by1, MAX_PATCHES);
  if (chosen.length < MIN_INLIERS) return null;

  const matches: { ax: number; ay: number; bx: number; by: number; ncc: number }[] = [];
  const ws = 2 * span + 1;
  const window = new Float32Array(ws * ws);
  for (const c of chosen) {
    const [qx, qy] = apply(inverse, c.x + 0.5, c.y + 0.5);
    // b resampled on a's axes around the predicted point, so the remaining misfit is a pure small shift.
    for (let v = -span; v <= span; v++) {
      for (let u = -span; u <= span; u++) {
        window[(v + span) * ws + (u + span)] = bilinear(b, qx + cos * u + sin * v, qy - sin * u + cos * v);
      }
    }
    const m = matchPatch(a, c.x, c.y, half, window, ws, radius);
    if (!m || m.ncc < MIN_PATCH_NCC) continue;
    matches.push({ ax: c.x + 0.5, ay: c.y + 0.5, bx: qx + cos * m.sx + sin * m.sy, by: qy - sin * m.sx + cos * m.sy, ncc: m.ncc });
  }
  if (matches.length < MIN_INLIERS) return null;

  // Trimmed least squares: drop matches that disagree with the majority, refit.
  let kept = matches;
  let fit = fitRigid(kept);
  let median = 0;
  for (let round = 0; round < 4; round++) {
    const residuals = matches.map((m) => {
      const [x, y] = apply(fit, m.bx, m.by);
      return Math.hypot(x - m.ax, y - m.ay);
    });
    const sorted = [...residuals].sort((p, q) => p - q);
    median = sorted[Math.floor(sorted.length / 2)]!;
    const limit = Math.max(0.75, 2.5 * median);
    const next = matches.filter((_, k) => residuals[k]! <= limit);
    if (next.length < MIN_INLIERS) return null;
    kept = next;
    fit = fitRigid(kept);
  }
  // Matches that agree only to within pixels are scattered guesses, not an overlap.
  if (median > 1.5) return null;
  const nccs = kept.map((m) => m.ncc).sort((p, q) => p - q);
  const medianNcc = nccs[Math.floor(nccs.length / 2)]!;
  const share = kept.length / matches.length;
  const confidence = Math.max(0, Math.min(1, Math.min(1, share * 1.25) * medianNcc * Math.min(1, kept.length / FULL_INLIERS)));
  return { transform: fit, confidence, matches: kept };
}

/** Whether the square of half-side `span` round (x, y) lies on the sheet, as far as the mask tells. */
function onSheet(img: LevelImg, x: number, y: number, span: number): boolean {
  const { mask, maskWidth, maskHeight, maskScale } = img;
  if (!mask || !maskWidth || !maskHeight || !maskScale) return true;
  for (const dy of [-span, 0, span]) {
    for (const dx of [-span, 0, span]) {
      const mx = Math.min(maskWidth - 1, Math.max(0, Math.floor((x + dx) * maskScale)));
      const my = Math.min(maskHeight - 1, Math.max(0, Math.floor((y + dy) * maskScale)));
      if (!mask[my * maskWidth + mx]) return false;
    }
  }
  return true;
}

function patchStd(img: Img, cx: number, cy: number, half: number): number {
  let n = 0;
  let s = 0;
  let ss = 0;
  for (let y = cy - half; y <= cy + half; y += 2) {
    const row = y * img.width;
    for (let x = cx - half; x <= cx + half; x += 2) {
      const v = img.data[row + x]!;
      n++;
      s += v;
      ss += v * v;
    }
  }
  return Math.sqrt(Math.max(0, ss / n - (s / n) ** 2));
}

/** The best-textured candidate of each cell of a grid first, so the fit has points along the whole overlap. */
function spreadPick<T extends { x: number; y: number; score: number }>(items: T[], x0: number, x1: number, y0: number, y1: number, max: number): T[] {
  const cells = 10;
  const best = new Map<number, T>();
  for (const it of items) {
    const cx = Math.min(cells - 1, Math.floor(((it.x - x0) / Math.max(1, x1 - x0)) * cells));
    const cy = Math.min(cells - 1, Math.floor(((it.y - y0) / Math.max(1, y1 - y0)) * cells));
    const key = cy * cells + cx;
    const cur = best.get(key);
    if (!cur || it.score > cur.score) best.set(key, it);
  }
  const picked = [...best.values()];
  const chosen = new Set<T>(picked);
  for (const it of [...items].sort((p, q) => q.score - p.score)) {
    if (picked.length >= max) break;
    if (!chosen.has(it)) {
      picked.push(it);
      chosen.add(it);
    }
  }
  return picked.slice(0, max);
}

/** Normalised cross-correlation of a's patch at (cx, cy) over all shifts of the window, to a tenth of a pixel. */
function matchPatch(a: Img, cx: number, cy: number, half: number, window: Float32Array, ws: number, radius: number): { sx: number; sy: number; ncc: number } | null {
  const size = 2 * half + 1;
  const n = size * size;
  const patch = new Float32Array(n);
  let mean = 0;
  for (let v = 0; v < size; v++) {
    const row = (cy - half + v) * a.width + (cx - half);
    for (let u = 0; u < size; u++) {
      const val = a.data[row + u]!;
      patch[v * size + u] = val;
      mean += val;
    }
  }
  mean /= n;
  let saa = 0;
  for (let k = 0; k < n; k++) {
    patch[k] = patch[k]! - mean;
    saa += patch[k]! * patch[k]!;
  }
  if (saa <= 1e-6) return null;
  const side = 2 * radius + 1;
  const scores = new Float64Array(side * side);
  let bestK = -1;
  let bestScore = -Infinity;
  for (let sy = -radius; sy <= radius; sy++) {
    for (let sx = -radius; sx <= radius; sx++) {
      let sw = 0;
      let sww = 0;
      let saw = 0;
      for (let v = 0; v < size; v++) {
        const wrow = (v + sy + radius) * ws + (sx + radius);
        const prow = v * size;
        for (let u = 0; u < size; u++) {
          const w = window[wrow + u]!;
          sw += w;
          sww += w * w;
          saw += patch[prow + u]! * w;
        }
      }
      const vw = sww - (sw * sw) / n;
      const score = vw > 1e-6 ? saw / Math.sqrt(saa * vw) : -1;
      const k = (sy + radius) * side + (sx + radius);
      scores[k] = score;
      if (score > bestScore) {
        bestScore = score;
        bestK = k;
      }
    }
  }
  const ix = (bestK % side) - radius;
  const iy = Math.floor(bestK / side) - radius;
  // A peak on the rim of the search area is a truncated slope, not a match.
  if (Math.abs(ix) === radius || Math.abs(iy) === radius) return null;
  let rival = -Infinity;
  for (let k = 0; k < scores.length; k++) {
    const kx = (k % side) - radius;
    const ky = Math.floor(k / side) - radius;
    if (Math.max(Math.abs(kx - ix), Math.abs(ky - iy)) >= 3) rival = Math.max(rival, scores[k]!);
  }
  if (bestScore - rival < MIN_PEAK_MARGIN) return null;
  const at = (x: number, y: number): number => scores[(y + radius) * side + (x + radius)]!;
  return { sx: ix + parabola(at(ix - 1, iy), bestScore, at(ix + 1, iy)), sy: iy + parabola(at(ix, iy - 1), bestScore, at(ix, iy + 1)), ncc: bestScore };
}

function parabola(l: number, c: number, r: number): number {
  const d = l - 2 * c + r;
  if (d >= 0) return 0;
  return Math.max(-0.5, Math.min(0.5, (l - r) / (2 * d)));
}

/** Least-squares rotation and translation taking each b point to its a point. */
function fitRigid(matches: { ax: number; ay: number; bx: number; by: number; ncc: number }[]): Rigid {
  let w = 0;
  let max = 0;
  let may = 0;
  let mbx = 0;
  let mby = 0;
  for (const m of matches) {
    w += m.ncc;
    max += m.ncc * m.ax;
    may += m.ncc * m.ay;
    mbx += m.ncc * m.bx;
    mby += m.ncc * m.by;
  }
  max /= w;
  may /= w;
  mbx /= w;
  mby /= w;
  let sdot = 0;
  let scross = 0;
  for (const m of matches) {
    const bx = m.bx - mbx;
    const by = m.by - mby;
    const ax = m.ax - max;
    const ay = m.ay - may;
    sdot += m.ncc * (bx * ax + by * ay);
    scross += m.ncc * (bx * ay - by * ax);
  }
  const theta = Math.atan2(scross, sdot);
  const cos = Math.cos(theta);
  const sin = Math.sin(theta);
  return { theta, tx: max - (cos * mbx - sin * mby), ty: may - (sin * mbx + cos * mby) };
}

// ------------------------------------------------------------------------------------------ placements

function toPlacement(file: string, g: Rigid, width: number, height: number, confidence: number): TilePlacement {
  // g(p) = R·p + t = R·(p − c) + c + (x, y), so (x, y) = t − c + R·c.
  const [rcx, rcy] = apply({ theta: g.theta, tx: 0, ty: 0 }, width / 2, height / 2);
  return { file, x: g.tx - width / 2 + rcx, y: g.ty - height / 2 + rcy, angle: (g.theta * 180) / Math.PI, confidence };
}

function fromPlacement(p: TilePlacement, width: number, height: number): Rigid {
  const theta = (p.angle * Math.PI) / 180;
  const [rcx, rcy] = apply({ theta, tx: 0, ty: 0 }, width / 2, height / 2);
  return { theta, tx: p.x + width / 2 - rcx, ty: p.y + height / 2 - rcy };
}

/** Shifts placements (and doubts) so the canvas starts at the top-left of the rotated tiles' joint bounding box. */
function normalisePlacements(placements: TilePlacement[], sizes: { width: number; height: number }[], doubts: StitchDoubt[]): StitchResult {
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  placements.forEach((p, k) => {
    const { width, height } = sizes[k]!;
    for (const [x, y] of corners(fromPlacement(p, width, height), width, height)) {
      minX = Math.min(minX, x);
      minY = Math.min(minY, y);
      maxX = Math.max(maxX, x);
      maxY = Math.max(maxY, y);
    }
  });
  const ox = Math.floor(minX);
  const oy = Math.floor(minY);
  return {
    width: Math.ceil(maxX) - ox,
    height: Math.ceil(maxY) - oy,
    placements: placements.map((p) => ({ ...p, x: p.x - ox, y: p.y - oy })),
    unsure: placements.some((p) => p.confidence < UNSURE_BELOW),
    doubts: doubts.map((d) => ({ ...d, region: { ...d.region, x: d.region.x - ox, y: d.region.y - oy } })),
  };
}

// ----------------------------------------------------------------------------------------- image helpers

/** 2×2 box average: each level is an honest average of the one above, so coordinates scale exactly by 2. */
function halve(img: Img): Img {
  const width = Math.floor(img.width / 2);
  const height = Math.floor(img.height / 2);
  const out = new Float32Array(width * height);
  const src = img.data;
  const w = img.width;
  for (let y = 0; y < height; y++) {
    const r0 = 2 * y * w;
    const r1 = r0 + w;
    for (let x = 0; x < width; x++) {
      const k = 2 * x;
      out[y * width + x] = (src[r0 + k]! + src[r0 + k + 1]! + src[r1 + k]! + src[r1 + k + 1]!) / 4;
    }
  }
  return { data: out, width, height };
}

/** Value at continuous coordinates (pixel centres at i + 0.5); NaN outside. */
function bilinear(img: Img, x: number, y: number): number {
  const fx = x - 0.5;
  const fy = y - 0.5;
  const x0 = Math.floor(fx);
  const y0 = Math.floor(fy);
  if (x0 < 0 || y0 < 0 || x0 + 1 >= img.width || y0 + 1 >= img.height) return Number.NaN;
  const ax = fx - x0;
  const ay = fy - y0;
  const k = y0 * img.width + x0;
  const d = img.data;
  const top = d[k]! + ax * (d[k + 1]! - d[k]!);
  const bottom = d[k + img.width]! + ax * (d[k + img.width + 1]! - d[k + img.width]!);
  return top + ay * (bottom - top);
}

/** img turned clockwise by theta about its centre, same size; uncovered pixels are NaN. */
function rotateImage(img: Img, theta: number): Img {
  if (theta === 0) return { data: Float32Array.from(img.data), width: img.width, height: img.height };
  const out = new Float32Array(img.width * img.height);
  const cx = img.width / 2;
  const cy = img.height / 2;
  const cos = Math.cos(theta);
  const sin = Math.sin(theta);
  for (let y = 0; y < img.height; y++) {
    for (let x = 0; x < img.width; x++) {
      const px = x + 0.5 - cx;
      const py = y + 0.5 - cy;
      out[y * img.width + x] = bilinear(img, cos * px + sin * py + cx, -sin * px + cos * py + cy);
    }
  }
  return { data: out, width: img.width, height: img.height };
}

interface Spectrum {
  re: Float64Array;
  im: Float64Array;
}

/**
 * Zero-mean, edge-tapered copy of img in a P×Q zero field, transformed. The taper keeps the image's own
 * borders from correlating with each other; the padding lets shifts of up to a whole image not wrap around.
 */
function spectrum(img: Img, P: number, Q: number): Spectrum {
  let s = 0;
  let n = 0;
  for (let k = 0; k < img.data.length; k++) {
    const v = img.data[k]!;
    if (!Number.isNaN(v)) {
      s += v;
      n++;
    }
  }
  const mean = n > 0 ? s / n : 0;
  const re = new Float64Array(P * Q);
  const im = new Float64Array(P * Q);
  const taperX = taper(img.width);
  const taperY = taper(img.height);
  for (let y = 0; y < img.height; y++) {
    for (let x = 0; x < img.width; x++) {
      const v = img.data[y * img.width + x]!;
      if (!Number.isNaN(v)) re[y * Q + x] = (v - mean) * taperX[x]! * taperY[y]!;
    }
  }
  fft2(re, im, P, Q, false, img.height);
  return { re, im };
}

function taper(n: number): Float64Array {
  const t = new Float64Array(n).fill(1);
  const m = Math.max(1, Math.round(n * 0.06));
  for (let i = 0; i < m; i++) {
    const w = 0.5 - 0.5 * Math.cos((Math.PI * (i + 0.5)) / m);
    t[i] = w;
    t[n - 1 - i] = w;
  }
  return t;
}

/** Phase correlation surface: a sharp peak at the shift that carries b onto a. */
function crossPower(a: Spectrum, b: Spectrum, P: number, Q: number): Float64Array {
  const re = new Float64Array(P * Q);
  const im = new Float64Array(P * Q);
  for (let k = 0; k < P * Q; k++) {
    const r = a.re[k]! * b.re[k]! + a.im[k]! * b.im[k]!;
    const i = a.im[k]! * b.re[k]! - a.re[k]! * b.im[k]!;
    const mag = Math.sqrt(r * r + i * i) + 1e-9;
    re[k] = r / mag;
    im[k] = i / mag;
  }
  fft2(re, im, P, Q, true);
  return re;
}

/** Row/column of the `count` highest local maxima, highest first. */
function topPeaks(surface: Float64Array, P: number, Q: number, count: number): [number, number][] {
  const peaks: { u: number; v: number; value: number }[] = [];
  for (let u = 0; u < P; u++) {
    for (let v = 0; v < Q; v++) {
      const value = surface[u * Q + v]!;
      if (peaks.length === count && value <= peaks[count - 1]!.value) continue;
      let isMax = true;
      for (let du = -1; du <= 1 && isMax; du++) {
        for (let dv = -1; dv <= 1; dv++) {
          if ((du || dv) && surface[((u + du + P) % P) * Q + ((v + dv + Q) % Q)]! > value) {
            isMax = false;
            break;
          }
        }
      }
      if (!isMax) continue;
      peaks.push({ u, v, value });
      peaks.sort((p, q) => q.value - p.value);
      if (peaks.length > count) peaks.pop();
    }
  }
  return peaks.map((p) => [p.u, p.v]);
}

function nextPow2(n: number): number {
  let p = 1;
  while (p < n) p *= 2;
  return p;
}

/**
 * In-place 2-D FFT of a P×Q complex field (both powers of two), rows then columns. Rows from `rows` on are
 * known to be zero (the padding), and stay zero through the row pass.
 */
function fft2(re: Float64Array, im: Float64Array, P: number, Q: number, inverse: boolean, rows = P): void {
  const rowRe = new Float64Array(Q);
  const rowIm = new Float64Array(Q);
  for (let u = 0; u < rows; u++) {
    rowRe.set(re.subarray(u * Q, u * Q + Q));
    rowIm.set(im.subarray(u * Q, u * Q + Q));
    fft1(rowRe, rowIm, inverse);
    re.set(rowRe, u * Q);
    im.set(rowIm, u * Q);
  }
  // Columns a block at a time: gathering one strided column at a time misses the cache on every read.
  const block = Math.min(16, Q);
  const colRe = Array.from({ length: block }, () => new Float64Array(P));
  const colIm = Array.from({ length: block }, () => new Float64Array(P));
  for (let v0 = 0; v0 < Q; v0 += block) {
    for (let u = 0; u < P; u++) {
      const row = u * Q + v0;
      for (let b = 0; b < block; b++) {
        colRe[b]![u] = re[row + b]!;
        colIm[b]![u] = im[row + b]!;
      }
    }
    for (let b = 0; b < block; b++) fft1(colRe[b]!, colIm[b]!, inverse);
    for (let u = 0; u < P; u++) {
      const row = u * Q + v0;
      for (let b = 0; b < block; b++) {
        re[row + b] = colRe[b]![u]!;
        im[row + b] = colIm[b]![u]!;
      }
    }
  }
}

/** One transform per size, with its work arrays: the phase correlation runs hundreds of rows of a size. */
const transforms = new Map<number, { fft: FFT; input: number[]; output: number[] }>();

/** 1-D FFT in place on split real/imaginary arrays (fft.js works on interleaved ones). */
function fft1(re: Float64Array, im: Float64Array, inverse: boolean): void {
  const n = re.length;
  let t = transforms.get(n);
  if (!t) {
    const fft = new FFT(n);
    t = { fft, input: fft.createComplexArray(), output: fft.createComplexArray() };
    transforms.set(n, t);
  }
  const { input, output } = t;
  for (let k = 0; k < n; k++) {
    input[2 * k] = re[k]!;
    input[2 * k + 1] = im[k]!;
  }
  if (inverse) t.fft.inverseTransform(output, input);
  else t.fft.transform(output, input);
  for (let k = 0; k < n; k++) {
    re[k] = output[2 * k]!;
    im[k] = output[2 * k + 1]!;
  }
}

// ------------------------------------------------------------------------------------------------ blending

/**
 * Each pass is evened to the reference's brightness, given an alpha that makes the composite a weighted
 * average (weights fall linearly to zero at each pass's edges, so seams fade across the whole overlap), and
 * laid onto a white canvas. Rotated passes are staged as uncompressed TIFF files rather than buffers so that
 * libvips streams them into the composite instead of holding every full-size pass in memory at once.
 */
async function blend(result: StitchResult, coarse: CoarseView[], out: string): Promise<void> {
  const sizes = await Promise.all(
    result.placements.map((p) => sharp(p.file, { limitInputPixels: maxPixels() }).metadata().then((m) => orientedSize(m))),
  );
  const transforms = result.placements.map((p, k) => fromPlacement(p, sizes[k]!.width, sizes[k]!.height));
  const gains = gainCompensation(transforms, coarse);
  const weights = coarse.map((c) => sheetWeight(c));
  await withStagingFolder('stitch', async (staging) => {
    const layers: OverlayOptions[] = [];
    for (let k = 0; k < result.placements.length; k++) {
      const p = result.placements[k]!;
      const { width, height } = sizes[k]!;
      const alpha = await alphaMask(k, transforms, sizes, weights, width, height);
      const { gain, offset } = gains[k]!;
      const rgb = await sharp(p.file, { limitInputPixels: maxPixels() })
        .autoOrient()
        .removeAlpha()
        .toColourspace('srgb')
        .linear(gain, offset)
        .raw({ depth: 'uchar' })
        .toBuffer({ resolveWithObject: true });
      if (rgb.info.channels !== 3) throw new Error(`stitchTiles: ${p.file} did not decode to RGB`);
      // Interleaved here rather than with joinChannel: within one pipeline sharp removes alpha and turns the
      // image before joining channels, which would leave the alpha unturned or dropped.
      const rgba = Buffer.allocUnsafe(width * height * 4);
      for (let i = 0, o = 0; i < width * height; i++, o += 4) {
        rgba[o] = rgb.data[3 * i]!;
        rgba[o + 1] = rgb.data[3 * i + 1]!;
        rgba[o + 2] = rgb.data[3 * i + 2]!;
        rgba[o + 3] = alpha[i]!;
      }
      const { matrix, odx, ody, left, top } = affinePlacement(transforms[k]!, width, height);
      const file = path.join(staging, `${k}.tif`);
      await sharp(rgba, { raw: { width, height, channels: 4 }, limitInputPixels: maxPixels() })
        .affine(matrix, { background: { r: 255, g: 255, b: 255, alpha: 0 }, odx, ody, interpolator: 'bicubic' })
        .tiff({ compression: 'none' })
        .toFile(file);
      layers.push({ input: file, left, top, limitInputPixels: maxPixels() });
    }
    let canvas = sharp({ create: { width: result.width, height: result.height, channels: 3, background: { r: 255, g: 255, b: 255 } }, limitInputPixels: maxPixels() })
      .composite(layers)
      .removeAlpha();
    const ext = path.extname(out).toLowerCase();
    if (ext === '.tif' || ext === '.tiff') canvas = canvas.tiff({ compression: 'lzw' });
    else if (ext === '.png') canvas = canvas.png({ compressionLevel: 6 });
    await canvas.toFile(out);
  });
}

/**
 * The affine (rotation plus sub-pixel shift) and whole-pixel composite offset that put tile pixel p at
 * R·p + t on the canvas. libvips starts the affine's output at the whole pixel nearest the turned tile's
 * top-left extreme, whatever the output shift (as measured on sharp 0.35 / libvips 8.18), so the fraction
 * of t can go into the affine and the tile lands to a fraction of a pixel, not to the nearest pixel. Where
 * that extreme sits almost on a half pixel, the rounding could go either way and move the tile by a whole
 * pixel; the angle is then changed by a few hundred-thousandths of a degree, a twentieth of a pixel at
 * the far corner, to make it certain.
 */
function affinePlacement(g: Rigid, width: number, height: number): { matrix: [number, number, number, number]; odx: number; ody: number; left: number; top: number } {
  let theta = g.theta;
  const extremes = (t: number): [number, number] => {
    const turned = corners({ theta: t, tx: 0, ty: 0 }, width, height);
    return [Math.min(...turned.map((c) => c[0])), Math.min(...turned.map((c) => c[1]))];
  };
  const ambiguous = (v: number): boolean => Math.abs(v - Math.floor(v) - 0.5) < 0.02;
  let [mx, my] = extremes(theta);
  for (let k = 1; k <= 8 && (ambiguous(mx) || ambiguous(my)); k++) {
    theta = g.theta + (k % 2 ? 1 : -1) * Math.ceil(k / 2) * 1e-5;
    [mx, my] = extremes(theta);
  }
  const cos = Math.cos(theta);
  const sin = Math.sin(theta);
  return {
    matrix: [cos, -sin, sin, cos],
    odx: g.tx - Math.floor(g.tx),
    ody: g.ty - Math.floor(g.ty),
    left: Math.floor(g.tx) + Math.floor(mx + 0.5),
    top: Math.floor(g.ty) + Math.floor(my + 0.5),
  };
}

/**
 * Alpha of tile k at full size: w_k / Σ_{j≤k} w_j with w each tile's weight (below). Laid in order, "over"
 * compositing with these alphas yields Σ w_j·I_j / Σ w_j, a feathered average of all tiles. Computed on a
 * small grid and enlarged: the weights are piecewise linear, so nothing is lost.
 */
async function alphaMask(k: number, transforms: Rigid[], sizes: { width: number; height: number }[], weights: SheetWeight[], width: number, height: number): Promise<Buffer> {
  const step = Math.max(1, Math.ceil(Math.max(width, height) / 512));
  const gw = Math.ceil(width / step);
  const gh = Math.ceil(height / step);
  const grid = Buffer.alloc(gw * gh);
  const toOthers = transforms.slice(0, k).map((t) => compose(invert(t), transforms[k]!));
  for (let gy = 0; gy < gh; gy++) {
    for (let gx = 0; gx < gw; gx++) {
      const x = Math.min(width, (gx + 0.5) * step);
      const y = Math.min(height, (gy + 0.5) * step);
      const own = tileWeight(weights[k]!, x, y, width, height);
      let total = own;
      toOthers.forEach((g, j) => {
        const [ox, oy] = apply(g, x, y);
        total += tileWeight(weights[j]!, ox, oy, sizes[j]!.width, sizes[j]!.height);
      });
      grid[gy * gw + gx] = total > 0 ? Math.round((255 * own) / total) : 255;
    }
  }
  return sharp(grid, { raw: { width: gw, height: gh, channels: 1 }, limitInputPixels: maxPixels() })
    .resize(width, height, { fit: 'fill', kernel: 'linear' })
    .extractChannel(0) // a one-band raw input otherwise comes back as three bands
    .raw()
    .toBuffer();
}

/** Distance (full-size px) from each coarse pixel to the scanner's frame or lid of its pass. */
interface SheetWeight {
  distance: Img;
  factor: number;
}

function sheetWeight(c: CoarseView): SheetWeight {
  const d = maskDistance(c.mask, c.img.width, c.img.height);
  for (let k = 0; k < d.length; k++) d[k] = d[k]! * c.factor;
  return { distance: { data: d, width: c.img.width, height: c.img.height }, factor: c.factor };
}

/**
 * A tile's weight at (x, y): its distance to its own edge or to its scanner frame and lid, whichever is
 * nearer, so a neighbour's sheet takes over smoothly before the frame begins. The frame and lid keep a
 * trace of weight, so where no pass shows the sheet (beyond its edges) they still show, as on one scan.
 */
function tileWeight(w: SheetWeight, x: number, y: number, width: number, height: number): number {
  const edge = edgeDistance(x, y, width, height);
  if (edge <= 0) return 0;
  const fx = Math.min(w.distance.width - 0.501, Math.max(0.5, x / w.factor));
  const fy = Math.min(w.distance.height - 0.501, Math.max(0.5, y / w.factor));
  const inside = bilinear(w.distance, fx, fy);
  return Math.max(1e-3 * edge, Math.min(edge, Number.isNaN(inside) ? edge : inside));
}

function edgeDistance(x: number, y: number, width: number, height: number): number {
  return Math.max(0, Math.min(x, width - x, y, height - y));
}

/**
 * Per-tile gain and offset that bring every overlap to agree, the first tile keeping its own: log-gains
 * from the ratio of contrast (standard deviation) in each overlap, then offsets from the means, both by
 * least squares over all overlapping pairs so no chain of pairs piles up error.
 */
const CLIPPED_HIGH = 250;
const CLIPPED_LOW = 5;

function gainCompensation(transforms: Rigid[], coarse: CoarseView[]): { gain: number; offset: number }[] {
  const n = transforms.length;
  const stats: { i: number; j: number; mi: number; mj: number; si: number; sj: number; weight: number }[] = [];
  // Interpolating one pass between pixels (the other is read at its own pixels) would flatten its contrast
  // and pass for a lower gain; blurred first, both are smooth at pixel scale and compare fairly.
  // Blurred, the sheet next to the frame takes some of the frame's grey: only pixels clear of it count.
  const smooth = coarse.map((c) => ({
    img: boxBlur(boxBlur(c.img, 2), 2),
    factor: c.factor,
    clear: maskDistance(c.mask, c.img.width, c.img.height).map((d) => (d > 5 ? 1 : 0)),
  }));
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const a = smooth[i]!;
      const b = smooth[j]!;
      // Tile j's coarse pixel → global → tile i's full → tile i's coarse.
      const jToI = compose(invert(transforms[i]!), transforms[j]!);
      const vi: number[] = [];
      const vj: number[] = [];
      for (let y = 1; y < b.img.height - 1; y++) {
        for (let x = 1; x < b.img.width - 1; x++) {
          const [fx, fy] = apply(jToI, (x + 0.5) * b.factor, (y + 0.5) * b.factor);
          const ai = bilinear(a.img, fx / a.factor, fy / a.factor);
          const inset = 2 * a.factor;
          if (Number.isNaN(ai) || fx < inset || fy < inset || fx > a.img.width * a.factor - inset || fy > a.img.height * a.factor - inset) continue;
          const aj = b.img.data[y * b.img.width + x]!;
          // The scanner's frame and lid are not the sheet: their grey says nothing of either lamp.
          const mi = Math.floor(fx / a.factor) + Math.floor(fy / a.factor) * a.img.width;
          if (!b.clear[y * b.img.width + x] || !a.clear[mi]) continue;
          // A bright lamp clips paper to white in one pass and not the other; clipped values say nothing of gain.
          if (ai >= CLIPPED_HIGH || aj >= CLIPPED_HIGH || ai <= CLIPPED_LOW || aj <= CLIPPED_LOW) continue;
          vi.push(ai);
          vj.push(aj);
        }
      }
      if (vi.length < 100) continue;
      const [mi, si] = meanStd(vi);
      const [mj, sj] = meanStd(vj);
      if (si < 1 || sj < 1) continue;
      stats.push({ i, j, mi, mj, si, sj, weight: vi.length });
    }
  }
  // log g_i + log s_i = log g_j + log s_j ; g_i m_i + o_i = g_j m_j + o_j ; tile 0 fixed; a weak pull
  // towards no change keeps tiles without overlaps (and the system) well posed.
  const logGain = solveDifferences(
    n,
    stats.map((s) => ({ i: s.i, j: s.j, value: Math.log(s.sj / s.si), weight: s.weight })),
  );
  const gain = logGain.map((l) => Math.exp(l));
  const offset = solveDifferences(
    n,
    stats.map((s) => ({ i: s.i, j: s.j, value: gain[s.j]! * s.mj - gain[s.i]! * s.mi, weight: s.weight })),
  );
  return gain.map((g, k) => ({ gain: g, offset: offset[k]! }));
}

/** Least squares for x with x_i − x_j ≈ value per pair, x_0 = 0, and a faint prior of 0 on every x. */
function solveDifferences(n: number, eqs: { i: number; j: number; value: number; weight: number }[]): number[] {
  const A: number[][] = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  const b = new Array<number>(n).fill(0);
  const total = eqs.reduce((s, e) => s + e.weight, 0) || 1;
  for (let k = 0; k < n; k++) A[k]![k] = 1e-6;
  for (const e of eqs) {
    const w = e.weight / total;
    A[e.i]![e.i]! += w;
    A[e.j]![e.j]! += w;
    A[e.i]![e.j]! -= w;
    A[e.j]![e.i]! -= w;
    b[e.i]! += w * e.value;
    b[e.j]! -= w * e.value;
  }
  // Pin the reference.
  for (let k = 0; k < n; k++) {
    A[0]![k] = k === 0 ? 1 : 0;
  }
  b[0] = 0;
  return solveLinear(A, b).x;
}

/** Mean over a (2r+1)² square, clamped at the borders; separable, so cheap on the coarse copies. */
function boxBlur(img: Img, r: number): Img {
  const { width, height } = img;
  const tmp = new Float32Array(width * height);
  const out = new Float32Array(width * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      let s = 0;
      let n = 0;
      for (let k = Math.max(0, x - r); k <= Math.min(width - 1, x + r); k++, n++) s += img.data[y * width + k]!;
      tmp[y * width + x] = s / n;
    }
  }
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      let s = 0;
      let n = 0;
      for (let k = Math.max(0, y - r); k <= Math.min(height - 1, y + r); k++, n++) s += tmp[k * width + x]!;
      out[y * width + x] = s / n;
    }
  }
  return { data: out, width, height };
}

function meanStd(values: number[]): [number, number] {
  let s = 0;
  let ss = 0;
  for (const v of values) {
    s += v;
    ss += v * v;
  }
  const m = s / values.length;
  return [m, Math.sqrt(Math.max(0, ss / values.length - m * m))];
}
