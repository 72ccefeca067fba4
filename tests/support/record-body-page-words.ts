// Records the recognized words of generated body pages once, with the app's own recognition, so that the
// header detector's test (tests/unit/recognition/nd30-header.test.ts) has real words of pages that are NOT
// the first page of a document, without running OCR:
//
//   node --import tsx tests/support/record-body-page-words.ts
//
// Body pages are drawn by tests/support/page-generator.ts (textPage at 200 dpi, from the lines named in
// BODY_PAGES) → tests/fixtures/body-page-words/text-page-<first line>.json. The real pages' words are
// recorded by tests/support/record-real-page-words.ts.
//
// Each page goes the way the recognition service takes a stored page: the automatic analysis (orientation,
// deskew, crop, clean), the OCR image, the pool's tiled recognition with the stamp boxes set aside, and the
// words brought back to the rendered page's pixels. Each file is exactly one LayoutPage
// (main/contract/metadata-proposals.ts) with `pageId: 1`, the rendered page's width and height, and the
// words in the pool's order (`index` their place). Run again only when recognition changes.
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { LayoutPage } from '../../main/contract/metadata-proposals';
import { masterSize, recognitionImage, type MasterInput } from '../../main/imaging/derivatives';
import { analysePage } from '../../main/imaging/page-analysis';
import { outputSize } from '../../main/imaging/page-geometry';
import { RecognitionPool } from '../../main/recognition/recognition-pool';
import { recognizeSheet } from '../../main/recognition/tiled-recognition';
import { textPage } from './page-generator';
import { REPO_ROOT } from './temp-dir';

const FIXTURES = path.join(REPO_ROOT, 'tests', 'fixtures');
/** The dataset's pages are rasterised at about 200 dpi (its README); the body pages are drawn at it. */
const DPI = 200;
/**
 * First lines of the generated body pages in vietnameseLines(): 0 is the first real document's own
 * header set as running text in one column (a page quoting a header is not a header); the others are
 * bodies (Căn cứ …, Điều …, signature blocks) of several documents.
 */
export const BODY_PAGES = [0, 12, 45, 90, 140] as const;

const pool = new RecognitionPool({ cacheDir: path.join(os.tmpdir(), 'sohoa-record-words'), size: 1 });

async function layoutPage(master: MasterInput): Promise<LayoutPage> {
  const size = await masterSize(master);
  const { recipe } = await analysePage(master, size, DPI, { detectOrientation: (png) => pool.detectOrientation(png) });
  const prepared = await recognitionImage(master, DPI, recipe);
  const result = await recognizeSheet(pool, prepared.data, { stamps: prepared.stamps });
  const s = prepared.scale;
  const out = outputSize(size, recipe);
  return {
    pageId: 1,
    width: out.width,
    height: out.height,
    words: result.words.map((w, index) => ({
      index,
      text: w.text,
      x0: Math.round(w.x0 / s),
      y0: Math.round(w.y0 / s),
      x1: Math.round(w.x1 / s),
      y1: Math.round(w.y1 / s),
      confidence: Math.round(w.confidence * 100) / 100,
      line: w.line,
    })),
  };
}

function write(folder: string, name: string, page: LayoutPage): void {
  mkdirSync(path.join(FIXTURES, folder), { recursive: true });
  // One word a line: small, and a change of recognition reads as a diff of words.
  const words = page.words.map((w) => `  ${JSON.stringify(w)}`).join(',\n');
  writeFileSync(path.join(FIXTURES, folder, `${name}.json`), `{"pageId":${page.pageId},"width":${page.width},"height":${page.height},"words":[\n${words}\n]}\n`);
  console.log(`${folder}/${name}: ${page.words.length} words, ${page.width} × ${page.height}`);
}

try {
  for (const firstLine of BODY_PAGES) write('body-page-words', `text-page-${firstLine}`, await layoutPage(textPage({ dpi: DPI, firstLine, lines: 40 }).png));
} finally {
  await pool.close();
}
