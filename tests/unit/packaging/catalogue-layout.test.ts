// The catalogue's columns come from the field descriptors, whatever they list; cells become values the
// descriptors' schema takes (codes by name or number, dates as archivists write them) and back.
import { describe, expect, it } from 'vitest';
import { DOSSIER_FIELDS, type ArchivalField } from '../../../main/contract/archival-fields';
import { cellText, documentColumns, dossierColumns, dossierHeadings, fieldInput, headingMeaning } from '../../../main/packaging/catalogue-layout';

const field = (key: string) => DOSSIER_FIELDS.find((f) => f.key === key)! as ArchivalField;

describe('catalogue columns', () => {
  it('puts a field the descriptors add after the archivists’ columns, with its label, and reads its heading back', () => {
    const added: ArchivalField = { key: 'totalDoc', column: 'total_doc', vi: 'Tổng số văn bản', en: 'Documents', type: 'integer', required: false };
    const fields = [...DOSSIER_FIELDS, added];
    const headings = dossierColumns(fields).map((c) => c.heading);
    expect(headings.slice(0, 8)).toEqual(['Mã hồ sơ', 'Tiêu đề hồ sơ', 'Thời gian bắt đầu', 'Thời gian kết thúc', 'Thời hạn bảo quản', 'Số lượng tờ', 'Chế độ sử dụng', 'Ghi chú']);
    expect(headings.at(-1)).toBe('Tổng số văn bản');
    const meaning = headingMeaning(dossierHeadings(fields), '  TONG SO  van ban ');
    expect(meaning).toEqual({ kind: 'field', field: added });
  });

  it('prints the document list’s own headings and leaves number and notation to their joint column', () => {
    const columns = documentColumns().map((c) => (typeof c === 'string' ? c : c.heading));
    expect(columns.slice(0, 5)).toEqual(['number', 'Ngày tháng năm văn bản', 'Tác giả văn bản (cơ quan ban hành)', 'Trích yếu nội dung', 'pages']);
    expect(columns).not.toContain('Số');
    expect(columns).not.toContain('Ký hiệu');
  });
});

describe('catalogue headings', () => {
  it('knows the archivists’ names, folded, with or without what they put in brackets', () => {
    const known = dossierHeadings();
    const key = (text: string) => {
      const meaning = headingMeaning(known, text);
      return meaning === null ? null : meaning.kind === 'field' ? meaning.field.key : meaning.kind;
    };
    expect(key('Số và ký hiệu hồ sơ')).toBe('fileCode');
    expect(key('SO VA KY HIEU HO SO')).toBe('fileCode');
    expect(key('Số tờ (tờ)')).toBe('numberOfPaper');
    expect(key('Thời gian')).toBe('dateRange');
    expect(key('Thời gian bắt đầu')).toBe('startDate');
    expect(key('STT')).toBeNull();
  });
});

describe('catalogue cells', () => {
  it('reads codes by code, number, name with or without marks, and «code name»', () => {
    const maintenance = field('maintenance');
    expect(fieldInput(maintenance, '01')).toBe('01');
    expect(fieldInput(maintenance, 5)).toBe('05');
    expect(fieldInput(maintenance, 'Vĩnh viễn')).toBe('01');
    expect(fieldInput(maintenance, '70 NAM')).toBe('02');
    expect(fieldInput(maintenance, '06 - 10 năm')).toBe('06');
    expect(fieldInput(maintenance, 'Mãi mãi')).toBe('Mãi mãi');
  });

  it('reads dates as archivists write them, a year or a month as its first day, an Excel serial day', () => {
    const start = field('startDate');
    expect(fieldInput(start, '05/03/2019')).toBe('2019-03-05');
    expect(fieldInput(start, '5.3.2019')).toBe('2019-03-05');
    expect(fieldInput(start, '2019-03-05')).toBe('2019-03-05');
    expect(fieldInput(start, '02/2020')).toBe('2020-02-01');
    expect(fieldInput(start, 2021)).toBe('2021-01-01');
    expect(fieldInput(start, 43530)).toBe('2019-03-06');
    expect(fieldInput(start, new Date(Date.UTC(2020, 1, 29)))).toBe('2020-02-29');
    // Kept as written in yyyy-mm-dd: the field's own check then refuses the day that does not exist.
    expect(fieldInput(start, '31/02/2020')).toBe('2020-02-31');
    expect(fieldInput(start, 'hôm qua')).toBe('hôm qua');
  });

  it('writes codes as their names, dates as dd/mm/yyyy, booleans as Có/Không', () => {
    expect(cellText(field('maintenance'), '05')).toBe('20 năm');
    expect(cellText(field('startDate'), '2019-03-05')).toBe('05/03/2019');
    expect(cellText(field('riskRecovery'), false)).toBe('Không');
    expect(cellText(field('numberOfPaper'), 12)).toBe(12);
    expect(cellText(field('description'), null)).toBeNull();
  });
});
