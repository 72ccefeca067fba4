import { z } from 'zod';
import type { DocumentView } from '../contract/domain';
import { AppError } from '../contract/errors';
import { nowIso, type Db } from '../storage/database';
import type { DocumentLifecycle } from './document-lifecycle';
import type { Documents } from './documents';
import { notFound } from './not-found';

/** How far pages and documents are lifted while they are set down in their new order (no document holds this many). */
const LIFT = 1_000_000_000;

/** Where a page is: its document and its place (1-based) in it. */
const placementSchema = z.strictObject({ pageId: z.number().int(), documentId: z.number().int(), ordinal: z.number().int().positive() });
export type PagePlacement = z.infer<typeof placementSchema>;

/**
 * What undoing a reshaping needs: where every page of the documents it touched was (`before`) and where it
 * left them (`after`, checked before undoing: a later change blocks the undo rather than being overwritten),
 * the document it created (split) or the whole row of the one it removed (merge) with the recycle-bin
 * entries that moved with its pages, and a page's new-document proposal it settled.
 */
const undoSchema = z.strictObject({
  before: z.array(placementSchema),
  after: z.array(placementSchema),
  created: z.strictObject({ id: z.number().int(), ordinal: z.number().int().positive() }).optional(),
  removed: z.strictObject({ row: z.record(z.string(), z.unknown()), recycled: z.array(z.number().int()) }).optional(),
  proposal: z.strictObject({ pageId: z.number().int(), startsDocument: z.enum(['proposed', 'dismissed']).nullable() }).optional(),
});
type ReshapeUndo = z.infer<typeof undoSchema>;

export type ReshapeKind = 'split' | 'merge' | 'move';

/** A reshaping done: its undo record's id, the documents as they are now, and where the pages were before. */
export interface Reshaped {
  reshapeId: number;
  documents: DocumentView[];
  before: PagePlacement[];
}

/**
 * Documents a clerk reshapes (migration 023): a document split at a page, two neighbours merged, pages
 * moved to another document of the dossier, and the undo of each. Each runs in one IMMEDIATE transaction
 * (it reads the order before it rewrites it). Pages keep their ids, words, recipes and edit history; only
 * their document and place change, which migration 014's triggers count as a change of each document
 * touched, so that an approved document goes back to review and a packaged one becomes outdated.
 * The recognition state of each document touched follows its pages (recognized when all of them are).
 */
export class DocumentReshaping {
  constructor(
    private readonly db: Db,
    private readonly documents: Documents,
    private readonly lifecycle: DocumentLifecycle,
  ) {}

  /**
   * The page and those after it become a new document right after this one (the documents after it move
   * down one). The new document starts with no typed metadata: its docCode and page count are derived, its
   * language and confidence level take the table's defaults (Tiếng Việt, Số hóa), and its state follows its
   * pages. A proposal that the page starts a document is settled by the split.
   */
  split(pageId: number, actor: string): Reshaped & { created: DocumentView } {
    return this.db.transaction(() => {
      const page = this.pageRow(pageId);
      const document = this.documents.document(page.documentId);
      if (page.ordinal === 1) {
        throw new AppError(
          'VALIDATION',
          'Không thể tách tại trang đầu tiên của văn bản: văn bản đã bắt đầu từ trang này. Hãy chọn một trang sau đó; không có gì bị thay đổi.',
          'A document cannot be split at its first page: it already starts there. Choose a later page; nothing was changed.',
          String(pageId),
        );
      }
      const before = this.placements([document.id]);
      this.shiftDocuments(document.dossierId, document.ordinal + 1, +1);
      const now = nowIso();
      const createdId = Number(
        this.db
          .prepare('INSERT INTO documents (dossier_id, ordinal, source, created_at, updated_at) VALUES (?, ?, ?, ?, ?)')
          .run(document.dossierId, document.ordinal + 1, document.source, now, now).lastInsertRowid,
      );
      const after = before.map((p) => (p.ordinal >= page.ordinal ? { ...p, documentId: createdId, ordinal: p.ordinal - page.ordinal + 1 } : p));
      this.place(after);
      this.db.prepare('UPDATE pages SET starts_document = NULL WHERE id = ?').run(pageId);
      this.settle([document.id, createdId]);
      const reshapeId = this.remember(document.dossierId, 'split', actor, {
        before,
        after,
        created: { id: createdId, ordinal: document.ordinal + 1 },
        proposal: { pageId, startsDocument: page.startsDocument },
      });
      return { reshapeId, before, documents: [this.documents.document(document.id), this.documents.document(createdId)], created: this.documents.document(createdId) };
    }).immediate();
  }

  /**
   * The second document's pages follow the first's, in order, and the second is removed (the documents after
   * it move up one). The first keeps its id and metadata; the second's values are returned, for the audit
   * row, and its whole row is kept for the undo. Pages of the second in the recycle bin are restored into the first.
   */
  merge(firstId: number, secondId: number, actor: string): Reshaped & { removed: DocumentView } {
    return this.db.transaction(() => {
      const first = this.documents.document(firstId);
      const second = this.documents.document(secondId);
      if (first.dossierId !== second.dossierId) {
        throw new AppError(
          'VALIDATION',
          `Văn bản ${first.docCode} và ${second.docCode} thuộc hai hồ sơ khác nhau nên không gộp được. Chỉ gộp hai văn bản liền nhau của cùng một hồ sơ; không có gì bị thay đổi.`,
          `Documents ${first.docCode} and ${second.docCode} are in different dossiers and cannot be merged. Only two neighbouring documents of one dossier merge; nothing was changed.`,
          String(secondId),
        );
      }
      if (second.ordinal !== first.ordinal + 1) {
        throw new AppError(
          'VALIDATION',
          `Văn bản ${first.docCode} và ${second.docCode} không liền nhau nên không gộp được. Hãy gộp một văn bản với văn bản ngay trước hoặc ngay sau nó; không có gì bị thay đổi.`,
          `Documents ${first.docCode} and ${second.docCode} are not next to each other and cannot be merged. Merge a document with the one just before or after it; nothing was changed.`,
          String(secondId),
        );
      }
      const before = this.placements([firstId, secondId]);
      const firstPages = before.filter((p) => p.documentId === firstId).length;
      const after = before.map((p) => (p.documentId === secondId ? { ...p, documentId: firstId, ordinal: firstPages + p.ordinal } : p));
      this.place(after);
      const recycled = (this.db.prepare('SELECT id FROM recycled_pages WHERE document_id = ?').all(secondId) as Array<{ id: number }>).map((r) => r.id);
      this.db.prepare('UPDATE recycled_pages SET document_id = ? WHERE document_id = ?').run(firstId, secondId);
      const row = this.db.prepare('SELECT * FROM documents WHERE id = ?').get(secondId) as Record<string, unknown>;
      this.db.prepare('DELETE FROM documents WHERE id = ?').run(secondId);
      this.shiftDocuments(first.dossierId, second.ordinal + 1, -1);
      this.settle([firstId]);
      const reshapeId = this.remember(first.dossierId, 'merge', actor, { before, after, removed: { row, recycled } });
      return { reshapeId, before, documents: [this.documents.document(firstId)], removed: second };
    }).immediate();
  }

  /**
   * Moves pages (from one or more documents of the dossier, kept in their reading order) into another
   * document of the same dossier, the first of them at `position` (1-based; its end when absent or past
   * it). A document is not emptied this way: merging it says what happens to its metadata.
   */
  movePages(pageIds: readonly number[], targetId: number, position: number | undefined, actor: string): Reshaped {
    return this.db.transaction(() => {
      const target = this.documents.document(targetId);
      const ids = [...new Set(pageIds)];
      if (ids.length === 0) throw new AppError('VALIDATION', 'Hãy chọn ít nhất một trang để chuyển.', 'Choose at least one page to move.', 'pageIds');
      const pages = ids.map((id) => this.pageRow(id));
      const sources = [...new Set(pages.map((p) => p.documentId))].map((id) => this.documents.document(id));
      const elsewhere = sources.find((d) => d.dossierId !== target.dossierId);
      if (elsewhere) {
        throw new AppError(
          'VALIDATION',
          `Chỉ chuyển được trang sang văn bản của cùng hồ sơ: văn bản ${target.docCode} thuộc hồ sơ khác với văn bản ${elsewhere.docCode}. Không có gì bị thay đổi.`,
          `Pages move only to a document of the same dossier: ${target.docCode} is in another dossier than ${elsewhere.docCode}. Nothing was changed.`,
          String(targetId),
        );
      }
      if (sources.some((d) => d.id === targetId)) {
        throw new AppError(
          'VALIDATION',
          `Có trang được chọn đã nằm trong văn bản ${target.docCode}. Hãy chọn trang của văn bản khác (thứ tự trong một văn bản đổi bằng Ctrl+← / Ctrl+→); không có gì bị thay đổi.`,
          `Some chosen pages are already in document ${target.docCode}. Choose pages of other documents (Ctrl+← / Ctrl+→ reorder within one); nothing was changed.`,
          String(targetId),
        );
      }
      const before = this.placements([...sources.map((d) => d.id), targetId]);
      const emptied = sources.find((d) => before.filter((p) => p.documentId === d.id).every((p) => ids.includes(p.pageId)));
      if (emptied) {
        throw new AppError(
          'VALIDATION',
          `Chuyển hết các trang thì văn bản ${emptied.docCode} không còn trang nào. Hãy gộp văn bản đó với văn bản bên cạnh; không có gì bị thay đổi.`,
          `Moving every page would leave document ${emptied.docCode} empty. Merge it with its neighbour instead; nothing was changed.`,
          String(emptied.id),
        );
      }
      const sourceOrder = new Map(sources.map((d) => [d.id, d.ordinal]));
      const moving = before.filter((p) => ids.includes(p.pageId)).sort((a, b) => sourceOrder.get(a.documentId)! - sourceOrder.get(b.documentId)! || a.ordinal - b.ordinal);
      const targetPages = before.filter((p) => p.documentId === targetId).sort((a, b) => a.ordinal - b.ordinal);
      const at = Math.min(Math.max(1, position ?? targetPages.length + 1), targetPages.length + 1);
      const into = [...targetPages.slice(0, at - 1), ...moving, ...targetPages.slice(at - 1)];
      const after: PagePlacement[] = into.map((p, i) => ({ pageId: p.pageId, documentId: targetId, ordinal: i + 1 }));
      for (const source of sources) {
        before
          .filter((p) => p.documentId === source.id && !ids.includes(p.pageId))
          .sort((a, b) => a.ordinal - b.ordinal)
          .forEach((p, i) => after.push({ pageId: p.pageId, documentId: source.id, ordinal: i + 1 }));
      }
      this.place(after);
      this.settle([...sources.map((d) => d.id), targetId]);
      const reshapeId = this.remember(target.dossierId, 'move', actor, { before, after });
      return { reshapeId, before, documents: [...sources, target].map((d) => this.documents.document(d.id)) };
    }).immediate();
  }

  /**
   * Undoes the dossier's last reshaping still undoable: every page goes back to where it was, a document
   * the split created is removed, the row of one the merge removed comes back with its id and metadata.
   * Refused (CONFLICT, nothing changed) when the documents it touched changed since, or there is none.
   */
  undoLast(dossierId: number): { kind: ReshapeKind; reshapeId: number; documents: DocumentView[]; removedDocumentId: number | null } {
    return this.db.transaction(() => {
      const row = this.db.prepare('SELECT id, kind, undo FROM document_reshapes WHERE dossier_id = ? ORDER BY id DESC LIMIT 1').get(dossierId) as
        | { id: number; kind: ReshapeKind; undo: string }
        | undefined;
      if (!row) {
        throw new AppError('CONFLICT', 'Không còn thao tác tách, gộp hay chuyển trang nào để hoàn tác trong hồ sơ này.', 'There is no split, merge or page move left to undo in this dossier.', String(dossierId));
      }
      const undo = undoSchema.parse(JSON.parse(row.undo));
      if (!this.stillAsLeft(undo)) {
        throw new AppError(
          'CONFLICT',
          'Các văn bản của thao tác này đã thay đổi sau đó (trang được thêm, xóa hay chuyển tiếp), nên không hoàn tác được. Không có gì bị thay đổi.',
          'The documents of this edit have changed since (pages added, deleted or moved again), so it cannot be undone. Nothing was changed.',
          String(row.id),
        );
      }
      if (undo.removed) {
        const ordinal = undo.removed.row['ordinal'] as number;
        this.shiftDocuments(dossierId, ordinal, +1);
        const columns = Object.keys(undo.removed.row);
        this.db.prepare(`INSERT INTO documents (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`).run(...columns.map((c) => undo.removed!.row[c] as string | number | null));
        const removedId = undo.removed.row['id'] as number;
        const back = this.db.prepare('UPDATE recycled_pages SET document_id = ? WHERE id = ?');
        for (const id of undo.removed.recycled) back.run(removedId, id);
      }
      this.place(undo.before);
      if (undo.created) {
        this.db.prepare('DELETE FROM documents WHERE id = ?').run(undo.created.id);
        this.shiftDocuments(dossierId, undo.created.ordinal + 1, -1);
      }
      if (undo.proposal) this.db.prepare('UPDATE pages SET starts_document = ? WHERE id = ?').run(undo.proposal.startsDocument, undo.proposal.pageId);
      const touched = [...new Set(undo.before.map((p) => p.documentId))];
      this.settle(touched);
      this.db.prepare('DELETE FROM document_reshapes WHERE id = ?').run(row.id);
      return { kind: row.kind, reshapeId: row.id, documents: touched.map((id) => this.documents.document(id)), removedDocumentId: undo.created?.id ?? null };
    }).immediate();
  }

  /** Whether the dossier has a reshaping to undo. */
  canUndo(dossierId: number): boolean {
    return this.db.prepare('SELECT 1 FROM document_reshapes WHERE dossier_id = ? LIMIT 1').get(dossierId) !== undefined;
  }

  // ---- new-document proposals (an NĐ 30 header on a page that is not its document's first)
  /**
   * What the header detector found on a page just recognized: a page not first in its document that
   * carries a header is proposed, unless the clerk dismissed it; a proposal the page no longer supports
   * (read again after an edit) goes. True when the page is proposed now.
   */
  markHeader(pageId: number, carriesHeader: boolean): boolean {
    const row = this.db.prepare('SELECT ordinal, starts_document AS startsDocument FROM pages WHERE id = ?').get(pageId) as
      | { ordinal: number; startsDocument: 'proposed' | 'dismissed' | null }
      | undefined;
    if (!row || row.startsDocument === 'dismissed') return false;
    const proposed = carriesHeader && row.ordinal > 1;
    this.db.prepare('UPDATE pages SET starts_document = ? WHERE id = ?').run(proposed ? 'proposed' : null, pageId);
    return proposed;
  }

  /** The clerk keeps the page in its document: the proposal is not made again. False when there was none. */
  dismissProposal(pageId: number): boolean {
    return this.db.prepare("UPDATE pages SET starts_document = 'dismissed' WHERE id = ? AND starts_document = 'proposed'").run(pageId).changes === 1;
  }

  // ---- internals
  private pageRow(pageId: number): { documentId: number; ordinal: number; startsDocument: 'proposed' | 'dismissed' | null } {
    const row = this.db.prepare('SELECT document_id AS documentId, ordinal, starts_document AS startsDocument FROM pages WHERE id = ?').get(pageId) as
      | { documentId: number; ordinal: number; startsDocument: 'proposed' | 'dismissed' | null }
      | undefined;
    if (!row) throw notFound('trang', pageId);
    return row;
  }

  private placements(documentIds: readonly number[]): PagePlacement[] {
    const select = this.db.prepare('SELECT id AS pageId, document_id AS documentId, ordinal FROM pages WHERE document_id = ? ORDER BY ordinal');
    return documentIds.flatMap((id) => select.all(id) as PagePlacement[]);
  }

  /**
   * Sets pages down where `placements` say. SQLite checks UNIQUE(document_id, ordinal) row by row, so they
   * are first lifted out of every place they could take.
   */
  private place(placements: readonly PagePlacement[]): void {
    const lift = this.db.prepare('UPDATE pages SET ordinal = ordinal + ? WHERE id = ?');
    for (const p of placements) lift.run(LIFT, p.pageId);
    const set = this.db.prepare('UPDATE pages SET document_id = ?, ordinal = ? WHERE id = ?');
    for (const p of placements) set.run(p.documentId, p.ordinal, p.pageId);
  }

  /** The dossier's documents from `ordinal` on move by `delta` (their docCodes with them). */
  private shiftDocuments(dossierId: number, ordinal: number, delta: 1 | -1): void {
    this.db.prepare('UPDATE documents SET ordinal = ordinal + ? WHERE dossier_id = ? AND ordinal >= ? AND ordinal < ?').run(LIFT, dossierId, ordinal, LIFT);
    this.db.prepare('UPDATE documents SET ordinal = ordinal - ?, updated_at = ? WHERE dossier_id = ? AND ordinal >= ?').run(LIFT - delta, nowIso(), dossierId, LIFT);
  }

  /** Each document's recognition state follows its pages: recognized when all are, waiting when one is not. */
  private settle(documentIds: readonly number[]): void {
    const pending = this.db.prepare("SELECT 1 FROM pages WHERE document_id = ? AND state != 'recognized' LIMIT 1");
    for (const id of documentIds) this.lifecycle.follow(id, pending.get(id) ? 'recapture' : 'recognize');
  }

  /** True when every page the reshaping placed is still where it left it, and its documents hold no other page. */
  private stillAsLeft(undo: ReshapeUndo): boolean {
    const documents = [...new Set(undo.after.map((p) => p.documentId))];
    const now = new Map(this.placements(documents).map((p) => [p.pageId, p]));
    if (now.size !== undo.after.length) return false;
    if (undo.created) {
      const created = this.db.prepare('SELECT ordinal FROM documents WHERE id = ?').get(undo.created.id) as { ordinal: number } | undefined;
      if (created?.ordinal !== undo.created.ordinal) return false;
      if (this.db.prepare('SELECT 1 FROM recycled_pages WHERE document_id = ?').get(undo.created.id)) return false;
    }
    if (undo.removed && this.db.prepare('SELECT 1 FROM documents WHERE id = ?').get(undo.removed.row['id'] as number)) return false;
    return undo.after.every((p) => {
      const at = now.get(p.pageId);
      return at !== undefined && at.documentId === p.documentId && at.ordinal === p.ordinal;
    });
  }

  private remember(dossierId: number, kind: ReshapeKind, actor: string, undo: ReshapeUndo): number {
    return Number(
      this.db.prepare('INSERT INTO document_reshapes (dossier_id, kind, undo, actor, created_at) VALUES (?, ?, ?, ?, ?)').run(dossierId, kind, JSON.stringify(undo), actor, nowIso()).lastInsertRowid,
    );
  }
}

