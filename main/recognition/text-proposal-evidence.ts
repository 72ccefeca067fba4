// A layout reader built on the text proposer (metadata-proposal.ts): the document's words are set back
// into lines and pages of text, proposeMetadata reads them, and each value it proposes is looked for
// among the words that spell it, for its evidence (the words, and the least sure of them). Until the
// NĐ 30 layout reader reads fields from the boxes themselves, this is what auto-indexing runs.
import { DOCUMENT_FIELDS, editableFields, EMPTY_METADATA, type DocumentEditableKey } from '../contract/archival-fields';
import type { DocumentProposals, FieldProposal, LayoutPage, LayoutReading, LayoutWord, WordRef } from '../contract/metadata-proposals';
import { proposeMetadata } from './metadata-proposal';

/** A gap between two lines taller than this many line heights was a blank line (a paragraph break) on paper. */
const PARAGRAPH_GAP = 1.2;

/** Diacritics and case aside, letters and digits only: what two spellings of one value have in common. */
function foldKey(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/[đĐð]/g, 'd')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]/gu, '');
}

/**
 * The page's words as text, one line per recognized line, with an empty line where the gap above a line
 * is a paragraph's: the proposer reads blank lines as the ends of the abstract and the header.
 */
function pageText(page: LayoutPage): string {
  const lines = new Map<number, LayoutWord[]>();
  for (const word of page.words) {
    const line = lines.get(word.line);
    if (line) line.push(word);
    else lines.set(word.line, [word]);
  }
  const ordered = [...lines.entries()].sort(([a], [b]) => a - b).map(([, words]) => words);
  const heights = ordered.map((words) => Math.max(...words.map((w) => w.y1)) - Math.min(...words.map((w) => w.y0))).sort((a, b) => a - b);
  const lineHeight = heights[Math.floor(heights.length / 2)] ?? 0;
  const text: string[] = [];
  let previousBottom: number | null = null;
  for (const words of ordered) {
    const top = Math.min(...words.map((w) => w.y0));
    if (previousBottom !== null && lineHeight > 0 && top - previousBottom > PARAGRAPH_GAP * lineHeight) text.push('');
    text.push(words.map((w) => w.text).join(' '));
    previousBottom = Math.max(...words.map((w) => w.y1));
  }
  return text.join('\n');
}

/** The spellings a value may have on paper: an ISO date is printed `ngày 05 tháng 8 năm 2024`. */
function spellings(field: DocumentEditableKey, value: string): string[] {
  const date = field === 'issuedDate' ? /^(\d{4})-(\d{2})-(\d{2})$/.exec(value) : null;
  if (!date) return [foldKey(value)];
  const [, year, month, day] = date as unknown as [string, string, string, string];
  const days = [...new Set([day, String(Number(day))])];
  const months = [...new Set([month, String(Number(month))])];
  return days.flatMap((d) => months.map((m) => `ngay${d}thang${m}nam${year}`));
}

interface KeyedWord {
  readonly ref: WordRef;
  readonly key: string;
  readonly confidence: number;
}

/**
 * The shortest run of consecutive words whose folded text holds `target`, each word of it needed: the
 * first in reading order, or the last for the signature block, which ends the document (a title such as
 * CHỦ TỊCH also appears in the body).
 */
function findRun(words: readonly KeyedWord[], target: string, last: boolean): KeyedWord[] | null {
  if (target === '') return null;
  let found: KeyedWord[] | null = null;
  for (let start = 0; start < words.length; start += 1) {
    if (words[start]!.key === '') continue;
    let joined = '';
    for (let end = start; end < words.length && joined.length < target.length + words[start]!.key.length; end += 1) {
      joined += words[end]!.key;
      if (!joined.includes(target)) continue;
      // Without its first word the run would still hold the value: the run starts later.
      if (joined.slice(words[start]!.key.length).includes(target)) break;
      found = words.slice(start, end + 1);
      if (!last) return found;
      break;
    }
  }
  return found;
}

const FROM_THE_END: ReadonlySet<DocumentEditableKey> = new Set(['signerPosition', 'signerName']);

/** The proposal of a value with the words that spell it; confidence 0 and no words when none do. */
function withEvidence(field: DocumentEditableKey, value: string, words: readonly KeyedWord[]): FieldProposal {
  for (const target of spellings(field, value)) {
    const run = findRun(words, target, FROM_THE_END.has(field));
    if (run) return { value, confidence: Math.min(...run.map((w) => w.confidence)), words: run.map((w) => w.ref) };
  }
  return { value, confidence: 0, words: [] };
}

/** Reads a document's pages (words with boxes, in reading order) with the text proposer, each value with its words. */
export function readTextProposalEvidence(pages: readonly LayoutPage[]): LayoutReading {
  const metadata = proposeMetadata(pages.map(pageText).join('\n\n'));
  const words: KeyedWord[] = pages.flatMap((page) =>
    page.words.map((word) => ({ ref: { pageId: page.pageId, index: word.index }, key: foldKey(word.text.normalize('NFC')), confidence: word.confidence })),
  );
  const proposals: DocumentProposals = {};
  for (const { key } of editableFields(DOCUMENT_FIELDS)) {
    const value = metadata[key];
    // A field's default (EMPTY_METADATA) is not something read from the page.
    if (value === null || value === '' || JSON.stringify(value) === JSON.stringify(EMPTY_METADATA[key])) continue;
    proposals[key] = withEvidence(key, String(value), words);
  }
  return { proposals, secrecy: null, urgency: null };
}
