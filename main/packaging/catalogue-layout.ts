// The layout of the catalogues archivists print (mục lục hồ sơ, mục lục văn bản) and how a cell of one
// becomes a field's value and back. The columns are derived from the field descriptors
// (main/contract/archival-fields.ts): the archivists' usual columns first, in their usual order, then
// every other field the descriptors list, so that a field added there is a column here with no change.
// Only the order (keys), the printed headings that differ from the descriptors' labels and the headings
// clerks use in their own workbooks are written here.
import { DOCUMENT_FIELDS, DOSSIER_FIELDS, type ArchivalField } from '../contract/archival-fields';
import { foldText } from '../search/text-folding';

/** One printed column: a field's, or one the layout computes (STT, "Số, ký hiệu", the pages). */
export interface CatalogueColumn {
  readonly heading: string;
  /** Characters wide, for the printed page. */
  readonly width: number;
  /** The field this column shows and reads back; absent for a computed column. */
  readonly field?: ArchivalField;
}

/** Mục lục hồ sơ: STT, then these fields as Vietnamese archives print them, then the others. */
const DOSSIER_ORDER = ['fileCode', 'title', 'startDate', 'endDate', 'maintenance', 'numberOfPaper', 'mode', 'description'] as const;
/** Mục lục văn bản: STT, "Số, ký hiệu văn bản" (codeNumber/codeNotation), these fields, the pages, then the others. */
const DOCUMENT_ORDER = ['issuedDate', 'organName', 'subject'] as const;
/** After the pages column of the document list: the notes, as printed last. */
const DOCUMENT_TAIL = ['description'] as const;
/** Shown together in the document list's "Số, ký hiệu văn bản", and left out of the further columns. */
const DOCUMENT_NUMBER_KEYS = ['codeNumber', 'codeNotation'] as const;
/** Headings the archivists' list prints instead of the descriptor's label. */
const PRINTED_HEADINGS: Readonly<Record<string, string>> = { issuedDate: 'Ngày tháng năm văn bản', organName: 'Tác giả văn bản (cơ quan ban hành)' };

export const STT_HEADING = 'STT';
export const DOCUMENT_NUMBER_HEADING = 'Số, ký hiệu văn bản';
export const DOCUMENT_PAGES_HEADING = 'Tờ số / số trang';

/**
 * Headings clerks' own catalogues use for a dossier field, beside its label in the descriptors (compared
 * folded: diacritics, case and spacing aside).
 */
const DOSSIER_HEADING_ALIASES: Readonly<Record<string, readonly string[]>> = {
  fileCode: ['Số và ký hiệu hồ sơ', 'Số, ký hiệu hồ sơ', 'Số ký hiệu hồ sơ', 'Ký hiệu hồ sơ', 'Mã số hồ sơ'],
  title: ['Tiêu đề', 'Tên hồ sơ', 'Tiêu đề hồ sơ (tên hồ sơ)'],
  maintenance: ['Thời hạn bảo quản (THBQ)', 'THBQ', 'Thời hạn lưu trữ'],
  numberOfPaper: ['Số tờ', 'Số lượng tờ', 'Tổng số tờ'],
  startDate: ['Ngày bắt đầu', 'Từ ngày'],
  endDate: ['Ngày kết thúc', 'Đến ngày'],
  description: ['Ghi chú', 'Ghi chú khác'],
  mode: ['Chế độ sử dụng (CĐSD)', 'Chế độ khai thác'],
};
/** A heading of one column holding both dates, «2019-2021» or «01/2019 - 12/2021». */
const DATE_RANGE_HEADINGS = ['Thời gian', 'Thời gian bắt đầu - kết thúc', 'Thời gian bắt đầu và kết thúc', 'Thời gian (bắt đầu - kết thúc)', 'Năm', 'Thời gian tài liệu'];
/** The keys a date-range column fills: the dossier's first and last date. */
export const DATE_RANGE_KEYS = ['startDate', 'endDate'] as const;
/** Under a «Thời gian» heading merged over two columns, the second heading row's names of its two halves. */
const DATE_RANGE_PARTS: ReadonlyArray<readonly [string, (typeof DATE_RANGE_KEYS)[number]]> = [
  ['Bắt đầu', 'startDate'],
  ['Từ ngày', 'startDate'],
  ['Từ', 'startDate'],
  ['Kết thúc', 'endDate'],
  ['Đến ngày', 'endDate'],
  ['Đến', 'endDate'],
];

/** The date a second-row heading under «Thời gian» names (startDate for «Bắt đầu»), or undefined. */
export function dateRangePart(text: string): (typeof DATE_RANGE_KEYS)[number] | undefined {
  const folded = foldHeading(text);
  return DATE_RANGE_PARTS.find(([heading]) => foldHeading(heading) === folded)?.[1];
}

function fieldWidth(field: ArchivalField): number {
  if (field.type === 'date') return 13;
  if (field.type === 'integer' || field.type === 'boolean') return 9;
  if (field.type === 'code') return 14;
  if ((field.max ?? 100) >= 500) return 45;
  return 22;
}

function fieldColumn(field: ArchivalField): CatalogueColumn {
  return { heading: PRINTED_HEADINGS[field.key] ?? field.vi, width: fieldWidth(field), field };
}

function byKeys(fields: readonly ArchivalField[], keys: readonly string[]): ArchivalField[] {
  return keys.flatMap((key) => fields.filter((f) => f.key === key));
}

function remaining(fields: readonly ArchivalField[], named: readonly string[]): ArchivalField[] {
  return fields.filter((f) => !named.includes(f.key));
}

/** The columns of the dossier catalogue, after STT. */
export function dossierColumns(fields: readonly ArchivalField[] = DOSSIER_FIELDS): CatalogueColumn[] {
  return [...byKeys(fields, DOSSIER_ORDER), ...remaining(fields, DOSSIER_ORDER)].map(fieldColumn);
}

/** The columns of a dossier's document list after STT, "Số, ký hiệu" and before nothing: in print order. */
export function documentColumns(fields: readonly ArchivalField[] = DOCUMENT_FIELDS): Array<CatalogueColumn | 'number' | 'pages'> {
  const named = [...DOCUMENT_ORDER, ...DOCUMENT_TAIL, ...DOCUMENT_NUMBER_KEYS];
  return [
    'number',
    ...byKeys(fields, DOCUMENT_ORDER).map(fieldColumn),
    'pages',
    ...byKeys(fields, DOCUMENT_TAIL).map(fieldColumn),
    ...remaining(fields, named).map(fieldColumn),
  ];
}

/** "15/QĐ-UBND", the notation alone when the number is blank, '' when both are. */
export function documentNumber(values: Readonly<Record<string, unknown>>): string {
  const [numberKey, notationKey] = DOCUMENT_NUMBER_KEYS;
  const number = typeof values[numberKey] === 'string' ? values[numberKey] : '';
  const notation = typeof values[notationKey] === 'string' ? values[notationKey] : '';
  return number && notation ? `${number}/${notation}` : number || notation;
}

// ---- headings read back

/** Folded for comparing headings: no marks, đ → d, lower case, anything but letters and digits one space. */
export function foldHeading(text: string): string {
  return foldText(text.normalize('NFC'))
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

/** What a heading of a clerk's catalogue names: a dossier field, both dates at once, or nothing known. */
export type HeadingMeaning = { kind: 'field'; field: ArchivalField } | { kind: 'dateRange' } | null;

/** Each folded heading the reader knows, and what it means. */
export function dossierHeadings(fields: readonly ArchivalField[] = DOSSIER_FIELDS): Map<string, HeadingMeaning & object> {
  const headings = new Map<string, HeadingMeaning & object>();
  for (const heading of DATE_RANGE_HEADINGS) headings.set(foldHeading(heading), { kind: 'dateRange' });
  // The descriptors' own labels last: a field added there wins over a clerk's name that happens to match it.
  for (const field of fields) for (const heading of DOSSIER_HEADING_ALIASES[field.key] ?? []) headings.set(foldHeading(heading), { kind: 'field', field });
  for (const field of fields) for (const heading of [field.key, field.en, field.vi]) headings.set(foldHeading(heading), { kind: 'field', field });
  return headings;
}

/** The meaning of a heading: as written, else without what it has in brackets («Số tờ (tờ)»). */
export function headingMeaning(headings: ReadonlyMap<string, HeadingMeaning & object>, text: string): HeadingMeaning {
  const folded = foldHeading(text);
  if (folded === '') return null;
  return headings.get(folded) ?? headings.get(foldHeading(text.replace(/\([^)]*\)/g, ' '))) ?? null;
}

// ---- values written

/** dd/mm/yyyy, as archivists write a date, from the stored yyyy-mm-dd. */
export function printedDate(iso: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  return match ? `${match[3]}/${match[2]}/${match[1]}` : iso;
}

/** A field's stored value as its cell shows it: code names, dd/mm/yyyy dates, Có/Không. */
export function cellText(field: ArchivalField, value: unknown): string | number | null {
  if (value === null || value === undefined || value === '') return null;
  // A multi-valued code (the languages): its names, one after another.
  if (Array.isArray(value)) return value.length === 0 ? null : value.map((one) => cellText(field, one)).join('; ');
  switch (field.type) {
    case 'code': {
      const code = field.codes?.find((c) => c.code === value || c.vi === value);
      return code ? code.vi : String(value);
    }
    case 'date':
      return printedDate(String(value));
    case 'boolean':
      return value === true || value === 1 ? 'Có' : 'Không';
    case 'integer':
      return typeof value === 'number' ? value : String(value);
    default:
      return String(value);
  }
}

// ---- values read

/** What a cell holds once exceljs's rich text, formulas and links are read through. */
export type CellInput = string | number | boolean | Date | null;

const YES = new Set(['co', 'x', 'yes', 'true', '1', 'da du phong']);
const NO = new Set(['khong', 'no', 'false', '0', 'chua du phong']);

function isoDay(y: number, m: number, d: number): string {
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

const DAY = String.raw`(\d{1,2})[/.](\d{1,2})[/.](\d{4})`;
const MONTH = String.raw`(\d{1,2})[/.](\d{4})`;
const ISO = String.raw`(\d{4})-(\d{1,2})-(\d{1,2})`;
const YEAR = String.raw`(\d{4})`;
const WRITTEN_DATE = new RegExp(`^(?:${DAY}|${ISO}|${MONTH}|${YEAR})$`);

/**
 * A written date in yyyy-mm-dd: a day, or the first day of a month (01/2019) or a year (2019). A day that
 * does not exist (31/02/2020) is kept as written, so that the field's own check refuses it with its
 * message; undefined when it is no date at all.
 */
function writtenDate(text: string): string | undefined {
  const m = WRITTEN_DATE.exec(text.trim());
  if (!m) return undefined;
  const n = m.slice(1).map((part) => (part === undefined ? undefined : Number(part)));
  if (n[0] !== undefined) return isoDay(n[2]!, n[1]!, n[0]);
  if (n[3] !== undefined) return isoDay(n[3], n[4]!, n[5]!);
  if (n[6] !== undefined) return isoDay(n[7]!, n[6], 1);
  return isoDay(n[8]!, 1, 1);
}

function dateOfCell(value: Date): string {
  return isoDay(value.getUTCFullYear(), value.getUTCMonth() + 1, value.getUTCDate());
}

/** A cell as its field's schema takes it: a code from its name, a date in yyyy-mm-dd, a number, a boolean. */
export function fieldInput(field: ArchivalField, value: CellInput): unknown {
  if (value === null) return null;
  const text = value instanceof Date ? dateOfCell(value) : String(value).normalize('NFC').trim();
  if (text === '') return null;
  // A multi-valued code: «Tiếng Việt; Tiếng Anh», «01, 02», each read as one code.
  if (field.multiple === true) return text.split(/\s*[;,]\s*/).filter(Boolean).map((one) => singleInput(field, one, one));
  return singleInput(field, value, text);
}

function singleInput(field: ArchivalField, value: Exclude<CellInput, null>, text: string): unknown {
  switch (field.type) {
    case 'code': {
      const codes = field.codes ?? [];
      const folded = foldHeading(text);
      const asCode = typeof value === 'number' ? String(value).padStart(2, '0') : text;
      // «01», «1», «Vĩnh viễn», «vinh vien» or «01 - Vĩnh viễn».
      const found =
        codes.find((c) => c.code === asCode || c.code === text.padStart(2, '0')) ??
        codes.find((c) => foldHeading(c.vi) === folded || foldHeading(c.en) === folded) ??
        codes.find((c) => folded === foldHeading(`${c.code} ${c.vi}`));
      return found ? (field.stores === 'name' ? found.vi : found.code) : text;
    }
    case 'date': {
      if (value instanceof Date) return text;
      // A number in a date column: a year (2019), else a day Excel counts from 30/12/1899 in a cell not formatted as a date.
      if (typeof value === 'number' && Number.isInteger(value) && (value < 1000 || value > 2999)) return dateOfCell(new Date(Date.UTC(1899, 11, 30) + value * 86_400_000));
      return writtenDate(text) ?? text;
    }
    case 'integer':
      if (typeof value === 'number') return value;
      return /^\d+$/.test(text) ? Number(text) : text;
    case 'boolean': {
      if (typeof value === 'boolean') return value;
      const folded = foldHeading(text);
      return YES.has(folded) ? true : NO.has(folded) ? false : text;
    }
    default:
      return text;
  }
}
