// The dossier catalogue of a batch (mục lục hồ sơ) and a dossier's document list (mục lục văn bản) as
// .xlsx workbooks laid out as archivists print them: a title block, then one table with a repeated,
// frozen header row, borders and wrapped text, on A4 landscape fitted to the page width.
import ExcelJS from 'exceljs';
import type { DocumentMetadata, DossierFields } from '../contract/archival-fields';
import {
  DOCUMENT_NUMBER_HEADING,
  DOCUMENT_PAGES_HEADING,
  STT_HEADING,
  cellText,
  documentColumns,
  documentNumber,
  dossierColumns,
  type CatalogueColumn,
} from './catalogue-layout';

export const DOSSIER_CATALOGUE_TITLE = 'MỤC LỤC HỒ SƠ';
export const DOCUMENT_LIST_TITLE = 'MỤC LỤC VĂN BẢN';
/** The row of the table's headings: after the title block's four lines and a blank one. */
export const HEADER_ROW = 6;

export interface TitleBlock {
  /** The agency (the station's name), or null when it has none. */
  agency: string | null;
  /** The second line under the title: the batch, or the dossier. */
  lines: string[];
  /** When the catalogue was made. */
  date: Date;
}

export interface DocumentListRow {
  metadata: DocumentMetadata;
  pageCount: number;
}

/** Excel's A4 (exceljs's PaperSize.A4 is a const enum, which isolated modules cannot read). */
const A4 = 9;
const THIN = { style: 'thin' } as const;
const BORDER = { top: THIN, left: THIN, bottom: THIN, right: THIN };
const FONT = 'Times New Roman';

function ddmmyyyy(date: Date): string {
  const two = (n: number) => String(n).padStart(2, '0');
  return `${two(date.getDate())}/${two(date.getMonth() + 1)}/${date.getFullYear()}`;
}

interface Table {
  headings: string[];
  widths: number[];
  rows: Array<Array<string | number | null>>;
}

/** The sheet: title block, headings on HEADER_ROW, one row per entry; print set-up for A4 landscape. */
function sheetOf(workbook: ExcelJS.Workbook, name: string, title: string, block: TitleBlock, table: Table): void {
  const sheet = workbook.addWorksheet(name, {
    pageSetup: {
      paperSize: A4 as ExcelJS.PaperSize,
      orientation: 'landscape',
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: 0,
      horizontalCentered: true,
      printTitlesRow: `${HEADER_ROW}:${HEADER_ROW}`,
      margins: { left: 0.5, right: 0.5, top: 0.6, bottom: 0.6, header: 0.3, footer: 0.3 },
    },
    headerFooter: { oddFooter: 'Trang &P / &N' },
    views: [{ state: 'frozen', xSplit: 0, ySplit: HEADER_ROW }],
  });
  const last = table.headings.length;
  sheet.columns = table.widths.map((width) => ({ width }));
  const line = (row: number, text: string, options: { bold?: boolean; size?: number; center?: boolean }) => {
    sheet.mergeCells(row, 1, row, last);
    const cell = sheet.getCell(row, 1);
    cell.value = text;
    cell.font = { name: FONT, bold: options.bold ?? false, size: options.size ?? 12 };
    cell.alignment = { horizontal: options.center ? 'center' : 'left', vertical: 'middle' };
  };
  line(1, (block.agency ?? '').toUpperCase(), { bold: true });
  line(2, title, { bold: true, size: 16, center: true });
  line(3, block.lines.join(' — '), { center: true });
  line(4, `Ngày lập: ${ddmmyyyy(block.date)}`, { center: true });
  const header = sheet.getRow(HEADER_ROW);
  header.values = table.headings;
  header.eachCell((cell) => {
    cell.font = { name: FONT, bold: true, size: 11 };
    cell.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
    cell.border = BORDER;
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE7E6E6' } };
  });
  for (const [index, values] of table.rows.entries()) {
    const row = sheet.getRow(HEADER_ROW + 1 + index);
    row.values = values;
    for (let column = 1; column <= last; column++) {
      const cell = row.getCell(column);
      cell.font = { name: FONT, size: 11 };
      cell.alignment = { vertical: 'top', wrapText: true, horizontal: column === 1 ? 'center' : 'left' };
      cell.border = BORDER;
    }
  }
}

function fieldCell(column: CatalogueColumn, values: Readonly<Record<string, unknown>>): string | number | null {
  return column.field ? cellText(column.field, values[column.field.key]) : null;
}

/** Mục lục hồ sơ: one row per dossier, in the order given. */
export async function dossierCatalogueWorkbook(block: TitleBlock, dossiers: readonly DossierFields[]): Promise<Buffer> {
  const columns = dossierColumns();
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Trạm số hóa';
  workbook.created = block.date;
  sheetOf(workbook, 'Mục lục hồ sơ', DOSSIER_CATALOGUE_TITLE, block, {
    headings: [STT_HEADING, ...columns.map((c) => c.heading)],
    widths: [6, ...columns.map((c) => c.width)],
    rows: dossiers.map((fields, index) => [index + 1, ...columns.map((c) => fieldCell(c, fields))]),
  });
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/**
 * Mục lục văn bản: one row per document in dossier order; «Tờ số / số trang» is where each document's
 * pages stand in the dossier (1-3, 4, 5-9), counted from the page counts.
 */
export async function documentListWorkbook(block: TitleBlock, documents: readonly DocumentListRow[]): Promise<Buffer> {
  const columns = documentColumns();
  const heading = (c: (typeof columns)[number]) => (c === 'number' ? DOCUMENT_NUMBER_HEADING : c === 'pages' ? DOCUMENT_PAGES_HEADING : c.heading);
  const width = (c: (typeof columns)[number]) => (c === 'number' ? 16 : c === 'pages' ? 10 : c.width);
  let firstPage = 1;
  const rows = documents.map((document, index) => {
    const pages = document.pageCount === 0 ? '' : document.pageCount === 1 ? String(firstPage) : `${firstPage}-${firstPage + document.pageCount - 1}`;
    firstPage += document.pageCount;
    const values = document.metadata as Readonly<Record<string, unknown>>;
    return [index + 1, ...columns.map((c) => (c === 'number' ? documentNumber(values) || null : c === 'pages' ? pages || null : fieldCell(c, values)))];
  });
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Trạm số hóa';
  workbook.created = block.date;
  sheetOf(workbook, 'Mục lục văn bản', DOCUMENT_LIST_TITLE, block, {
    headings: [STT_HEADING, ...columns.map(heading)],
    widths: [6, ...columns.map(width)],
    rows,
  });
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
