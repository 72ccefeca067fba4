// Documents a clerk reshapes, in the UI at 1366 × 768, on real pages: three decisions imported as one
// document; after recognition the second page (it carries an NĐ 30 header) is proposed as the start of a
// new document; the clerk splits there and sees two documents, Ctrl+Z gives one back; then splits with N,
// moves a page to the new document with the move dialog, and merges the two again with M.
import { copyFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { REAL_PAGES_DIR, type RunningHost } from './dev-host-process';
import { createBatchAndDossier, setUpFirstSupervisor, sharedWorkstation } from './ui-steps';

let host: RunningHost;
let page: Page;
sharedWorkstation((h, p) => ([host, page] = [h, p]), { viewport: { width: 1366, height: 768 } });

const documents = () => page.locator('[data-testid^="document-"][data-state]');

test('a page with an NĐ 30 header is proposed; splitting there makes two documents, Ctrl+Z one', async () => {
  // Three real pages recognized on the machine's shared cores first.
  test.setTimeout(480_000);
  const folder = path.join(host.work, 'lo-quet');
  mkdirSync(folder);
  for (const [i, name] of ['real_qd_729_ttg_p1.png', 'real_qd_707_ttg_p1.png', 'real_cv_3722_metro_p1.png'].entries()) {
    copyFileSync(path.join(REAL_PAGES_DIR, name), path.join(folder, `trang-${i + 1}.png`));
  }
  await setUpFirstSupervisor(page, host, { username: 'vanthu', fullName: 'Lê Văn Thư' });
  await createBatchAndDossier(page, 'Lô tách văn bản', { code: 'H49.64.33.2026.400', title: 'Hồ sơ nhiều văn bản' });
  await page.getByTestId('import-paths').fill(folder);
  await page.getByTestId('import-start').click();
  await expect(page.getByTestId('dossier-counts')).toContainText('3 trang · 3 đã nhận dạng', { timeout: 180_000 });
  await expect(documents()).toHaveCount(1);

  // Pages 2 and 3 each start with a header; page 1 is the document's own first page.
  await expect(page.getByTestId('thumb-1')).not.toHaveAttribute('data-proposed', 'true');
  await expect(page.getByTestId('thumb-2')).toHaveAttribute('data-proposed', 'true');
  await page.getByTestId('thumb-2').click();
  await expect(page.getByTestId('new-document-proposal')).toContainText('Có thể là văn bản mới — Tách tại đây?');
  await page.getByTestId('thumb-2').press('Enter');
  await expect(page.getByText(/Đã tách thành văn bản mới H49\.64\.33\.2026\.400\.0000002/)).toBeVisible();
  await expect(documents()).toHaveCount(2);
  await expect(page.getByTestId('document-1')).toContainText('1 trang');
  await expect(page.getByTestId('document-2')).toContainText('2 trang');
  await expect(page.getByTestId('thumb-2')).not.toHaveAttribute('data-proposed', 'true');

  await page.keyboard.press('Control+z');
  await expect(page.getByText('Đã hoàn tác lần tách, gộp hay chuyển trang gần nhất.')).toBeVisible();
  await expect(documents()).toHaveCount(1);
  await expect(page.getByTestId('document-1')).toContainText('3 trang');
  // The proposal is back with the page where it was.
  await expect(page.getByTestId('thumb-2')).toHaveAttribute('data-proposed', 'true');
});

test('the clerk splits with N, moves a chosen page to the other document, and merges them back with M', async () => {
  await page.getByTestId('thumb-3').click();
  await page.keyboard.press('n');
  await expect(documents()).toHaveCount(2);
  await expect(page.getByTestId('document-2')).toContainText('1 trang');

  // Page 2 moves to the new document, before its page.
  await page.getByTestId('thumb-2').click();
  await page.getByTestId('doc-tool-move').click();
  await page.getByTestId('move-position').fill('1');
  await page.getByTestId('move-confirm').click();
  await expect(page.getByText(/Đã chuyển 1 trang sang văn bản H49\.64\.33\.2026\.400\.0000002/)).toBeVisible();
  await expect(page.getByTestId('document-1')).toContainText('1 trang');
  await expect(page.getByTestId('document-2')).toContainText('2 trang');

  // Merge the second document into the first (the page on screen is in the second).
  await page.getByTestId('thumb-3').click();
  await page.keyboard.press('m');
  await expect(page.getByText(/Đã gộp: văn bản H49\.64\.33\.2026\.400\.0000001 nay có 3 trang/)).toBeVisible();
  await expect(documents()).toHaveCount(1);
});
