// Proposes a document's archival metadata (TT 05/2025 fields) from its recognized text, following the
// layout of Nghị định 30/2020 (docs/domain.md §5): header columns, `Số:` line, place and date, type
// line, abstract, signature block. The text may be a clean transcription or raw OCR, where the two
// header columns share one line, diacritics drop out and stamps add noise.
// A person reviews every proposal, and a wrong value is worse than an empty one: each field is only
// filled when its pattern is recognised, otherwise it stays null.
import { documentMetadataSchema, EMPTY_METADATA } from '../contract/domain';
import type { DocumentMetadata, DocumentTypeName } from '../contract/domain';
import {
  BODY_START, DATE_ANCHOR, MOTTO, NUMBER_LINE, readIssuedDate, readNumberLine, readPlace, readTypeLine, REPUBLIC, typeFromNotation, VV_LINE,
} from './nd30-lines';
import { ORGAN_PHRASES, PLACES, POSITION_WORDS, SURNAMES, TITLES } from './nd30-vocabulary';
import { fold, foldedAlternation, foldKey, isBlank, isCapitalsLine, restorePhrases, trimNoise, trimSpecks } from './ocr-mending';

// ---------------------------------------------------------------------------------------------
// Header: national motto, `Số:` line, place and date, issuing body

/** The header sits in the first lines; later matches (quotes in the body) are ignored. */
const HEADER_LINES = 30;

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
