import type { Actor } from '../accounts/actor';
import type { AuditLog } from '../accounts/audit-log';
import type { RecycleBin } from '../archive/recycle-bin';
import type { DocumentView, PageView } from '../contract/domain';
import type { WorkstationEvents } from './events';
import type { Quarantine } from './quarantine';
import type { Records } from './records';

/**
 * Bringing back what was set aside — pages in the recycle bin, blobs in the quarantine — or, for a
 * supervisor, purging them for good; every step audited. Restored quarantine pages are recognized.
 */
export class RecoveryService {
  constructor(
    private readonly records: Records,
    private readonly recycleBin: RecycleBin,
    private readonly quarantine: Quarantine,
    private readonly audit: AuditLog,
    private readonly events: WorkstationEvents,
    private readonly queueRecognition: (dossierId: number, actor: Actor) => void,
  ) {}

  restoreRecycledPage(actor: Actor, recycledId: number): PageView {
    const page = this.recycleBin.restore(recycledId);
    this.audit.record(actor, 'trash.restore', `page:${page.id}`, { recycledId, documentId: page.documentId, ordinal: page.ordinal, sha256: page.sha256 });
    this.events.emit('dossier:changed', { dossierId: this.records.document(page.documentId).dossierId });
    return page;
  }

  async purgeRecycledPage(actor: Actor, recycledId: number): Promise<void> {
    const { page, blobDeleted } = await this.recycleBin.purge(recycledId);
    this.audit.record(actor, 'trash.purge', `page:${page.pageId}`, { recycledId, documentId: page.documentId, sha256: page.sha256, source: page.source, blobDeleted });
  }

  /** Restores quarantined blobs as pages of a new document of the dossier, then recognizes them. */
  async restoreQuarantined(actor: Actor, ids: readonly number[], dossierId: number): Promise<DocumentView> {
    const { document, pages } = await this.quarantine.restore(ids, dossierId);
    this.audit.record(actor, 'quarantine.restore', `document:${document.docCode}`, { ids, pages: pages.map((p) => ({ pageId: p.id, sha256: p.sha256 })) });
    this.events.emit('dossier:changed', { dossierId });
    this.queueRecognition(dossierId, actor);
    return document;
  }

  async purgeQuarantined(actor: Actor, id: number): Promise<void> {
    const blob = await this.quarantine.purge(id);
    this.audit.record(actor, 'quarantine.purge', `blob:${blob.sha256}`, { id, bytes: blob.bytes, writtenAt: blob.writtenAt, quarantinedAt: blob.quarantinedAt });
  }
}
