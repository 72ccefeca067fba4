// A person's corrections of recognized words (migration 016): stored beside what the engine read, kept
// through a new reading of the page where the word is still there, and reported where it is not.
import { nowIso, type Db } from '../storage/database';

/** A correction and the word it was made on: the engine's reading and its box when it was made. */
export interface WordCorrection {
  engineText: string;
  correctedText: string;
  correctedBy: string;
  correctedAt: string;
  x0: number;
  y0: number;
  x1: number;
  y1: number;
  line: number;
}

interface Box {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

/**
 * A new word takes an old correction when their boxes overlap this much (intersection over union). Line
 * numbers are not compared: they count lines in reading order, so one line read more above shifts them
 * all; boxes overlapping this much lie on the same line of the page anyway.
 */
export const KEEP_OVERLAP = 0.5;

/** Intersection over union of two boxes; 0 when they do not meet. */
export function boxOverlap(a: Box, b: Box): number {
  const w = Math.min(a.x1, b.x1) - Math.max(a.x0, b.x0);
  const h = Math.min(a.y1, b.y1) - Math.max(a.y0, b.y0);
  if (w <= 0 || h <= 0) return 0;
  const inter = w * h;
  const area = (box: Box) => Math.max(0, box.x1 - box.x0) * Math.max(0, box.y1 - box.y0);
  return inter / (area(a) + area(b) - inter);
}

/**
 * Pairs old corrections with new words, one to one, best overlaps first, each pair at least KEEP_OVERLAP:
 * `kept[i]` is the index of the word correction i goes to, or null when its word has gone.
 */
export function matchCorrections(corrections: readonly Box[], words: readonly Box[]): Array<number | null> {
  const pairs: Array<{ c: number; w: number; overlap: number }> = [];
  corrections.forEach((correction, c) =>
    words.forEach((word, w) => {
      const overlap = boxOverlap(correction, word);
      if (overlap >= KEEP_OVERLAP) pairs.push({ c, w, overlap });
    }),
  );
  pairs.sort((a, b) => b.overlap - a.overlap || a.c - b.c || a.w - b.w);
  const kept: Array<number | null> = corrections.map(() => null);
  const taken = new Set<number>();
  for (const { c, w } of pairs) {
    if (kept[c] !== null || taken.has(w)) continue;
    kept[c] = w;
    taken.add(w);
  }
  return kept;
}

/**
 * The page's text with its words' corrections: the engine's text with each word of the text replaced by
 * what counts. The engine writes the text from the words not set aside, in their order, separated by
 * spaces and line breaks (main/recognition), so its i-th token is the i-th such word. A text that does
 * not line up with its words (written by something else) is rebuilt from them, a line per line.
 */
export function correctedPageText(engineText: string, words: ReadonlyArray<{ text: string; line: number; aside?: string | null }>): string {
  const inText = words.filter((word) => !word.aside);
  const parts = engineText.split(/(\s+)/);
  const tokens = parts.filter((part, i) => i % 2 === 0 && part !== '');
  if (tokens.length === inText.length) {
    let next = 0;
    return parts.map((part, i) => (i % 2 === 0 && part !== '' ? inText[next++]!.text : part)).join('');
  }
  const lines: string[][] = [];
  let line: number | null = null;
  for (const word of inText) {
    if (word.line !== line) lines.push([]);
    line = word.line;
    lines.at(-1)!.push(word.text);
  }
  return lines.map((onLine) => onLine.join(' ')).join('\n');
}

/** The corrections of a page's current words, in word order. */
function correctionsOf(db: Db, pageId: number): WordCorrection[] {
  return db
    .prepare(
      `SELECT text AS engineText, corrected_text AS correctedText, corrected_by AS correctedBy, corrected_at AS correctedAt, x0, y0, x1, y1, line
       FROM words WHERE page_id = ? AND corrected_text IS NOT NULL ORDER BY idx`,
    )
    .all(pageId) as WordCorrection[];
}

/**
 * Keeps the corrections of a page's words before its words are replaced or cleared, inside the caller's
 * transaction: the next reading (`reapplyCorrections`) takes them back where the word is still there.
 * `into` holds them for another page instead, their boxes moved by (dx, dy): the page a split half
 * merges back into.
 */
export function holdCorrections(db: Db, pageId: number, into: { pageId: number; dx: number; dy: number } = { pageId, dx: 0, dy: 0 }): void {
  const insert = db.prepare(
    `INSERT INTO held_corrections (page_id, engine_text, corrected_text, corrected_by, corrected_at, x0, y0, x1, y1, line)
     VALUES (@pageId, @engineText, @correctedText, @correctedBy, @correctedAt, @x0, @y0, @x1, @y1, @line)`,
  );
  const { dx, dy } = into;
  for (const c of correctionsOf(db, pageId)) insert.run({ ...c, pageId: into.pageId, x0: c.x0 + dx, x1: c.x1 + dx, y0: c.y0 + dy, y1: c.y1 + dy });
}

/**
 * After a new reading of the page, inside the caller's transaction: each held correction goes to the new
 * word in its place (matchCorrections), the page's text is written again with them, and the held ones
 * are cleared. Returns the corrections whose word has gone (dropped), in the order they were held.
 */
export function reapplyCorrections(db: Db, pageId: number): WordCorrection[] {
  const held = db
    .prepare(
      `SELECT engine_text AS engineText, corrected_text AS correctedText, corrected_by AS correctedBy, corrected_at AS correctedAt, x0, y0, x1, y1, line
       FROM held_corrections WHERE page_id = ? ORDER BY id`,
    )
    .all(pageId) as WordCorrection[];
  if (held.length === 0) return [];
  db.prepare('DELETE FROM held_corrections WHERE page_id = ?').run(pageId);
  const words = db.prepare('SELECT idx, x0, y0, x1, y1 FROM words WHERE page_id = ? ORDER BY idx').all(pageId) as Array<Box & { idx: number }>;
  const kept = matchCorrections(held, words);
  const set = db.prepare('UPDATE words SET corrected_text = ?, corrected_by = ?, corrected_at = ? WHERE page_id = ? AND idx = ?');
  const dropped: WordCorrection[] = [];
  held.forEach((correction, i) => {
    const w = kept[i];
    if (w === null || w === undefined) dropped.push(correction);
    else set.run(correction.correctedText, correction.correctedBy, correction.correctedAt, pageId, words[w]!.idx);
  });
  refreshPageText(db, pageId);
  return dropped;
}

/** What a correction changed: the word's engine reading, and what counted before and after. */
export interface CorrectionChange {
  engineText: string;
  before: string;
  after: string;
}

/**
 * Sets the text of a page's word (its index in the page's words) as a person corrected it, inside the
 * caller's transaction; the engine's reading stays. Text equal to the engine's removes the correction;
 * text equal to what the word reads now changes nothing. Null when the page has no such word.
 */
export function applyCorrection(db: Db, pageId: number, index: number, text: string, by: string): CorrectionChange | null {
  const word = db.prepare('SELECT text, corrected_text FROM words WHERE page_id = ? AND idx = ?').get(pageId, index) as
    | { text: string; corrected_text: string | null }
    | undefined;
  if (!word) return null;
  // NFC, as the engine's words are stored (the exact-spelling index compares code points).
  const after = text.normalize('NFC');
  const before = word.corrected_text ?? word.text;
  // Already so: who made the correction, and when, stay as they are.
  if (after === before) return { engineText: word.text, before, after };
  const correction = after === word.text ? { text: null, by: null, at: null } : { text: after, by, at: nowIso() };
  db.prepare('UPDATE words SET corrected_text = ?, corrected_by = ?, corrected_at = ? WHERE page_id = ? AND idx = ?').run(correction.text, correction.by, correction.at, pageId, index);
  refreshPageText(db, pageId);
  return { engineText: word.text, before, after };
}

/**
 * Writes the page's text from the engine's text and its words' corrections: the engine's own text, with
 * engine_text empty, when no word is corrected. A page not recognized (no text) is left as it is.
 */
function refreshPageText(db: Db, pageId: number): void {
  const page = db.prepare('SELECT text, engine_text FROM pages WHERE id = ?').get(pageId) as { text: string | null; engine_text: string | null } | undefined;
  if (!page || page.text === null) return;
  const engineText = page.engine_text ?? page.text;
  const words = db
    .prepare('SELECT coalesce(corrected_text, text) AS text, line, aside, corrected_text IS NOT NULL AS corrected FROM words WHERE page_id = ? ORDER BY idx')
    .all(pageId) as Array<{ text: string; line: number; aside: string | null; corrected: 0 | 1 }>;
  const corrected = words.some((word) => word.corrected === 1);
  db.prepare('UPDATE pages SET text = ?, engine_text = ? WHERE id = ?').run(corrected ? correctedPageText(engineText, words) : engineText, corrected ? engineText : null, pageId);
}
