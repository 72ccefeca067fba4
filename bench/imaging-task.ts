// One measured imaging task, run in its own process by bench/imaging.ts under GNU time, so that its
// peak memory is its own. Prints nothing on success; the parent reads the time and memory.
//
//   page <master> <dpi> <outdir>: what the workstation does to a page before OCR and export: analysis
//     (orientation, deskew, crop, marks), the processed page at full resolution (PNG), the OCR image.
//   large <master> <dpi> <outdir>: the same for a large sheet, plus its deep-zoom tile pyramid.
//   startup <master> <dpi> <outdir>: loads the modules and reads the master's size, nothing else.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { masterSize, pageImage, recognitionImage, withRenderedPage } from '../main/imaging/derivatives';
import { analysePage } from '../main/imaging/page-analysis';
import { buildPyramid } from '../main/imaging/tile-pyramid';

const [task, master, dpiText, outdir] = process.argv.slice(2);
if (!task || !master || !dpiText || !outdir) throw new Error('usage: imaging-task <page|large> <master> <dpi> <outdir>');
const dpi = Number(dpiText);
const size = await masterSize(master);
// Starting Node, tsx and the modules: what every measured task pays before its work.
if (task === 'startup') process.exit(0);
const { recipe } = await analysePage(master, size, dpi);
if (task === 'large') {
  // A sheet of hundreds of megapixels is written through libvips to a file, never to a buffer.
  await withRenderedPage(master, size, recipe, 1, 'lanczos3', (image) => image.png({ compressionLevel: 1 }).toFile(path.join(outdir, 'page.png')));
  const ocr = await recognitionImage(master, dpi, recipe);
  await fs.writeFile(path.join(outdir, 'ocr.png'), ocr.data);
  await buildPyramid(master, recipe, path.join(outdir, 'tiles'));
} else {
  await fs.writeFile(path.join(outdir, 'page.png'), await pageImage(master, recipe, 'png'));
  const ocr = await recognitionImage(master, dpi, recipe);
  await fs.writeFile(path.join(outdir, 'ocr.png'), ocr.data);
}
process.stdout.write(`${JSON.stringify({ rotation: recipe.rotation, deskewAngle: recipe.deskewAngle, crop: recipe.crop, marks: recipe.marks.length })}\n`);
