// `npm run bench:ocr`: speed, accuracy and memory of recognition, beside the references the issue names,
// in one run on the same pages. Needs Debian's `tesseract-ocr`, `tesseract-ocr-vie` and `ocrmypdf`
// (apt-get install tesseract-ocr tesseract-ocr-vie ocrmypdf) besides GNU time.
//
//   Speed: 20 A4 pages at 300 dpi (the nine real pages of vn-admin-real, enlarged from their 200 dpi,
//   repeated) through `sohoa process --jobs 2` (import, analysis, OCR, PDF/A + ALTO export), against
//   `ocrmypdf -l vie --output-type pdfa -j 2` on one PDF of the same pages and plain `tesseract -l vie`
//   two pages at a time.
//   Accuracy: character error rate on the nine real pages as they are (whole page, whitespace folded,
//   as tests/support/cer.ts), ours through `sohoa process` against `tesseract -l vie` (--psm 3).
//   Memory: the twenty pages' OCR images, prepared beforehand, recognized by a child process with a pool
//   of ONE worker and nothing else: its peak RSS less its RSS before the worker started is what a worker
//   takes (with one page image). An A0 sheet at 300 dpi (16 A4 pages side by side) analysed, prepared and recognized in
//   tiles by two workers, in a child process: its peak RSS (export is not part of it). Then the whole
//   pipeline: A0 sheets at 300 and 600 dpi through `sohoa process` (import, analysis, tiled OCR, PDF/A and
//   ALTO): peak RSS beside the targets (under 1 GB and 2 GB).
//
// Figures, not assertions.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PDFDocument } from 'pdf-lib';
import sharp from 'sharp';
import { characterErrorRate } from '../tests/support/cer';
import { REAL_PAGES_DIR } from '../tests/support/temp-dir';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.join(here, '..');
const work = mkdtempSync(path.join(os.tmpdir(), 'sohoa-bench-ocr-'));
const round = (v: number, d = 2) => Math.round(v * 10 ** d) / 10 ** d;

interface Measured {
  seconds: number;
  peakMb: number;
}

function timed(command: string, args: string[], cwd = root): Measured & { stdout: string } {
  const result = spawnSync('/usr/bin/time', ['-f', '%e %M', command, ...args], { cwd, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed: ${result.stderr.slice(-2000)}`);
  const [seconds, kb] = result.stderr.trim().split('\n').at(-1)!.split(' ').map(Number);
  return { seconds: seconds!, peakMb: Math.round(kb! / 1024), stdout: result.stdout };
}

const sohoa = (args: string[]) => timed(process.execPath, ['--import', 'tsx', path.join(root, 'main/cli/sohoa.ts'), ...args]);
const ocrTask = (task: 'prepare' | 'recognize' | 'sheet', args: string[]) => {
  const run = timed(process.execPath, ['--import', 'tsx', path.join(here, 'ocr-task.ts'), task, path.join(work, 'ocr-cache'), ...args]);
  return { seconds: run.seconds, peakMb: run.peakMb, ...(JSON.parse(run.stdout.trim().split('\n').at(-1)!) as { baselineMb: number; words: number }) };
};

const groundTruth = readFileSync(path.join(REAL_PAGES_DIR, '..', 'ground-truth.jsonl'), 'utf8')
  .trim()
  .split('\n')
  .map((line) => JSON.parse(line) as { doc_id: string; text: string; image: string });

/** The twenty 300 dpi pages, as PNG files in one folder, and as one PDF for ocrmypdf. */
async function twentyPages(): Promise<{ folder: string; pdf: string; files: string[] }> {
  const folder = path.join(work, 'a4-300');
  mkdirSync(folder);
  const pdf = await PDFDocument.create();
  const files: string[] = [];
  for (let i = 0; i < 20; i++) {
    const source = path.join(REAL_PAGES_DIR, '..', groundTruth[i % groundTruth.length]!.image);
    const png = await sharp(source).resize({ width: 2480, kernel: 'cubic' }).withDensity(300).png().toBuffer();
    const file = path.join(folder, `trang-${String(i + 1).padStart(2, '0')}.png`);
    writeFileSync(file, png);
    files.push(file);
    const image = await pdf.embedPng(png);
    const { width, height } = image.scale(72 / 300);
    pdf.addPage([width, height]).drawImage(image, { x: 0, y: 0, width, height });
  }
  const pdfFile = path.join(work, 'a4-300.pdf');
  writeFileSync(pdfFile, await pdf.save());
  return { folder, pdf: pdfFile, files };
}

function plainTesseract(files: string[], outDir: string): Measured {
  mkdirSync(outDir, { recursive: true });
  // Two at a time, like the others' two workers; OMP_THREAD_LIMIT=1 so that each uses one core.
  const script = `printf '%s\\n' "$@" | OMP_THREAD_LIMIT=1 xargs -P 2 -I{} sh -c 'tesseract "{}" "${outDir}/$(basename "{}" .png)" -l vie --psm 3 >/dev/null 2>&1'`;
  const run = timed('bash', ['-c', script, 'bench', ...files]);
  return { seconds: run.seconds, peakMb: run.peakMb };
}

/**
 * An A0 sheet at `dpi` (16 A4 pages side by side, 4 × 4) as one PNG that declares its resolution:
 * without it the sheet would be read as 200 dpi and enlarged for OCR, which is not what is measured.
 */
async function a0Sheet(dpi: number): Promise<string> {
  const { textPage } = await import('../tests/support/page-generator');
  const parts: string[] = [];
  for (let i = 0; i < 16; i++) {
    const file = path.join(work, `part-${i}.png`);
    writeFileSync(file, textPage({ dpi, firstLine: i * 9, lines: 45 }).png);
    parts.push(file);
  }
  const joined = path.join(work, 'a0.v');
  execFileSync('vips', ['arrayjoin', parts.join(' '), joined, '--across', '4']);
  const master = path.join(work, `a0-${dpi}dpi.png`);
  const pxPerMm = String(dpi / 25.4);
  execFileSync('vips', ['copy', joined, `${master}[compression=1]`, '--xres', pxPerMm, '--yres', pxPerMm]);
  for (const file of [joined, ...parts]) rmSync(file, { force: true });
  return master;
}

/** The whole pipeline's targets for the A0 sheet (issue 13): peak process memory. */
const A0_TARGET_MB = { 300: 1024, 600: 2048 } as const;

try {
  const pages = await twentyPages();

  const oursOut = path.join(work, 'ours');
  const ours = sohoa(['process', pages.folder, '--out', oursOut, '--jobs', '2', '--json']);
  const ocrmypdf = timed('ocrmypdf', ['-l', 'vie', '--output-type', 'pdfa', '-j', '2', '--quiet', pages.pdf, path.join(work, 'ocrmypdf.pdf')]);
  const tesseract = plainTesseract(pages.files, path.join(work, 'tesseract'));
  console.log(
    `20 A4 pages at 300 dpi: sohoa process --jobs 2 ${ours.seconds} s (${ours.peakMb} MB peak; ${JSON.stringify((JSON.parse(ours.stdout) as { timings: object }).timings)}) | ocrmypdf -j 2 ${ocrmypdf.seconds} s (${ocrmypdf.peakMb} MB) | tesseract ×2 ${tesseract.seconds} s — ratio to ocrmypdf ${round(ours.seconds / ocrmypdf.seconds)}`,
  );

  // Accuracy on the real pages as they are (200 dpi), one document each.
  const realOut = path.join(work, 'real');
  const real = groundTruth.map((d) => path.join(REAL_PAGES_DIR, '..', d.image));
  const oursReal = JSON.parse(sohoa(['process', ...real, '--out', realOut, '--jobs', '2', '--json']).stdout) as { documents: Array<{ json: string; source: string }> };
  const tessReal = path.join(work, 'tesseract-real');
  plainTesseract(real, tessReal);
  const rows = groundTruth.map((d) => {
    const doc = oursReal.documents.find((x) => path.basename(x.source) === path.basename(d.image))!;
    const record = JSON.parse(readFileSync(doc.json, 'utf8')) as { pages: Array<{ text: string }> };
    const oursCer = characterErrorRate(record.pages.map((p) => p.text).join('\n'), d.text);
    const tessCer = characterErrorRate(readFileSync(path.join(tessReal, `${path.basename(d.image, '.png')}.txt`), 'utf8'), d.text);
    return { doc: d.doc_id, ours: round(oursCer * 100, 1), tesseract: round(tessCer * 100, 1) };
  });
  for (const row of rows) console.log(`  ${row.doc.padEnd(28)} CER ours ${row.ours} %  tesseract ${row.tesseract} %`);
  const mean = (k: 'ours' | 'tesseract') => round(rows.reduce((s, r) => s + r[k], 0) / rows.length, 2);
  console.log(`CER on vn-admin-real (9 pages): ours ${mean('ours')} % | tesseract -l vie ${mean('tesseract')} %`);

  const preparedDir = path.join(work, 'prepared');
  mkdirSync(preparedDir);
  ocrTask('prepare', ['300', preparedDir, ...pages.files]);
  const oneWorker = ocrTask('recognize', readdirSync(preparedDir).map((f) => path.join(preparedDir, f)));
  const workerMb = oneWorker.peakMb - oneWorker.baselineMb;
  console.log(`One OCR worker, 20 prepared pages one after the other: ${oneWorker.seconds} s; process ${oneWorker.baselineMb} MB before the worker, ${oneWorker.peakMb} MB peak: the worker ≤ ${workerMb} MB`);

  const a0 = await a0Sheet(300);
  const a0Run = ocrTask('sheet', ['300', a0]);
  console.log(`A0 at 300 dpi (9,920 × 14,032) recognized in tiles by 2 workers: ${a0Run.seconds} s, ${a0Run.peakMb} MB peak, ${a0Run.words} words`);
  const a0Process: Record<number, Measured> = {};
  for (const dpi of [300, 600] as const) {
    const sheet = dpi === 300 ? a0 : await a0Sheet(dpi);
    const run = sohoa(['process', sheet, '--out', path.join(work, `a0-${dpi}`), '--jobs', '2', '--json']);
    const out = JSON.parse(run.stdout) as { pagesFailed: number; timings: object };
    if (out.pagesFailed > 0) throw new Error(`the A0 sheet at ${dpi} dpi was not recognized: ${run.stdout}`);
    a0Process[dpi] = { seconds: run.seconds, peakMb: run.peakMb };
    console.log(
      `A0 at ${dpi} dpi through sohoa process --jobs 2 (import, analysis, tiled OCR, PDF/A + ALTO): ${run.seconds} s, ${run.peakMb} MB peak | target < ${A0_TARGET_MB[dpi]} MB; ${JSON.stringify(out.timings)}`,
    );
    rmSync(sheet, { force: true });
  }
  console.log(
    JSON.stringify({
      a4x20: { ours: { seconds: ours.seconds, peakMb: ours.peakMb }, ocrmypdf: { seconds: ocrmypdf.seconds, peakMb: ocrmypdf.peakMb }, tesseract, ratio: round(ours.seconds / ocrmypdf.seconds) },
      cer: { rows, ours: mean('ours'), tesseract: mean('tesseract') },
      oneWorker: { ...oneWorker, workerMb },
      a0: { ocr: a0Run, process: a0Process, targetMb: A0_TARGET_MB },
      outputs: readdirSync(oursOut).length,
    }),
  );
} finally {
  rmSync(work, { recursive: true, force: true });
}
