// `npm run bench:imaging`: accuracy and cost of the page analysis and processing, beside the same
// geometric operations done by the `vips` command-line tool (Debian libvips-tools) as the reference.
//
//   Deskew accuracy: 30 generated A4 pages of real Vietnamese text (150 and 300 dpi) skewed by known
//   angles from −5° to +5°; mean and largest error of the angle the analysis applies. Orientation: the
//   same kind of page lying in each of the four directions on a dark background.
//   A4 per page: generated 300 dpi flatbed scans (skewed, sideways, dark border, punch holes): analysis,
//   the processed page at full resolution and the OCR image, per page, in a child process.
//   A0 at 300 and 600 dpi (16 and 64 A4 pages of text side by side, skewed 0.8°): analysis, processed
//   page, OCR image (at 300 dpi) and deep-zoom pyramid, in a child process.
//   The vips reference does the geometric part only (it cannot analyse): rotate, extract_area, save;
//   colourspace b-w (and a 0.5 shrink at 600 dpi) for the OCR image; dzsave for the pyramid.
//   Stitching (bench/stitching.ts): a map in 300 dpi A3 passes as a row, a column and grids, given shuffled;
//   corner error against the truth, time and peak memory of `sohoa stitch`.
//   `npm run bench:imaging -- stitching` measures the stitching alone.
//
//   Blank pages and spreads: 60 realistic generated scans (tests/support/page-generator.ts: grey or dark
//   scanner bed with a shadow, uneven lamp, tinted paper, seals, staples, holes, creases, show-through,
//   JPEG / PNG / CCITT G4, 200 and 300 dpi; letters, covers, tables of contents, one-line closing pages,
//   test charts, pictures, blank backs; one in five a spread, some with a blank or nearly blank half),
//   through the analysis and the blank verdict: precision and recall of the blank flag, spread recall
//   (split within 6 mm of the fold, left page first) and single sheets split by mistake; on the single
//   sheets lying on a bed that shows (a bilevel scan turns a light bed white: nothing to crop), how far
//   the crop's corners are from the sheet's (tests/support/sheet-corners.ts).
//
// `npm run bench:imaging -- blank` runs only the named parts (deskew, orientation, a4, a0, blank).
// Time and peak memory (max RSS) of every child come from GNU time. Figures, not assertions.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';
import { estimateSkew } from '../main/imaging/skew';
import { IDENTITY_RECIPE } from '../main/contract/page-recipe';
import { detectBlank } from '../main/imaging/blank-page';
import { renderPage } from '../main/imaging/derivatives';
import { analysePage, findOrientation, paperTone, withoutBackground } from '../main/imaging/page-analysis';
import { realisticScanSet, sheetScan, textPage } from '../tests/support/page-generator';
import { sheetCornerMisses } from '../tests/support/sheet-corners';
import { stitchingFigures, type StitchFigure } from './stitching';

const here = path.dirname(fileURLToPath(import.meta.url));
const work = mkdtempSync(path.join(os.tmpdir(), 'sohoa-bench-imaging-'));
const round = (v: number, d = 2) => Math.round(v * 10 ** d) / 10 ** d;

interface Measured {
  seconds: number;
  peakMb: number;
}

/** Runs a command under GNU time: wall seconds and max RSS. */
function timed(command: string, args: string[]): Measured & { stdout: string } {
  const result = spawnSync('/usr/bin/time', ['-f', '%e %M', command, ...args], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed: ${result.stderr}`);
  const last = result.stderr.trim().split('\n').at(-1)!;
  const [seconds, kb] = last.split(' ').map(Number);
  return { seconds: seconds!, peakMb: Math.round(kb! / 1024), stdout: result.stdout };
}

function sum(parts: Measured[]): Measured {
  return { seconds: round(parts.reduce((s, p) => s + p.seconds, 0)), peakMb: Math.max(...parts.map((p) => p.peakMb)) };
}

function ours(task: 'page' | 'large' | 'startup', master: string, dpi: number): Measured & { recipe: { rotation: number; deskewAngle: number; crop: { x: number; y: number; width: number; height: number } | null } } {
  const out = path.join(work, `out-${path.basename(master)}`);
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out);
  const run = timed(process.execPath, ['--import', 'tsx', path.join(here, 'imaging-task.ts'), task, master, String(dpi), out]);
  return { seconds: run.seconds, peakMb: run.peakMb, recipe: task === 'startup' ? { rotation: 0, deskewAngle: 0, crop: null } : JSON.parse(run.stdout.trim().split('\n').at(-1)!) };
}

/** The vips CLI doing the same geometry: one rotation, the crop, the saved page, the grey OCR image. */
function vipsReference(master: string, angle: number, crop: { x: number; y: number; width: number; height: number } | null, shrink: number, pyramid: boolean): Measured {
  const dir = path.join(work, `vips-${path.basename(master)}`);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir);
  const turned = path.join(dir, 'turned.v');
  const page = path.join(dir, 'page.v');
  const parts: Measured[] = [];
  // '--' ends the options: a negative angle is not one.
  parts.push(timed('vips', ['rotate', '--', master, turned, String(angle)]));
  if (crop) parts.push(timed('vips', ['extract_area', turned, page, String(crop.x), String(crop.y), String(crop.width), String(crop.height)]));
  const source = crop ? page : turned;
  parts.push(timed('vips', ['copy', source, path.join(dir, 'page.png[compression=1]')]));
  const grey = path.join(dir, 'grey.v');
  parts.push(timed('vips', ['colourspace', source, grey, 'b-w']));
  if (shrink !== 1) parts.push(timed('vips', ['resize', grey, path.join(dir, 'ocr.png'), String(shrink)]));
  else parts.push(timed('vips', ['copy', grey, path.join(dir, 'ocr.png')]));
  if (pyramid) parts.push(timed('vips', ['dzsave', source, path.join(dir, 'tiles'), '--tile-size', '512', '--overlap', '1', '--suffix', '.jpeg[Q=85]']));
  rmSync(dir, { recursive: true, force: true });
  return sum(parts);
}

async function deskewAccuracy(): Promise<{ pages: number; meanError: number; maxError: number; secondsPerPage: number }> {
  const errors: number[] = [];
  let seconds = 0;
  for (let i = 0; i < 30; i++) {
    const angle = -5 + (10 * i) / 29;
    const page = textPage({ dpi: i % 2 === 0 ? 150 : 300, skewDegrees: angle, firstLine: i * 5 });
    const started = performance.now();
    const found = await estimateSkew(page.png);
    seconds += (performance.now() - started) / 1000;
    errors.push(Math.abs(found.angle - angle));
  }
  return { pages: 30, meanError: round(errors.reduce((a, b) => a + b, 0) / errors.length, 3), maxError: round(Math.max(...errors), 3), secondsPerPage: round(seconds / 30) };
}

async function orientationAccuracy(): Promise<{ pages: number; right: number }> {
  let right = 0;
  let pages = 0;
  for (const placed of [0, 90, 180, 270] as const) {
    for (const first of [0, 45, 90, 135, 180]) {
      const scan = sheetScan({ dpi: 150, placed, skewDegrees: (first % 7) - 3, firstLine: first, borderMm: 8, lines: 25 });
      const { data, info } = await sharp(scan.png).greyscale().resize({ width: 1200 }).raw().toBuffer({ resolveWithObject: true });
      const image = { data, width: info.width, height: info.height };
      const found = findOrientation(withoutBackground(image, paperTone(image)));
      pages++;
      if (found.rotation === (360 - placed) % 360) right++;
    }
  }
  return { pages, right };
}

async function a4Pages(): Promise<{ pages: number; ours: Measured; vips: Measured; startup: Measured }> {
  const oursRuns: Measured[] = [];
  const vipsRuns: Measured[] = [];
  for (let i = 0; i < 6; i++) {
    const scan = sheetScan({ dpi: 300, placed: i % 2 === 0 ? 0 : 90, skewDegrees: -2.5 + i, borderMm: 6, marks: true, firstLine: i * 11 });
    const file = path.join(work, `a4-${i}.png`);
    writeFileSync(file, await sharp(scan.png).withDensity(300).png({ compressionLevel: 6 }).toBuffer());
    const run = ours('page', file, 300);
    oursRuns.push(run);
    vipsRuns.push(vipsReference(file, run.recipe.rotation + run.recipe.deskewAngle, run.recipe.crop, 1, false));
  }
  const mean = (runs: Measured[]) => ({ seconds: round(runs.reduce((s, r) => s + r.seconds, 0) / runs.length), peakMb: Math.max(...runs.map((r) => r.peakMb)) });
  const startup = ours('startup', path.join(work, 'a4-0.png'), 300);
  return { pages: oursRuns.length, ours: mean(oursRuns), vips: mean(vipsRuns), startup: { seconds: startup.seconds, peakMb: startup.peakMb } };
}

/** An A0 sheet: `tiles` × `tiles` A4 pages at 300 dpi joined by vips, then skewed 0.8°, saved as PNG. */
async function a0Sheet(tiles: number): Promise<string> {
  const pages: string[] = [];
  for (let i = 0; i < 16; i++) {
    const file = path.join(work, `part-${i}.png`);
    writeFileSync(file, textPage({ dpi: 300, firstLine: i * 9, lines: 45 }).png);
    pages.push(file);
  }
  const grid = Array.from({ length: tiles * tiles }, (_, i) => pages[i % 16]!);
  const joined = path.join(work, `a0-${tiles}.v`);
  execFileSync('vips', ['arrayjoin', grid.join(' '), joined, '--across', String(tiles)]);
  const master = path.join(work, `a0-${tiles === 4 ? 300 : 600}dpi.png`);
  execFileSync('vips', ['rotate', joined, `${master}[compression=1]`, '0.8', '--background', '255']);
  rmSync(joined, { force: true });
  return master;
}

async function a0(dpi: 300 | 600): Promise<{ width: number; height: number; ours: Measured; vips: Measured }> {
  const master = await a0Sheet(dpi === 300 ? 4 : 8);
  const { width, height } = await sharp(master, { limitInputPixels: false }).metadata();
  const run = ours('large', master, dpi);
  const reference = vipsReference(master, run.recipe.rotation + run.recipe.deskewAngle, run.recipe.crop, dpi === 600 ? 0.5 : 1, true);
  rmSync(master, { force: true });
  return { width, height, ours: { seconds: run.seconds, peakMb: run.peakMb }, vips: reference };
}

async function blankAndSpreads(): Promise<{ scans: number; pages: number; blankPages: number; precision: number; recall: number; spreads: number; spreadRecall: number; singleSplit: number; cropSheets: number; cropMeanMm: number; cropMaxMm: number; secondsPerScan: number }> {
  const steps = ['spread', 'orientation', 'deskew', 'crop', 'clean'] as const;
  let tp = 0;
  let fp = 0;
  let fn = 0;
  let pages = 0;
  let spreads = 0;
  let spreadsSplit = 0;
  let singleSplit = 0;
  let scans = 0;
  let seconds = 0;
  // Crop to the sheet, on the single sheets lying on a bed: the worst corner's miss, in mm.
  const cropMisses: number[] = [];
  for await (const scan of realisticScanSet({ seed: 2026, count: 60, dpi: [200, 300] })) {
    const started = performance.now();
    const size = { width: scan.width, height: scan.height };
    const analysis = await analysePage(scan.data, size, scan.dpi, { steps });
    const recipes = [analysis.recipe];
    if (analysis.spread) recipes.push((await analysePage(scan.data, size, scan.dpi, { base: { ...IDENTITY_RECIPE, region: analysis.spread.right }, steps: steps.slice(1) })).recipe);
    const kinds = analysis.spread ? scan.kinds : [scan.kinds[0]!];
    for (const [i, recipe] of recipes.entries()) {
      const { data, info } = await (await renderPage(scan.data, size, recipe)).raw().toBuffer({ resolveWithObject: true });
      const verdict = await detectBlank(sharp(data, { raw: { width: info.width, height: info.height, channels: info.channels } }), { widthMm: (info.width / scan.dpi) * 25.4 });
      const truth = kinds[i] === 'blank';
      if (verdict.blank && truth) tp++;
      else if (verdict.blank) fp++;
      else if (truth) fn++;
      pages++;
    }
    seconds += (performance.now() - started) / 1000;
    scans++;
    if (scan.gutter !== null) {
      spreads++;
      if (analysis.spread && Math.abs(analysis.spread.left.width - scan.gutter) <= (6 * scan.dpi) / 25.4) spreadsSplit++;
    } else if (analysis.spread) singleSplit++;
    else if (scan.bedVisible) cropMisses.push(Math.max(...sheetCornerMisses(scan, analysis.recipe)));
  }
  return {
    scans,
    pages,
    blankPages: tp + fn,
    precision: round(tp / Math.max(1, tp + fp), 3),
    recall: round(tp / Math.max(1, tp + fn), 3),
    spreads,
    spreadRecall: round(spreadsSplit / Math.max(1, spreads), 3),
    singleSplit,
    cropSheets: cropMisses.length,
    cropMeanMm: round(cropMisses.reduce((a, b) => a + b, 0) / Math.max(1, cropMisses.length)),
    cropMaxMm: round(Math.max(0, ...cropMisses)),
    secondsPerScan: round(seconds / scans),
  };
}

function printStitching(figures: StitchFigure[]): void {
  for (const f of figures) {
    console.log(
      `Stitching ${f.layout}, ${f.passes} A3 passes at 300 dpi → ${f.width} × ${f.height}: corner error mean ${f.meanCornerError} px, max ${f.maxCornerError} px${f.unsure ? ' (unsure)' : ''}; ${f.seconds} s, ${f.peakMb} MB peak`,
    );
  }
}

const parts = new Set(process.argv.slice(2));
const wanted = (part: string) => parts.size === 0 || parts.has(part);
try {
  const figures: Record<string, unknown> = {};
  if (wanted('deskew')) {
    const deskew = (figures.deskew = await deskewAccuracy());
    console.log(`Deskew: ${deskew.pages} pages, mean error ${deskew.meanError}°, max ${deskew.maxError}°, ${deskew.secondsPerPage} s per page`);
  }
  if (wanted('orientation')) {
    const orientation = (figures.orientation = await orientationAccuracy());
    console.log(`Orientation: ${orientation.right}/${orientation.pages} pages turned the right way`);
  }
  if (wanted('blank')) {
    const b = (figures.blank = await blankAndSpreads());
    console.log(
      `Blank pages: ${b.scans} realistic scans, ${b.pages} pages (${b.blankPages} blank): precision ${b.precision}, recall ${b.recall} | spreads: ${b.spreads}, recall ${b.spreadRecall}, single sheets split ${b.singleSplit} | crop to the sheet on ${b.cropSheets} sheets on a visible bed: corner miss mean ${b.cropMeanMm} mm, max ${b.cropMaxMm} mm | ${b.secondsPerScan} s per scan`,
    );
  }
  if (wanted('a4')) {
    const a4 = (figures.a4 = await a4Pages());
    console.log(
      `A4 300 dpi, per page: ours ${a4.ours.seconds} s, ${a4.ours.peakMb} MB peak (analysis + page + OCR image; ${a4.startup.seconds} s of it starting Node and the modules) | vips CLI ${a4.vips.seconds} s, ${a4.vips.peakMb} MB peak (page + OCR image, no analysis)`,
    );
  }
  if (wanted('a0')) {
    const large300 = (figures.a0_300 = await a0(300));
    console.log(`A0 300 dpi ${large300.width} × ${large300.height}: ours ${large300.ours.seconds} s, ${large300.ours.peakMb} MB peak | vips CLI ${large300.vips.seconds} s, ${large300.vips.peakMb} MB peak`);
    const large600 = (figures.a0_600 = await a0(600));
    console.log(`A0 600 dpi ${large600.width} × ${large600.height}: ours ${large600.ours.seconds} s, ${large600.ours.peakMb} MB peak | vips CLI ${large600.vips.seconds} s, ${large600.vips.peakMb} MB peak`);
  }
  if (wanted('stitching')) printStitching((figures.stitching = await stitchingFigures(work)));
  console.log(JSON.stringify(figures));
} finally {
  rmSync(work, { recursive: true, force: true });
}
