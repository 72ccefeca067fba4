import { fieldChanges } from '../accounts/audit-events';
import type { Actor } from '../accounts/actor';
import type { AuditLog } from '../accounts/audit-log';
import type { DocumentView, PageView } from '../contract/domain';
import { AppError } from '../contract/errors';
import type { WorkstationEvents } from './events';
import type { Records } from './records';

/**
 * A clerk reshapes the documents of a dossier: splits one at a page, merges one with its neighbour, moves
 * pages to another document, undoes the last of these, or keeps a page proposed as the start of a new
 * document where it is. Each change is one transaction (main/archive/document-reshaping.ts), audited with
 * what undoes it, and announced to the views.
 */
export class DocumentEditing {
  constructor(
    private readonly records: Records,
    private readonly audit: AuditLog,
    private readonly events: WorkstationEvents,
  ) {}

  /** The page and those after it become a new document right after its own. Returns both documents. */
  split(actor: Actor, pageId: number): DocumentView[] {
    const result = this.records.reshaping.split(pageId, actor.name);
    const [document, created] = result.documents as [DocumentView, DocumentView];
    const pages = this.records.listDocumentPages(created.id).map((p) => p.id);
    this.audit.record(actor, 'document.split', `document:${document.docCode}`, {
      documentId: document.id,
      at: pageId,
      created: created.id,
      createdDocCode: created.docCode,
      pages,
      before: result.before,
      reshape: result.reshapeId,
    });
    this.changed(document.dossierId);
    return result.documents;
  }

  /**
   * Merges the document with the one before or after it: the earlier one keeps its id and metadata and gets
   * the later one's pages after its own; the later one's values are listed in the audit row.
   */
  mergeWithNeighbour(actor: Actor, documentId: number, neighbour: 'previous' | 'next'): DocumentView {
    const document = this.records.document(documentId);
    const other = this.records.listDocuments(document.dossierId).find((d) => d.ordinal === document.ordinal + (neighbour === 'previous' ? -1 : 1));
    if (!other) {
      throw new AppError(
        'VALIDATION',
        neighbour === 'previous'
          ? `Văn bản ${document.docCode} là văn bản đầu tiên của hồ sơ, không có văn bản liền trước để gộp. Không có gì bị thay đổi.`
          : `Văn bản ${document.docCode} là văn bản cuối cùng của hồ sơ, không có văn bản liền sau để gộp. Không có gì bị thay đổi.`,
        neighbour === 'previous' ? `Document ${document.docCode} is the dossier's first: there is no previous one to merge with. Nothing was changed.` : `Document ${document.docCode} is the dossier's last: there is no next one to merge with. Nothing was changed.`,
        String(documentId),
      );
    }
    return neighbour === 'previous' ? this.merge(actor, other.id, documentId) : this.merge(actor, documentId, other.id);
  }

  /** Merges `secondId` (the next document of the same dossier) into `firstId`. */
  merge(actor: Actor, firstId: number, secondId: number): DocumentView {
    const result = this.records.reshaping.merge(firstId, secondId, actor.name);
    const kept = result.documents[0]!;
    const dropped = fieldChanges(result.removed.metadata, kept.metadata).filter((change) => change.old !== null);
    this.audit.record(actor, 'document.merge', `document:${kept.docCode}`, {
      kept: kept.id,
      removed: result.removed.id,
      removedDocCode: result.removed.docCode,
      pages: result.before.filter((p) => p.documentId === secondId).map((p) => p.pageId),
      dropped,
      before: result.before,
      reshape: result.reshapeId,
    });
    this.changed(kept.dossierId);
    return kept;
  }

  /** Moves pages into another document of the dossier, the first of them at `position` (its end when absent). */
  movePages(actor: Actor, pageIds: readonly number[], documentId: number, position?: number): DocumentView[] {
    const result = this.records.reshaping.movePages(pageIds, documentId, position, actor.name);
    const target = this.records.document(documentId);
    const moved = this.records.listDocumentPages(documentId).filter((p) => pageIds.includes(p.id));
    this.audit.record(actor, 'document.move-pages', `document:${target.docCode}`, {
      pages: moved.map((p) => p.id),
      to: documentId,
      at: moved[0]!.ordinal,
      before: result.before,
      reshape: result.reshapeId,
    });
    this.changed(target.dossierId);
    return result.documents;
  }

  /** Undoes the dossier's last split, merge or move of pages. Returns the documents it touched, as they are again. */
  undo(actor: Actor, dossierId: number): DocumentView[] {
    const undone = this.records.reshaping.undoLast(dossierId);
    this.audit.record(actor, 'document.reshape-undo', `dossier:${this.records.dossier(dossierId).fileCode}`, {
      kind: undone.kind,
      reshape: undone.reshapeId,
      removed: undone.removedDocumentId,
    });
    this.changed(dossierId);
    return undone.documents;
  }

  /** The clerk keeps a page proposed as the start of a new document in its document. */
  dismissProposal(actor: Actor, pageId: number): PageView {
    if (!this.records.reshaping.dismissProposal(pageId)) {
      throw new AppError('CONFLICT', 'Trang này không có đề xuất tách văn bản nào (có thể đã được xử lý).', 'This page has no proposal to start a new document (it may have been dealt with).', String(pageId));
    }
    const page = this.records.page(pageId);
    this.audit.record(actor, 'page.new-document-dismissed', `page:${pageId}`, { documentId: page.documentId, ordinal: page.ordinal });
    this.changed(this.records.document(page.documentId).dossierId);
    return page;
  }

  private changed(dossierId: number): void {
    this.events.emit('dossier:changed', { dossierId });
  }
}
