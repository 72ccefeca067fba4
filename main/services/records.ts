import { createHash } from 'node:crypto';
import {
  EMPTY_METADATA,
  type BatchView,
  type DocumentMetadata,
  type DocumentState,
  type DocumentView,
  type DossierView,
  type LowConfidenceWords,
  type LowConfidenceWordView,
  type PageDetail,
  type PageState,
  type PageView,
  type ProgressSummary,
  type ScanPlacement,
  type WordAside,
  type WordView,
} from '../contract/domain';
import { AppError } from '../contract/errors';
import { ANALYSIS_STEPS, IDENTITY_RECIPE, pageRecipeSchema, type AnalysisStep, type PageRecipe } from '../contract/page-recipe';
import { nowIso, type Db } from '../storage/database';
import { applyCorrection, holdCorrections, reapplyCorrections, type CorrectionChange, type WordCorrection } from '../archive/word-corrections';
import { moveToRecycleBin } from './recycle-bin';

/** Where `movePage` parks a page while the others shift; no document has this many pages. */
const PARKED = 900_000_000;
/** How far `shiftRange` lifts pages, above PARKED. */
const LIFT = 1_000_000_000;

/**
 * The archival hierarchy in SQLite: batch → dossier (hồ sơ) → document (văn bản) → page → words.
 * Every transaction reads before it writes (the next ordinal, the page's version), so each takes the
 * write lock first (IMMEDIATE): another process (the CLI beside the app) then waits its turn rather
 * than one of them failing with SQLITE_BUSY or writing on what it read before the other's commit.
 */
export class Records {
  constructor(private readonly db: Db) {}

  // ---- batches
  createBatch(name: string, userId: number | null): BatchView {
    const info = this.db.prepare('INSERT INTO batches (name, created_by, created_at) VALUES (?, ?, ?)').run(name, userId, nowIso());
    return this.batch(Number(info.lastInsertRowid));
  }

  batch(id: number): BatchView {
    const row = this.db
      .prepare(
        `SELECT b.id, b.name, b.created_at AS createdAt, (SELECT count(*) FROM dossiers d WHERE d.batch_id = b.id) AS dossierCount
         FROM batches b WHERE b.id = ?`,
      )
      .get(id) as BatchView | undefined;
    if (!row) throw notFound('lô', id);
    return row;
  }

  listBatches(): BatchView[] {
    return this.db
      .prepare(
        `SELECT b.id, b.name, b.created_at AS createdAt, (SELECT count(*) FROM dossiers d WHERE d.batch_id = b.id) AS dossierCount
         FROM batches b ORDER BY b.id DESC`,
      )
      .all() as BatchView[];
  }

  /** The batch named `name`, created if missing (the command line files its dossiers by name). */
  batchNamed(name: string, userId: number | null): BatchView {
    const row = this.db.prepare('SELECT id FROM batches WHERE name = ? ORDER BY id LIMIT 1').get(name) as { id: number } | undefined;
    return row ? this.batch(row.id) : this.createBatch(name, userId);
  }

  // ---- dossiers
  createDossier(batchId: number, fileCode: string, title: string): DossierView {
    this.batch(batchId);
    if (this.db.prepare('SELECT 1 FROM dossiers WHERE file_code = ?').get(fileCode)) {
      throw new AppError('CONFLICT', `Mã hồ sơ «${fileCode}» đã tồn tại.`, `Dossier code «${fileCode}» already exists.`, 'fileCode');
    }
    const info = this.db
      .prepare('INSERT INTO dossiers (batch_id, file_code, title, created_at) VALUES (?, ?, ?, ?)')
      .run(batchId, fileCode, title, nowIso());
    return this.dossier(Number(info.lastInsertRowid));
  }

  private static readonly DOSSIER_SELECT = `
    SELECT d.id, d.batch_id AS batchId, d.file_code AS fileCode, d.title, d.created_at AS createdAt,
      (SELECT count(*) FROM documents x WHERE x.dossier_id = d.id) AS documentCount,
      (SELECT count(*) FROM pages p JOIN documents x ON p.document_id = x.id WHERE x.dossier_id = d.id) AS pageCount,
      (SELECT count(*) FROM pages p JOIN documents x ON p.document_id = x.id WHERE x.dossier_id = d.id AND p.state = 'recognized') AS recognizedPageCount
    FROM dossiers d`;

  dossier(id: number): DossierView {
    const row = this.db.prepare(`${Records.DOSSIER_SELECT} WHERE d.id = ?`).get(id) as DossierView | undefined;
    if (!row) throw notFound('hồ sơ', id);
    return row;
  }

  dossierByCode(fileCode: string): DossierView | undefined {
    return this.db.prepare(`${Records.DOSSIER_SELECT} WHERE d.file_code = ?`).get(fileCode) as DossierView | undefined;
  }

  listDossiers(batchId?: number): DossierView[] {
    return batchId === undefined
      ? (this.db.prepare(`${Records.DOSSIER_SELECT} ORDER BY d.id DESC`).all() as DossierView[])
      : (this.db.prepare(`${Records.DOSSIER_SELECT} WHERE d.batch_id = ? ORDER BY d.id DESC`).all(batchId) as DossierView[]);
  }

  // ---- documents
  /**
   * The document a job fills (a scan into a new document, a stitched sheet), created on first use so that
   * a resumed job reuses it. An import of files finds its documents by origin instead (`importedFrom`).
   */
  documentForJob(dossierId: number, jobId: number, source: string): DocumentView {
    const existing = this.db
      .prepare('SELECT id FROM documents WHERE dossier_id = ? AND import_job_id = ? AND source = ?')
      .get(dossierId, jobId, source) as { id: number } | undefined;
    if (existing) return this.document(existing.id);
    return this.insertDocument(dossierId, jobId, source, null);
  }

  private insertDocument(dossierId: number, jobId: number, source: string, sourcePath: string | null): DocumentView {
    const ordinal =
      (this.db.prepare('SELECT coalesce(max(ordinal), 0) AS n FROM documents WHERE dossier_id = ?').get(dossierId) as { n: number }).n + 1;
    const now = nowIso();
    const info = this.db
      .prepare('INSERT INTO documents (dossier_id, ordinal, source, source_path, import_job_id, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)')
      .run(dossierId, ordinal, source, sourcePath, jobId, now, now);
    return this.document(Number(info.lastInsertRowid));
  }

  // ---- import identity (migration 010)
  /**
   * A new document for the input at `sourcePath` (absolute), filled by import job `jobId`. Unlike
   * `documentForJob` it is found again by its origin, not by its job: see `importedFrom`.
   */
  createImportedDocument(dossierId: number, jobId: number, source: string, sourcePath: string): DocumentView {
    return this.insertDocument(dossierId, jobId, source, sourcePath);
  }

  /**
   * The dossier's documents imported from the input at `sourcePath`, newest first, each with the job that
   * created it and the origin of each of its pages: what a retried import continues instead of starting over.
   */
  importedFrom(
    dossierId: number,
    sourcePath: string,
  ): Array<{ document: DocumentView; importJobId: number | null; origins: StoredPageOrigin[]; recycled: PageOrigin[] }> {
    const rows = this.db
      .prepare('SELECT id, import_job_id AS importJobId FROM documents WHERE dossier_id = ? AND source_path = ? ORDER BY id DESC')
      .all(dossierId, sourcePath) as Array<{ id: number; importJobId: number | null }>;
    const origins = this.db.prepare(
      `SELECT id AS pageId, source_path AS path, source_page AS page, source_sha256 AS sha256 FROM pages
       WHERE document_id = ? AND source_path IS NOT NULL ORDER BY ordinal`,
    );
    // Pages the clerk deleted are in the recycle bin with their row: a retry must not bring them back.
    const recycled = this.db.prepare(
      `SELECT json_extract(row, '$.source_path') AS path, json_extract(row, '$.source_page') AS page, json_extract(row, '$.source_sha256') AS sha256
       FROM recycled_pages WHERE document_id = ? AND json_extract(row, '$.source_path') IS NOT NULL`,
    );
    return rows.map((row) => ({
      document: this.document(row.id),
      importJobId: row.importJobId,
      origins: origins.all(row.id) as StoredPageOrigin[],
      recycled: recycled.all(row.id) as PageOrigin[],
    }));
  }


  /** Each document's displayed source and, when imported since migration 010, its input path. */
  documentSources(dossierId: number): Array<{ source: string; sourcePath: string | null }> {
    return this.db.prepare('SELECT source, source_path AS sourcePath FROM documents WHERE dossier_id = ?').all(dossierId) as Array<{ source: string; sourcePath: string | null }>;
  }

  /**
   * Adds an imported page with its origin in one transaction, so that no page is ever stored without
   * the origin a retry recognises it by: at the end of the document, or in the place of `beforePageId`
   * (which moves down one), when a retry fills a gap before pages already stored.
   */
  addImportedPage(page: NewPage, origin: PageOrigin, beforePageId: number | null): PageView {
    return this.db.transaction(() => {
      const added = this.addPage(page);
      this.db.prepare('UPDATE pages SET source_path = ?, source_page = ?, source_sha256 = ? WHERE id = ?').run(origin.path, origin.page, origin.sha256, added.id);
      return beforePageId === null ? this.page(added.id) : this.movePage(added.id, this.page(beforePageId).ordinal);
    }).immediate();
  }

  /**
   * Documents a job created but filled with no page (every file unreadable, a scan that failed at once).
   * A document whose pages are all in the recycle bin stays: they can be restored into it.
   */
  removeEmptyJobDocuments(jobId: number): number {
    return this.db
      .prepare(
        `DELETE FROM documents WHERE import_job_id = ? AND NOT EXISTS (SELECT 1 FROM pages p WHERE p.document_id = documents.id)
           AND NOT EXISTS (SELECT 1 FROM recycled_pages r WHERE r.document_id = documents.id)`,
      )
      .run(jobId).changes;
  }

  document(id: number): DocumentView {
    const row = this.db
      .prepare(
        `SELECT x.*, d.file_code, (SELECT count(*) FROM pages p WHERE p.document_id = x.id) AS page_count
         FROM documents x JOIN dossiers d ON d.id = x.dossier_id WHERE x.id = ?`,
      )
      .get(id) as DocumentRow | undefined;
    if (!row) throw notFound('văn bản', id);
    return toDocumentView(row);
  }

  listDocuments(dossierId: number): DocumentView[] {
    const rows = this.db
      .prepare(
        `SELECT x.*, d.file_code, (SELECT count(*) FROM pages p WHERE p.document_id = x.id) AS page_count
         FROM documents x JOIN dossiers d ON d.id = x.dossier_id WHERE x.dossier_id = ? ORDER BY x.ordinal`,
      )
      .all(dossierId) as DocumentRow[];
    return rows.map(toDocumentView);
  }

  updateMetadata(documentId: number, m: DocumentMetadata): DocumentView {
    const info = this.db
      .prepare(
        `UPDATE documents SET type_name = ?, code_number = ?, code_notation = ?, issued_date = ?, place = ?, organ_name = ?,
           subject = ?, signer_position = ?, signer_name = ?, updated_at = ? WHERE id = ?`,
      )
      .run(m.typeName, m.codeNumber, m.codeNotation, m.issuedDate, m.place, m.organName, m.subject, m.signerPosition, m.signerName, nowIso(), documentId);
    if (info.changes === 0) throw notFound('văn bản', documentId);
    return this.document(documentId);
  }

  /** A document's content version (migration 014): what an export read, to be recorded once its files are in place. */
  contentVersion(documentId: number): number {
    const row = this.db.prepare('SELECT content_version AS v FROM documents WHERE id = ?').get(documentId) as { v: number } | undefined;
    if (!row) throw notFound('văn bản', documentId);
    return row.v;
  }

  /**
   * The document's files are in the outbox as of `contentVersion` (read before its pages were): any change
   * since (the triggers of migration 014 count them) makes it changed-since-export.
   */
  markExported(documentId: number, contentVersion: number): void {
    this.db
      .prepare("UPDATE documents SET state = 'exported', exported_version = ?, exported_at = ?, updated_at = ? WHERE id = ?")
      .run(contentVersion, nowIso(), nowIso(), documentId);
  }

  /** A new document at the end of the dossier, filled by no job (pages restored from the quarantine). */
  createDocument(dossierId: number, source: string): DocumentView {
    this.dossier(dossierId);
    const ordinal = (this.db.prepare('SELECT coalesce(max(ordinal), 0) AS n FROM documents WHERE dossier_id = ?').get(dossierId) as { n: number }).n + 1;
    const now = nowIso();
    const info = this.db
      .prepare('INSERT INTO documents (dossier_id, ordinal, source, created_at, updated_at) VALUES (?, ?, ?, ?, ?)')
      .run(dossierId, ordinal, source, now, now);
    return this.document(Number(info.lastInsertRowid));
  }

  // ---- pages
  /**
   * Adds a page to a document: after its last page, after a given page, or in place of one (the page it
   * replaces goes to the recycle bin with its words, in the same transaction). Returns the new page.
   */
  addPage(
    page: {
      documentId: number;
      sha256: string;
      format: 'png' | 'jpeg' | 'tiff';
      width: number;
      height: number;
      dpi: number;
      dpiAssumed: boolean;
      bytes: number;
      source: string;
      /** Analysis steps to run before OCR; all of them by default. */
      analysis?: readonly AnalysisStep[];
    },
    placement: ScanPlacement = { kind: 'append' },
  ): PageView {
    return this.db.transaction(() => {
      let ordinal: number;
      if (placement.kind === 'append') {
        ordinal = this.lastOrdinal(page.documentId) + 1;
      } else {
        const anchor = this.pageInDocument(placement.pageId, page.documentId);
        if (placement.kind === 'after') {
          this.shiftOrdinals(page.documentId, anchor.ordinal, +1);
          ordinal = anchor.ordinal + 1;
        } else {
          moveToRecycleBin(this.db, anchor.id, 'replaced', null);
          ordinal = anchor.ordinal;
        }
      }
      const info = this.db
        .prepare(
          `INSERT INTO pages (document_id, ordinal, sha256, format, width, height, dpi, dpi_assumed, bytes, source, analysis, created_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(page.documentId, ordinal, page.sha256, page.format, page.width, page.height, Math.round(page.dpi), page.dpiAssumed ? 1 : 0, page.bytes, page.source, JSON.stringify(page.analysis ?? ANALYSIS_STEPS), nowIso());
      // A recognized document with a new, unrecognized page is not recognized any more.
      this.db.prepare("UPDATE documents SET state = 'draft', updated_at = ? WHERE id = ? AND state = 'recognized'").run(nowIso(), page.documentId);
      return this.page(Number(info.lastInsertRowid));
    }).immediate();
  }

  /**
   * Moves a page with its words to the recycle bin and closes the gap in the document's page order.
   * Returns the page as it was and the recycle bin entry's id.
   */
  deletePage(pageId: number, deletedBy: string | null): PageView & { recycledId: number } {
    return this.db.transaction(() => {
      const page = this.page(pageId);
      const recycledId = moveToRecycleBin(this.db, pageId, 'deleted', deletedBy);
      this.shiftOrdinals(page.documentId, page.ordinal, -1);
      return { ...page, recycledId };
    }).immediate();
  }

  /** Removes a page row for good: only the right half of a split being merged back (its master stays named). */
  private removeSplitHalf(pageId: number, intoPageId: number): void {
    const page = this.page(pageId);
    // Its corrections wait for the merged page's next reading, their boxes moved by the half's place in
    // the master: kept where the words are found there again, else reported dropped, never lost unsaid.
    holdCorrections(this.db, pageId, { pageId: intoPageId, dx: page.recipe.region?.x ?? 0, dy: page.recipe.region?.y ?? 0 });
    this.db.prepare('DELETE FROM pages WHERE id = ?').run(pageId);
    this.shiftOrdinals(page.documentId, page.ordinal, -1);
  }

  /** Moves a page to another position (1-based) in its document; the pages between shift by one. */
  movePage(pageId: number, toOrdinal: number): PageView {
    return this.db.transaction(() => {
      const page = this.page(pageId);
      const target = Math.min(Math.max(1, Math.round(toOrdinal)), this.lastOrdinal(page.documentId));
      if (target === page.ordinal) return page;
      // Park the page outside the range, shift the pages between, then set it down.
      this.db.prepare('UPDATE pages SET ordinal = ? WHERE id = ?').run(PARKED, pageId);
      if (target > page.ordinal) {
        this.shiftRange(page.documentId, page.ordinal + 1, target, -1);
      } else {
        this.shiftRange(page.documentId, target, page.ordinal - 1, +1);
      }
      this.db.prepare('UPDATE pages SET ordinal = ? WHERE id = ?').run(target, pageId);
      return this.page(pageId);
    }).immediate();
  }

  private lastOrdinal(documentId: number): number {
    return (this.db.prepare('SELECT coalesce(max(ordinal), 0) AS n FROM pages WHERE document_id = ? AND ordinal < ?').get(documentId, PARKED) as { n: number }).n;
  }

  private pageInDocument(pageId: number, documentId: number): PageView {
    const page = this.page(pageId);
    if (page.documentId !== documentId) {
      throw new AppError('VALIDATION', 'Trang được chọn không thuộc văn bản đang quét.', 'The chosen page is not in the document being scanned.', String(pageId));
    }
    return page;
  }

  /** Pages after `ordinal` move by `delta` (±1). */
  private shiftOrdinals(documentId: number, ordinal: number, delta: 1 | -1): void {
    this.shiftRange(documentId, ordinal + 1, PARKED - 1, delta);
  }

  /**
   * Pages with ordinals in [from, to] move by `delta`. SQLite checks UNIQUE(document_id, ordinal) row by
   * row, so the range is first lifted out of the way, then set down shifted.
   */
  private shiftRange(documentId: number, from: number, to: number, delta: 1 | -1): void {
    if (from > to) return;
    this.db.prepare('UPDATE pages SET ordinal = ordinal + ? WHERE document_id = ? AND ordinal BETWEEN ? AND ?').run(LIFT, documentId, from, to);
    this.db.prepare('UPDATE pages SET ordinal = ordinal - ? WHERE document_id = ? AND ordinal > ?').run(LIFT - delta, documentId, LIFT);
  }

  pageCount(documentId: number): number {
    return (this.db.prepare('SELECT count(*) AS n FROM pages WHERE document_id = ?').get(documentId) as { n: number }).n;
  }

  page(id: number): PageView {
    const row = this.db.prepare(`${PAGE_SELECT} WHERE p.id = ?`).get(id) as PageRow | undefined;
    if (!row) throw notFound('trang', id);
    return toPageView(row);
  }

  pageRecord(id: number): PageView & { format: 'png' | 'jpeg' | 'tiff'; dossierId: number } {
    const row = this.db.prepare(`${PAGE_SELECT} WHERE p.id = ?`).get(id) as PageRow | undefined;
    if (!row) throw notFound('trang', id);
    return { ...toPageView(row), format: row.format, dossierId: row.dossier_id };
  }

  listPages(dossierId: number): PageView[] {
    return (this.db.prepare(`${PAGE_SELECT} WHERE x.dossier_id = ? ORDER BY x.ordinal, p.ordinal`).all(dossierId) as PageRow[]).map(toPageView);
  }

  listDocumentPages(documentId: number): Array<PageView & { format: 'png' | 'jpeg' | 'tiff' }> {
    return (this.db.prepare(`${PAGE_SELECT} WHERE p.document_id = ? ORDER BY p.ordinal`).all(documentId) as PageRow[]).map((row) => ({
      ...toPageView(row),
      format: row.format,
    }));
  }

  pageDetail(id: number): PageDetail {
    return { ...this.page(id), text: this.pageText(id), words: this.words(id) };
  }

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
      const page = this.page(pageId);
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

  // ---- page recipes (non-destructive editing, with undo)
  /**
   * Gives a page a new recipe as one undoable edit. Its recognition is cleared (the words were placed on
   * the old rendering) and the page waits for `analysis` steps and OCR again. `splitPage` is the page a
   * split created: undoing this edit deletes it.
   */
  editPage(pageId: number, edit: { recipe: PageRecipe; size: { width: number; height: number }; analysis: readonly AnalysisStep[] | null; splitPageId?: number }, actor: string): PageView {
    return this.db.transaction(() => {
      const row = this.db.prepare('SELECT recipe, analysis, out_width, out_height FROM pages WHERE id = ?').get(pageId) as
        | { recipe: string | null; analysis: string | null; out_width: number | null; out_height: number | null }
        | undefined;
      if (!row) throw notFound('trang', pageId);
      this.db
        .prepare(
          `INSERT INTO page_edits (page_id, before_recipe, before_analysis, before_out_width, before_out_height, split_page_id, actor, created_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(pageId, row.recipe, row.analysis, row.out_width, row.out_height, edit.splitPageId ?? null, actor, nowIso());
      this.setRecipe(pageId, edit.recipe, edit.size, edit.analysis);
      return this.page(pageId);
    }).immediate();
  }

  /**
   * Stores what the analysis found for a page whose steps were pending, without a new undo step: the
   * edit that asked for the analysis (or the import) is what undo returns to.
   */
  completeAnalysis(pageId: number, recipe: PageRecipe, size: { width: number; height: number }, imageVersion: string): boolean {
    return this.db.transaction(() => {
      // Edited while it was being analysed: the result rests on the old recipe and must not replace the new one.
      if (!this.isVersion(pageId, imageVersion)) return false;
      this.db.prepare('UPDATE pages SET recipe = ?, out_width = ?, out_height = ?, analysis = NULL WHERE id = ?').run(JSON.stringify(recipe), size.width, size.height, pageId);
      return true;
    }).immediate();
  }

  private isVersion(pageId: number, imageVersion: string): boolean {
    const row = this.db.prepare('SELECT recipe FROM pages WHERE id = ?').get(pageId) as { recipe: string | null } | undefined;
    return row !== undefined && imageVersionOf(row.recipe) === imageVersion;
  }

  /**
   * Splits a page into two: it becomes the left half (its recipe given) and a new page, the right half,
   * follows it, waiting for `rightAnalysis`. One undoable edit on the left page; undoing it deletes the
   * right page. Returns both pages.
   */
  splitPage(
    pageId: number,
    left: { recipe: PageRecipe; size: { width: number; height: number }; analysis: readonly AnalysisStep[] | null },
    right: { recipe: PageRecipe; size: { width: number; height: number }; analysis: readonly AnalysisStep[] | null },
    actor: string,
    /** The page's rendering the split was found on: null (nothing done) when it changed meanwhile. */
    imageVersion?: string,
  ): { left: PageView; right: PageView } | null {
    return this.db.transaction(() => {
      const source = this.db.prepare('SELECT * FROM pages WHERE id = ?').get(pageId) as (PageRow & { dpi_assumed: number }) | undefined;
      if (!source) throw notFound('trang', pageId);
      if (imageVersion !== undefined && !this.isVersion(pageId, imageVersion)) return null;
      this.shiftOrdinals(source.document_id, source.ordinal, +1);
      const info = this.db
        .prepare(
          `INSERT INTO pages (document_id, ordinal, sha256, format, width, height, dpi, dpi_assumed, bytes, source, recipe, out_width, out_height, analysis, created_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(
          source.document_id, source.ordinal + 1, source.sha256, source.format, source.width, source.height, source.dpi, source.dpi_assumed,
          source.bytes, source.source, JSON.stringify(right.recipe), right.size.width, right.size.height,
          right.analysis ? JSON.stringify(right.analysis) : null, nowIso(),
        );
      const rightId = Number(info.lastInsertRowid);
      this.editPage(pageId, { ...left, splitPageId: rightId }, actor);
      // The page is now one half of what it was: a flag set by hand on the whole spread is not its own.
      this.db.prepare('UPDATE pages SET blank = NULL, blank_set_by = NULL, blank_set_at = NULL WHERE id = ?').run(pageId);
      return { left: this.page(pageId), right: this.page(rightId) };
    }).immediate();
  }

  /** Undoes a page's last edit (a split is merged back). Null when there is nothing to undo. */
  undoEdit(pageId: number): { page: PageView; removedPageId: number | null } | null {
    return this.db.transaction(() => {
      const edit = this.db.prepare('SELECT * FROM page_edits WHERE page_id = ? ORDER BY id DESC LIMIT 1').get(pageId) as
        | { id: number; before_recipe: string | null; before_analysis: string | null; before_out_width: number | null; before_out_height: number | null; split_page_id: number | null }
        | undefined;
      if (!edit) return null;
      this.db.prepare('DELETE FROM page_edits WHERE id = ?').run(edit.id);
      let analysis = edit.before_analysis;
      if (edit.split_page_id !== null) {
        this.removeSplitHalf(edit.split_page_id, pageId);
        // The clerk merged the spread back: the analysis must not split it again.
        const rest = analysis ? (JSON.parse(analysis) as AnalysisStep[]).filter((step) => step !== 'spread') : [];
        analysis = rest.length > 0 ? JSON.stringify(rest) : null;
      }
      this.db
        .prepare('UPDATE pages SET recipe = ?, analysis = ?, out_width = ?, out_height = ? WHERE id = ?')
        .run(edit.before_recipe, analysis, edit.before_out_width, edit.before_out_height, pageId);
      this.clearRecognition(pageId);
      return { page: this.page(pageId), removedPageId: edit.split_page_id };
    }).immediate();
  }

  private setRecipe(pageId: number, recipe: PageRecipe, size: { width: number; height: number }, analysis: readonly AnalysisStep[] | null): void {
    this.db
      .prepare('UPDATE pages SET recipe = ?, out_width = ?, out_height = ?, analysis = ? WHERE id = ?')
      .run(JSON.stringify(recipe), size.width, size.height, analysis && analysis.length > 0 ? JSON.stringify(analysis) : null, pageId);
    this.clearRecognition(pageId);
  }

  /**
   * Words were placed on the page as it rendered before: they go, and the page waits for OCR again. Their
   * corrections are held for the next reading, which keeps those whose word is still in its place.
   */
  private clearRecognition(pageId: number): void {
    holdCorrections(this.db, pageId);
    this.db.prepare('DELETE FROM words WHERE page_id = ?').run(pageId);
    // A blank flag set by a person stays: the detector never overrides a clerk.
    this.db
      .prepare("UPDATE pages SET text = NULL, engine_text = NULL, confidence = NULL, blank = CASE WHEN blank_set_by IS NULL THEN NULL ELSE blank END, state = 'imported' WHERE id = ?")
      .run(pageId);
    this.db
      .prepare("UPDATE documents SET state = 'draft', updated_at = ? WHERE id = (SELECT document_id FROM pages WHERE id = ?) AND state = 'recognized'")
      .run(nowIso(), pageId);
  }

  /** The analysis steps still to run on a page. */
  pendingAnalysis(pageId: number): AnalysisStep[] {
    const row = this.db.prepare('SELECT analysis FROM pages WHERE id = ?').get(pageId) as { analysis: string | null } | undefined;
    return row?.analysis ? (JSON.parse(row.analysis) as AnalysisStep[]) : [];
  }

  /**
   * A person sets or clears a page's blank flag; it then stays through every later recognition. False
   * when the page is gone.
   */
  setBlankByHand(pageId: number, blank: boolean, actor: string): boolean {
    return this.db.prepare('UPDATE pages SET blank = ?, blank_set_by = ?, blank_set_at = ? WHERE id = ?').run(blank ? 1 : 0, actor, nowIso(), pageId).changes === 1;
  }

  setPageState(pageId: number, state: PageState): void {
    this.db.prepare('UPDATE pages SET state = ? WHERE id = ?').run(state, pageId);
  }

  /**
   * Stores a page's recognition result in one transaction: words, text, confidence and state together.
   * People's corrections of the words it replaces stay where the word is still there; the others are
   * returned as dropped. Null when the page is gone (deleted or rescanned while it was being recognized),
   * or when `imageVersion` (the page's rendering the words were read from) is not the page's any more.
   */
  saveRecognition(pageId: number, result: { text: string; confidence: number; words: WordView[]; blank?: boolean }, imageVersion?: string): RecognitionSaved | null {
    return this.db.transaction(() => {
      const row = this.db.prepare('SELECT recipe FROM pages WHERE id = ?').get(pageId) as { recipe: string | null } | undefined;
      if (!row) return null;
      // Edited while it was being read: these words sit on the old rendering; the edit queued a new reading.
      if (imageVersion !== undefined && !this.isVersion(pageId, imageVersion)) return null;
      holdCorrections(this.db, pageId);
      this.db.prepare('DELETE FROM words WHERE page_id = ?').run(pageId);
      // Stored in NFC: the exact-spelling search index (migration 006) compares code points, and a
      // decomposed đất would not be the đất a person types.
      const insert = this.db.prepare('INSERT INTO words (page_id, idx, text, x0, y0, x1, y1, confidence, line, aside) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)');
      result.words.forEach((w, idx) =>
        insert.run(pageId, idx, w.text.normalize('NFC'), Math.round(w.x0), Math.round(w.y0), Math.round(w.x1), Math.round(w.y1), w.confidence, w.line, w.aside ?? null),
      );
      this.db.prepare("UPDATE pages SET text = ?, engine_text = NULL, confidence = ?, state = 'recognized' WHERE id = ?").run(result.text.normalize('NFC'), result.confidence, pageId);
      const droppedCorrections = reapplyCorrections(this.db, pageId);
      // The detector's blank verdict, unless a person has set the flag.
      if (result.blank !== undefined) this.db.prepare('UPDATE pages SET blank = ? WHERE id = ? AND blank_set_by IS NULL').run(result.blank ? 1 : 0, pageId);
      const documentId = (this.db.prepare('SELECT document_id AS id FROM pages WHERE id = ?').get(pageId) as { id: number }).id;
      const pending = this.db.prepare("SELECT 1 FROM pages WHERE document_id = ? AND state != 'recognized' LIMIT 1").get(documentId);
      if (!pending) this.db.prepare("UPDATE documents SET state = 'recognized', updated_at = ? WHERE id = ? AND state = 'draft'").run(nowIso(), documentId);
      return { droppedCorrections };
    }).immediate();
  }

  /** Pages of a dossier still waiting for recognition (imported, interrupted or failed). */
  pagesToRecognize(dossierId: number): Array<PageView & { format: 'png' | 'jpeg' | 'tiff' }> {
    return (
      this.db.prepare(`${PAGE_SELECT} WHERE x.dossier_id = ? AND p.state != 'recognized' ORDER BY x.ordinal, p.ordinal`).all(dossierId) as PageRow[]
    ).map((row) => ({ ...toPageView(row), format: row.format }));
  }

  documentText(documentId: number): string {
    const rows = this.db.prepare('SELECT coalesce(text, \'\') AS text FROM pages WHERE document_id = ? ORDER BY ordinal').all(documentId) as Array<{ text: string }>;
    return rows.map((r) => r.text).join('\n\n');
  }

  /**
   * Whether the dossier has work queued or running that adds or recognizes pages (import, scan, OCR), in
   * any process on this store: what an export waits for.
   */
  pageWorkPending(dossierId: number): boolean {
    return (
      this.db.prepare("SELECT 1 FROM jobs WHERE dossier_id = ? AND kind IN ('import', 'scan', 'ocr') AND state IN ('queued', 'running') LIMIT 1").get(dossierId) !==
      undefined
    );
  }

  summary(): ProgressSummary {
    const count = (sql: string) => (this.db.prepare(sql).get() as { n: number }).n;
    return {
      batches: count('SELECT count(*) AS n FROM batches'),
      dossiers: count('SELECT count(*) AS n FROM dossiers'),
      documents: count('SELECT count(*) AS n FROM documents'),
      pages: count('SELECT count(*) AS n FROM pages'),
      recognizedPages: count("SELECT count(*) AS n FROM pages WHERE state = 'recognized'"),
      // Exported and not changed since: an outbox holding an older version does not count.
      exportedDocuments: count('SELECT count(*) AS n FROM documents WHERE exported_version IS NOT NULL AND content_version <= exported_version'),
      activeJobs: count("SELECT count(*) AS n FROM jobs WHERE state IN ('queued', 'running')"),
      failedJobs: count("SELECT count(*) AS n FROM jobs WHERE state = 'failed'"),
    };
  }
}

/** A recognition stored by `Records.saveRecognition`: the corrections it could not keep (their word has gone). */
export interface RecognitionSaved {
  droppedCorrections: WordCorrection[];
}

/** A page to store (its image already durable in the page store), as `Records.addPage` takes it. */
export type NewPage = Parameters<Records['addPage']>[0];

/** Where an imported page came from: its file (absolute path), its number in the file, the file's SHA-256. */
export interface PageOrigin {
  path: string;
  page: number;
  sha256: string;
}

export interface StoredPageOrigin extends PageOrigin {
  pageId: number;
}

const PAGE_SELECT = `
  SELECT p.*, x.dossier_id, EXISTS (SELECT 1 FROM page_edits e WHERE e.page_id = p.id) AS can_undo
  FROM pages p JOIN documents x ON x.id = p.document_id`;

interface PageRow {
  id: number;
  document_id: number;
  dossier_id: number;
  ordinal: number;
  sha256: string;
  format: 'png' | 'jpeg' | 'tiff';
  width: number;
  height: number;
  dpi: number;
  bytes: number;
  source: string;
  state: PageState;
  confidence: number | null;
  blank: 0 | 1 | null;
  blank_set_by: string | null;
  recipe: string | null;
  out_width: number | null;
  out_height: number | null;
  analysis: string | null;
  missing_since: string | null;
  can_undo: 0 | 1;
}

function toPageView(row: PageRow): PageView {
  const recipe = row.recipe ? pageRecipeSchema.parse(JSON.parse(row.recipe)) : IDENTITY_RECIPE;
  return {
    id: row.id,
    documentId: row.document_id,
    ordinal: row.ordinal,
    sha256: row.sha256,
    width: row.out_width ?? row.width,
    height: row.out_height ?? row.height,
    masterWidth: row.width,
    masterHeight: row.height,
    dpi: row.dpi,
    bytes: row.bytes,
    source: row.source,
    state: row.state,
    confidence: row.confidence,
    blank: row.blank === null ? null : row.blank === 1,
    blankSetBy: row.blank_set_by,
    recipe,
    splitFrom: recipe.region ? row.source : null,
    analysisPending: row.analysis !== null,
    canUndo: row.can_undo === 1,
    imageVersion: imageVersionOf(row.recipe),
    missingSince: row.missing_since,
  };
}

interface DocumentRow {
  id: number;
  dossier_id: number;
  ordinal: number;
  source: string;
  state: DocumentState;
  file_code: string;
  page_count: number;
  type_name: string | null;
  code_number: string | null;
  code_notation: string | null;
  issued_date: string | null;
  place: string | null;
  organ_name: string | null;
  subject: string | null;
  signer_position: string | null;
  signer_name: string | null;
  content_version: number;
  exported_version: number | null;
  exported_at: string | null;
}

/** Changes whenever a page's recipe does: for image URLs, and to notice an edit during OCR. */
export function imageVersionOf(recipe: string | null): string {
  return createHash('sha256').update(recipe ?? '').digest('hex').slice(0, 12);
}

/** Document code = mã hồ sơ + the ordinal padded to 7 digits (domain.md §3). */
export function documentCode(fileCode: string, ordinal: number): string {
  return `${fileCode}.${String(ordinal).padStart(7, '0')}`;
}

function toDocumentView(row: DocumentRow): DocumentView {
  return {
    id: row.id,
    dossierId: row.dossier_id,
    ordinal: row.ordinal,
    docCode: documentCode(row.file_code, row.ordinal),
    source: row.source,
    state: row.state,
    pageCount: row.page_count,
    exportedAt: row.exported_at,
    changedSinceExport: row.exported_version !== null && row.content_version > row.exported_version,
    metadata: {
      ...EMPTY_METADATA,
      typeName: row.type_name as DocumentMetadata['typeName'],
      codeNumber: row.code_number,
      codeNotation: row.code_notation,
      issuedDate: row.issued_date,
      place: row.place,
      organName: row.organ_name,
      subject: row.subject,
      signerPosition: row.signer_position,
      signerName: row.signer_name,
    },
  };
}

function notFound(what: string, id: number): AppError {
  return new AppError('NOT_FOUND', `Không tìm thấy ${what} số ${id}.`, `No ${what} with id ${id}.`, String(id));
}
