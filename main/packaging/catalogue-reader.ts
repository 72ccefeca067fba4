// Reads a dossier catalogue (mục lục hồ sơ) from an .xlsx workbook, ours or a clerk's own: finds the row
// of headings wherever it is, maps each column by its heading to a dossier field, turns each row's cells
// into the fields' values and checks them with the descriptors' schema. Nothing is stored here: each row
// comes back with its fields, or with the Vietnamese message of each field at fault.
import ExcelJS from 'exceljs';
import { DOSSIER_FIELDS, dossierFieldsSchema, emptyValues, type ArchivalField, type DossierFields } from '../contract/archival-fields';
import type { CatalogueProblem } from '../contract/catalogue';
import { AppError } from '../contract/errors';
import { englishIssueMessage } from '../contract/validation-messages';
import { DATE_RANGE_KEYS, dateRangePart, dossierHeadings, fieldInput, headingMeaning, type CellInput, type HeadingMeaning } from './catalogue-layout';

/** Larger workbooks are refused before exceljs unpacks them (a catalogue of thousands of rows is a few MB). */
export const MAX_CATALOGUE_BYTES = 20 * 1024 * 1024;
/**
 * What the workbook's parts may unpack to, by its zip directory, before exceljs inflates them all in
 * memory (the rows of a 20 MB workbook of text compress tenfold and more).
 */
export const MAX_CATALOGUE_UNPACKED_BYTES = 200 * 1024 * 1024;
/** Rows under the headings read at most; a batch holds hundreds of dossiers, not tens of thousands. */
export const MAX_CATALOGUE_ROWS = 5000;
/** How far down a sheet the headings are looked for (title blocks take a few rows). */
const HEADING_SEARCH_ROWS = 30;

export interface CatalogueRow {
  /** The row's number in the sheet, as Excel shows it. */
  row: number;
  /** The code as written, for naming the row in a report (null when blank). */
  fileCode: string | null;
  /** The checked fields, or null when some field is at fault. */
  fields: DossierFields | null;
  problems: CatalogueProblem[];
}

export interface CatalogueRead {
  sheet: string;
  headerRow: number;
  /** The columns understood: their heading and the field (or `startDate,endDate` for a date range). */
  columns: Array<{ heading: string; field: string }>;
  /** Headings no field answers to (STT, a clerk's own columns): left out. */
  ignored: string[];
  rows: CatalogueRow[];
}

type Mapped = { column: number; heading: string; meaning: HeadingMeaning & object };

/** A cell's value with exceljs's wrappers (rich text, formulas, links, errors) read through. */
function cellInput(value: ExcelJS.CellValue): CellInput {
  if (value === null || value === undefined) return null;
  if (value instanceof Date || typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  if ('richText' in value) return value.richText.map((run) => run.text).join('');
  if ('error' in value) return null;
  if ('formula' in value || 'sharedFormula' in value) return cellInput((value as ExcelJS.CellFormulaValue).result as ExcelJS.CellValue);
  if ('text' in value) return cellInput(value.text as ExcelJS.CellValue);
  return null;
}

function textOf(value: CellInput): string {
  return value === null ? '' : value instanceof Date ? value.toISOString().slice(0, 10) : String(value).trim();
}

/** The row of headings: among the first rows, the one naming the most fields, if it names the code or the title. */
function findHeadings(sheet: ExcelJS.Worksheet): { row: number; mapped: Mapped[]; ignored: string[] } | null {
  const known = dossierHeadings();
  let best: { row: number; mapped: Mapped[]; ignored: string[] } | null = null;
  const last = Math.min(sheet.rowCount, HEADING_SEARCH_ROWS);
  for (let r = 1; r <= last; r++) {
    const mapped: Mapped[] = [];
    const ignored: string[] = [];
    const seen = new Set<string>();
    sheet.getRow(r).eachCell((cell, column) => {
      // A merged title spans the columns: only its first cell speaks.
      if (cell.isMerged && cell.master.address !== cell.address) return;
      const heading = textOf(cellInput(cell.value));
      const meaning = headingMeaning(known, heading);
      const id = meaning === null ? null : meaning.kind === 'field' ? meaning.field.key : 'dateRange';
      if (meaning === null || id === null || seen.has(id)) {
        if (heading !== '') ignored.push(heading);
        return;
      }
      seen.add(id);
      mapped.push({ column, heading, meaning });
    });
    const names = (key: string) => mapped.some((m) => m.meaning.kind === 'field' && m.meaning.field.key === key);
    if (mapped.length >= 2 && (names('fileCode') || names('title')) && (best === null || mapped.length > best.mapped.length)) best = { row: r, mapped, ignored };
  }
  return best;
}

/**
 * A second heading row under a «Thời gian» merged over two columns («Bắt đầu» | «Kết thúc»): each half
 * becomes its date's column. Returns the columns, and whether the row was such a row (then it is no data).
 */
function withDateRangeParts(sheet: ExcelJS.Worksheet, headingRow: number, mapped: readonly Mapped[]): { mapped: Mapped[]; used: boolean } {
  const range = mapped.find((m) => m.meaning.kind === 'dateRange');
  if (!range || headingRow >= sheet.rowCount) return { mapped: [...mapped], used: false };
  const known = dossierHeadings();
  const parts: Mapped[] = [];
  let other = false;
  sheet.getRow(headingRow + 1).eachCell((cell, column) => {
    // A heading merged down over both rows (STT, Tiêu đề) speaks in its first row only.
    if (cell.isMerged && cell.master.address !== cell.address) return;
    const text = textOf(cellInput(cell.value));
    if (text === '') return;
    const key = dateRangePart(text);
    const field = key === undefined ? undefined : DOSSIER_FIELDS.find((f: ArchivalField) => f.key === key);
    if (field) parts.push({ column, heading: `${range.heading} – ${text}`, meaning: { kind: 'field', field } });
    else if (headingMeaning(known, text) === null) other = true;
  });
  if (parts.length === 0 || other) return { mapped: [...mapped], used: false };
  return { mapped: [...mapped.filter((m) => m !== range), ...parts].sort((a, b) => a.column - b.column), used: true };
}

/** The numbering row archivists put under the headings: (1) (2) (3) … */
function isNumberingRow(values: CellInput[]): boolean {
  const filled = values.filter((v) => textOf(v) !== '');
  return filled.length >= 3 && filled.every((v) => /^\(?\d{1,2}\)?$/.test(textOf(v)));
}

function rowProblems(error: { issues: ReadonlyArray<{ path: ReadonlyArray<PropertyKey>; message: string; code: string }> }, headingOf: (key: string) => string): CatalogueProblem[] {
  const problems: CatalogueProblem[] = [];
  for (const issue of error.issues) {
    const field = String(issue.path[0] ?? '');
    if (problems.some((p) => p.field === field)) continue;
    problems.push({ field, heading: headingOf(field), message: issue.message, messageEn: englishIssueMessage(issue) });
  }
  return problems;
}

/**
 * The row's cells as the schema's input: every typed field, its default or null where the file has no
 * value. Columns of derived fields (the dossier's dates, its totals) are recognized so that their
 * headings are understood, but not imported: those values are computed from the dossier's documents.
 */
function rowInput(values: CellInput[], mapped: readonly Mapped[]): Record<string, unknown> {
  const input: Record<string, unknown> = { ...emptyValues(DOSSIER_FIELDS) };
  for (const { column, meaning } of mapped) {
    if (meaning.kind !== 'field' || meaning.field.derived === true) continue;
    input[meaning.field.key] = fieldInput(meaning.field, values[column] ?? null);
  }
  return input;
}

function unreadable(cause: unknown): AppError {
  return new AppError(
    'CATALOGUE_UNREADABLE',
    'Không đọc được tệp mục lục: tệp không phải bảng tính Excel .xlsx hoặc đã bị hỏng. Hãy mở tệp bằng Excel, lưu lại dưới dạng «Sổ làm việc Excel (.xlsx)» rồi nhập lại; chưa có hồ sơ nào được tạo.',
    'The catalogue file cannot be read: it is not an Excel .xlsx workbook, or it is damaged. Open it in Excel, save it as «Excel Workbook (.xlsx)» and import again; no dossier was created.',
    undefined,
    { cause },
  );
}

export function catalogueTooLarge(what: 'bytes' | 'unpacked' | 'rows', found: number): AppError {
  const mb = (bytes: number) => `${bytes / 1024 / 1024} MB`;
  const [vi, en] =
    what === 'bytes'
      ? [`Tệp mục lục quá lớn (tối đa ${mb(MAX_CATALOGUE_BYTES)})`, `The catalogue file is too large (at most ${mb(MAX_CATALOGUE_BYTES)})`]
      : what === 'unpacked'
        ? [`Tệp mục lục quá lớn khi giải nén (tối đa ${mb(MAX_CATALOGUE_UNPACKED_BYTES)})`, `The catalogue file unpacks to too much (at most ${mb(MAX_CATALOGUE_UNPACKED_BYTES)})`]
        : [`Tệp mục lục quá lớn (tối đa ${MAX_CATALOGUE_ROWS} dòng)`, `The catalogue file is too large (at most ${MAX_CATALOGUE_ROWS} rows)`];
  return new AppError(
    'CATALOGUE_TOO_LARGE',
    `${vi}. Hãy chia mục lục thành nhiều tệp nhỏ hơn rồi nhập từng tệp; chưa có hồ sơ nào được tạo.`,
    `${en}. Split it into smaller files and import each; no dossier was created.`,
    undefined,
    { params: { found } },
  );
}

const END_OF_DIRECTORY = 0x06054b50;
const DIRECTORY_ENTRY = 0x02014b50;

/**
 * The sizes the zip's central directory declares for its files, summed; null when `data` has no zip
 * directory (it is no workbook). A zip64 directory (over 65,535 files or 4 GB) counts as too large: no
 * catalogue needs one.
 */
function declaredUnpackedBytes(data: Buffer): number | null {
  const earliest = Math.max(0, data.length - 22 - 0xffff);
  let end = -1;
  for (let at = data.length - 22; at >= earliest; at--) {
    if (data.readUInt32LE(at) === END_OF_DIRECTORY) {
      end = at;
      break;
    }
  }
  if (end < 0) return null;
  const entries = data.readUInt16LE(end + 10);
  const start = data.readUInt32LE(end + 16);
  if (entries === 0xffff || start === 0xffffffff) return Number.POSITIVE_INFINITY;
  let total = 0;
  let at = start;
  for (let n = 0; n < entries; n++) {
    if (at + 46 > data.length || data.readUInt32LE(at) !== DIRECTORY_ENTRY) return null;
    const size = data.readUInt32LE(at + 24);
    if (size === 0xffffffff) return Number.POSITIVE_INFINITY;
    total += size;
    at += 46 + data.readUInt16LE(at + 28) + data.readUInt16LE(at + 30) + data.readUInt16LE(at + 32);
  }
  return total;
}

/**
 * The catalogue in `data` (.xlsx bytes). Throws CATALOGUE_UNREADABLE for what is no workbook,
 * CATALOGUE_TOO_LARGE past the caps and CATALOGUE_NO_HEADINGS when no sheet has a row of known headings.
 */
export async function readCatalogue(data: Buffer): Promise<CatalogueRead> {
  if (data.length > MAX_CATALOGUE_BYTES) throw catalogueTooLarge('bytes', data.length);
  const unpacked = data.length < 22 ? null : declaredUnpackedBytes(data);
  if (unpacked === null) throw unreadable(new Error('no zip directory'));
  if (unpacked > MAX_CATALOGUE_UNPACKED_BYTES) throw catalogueTooLarge('unpacked', unpacked);
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(data as unknown as ArrayBuffer);
  } catch (error) {
    throw unreadable(error);
  }
  for (const sheet of workbook.worksheets) {
    const found = findHeadings(sheet);
    if (!found) continue;
    const split = withDateRangeParts(sheet, found.row, found.mapped);
    const headings = { ...found, mapped: split.mapped };
    const firstDataRow = found.row + (split.used ? 2 : 1);
    if (sheet.rowCount - headings.row > MAX_CATALOGUE_ROWS) throw catalogueTooLarge('rows', sheet.rowCount - headings.row);
    const headingByKey = new Map<string, string>();
    for (const m of headings.mapped) {
      if (m.meaning.kind === 'field') headingByKey.set(m.meaning.field.key, m.heading);
      else for (const key of DATE_RANGE_KEYS) headingByKey.set(key, m.heading);
    }
    const label = (key: string) => headingByKey.get(key) ?? DOSSIER_FIELDS.find((f: ArchivalField) => f.key === key)?.vi ?? key;
    const codeColumn = headings.mapped.find((m) => m.meaning.kind === 'field' && m.meaning.field.key === 'fileCode')?.column;
    const rows: CatalogueRow[] = [];
    for (let r = firstDataRow; r <= sheet.rowCount; r++) {
      const values: CellInput[] = [];
      sheet.getRow(r).eachCell({ includeEmpty: false }, (cell, column) => {
        values[column] = cellInput(cell.value);
      });
      const own = headings.mapped.map((m) => values[m.column] ?? null);
      if (own.every((v) => textOf(v) === '')) continue;
      if (r === firstDataRow && isNumberingRow(own)) continue;
      const parsed = dossierFieldsSchema.safeParse(rowInput(values, headings.mapped));
      const fileCode = codeColumn === undefined ? null : textOf(values[codeColumn] ?? null) || null;
      rows.push(parsed.success ? { row: r, fileCode, fields: parsed.data, problems: [] } : { row: r, fileCode, fields: null, problems: rowProblems(parsed.error, label) });
    }
    return {
      sheet: sheet.name,
      headerRow: headings.row,
      columns: headings.mapped.map((m) => ({ heading: m.heading, field: m.meaning.kind === 'field' ? m.meaning.field.key : DATE_RANGE_KEYS.join(',') })),
      ignored: headings.ignored,
      rows,
    };
  }
  throw new AppError(
    'CATALOGUE_NO_HEADINGS',
    'Không tìm thấy dòng tiêu đề cột của mục lục hồ sơ (cần ít nhất cột «Mã hồ sơ» hoặc «Số và ký hiệu hồ sơ» và cột «Tiêu đề hồ sơ») trong 30 dòng đầu của các trang tính. Hãy kiểm tra tên các cột rồi nhập lại; chưa có hồ sơ nào được tạo.',
    'No row of catalogue headings was found (at least «Mã hồ sơ» or «Số và ký hiệu hồ sơ», and «Tiêu đề hồ sơ») in the first 30 rows of any sheet. Check the column names and import again; no dossier was created.',
  );
}
