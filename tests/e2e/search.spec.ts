// Searching the recognized text in the UI, on a real page read by the real OCR: a query typed without
// diacritics (Ctrl+K) finds the page, Enter opens it, and the words found are drawn over the image. A
// reviewer's list of the dossier's unsure words opens each word's page with the word highlighted.
import { copyFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { REAL_PAGES_DIR, type RunningHost } from './dev-host-process';
import { createBatchAndDossier, setUpFirstSupervisor, sharedWorkstation, WIDE_SCREEN } from './ui-steps';

let host: RunningHost;
let page: Page;
sharedWorkstation((h, p) => ([host, page] = [h, p]), { viewport: WIDE_SCREEN });

/** The boxes drawn over the page image, relative to the image. */
async function matchBoxes() {
  const image = await page.getByTestId('page-viewer-image').boundingBox();
  const boxes = await page.getByTestId('match-box').evaluateAll((elements) =>
    elements.map((e) => {
      const r = e.getBoundingClientRect();
      return { x: r.x, y: r.y, width: r.width, height: r.height };
    }),
  );
  return { image: image!, boxes };
}

test('a query without diacritics finds the page, and Enter opens it with the words highlighted', async () => {
  const folder = path.join(host.work, 'ho-so');
  mkdirSync(folder);
  copyFileSync(path.join(REAL_PAGES_DIR, 'real_qd_729_ttg_p1.png'), path.join(folder, 'qd-729.png'));
  await setUpFirstSupervisor(page, host, { username: 'giamsat', fullName: 'Trần Thị Giám Sát' });
  await createBatchAndDossier(page, 'Lô tìm kiếm', { code: 'H49.64.33.2026.729', title: 'Quyết định phê chuẩn' });
  await page.getByTestId('import-paths').fill(folder);
  await page.getByTestId('import-start').click();
  await expect(page.getByTestId('dossier-counts')).toContainText('1 trang · 1 đã nhận dạng', { timeout: 180_000 });
  await expect(page.getByTestId('recognized-text')).toContainText('Hạnh phúc');
  // The incoming stamp under the number ("CỔNG THÔNG TIN ĐIỆN TỬ CHÍNH PHỦ / ĐẾN …") is shown apart,
  // labelled, after the text; its unsure words are not marked for checking.
  const stamp = page.getByTestId('recognized-text').locator('.ocr-aside[data-aside="stamp"]');
  await expect(stamp.first().locator('.aside-tag')).toHaveText('Dấu đến');
  await expect(stamp.locator('mark.word-low')).toHaveCount(0);

  // From elsewhere in the app: the result brings the workspace back.
  await page.getByTestId('nav-summary').click();
  await page.keyboard.press('Control+k');
  await expect(page.getByTestId('search-dialog')).toBeVisible();
  await page.getByTestId('search-input').fill('hanh phuc');
  const hit = page.getByTestId('search-hit-0');
  await expect(hit).toContainText('H49.64.33.2026.729 · văn bản 1 · trang 1');
  await expect(hit.locator('mark')).toHaveText(['Hạnh phúc']);
  await expect(page.getByTestId('search-status')).toHaveText('1 trang');
  const pageId = await hit.getAttribute('data-page-id');

  await page.getByTestId('search-input').press('Enter');
  await expect(page.getByTestId('search-dialog')).toBeHidden();
  await expect(page.getByTestId('page-viewer-image')).toHaveAttribute('data-page-id', pageId!);
  await expect(page.getByTestId('match-box')).toHaveCount(2);
  await expect(page.getByTestId('highlight-note')).toContainText('Tô sáng 2 chữ');
  await expect(page.locator('.word-match')).toHaveText(['Hạnh', 'phúc']);
  // The boxes lie on the image where the words are: near its top (the motto under the national name).
  await expect.poll(() => page.getByTestId('page-viewer-image').evaluate((img) => (img as unknown as { complete: boolean }).complete), { timeout: 30_000 }).toBe(true);
  const { image, boxes } = await matchBoxes();
  expect(boxes).toHaveLength(2);
  for (const box of boxes) {
    expect(box.width).toBeGreaterThan(2);
    expect(box.height).toBeGreaterThan(2);
    expect(box.x).toBeGreaterThanOrEqual(image.x);
    expect(box.x + box.width).toBeLessThanOrEqual(image.x + image.width + 1);
    expect(box.y).toBeGreaterThanOrEqual(image.y);
    expect(box.y + box.height).toBeLessThan(image.y + image.height * 0.3);
  }
  // "Hạnh" stands left of "phúc" on one line.
  expect(boxes[0]!.x).toBeLessThan(boxes[1]!.x);
  expect(Math.abs(boxes[0]!.y - boxes[1]!.y)).toBeLessThan(boxes[0]!.height);

  await page.getByTestId('highlight-clear').click();
  await expect(page.getByTestId('match-box')).toHaveCount(0);
});

test('the search remembers the last query, says when nothing matches, and never breaks on odd input', async () => {
  await page.keyboard.press('Control+f');
  await expect(page.getByTestId('search-input')).toHaveValue('hanh phuc');
  await page.getByTestId('search-input').fill('"NEAR( -*');
  await expect(page.getByTestId('search-status')).toHaveText('Không có trang nào chứa “"NEAR( -*”.');
  await expect(page.getByTestId('notices').getByTestId('notice-error')).toHaveCount(0);
  await page.getByTestId('search-input').fill('"Hạnh phúc"');
  await expect(page.getByTestId('search-hit-0').getByText('đúng dấu')).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('search-dialog')).toBeHidden();
});

test('a reviewer steps through the unsure words, each highlighted on its page', async () => {
  await page.getByTestId('low-words-tab').click();
  await expect(page.getByTestId('low-words-status')).toContainText(/\d+ chữ có độ tin cậy dưới 60%/);
  const first = page.getByTestId('low-word-0');
  await first.click();
  await expect(first).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByTestId('match-box')).toHaveCount(1);
  await expect(page.getByTestId('highlight-note')).toContainText('Tô sáng 1 chữ');
  // ↓ moves to the next unsure word and highlights it instead.
  if ((await page.getByTestId('low-words-list').getByRole('option').count()) > 1) {
    await page.keyboard.press('ArrowDown');
    await expect(page.getByTestId('low-word-1')).toHaveAttribute('aria-selected', 'true');
    await expect(page.getByTestId('low-word-1')).toBeFocused();
    await expect(page.getByTestId('match-box')).toHaveCount(1);
  }
  // The word under review is marked in the page's text too.
  const selected = (await page.getByTestId('low-words-list').locator('[aria-selected="true"] mark').textContent())!;
  await page.getByTestId('text-tab').click();
  await expect(page.locator('.word-match')).toHaveText([selected]);
});
