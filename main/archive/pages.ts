import {
  type PageDetail,
  type PageState,
  type PageView,
  type ScanPlacement,
  type WordView,
} from '../contract/domain';
import { AppError } from '../contract/errors';
import { ANALYSIS_STEPS, IDENTITY_RECIPE, pageRecipeSchema, type AnalysisStep, type PageRecipe } from '../contract/page-recipe';
import { nowIso, type Db } from '../storage/database';
import { imageVersionOf } from './codes';
import type { DocumentLifecycle } from './document-lifecycle';
import type { PageOrigin } from './documents';
import { notFound } from './not-found';
import { moveToRecycleBin } from './recycle-bin';
import type { Words } from './words';
import type { WordCorrection } from './word-corrections';

/** Where `movePage` parks a page while the others shift; no document has this many pages. */
const PARKED = 900_000_000;
/** How far `shiftRange` lifts pages, above PARKED. */
const LIFT = 1_000_000_000;

/**
 * Pages (the table `pages`), their order in the document, their recipes with the undo history
 * (`page_edits`) and their recognition state.
 * Every transaction reads before it writes (the next ordinal, the page's version), so each takes the
 * write lock first (IMMEDIATE): another process (the CLI beside the app) then waits its turn rather
 * than one of them failing with SQLITE_BUSY or writing on what it read before the other's commit.
 */
export class Pages {
  constructor(
    private readonly db: Db,
    private readonly words: Words,
    private readonly lifecycle: DocumentLifecycle,
  ) {}

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
      this.lifecycle.follow(page.documentId, 'recapture');
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
    this.words.holdForMerge(pageId, { pageId: intoPageId, dx: page.recipe.region?.x ?? 0, dy: page.recipe.region?.y ?? 0 });
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
    return { ...this.page(id), text: this.words.pageText(id), words: this.words.words(id) };
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

  /** Words were placed on the page as it rendered before: they go, and the page waits for OCR again. */
  private clearRecognition(pageId: number): void {
    this.words.clearPageWords(pageId);
    // A blank flag set by a person stays: the detector never overrides a clerk.
    this.db
      .prepare("UPDATE pages SET text = NULL, engine_text = NULL, confidence = NULL, blank = CASE WHEN blank_set_by IS NULL THEN NULL ELSE blank END, state = 'imported' WHERE id = ?")
      .run(pageId);
    this.lifecycle.follow((this.db.prepare('SELECT document_id AS id FROM pages WHERE id = ?').get(pageId) as { id: number }).id, 'recapture');
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
      this.words.writeRecognizedWords(pageId, result);
      this.db.prepare("UPDATE pages SET text = ?, engine_text = NULL, confidence = ?, state = 'recognized' WHERE id = ?").run(result.text.normalize('NFC'), result.confidence, pageId);
      const droppedCorrections = this.words.reapplyCorrections(pageId);
      // The detector's blank verdict, unless a person has set the flag.
      if (result.blank !== undefined) this.db.prepare('UPDATE pages SET blank = ? WHERE id = ? AND blank_set_by IS NULL').run(result.blank ? 1 : 0, pageId);
      const documentId = (this.db.prepare('SELECT document_id AS id FROM pages WHERE id = ?').get(pageId) as { id: number }).id;
      const pending = this.db.prepare("SELECT 1 FROM pages WHERE document_id = ? AND state != 'recognized' LIMIT 1").get(documentId);
      if (!pending) this.lifecycle.follow(documentId, 'recognize');
      return { droppedCorrections };
    }).immediate();
  }

  /** Pages of a dossier still waiting for recognition (imported, interrupted or failed). */
  pagesToRecognize(dossierId: number): Array<PageView & { format: 'png' | 'jpeg' | 'tiff' }> {
    return (
      this.db.prepare(`${PAGE_SELECT} WHERE x.dossier_id = ? AND p.state != 'recognized' ORDER BY x.ordinal, p.ordinal`).all(dossierId) as PageRow[]
    ).map((row) => ({ ...toPageView(row), format: row.format }));
  }
}

/** A recognition stored by `Pages.saveRecognition`: the corrections it could not keep (their word has gone). */
export interface RecognitionSaved {
  droppedCorrections: WordCorrection[];
}

/** A page to store (its image already durable in the page store), as `Pages.addPage` takes it. */
export type NewPage = Parameters<Pages['addPage']>[0];

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
  starts_document: 'proposed' | 'dismissed' | null;
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
    // A page that became its document's first since (pages moved, a split before it) starts one already.
    newDocumentProposed: row.starts_document === 'proposed' && row.ordinal > 1,
  };
}
