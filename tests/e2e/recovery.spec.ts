// The store never deletes by itself, in the UI: a deleted page waits in the supervisor's recycle bin and is
// restored from the keyboard; a page whose master is missing shows a badge and a message instead of an image.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import sharp from 'sharp';
import { expect, test, type Page } from '@playwright/test';
import type { RunningHost } from './dev-host-process';
import { createBatchAndDossier, setUpFirstSupervisor, sharedWorkstation, WIDE_SCREEN } from './ui-steps';

let host: RunningHost;
let page: Page;
sharedWorkstation((h, p) => ([host, page] = [h, p]), { viewport: WIDE_SCREEN });

const thumbs = () => page.getByTestId('thumb-list').locator('[data-page-id]');

test('a deleted page goes to the recycle bin and the supervisor restores it with the keyboard', async () => {
  const folder = path.join(host.work, 'ho-so');
  mkdirSync(folder);
  for (const [i, colour] of ['#f0e0c0', '#c0e0f0'].entries()) {
    await sharp({ create: { width: 600, height: 850, channels: 3, background: colour } }).withDensity(200).png().toFile(path.join(folder, `trang-${i + 1}.png`));
  }
  await setUpFirstSupervisor(page, host, { username: 'giamsat', fullName: 'Trần Giám Sát' });
  await createBatchAndDossier(page, 'Lô thùng rác', { code: 'H49.64.33.2026.500', title: 'Hồ sơ thử thùng rác' });
  await page.getByTestId('import-paths').fill(folder);
  await page.getByTestId('import-start').click();
  await expect(thumbs()).toHaveCount(2, { timeout: 60_000 });

  await page.getByTestId('thumb-2').click();
  await page.keyboard.press('Delete');
  await expect(page.getByText(/Trang được chuyển vào thùng rác/)).toBeVisible();
  await page.getByTestId('delete-page-confirm').click();
  await expect(thumbs()).toHaveCount(1);

  await page.getByTestId('nav-recovery').click();
  await expect(page.getByRole('heading', { name: 'Thùng rác và kho cách ly' })).toBeVisible();
  const table = page.getByTestId('trash-table');
  await expect(table).toContainText('trang-2.png');
  await expect(table).toContainText('Bị xóa');
  await expect(page.getByTestId('quarantine-empty')).toBeVisible();
  await table.getByRole('button', { name: /Khôi phục trang trang-2\.png/ }).focus();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('trash-empty')).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Thùng rác', exact: true })).toBeFocused();

  await page.getByTestId('nav-workspace').click();
  await expect(thumbs()).toHaveCount(2);
});

test('a page whose master is missing shows a badge in the thumbnails and a message in the viewer', async () => {
  // What the start-up check records when the file is gone (here written beside the running host).
  const db = new Database(path.join(host.work, 'data', 'workstation.sqlite'));
  db.prepare("UPDATE pages SET missing_since = '2026-05-04T03:00:00.000Z' WHERE ordinal = 1").run();
  db.close();
  await page.getByTestId('nav-summary').click();
  await page.getByTestId('nav-workspace').click();
  await expect(page.getByTestId('thumb-1')).toHaveAttribute('data-missing', 'true');
  await expect(page.getByTestId('thumb-1').getByTestId('page-missing-badge')).toHaveText('Thiếu bản quét');
  await expect(page.getByTestId('thumb-2')).not.toHaveAttribute('data-missing', 'true');
  await page.getByTestId('thumb-1').click();
  await expect(page.getByTestId('page-missing-message')).toContainText('Thiếu bản quét gốc của trang này');
  await expect(page.getByTestId('page-viewer-image')).toHaveCount(0);
});
