// Stitching of overlapping scanner passes of one large sheet, against synthetic passes of known geometry:
// every pass's corners must land within 2 px of where they belong (relative to the first pass, since the
// canvas origin is arbitrary), and the blended canvas must show the sheet in the overlaps.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerTiles, stitchTiles, type TilePlacement } from '../../../main/imaging/stitch';
import { cornerErrors, cornersOf, cutPasses, fromFrame, mapSheet, toFrame, type Frame, type Point, type Sheet, type TruthPlacement } from '../../support/stitch-generator';
import { tempDir } from '../../support/temp-dir';

/** Size of the union of the passes, in the first pass's frame: what the canvas should measure. */
function expectedSize(truth: TruthPlacement[]): { width: number; height: number } {
  const pts = truth.flatMap((t) => cornersOf(t).map((c) => fromFrame(truth[0]!, toFrame(t, c))));
  const xs = pts.map((p) => p[0]);
  const ys = pts.map((p) => p[1]);
  return { width: Math.max(...xs) - Math.min(...xs), height: Math.max(...ys) - Math.min(...ys) };
}

function greyAt(img: { data: Buffer; width: number; height: number; channels: number }, x: number, y: number): number {
  const fx = Math.min(img.width - 2, Math.max(0, x - 0.5));
  const fy = Math.min(img.height - 2, Math.max(0, y - 0.5));
  const x0 = Math.floor(fx);
  const y0 = Math.floor(fy);
  const ax = fx - x0;
  const ay = fy - y0;
  const v = (xx: number, yy: number): number => {
    const k = (yy * img.width + xx) * img.channels;
    return img.channels >= 3 ? 0.299 * img.data[k]! + 0.587 * img.data[k + 1]! + 0.114 * img.data[k + 2]! : img.data[k]!;
  };
  const top = v(x0, y0) + ax * (v(x0 + 1, y0) - v(x0, y0));
  const bottom = v(x0, y0 + 1) + ax * (v(x0 + 1, y0 + 1) - v(x0, y0 + 1));
  return top + ay * (bottom - top);
}

function zscore(values: number[]): number[] {
  const m = values.reduce((a, b) => a + b, 0) / values.length;
  const s = Math.sqrt(values.reduce((a, b) => a + (b - m) ** 2, 0) / values.length) || 1;
  return values.map((v) => (v - m) / s);
}

/**
 * Compares 300 px squares of the sheet, centred between each two passes' centres (in their overlap where
 * they are neighbours), with the same places on the canvas. `shape`: mean absolute difference of
 * brightness-normalised values (0 = identical, ~1.1 = unrelated); `level`: mean absolute difference in grey
 * levels from the sheet as the first pass's lamp saw it, which a blend into white or a missed gain shows.
 */
async function overlapDifference(sheet: Sheet, out: string, found: TilePlacement[], truth: TruthPlacement[]): Promise<{ shape: number; level: number }> {
  const { data, info } = await sharp(out).raw().toBuffer({ resolveWithObject: true });
  const canvas = { data, width: info.width, height: info.height, channels: info.channels };
  const sheetImg = { data: sheet.data, width: sheet.width, height: sheet.height, channels: 3 };
  const f0: Frame = { ...found[0]!, width: truth[0]!.width, height: truth[0]!.height };
  const centre = (t: TruthPlacement): Point => toFrame(t, [t.width / 2, t.height / 2]);
  let shape = 0;
  let level = 0;
  let patches = 0;
  for (let i = 0; i < truth.length; i++) {
    for (let j = i + 1; j < truth.length; j++) {
      const cx = (centre(truth[i]!)[0] + centre(truth[j]!)[0]) / 2;
      const cy = (centre(truth[i]!)[1] + centre(truth[j]!)[1]) / 2;
      const a: number[] = [];
      const b: number[] = [];
      for (let dy = -150; dy < 150; dy += 2) {
        for (let dx = -150; dx < 150; dx += 2) {
          const q: Point = [cx + dx, cy + dy];
          a.push(greyAt(sheetImg, q[0], q[1]));
          const [ox, oy] = toFrame(f0, fromFrame(truth[0]!, q));
          b.push(greyAt(canvas, ox, oy));
        }
      }
      const za = zscore(a);
      const zb = zscore(b);
      shape += za.reduce((s, v, k) => s + Math.abs(v - zb[k]!), 0) / za.length;
      const { gain, offset } = truth[0]!;
      level += a.reduce((s, v, k) => s + Math.abs(Math.min(255, gain * v + offset) - b[k]!), 0) / a.length;
      patches++;
    }
  }
  return { shape: shape / patches, level: level / patches };
}

describe('stitchTiles', () => {
  const tmp = tempDir('sohoa-stitch-test-');
  let sheet: Sheet;

  beforeAll(() => {
    sheet = mapSheet(5000, 3500, 11);
  });
  afterAll(() => tmp.remove());

  const cases = [
    { name: '2 passes side by side', cols: 2, rows: 1, overlap: 0.3, seed: 3 },
    { name: '3 passes in a row', cols: 3, rows: 1, overlap: 0.2, seed: 5 },
    { name: 'a 2×2 grid', cols: 2, rows: 2, overlap: 0.25, seed: 9 },
    { name: 'a 3×2 grid', cols: 3, rows: 2, overlap: 0.18, seed: 13 },
  ];

  for (const c of cases) {
    it(`registers and blends ${c.name} within 2 px`, async () => {
      const dir = path.join(tmp.dir, `${c.cols}x${c.rows}`);
      mkdirSync(dir, { recursive: true });
      const passes = await cutPasses(sheet, dir, { cols: c.cols, rows: c.rows, overlap: c.overlap, seed: c.seed });
      const started = Date.now();
      const out = path.join(dir, 'stitched.png');
      const result = await stitchTiles(passes.files, out);
      const seconds = (Date.now() - started) / 1000;
      const errors = cornerErrors(result.placements, passes.truth);
      console.log(
        `${c.name}: corner errors ${errors.map((e) => e.toFixed(2)).join(', ')} px; confidence ${result.placements
          .map((p) => p.confidence.toFixed(2))
          .join(', ')}; ${seconds.toFixed(1)} s`,
      );
      expect(result.unsure).toBe(false);
      for (const e of errors) expect(e).toBeLessThanOrEqual(2);

      const expected = expectedSize(passes.truth);
      const meta = await sharp(out).metadata();
      expect(meta.width).toBe(result.width);
      expect(meta.height).toBe(result.height);
      expect(Math.abs(result.width - expected.width)).toBeLessThanOrEqual(3);
      expect(Math.abs(result.height - expected.height)).toBeLessThanOrEqual(3);
      expect(Math.abs(result.width - sheet.width) / sheet.width).toBeLessThan(0.08);
      expect(Math.abs(result.height - sheet.height) / sheet.height).toBeLessThan(0.08);

      const diff = await overlapDifference(sheet, out, result.placements, passes.truth);
      console.log(`${c.name}: canvas vs sheet: shape ${diff.shape.toFixed(3)}, level ${diff.level.toFixed(2)} grey levels`);
      expect(diff.shape).toBeLessThan(0.3);
      expect(diff.level).toBeLessThan(6);
    });
  }

  it('re-blends with manually given placements', async () => {
    const dir = path.join(tmp.dir, 'manual');
    mkdirSync(dir, { recursive: true });
    const passes = await cutPasses(sheet, dir, { cols: 2, rows: 1, overlap: 0.3, seed: 21 });
    const registered = await registerTiles(passes.files);
    const out = path.join(dir, 'manual.tif');
    const result = await stitchTiles(passes.files, out, registered.placements);
    expect(result.placements.map((p) => [p.x, p.y, p.angle])).toEqual(registered.placements.map((p) => [p.x, p.y, p.angle]));
    const meta = await sharp(out).metadata();
    expect(meta.format).toBe('tiff');
    expect([meta.width, meta.height]).toEqual([result.width, result.height]);
  });

  it('is unsure about passes that do not overlap rather than confidently wrong', async () => {
    const dir = path.join(tmp.dir, 'unrelated');
    const sub = (name: string): string => {
      const d = path.join(dir, name);
      mkdirSync(d, { recursive: true });
      return d;
    };
    const pair = await cutPasses(sheet, sub('pair'), { cols: 2, rows: 1, overlap: 0.3, seed: 31 });
    const other = await cutPasses(mapSheet(5000, 3500, 99), sub('other'), { cols: 1, rows: 1, overlap: 0, seed: 2 });
    // Far-apart passes of the same sheet share its style (grid, fonts, line widths) but no content.
    const far = await cutPasses(sheet, sub('far'), { cols: 3, rows: 1, overlap: 0, seed: 3 });

    for (const files of [
      [pair.files[0]!, other.files[0]!],
      [far.files[0]!, far.files[2]!],
    ]) {
      const result = await registerTiles(files);
      console.log(`unrelated: confidence ${result.placements.map((p) => p.confidence.toFixed(2)).join(', ')}`);
      expect(result.unsure).toBe(true);
      expect(result.placements[1]!.confidence).toBeLessThan(0.5);
    }

    // A stray pass first: the file order says nothing, so the two that do overlap are the main group and
    // keep their registration; the stray one is the pass reported unsure, with no overlap found.
    const mixed = await registerTiles([other.files[0]!, ...pair.files]);
    console.log(`stray first: confidence ${mixed.placements.map((p) => p.confidence.toFixed(2)).join(', ')}`);
    expect(mixed.unsure).toBe(true);
    expect(mixed.placements[0]!.confidence).toBeLessThan(0.5);
    expect(mixed.placements[1]!.confidence).toBeGreaterThan(0.5);
    expect(mixed.placements[2]!.confidence).toBeGreaterThan(0.5);
    expect(mixed.doubts.map((d) => d.tile)).toEqual([0]);
    for (const e of cornerErrors(mixed.placements.slice(1), pair.truth)) expect(e).toBeLessThanOrEqual(2);
  });
});
