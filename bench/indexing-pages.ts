// A scanned page recognized as the workstation recognizes an imported one (analysis with orientation
// detection, the OCR image of its recipe, tiled recognition with the incoming stamps set aside, words
// scaled back to the rendered page's pixels), as the LayoutPage the layout reader takes. Results are
// cached on disk keyed by the image's hash, so that re-running bench:indexing while tuning the reader
// does not recognize the same pages again.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { LayoutPage } from '../main/contract/metadata-proposals';
import { masterSize, recognitionImage } from '../main/imaging/derivatives';
import { analysePage } from '../main/imaging/page-analysis';
import { outputSize } from '../main/imaging/page-geometry';
import type { RecognitionPool } from '../main/recognition/recognition-pool';
import { recognizeSheet } from '../main/recognition/tiled-recognition';

/** Survives runs (a temp folder, not the repository); delete it to recognize everything again. */
export const OCR_CACHE_DIR = path.join(os.tmpdir(), 'sohoa-bench-indexing-ocr');

/** The page's words, in the pool's order, each word's index its position there (as the words table's idx). */
export async function recognizedPage(pool: RecognitionPool, image: Buffer, dpi: number): Promise<LayoutPage> {
  mkdirSync(OCR_CACHE_DIR, { recursive: true });
  const key = createHash('sha256').update(image).update(`@${dpi}`).digest('hex');
  const cached = path.join(OCR_CACHE_DIR, `${key}.json`);
  if (existsSync(cached)) return JSON.parse(readFileSync(cached, 'utf8')) as LayoutPage;
  const size = await masterSize(image);
  const { recipe } = await analysePage(image, size, dpi, { detectOrientation: (png) => pool.detectOrientation(png) });
  const prepared = await recognitionImage(image, dpi, recipe);
  const result = await recognizeSheet(pool, prepared.data, { stamps: prepared.stamps });
  const s = prepared.scale;
  const rendered = outputSize(size, recipe);
  const page: LayoutPage = {
    pageId: 1,
    width: rendered.width,
    height: rendered.height,
    words: result.words.map((w, index) => ({
      index, text: w.text, confidence: w.confidence, line: w.line,
      x0: Math.round(w.x0 / s), y0: Math.round(w.y0 / s), x1: Math.round(w.x1 / s), y1: Math.round(w.y1 / s),
    })),
  };
  writeFileSync(cached, JSON.stringify(page));
  return page;
}
