// What a person types into the search field, turned into an FTS5 expression that can never be a syntax
// error, and matched again in JavaScript over a page's words to mark what the index found.
import type { SnippetPart } from '../contract/domain';
import { endsInWord, exactText, foldDLetters, foldText, hasDiacritics, tokenize } from './text-folding';

/** More words than anyone types; bounds the work a pasted paragraph can cause. */
const MAX_WORDS = 32;

export interface SearchQuery {
  /** Every group must be on the page: one word, or the words of a quoted phrase, adjacent and in order. */
  groups: string[][];
  /** The last word is still being typed: it matches as a prefix. */
  prefix: boolean;
  /** Typed with diacritics (or đ): pages spelled exactly so rank before pages that only match folded. */
  exact: boolean;
}

/** Which spelling a comparison respects: folded (no marks, đ = d) or exact (marks kept; case never counts). */
export type MatchMode = 'folded' | 'exact';

/** A way to mark a page's words: the query (or its words as one phrase) and the spelling compared. */
export interface Marking {
  query: SearchQuery;
  mode: MatchMode;
}

/**
 * Reads the search field. Text inside double quotes is a phrase; other words are each required. Only
 * words survive (as the index splits them), so FTS5 operators typed by hand — `*`, `-`, `NEAR(`, `OR`,
 * parentheses, column filters — are plain words or nothing. Null when no word is left.
 */
export function parseSearchQuery(input: string): SearchQuery | null {
  const text = input.normalize('NFC');
  const groups: string[][] = [];
  let words = 0;
  let truncated = false;
  text.split('"').forEach((part, i) => {
    const all = tokenize(part).map((t) => t.text);
    const found = all.slice(0, MAX_WORDS - words);
    truncated ||= found.length < all.length;
    words += found.length;
    if (found.length === 0) return;
    // Odd parts were inside quotes (an unclosed quote runs to the end: the phrase being typed).
    if (i % 2 === 1) groups.push(found);
    else for (const word of found) groups.push([word]);
  });
  if (groups.length === 0) return null;
  return { groups, prefix: endsInWord(text) && !truncated, exact: hasDiacritics(groups.flat().join(' ')) };
}

/**
 * The FTS5 expression for one of the two indexes. Every group is a quoted string holding only word
 * characters, so nothing the person typed is read as syntax; the tokenizer folds it like the page text.
 */
export function ftsExpression(query: SearchQuery, index: MatchMode): string {
  const last = query.groups.length - 1;
  return query.groups
    .map((group, i) => {
      const words = index === 'folded' ? group.map(foldDLetters) : group;
      return `"${words.join(' ')}"${query.prefix && i === last ? ' *' : ''}`;
    })
    .join(' AND ');
}

/**
 * All the query's words as one phrase on the folded index (null for a single group): the pages where the
 * words stand together, in order, rank before pages where they are scattered.
 */
export function adjacentExpression(query: SearchQuery): string | null {
  if (query.groups.length < 2) return null;
  return ftsExpression({ ...query, groups: [query.groups.flat()] }, 'folded');
}

/**
 * Positions in a run of words (a page's words, or the words of its text) where the query matches: every
 * occurrence of every group, phrases only where their words are adjacent. Same rules as the index, so the
 * words marked are the words it found.
 */
export function matchPositions(words: readonly string[], query: SearchQuery, mode: MatchMode): Set<number> {
  const norm = mode === 'folded' ? foldText : exactText;
  const keys = words.map(norm);
  const matched = new Set<number>();
  const last = query.groups.length - 1;
  query.groups.forEach((group, g) => {
    const wanted = group.map(norm);
    const prefixAt = query.prefix && g === last ? wanted.length - 1 : -1;
    for (let start = 0; start + wanted.length <= keys.length; start++) {
      const hit = wanted.every((w, k) => (k === prefixAt ? keys[start + k]!.startsWith(w) : keys[start + k] === w));
      if (hit) for (let k = 0; k < wanted.length; k++) matched.add(start + k);
    }
  });
  return matched;
}

/**
 * What to mark on a page, most specific first, given why it ranked where it did: the words side by side
 * when they were found so (as one phrase), in the exact spelling on a page that has it; else each word.
 * The first marking that finds anything is used.
 */
export function markingsFor(query: SearchQuery, tiers: { exact: boolean; adjacent: boolean }): Marking[] {
  const mode: MatchMode = tiers.exact ? 'exact' : 'folded';
  const markings: Marking[] = [];
  if (tiers.adjacent) markings.push({ query: { ...query, groups: [query.groups.flat()] }, mode });
  markings.push({ query, mode });
  if (mode === 'exact') markings.push({ query, mode: 'folded' });
  return markings;
}

/** Positions marked by the first of the markings that matches anything. */
export function markPositions(words: readonly string[], markings: readonly Marking[]): Set<number> {
  for (const { query, mode } of markings) {
    const found = matchPositions(words, query, mode);
    if (found.size > 0) return found;
  }
  return new Set();
}

/** How much text a snippet shows around the first match, in words. */
const SNIPPET_BEFORE = 8;
const SNIPPET_WORDS = 30;

/**
 * A short passage of the page's text around the first match, the matched words marked, line breaks
 * flattened. Plain parts rather than markup: the UI renders them as text, so OCR output is never HTML.
 */
export function buildSnippet(text: string, markings: readonly Marking[]): SnippetPart[] {
  const tokens = tokenize(text);
  if (tokens.length === 0) return [];
  const matched = markPositions(
    tokens.map((t) => t.text),
    markings,
  );
  const first = matched.size > 0 ? Math.min(...matched) : 0;
  const from = Math.max(0, first - SNIPPET_BEFORE);
  const to = Math.min(tokens.length, from + SNIPPET_WORDS);
  const parts: SnippetPart[] = [];
  const push = (s: string, match: boolean) => {
    const flat = s.replace(/\s+/g, ' ');
    if (flat === '') return;
    const prev = parts.at(-1);
    if (prev && prev.match === match) prev.text += flat;
    else parts.push({ text: flat, match });
  };
  if (from > 0) push('… ', false);
  for (let i = from; i < to; i++) {
    const token = tokens[i]!;
    push(token.text, matched.has(i));
    if (i + 1 < to) {
      const gap = text.slice(token.end, tokens[i + 1]!.start);
      // A phrase's words and the space between them are one marked run.
      push(gap, matched.has(i) && matched.has(i + 1) && gap.trim() === '');
    }
  }
  if (to < tokens.length) push(' …', false);
  return parts;
}
