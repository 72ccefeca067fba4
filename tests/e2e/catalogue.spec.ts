// Mục lục hồ sơ in the UI: a clerk's .xlsx catalogue imported into a batch (the bad row listed by its
// number, the good rows become dossiers), then the batch's catalogue and a dossier's document list
// written to the outbox and read back with exceljs.
import ExcelJS from 'exceljs';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import type { RunningHost } from './dev-host-process';
import { setUpFirstSupervisor, sharedWorkstation, WIDE_SCREEN } from './ui-steps';

let host: RunningHost;
let page: Page;
sharedWorkstation((h, p) => ([host, page] = [h, p]), { viewport: WIDE_SCREEN });

test('a catalogue from Excel creates the batch’s dossiers and lists the bad row; the catalogue and a document list go to the outbox', async () => {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('Mục lục');
  sheet.mergeCells('A1:E1');
  sheet.getCell('A1').value = 'MỤC LỤC HỒ SƠ NĂM 2021';
  sheet.getRow(3).values = ['STT', 'Số và ký hiệu hồ sơ', 'Tiêu đề hồ sơ', 'Thời gian', 'Thời hạn bảo quản'];
  sheet.getRow(4).values = [1, 'BN.2021.1', 'Hồ sơ thứ nhất', '2021', 'Vĩnh viễn'];
  sheet.getRow(5).values = [2, 'BN.2021.2', 'Hồ sơ lỗi', '2021', '99 năm'];
  sheet.getRow(6).values = [3, 'BN.2021.3', 'Hồ sơ thứ ba', '03/2021 - 05/2021', '10 năm'];
  const file = path.join(host.work, 'muc-luc.xlsx');
  await workbook.xlsx.writeFile(file);

  await setUpFirstSupervisor(page, host, { username: 'giamsat', fullName: 'Trần Giám Sát' });
  await page.getByTestId('batch-create-name').fill('Lô mục lục');
  await page.getByTestId('batch-create').click();
  await page.getByTestId('catalogue-tools').locator('summary').click();
  await page.getByTestId('catalogue-import').click();
  await expect(page.getByText('Hãy nhập đường dẫn tệp .xlsx.')).toBeVisible();
  await page.getByTestId('catalogue-file').fill(file);
  await page.getByTestId('catalogue-import').click();

  const result = page.getByTestId('catalogue-result');
  await expect(result).toContainText('Đã tạo 2 hồ sơ (tiêu đề cột ở dòng 3, trang «Mục lục»).');
  await expect(page.getByTestId('catalogue-rejected').locator('li')).toHaveCount(1);
  await expect(page.getByTestId('catalogue-rejected').locator('li[data-row="5"]')).toContainText('Dòng 5 (BN.2021.2): Thời hạn bảo quản: Thời hạn bảo quản không có trong danh mục');
  await expect(page.locator('[data-file-code="BN.2021.1"]')).toBeVisible();
  await expect(page.locator('[data-file-code="BN.2021.3"]')).toBeVisible();
  await expect(page.locator('[data-file-code="BN.2021.2"]')).toHaveCount(0);

  await page.getByTestId('catalogue-export').click();
  const catalogue = path.join(host.outbox, 'Mục lục hồ sơ - Lô mục lục.xlsx');
  await expect(page.getByText(`Đã ghi mục lục 2 mục vào ${catalogue}.`)).toBeVisible();
  const written = new ExcelJS.Workbook();
  await written.xlsx.readFile(catalogue);
  const rows = written.worksheets[0]!;
  expect(rows.getCell('A2').value).toBe('MỤC LỤC HỒ SƠ');
  expect([rows.getCell('B7').value, rows.getCell('B8').value]).toEqual(['BN.2021.1', 'BN.2021.3']);
  // The dossier's dates are computed from its documents (none yet), not taken from the imported catalogue.
  expect([rows.getCell('D8').value, rows.getCell('E8').value]).toEqual([null, null]);

  await page.locator('[data-file-code="BN.2021.3"]').click();
  await page.getByTestId('export-document-list').click();
  const list = path.join(host.outbox, 'Mục lục văn bản - BN.2021.3.xlsx');
  await expect(page.getByText(`Đã ghi mục lục 0 mục vào ${list}.`)).toBeVisible();
  expect(existsSync(list)).toBe(true);
});
