import type { LowConfidenceWords, LowConfidenceWordView, WordAside, WordView } from '../contract/domain';
import { AppError } from '../contract/errors';
import type { Db } from '../storage/database';
import { notFound } from './not-found';
import { applyCorrection, holdCorrections, reapplyCorrections, type CorrectionChange, type WordCorrection } from './word-corrections';

/** Recognized words (the table `words`) and the text of pages and documents made from them. */
export class Words {
  constructor(private readonly db: Db) {}

  pageText(id: number): string {
    return (this.db.prepare('SELECT text FROM pages WHERE id = ?').get(id) as { text: string | null } | undefined)?.text ?? '';
  }

  /** A page's words, `text` what counts: a person's correction where there is one, else the engine's reading. */
  words(pageId: number): WordView[] {
    const rows = this.db
      .prepare(
        `SELECT coalesce(corrected_text, text) AS text, x0, y0, x1, y1, confidence, line, aside,
           text AS engineText, corrected_by AS correctedBy, corrected_at AS correctedAt
         FROM words WHERE page_id = ? ORDER BY idx`,
      )
      .all(pageId) as Array<Omit<WordView, 'aside' | 'engineText' | 'correctedBy' | 'correctedAt'> & { aside: WordAside | null; engineText: string; correctedBy: string | null; correctedAt: string | null }>;
    return rows.map(({ aside, engineText, correctedBy, correctedAt, ...word }) => ({
      ...word,
      ...(aside ? { aside } : {}),
      ...(correctedBy !== null && correctedAt !== null ? { engineText, correctedBy, correctedAt } : {}),
    }));
  }

  /**
   * A person corrects the text of a page's word (`index` in PageDetail.words); the engine's reading is
   * kept beside it, and the page's text (so its search index and export) follows. Text equal to the
   * engine's reading removes the correction. `seen`, the word's text as the person saw it, refuses the
   * correction (CONFLICT) when the page was read again meanwhile and the index names another word.
   */
  correctWord(pageId: number, index: number, text: string, actor: string, seen?: string): CorrectionChange & { word: WordView; documentId: number } {
    return this.db.transaction(() => {
      const page = this.db.prepare('SELECT ordinal, document_id AS documentId FROM pages WHERE id = ?').get(pageId) as { ordinal: number; documentId: number } | undefined;
      if (!page) throw notFound('trang', pageId);
      const current = this.words(pageId)[index];
      if (current && seen !== undefined && current.text !== seen.normalize('NFC')) {
        throw new AppError(
          'CONFLICT',
          `Từ «${seen}» ở trang ${page.ordinal} đã thay đổi (nay là «${current.text}»), có thể vì trang vừa được nhận dạng lại; chỉnh sửa chưa được lưu. Hãy mở lại trang rồi sửa; các chỉnh sửa đã lưu vẫn còn.`,
          `The word «${seen}» on page ${page.ordinal} has changed (it is now «${current.text}»), perhaps because the page was just recognized again; the correction was not saved. Open the page again and correct it; saved corrections are kept.`,
          String(index),
        );
      }
      const change = current ? applyCorrection(this.db, pageId, index, text, actor) : null;
      if (!change) {
        throw new AppError(
          'NOT_FOUND',
          `Trang ${page.ordinal} không có từ số ${index + 1}, có thể vì trang đang chờ nhận dạng lại; chỉnh sửa chưa được lưu. Các chỉnh sửa đã lưu vẫn còn.`,
          `Page ${page.ordinal} has no word ${index + 1}, perhaps because it is waiting to be recognized again; the correction was not saved. Saved corrections are kept.`,
          String(index),
        );
      }
      return { ...change, word: this.words(pageId)[index]!, documentId: page.documentId };
    }).immediate();
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
           w.idx AS "index", coalesce(w.corrected_text, w.text) AS text, w.x0, w.y0, w.x1, w.y1, w.confidence
         ${from} ORDER BY x.ordinal, p.ordinal, w.idx LIMIT ? OFFSET ?`,
      )
      .all(dossierId, threshold, limit, offset) as LowConfidenceWordView[];
    return { words, total };
  }

  documentText(documentId: number): string {
    const rows = this.db.prepare('SELECT coalesce(text, \'\') AS text FROM pages WHERE document_id = ? ORDER BY ordinal').all(documentId) as Array<{ text: string }>;
    return rows.map((r) => r.text).join('\n\n');
  }

  /**
   * A page's recognized words, in place of those it had (inside the caller's transaction, which then
   * writes the page's text and calls `reapplyCorrections`): people's corrections of the words replaced
   * are held for it.
   */
  writeRecognizedWords(pageId: number, result: { words: WordView[] }): void {
    holdCorrections(this.db, pageId);
    this.db.prepare('DELETE FROM words WHERE page_id = ?').run(pageId);
    // Stored in NFC: the exact-spelling search index (migration 006) compares code points, and a
    // decomposed đất would not be the đất a person types.
    const insert = this.db.prepare('INSERT INTO words (page_id, idx, text, x0, y0, x1, y1, confidence, line, aside) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)');
    result.words.forEach((w, idx) =>
      insert.run(pageId, idx, w.text.normalize('NFC'), Math.round(w.x0), Math.round(w.y0), Math.round(w.x1), Math.round(w.y1), w.confidence, w.line, w.aside ?? null),
    );
  }

  /**
   * The words of a page that waits for OCR again (inside the caller's transaction). Their corrections
   * are held for the next reading, which keeps those whose word is still in its place.
   */
  clearPageWords(pageId: number): void {
    holdCorrections(this.db, pageId);
    this.db.prepare('DELETE FROM words WHERE page_id = ?').run(pageId);
  }

  /**
   * The corrections of a page removed for good (the right half of a split being merged back) wait for
   * `into`'s next reading, their boxes moved by `into.dx, dy`.
   */
  holdForMerge(pageId: number, into: { pageId: number; dx: number; dy: number }): void {
    holdCorrections(this.db, pageId, into);
  }

  /** Puts the held corrections back on the page's new words; those whose word has gone are returned. */
  reapplyCorrections(pageId: number): WordCorrection[] {
    return reapplyCorrections(this.db, pageId);
  }
}
