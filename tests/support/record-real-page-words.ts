// Records the recognized words of the nine real pages of vn-admin-real once, so that tests can read
// real words with their boxes without running OCR. Run by hand after a change to recognition:
//
//   node --import tsx tests/support/record-real-page-words.ts
//
// Each page is recognized as the workstation recognizes an imported page (bench/indexing-pages.ts: the
// page's analysis, its OCR image, tiled recognition with the RecognitionPool, words scaled back to the
// rendered page) and written to tests/fixtures/real-page-words/<doc_id>.json as one LayoutPage
// (main/contract/metadata-proposals.ts): pageId 1, the page's width and height, the words in the pool's
// order. Results come from the bench's OCR cache when it holds the page (delete it to recognize afresh).
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { recognizedPage } from '../../bench/indexing-pages';
import { RecognitionPool } from '../../main/recognition/recognition-pool';
import { REAL_PAGE_TRUTH } from './real-page-truth';
import { REAL_PAGES_DIR, REPO_ROOT } from './temp-dir';

/** The real pages were rasterised at about 200 dpi (vn-admin-real/README.md). */
const REAL_DPI = 200;
const REAL_PAGE_WORDS_DIR = path.join(REPO_ROOT, 'tests/fixtures/real-page-words');

async function record(): Promise<void> {
  mkdirSync(REAL_PAGE_WORDS_DIR, { recursive: true });
  const pool = new RecognitionPool({ cacheDir: path.join(os.tmpdir(), 'sohoa-bench-indexing-models'), size: 2 });
  try {
    for (const docId of Object.keys(REAL_PAGE_TRUTH)) {
      const page = await recognizedPage(pool, readFileSync(path.join(REAL_PAGES_DIR, `${docId}_p1.png`)), REAL_DPI);
      writeFileSync(path.join(REAL_PAGE_WORDS_DIR, `${docId}.json`), `${JSON.stringify({ ...page, pageId: 1 })}\n`);
      console.log(`${docId}: ${page.words.length} words`);
    }
  } finally {
    await pool.close();
  }
}

await record();
