// What one printed line of a Nghị định 30 document says: the national motto, the `Số:` line, place and
// date, the type line, a notation's type. Each reads one line's text (a row or a column's part of it).
import { DOCUMENT_TYPES } from '../contract/domain';
import type { DocumentTypeName } from '../contract/domain';
import { OTHER_TYPE_LINES, PLACES, TYPE_ABBREVIATIONS, MIXED_CASE_PARTS } from './nd30-vocabulary';
import { couldBeMisreadOf, fold, foldKey, trimNoise } from './ocr-mending';

export const BODY_START = /^[^\p{L}]*(?:CAN\s+CU|THUC\s+HIEN|XET\s+DE\s+NGHI|THEO\s+DE\s+NGHI|KINH\s+GUI|DIEU\s+1\b)/iu;
export const REPUBLIC = /C[O0]NG\s*H[O0]A\s*X|X[A4]\s*H[O0Q]I\s*CHU\s*NGH|CHU\s*NGH[I1]A\s*V/i;
export const MOTTO = /\S*\s*L[A4]P\s*[-–—]\s*TU\s*D[O0]|TU\s*D[O0]\s*[-–—]\s*H[A4]NH\s*PHUC/i;
export const NUMBER_LINE = /^[^\p{L}\d]{0,3}S[OEA6]\s*(?:[:;]|(?=\s*\d))\s*([^/]{0,12}?)\s*\/\s*([\p{L}\d]+(?:\s*[-/.]\s*[\p{L}\d]+)*)/iu;
export const DATE = /,\s*ngay\s*(\d{1,2})?\s*thang\s*(\d{1,2})?\s*nam\s*(\d{4})\b/i;
export const DATE_ANCHOR = /,\s*ngay/i;
export const VV_LINE = /^[^\p{L}]{0,3}V\s*\/\s*v\b/u;

/**
 * `QĐ-TTg`, `2026/TT-BCT`, `VPCP-CN`. The type abbreviation is the part before the first dash;
 * OCR reads the Đ of QĐ, HĐ, CĐ, ĐA as D or P, which is fixed only when that gives a known one.
 */
export function parseNotation(raw: string): string | null {
  const pieces = raw.replace(/\s+/g, '').split(/([-/.])/);
  const firstDash = pieces.indexOf('-');
  const typeAt = firstDash > 0 ? firstDash - 1 : -1;
  const typePart = pieces[typeAt] ?? '';
  if (typeAt >= 0 && !(typePart in TYPE_ABBREVIATIONS)) {
    const fixed = typePart.replace(/[DPÐ]/g, 'Đ');
    if (fixed in TYPE_ABBREVIATIONS) pieces[typeAt] = fixed;
  }
  const parts = pieces.filter((_, i) => i % 2 === 0);
  const plausible = parts.every((part) => /^[\p{Lu}\d]+$/u.test(part) || MIXED_CASE_PARTS.has(part));
  return plausible ? pieces.join('') : null;
}

export function readNumberLine(line: string): { codeNumber: string | null; codeNotation: string | null } {
  const match = NUMBER_LINE.exec(fold(line));
  if (!match) return { codeNumber: null, codeNotation: null };
  const start = match.index + match[0].length - (match[2] ?? '').length;
  const rawNumber = (match[1] ?? '').replace(/\s+/g, '');
  // A blank number (born-digital copy) or a handwritten one read as noise stays unknown.
  const codeNumber = /^\d{1,11}$/.test(rawNumber) ? rawNumber : null;
  return { codeNumber, codeNotation: parseNotation(line.slice(start, start + (match[2] ?? '').length)) };
}

export function isRealDate(year: number, month: number, day: number): boolean {
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/** `Hà Nội, ngày 05 tháng 8 năm 2024` → 2024-08-05; null when the day or month is blank or unreadable. */
export function readIssuedDate(line: string): string | null {
  const match = DATE.exec(fold(line));
  if (!match?.[1] || !match[2] || !match[3]) return null;
  const [day, month, year] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (year < 1900 || !isRealDate(year, month, day)) return null;
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** The capitalised words just before `, ngày` (the left column may share the line: `Số: 15/QĐ-UBND Hà Nội`). */
export function readPlace(line: string): string | null {
  const anchor = DATE_ANCHOR.exec(fold(line));
  if (!anchor) return null;
  const words = line.slice(0, anchor.index).trim().split(' ');
  const place: string[] = [];
  while (place.length < 5) {
    const word = words.pop();
    if (word === undefined || !/^(?:\p{Lu}\p{Ll}*|\p{Lu}{1,3}\.)$/u.test(word)) break;
    place.unshift(word);
  }
  if (place.length === 0) return null;
  const text = place.join(' ');
  return PLACES.find((known) => couldBeMisreadOf(text, known)) ?? text;
}

export const TYPE_LINES: Array<{ key: string; typeName: DocumentTypeName }> = [
  ...DOCUMENT_TYPES.filter(([, name]) => name !== 'Khác' && name !== 'Công văn').map(([, name]) => ({
    key: foldKey(name),
    typeName: name as DocumentTypeName,
  })),
  ...OTHER_TYPE_LINES.map((line) => ({ key: foldKey(line), typeName: 'Khác' as const })),
].sort((a, b) => b.key.length - a.key.length);

/**
 * The type line (QUYẾT ĐỊNH, THÔNG BÁO…): in capitals, alone or after stamp specks on its left,
 * not followed by a colon (`QUYẾT ĐỊNH:` opens the articles of the body).
 */
export function readTypeLine(line: string): DocumentTypeName | null {
  if (/:\s*$/.test(line)) return null;
  const text = trimNoise(line);
  const key = foldKey(text);
  for (const { key: typeKey, typeName } of TYPE_LINES) {
    const alone = key === typeKey;
    const afterSpecks = key.endsWith(` ${typeKey}`) && key.length - typeKey.length <= 16;
    if (!alone && !afterSpecks) continue;
    // Lines are single-spaced and folding keeps lengths, so the printed words end the text.
    const printed = text.slice(text.length - typeKey.length);
    return printed === printed.toUpperCase() ? typeName : null;
  }
  return null;
}

export function typeFromNotation(codeNotation: string | null): DocumentTypeName | null {
  const beforeDash = codeNotation?.split('-')[0] ?? '';
  const abbreviation = beforeDash.split('/').pop() ?? '';
  return codeNotation?.includes('-') ? (TYPE_ABBREVIATIONS[abbreviation] ?? null) : null;
}
