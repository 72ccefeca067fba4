// Page cleaning in the UI on real pages: a decision scanned sideways is turned upright by the analysis
// and a two-page spread is split before OCR; the clerk compares before and after (B), turns a page
// (]) and undoes it (Ctrl+Z), merges the spread back, changes the OCR image of the whole dossier, sets and
// clears the blank flag by hand (T), and is asked before a page that is no spread is split (S).
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { expect, test, type Page } from '@playwright/test';
import { REAL_PAGES_DIR, type RunningHost } from './dev-host-process';
import { createBatchAndDossier, setUpFirstSupervisor, sharedWorkstation, WIDE_SCREEN } from './ui-steps';

let host: RunningHost;
let page: Page;
sharedWorkstation((h, p) => ([host, page] = [h, p]), { viewport: WIDE_SCREEN });

/**
 * Natural size of the image in the viewer once it has loaded. Polled rather than awaited with decode():
 * an edit replaces the element, and a decode() of a replaced image may never settle.
 */
async function viewerImage(): Promise<{ w: number; h: number; variant: string | null }> {
  const image = page.getByTestId('page-viewer-image');
  const read = () =>
    image.evaluate((element) => {
      const img = element as unknown as { complete: boolean; naturalWidth: number; naturalHeight: number; getAttribute(name: string): string | null };
      return { loaded: img.complete && img.naturalWidth > 0, w: img.naturalWidth, h: img.naturalHeight, variant: img.getAttribute('data-variant') };
    });
  await expect.poll(async () => (await read()).loaded, { timeout: 30_000 }).toBe(true);
  const { w, h, variant } = await read();
  return { w, h, variant };
}

const thumbs = () => page.getByTestId('thumb-list').locator('[data-page-id]');

test('a sideways scan and a spread are turned upright and split before OCR', async () => {
  const folder = path.join(host.work, 'ho-so');
  mkdirSync(folder);
  const decision = path.join(REAL_PAGES_DIR, 'real_qd_729_ttg_p1.png');
  // Scanned with the page's top to the right, at 200 dpi.
  await sharp(decision).rotate(90).withDensity(200).png().toFile(path.join(folder, '1-xoay.png'));
  // Two pages opened flat side by side, a white gap where they meet.
  const left = await sharp(decision).toBuffer();
  const right = await sharp(path.join(REAL_PAGES_DIR, 'real_qd_707_ttg_p1.png')).resize({ width: 1670, height: 2356, fit: 'fill' }).toBuffer();
  await sharp({ create: { width: 1670 * 2 + 80, height: 2356, channels: 3, background: '#ffffff' } })
    .composite([{ input: left, left: 0, top: 0 }, { input: right, left: 1670 + 80, top: 0 }])
    .withDensity(200)
    .png()
    .toFile(path.join(folder, '2-doi.png'));

  await setUpFirstSupervisor(page, host, { username: 'vanthu', fullName: 'Lê Văn Thư' });
  await createBatchAndDossier(page, 'Lô xử lý ảnh', { code: 'H49.64.33.2026.300', title: 'Hồ sơ quét nghiêng' });
  await page.getByTestId('import-paths').fill(folder);
  await page.getByTestId('import-start').click();

  await expect(page.getByTestId('dossier-counts')).toContainText('3 trang · 3 đã nhận dạng', { timeout: 120_000 });
  await page.getByTestId('thumb-1').click();
  const upright = await viewerImage();
  expect(upright.h).toBeGreaterThan(upright.w);
  await expect(page.getByTestId('recognized-text')).toContainText('Hạnh phúc');
  await page.getByTestId('thumb-2').click();
  await expect(page.getByText('Tách từ ảnh 2-doi.png')).toBeVisible();
});

test('B shows the scan as it was; ] turns the page and Ctrl+Z undoes it', async () => {
  await page.getByTestId('thumb-1').click();
  await page.getByTestId('zoom-fit').click();
  await page.keyboard.press('b');
  await expect(page.getByTestId('page-viewer-image')).toHaveAttribute('data-variant', 'master');
  const scanned = await viewerImage();
  expect(scanned.w).toBeGreaterThan(scanned.h);
  await page.keyboard.press('b');
  await expect(page.getByTestId('page-viewer-image')).toHaveAttribute('data-variant', 'view');

  await page.keyboard.press(']');
  await expect(page.getByText('Đã áp dụng “Xoay phải” cho 1 trang')).toBeVisible();
  await expect.poll(async () => { const i = await viewerImage(); return i.w > i.h; }, { timeout: 30_000 }).toBe(true);
  await page.keyboard.press('Control+z');
  await expect(page.getByText('Đã hoàn tác thao tác cuối trên trang.')).toBeVisible();
  await expect.poll(async () => { const i = await viewerImage(); return i.h > i.w; }, { timeout: 30_000 }).toBe(true);
  await expect(page.getByTestId('dossier-counts')).toContainText('3 đã nhận dạng', { timeout: 60_000 });
});

test('undoing the split merges the spread; an OCR option applies to the whole dossier', async () => {
  await page.getByTestId('thumb-2').click();
  await page.getByTestId('tool-undo').click();
  await expect(thumbs()).toHaveCount(2, { timeout: 30_000 });

  await page.getByTestId('tools-scope').selectOption('dossier');
  // The box shows the saved recipe: it turns on once main has stored the change.
  await page.getByTestId('ocr-sealDropout').click();
  await expect(page.getByText('Đã áp dụng “Lọc bỏ dấu đỏ” cho 2 trang')).toBeVisible();
  await expect(page.getByTestId('ocr-sealDropout')).toBeChecked();
  await expect(page.getByTestId('dossier-counts')).toContainText('2 trang · 2 đã nhận dạng', { timeout: 120_000 });
});

test('T sets and clears the blank flag by hand; S on a single page asks before splitting it', async () => {
  await page.getByTestId('thumb-1').click();
  await page.keyboard.press('t');
  await expect(page.getByText('Đã đánh dấu trang này là trang trắng.')).toBeVisible();
  await expect(page.getByTestId('thumb-1')).toHaveAttribute('data-blank', 'true');
  await expect(page.getByTestId('blank-set-by')).toContainText('vanthu');
  await page.keyboard.press('t');
  await expect(page.getByText('Đã bỏ cờ trang trắng của trang này.')).toBeVisible();
  await expect(page.getByTestId('thumb-1')).not.toHaveAttribute('data-blank', 'true');

  await page.keyboard.press('s');
  await expect(page.getByText('Trang này không giống trang đôi; vẫn tách?')).toBeVisible();
  await page.getByTestId('split-cancel').click();
  await expect(page.getByText('Trang này không giống trang đôi; vẫn tách?')).toBeHidden();
  await expect(thumbs()).toHaveCount(2);
});

test('a large sheet is viewed through its tile pyramid, loading finer tiles as it zooms', async () => {
  // 7,200 × 5,100 px (37 MP, an A2 map at 300 dpi): the real decision pasted on a large sheet.
  const decision = await sharp(path.join(REAL_PAGES_DIR, 'real_qd_729_ttg_p1.png')).toBuffer();
  const sheet = path.join(host.work, 'ban-do-a2.png');
  await sharp({ create: { width: 7200, height: 5100, channels: 3, background: '#f3efe2' } })
    .composite([{ input: decision, left: 300, top: 300 }, { input: decision, left: 4800, top: 2400 }])
    .withDensity(300)
    .png({ compressionLevel: 1 })
    .toFile(sheet);
  await page.getByTestId('import-paths').fill(sheet);
  await page.getByTestId('import-start').click();
  await expect(thumbs()).toHaveCount(3, { timeout: 60_000 });

  const tiles: string[] = [];
  page.on('response', (response) => {
    if (/\/page-tiles\/\d+\/[0-9a-f]+\/page_files\/\d+\/\d+_\d+\.jpeg$/.test(response.url()) && response.status() === 200) tiles.push(response.url());
  });
  await page.getByTestId('thumb-3').click();
  // Once analysed, the page's rendering is final: the pyramid shown is the one zoomed into.
  await expect(page.getByTestId('page-tools')).not.toContainText('Đang chờ phân tích ảnh', { timeout: 90_000 });
  await expect(page.getByTestId('deep-zoom')).toBeVisible();
  await expect.poll(() => tiles.length, { timeout: 60_000 }).toBeGreaterThan(0);
  const level = (url: string) => Number(/page_files\/(\d+)\//.exec(url)![1]);
  // Zoom once the first view has settled (no new tile for a second): while the sheet is still being
  // recognized the machine is busy, and a zoom sent while OpenSeadragon opens its source is undone by it.
  let seen = -1;
  await expect.poll(() => (tiles.length === seen ? 'settled' : ((seen = tiles.length), 'loading')), { timeout: 60_000, intervals: [1000] }).toBe('settled');
  const coarsest = Math.max(...tiles.map(level));
  await page.getByTestId('zoom-in').click();
  await page.getByTestId('zoom-in').click();
  await page.getByTestId('zoom-in').click();
  await expect.poll(() => Math.max(...tiles.map(level)), { timeout: 60_000 }).toBeGreaterThan(coarsest);
});
