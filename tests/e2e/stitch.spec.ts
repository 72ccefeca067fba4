// Stitching in the UI: two overlapping passes of a map are registered, shown laid over each other for
// the clerk to check and nudge from the keyboard, then stitched and imported as one page; two passes
// that do not overlap are flagged as unsure instead of being stitched blindly, naming the pass and why.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { cutPasses, mapSheet } from '../support/stitch-generator';
import { REAL_PAGES_DIR, type RunningHost } from './dev-host-process';
import { createBatchAndDossier, setUpFirstSupervisor, sharedWorkstation } from './ui-steps';

let host: RunningHost;
let page: Page;
sharedWorkstation((h, p) => ([host, page] = [h, p]));

test('register two passes, nudge one from the keyboard, stitch and import one page', async () => {
  const dir = path.join(host.work, 'luot-quet');
  mkdirSync(dir);
  const passes = await cutPasses(mapSheet(3000, 2000, 9), dir, { cols: 2, rows: 1, overlap: 0.3, seed: 4 });

  await setUpFirstSupervisor(page, host, { username: 'vanthu', fullName: 'Lê Văn Thư' });
  await createBatchAndDossier(page, 'Lô bản đồ', { code: 'H49.64.33.2026.400', title: 'Bản đồ địa chính' });

  await page.getByTestId('import-paths').fill(passes.files.join('\n'));
  await page.getByTestId('import-stitch').check();
  await page.getByTestId('import-start').click();
  await expect(page.getByTestId('stitch-adjust')).toBeVisible({ timeout: 60_000 });
  await expect(page.getByTestId('stitch-unsure')).toHaveCount(0);

  await page.getByTestId('stitch-pass-2').click();
  const x = Number(await page.getByTestId('stitch-x').inputValue());
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('Shift+ArrowRight');
  await expect(page.getByTestId('stitch-x')).toHaveValue(String(x + 21));
  await page.keyboard.press('Shift+ArrowLeft');
  await page.keyboard.press('ArrowLeft');
  await expect(page.getByTestId('stitch-x')).toHaveValue(String(x));

  await page.getByTestId('stitch-import').click();
  await expect(page.getByTestId('stitch-adjust')).toHaveCount(0);
  await expect(page.getByTestId('dossier-counts')).toContainText('1 văn bản · 1 trang', { timeout: 60_000 });
  await expect(page.getByText('pass-0-0.png (ghép 2 lần quét)')).toBeVisible();
});

test('passes that do not overlap are flagged unsure for a manual adjustment', async () => {
  await page.getByTestId('import-paths').fill([path.join(REAL_PAGES_DIR, 'real_qd_729_ttg_p1.png'), path.join(REAL_PAGES_DIR, 'real_hanoi_tb_453_flag_p1.png')].join('\n'));
  await page.getByTestId('import-stitch').check();
  await page.getByTestId('import-start').click();
  await expect(page.getByTestId('stitch-unsure')).toBeVisible({ timeout: 60_000 });
  // The second pass matched nothing: the warning names it and why, and its place is outlined on the canvas.
  await expect(page.getByTestId('stitch-doubt-2')).toContainText('Lần quét 2 không khớp được với lần quét nào');
  await expect(page.getByTestId('stitch-doubt-region-2')).toBeVisible();
  await expect(page.getByTestId('stitch-pass-2')).toHaveClass(/selected/);
  await page.getByTestId('stitch-cancel').click();
  await expect(page.getByTestId('stitch-adjust')).toHaveCount(0);
});
