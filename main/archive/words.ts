import type { LowConfidenceWords, LowConfidenceWordView, WordAside, WordView } from '../contract/domain';
import type { Db } from '../storage/database';
import { notFound } from './not-found';

/** Recognized words (the table `words`) and the text of pages and documents made from them. */
export class Words {
  constructor(private readonly db: Db) {}

  pageText(id: number): string {
    return (this.db.prepare('SELECT text FROM pages WHERE id = ?').get(id) as { text: string | null } | undefined)?.text ?? '';
  }

  words(pageId: number): WordView[] {
    const rows = this.db.prepare('SELECT text, x0, y0, x1, y1, confidence, line, aside FROM words WHERE page_id = ? ORDER BY idx').all(pageId) as Array<WordView & { aside: WordAside | null }>;
    return rows.map(({ aside, ...word }) => (aside ? { ...word, aside } : word));
  }

  /**
   * The words of a dossier recognized with less confidence than `threshold`, in reading order (document,
   * page, word), for the reviewer to check one after the other; `total` counts them all. Words set aside
   * from the text (stamps, specks) are not among them.
   */
  lowConfidenceWords(dossierId: number, threshold: number, limit: number, offset = 0): LowConfidenceWords {
    if (!this.db.prepare('SELECT 1 FROM dossiers WHERE id = ?').get(dossierId)) throw notFound('hồ sơ', dossierId);
    const from = `FROM documents x JOIN pages p ON p.document_id = x.id JOIN words w ON w.page_id = p.id
      WHERE x.dossier_id = ? AND w.confidence < ? AND w.aside IS NULL`;
    const total = (this.db.prepare(`SELECT count(*) AS n ${from}`).get(dossierId, threshold) as { n: number }).n;
    const words = this.db
      .prepare(
        `SELECT p.id AS pageId, p.ordinal AS pageOrdinal, x.id AS documentId, x.ordinal AS documentOrdinal,
           w.idx AS "index", w.text, w.x0, w.y0, w.x1, w.y1, w.confidence
         ${from} ORDER BY x.ordinal, p.ordinal, w.idx LIMIT ? OFFSET ?`,
      )
      .all(dossierId, threshold, limit, offset) as LowConfidenceWordView[];
    return { words, total };
  }

  documentText(documentId: number): string {
    const rows = this.db.prepare('SELECT coalesce(text, \'\') AS text FROM pages WHERE document_id = ? ORDER BY ordinal').all(documentId) as Array<{ text: string }>;
    return rows.map((r) => r.text).join('\n\n');
  }

  /** A page's recognized words, in place of those it had (inside the caller's transaction). */
  writeRecognizedWords(pageId: number, result: { words: WordView[] }): void {
    this.db.prepare('DELETE FROM words WHERE page_id = ?').run(pageId);
    // Stored in NFC: the exact-spelling search index (migration 006) compares code points, and a
    // decomposed đất would not be the đất a person types.
    const insert = this.db.prepare('INSERT INTO words (page_id, idx, text, x0, y0, x1, y1, confidence, line, aside) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)');
    result.words.forEach((w, idx) =>
      insert.run(pageId, idx, w.text.normalize('NFC'), Math.round(w.x0), Math.round(w.y0), Math.round(w.x1), Math.round(w.y1), w.confidence, w.line, w.aside ?? null),
    );
  }

  /** The words of a page that waits for OCR again (inside the caller's transaction). */
  clearPageWords(pageId: number): void {
    this.db.prepare('DELETE FROM words WHERE page_id = ?').run(pageId);
  }
}
