// The type line and the abstract (trích yếu) of a Nghị định 30 document (docs/domain.md §5.2): the type in
// capitals centred under the header and the abstract on the lines under it, centred too; or, for a công
// văn, which has no type line, the `V/v …` lines under the number. The type's stored form is its name in
// the TT 05/2025 list; a printed type outside it (THÔNG TƯ, NGHỊ ĐỊNH, LUẬT…) is «Khác», with the printed
// name kept apart.
import type { DocumentTypeName } from '../contract/domain';
import type { FieldProposal } from '../contract/metadata-proposals';
import { centreX, evidence, letterHeight, type PrintedLine } from './layout-lines';
import type { Header } from './nd30-header-columns';
import { BODY_START, DATE_ANCHOR, readTypeLine, typeFromNotation } from './nd30-lines';
import { OTHER_TYPE_LINES } from './nd30-vocabulary';
import { fold, foldKey, isCapitalsLine, trimNoise, trimSpecks } from './ocr-mending';

export interface TypeAndAbstract {
  readonly typeName: FieldProposal | null;
  readonly typeNamePrinted: FieldProposal | null;
  readonly subject: FieldProposal | null;
}

/** The type line is within this part of the page's height under the header. */
const TYPE_LINE_REACH = 0.25;
const MAX_ABSTRACT_LINES = 6;
/** What cannot open an abstract right under its type line (an abstract may start «Thực hiện…»). */
const NOT_AN_ABSTRACT = /^[^\p{L}]*(?:CAN\s+CU|KINH\s+GUI|DIEU\s+1\b)/iu;

/** Printed names of types outside the list, by the notation's type abbreviation. */
const PRINTED_BY_ABBREVIATION: Record<string, string> = { TT: 'Thông tư', TTLT: 'Thông tư liên tịch', NĐ: 'Nghị định' };

/** `THÔNG TƯ LIÊN TỊCH` → `Thông tư liên tịch`: how the list writes a type's name. */
const sentenceCase = (capitals: string): string => capitals.charAt(0) + capitals.slice(1).toLocaleLowerCase('vi');

/** The type line's text without the specks OCR glues to its words (`\\THÔNG TƯ`). */
const despeckled = (line: PrintedLine): string => line.text.replace(/[^\p{L}\d\s:]/gu, ' ').replace(/\s+/g, ' ').trim();
const typeOf = (line: PrintedLine): DocumentTypeName | null => readTypeLine(despeckled(line));

/** The printed type outside the list that a type line shows, in its known spelling. */
function printedOther(line: PrintedLine): string | null {
  const key = foldKey(despeckled(line));
  const known = [...OTHER_TYPE_LINES].sort((a, b) => b.length - a.length).find((type) => key === foldKey(type) || key.endsWith(` ${foldKey(type)}`));
  return known ? sentenceCase(known) : null;
}

/** The abstract's words and text, with the mend of a line that OCR merged with a stamp on its right. */
function joinAbstract(lines: readonly PrintedLine[]): { text: string; words: PrintedLine['words'] } {
  // A wrapped line may start with the dash of `kinh tế - xã hội`: only the first line loses its specks.
  const text = lines.map((line, i) => (i === 0 ? trimSpecks(line.text) : line.text.replace(/^[\s|_~'`^*#@]+/u, ''))).join(' ').replace(/\s+/g, ' ').replace(/[\s,;:-]+$/, '');
  return { text, words: lines.flatMap((line) => line.words) };
}

/**
 * The lines after `first` that continue the abstract: each close under the one before (no wider gap
 * than a line's height), overlapping it horizontally, not the body, not capitals, not `Kính gửi`.
 */
function continuation(lines: readonly PrintedLine[], first: PrintedLine, page: { width: number }, stopAt: RegExp | null): PrintedLine[] {
  const taken = [first];
  for (const line of lines) {
    if (taken.length >= MAX_ABSTRACT_LINES) break;
    const last = taken.at(-1)!;
    if (line.y0 <= last.y0 + letterHeight(last) * 0.5) continue;
    if (line.y0 - last.y1 > 1.3 * letterHeight(last)) break;
    // Stamps and the other column beside the abstract are not part of it.
    if (line.x0 > last.x1 || line.x1 < last.x0 || Math.abs(centreX(line) - centreX(last)) > page.width * 0.2) continue;
    const folded = fold(line.text);
    if (BODY_START.test(folded) || isCapitalsLine(line.text) || /:\s*$/.test(line.text) || stopAt?.test(folded)) break;
    taken.push(line);
  }
  return taken;
}


export function readTypeAndAbstract(lines: readonly PrintedLine[], header: Header, page: { width: number; height: number }): TypeAndAbstract {
  const below = lines.filter((line) => line.y0 >= header.bottom - 2);
  const reach = header.bottom + page.height * TYPE_LINE_REACH;
  const bodyStart = below.find((line) => BODY_START.test(fold(line.text)) && !/^KINH\s+GUI/i.test(fold(trimNoise(line.text))));
  const typeLine = below.find(
    (line) => line.y0 < reach && (!bodyStart || line.y0 < bodyStart.y0) && Math.abs(centreX(line) - page.width / 2) < page.width * 0.18 && typeOf(line) !== null,
  );
  if (typeLine) {
    const typeName = typeOf(typeLine) as DocumentTypeName;
    const printed = typeName === 'Khác' ? printedOther(typeLine) : null;
    const first = below.find((line) => line.y0 > typeLine.y0 + letterHeight(typeLine) * 0.5 && line.x0 < page.width / 2 && line.x1 > page.width / 2);
    const abstractLines = first && first.y0 - typeLine.y1 < 2.5 * letterHeight(typeLine) && !isCapitalsLine(first.text) && !NOT_AN_ABSTRACT.test(fold(first.text)) ? continuation(below, first, page, null) : [];
    const abstract = joinAbstract(abstractLines);
    return {
      typeName: evidence(typeName, typeLine.pageId, typeLine.words, false),
      typeNamePrinted: printed ? evidence(printed, typeLine.pageId, typeLine.words, false) : null,
      subject: /^[\p{Lu}"“]/u.test(abstract.text) ? evidence(abstract.text, typeLine.pageId, abstract.words, false) : null,
    };
  }
  // No type line: a công văn by its V/v lines, or the type from the notation's abbreviation.
  const notation = header.codeNotation;
  const notationType = typeFromNotation(notation?.value ?? null);
  const notationWords = header.numberLine?.words ?? [];
  if (header.vvLines.length > 0 && notationType === null) {
    const vv = continuation(header.vvLines, header.vvLines[0]!, { width: page.width }, DATE_ANCHOR);
    const abstract = joinAbstract(vv);
    return {
      typeName: evidence('Công văn', vv[0]!.pageId, vv[0]!.words.slice(0, 1), false),
      typeNamePrinted: null,
      subject: evidence(abstract.text, vv[0]!.pageId, abstract.words, false),
    };
  }
  if (notationType === null || !notation) return { typeName: null, typeNamePrinted: null, subject: null };
  const abbreviation = notation.value.split('-')[0]?.split('/').pop() ?? '';
  const printed = notationType === 'Khác' ? PRINTED_BY_ABBREVIATION[abbreviation] : undefined;
  const pageId = header.numberLine?.pageId ?? 1;
  // Read from the notation only: less sure than a type line.
  const fromNotation = (value: string): FieldProposal => ({ ...evidence(value, pageId, notationWords, true) });
  return { typeName: fromNotation(notationType), typeNamePrinted: printed ? fromNotation(printed) : null, subject: null };
}
