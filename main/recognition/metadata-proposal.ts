// Proposes a document's archival metadata (TT 05/2025 fields) from its recognized text, following the
// layout of Nghị định 30/2020 (docs/domain.md §5): header columns, `Số:` line, place and date, type
// line, abstract, signature block. The text may be a clean transcription or raw OCR, where the two
// header columns share one line, diacritics drop out and stamps add noise.
// A person reviews every proposal, and a wrong value is worse than an empty one: each field is only
// filled when its pattern is recognised, otherwise it stays null.
import { DOCUMENT_TYPES, documentMetadataSchema, EMPTY_METADATA } from '../contract/domain';
import type { DocumentMetadata, DocumentTypeName } from '../contract/domain';

// ---------------------------------------------------------------------------------------------
// Vocabulary

/** Printed type lines that are not in the TT 05/2025 list (legal normative documents). */
const OTHER_TYPE_LINES = ['THÔNG TƯ LIÊN TỊCH', 'THÔNG TƯ', 'NGHỊ ĐỊNH', 'PHÁP LỆNH'];

/** Type abbreviations in a notation (§5.5). TT, TTLT and NĐ are legal types outside the list. */
const TYPE_ABBREVIATIONS: Record<string, DocumentTypeName> = {
  NQ: 'Nghị quyết', QĐ: 'Quyết định', CT: 'Chỉ thị', QC: 'Quy chế', QyĐ: 'Quy định', TC: 'Thông cáo',
  TB: 'Thông báo', HD: 'Hướng dẫn', CTr: 'Chương trình', KH: 'Kế hoạch', PA: 'Phương án', ĐA: 'Đề án',
  DA: 'Dự án', BC: 'Báo cáo', BB: 'Biên bản', TTr: 'Tờ trình', HĐ: 'Hợp đồng', CĐ: 'Công điện',
  BGN: 'Bản ghi nhớ', BTT: 'Bản thỏa thuận', GUQ: 'Giấy ủy quyền', GM: 'Giấy mời', GGT: 'Giấy giới thiệu',
  GNP: 'Giấy nghỉ phép', PG: 'Phiếu gửi', PC: 'Phiếu chuyển', PB: 'Phiếu báo', TT: 'Khác', TTLT: 'Khác', NĐ: 'Khác',
};

/** Notation parts written in mixed case; any other lower-case letter in a notation is OCR noise. */
const MIXED_CASE_PARTS = new Set(['TTg', 'TTr', 'CTr', 'QyĐ', 'TrS']);

/** The 63 provinces and cities before the 2025 merger; the 34 after it keep names from this list (and Huế). */
const PLACES = (
  'An Giang,Bà Rịa - Vũng Tàu,Bắc Giang,Bắc Kạn,Bạc Liêu,Bắc Ninh,Bến Tre,Bình Định,Bình Dương,Bình Phước,' +
  'Bình Thuận,Cà Mau,Cần Thơ,Cao Bằng,Đà Nẵng,Đắk Lắk,Đắk Nông,Điện Biên,Đồng Nai,Đồng Tháp,Gia Lai,Hà Giang,' +
  'Hà Nam,Hà Nội,Hà Tĩnh,Hải Dương,Hải Phòng,Hậu Giang,Hòa Bình,Hồ Chí Minh,Huế,Hưng Yên,Khánh Hòa,Kiên Giang,' +
  'Kon Tum,Lai Châu,Lâm Đồng,Lạng Sơn,Lào Cai,Long An,Nam Định,Nghệ An,Ninh Bình,Ninh Thuận,Phú Thọ,Phú Yên,' +
  'Quảng Bình,Quảng Nam,Quảng Ngãi,Quảng Ninh,Quảng Trị,Sóc Trăng,Sơn La,Tây Ninh,Thái Bình,Thái Nguyên,' +
  'Thanh Hóa,Thừa Thiên Huế,Tiền Giang,Trà Vinh,Tuyên Quang,Vĩnh Long,Vĩnh Phúc,Yên Bái'
).split(',');

/**
 * Words of issuing bodies, in their printed capitals. OCR often loses a diacritic in the header
 * (CHÍNH PHU, THANH PHO HA NỘI); a phrase it may have misread from one of these is restored.
 */
const ORGAN_PHRASES = [
  'CHÍNH PHỦ', 'THỦ TƯỚNG', 'VĂN PHÒNG', 'ỦY BAN NHÂN DÂN', 'HỘI ĐỒNG NHÂN DÂN', 'THÀNH PHỐ', 'QUỐC HỘI',
  'BỘ CÔNG AN', 'BỘ CÔNG THƯƠNG', 'BỘ TÀI CHÍNH', 'BỘ NỘI VỤ', 'BỘ TƯ PHÁP', 'BỘ XÂY DỰNG', 'BỘ NGOẠI GIAO',
  'BỘ QUỐC PHÒNG', 'BỘ Y TẾ', 'BỘ GIÁO DỤC VÀ ĐÀO TẠO', 'BỘ NÔNG NGHIỆP VÀ MÔI TRƯỜNG', 'BỘ KHOA HỌC VÀ CÔNG NGHỆ',
  'BỘ DÂN TỘC VÀ TÔN GIÁO', 'NGÂN HÀNG NHÀ NƯỚC', 'THANH TRA', ...PLACES.map((place) => place.toUpperCase()),
];

/** Signers' titles (the position line of the signature block). */
const TITLES = [
  'THỦ TƯỚNG', 'BỘ TRƯỞNG', 'THỨ TRƯỞNG', 'CHỦ TỊCH', 'CHỦ NHIỆM', 'CHÁNH VĂN PHÒNG', 'TỔNG GIÁM ĐỐC', 'GIÁM ĐỐC',
  'TỔNG CỤC TRƯỞNG', 'CỤC TRƯỞNG', 'VỤ TRƯỞNG', 'TRƯỞNG BAN', 'TRƯỞNG PHÒNG', 'CHÁNH THANH TRA', 'CHÁNH ÁN',
  'VIỆN TRƯỞNG', 'HIỆU TRƯỞNG', 'THỐNG ĐỐC', 'TỔNG THƯ KÝ', 'BÍ THƯ', 'TỔNG KIỂM TOÁN', 'TRƯỞNG CÔNG AN',
  'CHỈ HUY TRƯỞNG', 'THỦ TRƯỞNG',
];
const POSITION_WORDS = ['PHÓ', 'THƯỜNG TRỰC', ...TITLES];

/** Common family names: a signer's name is only taken when it starts with one of them. */
const SURNAMES = (
  'Nguyễn,Trần,Lê,Phạm,Hoàng,Huỳnh,Phan,Vũ,Võ,Đặng,Bùi,Đỗ,Hồ,Ngô,Dương,Lý,Trương,Đinh,Lâm,Mai,Trịnh,Đào,Cao,' +
  'Lương,Hà,Tạ,Đoàn,Văn,Chu,Lưu,Tô,Kiều,Thái,Triệu,Quách,Phùng,Lại,Vương,Tăng,Châu,Tống,Thân,Khổng,Nghiêm,' +
  'La,Tôn,Mạc,Giang,Hứa,Âu,Doãn,Đồng,Đàm,Khúc,Lò,Lục,Nông,Hầu,Ninh,Diệp,Từ,Đậu,Bạch,Thạch,Kim,Cù,Trình,Lữ'
).split(',');

// ---------------------------------------------------------------------------------------------
// Text helpers

/**
 * Removes Vietnamese diacritics (đ → d) without changing the length, so that a match found in the
 * folded text has the same indices in the original. OCR keeps base letters far better than marks.
 */
export function fold(text: string): string {
  let folded = '';
  for (const unit of text.split('')) {
    const base = unit.normalize('NFD').replace(/\p{M}/gu, '');
    folded += base.length === 1 ? base : unit;
  }
  return folded.replace(/[đð]/g, 'd').replace(/[ĐÐ]/g, 'D');
}

const foldKey = (text: string): string => fold(text).toUpperCase().replace(/\s+/g, ' ').trim();

/** Strips stamp specks, rules and stray punctuation OCR leaves around a line. */
const trimNoise = (text: string): string => text.replace(/^[^\p{L}\d"“(]+|[^\p{L}\d"”)]+$/gu, '');

/** Lighter than trimNoise, for prose: keeps the commas and dashes that end wrapped abstract lines. */
const trimSpecks = (text: string): string => text.replace(/^[^\p{L}\d"“(]+|[\s|_~'`^*#@]+$/gu, '');

const isBlank = (line: string): boolean => trimNoise(line) === '';

/** A line in capitals (the header, type and signature lines) with at least two words. */
export function isCapitalsLine(line: string): boolean {
  const words = trimNoise(line).split(' ');
  return words.length >= 2 && words.every((word) => /^[\p{Lu}\d][\p{Lu}\d.,&-]*$/u.test(word)) && /\p{L}{2}/u.test(line);
}

const TONE_MARKS = /[\u0300\u0301\u0303\u0309\u0323]/g;
const withoutTones = (text: string): string[] =>
  Array.from(text.normalize('NFD').replace(TONE_MARKS, '').normalize('NFC').toUpperCase());

/**
 * Whether OCR may have printed `known` as `printed`. Tesseract drops or confuses tone marks (PHỦ →
 * PHU, PHÙ) and drops vowel-shape marks (PHỐ → PHÓ, Đ → D), but a different shape is a different
 * word: VÂN PHONG is not VĂN PHÒNG.
 */
function couldBeMisreadOf(printed: string, known: string): boolean {
  const [seen, expected] = [withoutTones(printed), withoutTones(known)];
  return seen.length === expected.length && seen.every((letter, i) => letter === expected[i] || letter === fold(expected[i] ?? ''));
}

/** Replaces runs of words that OCR may have misread from a known phrase by that phrase. */
function restorePhrases(text: string, phrases: readonly string[]): string {
  const words = text.split(' ');
  const known = phrases.map((phrase) => ({ phrase, parts: phrase.split(' ') })).sort((a, b) => b.parts.length - a.parts.length);
  const restored: string[] = [];
  for (let i = 0; i < words.length; ) {
    const match = known.find(({ parts }) => parts.every((part, k) => couldBeMisreadOf(words[i + k] ?? '', part)));
    if (match) {
      restored.push(match.phrase);
      i += match.parts.length;
    } else {
      restored.push(words[i] ?? '');
      i += 1;
    }
  }
  return restored.join(' ');
}

const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Alternation of folded phrases, longest first, words separated by any spacing. */
const foldedAlternation = (phrases: readonly string[]): string =>
  phrases
    .map((phrase) => fold(phrase).split(' ').map(escapeRegExp).join('\\s+'))
    .sort((a, b) => b.length - a.length)
    .join('|');

// ---------------------------------------------------------------------------------------------
// Header: national motto, `Số:` line, place and date, issuing body

/** The header sits in the first lines; later matches (quotes in the body) are ignored. */
const HEADER_LINES = 30;
const BODY_START = /^[^\p{L}]*(?:CAN\s+CU|THUC\s+HIEN|XET\s+DE\s+NGHI|THEO\s+DE\s+NGHI|KINH\s+GUI|DIEU\s+1\b)/iu;
export const REPUBLIC = /C[O0]NG\s*H[O0]A\s*X|X[A4]\s*H[O0Q]I\s*CHU\s*NGH|CHU\s*NGH[I1]A\s*V/i;
export const MOTTO = /\S*\s*L[A4]P\s*[-–—]\s*TU\s*D[O0]|TU\s*D[O0]\s*[-–—]\s*H[A4]NH\s*PHUC/i;
export const NUMBER_LINE = /^[^\p{L}\d]{0,3}S[OEA6]\s*(?:[:;]|(?=\s*\d))\s*([^/]{0,12}?)\s*\/\s*([\p{L}\d]+(?:\s*[-/.]\s*[\p{L}\d]+)*)/iu;
const DATE = /,\s*ngay\s*(\d{1,2})?\s*thang\s*(\d{1,2})?\s*nam\s*(\d{4})\b/i;
const DATE_ANCHOR = /,\s*ngay/i;
const VV_LINE = /^[^\p{L}]{0,3}V\s*\/\s*v\b/u;

interface Header {
  republic: number;
  motto: number;
  number: number;
  date: number;
}

function findLine(folded: string[], pattern: RegExp, from = 0, to = HEADER_LINES): number {
  for (let i = from; i < Math.min(to, folded.length); i += 1) if (pattern.test(folded[i] ?? '')) return i;
  return -1;
}

function locateHeader(folded: string[]): Header {
  const republic = findLine(folded, REPUBLIC);
  const bodyStart = findLine(folded, BODY_START);
  const end = bodyStart >= 0 ? bodyStart : HEADER_LINES;
  return {
    republic,
    motto: findLine(folded, MOTTO, Math.max(0, republic), end),
    number: findLine(folded, NUMBER_LINE, 0, end),
    // Dates quoted in the body (`…, ngày 21 tháng 4…`) must not be taken for the issue date.
    date: findLine(folded, DATE_ANCHOR, 0, end),
  };
}

/** Where the abstract and type line may be: after the header lines, before the body. */
function headerEnd(header: Header): number {
  return Math.max(header.republic, header.motto, header.number, header.date) + 1;
}

/**
 * `QĐ-TTg`, `2026/TT-BCT`, `VPCP-CN`. The type abbreviation is the part before the first dash;
 * OCR reads the Đ of QĐ, HĐ, CĐ, ĐA as D or P, which is fixed only when that gives a known one.
 */
function parseNotation(raw: string): string | null {
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

function readNumberLine(line: string): { codeNumber: string | null; codeNotation: string | null } {
  const match = NUMBER_LINE.exec(fold(line));
  if (!match) return { codeNumber: null, codeNotation: null };
  const start = match.index + match[0].length - (match[2] ?? '').length;
  const rawNumber = (match[1] ?? '').replace(/\s+/g, '');
  // A blank number (born-digital copy) or a handwritten one read as noise stays unknown.
  const codeNumber = /^\d{1,11}$/.test(rawNumber) ? rawNumber : null;
  return { codeNumber, codeNotation: parseNotation(line.slice(start, start + (match[2] ?? '').length)) };
}

function isRealDate(year: number, month: number, day: number): boolean {
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/** `Hà Nội, ngày 05 tháng 8 năm 2024` → 2024-08-05; null when the day or month is blank or unreadable. */
function readIssuedDate(line: string): string | null {
  const match = DATE.exec(fold(line));
  if (!match?.[1] || !match[2] || !match[3]) return null;
  const [day, month, year] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (year < 1900 || !isRealDate(year, month, day)) return null;
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** The capitalised words just before `, ngày` (the left column may share the line: `Số: 15/QĐ-UBND Hà Nội`). */
function readPlace(line: string): string | null {
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

const isOrganLine = (line: string): boolean => isCapitalsLine(line) && !REPUBLIC.test(fold(line)) && !MOTTO.test(fold(line));

/** The text of a merged header line that belongs to the left column, before the right column's match. */
function leftColumn(line: string, rightColumn: RegExp): string {
  const match = rightColumn.exec(fold(line));
  return match ? line.slice(0, match.index) : '';
}

/**
 * The issuing body: the capitals of the left column, i.e. the lines right above the national motto
 * (when the columns were read one after the other) and the left parts of the motto lines (when OCR
 * merged them). Stamps under the motto (`VĂN PHÒNG CHÍNH PHỦ / ĐẾN`) are only considered when
 * nothing else was found.
 */
function readOrganName(lines: string[], header: Header): string | null {
  const organ: string[] = [];
  if (header.republic >= 0) {
    for (let i = header.republic - 1, skippedBlank = false; i >= 0 && organ.length < 3; i -= 1) {
      const line = lines[i] ?? '';
      if (isBlank(line) && !skippedBlank) {
        skippedBlank = true;
        continue;
      }
      if (!isOrganLine(line)) break;
      organ.unshift(trimNoise(line));
    }
    for (const [index, pattern] of [[header.republic, REPUBLIC], [header.motto, MOTTO]] as const) {
      const left = leftColumn(lines[index] ?? '', pattern);
      if (isOrganLine(left)) organ.push(trimNoise(left));
    }
  }
  if (organ.length === 0 && header.number > 0) {
    for (let i = header.number - 1; i > Math.max(header.motto, header.republic, -1) && organ.length < 3; i -= 1) {
      const line = lines[i] ?? '';
      if (!isOrganLine(line)) break;
      organ.unshift(trimNoise(line));
    }
  }
  return organ.length === 0 ? null : restorePhrases(organ.join(' '), ORGAN_PHRASES);
}

// ---------------------------------------------------------------------------------------------
// Type and abstract

const TYPE_LINES: Array<{ key: string; typeName: DocumentTypeName }> = [
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
function readTypeLine(line: string): DocumentTypeName | null {
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

const MAX_ABSTRACT_LINES = 6;
const MERGED_CAPITALS = /(?:^|\s)(?:\p{Lu}{2,}\s+){2,}\p{Lu}{2,}/u;

/** Lines from `from` until a blank line, the body, a line in capitals or a colon; joined with spaces. */
function readAbstract(lines: string[], from: number, alsoStopAt: RegExp | null = null): string | null {
  const parts: string[] = [];
  for (let i = from; i < lines.length && parts.length < MAX_ABSTRACT_LINES; i += 1) {
    const line = lines[i] ?? '';
    const folded = fold(line);
    if (isBlank(line) || BODY_START.test(folded) || isCapitalsLine(line) || /:\s*$/.test(line)) break;
    if (alsoStopAt?.test(folded)) break;
    // A run of words in capitals inside the line is a stamp or the right column merged in by OCR:
    // keep what precedes it and stop, since the following lines are merged too.
    const merged = MERGED_CAPITALS.exec(line);
    parts.push(trimSpecks(merged ? line.slice(0, merged.index) : line));
    if (merged) break;
  }
  const abstract = parts.join(' ').replace(/\s+/g, ' ').replace(/[\s,;:-]+$/, '');
  // An abstract starts with a capital (Về việc…, Phê duyệt…); anything else is body or noise.
  return /^[\p{Lu}"“]/u.test(abstract) ? abstract : null;
}

interface TypeAndSubject {
  typeName: DocumentTypeName | null;
  subject: string | null;
}

function readTypeAndSubject(lines: string[], header: Header, codeNotation: string | null): TypeAndSubject {
  const folded = lines.map(fold);
  const from = headerEnd(header);
  const bodyStart = findLine(folded, BODY_START, from, lines.length);
  const to = Math.min(bodyStart >= 0 ? bodyStart : lines.length, from + 12);
  for (let i = from; i < to; i += 1) {
    const typeName = readTypeLine(lines[i] ?? '');
    if (typeName === null) continue;
    const next = isBlank(lines[i + 1] ?? '') ? i + 2 : i + 1;
    return { typeName, subject: readAbstract(lines, next) };
  }
  const notationType = typeFromNotation(codeNotation);
  // A công văn has no type line: its abstract is the `V/v …` under the number (§5.2).
  const vv = findLine(folded, VV_LINE, Math.max(0, header.number), to);
  if (vv >= 0 && notationType === null) {
    return { typeName: 'Công văn', subject: readAbstract(lines, vv, DATE_ANCHOR) };
  }
  return { typeName: notationType, subject: null };
}

function typeFromNotation(codeNotation: string | null): DocumentTypeName | null {
  const beforeDash = codeNotation?.split('-')[0] ?? '';
  const abbreviation = beforeDash.split('/').pop() ?? '';
  return codeNotation?.includes('-') ? (TYPE_ABBREVIATIONS[abbreviation] ?? null) : null;
}

// ---------------------------------------------------------------------------------------------
// Signature block

const AUTHORITY = '(?:TM|KT|TL|TUQ|Q)\\s*\\.?\\s+';
const TITLE_SEQUENCE = `(?:PHO\\s+)?(?:${foldedAlternation(TITLES)})(?:\\s*,\\s*(?:PHO\\s+)?(?:${foldedAlternation(TITLES)}))*(?:\\s+THUONG\\s+TRUC)?`;
/** A title in capitals at the end of a line (the signature column is on the right of `Nơi nhận`). */
const POSITION_AT_END = new RegExp(`(?:^|[^A-Za-z])(${AUTHORITY})?(${TITLE_SEQUENCE})[^A-Za-z]*$`);
const END_OF_BODY = /\.\/\./;
const RECIPIENTS = /^[^\p{L}]{0,3}N[O0]I\s+NHAN/iu;
const AUTHORITY_LINE = /(?:^|\s)(?:TM|KT|TL|TUQ)\.\s*\p{Lu}/u;
/** A personal name at the end of a line: a family name and one to four capitalised syllables. */
const NAME_AT_END = new RegExp(`(?:^|[^\\p{L}])((?:${SURNAMES.join('|')})(?:\\s+\\p{Lu}\\p{Ll}{0,6}){1,4})\\s*$`, 'u');
const LINES_FROM_POSITION_TO_NAME = 25;

interface Signer {
  signerPosition: string | null;
  signerName: string | null;
}

/**
 * After the end of the body (`./.`, `Nơi nhận:`, an authority prefix): the prefix lines
 * (`TM.`, `KT.`, `TL.`, `TUQ.`, `Q.`), the signer's own position (the last title line without a
 * prefix), then the name. A prefix alone (`KT. BỘ TRƯỞNG`: signed by a deputy) gives no position.
 */
function readSigner(lines: string[]): Signer {
  const folded = lines.map(fold);
  let zone = folded.findLastIndex((line) => END_OF_BODY.test(line));
  if (zone < 0) zone = folded.findIndex((line) => RECIPIENTS.test(line) || AUTHORITY_LINE.test(line));
  if (zone < 0) return { signerPosition: null, signerName: null };

  let signerPosition: string | null = null;
  let lastBlockLine = -1;
  for (let i = zone; i < lines.length; i += 1) {
    const match = POSITION_AT_END.exec(folded[i] ?? '');
    if (!match) continue;
    lastBlockLine = i;
    if (match[1] === undefined) {
      const start = match.index + match[0].indexOf(match[2] ?? '');
      signerPosition = restorePhrases((lines[i] ?? '').slice(start, start + (match[2] ?? '').length), POSITION_WORDS);
    }
  }
  if (lastBlockLine < 0) return { signerPosition: null, signerName: null };

  // The name may come far below in reading order: OCR often reads the whole `Nơi nhận` column first.
  const below = lines.slice(lastBlockLine + 1).filter((line) => !isBlank(line)).slice(0, LINES_FROM_POSITION_TO_NAME);
  for (const line of below) {
    const name = NAME_AT_END.exec(line)?.[1];
    // Recipients end with `;` and places like Hồ Chí Minh look like names: neither is a signer.
    if (name && !PLACES.some((place) => foldKey(place) === foldKey(name))) return { signerPosition, signerName: name };
  }
  return { signerPosition, signerName: null };
}

// ---------------------------------------------------------------------------------------------

/** Keeps a proposed value only if the metadata schema accepts it (lengths, formats). */
function valid<K extends keyof DocumentMetadata>(field: K, value: DocumentMetadata[K]): DocumentMetadata[K] | null {
  const parsed = documentMetadataSchema.shape[field].safeParse(value);
  return parsed.success ? (parsed.data as DocumentMetadata[K]) : null;
}

/**
 * Proposes TT 05/2025 document metadata from a page's recognized text (usually the first page; the
 * signature block is on the last). Unknown fields are null; the result passes documentMetadataSchema.
 */
export function proposeMetadata(text: string): DocumentMetadata {
  const lines = text.normalize('NFC').split(/\r?\n/).map((line) => line.replace(/\s+/g, ' ').trim());
  const folded = lines.map(fold);
  const header = locateHeader(folded);
  const { codeNumber, codeNotation } = header.number >= 0 ? readNumberLine(lines[header.number] ?? '') : { codeNumber: null, codeNotation: null };
  const dateLine = header.date >= 0 ? (lines[header.date] ?? '') : '';
  const { typeName, subject } = readTypeAndSubject(lines, header, codeNotation);
  const { signerPosition, signerName } = readSigner(lines);
  const proposal: DocumentMetadata = {
    ...EMPTY_METADATA,
    typeName: valid('typeName', typeName),
    codeNumber: valid('codeNumber', codeNumber),
    codeNotation: valid('codeNotation', codeNotation),
    issuedDate: valid('issuedDate', readIssuedDate(dateLine)),
    place: valid('place', readPlace(dateLine)),
    organName: valid('organName', readOrganName(lines, header)),
    subject: valid('subject', subject),
    signerPosition: valid('signerPosition', signerPosition),
    signerName: valid('signerName', signerName),
  };
  return documentMetadataSchema.parse(proposal);
}
