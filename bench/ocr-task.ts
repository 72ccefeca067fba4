// One measured recognition task, run in its own process by bench/ocr.ts under GNU time, so that its peak
// memory is its own. Prints one JSON line: the process's RSS before the first worker started.
//
//   pages <dpi> <file>…: each page analysed, prepared and recognized one after the other by a pool of
//     ONE worker: the peak less the baseline is what a worker takes.
//   sheet <dpi> <file>: a large sheet analysed, prepared and recognized in tiles by a pool of two.
import { masterSize, recognitionImage } from '../main/imaging/derivatives';
import { analysePage } from '../main/imaging/page-analysis';
import { RecognitionPool } from '../main/recognition/recognition-pool';
import { recognizeSheet } from '../main/recognition/tiled-recognition';

const [task, dpiText, cacheDir, ...files] = process.argv.slice(2);
if ((task !== 'pages' && task !== 'sheet') || !dpiText || !cacheDir || files.length === 0) throw new Error('usage: ocr-task <pages|sheet> <dpi> <cacheDir> <file>…');
const dpi = Number(dpiText);
const baselineMb = Math.round(process.memoryUsage().rss / 1024 / 1024);
const pool = new RecognitionPool({ cacheDir, size: task === 'pages' ? 1 : 2 });
let words = 0;
try {
  for (const file of files) {
    const size = await masterSize(file);
    const { recipe } = await analysePage(file, size, dpi, { detectOrientation: (png) => pool.detectOrientation(png) });
    const prepared = await recognitionImage(file, dpi, recipe);
    words += (await recognizeSheet(pool, prepared.data)).words.length;
  }
} finally {
  await pool.close();
}
process.stdout.write(`${JSON.stringify({ baselineMb, words })}\n`);
