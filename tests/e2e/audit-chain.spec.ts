import Database from 'better-sqlite3';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import type { RunningHost } from './dev-host-process';
import { setUpFirstSupervisor, sharedWorkstation } from './ui-steps';

let host: RunningHost;
let page: Page;
sharedWorkstation((h, p) => ([host, page] = [h, p]));

test('the supervisor sees the audit log verified intact', async () => {
  await setUpFirstSupervisor(page, host, { username: 'giamsat', fullName: 'Nguyễn Thị Giám Sát' });
  await page.getByTestId('nav-audit').click();
  await expect(page.getByTestId('audit-chain')).toHaveText(/Nhật ký nguyên vẹn: chuỗi mã băm của \d+ dòng đã được kiểm tra/);
  await expect(page.getByRole('alert')).toHaveCount(0);
});

test('a row rewritten behind the triggers shows as a warning naming the row', async () => {
  // What the probe did, on the running workstation's database: drop the triggers, edit, put them back.
  const db = new Database(path.join(host.work, 'data', 'workstation.sqlite'));
  const triggers = db.prepare("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'audit_log'").pluck().all() as string[];
  db.exec('DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete; DROP TRIGGER audit_log_chained;');
  db.prepare("UPDATE audit_log SET actor = 'nguoi-khac' WHERE id = 1").run();
  for (const sql of triggers) db.exec(sql);
  db.close();

  await page.getByRole('button', { name: 'Làm mới' }).click();
  const warning = page.getByTestId('audit-chain');
  await expect(warning).toHaveAttribute('role', 'alert');
  await expect(warning).toHaveText(/Cảnh báo: nhật ký đã bị thay đổi bên ngoài phần mềm — dòng 1 đã bị sửa/);
  await expect(page.getByTestId('audit-table')).toContainText('audit.chain-broken');
});

test('the supervisor names the station: the header and the audit rows from then on show it', async () => {
  await expect(page.getByTestId('station-name')).toHaveText('Trạm chưa đặt tên');
  await page.getByTestId('station-name-input').fill('Trạm 2 – Phòng lưu trữ');
  await page.getByTestId('station-rename').click();
  await page.getByRole('button', { name: 'Làm mới' }).click();
  const rename = page.getByTestId('audit-table').getByRole('row').filter({ hasText: 'station.rename' });
  await expect(rename).toContainText('Trạm 2 – Phòng lưu trữ');
  await expect(rename).toContainText('"old":null,"new":"Trạm 2 – Phòng lưu trữ"');
  await page.getByTestId('nav-workspace').click();
  await expect(page.getByTestId('station-name')).toHaveText('Trạm 2 – Phòng lưu trữ');
});
