// The catalogue through its two doors: the app's channels (a real Workstation behind the Dispatcher, the
// export folders a supervisor allowed) and `sohoa catalogue` (the command run as a child process).
import ExcelJS from 'exceljs';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CatalogueFileView, CatalogueImportResult } from '../../main/contract/catalogue';
import type { BatchView } from '../../main/contract/domain';
import type { Result } from '../../main/contract/errors';
import { newCaller } from '../../main/ipc/caller';
import { Dispatcher } from '../../main/ipc/dispatcher';
import { silentLogger } from '../../main/services/logger';
import { Workstation } from '../../main/services/workstation';
import { REPO_ROOT, tempDir } from '../support/temp-dir';

const run = promisify(execFile);
type CommandFailure = { code: number; stdout: string; stderr: string };
let work: ReturnType<typeof tempDir>;

beforeAll(() => {
  work = tempDir('sohoa-catalogue-');
});
afterAll(() => work.remove());

/** Headings on row 1, two good rows and a bad one (a retention code that does not exist) between them. */
async function catalogueFile(name: string): Promise<string> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('Mục lục');
  sheet.getRow(1).values = ['STT', 'Số và ký hiệu hồ sơ', 'Tiêu đề hồ sơ', 'Thời gian', 'Thời hạn bảo quản', 'Số tờ'];
  sheet.getRow(2).values = [1, 'BN.2021.1', 'Hồ sơ thứ nhất', '2021', 'Vĩnh viễn', 10];
  sheet.getRow(3).values = [2, 'BN.2021.2', 'Hồ sơ lỗi', '2021', '99 năm', 4];
  sheet.getRow(4).values = [3, 'BN.2021.3', 'Hồ sơ thứ ba', '03/2021 - 05/2021', '10 năm', 6];
  const file = path.join(work.dir, name);
  await workbook.xlsx.writeFile(file);
  return file;
}

async function rowCount(file: string): Promise<number> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(file);
  return workbook.worksheets[0]!.rowCount;
}

describe('catalogue channels', () => {
  let station: Workstation;
  let dispatcher: Dispatcher;
  const clerk = newCaller('t:clerk');
  const reviewer = newCaller('t:reviewer');
  const outbox = path.join(REPO_ROOT, 'never-written');

  beforeAll(async () => {
    station = await Workstation.open({ dataDir: path.join(work.dir, 'data'), outboxDir: path.join(work.dir, 'outbox'), runJobs: false, ocrWorkers: 1, scanners: [] });
    dispatcher = new Dispatcher(station, silentLogger());
    const supervisor = newCaller('t:supervisor');
    const password = 'mat-khau-thu-nghiem';
    await dispatcher.dispatch(supervisor, 'auth:setup', { username: 'giamsat', fullName: 'Giám sát', password });
    for (const [caller, username, role] of [[clerk, 'vanthu', 'clerk'], [reviewer, 'kiemtra', 'reviewer']] as const) {
      await dispatcher.dispatch(supervisor, 'user:create', { username, fullName: username, password, role });
      await dispatcher.dispatch(caller, 'auth:login', { username, password });
    }
  });
  afterAll(async () => {
    await station?.close();
    expect(existsSync(outbox)).toBe(false);
  });

  it('a clerk imports a catalogue into a batch; the catalogue and a document list go to the default outbox, not to a folder nobody allowed', async () => {
    const batch = (await dispatcher.dispatch(clerk, 'batch:create', { name: 'Lô qua kênh' })) as Result<BatchView>;
    if (!batch.ok) throw new Error(batch.error.message);
    const file = await catalogueFile('kenh.xlsx');
    const imported = (await dispatcher.dispatch(clerk, 'catalogue:import', { batchId: batch.value.id, path: file })) as Result<CatalogueImportResult>;
    if (!imported.ok) throw new Error(imported.error.message);
    expect(imported.value.created.map((c) => c.row)).toEqual([2, 4]);
    expect(imported.value.rejected.map((r) => [r.row, r.problems.map((p) => p.heading)])).toEqual([[3, ['Thời hạn bảo quản']]]);
    // A reviewer reads and exports, but creates no dossiers.
    const refused = await dispatcher.dispatch(reviewer, 'catalogue:import', { batchId: batch.value.id, path: file });
    expect(refused.ok ? 'ok' : refused.error.code).toBe('FORBIDDEN');

    const exported = (await dispatcher.dispatch(reviewer, 'catalogue:exportDossiers', { batchId: batch.value.id })) as Result<CatalogueFileView>;
    if (!exported.ok) throw new Error(exported.error.message);
    expect(exported.value).toEqual({ path: path.join(work.dir, 'outbox', 'Mục lục hồ sơ - Lô qua kênh.xlsx'), rows: 2 });
    expect(await rowCount(exported.value.path)).toBe(6 + 2);

    const dossierId = imported.value.created[0]!.dossierId;
    const list = (await dispatcher.dispatch(clerk, 'catalogue:exportDocuments', { dossierId })) as Result<CatalogueFileView>;
    if (!list.ok) throw new Error(list.error.message);
    expect(list.value).toEqual({ path: path.join(work.dir, 'outbox', 'Mục lục văn bản - BN.2021.1.xlsx'), rows: 0 });

    const elsewhere = await dispatcher.dispatch(clerk, 'catalogue:exportDossiers', { batchId: batch.value.id, outboxDir: outbox });
    expect(elsewhere.ok ? 'ok' : elsewhere.error.code).toBe('FORBIDDEN');
    const audit = station.audit.list(20).map((e) => e.action);
    expect(audit).toEqual(expect.arrayContaining(['catalogue.import', 'catalogue.export', 'dossier.create']));
  });
});

describe('sohoa catalogue', () => {
  function sohoa(args: string[]) {
    return run(process.execPath, ['--import', 'tsx', path.join(REPO_ROOT, 'main/cli/sohoa.ts'), '--data', path.join(work.dir, 'cli-data'), 'catalogue', ...args], {
      cwd: REPO_ROOT,
      maxBuffer: 16 * 1024 * 1024,
    });
  }

  it('imports a catalogue into a named batch (exit 2, the bad row on stderr), then exports the batch’s catalogue and a dossier’s document list', async () => {
    const file = await catalogueFile('dong-lenh.xlsx');
    const failure = (await sohoa(['import', file, '--batch', 'Lô dòng lệnh', '--json']).then(
      () => null,
      (error: unknown) => error as CommandFailure,
    ))!;
    expect(failure.code).toBe(2);
    const result = JSON.parse(failure.stdout) as CatalogueImportResult;
    expect(result.created.map((c) => c.fileCode)).toEqual(['BN.2021.1', 'BN.2021.3']);
    expect(failure.stderr).toContain('Dòng 3 (BN.2021.2): Thời hạn bảo quản: Thời hạn bảo quản không có trong danh mục');
    expect(failure.stderr).toContain('đã tạo 2 hồ sơ, 1 dòng lỗi');

    const out = path.join(work.dir, 'cli-muc-luc.xlsx');
    const exported = await sohoa(['export', '--batch', 'Lô dòng lệnh', '--out', out]);
    expect(exported.stdout.trim()).toBe(out);
    expect(await rowCount(out)).toBe(6 + 2);

    const documents = path.join(work.dir, 'cli-van-ban.xlsx');
    await sohoa(['export', '--dossier', 'BN.2021.3', '--out', documents]);
    expect(await rowCount(documents)).toBe(6);

    const again = (await sohoa(['import', out, '--batch', 'Lô dòng lệnh']).then(
      () => null,
      (error: unknown) => error as CommandFailure,
    ))!;
    // Every code is in the store already: nothing created, exit 1.
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('đã có trong kho');
  });
});
