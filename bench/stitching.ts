// Stitching figures for `npm run bench:imaging`: a survey map scanned at 300 dpi in A3 passes laid as a row,
// a column and grids (15–25 % overlap, each pass turned by up to 1°, its own lamp, the scanner's frame and
// lid, JPEG, files shuffled; tests/support/stitch-generator.ts), stitched by `sohoa stitch` in a child
// process under GNU time. Reported per layout: mean and largest corner error of the passes against the
// truth (px, in the first file's frame), whether registration was unsure, wall time and peak memory of the
// command (registration and blend to a TIFF). Figures, not assertions.
import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { cornerErrors, scanPasses } from '../tests/support/stitch-generator';
import { REPO_ROOT } from '../tests/support/temp-dir';

const A3_LANDSCAPE = { width: 420, height: 297 };
const A3_PORTRAIT = { width: 297, height: 420 };

const LAYOUTS = [
  { name: 'row 3 × 1', cols: 3, rows: 1, passMm: A3_PORTRAIT, seed: 21 },
  { name: 'column 1 × 3', cols: 1, rows: 3, passMm: A3_LANDSCAPE, seed: 22 },
  { name: 'grid 2 × 2 (A2 map)', cols: 2, rows: 2, passMm: A3_LANDSCAPE, seed: 23 },
  { name: 'grid 3 × 2', cols: 3, rows: 2, passMm: A3_PORTRAIT, seed: 24 },
];

export interface StitchFigure {
  layout: string;
  passes: number;
  width: number;
  height: number;
  meanCornerError: number;
  maxCornerError: number;
  unsure: boolean;
  seconds: number;
  peakMb: number;
}

const round = (v: number, d = 2): number => Math.round(v * 10 ** d) / 10 ** d;

export async function stitchingFigures(work: string): Promise<StitchFigure[]> {
  const figures: StitchFigure[] = [];
  for (const layout of LAYOUTS) {
    const dir = path.join(work, `stitch-${layout.cols}x${layout.rows}`);
    mkdirSync(dir, { recursive: true });
    const passes = await scanPasses(dir, { ...layout, dpi: 300, shuffle: true });
    const out = path.join(dir, 'stitched.tif');
    const run = spawnSync('/usr/bin/time', ['-f', '%e %M', process.execPath, '--import', 'tsx', path.join(REPO_ROOT, 'main/cli/sohoa.ts'), 'stitch', ...passes.files, '--out', out, '--json'], {
      cwd: REPO_ROOT,
      encoding: 'utf8',
      maxBuffer: 16 * 1024 * 1024,
    });
    if (run.status !== 0) throw new Error(`sohoa stitch failed: ${run.stderr}`);
    const [seconds, kb] = run.stderr.trim().split('\n').at(-1)!.split(' ').map(Number);
    const result = JSON.parse(run.stdout) as { width: number; height: number; unsure: boolean; tiles: Array<{ x: number; y: number; angle: number }> };
    // The first file is the frame of reference, so its own error is 0 by construction: leave it out.
    const errors = cornerErrors(result.tiles, passes.truth).slice(1);
    figures.push({
      layout: layout.name,
      passes: passes.files.length,
      width: result.width,
      height: result.height,
      meanCornerError: round(errors.reduce((a, b) => a + b, 0) / errors.length),
      maxCornerError: round(Math.max(...errors)),
      unsure: result.unsure,
      seconds: seconds!,
      peakMb: Math.round(kb! / 1024),
    });
    rmSync(dir, { recursive: true, force: true });
  }
  return figures;
}
