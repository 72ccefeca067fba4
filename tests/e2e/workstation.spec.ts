import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import sharp from 'sharp';
import { REAL_PAGES_DIR, type RunningHost } from './dev-host-process';
import { sharedWorkstation } from './ui-steps';

const FILE_CODE = 'H49.64.33.2026.160';
let host: RunningHost;
let page: Page;
sharedWorkstation((h, p) => ([host, page] = [h, p]));

async function createDossier(code: string, title: string) {
  await page.getByTestId('dossier-create-code').fill(code);
  await page.getByTestId('dossier-create-title').fill(title);
  await page.getByTestId('dossier-create').click();
  await expect(page.getByTestId('dossier-code')).toHaveText(code);
}

/** The newest job of a kind, as shown in the jobs panel. */
function jobItem(id: number) {
  return page.getByTestId(`job-${id}`);
}

test('first run creates the supervisor, who creates a batch and a dossier', async () => {
  await page.goto(host.signInUrl);
  await expect(page.getByTestId('setup-username')).toBeVisible();
  await page.getByTestId('setup-username').fill('giamsat');
  await page.getByTestId('setup-fullname').fill('Nguyễn Thị Giám Sát');
  await page.getByTestId('setup-password').fill('mat-khau-du-dai');
  await page.getByTestId('setup-confirm').fill('mat-khau-du-dai');
  await page.getByTestId('setup-submit').click();
  await expect(page.getByTestId('current-user')).toHaveText(/Nguyễn Thị Giám Sát/);

  await page.getByTestId('batch-create-name').fill('Lô tháng 11');
  await page.getByTestId('batch-create').click();
  await createDossier(FILE_CODE, 'Hồ sơ văn bản đến năm 2026');
});

test('a malformed dossier code gets the Vietnamese validation message', async () => {
  await page.getByTestId('dossier-create-code').fill('khong hop le');
  await page.getByTestId('dossier-create-title').fill('x');
  await page.getByTestId('dossier-create').click();
  await expect(page.getByText(/Mã hồ sơ gồm các phần/)).toBeVisible();
  await page.getByTestId('dossier-create-code').fill('');
  await page.getByTestId('dossier-create-title').fill('');
  await page.getByTestId(/^dossier-\d+$/).first().click();
});

test('import the real pages, see the thumbnails, watch OCR progress to the end', async () => {
  await page.getByTestId('import-paths').fill(REAL_PAGES_DIR);
  await page.getByTestId('import-start').click();

  const firstThumb = page.getByTestId('thumb-1').locator('img');
  await expect(firstThumb).toBeVisible();
  await expect.poll(() => firstThumb.evaluate((el) => {
    // The test runs under Node's types; in the page this element is an HTMLImageElement.
    const img = el as unknown as { complete: boolean; naturalWidth: number };
    return img.complete && img.naturalWidth > 0;
  })).toBe(true);
  // The list is virtualized: the last of the nine is there once the list is scrolled to its end.
  await page.getByTestId('thumb-list').evaluate((el) => el.scrollTo({ top: el.scrollHeight }));
  await expect(page.getByTestId('thumb-9')).toBeAttached();

  // Job 1 is the import; job 2 the OCR it queued. Watch its progress bar move through the pages.
  const ocr = jobItem(2);
  await expect(ocr).toBeVisible();
  const seen = new Set<number>();
  await expect
    .poll(
      async () => {
        const value = await ocr.getByTestId('job-2-progress').evaluate((el) => {
          const bar = el as unknown as { hasAttribute(name: string): boolean; value: number };
          return bar.hasAttribute('value') ? bar.value : -1;
        });
        if (value >= 0) seen.add(Math.round(value * 9));
        return ocr.getAttribute('data-state');
      },
      { timeout: 180_000, intervals: [250] },
    )
    .toBe('done');
  expect([...seen].some((n) => n > 0 && n < 9)).toBe(true);
  await expect(page.getByTestId('job-2-message')).toHaveText(/9\/9/);
  await expect(page.getByTestId('thumb-1')).toHaveAttribute('data-state', 'recognized');
});

test('the page viewer shows the image beside the recognized text and its confidence', async () => {
  await page.getByTestId('thumb-1').click();
  await expect(page.getByTestId('page-viewer-image')).toBeVisible();
  await expect(page.getByTestId('recognized-text')).toContainText('Hạnh phúc');
  await expect(page.getByTestId('page-confidence')).toHaveText(/\d/);
  await page.getByTestId('zoom-in').click();
  await expect(page.getByTestId('zoom-level')).not.toHaveText('');
});

test('after the OCR the form shows the values auto-indexing filled, marked, and a marker shows its words on the page', async () => {
  await page.getByTestId('document-1').click();
  // Nine real pages in one document: its header (page 1, a công văn of Văn phòng Chính phủ) gives the proposals.
  const markers = page.locator('[data-testid^="meta-proposal-"]');
  await expect(markers.first()).toBeVisible({ timeout: 30_000 });
  expect(await markers.count()).toBeGreaterThanOrEqual(3);
  for (const marker of await markers.all()) {
    const field = (await marker.getAttribute('data-testid'))!.replace('meta-proposal-', '');
    await expect(page.getByTestId(`meta-${field}`)).not.toHaveValue('');
    const confidence = Number(await marker.getAttribute('data-confidence'));
    await expect(marker).toHaveAttribute('title', new RegExp(`độ tin cậy ${confidence}%`));
    // Read from unsure words: said in the marker itself, not only in its tooltip.
    if (confidence < 60) await expect(marker).toContainText('Từ chưa chắc, hãy kiểm tra');
    else await expect(marker).toHaveText('Đề xuất');
  }
  // From the keyboard: Tab from a field to its marker shows the words the value came from, on their page.
  const shown = page.locator('[data-testid^="meta-proposal-"][data-page]').first();
  const field = (await shown.getAttribute('data-testid'))!.replace('meta-proposal-', '');
  const pageId = await shown.getAttribute('data-page');
  await page.getByTestId('thumb-5').click();
  await page.getByTestId(`meta-${field}`).focus();
  await page.keyboard.press('Tab');
  await expect(shown).toBeFocused();
  // The first import of a fresh store: page n has id n.
  await expect(page.getByTestId(`thumb-${pageId}`)).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByTestId('highlight-note')).toBeVisible();
  await expect(page.getByTestId('match-box').first()).toBeVisible();
  await page.getByTestId('highlight-clear').click();
  await expect(page.getByTestId('match-box')).toHaveCount(0);
  await shown.click();
  await expect(page.getByTestId('match-box').first()).toBeVisible();
});

test('correct a metadata field, with validation, and it is saved', async () => {
  await page.getByTestId('document-1').click();
  await page.getByTestId('meta-codeNotation').fill('VPCP CN !!');
  await page.getByTestId('meta-save').click();
  await expect(page.getByText('Ký hiệu không hợp lệ (ví dụ QĐ-UBND)').first()).toBeVisible();
  await expect(page.getByTestId('meta-codeNotation')).toHaveAttribute('aria-invalid', 'true');
  await page.getByTestId('meta-issuedDate').fill('2026-04-23');
  await page.getByTestId('meta-codeNumber').fill('3722');
  await page.getByTestId('meta-codeNotation').fill('VPCP-CN');
  await page.getByTestId('meta-typeName').selectOption('Công văn');
  await page.getByTestId('meta-save').click();
  await expect(page.getByTestId('meta-unsaved')).toHaveCount(0);
  // A reload opens a new connection to the host: the clerk signs in again and finds the saved value.
  await page.reload();
  await page.getByTestId('login-username').fill('giamsat');
  await page.getByTestId('login-password').fill('mat-khau-du-dai');
  await page.getByTestId('login-submit').click();
  await page.getByTestId(/^batch-\d+$/).first().click();
  await page.getByTestId(/^dossier-\d+$/).first().click();
  await page.getByTestId('document-1').click();
  await expect(page.getByTestId('meta-codeNumber')).toHaveValue('3722');
});

test('a secrecy mark sets the access mode Mật and shows in red; the dossier’s own fields are edited in their dialog', async () => {
  await page.getByTestId('meta-group-access').locator('summary').click();
  await page.getByTestId('meta-secrecyMark').selectOption('MẬT');
  await expect(page.getByTestId('meta-mode')).toHaveValue('03');
  await expect(page.getByTestId('meta-mark')).toHaveText('MẬT');
  await page.getByTestId('meta-save').click();
  await expect(page.getByTestId('meta-unsaved')).toHaveCount(0);
  await expect(page.getByTestId('document-1-mark')).toHaveText(/MẬT/);
  // Not secret after all: the mark goes, the mode is the clerk's to set back.
  await page.getByTestId('meta-secrecyMark').selectOption('');
  await page.getByTestId('meta-mode').selectOption('01');
  await page.getByTestId('meta-save').click();
  await expect(page.getByTestId('document-1-mark')).toHaveCount(0);

  await page.getByTestId('dossier-fields-open').click();
  await expect(page.getByTestId('dossier-totalDoc')).toHaveValue('1');
  await expect(page.getByTestId('dossier-startDate')).toHaveValue('2026-04-23');
  await page.getByTestId('dossier-keyword').fill('văn bản đến');
  await page.getByTestId('dossier-fields-save').click();
  await expect(page.getByText(/phải có mã hồ sơ giấy gốc/)).toBeVisible();
  await page.getByTestId('dossier-paperFileCode').fill('H49.K1.G2.160');
  await page.getByTestId('dossier-language-09').check();
  await page.getByTestId('dossier-fields-save').click();
  await expect(page.getByTestId('dossier-fields-form')).toHaveCount(0);
  await page.getByTestId('dossier-fields-open').click();
  await expect(page.getByTestId('dossier-keyword')).toHaveValue('văn bản đến');
  await expect(page.getByTestId('dossier-language-09')).toBeChecked();
  await page.getByTestId('dossier-fields-close').click();
});

test('export writes a searchable PDF whose text layer holds a phrase from the page', async () => {
  // The export folder is chosen among those allowed; the default outbox is always one of them.
  await expect(page.getByTestId('export-outbox').locator('option').first()).toContainText(host.outbox);
  await page.getByTestId('export-outbox').selectOption('');
  await page.getByTestId('export-start').click();
  await expect(jobItem(3)).toHaveAttribute('data-state', 'done', { timeout: 120_000 });
  // One folder per document holds its set.
  const pdf = path.join(host.outbox, `${FILE_CODE}.1`, `${FILE_CODE}.1.pdf`);
  const text = execFileSync('pdftotext', ['-enc', 'UTF-8', pdf, '-']).toString().replace(/\s+/g, ' ');
  expect(text).toContain('Hạnh phúc');
  const record = JSON.parse(readFileSync(path.join(host.outbox, `${FILE_CODE}.1`, `${FILE_CODE}.1.json`), 'utf8'));
  expect(record.metadata).toMatchObject({ codeNumber: '3722', typeName: 'Công văn', issuedDate: '2026-04-23' });
  expect(record.pages).toHaveLength(9);
  await expect(page.getByTestId('document-1-changed')).toHaveCount(0);

  // A field corrected after the export: the list says the outbox holds an older version.
  await page.getByTestId('meta-codeNumber').fill('3723');
  await page.getByTestId('meta-save').click();
  await expect(page.getByTestId('document-1-changed')).toHaveText(/Đã sửa sau khi xuất/);
});

test('a corrupt image in an imported folder is named in a Vietnamese error; the other pages come in', async () => {
  const folder = path.join(host.work, 'scan-with-bad-page');
  mkdirSync(folder);
  copyFileSync(path.join(REAL_PAGES_DIR, 'real_qd_707_ttg_p1.png'), path.join(folder, 'trang-1.png'));
  writeFileSync(path.join(folder, 'trang-2.png'), Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex'));
  await createDossier('H49.64.33.2026.161', 'Hồ sơ có trang hỏng');
  await page.getByTestId('import-paths').fill(folder);
  await page.getByTestId('import-start').click();
  await expect(jobItem(4)).toHaveAttribute('data-state', 'done');
  await expect(page.getByTestId('job-4-warnings')).toContainText('Không đọc được tệp ảnh «trang-2.png»');
  await expect(page.getByTestId('thumb-1')).toBeVisible();
  await expect(page.getByTestId('thumb-2')).toHaveCount(0);
});

test('1,000 thumbnails stay virtualized: few in the DOM, the last one reachable from the keyboard', async () => {
  const folder = path.join(host.work, 'thousand');
  mkdirSync(folder);
  for (let i = 1; i <= 1000; i++) {
    await sharp({ create: { width: 60, height: 85, channels: 3, background: { r: 250, g: 250 - (i % 200), b: 240 } } })
      .png()
      .toFile(path.join(folder, `p${i}.png`));
  }
  await createDossier('H49.64.33.2026.162', 'Hồ sơ một nghìn trang');
  await page.getByTestId('import-paths').fill(folder);
  await page.getByTestId('import-start').click();
  await expect(jobItem(6)).toHaveAttribute('data-state', 'done', { timeout: 180_000 });
  // The import queued OCR of 1,000 blank pages: cancel it from the jobs panel.
  await expect(jobItem(7)).toBeVisible();
  await page.getByTestId('job-7-cancel').click();
  await expect(jobItem(7)).toHaveAttribute('data-state', 'cancelled');

  await expect(page.getByTestId('thumb-1')).toBeVisible();
  // The page list refreshes (throttled) after the import's last change: wait until it holds all 1,000.
  await expect(page.getByTestId('dossier-counts')).toContainText(/1\.?000 trang/);
  const rendered = await page.locator('[data-testid^="thumb-"][data-page-id]').count();
  expect(rendered).toBeGreaterThan(0);
  expect(rendered).toBeLessThan(150);
  await page.getByTestId('thumb-1').focus();
  await page.keyboard.press('End');
  await expect(page.getByTestId('thumb-1000')).toBeVisible();
  await expect(page.getByTestId('thumb-1000')).toHaveAttribute('aria-selected', 'true');
});

test('the language switch turns the interface to English and back', async () => {
  await page.getByTestId('lang-switch').click();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await page.getByTestId('lang-switch').click();
  await expect(page.locator('html')).toHaveAttribute('lang', 'vi');
});
