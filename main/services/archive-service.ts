import { fieldChanges } from '../accounts/audit-events';
import type { Actor } from '../accounts/actor';
import type { AuditLog } from '../accounts/audit-log';
import { dossierEditSchema, type DossierEdit } from '../contract/archival-fields';
import { documentMetadataSchema, type BatchView, type DocumentMetadata, type DocumentView, type DossierView, type PageView } from '../contract/domain';
import type { WorkstationEvents } from './events';
import type { Records } from './records';

const LIFECYCLE_AUDIT = { submitReview: 'submit-review', approve: 'approve', return: 'return' } as const;

/**
 * What a person (or the workstation, for auto-indexing) changes in the archive — batches, dossiers,
 * document metadata and lifecycle, the order and presence of pages — each change audited with what it
 * changed and announced to the views. The app's channels and the `sohoa` command both come here.
 */
export class ArchiveService {
  constructor(
    private readonly records: Records,
    private readonly audit: AuditLog,
    private readonly events: WorkstationEvents,
  ) {}

  createBatch(actor: Actor, name: string): BatchView {
    const batch = this.records.createBatch(name, actor.userId);
    this.audit.record(actor, 'batch.create', `batch:${batch.id}`, { name: batch.name });
    return batch;
  }

  createDossier(actor: Actor, batchId: number, fileCode: string, title: string): DossierView {
    const dossier = this.records.createDossier(batchId, fileCode, title);
    this.audit.record(actor, 'dossier.create', `dossier:${dossier.fileCode}`);
    return dossier;
  }

  /**
   * A person edits the dossier's archival fields (every one but its code): checked with the rules across
   * fields, audited with the old and new value of each changed one, as a document's metadata is.
   */
  updateDossier(actor: Actor, dossierId: number, fields: DossierEdit): DossierView {
    const before = this.records.dossier(dossierId).metadata;
    const after = this.records.updateDossier(dossierId, dossierEditSchema.parse(fields));
    this.audit.record(actor, 'dossier.update', `dossier:${after.fileCode}`, { changes: fieldChanges(before, after.metadata) });
    this.events.emit('dossier:changed', { dossierId });
    return after;
  }

  /** Moves a page to the recycle bin (its master, row and words kept until a supervisor purges it). */
  deletePage(actor: Actor, pageId: number): PageView {
    const { recycledId, ...page } = this.records.deletePage(pageId, actor.name);
    this.audit.record(actor, 'page.delete', `page:${pageId}`, { documentId: page.documentId, ordinal: page.ordinal, sha256: page.sha256, recycledId });
    this.events.emit('dossier:changed', { dossierId: this.records.document(page.documentId).dossierId });
    return page;
  }

  movePage(actor: Actor, pageId: number, toOrdinal: number): PageView {
    const before = this.records.page(pageId);
    const page = this.records.movePage(pageId, toOrdinal);
    this.audit.record(actor, 'page.move', `page:${pageId}`, { documentId: page.documentId, from: before.ordinal, to: page.ordinal });
    this.events.emit('dossier:changed', { dossierId: this.records.document(page.documentId).dossierId });
    return page;
  }

  /**
   * A person's save of a document's fields: the fields it changed are recorded as set by them, so that
   * no later proposal of auto-indexing replaces them (an emptied field included).
   */
  updateMetadata(actor: Actor, documentId: number, metadata: DocumentMetadata): DocumentView {
    const { document, changes } = this.records.metadataIndex.setByPerson(documentId, documentMetadataSchema.parse(metadata), actor);
    this.audit.record(actor, 'document.metadata', `document:${document.docCode}`, { changes });
    return document;
  }

  /**
   * A person moves a document through its lifecycle (submit for review, approve, return with a reason); the
   * lifecycle refuses what their role or the document's state does not allow. Audited with both states.
   */
  changeLifecycle(actor: Actor, documentId: number, transition: 'submitReview' | 'approve' | 'return', reason?: string): DocumentView {
    const from = this.records.lifecycle.state(documentId);
    const to = this.records.lifecycle.apply(documentId, transition, actor.user?.role ?? 'system', reason);
    const document = this.records.document(documentId);
    this.audit.record(actor, `document.${LIFECYCLE_AUDIT[transition]}`, `document:${document.docCode}`, reason === undefined ? { from, to } : { from, to, reason });
    this.events.emit('dossier:changed', { dossierId: document.dossierId });
    return document;
  }
}
