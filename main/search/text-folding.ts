// Vietnamese text folded for matching, and split into words exactly where SQLite FTS5's `unicode61`
// tokenizer splits it, so that the words the viewer highlights are the words the index matched.
//
// The index (migration 006) folds with FTS5 itself: `unicode61 remove_diacritics 2` strips every
// Vietnamese tone and vowel mark (ă â ê ô ơ ư, sắc huyền hỏi ngã nặng, precomposed or NFD) and folds
// case, but it has no rule for đ, which Unicode does not decompose. So đ is turned into d before the
// text reaches the tokenizer (D_LETTERS, here and in the migration's triggers). This module does the same
// in JavaScript for highlighting, snippets and deciding whether a query carries diacritics.

/**
 * Letters that fold to d. Đ/đ, and Ð/ð (the Icelandic eth), which looks the same and which text
 * converted from legacy Vietnamese encodings often carries instead of Đ. Migration 006 replaces the same
 * four letters; a test holds the two together.
 */
export const D_LETTERS = ['đ', 'Đ', 'ð', 'Ð'] as const;
const D_LETTER = /[đĐðÐ]/g;

/**
 * What `unicode61` counts as part of a word: letters, numbers, private-use characters, and the combining
 * marks that occur in decompositions of Latin letters (so NFD Vietnamese is one word). Everything else
 * (spaces, punctuation, `/`, `-`, `*`, quotes) separates words. Checked against SQLite by a unit test.
 */
const TOKEN_CHAR = /^[\p{L}\p{N}\p{Co}\u0300-\u0304\u0306-\u030C\u030F\u0311\u031B\u0323-\u0328\u032D\u032E\u0330\u0331]$/u;
/** The answer for each character met outside ASCII, kept: Unicode property tests are slow. */
const tokenChars = new Map<number, boolean>();

function isTokenChar(code: number): boolean {
  if (code < 0x80) return (code >= 0x30 && code <= 0x39) || (code >= 0x41 && code <= 0x5a) || (code >= 0x61 && code <= 0x7a);
  let is = tokenChars.get(code);
  if (is === undefined) {
    is = TOKEN_CHAR.test(String.fromCodePoint(code));
    tokenChars.set(code, is);
  }
  return is;
}

/** Each character's fold, computed once: a search folds every word of twenty pages. */
const charFolds = new Map<string, string>();

function foldChar(ch: string): string {
  let folded = charFolds.get(ch);
  if (folded === undefined) {
    folded = ch.normalize('NFD').replace(/\p{M}/gu, '').replace(D_LETTER, 'd').toLowerCase().normalize('NFC');
    charFolds.set(ch, folded);
  }
  return folded;
}

/**
 * Words already folded, and their exact forms: a search compares every word of twenty pages, and
 * Vietnamese has a few thousand syllables, so nearly all are found here. Emptied when it grows past a
 * bound (numbers and OCR noise are endless).
 */
const wordFolds = new Map<string, string>();
const wordExacts = new Map<string, string>();
const MAX_REMEMBERED = 50_000;
const MAX_WORD = 40;

function remembered(cache: Map<string, string>, text: string, compute: (text: string) => string): string {
  if (text.length > MAX_WORD) return compute(text);
  let value = cache.get(text);
  if (value === undefined) {
    if (cache.size >= MAX_REMEMBERED) cache.clear();
    value = compute(text);
    cache.set(text, value);
  }
  return value;
}

function foldChars(text: string): string {
  let out = '';
  for (const ch of text) {
    const code = ch.charCodeAt(0);
    out += code < 0x80 ? (code >= 0x41 && code <= 0x5a ? String.fromCharCode(code + 32) : ch) : foldChar(ch);
  }
  return out;
}

/**
 * Folds for diacritic-insensitive matching: no marks, đ → d, lower case. `Đất Đai` → `dat dai`. Character
 * by character, which for these steps is the same as folding the whole text (a combining mark folds to
 * nothing wherever it stands).
 */
export function foldText(text: string): string {
  return remembered(wordFolds, text, foldChars);
}

/** The exact spelling, compared without regard to case or Unicode normalization form. */
export function exactText(text: string): string {
  return remembered(wordExacts, text, (t) => t.normalize('NFC').toLowerCase());
}

/** True when folding loses something: the text carries diacritics or đ. */
export function hasDiacritics(text: string): boolean {
  return foldText(text) !== exactText(text);
}

/** Text as the folded index receives it: the d letters replaced, the rest left to the tokenizer. */
export function foldDLetters(text: string): string {
  return text.replace(D_LETTER, 'd');
}

export interface TextToken {
  /** The word as written. */
  text: string;
  /** UTF-16 offsets into the text it came from. */
  start: number;
  end: number;
}

/** Splits text into words where FTS5 does. */
export function tokenize(text: string): TextToken[] {
  const tokens: TextToken[] = [];
  let start = -1;
  for (let i = 0; i < text.length; ) {
    const code = text.codePointAt(i)!;
    if (isTokenChar(code)) {
      if (start < 0) start = i;
    } else if (start >= 0) {
      tokens.push({ text: text.slice(start, i), start, end: i });
      start = -1;
    }
    i += code > 0xffff ? 2 : 1;
  }
  if (start >= 0) tokens.push({ text: text.slice(start), start, end: text.length });
  return tokens;
}

/** True when the text ends inside a word (the person is still typing it). */
export function endsInWord(text: string): boolean {
  const last = [...text.slice(-2)].at(-1);
  return last !== undefined && isTokenChar(last.codePointAt(0)!);
}
