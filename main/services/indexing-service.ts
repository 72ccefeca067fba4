import type { Actor } from '../accounts/actor';
import type { AuditLog } from '../accounts/audit-log';
import type { IndexOutcome } from '../archive/metadata-proposals';
import type { DocumentView } from '../contract/domain';
import { AppError } from '../contract/errors';
import type { DocumentIndexView } from '../contract/metadata-index';
import type { LayoutPage, LayoutReading } from '../contract/metadata-proposals';
import type { WorkstationEvents } from './events';
import type { Records } from './records';

/** What reads a document's fields from its pages' words and boxes. */
export type LayoutReader = (pages: readonly LayoutPage[]) => LayoutReading;

/** Said when one document's indexing fails: the others go on, and the document stays due. */
export type IndexingWarn = (warning: AppError, cause: unknown) => void;

/**
 * Auto-indexing: once a document's recognition is over, its pages' words are read by the layout reader,
 * the proposals kept with their confidence and words, and applied where no person has set the field
 * (main/archive/metadata-proposals.ts has the rules). It runs from the OCR job after each page, at the
 * job's start (a resumed job finishes what a killed one left) and when the workstation opens.
 */
export class IndexingService {
  constructor(
    private readonly records: Records,
    private readonly audit: AuditLog,
    private readonly events: WorkstationEvents,
    private readonly reader: LayoutReader,
    /** Kept with each proposal: which reader made it. */
    private readonly readerName: string,
  ) {}

  /** The document's recognized pages as the reader takes them: sizes, and the words of the text (not those set aside). */
  layoutPages(documentId: number): LayoutPage[] {
    return this.records
      .listDocumentPages(documentId)
      .filter((page) => page.state === 'recognized')
      .map((page) => ({
        pageId: page.id,
        width: page.width,
        height: page.height,
        words: this.records
          .words(page.id)
          .map((word, index) => ({ ...word, index }))
          .filter((word) => word.aside === undefined)
          .map(({ index, text, x0, y0, x1, y1, confidence, line }) => ({ index, text, x0, y0, x1, y1, confidence, line })),
      }));
  }

  /** Reads the document now and applies its proposals; audited with what it filled and what a person's value kept. */
  indexDocument(actor: Actor, documentId: number): IndexOutcome {
    const reading = this.reader(this.layoutPages(documentId));
    const outcome = this.records.metadataIndex.store(documentId, reading, this.readerName);
    const { document } = outcome;
    this.audit.record(actor, 'document.auto-index', `document:${document.docCode}`, { changes: outcome.changes, kept: outcome.keptByPerson, reader: this.readerName });
    this.events.emit('dossier:changed', { dossierId: document.dossierId });
    return outcome;
  }

  /**
   * Indexes every document of the dossier (or of the store: null) that is due: a page of it recognized
   * since its last indexing, and none waiting. A document that fails is named to `warn` and stays due.
   */
  indexDue(actor: Actor, dossierId: number | null, warn: IndexingWarn): DocumentView[] {
    const indexed: DocumentView[] = [];
    for (const documentId of this.records.metadataIndex.dueDocuments(dossierId)) {
      try {
        indexed.push(this.indexDocument(actor, documentId).document);
      } catch (error) {
        warn(indexingFailed(this.records.document(documentId)), error);
      }
    }
    return indexed;
  }

  view(documentId: number): DocumentIndexView {
    return this.records.metadataIndex.view(documentId);
  }
}

function indexingFailed(document: DocumentView): AppError {
  return new AppError(
    'INDEXING_FAILED',
    `Không tự điền được thông tin của văn bản ${document.docCode}. Chữ đã nhận dạng và thông tin đã nhập vẫn được giữ nguyên; việc tự điền sẽ được thử lại khi khởi động lại, hoặc hãy nhập thông tin bằng tay.`,
    `The metadata of document ${document.docCode} could not be filled in automatically. The recognized text and the metadata already entered are kept; it is tried again at the next start, or enter the metadata by hand.`,
    `document:${document.id}`,
  );
}
