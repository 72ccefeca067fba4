// `npm run bench:imaging-thread`: how long the main thread's event loop is held while an A0 sheet is
// analysed and its OCR image made, before (the functions called on the main thread, as the services did)
// and after (the same work posted to the imaging pool's worker threads). The UI, the IPC and the
// development host's WebSocket all wait on that loop: its delay is how long a click or a keystroke waits.
//
//   The sheet: 16 A4 pages of Vietnamese text at 300 dpi joined 4 × 4 by vips (9,920 × 14,032 px,
//   139 MP), turned 0.8°, saved as PNG with its resolution set (vips copy --xres 11.811: 300 dpi).
//   The delay: perf_hooks.monitorEventLoopDelay sampling every 10 ms during each task; max and p99 in ms.
//   Each task runs twice per side (the first pool run includes starting its thread). Figures, not assertions.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import sharp from 'sharp';
import { recognitionImage } from '../main/imaging/derivatives';
import { ImagingPool } from '../main/imaging/imaging-pool';
import { analysePage } from '../main/imaging/page-analysis';
import { textPage } from '../tests/support/page-generator';

const DPI = 300;
const work = mkdtempSync(path.join(os.tmpdir(), 'sohoa-bench-imaging-thread-'));
const round = (v: number, d = 1) => Math.round(v * 10 ** d) / 10 ** d;

interface Sample {
  seconds: number;
  maxMs: number;
  p99Ms: number;
}

function a0Sheet(): string {
  const pages: string[] = [];
  for (let i = 0; i < 16; i++) {
    const file = path.join(work, `part-${i}.png`);
    writeFileSync(file, textPage({ dpi: DPI, firstLine: i * 9, lines: 45 }).png);
    pages.push(file);
  }
  const joined = path.join(work, 'a0.v');
  execFileSync('vips', ['arrayjoin', pages.join(' '), joined, '--across', '4']);
  const turned = path.join(work, 'a0-turned.v');
  execFileSync('vips', ['rotate', joined, turned, '0.8', '--background', '255']);
  const master = path.join(work, 'a0-300dpi.png');
  // 11.811 px/mm is 300 dpi: the analysis and the OCR image read the sheet's real size from it.
  execFileSync('vips', ['copy', turned, `${master}[compression=1]`, '--xres', '11.811', '--yres', '11.811']);
  rmSync(joined, { force: true });
  rmSync(turned, { force: true });
  return master;
}

async function sampled(task: () => Promise<unknown>): Promise<Sample> {
  const delay = monitorEventLoopDelay({ resolution: 10 });
  delay.enable();
  const start = performance.now();
  await task();
  const seconds = (performance.now() - start) / 1000;
  delay.disable();
  return { seconds: round(seconds, 2), maxMs: round(delay.max / 1e6), p99Ms: round(delay.percentile(99) / 1e6) };
}

const show = (s: Sample) => `${String(s.maxMs).padStart(8)} ${String(s.p99Ms).padStart(8)} ${String(s.seconds).padStart(7)}`;

const pool = new ImagingPool({ size: 1 });
try {
  const master = a0Sheet();
  const meta = await sharp(master, { limitInputPixels: false }).metadata();
  const size = { width: meta.width, height: meta.height };
  console.log(`A0 sheet ${size.width} × ${size.height} px at ${meta.density} dpi; event-loop delay of the main thread (ms) and wall time (s)`);
  const tasks = [
    { name: 'analysis', direct: () => analysePage(master, size, DPI), pooled: () => pool.analysePage(master, size, DPI) },
    { name: 'OCR image', direct: () => recognitionImage(master, DPI), pooled: () => pool.recognitionImage(master, DPI) },
  ];
  const rows: Array<{ task: string; run: number; before: Sample; after: Sample }> = [];
  console.log(`${'task'.padEnd(14)}| ${'before: max'.padStart(8)}      p99       s | ${'after: max'.padStart(8)}      p99       s`);
  for (const task of tasks) {
    for (let run = 1; run <= 2; run++) {
      const before = await sampled(task.direct);
      const after = await sampled(task.pooled);
      rows.push({ task: task.name, run, before, after });
      console.log(`${`${task.name} #${run}`.padEnd(14)}| ${show(before)} | ${show(after)}`);
    }
  }
  console.log(JSON.stringify({ width: size.width, height: size.height, rows }));
} finally {
  await pool.close();
  rmSync(work, { recursive: true, force: true });
}
