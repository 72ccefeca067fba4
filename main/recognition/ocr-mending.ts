// Text helpers for OCR'd Vietnamese: folding diacritics (OCR keeps base letters far better than marks),
// trimming specks, and restoring known phrases from plausible misreadings.

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

export const foldKey = (text: string): string => fold(text).toUpperCase().replace(/\s+/g, ' ').trim();

/** Strips stamp specks, rules and stray punctuation OCR leaves around a line. */
export const trimNoise = (text: string): string => text.replace(/^[^\p{L}\d"“(]+|[^\p{L}\d"”)]+$/gu, '');

/** Lighter than trimNoise, for prose: keeps the commas and dashes that end wrapped abstract lines. */
export const trimSpecks = (text: string): string => text.replace(/^[^\p{L}\d"“(]+|[\s|_~'`^*#@]+$/gu, '');

export const isBlank = (line: string): boolean => trimNoise(line) === '';

/** A line in capitals (the header, type and signature lines) with at least two words. */
export function isCapitalsLine(line: string): boolean {
  const words = trimNoise(line).split(' ');
  return words.length >= 2 && words.every((word) => /^[\p{Lu}\d][\p{Lu}\d.,&-]*$/u.test(word)) && /\p{L}{2}/u.test(line);
}

export const TONE_MARKS = /[\u0300\u0301\u0303\u0309\u0323]/g;
export const withoutTones = (text: string): string[] =>
  Array.from(text.normalize('NFD').replace(TONE_MARKS, '').normalize('NFC').toUpperCase());

/**
 * Whether OCR may have printed `known` as `printed`. Tesseract drops or confuses tone marks (PHỦ →
 * PHU, PHÙ) and drops vowel-shape marks (PHỐ → PHÓ, Đ → D), but a different shape is a different
 * word: VÂN PHONG is not VĂN PHÒNG.
 */
export function couldBeMisreadOf(printed: string, known: string): boolean {
  const [seen, expected] = [withoutTones(printed), withoutTones(known)];
  return seen.length === expected.length && seen.every((letter, i) => letter === expected[i] || letter === fold(expected[i] ?? ''));
}

/** Replaces runs of words that OCR may have misread from a known phrase by that phrase. */
export function restorePhrases(text: string, phrases: readonly string[]): string {
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

export const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Alternation of folded phrases, longest first, words separated by any spacing. */
export const foldedAlternation = (phrases: readonly string[]): string =>
  phrases
    .map((phrase) => fold(phrase).split(' ').map(escapeRegExp).join('\\s+'))
    .sort((a, b) => b.length - a.length)
    .join('|');
