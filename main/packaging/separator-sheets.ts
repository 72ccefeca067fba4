// Separator sheets to print on A4: a QR code that starts a new dossier (`SOHOA-SEP|<mã hồ sơ>`) or a new
// document (`SOHOA-DOC`), and the Kodak Patch T sheet (a new document, read by its bars). The clerk puts
// them in the feeder between dossiers and documents; the workstation finds them in the scanned batch
// (imaging/separator-detection.ts) and keeps them as pages of the batch, never of a document.
import fontkit from '@pdf-lib/fontkit';
import { PDFDocument, rgb, type PDFFont, type PDFPage } from 'pdf-lib';
import { AppError } from '../contract/errors';
import { DOCUMENT_SEPARATOR_PAYLOAD, DOSSIER_SEPARATOR_PREFIX, isFileCode } from '../contract/separators';
import { qrMatrix } from '../imaging/qr-codes';
import { dejaVuSans } from './searchable-pdf';

const A4 = { width: 595.28, height: 841.89 };
const MM = 72 / 25.4;

/**
 * Patch T as the Kodak patch code specification gives it (Patch Code Information, A-61599 / A-61670): from
 * the leading edge, bar and space edges at 0.08, 0.16, 0.36, 0.44, 0.52, 0.60 and 0.80 in — a narrow bar,
 * a wide bar, a narrow bar, a wide bar, with narrow spaces between: narrow elements 0.08 in (2.03 mm), wide
 * bars 0.20 in (5.08 mm), the whole patch 0.80 in (20.3 mm). Bars at least 2 in (50 mm) long, parallel to
 * the leading edge, which starts at least 0.25 in (6 mm) from the edge and ends within 3.75 in (94 mm).
 */
export const PATCH_T_MM = { narrow: 2.032, wide: 5.08, bars: ['narrow', 'wide', 'narrow', 'wide'] as const, barLength: 150, fromLeadingEdge: 15 };

/** One sheet to print. */
export type SeparatorSheet = { kind: 'dossier'; fileCode: string } | { kind: 'document' } | { kind: 'patch-t' };

/** QR side: at 200 dpi a module of a version-3 symbol is about 20 pixels, readable through a poor scan. */
const QR_MM = 80;
const QUIET_MODULES = 4;

export function invalidSeparatorCode(code: string): AppError {
  return new AppError(
    'SEPARATOR_CODE_INVALID',
    `Không in được tờ phân cách: «${code}» không phải mã hồ sơ hợp lệ (các phần chữ/số cách nhau bằng dấu chấm, ví dụ H49.64.33.2001.160). Chưa có tệp nào được ghi.`,
    `Cannot print the separator sheet: «${code}» is not a valid dossier code (parts of letters/digits separated by dots, e.g. H49.64.33.2001.160). No file was written.`,
    code,
  );
}

function centred(page: PDFPage, font: PDFFont, text: string, y: number, size: number, maxWidth = A4.width - 30 * MM): void {
  const fitted = Math.min(size, (size * maxWidth) / font.widthOfTextAtSize(text, size));
  page.drawText(text, { x: (A4.width - font.widthOfTextAtSize(text, fitted)) / 2, y, size: fitted, font, color: rgb(0, 0, 0) });
}

async function drawQr(page: PDFPage, payload: string, centreY: number): Promise<void> {
  const matrix = await qrMatrix(payload);
  const module = (QR_MM * MM) / (matrix.size + 2 * QUIET_MODULES);
  const side = module * matrix.size;
  const x0 = (A4.width - side) / 2;
  const top = centreY + side / 2;
  // Runs of dark modules as one rectangle each: no hairline seams between neighbours at any print scale.
  for (let row = 0; row < matrix.size; row++) {
    for (let col = 0; col < matrix.size; ) {
      if (!matrix.dark[row * matrix.size + col]) {
        col++;
        continue;
      }
      let end = col;
      while (end < matrix.size && matrix.dark[row * matrix.size + end]) end++;
      page.drawRectangle({ x: x0 + col * module, y: top - (row + 1) * module, width: (end - col) * module, height: module, color: rgb(0, 0, 0) });
      col = end;
    }
  }
}

function drawPatchT(page: PDFPage): void {
  const x = (A4.width - PATCH_T_MM.barLength * MM) / 2;
  let edge = A4.height - PATCH_T_MM.fromLeadingEdge * MM;
  for (const [i, bar] of PATCH_T_MM.bars.entries()) {
    const height = PATCH_T_MM[bar] * MM;
    page.drawRectangle({ x, y: edge - height, width: PATCH_T_MM.barLength * MM, height, color: rgb(0, 0, 0) });
    edge -= height + (i < PATCH_T_MM.bars.length - 1 ? PATCH_T_MM.narrow * MM : 0);
  }
}

const NOT_DIGITIZED = 'không số hóa';

/** The A4 PDF of the sheets, one page each, in order. Every dossier code is checked before anything is drawn. */
export async function buildSeparatorSheets(sheets: readonly SeparatorSheet[]): Promise<Uint8Array> {
  for (const sheet of sheets) if (sheet.kind === 'dossier' && !isFileCode(sheet.fileCode)) throw invalidSeparatorCode(sheet.fileCode);
  const pdf = await PDFDocument.create();
  pdf.registerFontkit(fontkit);
  const font = await pdf.embedFont(await dejaVuSans(), { subset: true });
  pdf.setTitle('Tờ phân cách — Trạm số hóa');
  pdf.setCreator('Trạm số hóa');
  for (const sheet of sheets) {
    const page = pdf.addPage([A4.width, A4.height]);
    if (sheet.kind === 'patch-t') {
      drawPatchT(page);
      centred(page, font, `TỜ PHÂN CÁCH VĂN BẢN (Patch T) — ${NOT_DIGITIZED}`, A4.height - 60 * MM, 18);
      centred(page, font, 'Đặt tờ này trước trang đầu của mỗi văn bản mới trong cùng hồ sơ, mép có vạch vào máy trước.', A4.height - 72 * MM, 10);
      continue;
    }
    if (sheet.kind === 'dossier') {
      centred(page, font, `TỜ PHÂN CÁCH HỒ SƠ ${sheet.fileCode} — ${NOT_DIGITIZED}`, A4.height - 30 * MM, 18);
      centred(page, font, sheet.fileCode, A4.height - 52 * MM, 32);
      await drawQr(page, `${DOSSIER_SEPARATOR_PREFIX}${sheet.fileCode}`, A4.height / 2 - 10 * MM);
      centred(page, font, 'Đặt tờ này trước trang đầu của hồ sơ. Trạm giữ tờ này trong lô quét, không đưa vào văn bản nào.', 40 * MM, 10);
    } else {
      centred(page, font, `TỜ PHÂN CÁCH VĂN BẢN — ${NOT_DIGITIZED}`, A4.height - 30 * MM, 18);
      await drawQr(page, DOCUMENT_SEPARATOR_PAYLOAD, A4.height / 2 - 10 * MM);
      centred(page, font, 'Đặt tờ này trước trang đầu của mỗi văn bản mới trong cùng hồ sơ.', 40 * MM, 10);
    }
  }
  return pdf.save();
}

/** The sheets for `fileCodes` (one each), then `documentSheets` QR document sheets and `patchT` Patch T sheets. */
export function separatorSheetList(fileCodes: readonly string[], documentSheets = 0, patchT = 0): SeparatorSheet[] {
  return [
    ...fileCodes.map((fileCode): SeparatorSheet => ({ kind: 'dossier', fileCode })),
    ...Array.from({ length: documentSheets }, (): SeparatorSheet => ({ kind: 'document' })),
    ...Array.from({ length: patchT }, (): SeparatorSheet => ({ kind: 'patch-t' })),
  ];
}
