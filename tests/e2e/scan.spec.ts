// Scanning in the UI against the real SANE `test` scanner: pick the device and a profile, scan pages with
// F2, watch them arrive, recover from a paper jam without losing a page, then rescan, delete and reorder.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { REPO_ROOT, type RunningHost } from './dev-host-process';
import { sharedWorkstation } from './ui-steps';

const FILE_CODE = 'H49.64.33.2026.200';
const STAPLED = 'Hồ sơ đóng ghim – mặt kính';
const JAM = 'Thử kẹt giấy';
let host: RunningHost;
let page: Page;
sharedWorkstation((h, p) => ([host, page] = [h, p]), { env: { SANE_CONFIG_DIR: path.join(REPO_ROOT, 'tests/fixtures/sane') } });

/** Page ids of the thumbnails, in the order shown. */
async function thumbIds(): Promise<string[]> {
  return page.getByTestId('thumb-list').locator('[data-page-id]').evaluateAll((els) => els.map((e) => e.getAttribute('data-page-id') ?? ''));
}

test('a supervisor signs in, adds a profile that jams the test scanner and a hot folder', async () => {
  await page.goto(host.signInUrl);
  await page.getByTestId('setup-username').fill('giamsat');
  await page.getByTestId('setup-fullname').fill('Trần Văn Giám Sát');
  await page.getByTestId('setup-password').fill('mat-khau-du-dai');
  await page.getByTestId('setup-confirm').fill('mat-khau-du-dai');
  await page.getByTestId('setup-submit').click();
  await expect(page.getByTestId('current-user')).toHaveText(/Trần Văn Giám Sát/);

  await page.getByTestId('nav-profiles').click();
  await expect(page.getByTestId('profile-table')).toContainText(STAPLED);
  // Below the circular's minimum, the form says why in Vietnamese.
  await page.getByTestId('profile-name').fill(JAM);
  await page.getByTestId('profile-resolution').fill('150');
  await page.getByTestId('profile-save').click();
  await expect(page.getByText('Thông tư 05/2025 yêu cầu độ phân giải tối thiểu 200 dpi')).toBeVisible();
  await page.getByTestId('profile-resolution').fill('200');
  // The SANE test backend's fault injection, through the profile's scanner-specific options.
  await page.getByTestId('profile-options').fill('read-return-value=SANE_STATUS_JAMMED');
  await page.getByTestId('profile-save').click();
  await expect(page.getByTestId('profile-table')).toContainText(JAM);

  // A wide-format scanner's hot folder, set here, joins the scanner list at once.
  mkdirSync(path.join(host.work, 'contex'));
  await page.getByTestId('capture-hot-folders').fill('khong/day/du');
  await page.getByTestId('capture-sources-save').click();
  await expect(page.getByText('Thư mục theo dõi phải là đường dẫn đầy đủ')).toBeVisible();
  await page.getByTestId('capture-hot-folders').fill(path.join(host.work, 'contex'));
  await page.getByTestId('capture-sources-save').click();
  await expect(page.getByText('Đã lưu nguồn quét')).toBeVisible();

  await page.getByTestId('nav-workspace').click();
  await page.getByTestId('batch-create-name').fill('Lô quét thử');
  await page.getByTestId('batch-create').click();
  await page.getByTestId('dossier-create-code').fill(FILE_CODE);
  await page.getByTestId('dossier-create-title').fill('Hồ sơ đóng ghim quét thử');
  await page.getByTestId('dossier-create').click();
  await expect(page.getByTestId('dossier-code')).toHaveText(FILE_CODE);
});

test('pick the SANE test scanner and the stapled-dossier profile, scan two pages with F2', async () => {
  await page.getByTestId('capture-mode-scan').click();
  const device = page.getByTestId('scan-device');
  await expect(device.locator('option[value="sane:test:0"]')).toHaveCount(1);
  await expect(device.locator(`option[value="folder:${path.join(host.work, 'contex')}"]`)).toHaveCount(1);
  await device.selectOption('sane:test:0');
  await page.getByTestId('scan-profile').selectOption({ label: STAPLED });

  await page.keyboard.press('F2');
  await expect(page.getByTestId('thumb-1')).toBeVisible({ timeout: 30_000 });
  await expect(page.getByTestId('scan-next')).toBeEnabled();
  await page.keyboard.press('F2');
  await expect(page.getByTestId('thumb-2')).toBeVisible({ timeout: 30_000 });
  await expect(page.getByTestId('dossier-counts')).toContainText('1 văn bản · 2 trang');
  // The job has ended (its pages can be in before it has): the next test starts from an idle scanner.
  await expect(page.getByTestId('scan-status')).toHaveCount(0, { timeout: 30_000 });
  // The scanned page is really an image of the page (the test picture), served from the store.
  const size = await page.getByTestId('thumb-1').locator('img').evaluate(async (element) => {
    const img = element as unknown as { decode(): Promise<void>; naturalWidth: number; naturalHeight: number };
    await img.decode();
    return { w: img.naturalWidth, h: img.naturalHeight };
  });
  expect(size.h).toBeGreaterThan(size.w);
});

test('a paper jam shows the Vietnamese message, keeps both pages, and the clerk scans on into the same document', async () => {
  await page.getByTestId('scan-profile').selectOption({ label: JAM });
  // The jamming profile is the one chosen (its 200 dpi in the summary) before the scan starts.
  await expect(page.getByTestId('scan-panel')).toContainText('200 dpi');
  await page.getByTestId('scan-next').click();
  try {
    await expect(page.getByTestId('scan-error')).toContainText('kẹt giấy', { timeout: 30_000 });
  } catch (error) {
    // Say what the clerk saw instead: a scan still running, another message, a page that came in.
    const panel = await page.getByTestId('scan-panel').innerText();
    const jobs = await page.getByTestId('jobs-panel').innerText().catch(() => '(no jobs panel)');
    throw new Error(`${(error as Error).message}\nscan panel: ${panel}\njobs: ${jobs}`, { cause: error });
  }
  await expect(page.getByTestId('thumb-list').locator('[data-page-id]')).toHaveCount(2);

  await page.getByTestId('scan-profile').selectOption({ label: STAPLED });
  await page.getByTestId('scan-resume').click();
  await expect(page.getByTestId('thumb-3')).toBeVisible({ timeout: 30_000 });
  await expect(page.getByTestId('scan-error')).toHaveCount(0);
  await expect(page.getByTestId('dossier-counts')).toContainText('1 văn bản · 3 trang');
});

test('rescan a page in place, delete one, and reorder from the keyboard and by dragging', async () => {
  const before = await thumbIds();
  expect(before).toHaveLength(3);

  await page.getByTestId('thumb-2').click();
  await page.keyboard.press('Shift+F2');
  await expect.poll(async () => (await thumbIds())[1], { timeout: 30_000 }).not.toBe(before[1]);
  const rescanned = await thumbIds();
  expect(rescanned).toHaveLength(3);
  expect([rescanned[0], rescanned[2]]).toEqual([before[0], before[2]]);

  await page.getByTestId('thumb-3').click();
  await page.keyboard.press('Delete');
  await page.getByTestId('delete-page-confirm').click();
  await expect.poll(thumbIds).toEqual(rescanned.slice(0, 2));

  await page.getByTestId('thumb-1').click();
  await page.keyboard.press('Control+ArrowRight');
  await expect.poll(thumbIds).toEqual([rescanned[1], rescanned[0]]);

  // And back by dragging the second page onto the first.
  await page.getByTestId('thumb-2').dragTo(page.getByTestId('thumb-1'));
  await expect.poll(thumbIds).toEqual([rescanned[0], rescanned[1]]);
});
