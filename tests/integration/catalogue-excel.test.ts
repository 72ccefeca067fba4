// Mục lục hồ sơ in Excel against a real SQLite store and real .xlsx files read back with exceljs: the
// export's title block, headings and rows; the round trip into another store; a clerk's own catalogue in
// another layout; rows at fault reported by number while the good ones are imported; files that are no
// workbook, or too large.
import ExcelJS from 'exceljs';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { AuditLog } from '../../main/accounts/audit-log';
import type { Actor } from '../../main/accounts/actor';
import { DOCUMENT_FIELDS, DOSSIER_FIELDS, checkMessage, emptyValues, type ArchivalField, type DossierFields } from '../../main/contract/archival-fields';
import { configureValidationMessages } from '../../main/contract/validation-messages';
import { MAX_CATALOGUE_ROWS } from '../../main/packaging/catalogue-reader';
import { HEADER_ROW } from '../../main/packaging/catalogue-workbook';
import { CatalogueService } from '../../main/services/catalogue-service';
import { WorkstationEvents } from '../../main/services/events';
import { Records } from '../../main/services/records';
import type { Db } from '../../main/storage/database';
import { rejectedAppError } from '../support/app-error';
import { tempStore } from '../support/temp-records';

configureValidationMessages();

const ACTOR: Actor = { userId: null, name: 'thu-nghiem', user: null };
const cleanups: Array<() => void> = [];
afterEach(() => {
  for (const clean of cleanups.splice(0).reverse()) clean();
});

function store(agency: string | null = 'UBND tỉnh Bắc Ninh') {
  const { db, dir } = tempStore(cleanups);
  const records = new Records(db);
  const audit = new AuditLog(db);
  const service = new CatalogueService(db, records, audit, new WorkstationEvents(), () => agency);
  return { db, dir, records, audit, service };
}

/** The import refuses the whole file with `code`, in Vietnamese. */
async function expectAppError(action: Promise<unknown>, code: string, message: RegExp): Promise<void> {
  const error = await rejectedAppError(() => action);
  expect(error.code).toBe(code);
  expect(error.messageVi).toMatch(message);
}

function dossier(fields: Partial<DossierFields>): DossierFields {
  return { ...emptyValues(DOSSIER_FIELDS), ...fields } as DossierFields;
}

const FILLED: DossierFields[] = [
  dossier({
    fileCode: 'H49.64.33.2019.1',
    title: 'Hồ sơ về việc cấp giấy chứng nhận quyền sử dụng đất cho hộ ông Nguyễn Văn A',
    maintenance: '01',
    mode: '02',
    keyword: 'đất đai; giấy chứng nhận',
    numberOfPaper: 42,
    format: '02',
    inforSign: 'TT-01',
    confidenceLevel: '02',
    paperFileCode: 'H49.K2.H15.160',
    riskRecovery: true,
    riskRecoveryStatus: '01',
    description: 'Có bản đồ kèm theo',
  }),
  dossier({ fileCode: 'H49.64.33.2019.2', title: 'Hồ sơ hội nghị tổng kết năm 2019', maintenance: '05', numberOfPaper: 7 }),
  dossier({ fileCode: 'H49.64.33.2019.3', title: 'Hồ sơ chưa có gì thêm' }),
];

async function sheetOf(file: string | Buffer): Promise<ExcelJS.Worksheet> {
  const workbook = new ExcelJS.Workbook();
  if (typeof file === 'string') await workbook.xlsx.readFile(file);
  else await workbook.xlsx.load(file as unknown as ArrayBuffer);
  return workbook.worksheets[0]!;
}

function rowTexts(sheet: ExcelJS.Worksheet, row: number): string[] {
  const out: string[] = [];
  sheet.getRow(row).eachCell({ includeEmpty: true }, (cell, column) => {
    out[column - 1] = cell.value === null || cell.value === undefined ? '' : String(cell.value);
  });
  return out;
}

async function writeWorkbook(dir: string, name: string, build: (sheet: ExcelJS.Worksheet) => void): Promise<string> {
  const workbook = new ExcelJS.Workbook();
  build(workbook.addWorksheet('Sheet1'));
  const file = path.join(dir, name);
  await workbook.xlsx.writeFile(file);
  return file;
}

function fill(db: Db, records: Records, batchName: string, dossiers: readonly DossierFields[]): number {
  const batch = records.createBatch(batchName, null);
  db.transaction(() => {
    for (const d of dossiers) records.dossiers.createDossierWithFields(batch.id, d);
  })();
  return batch.id;
}

describe('mục lục hồ sơ: export', () => {
  it('writes the title block, the archivists’ headings then every other field, one row per dossier, set up for printing', async () => {
    const { db, dir, records, service, audit } = store();
    const batchId = fill(db, records, 'Lô tháng 3/2024', FILLED);
    const out = await service.exportDossierCatalogue(ACTOR, batchId, { dir: path.join(dir, 'outbox') });
    expect(out).toEqual({ path: path.join(dir, 'outbox', 'Mục lục hồ sơ - Lô tháng 3_2024.xlsx'), rows: 3 });

    const sheet = await sheetOf(out.path);
    expect(sheet.getCell('A1').value).toBe('UBND TỈNH BẮC NINH');
    expect(sheet.getCell('A2').value).toBe('MỤC LỤC HỒ SƠ');
    expect(sheet.getCell('A3').value).toBe('Lô: Lô tháng 3/2024');
    expect(String(sheet.getCell('A4').value)).toMatch(/^Ngày lập: \d{2}\/\d{2}\/\d{4}$/);
    const headings = rowTexts(sheet, HEADER_ROW);
    expect(headings.slice(0, 9)).toEqual([
      'STT', 'Mã hồ sơ', 'Tiêu đề hồ sơ', 'Thời gian bắt đầu', 'Thời gian kết thúc', 'Thời hạn bảo quản', 'Số lượng tờ', 'Chế độ sử dụng', 'Ghi chú',
    ]);
    // Every descriptor's field is a column, each once.
    expect([...headings.slice(1)].sort()).toEqual(DOSSIER_FIELDS.map((f) => f.vi).sort());
    const first = Object.fromEntries(headings.map((h, i) => [h, sheet.getRow(HEADER_ROW + 1).getCell(i + 1).value]));
    expect(first).toMatchObject({
      STT: 1,
      'Mã hồ sơ': 'H49.64.33.2019.1',
      // Computed from the dossier's documents, of which there are none yet.
      'Thời gian bắt đầu': null,
      'Thời gian kết thúc': null,
      'Thời hạn bảo quản': 'Vĩnh viễn',
      'Số lượng tờ': 42,
      'Chế độ sử dụng': 'Sử dụng có điều kiện',
      'Tình trạng vật lý': 'Bình thường',
      'Mức độ tin cậy': 'Số hóa',
      'Chế độ dự phòng': 'Có',
      'Tình trạng dự phòng': 'Đã dự phòng',
    });
    expect(rowTexts(sheet, HEADER_ROW + 3).slice(0, 3)).toEqual(['3', 'H49.64.33.2019.3', 'Hồ sơ chưa có gì thêm']);
    expect(sheet.rowCount).toBe(HEADER_ROW + 3);

    expect(sheet.pageSetup).toMatchObject({ paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0, printTitlesRow: `${HEADER_ROW}:${HEADER_ROW}` });
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: HEADER_ROW });
    const cell = sheet.getRow(HEADER_ROW + 1).getCell(3);
    expect(cell.border?.left?.style).toBe('thin');
    expect(cell.alignment?.wrapText).toBe(true);
    expect(audit.list(1)[0]).toMatchObject({ action: 'catalogue.export', subject: `batch:${batchId}`, detail: { list: 'dossiers', file: out.path, rows: 3 } });
  });

  it('writes a dossier’s document list: number and notation together, date, author, abstract, where its pages stand', async () => {
    const { db, dir, records, service } = store(null);
    const batchId = fill(db, records, 'Lô 1', [FILLED[0]!]);
    const dossierId = records.dossierByCode('H49.64.33.2019.1')!.id;
    const addPages = db.prepare("INSERT INTO pages (document_id, ordinal, sha256, format, width, height, dpi, bytes, source, created_at) VALUES (?, ?, ?, 'png', 10, 10, 300, 1, 'a.png', 't')");
    const documents = [3, 1, 2].map((pages, index) => {
      const document = records.documentForJob(dossierId, index + 1, `tep-${index}.pdf`);
      for (let n = 1; n <= pages; n++) addPages.run(document.id, n, `${index}${n}`.padEnd(64, 'a'));
      return document;
    });
    const metadata = { ...emptyValues(DOCUMENT_FIELDS) };
    records.updateMetadata(documents[0]!.id, { ...metadata, typeName: 'Quyết định', codeNumber: '15', codeNotation: 'QĐ-UBND', issuedDate: '2024-08-05', organName: 'UBND tỉnh Bắc Ninh', subject: 'Về việc giao đất' });
    records.updateMetadata(documents[1]!.id, { ...metadata, typeName: 'Công văn', codeNotation: 'UBND-VX', subject: 'V/v báo cáo' });
    const out = await service.exportDocumentList(ACTOR, dossierId, { file: path.join(dir, 'van-ban.xlsx') });
    expect(out).toEqual({ path: path.join(dir, 'van-ban.xlsx'), rows: 3 });
    expect(batchId).toBeGreaterThan(0);

    const sheet = await sheetOf(out.path);
    expect(sheet.getCell('A1').value).toBe('');
    expect(sheet.getCell('A2').value).toBe('MỤC LỤC VĂN BẢN');
    expect(sheet.getCell('A3').value).toBe(`Hồ sơ: H49.64.33.2019.1 — ${FILLED[0]!.title}`);
    const headings = rowTexts(sheet, HEADER_ROW);
    expect(headings.slice(0, 7)).toEqual(['STT', 'Số, ký hiệu văn bản', 'Ngày tháng năm văn bản', 'Tác giả văn bản (cơ quan ban hành)', 'Trích yếu nội dung', 'Tờ số / số trang', ...((DOCUMENT_FIELDS as readonly ArchivalField[]).some((f) => f.key === 'description') ? ['Ghi chú'] : ['Loại văn bản'])]);
    // The other document fields follow; number and notation are not repeated.
    expect(headings).toContain('Loại văn bản');
    expect(headings).not.toContain('Ký hiệu');
    const cells = (row: number) => Object.fromEntries(headings.map((h, i) => [h, sheet.getRow(row).getCell(i + 1).value ?? null]));
    expect(cells(HEADER_ROW + 1)).toMatchObject({ STT: 1, 'Số, ký hiệu văn bản': '15/QĐ-UBND', 'Ngày tháng năm văn bản': '05/08/2024', 'Tác giả văn bản (cơ quan ban hành)': 'UBND tỉnh Bắc Ninh', 'Tờ số / số trang': '1-3', 'Loại văn bản': 'Quyết định' });
    expect(cells(HEADER_ROW + 2)).toMatchObject({ 'Số, ký hiệu văn bản': 'UBND-VX', 'Tờ số / số trang': '4', 'Trích yếu nội dung': 'V/v báo cáo' });
    expect(cells(HEADER_ROW + 3)).toMatchObject({ 'Số, ký hiệu văn bản': null, 'Tờ số / số trang': '5-6' });
  });
});

describe('mục lục hồ sơ: import', () => {
  it('imports its own export back into another store with the same fields (round trip)', async () => {
    const from = store();
    const batchId = fill(from.db, from.records, 'Lô gốc', FILLED);
    const out = await from.service.exportDossierCatalogue(ACTOR, batchId, { dir: from.dir });

    const to = store();
    const target = to.records.createBatch('Lô nhận', null);
    const result = await to.service.importCatalogue(ACTOR, target.id, out.path);
    expect(result.headerRow).toBe(HEADER_ROW);
    expect(result.rejected).toEqual([]);
    expect(result.ignored).toEqual(['STT']);
    expect(result.created.map((c) => [c.row, c.fileCode])).toEqual(FILLED.map((d, i) => [HEADER_ROW + 1 + i, d.fileCode]));
    for (const expected of FILLED) {
      const imported = to.records.dossierByCode(expected.fileCode)!;
      expect(imported.batchId).toBe(target.id);
      expect(to.records.dossier(imported.id).metadata).toMatchObject(expected);
    }
    expect(to.audit.list(1)[0]).toMatchObject({ action: 'catalogue.import', subject: `batch:${target.id}`, detail: { rows: 3, created: 3, rejected: [] } });

    // The same catalogue again: every code is in the store now, so every row is reported and none doubled.
    const again = await to.service.importCatalogue(ACTOR, target.id, out.path);
    expect(again.created).toEqual([]);
    expect(again.rejected.map((r) => r.row)).toEqual([7, 8, 9]);
    expect(again.rejected[0]!.problems[0]!.message).toContain('đã có trong kho');
    expect(to.records.listDossiers(target.id)).toHaveLength(3);
  });

  it('reads a clerk’s own layout: headings on row 4 under merged titles, one «Thời gian» column, codes by name, an Excel date cell', async () => {
    const { dir, records, service } = store();
    const file = await writeWorkbook(dir, 'muc-luc-cua-van-thu.xlsx', (sheet) => {
      sheet.mergeCells('A1:H1');
      sheet.getCell('A1').value = 'UBND HUYỆN YÊN PHONG';
      sheet.mergeCells('A2:H2');
      sheet.getCell('A2').value = { richText: [{ text: 'MỤC LỤC ' }, { text: 'HỒ SƠ', font: { bold: true } }] };
      sheet.getRow(4).values = ['STT', 'Số và ký hiệu hồ sơ', 'TIÊU ĐỀ HỒ SƠ', 'Thời gian', 'Thoi han bao quan', 'Số tờ', 'Chế độ sử dụng', 'Ghi chú', 'Người lập'];
      sheet.getRow(5).values = ['(1)', '(2)', '(3)', '(4)', '(5)', '(6)', '(7)', '(8)'];
      sheet.getRow(6).values = [1, 'YP.2019.01', 'Hồ sơ xây dựng trường học xã Đông Phong', '2019-2021', 'Vĩnh viễn', 25, 'Công khai', null, 'Lan'];
      sheet.getRow(7).values = [2, 'YP.2019.02', 'Hồ sơ quy hoạch khu dân cư', '01/2019 - 12/2021', '20 năm', '12', '02', 'Thiếu bản vẽ'];
      sheet.getRow(8).values = [3, ' YP.2020.03 ', 'Hồ sơ hội nghị', new Date(Date.UTC(2020, 2, 5)), 'vinh vien', 3, 'cong khai'];
      sheet.getCell('D8').numFmt = 'dd/mm/yyyy';
      sheet.getRow(10).values = [4, 'YP.2020.04', { formula: 'CONCATENATE("Hồ sơ ","thi đua")', result: 'Hồ sơ thi đua' }, '05/03/2020 – 20/12/2020', '04'];
    });
    const batch = records.createBatch('Yên Phong', null);
    const result = await service.importCatalogue(ACTOR, batch.id, file);
    expect(result.headerRow).toBe(4);
    expect(result.rejected).toEqual([]);
    expect(result.ignored).toEqual(['STT', 'Người lập']);
    expect(result.columns.find((c) => c.heading === 'Thời gian')?.field).toBe('startDate,endDate');
    expect(result.created.map((c) => [c.row, c.fileCode])).toEqual([[6, 'YP.2019.01'], [7, 'YP.2019.02'], [8, 'YP.2020.03'], [10, 'YP.2020.04']]);
    const fields = (code: string) => records.dossierByCode(code)!.metadata;
    expect(fields('YP.2019.01')).toMatchObject({ title: 'Hồ sơ xây dựng trường học xã Đông Phong', maintenance: '01', numberOfPaper: 25, mode: '01', description: null, language: ['01'], confidenceLevel: '02', riskRecovery: false });
    expect(fields('YP.2019.02')).toMatchObject({ maintenance: '05', numberOfPaper: 12, mode: '02', description: 'Thiếu bản vẽ' });
    expect(fields('YP.2020.03')).toMatchObject({ maintenance: '01', mode: '01' });
    expect(fields('YP.2020.04')).toMatchObject({ title: 'Hồ sơ thi đua', startDate: null, endDate: null, maintenance: '04' });
  });

  it('reads two heading rows: «Thời gian» merged over «Bắt đầu» and «Kết thúc», the other headings merged down', async () => {
    const { dir, records, service } = store();
    const file = await writeWorkbook(dir, 'hai-dong-tieu-de.xlsx', (sheet) => {
      sheet.getRow(2).values = ['STT', 'Số và ký hiệu hồ sơ', 'Tiêu đề hồ sơ', 'Thời gian', null, 'Số tờ'];
      sheet.getRow(3).values = [null, null, null, 'Bắt đầu', 'Kết thúc'];
      for (const column of ['A', 'B', 'C', 'F']) sheet.mergeCells(`${column}2:${column}3`);
      sheet.mergeCells('D2:E2');
      sheet.getRow(4).values = [1, 'HD.2022.1', 'Hồ sơ hai dòng tiêu đề', '03/2022', '15/06/2022', 9];
    });
    const batch = records.createBatch('Hai dòng', null);
    const result = await service.importCatalogue(ACTOR, batch.id, file);
    expect(result.headerRow).toBe(2);
    expect(result.rejected).toEqual([]);
    expect(result.columns.map((c) => c.field)).toEqual(['fileCode', 'title', 'startDate', 'endDate', 'numberOfPaper']);
    expect(result.created.map((c) => c.row)).toEqual([4]);
    // The dates are understood as headings but not imported: they are computed from the dossier's documents.
    expect(records.dossierByCode('HD.2022.1')!.metadata).toMatchObject({ startDate: null, endDate: null, numberOfPaper: 9 });
  });

  it('reports exactly the rows at fault, by number with each field’s Vietnamese message, and imports the others', async () => {
    const { db, dir, records, service } = store();
    fill(db, records, 'Lô cũ', [dossier({ fileCode: 'BN.2020.99', title: 'Đã có từ trước' })]);
    const file = await writeWorkbook(dir, 'co-loi.xlsx', (sheet) => {
      sheet.getRow(1).values = ['Mã hồ sơ', 'Tiêu đề hồ sơ', 'Thời hạn bảo quản', 'Thời gian bắt đầu', 'Thời gian kết thúc'];
      sheet.getRow(2).values = ['BN.2020.1', 'Hồ sơ tốt thứ nhất', '01', '01/02/2020', '02/2020'];
      sheet.getRow(3).values = ['BN.2020.2', 'T'.repeat(1001), '01'];
      sheet.getRow(4).values = ['BN.2020.3', 'Thời hạn sai', 'Mãi mãi'];
      sheet.getRow(5).values = ['BN.2020.4', 'Ngày không có thật', '02', '31/02/2020'];
      sheet.getRow(6).values = ['BN.2020.1', 'Trùng mã với dòng 2'];
      sheet.getRow(7).values = ['BN.2020.99', 'Trùng mã đã có trong kho'];
      sheet.getRow(8).values = ['BN 2020/5', '', 'Vô thời hạn', 'hôm qua'];
      sheet.getRow(9).values = ['BN.2020.6', 'Hồ sơ tốt thứ hai', 'Khác'];
    });
    const batch = records.createBatch('Lô mới', null);
    const result = await service.importCatalogue(ACTOR, batch.id, file);
    // Row 5's impossible date is in a derived column, not imported: the row is good.
    expect(result.created.map((c) => c.row)).toEqual([2, 5, 9]);
    const faults = Object.fromEntries(result.rejected.map((r) => [r.row, r.problems.map((p) => p.field)]));
    expect(faults).toEqual({ 3: ['title'], 4: ['maintenance'], 6: ['fileCode'], 7: ['fileCode'], 8: ['fileCode', 'title', 'maintenance'] });
    const message = (row: number, field: string) => result.rejected.find((r) => r.row === row)!.problems.find((p) => p.field === field)!;
    const maintenance = DOSSIER_FIELDS.find((f) => f.key === 'maintenance')!;
    expect(message(3, 'title').message).toMatch(/1000/);
    expect(message(3, 'title').heading).toBe('Tiêu đề hồ sơ');
    expect(message(4, 'maintenance').message).toBe(checkMessage(maintenance, 'vi'));
    expect(message(6, 'fileCode').message).toContain('trùng với dòng 2');
    expect(message(7, 'fileCode').message).toContain('đã có trong kho');
    expect(message(8, 'fileCode').message).toBe(DOSSIER_FIELDS[0].pattern.vi);
    expect(records.listDossiers(batch.id).map((d) => d.fileCode).sort()).toEqual(['BN.2020.1', 'BN.2020.4', 'BN.2020.6']);
    expect(records.dossierByCode('BN.2020.1')!.metadata).toMatchObject({ startDate: null, endDate: null, maintenance: '01' });
  });

  it('refuses, in Vietnamese, a file that is no workbook, one too large on disk or unpacked, one with too many rows, one with no headings, and creates nothing', async () => {
    const { dir, records, service } = store();
    const batch = records.createBatch('Lô', null);
    const notXlsx = path.join(dir, 'khong-phai.xlsx');
    await fs.writeFile(notXlsx, 'Mã hồ sơ;Tiêu đề hồ sơ\nH1.2;Hồ sơ\n');
    await expectAppError(service.importCatalogue(ACTOR, batch.id, notXlsx), 'CATALOGUE_UNREADABLE', /không phải bảng tính Excel \.xlsx/);

    const huge = path.join(dir, 'qua-lon.xlsx');
    await fs.writeFile(huge, '');
    await fs.truncate(huge, 21 * 1024 * 1024);
    await expectAppError(service.importCatalogue(ACTOR, batch.id, huge), 'CATALOGUE_TOO_LARGE', /Tệp mục lục quá lớn \(tối đa 20 MB\)/);

    // A workbook whose zip directory says a part unpacks to 2 GB is refused before anything is inflated.
    const small = await fs.readFile(await writeWorkbook(dir, 'nho.xlsx', (sheet) => (sheet.getRow(1).values = ['Mã hồ sơ', 'Tiêu đề hồ sơ'])));
    const entry = small.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
    small.writeUInt32LE(0x7fffffff, entry + 24);
    const bomb = path.join(dir, 'bom-nen.xlsx');
    await fs.writeFile(bomb, small);
    await expectAppError(service.importCatalogue(ACTOR, batch.id, bomb), 'CATALOGUE_TOO_LARGE', /quá lớn khi giải nén \(tối đa 200 MB\)/);

    const long = await writeWorkbook(dir, 'qua-nhieu-dong.xlsx', (sheet) => {
      sheet.getRow(1).values = ['Mã hồ sơ', 'Tiêu đề hồ sơ'];
      for (let r = 2; r <= MAX_CATALOGUE_ROWS + 2; r++) sheet.getRow(r).values = [`H.${r}`, 'Hồ sơ'];
    });
    await expectAppError(service.importCatalogue(ACTOR, batch.id, long), 'CATALOGUE_TOO_LARGE', /tối đa 5000 dòng/);

    const headless = await writeWorkbook(dir, 'khong-tieu-de.xlsx', (sheet) => {
      sheet.getRow(1).values = ['Cột A', 'Cột B'];
      sheet.getRow(2).values = ['H1.2', 'Hồ sơ'];
    });
    await expectAppError(service.importCatalogue(ACTOR, batch.id, headless), 'CATALOGUE_NO_HEADINGS', /Không tìm thấy dòng tiêu đề cột/);
    await expectAppError(service.importCatalogue(ACTOR, batch.id, path.join(dir, 'khong-co.xlsx')), 'PATH_NOT_FOUND', /Không tìm thấy tệp mục lục/);
    expect(records.listDossiers(batch.id)).toEqual([]);
  });
});
