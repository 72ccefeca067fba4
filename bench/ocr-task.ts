// One measured recognition task, run in its own process by bench/ocr.ts under GNU time, so that its peak
// memory is its own. Prints one JSON line: the process's RSS before the first worker started, and what
// was read.
//
//   prepare <dpi> <outdir> <file>…: analysis (with orientation detection) and the OCR image of each page,
//     written to <outdir>/ocr-<n>.png for the next task.
//   recognize <file>…: prepared OCR images recognized one after the other by a pool of ONE worker and
//     nothing else: the peak less the baseline is what a worker takes (plus one page image).
//   sheet <dpi> <file>: a large sheet analysed, prepared and recognized in tiles by a pool of two.
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { masterSize, recognitionImage } from '../main/imaging/derivatives';
import { analysePage } from '../main/imaging/page-analysis';
import { RecognitionPool } from '../main/recognition/recognition-pool';
import { recognizeSheet } from '../main/recognition/tiled-recognition';

const [task, cacheDir, ...rest] = process.argv.slice(2);
if (!task || !cacheDir) throw new Error('usage: ocr-task <prepare|recognize|sheet> <cacheDir> …');
const baselineMb = Math.round(process.memoryUsage().rss / 1024 / 1024);
const pool = new RecognitionPool({ cacheDir, size: task === 'sheet' ? 2 : 1 });

async function prepared(file: string, dpi: number): Promise<Buffer> {
  const size = await masterSize(file);
  const { recipe } = await analysePage(file, size, dpi, { detectOrientation: (png) => pool.detectOrientation(png) });
  return (await recognitionImage(file, dpi, recipe)).data;
}

let words = 0;
try {
  if (task === 'prepare') {
    const [dpi, outdir, ...files] = rest;
    for (const [i, file] of files.entries()) await writeFile(path.join(outdir!, `ocr-${i}.png`), await prepared(file, Number(dpi)));
  } else if (task === 'recognize') {
    const { readFile } = await import('node:fs/promises');
    for (const file of rest) words += (await recognizeSheet(pool, await readFile(file))).words.length;
  } else if (task === 'sheet') {
    const [dpi, file] = rest;
    words = (await recognizeSheet(pool, await prepared(file!, Number(dpi)))).words.length;
  } else {
    throw new Error(`unknown task ${task}`);
  }
} finally {
  await pool.close();
}
process.stdout.write(`${JSON.stringify({ baselineMb, words })}\n`);
