// The header of a Nghị định 30 document's first page (docs/domain.md §5.1), read as two columns by x:
// left, the parent body (optional) and the issuing body in capitals, then the `Số:` line and, for a
// công văn, its `V/v …` abstract; right, the national name, the motto and the place and date. OCR may
// put both columns on one line, so a line holding the national name is cut where it starts.
import type { FieldProposal } from '../contract/metadata-proposals';
import { centreX, evidence, letterHeight, printedLine, sliceLine, wordAt, wordsOf, type PrintedLine } from './layout-lines';
import { BODY_START, DATE, DATE_ANCHOR, MOTTO, NUMBER_LINE, parseNotation, readIssuedDate, readPlace, REPUBLIC, VV_LINE } from './nd30-lines';
import { LOCAL_ORGAN_WORDS, ORGAN_PHRASES } from './nd30-vocabulary';
import { couldBeMisreadOf, fold, isCapitalsLine, restorePhrases, trimNoise } from './ocr-mending';

export interface Header {
  /** Where the right column starts (the national name's left edge), or the page's middle. */
  readonly rightColumn: number;
  /** Bottom of the header: the lowest of the motto, the number line, the date and the V/v lines. */
  readonly bottom: number;
  readonly numberLine: PrintedLine | null;
  readonly vvLines: readonly PrintedLine[];
  readonly codeNumber: FieldProposal | null;
  readonly codeNotation: FieldProposal | null;
  readonly issuedDate: FieldProposal | null;
  readonly place: FieldProposal | null;
  readonly organName: FieldProposal | null;
}

/** The header is in the top of the page; a date or `Số` further down is quoted in the body. */
const HEADER_PART = 0.42;

/** Words that open an issuing body's name; a later line opening with one starts the body under its parent. */
const ORGAN_HEADS = /^(?:UY BAN|UBND|HOI DONG|HDND|SO|PHONG|VAN PHONG|BAN|CHI CUC|TONG CUC|CUC|VU|TRUNG TAM|BO|THU TUONG|CHINH PHU|QUOC HOI|TOA AN|VIEN|THANH TRA|NGAN HANG|KHO BAC|CONG AN|BO CHI HUY|TRUONG|BENH VIEN|DOAN|HOI|LIEN DOAN|DANG UY|TINH UY)\b/;

/** Cuts a line where the national name or motto starts: what precedes it is the left column's. */
function cutAtRightColumn(line: PrintedLine): { left: PrintedLine | null; right: PrintedLine } | null {
  const folded = fold(line.text);
  const match = REPUBLIC.exec(folded) ?? MOTTO.exec(folded);
  if (!match) return null;
  const at = wordAt(line, match.index + (match[0].length - match[0].trimStart().length));
  return { left: at > 0 ? sliceLine(line, 0, at) : null, right: sliceLine(line, at) };
}

/** `Số:` alone (the number left blank or far from it) joined with the rest of its row on the left. */
function withRestOfRow(line: PrintedLine, lines: readonly PrintedLine[], rightColumn: number): PrintedLine {
  if (!/^[^\p{L}\d]{0,3}S[OEA6]\s*[:;]?$/iu.test(fold(line.text))) return line;
  const height = letterHeight(line);
  const next = lines
    .filter((other) => other !== line && other.x0 > line.x1 && other.x0 < rightColumn && Math.abs(other.y0 + other.y1 - line.y0 - line.y1) < height)
    .sort((a, b) => a.x0 - b.x0)[0];
  return next ? printedLine(line.pageId, [...line.words, ...next.words]) : line;
}

/** `Số /QĐ-UBND`: the number left blank and the colon lost with it. */
const BLANK_NUMBER_LINE = /^[^\p{L}\d]{0,3}S[OEA6]\s*[:;]?\s*()\/\s*([\p{L}\d]+(?:\s*[-/.]\s*[\p{L}\d]+)*)/iu;
const isNumberLine = (text: string): boolean => NUMBER_LINE.test(fold(text)) || BLANK_NUMBER_LINE.test(fold(text));

function readNumber(line: PrintedLine): { codeNumber: FieldProposal | null; codeNotation: FieldProposal | null } {
  const folded = fold(line.text);
  const match = new RegExp(NUMBER_LINE.source, `${NUMBER_LINE.flags}d`).exec(folded) ?? new RegExp(BLANK_NUMBER_LINE.source, `${BLANK_NUMBER_LINE.flags}d`).exec(folded);
  if (!match?.indices) return { codeNumber: null, codeNotation: null };
  const [numberStart, numberEnd] = match.indices[1] ?? [0, 0];
  const [notationStart, notationEnd] = match.indices[2] ?? [0, 0];
  const rawNumber = line.text.slice(numberStart, numberEnd).replace(/\s+/g, '');
  const rawNotation = line.text.slice(notationStart, notationEnd);
  const notation = parseNotation(rawNotation);
  // A blank number (born-digital copy) or a handwritten one read as noise stays unknown.
  const digits = /^\d{1,11}$/.test(rawNumber);
  return {
    codeNumber: digits ? evidence(rawNumber, line.pageId, wordsOf(line, numberStart, numberEnd), false) : null,
    codeNotation: notation ? evidence(notation, line.pageId, wordsOf(line, notationStart, notationEnd), notation !== rawNotation.replace(/\s+/g, '')) : null,
  };
}

/** ` ngày` without the comma OCR lost before it, in the right column's date line. */
const LOST_COMMA = /(?<=\p{L})\s+ngay\s*(?:\d|thang)/iu;

/**
 * The date line as printed: specks OCR put before the place dropped, and the comma before `ngày` put
 * back when OCR lost it (then the place and date count as mended).
 */
function mendedDateLine(line: PrintedLine): { line: PrintedLine; mended: boolean } {
  const words = line.words.map((w, i) => (i === 0 ? { ...w, text: w.text.replace(/^[^\p{L}\d]+/u, '') } : w)).filter((w) => w.text !== '');
  const mended = printedLine(line.pageId, words);
  const lost = DATE_ANCHOR.test(fold(mended.text)) ? null : LOST_COMMA.exec(fold(mended.text));
  if (!lost) return { line: mended, mended: false };
  const before = wordAt(mended, lost.index);
  return { line: printedLine(line.pageId, words.map((w, i) => (i === before ? { ...w, text: `${w.text},` } : w))), mended: true };
}

function readDateAndPlace(printed: PrintedLine): { issuedDate: FieldProposal | null; place: FieldProposal | null } {
  const { line, mended } = mendedDateLine(printed);
  const folded = fold(line.text);
  const anchor = DATE_ANCHOR.exec(folded);
  if (!anchor) return { issuedDate: null, place: null };
  const date = DATE.exec(folded);
  const issued = readIssuedDate(line.text);
  const place = readPlace(line.text);
  const before = line.text.slice(0, anchor.index).trimEnd();
  const placeStart = place ? Math.max(0, before.length - place.length) : 0;
  return {
    issuedDate: issued && date ? evidence(issued, line.pageId, wordsOf(line, date.index, date.index + date[0].length), mended) : null,
    place: place ? evidence(place, line.pageId, wordsOf(line, placeStart, anchor.index), mended || place !== line.text.slice(placeStart, anchor.index).trim()) : null,
  };
}

/** A line in capitals, a single word too (the end of a body's name wrapped onto its own line: TRƯỜNG). */
function inCapitals(text: string): boolean {
  const words = trimNoise(text).split(' ');
  return /\p{L}{2}/u.test(text) && words.every((word) => /^[\p{Lu}\d][\p{Lu}\d.,&-]*$/u.test(word));
}

/**
 * The issuing body: the capitals lines of the left column above the `Số:` line. Under a parent body
 * (UBND TỈNH …, then SỞ …) the issuing body starts at the last line that opens an organ's name.
 */
function readOrgan(lines: readonly PrintedLine[]): FieldProposal | null {
  const capitals = lines.filter((line) => inCapitals(line.text));
  if (capitals.length === 0) return null;
  // A lone word is the end of a wrapped name (… MÔI / TRƯỜNG), never the start of one.
  const opens = (line: PrintedLine): boolean => line.words.length > 1 && ORGAN_HEADS.test(fold(trimNoise(line.text)).toUpperCase());
  const heads = capitals.map((line, i) => (opens(line) ? i : -1)).filter((i) => i >= 0);
  // Lines before the last that opens a body's name are its parent (UBND TỈNH …, or HUYỆN … over a xã).
  const from = heads.at(-1) ?? 0;
  const organ = capitals.slice(from);
  const printed = organ.map((line) => trimNoise(line.text)).join(' ');
  // PHÒNG opening a body's name (PHÒNG TƯ PHÁP) is not the place Vân Phong: restored there only.
  const opening = printed.replace(/^\S+/u, (first) => (couldBeMisreadOf(first, 'PHÒNG') ? 'PHÒNG' : first));
  const value = restorePhrases(opening, [...ORGAN_PHRASES, ...LOCAL_ORGAN_WORDS]);
  const words = organ.flatMap((line) => line.words);
  return evidence(value, organ[0]!.pageId, words, value !== printed);
}

/** The V/v lines of a công văn: under the number, in the left column, until a gap or the column ends. */
function readVvLines(lines: readonly PrintedLine[], numberLine: PrintedLine | null, rightColumn: number): PrintedLine[] {
  if (!numberLine) return [];
  const below = lines.filter((line) => line.y0 >= numberLine.y0 + letterHeight(numberLine) * 0.5 && centreX(line) < rightColumn);
  const first = below.find((line) => VV_LINE.test(fold(line.text)));
  if (!first || first.y0 - numberLine.y1 > 4 * letterHeight(numberLine)) return [];
  const vv = [first];
  for (const line of below.filter((l) => l.y0 > first.y0)) {
    const last = vv.at(-1)!;
    const height = letterHeight(last);
    if (line.y0 - last.y1 > 1.2 * height) break;
    if (line.x0 > last.x1 || line.x1 < last.x0) continue;
    if (BODY_START.test(fold(line.text)) || isCapitalsLine(line.text)) break;
    vv.push(line);
  }
  return vv;
}

export function readHeader(lines: readonly PrintedLine[], page: { width: number; height: number }): Header {
  const top = lines.filter((line) => line.y1 < page.height * HEADER_PART);
  const left: PrintedLine[] = [];
  const right: PrintedLine[] = [];
  for (const line of top) {
    const cut = cutAtRightColumn(line);
    if (cut) {
      if (cut.left) left.push(cut.left);
      right.push(cut.right);
    }
  }
  const republic = right.find((line) => REPUBLIC.test(fold(line.text)));
  const rightColumn = republic ? republic.x0 - letterHeight(republic) : page.width / 2;
  const numberCandidates = top.filter((line) => centreX(line) < rightColumn || line.x0 < rightColumn);
  const numberFound = numberCandidates.find((line) => isNumberLine(withRestOfRow(line, top, rightColumn).text));
  const numberLine = numberFound ? withRestOfRow(numberFound, top, rightColumn) : null;
  const { codeNumber, codeNotation } = numberLine ? readNumber(numberLine) : { codeNumber: null, codeNotation: null };
  const dateLine = top.find((line) => (DATE_ANCHOR.test(fold(line.text)) || (line.x0 >= rightColumn && LOST_COMMA.test(fold(line.text)))) && (line.x1 > rightColumn || line === numberLine));
  const { issuedDate, place } = dateLine ? readDateAndPlace(dateLine) : { issuedDate: null, place: null };

  // The left column above the number line: whole lines left of the right column, and the left parts
  // of lines OCR merged with it.
  const organBottom = numberLine?.y0 ?? (republic ? republic.y1 + 4 * letterHeight(republic) : 0);
  const organLines = [
    ...top.filter((line) => !cutAtRightColumn(line) && centreX(line) < rightColumn && line.y1 <= organBottom && line !== numberFound),
    ...left.filter((line) => line.y1 <= organBottom),
  ].sort((a, b) => a.y0 + a.y1 - (b.y0 + b.y1));
  const vvLines = readVvLines(top, numberLine, rightColumn);
  const bottoms = [numberLine?.y1, dateLine?.y1, ...right.map((line) => line.y1), ...vvLines.map((line) => line.y1)].filter((y): y is number => y !== undefined);
  return {
    rightColumn, bottom: bottoms.length > 0 ? Math.max(...bottoms) : 0, numberLine, vvLines,
    codeNumber, codeNotation, issuedDate, place, organName: readOrgan(organLines),
  };
}
