import { rendersAsScanned } from '../contract/page-recipe';
import { pageImage } from '../imaging/derivatives';
import { buildAltoPage } from '../packaging/alto';
import { buildSearchablePdf, type PdfPageInput } from '../packaging/searchable-pdf';
import { documentRecord, type DocumentRecord } from '../packaging/document-record';
import { writeOutboxFile } from '../packaging/outbox-writer';
import type { JobContext } from '../jobs/job-queue';
import type { BlobStore } from '../storage/blob-store';
import type { AuditLog } from '../accounts/audit-log';
import type { Records } from './records';
import type { WorkstationEvents } from './events';

export interface ExportPayload {
  outboxDir: string;
}

export interface ExportedDocument {
  docId: string;
  pdf: string;
  json: string;
  /** One ALTO file per page, in page order. */
  alto: string[];
  record: DocumentRecord;
}

const SOFTWARE = { name: 'Trạm số hóa (tesseract.js)', version: '0.1.0' };

/** `<docId>.<page>.alto.xml`: beside `<docId>.pdf`, and sorted in page order by any file list. */
export function altoFileName(docId: string, pageIndex: number, pageCount: number): string {
  return `${docId}.${String(pageIndex).padStart(Math.max(3, String(pageCount).length), '0')}.alto.xml`;
}

/**
 * Packages documents into the outbox: a searchable PDF (page images + invisible text layer) and a JSON
 * record each, named `<mã hồ sơ>.<số thứ tự>` per Thông tư 05/2025. A document is marked exported only
 * after both files are in place.
 */
export class ExportService {
  constructor(
    private readonly records: Records,
    private readonly blobs: BlobStore,
    private readonly audit: AuditLog,
    private readonly events: WorkstationEvents,
  ) {}

  readonly handle = async (context: JobContext<ExportPayload>): Promise<void> => {
    const dossierId = context.dossierId;
    if (dossierId === null) throw new Error('export job without a dossier');
    const dossier = this.records.dossier(dossierId);
    const documents = this.records.listDocuments(dossierId).filter((d) => d.pageCount > 0);
    const written: string[] = [];
    context.progress(0, documents.length);
    for (const [index, document] of documents.entries()) {
      if (context.signal.aborted) return;
      const exported = await this.exportDocument(document.id, context.payload.outboxDir, `${dossier.fileCode}.${document.ordinal}`);
      written.push(exported.pdf, exported.json, ...exported.alto);
      this.records.setDocumentState(document.id, 'exported');
      context.progress(index + 1, documents.length);
    }
    this.audit.record(context.actor, 'dossier.export', `dossier:${dossier.fileCode}`, { outboxDir: context.payload.outboxDir, files: written.length, job: context.id });
    context.setResult({ outboxDir: context.payload.outboxDir, files: written });
    this.events.emit('dossier:changed', { dossierId });
  };

  /**
   * Writes `<docId>.pdf`, `<docId>.json` and one ALTO file per page for one document, from its stored
   * pages and words. This is the one call that regenerates them all after the text has been corrected.
   */
  async exportDocument(documentId: number, outboxDir: string, docId: string, options: { archivalCodes: boolean } = { archivalCodes: true }): Promise<ExportedDocument> {
    const document = this.records.document(documentId);
    const dossier = this.records.dossier(document.dossierId);
    const pages = this.records.listDocumentPages(documentId);
    const words = pages.map((page) => this.records.words(page.id));
    const inputs: PdfPageInput[] = [];
    for (const [index, page] of pages.entries()) {
      // A page as scanned goes in as its master's bytes; an edited one is rendered from the master
      // (lossless for PNG masters, high-quality JPEG otherwise).
      const asScanned = rendersAsScanned(page.recipe);
      const format = asScanned ? page.format : page.format === 'png' ? 'png' : 'jpeg';
      inputs.push({
        image: asScanned ? await this.blobs.read(page.sha256) : await pageImage(this.blobs.pathOf(page.sha256), page.recipe, format === 'png' ? 'png' : 'jpeg'),
        format,
        width: page.width,
        height: page.height,
        dpi: page.dpi,
        words: words[index]!,
      });
    }
    const m = document.metadata;
    const title = m.subject ?? ([m.typeName, m.codeNumber && m.codeNotation ? `${m.codeNumber}/${m.codeNotation}` : m.codeNotation].filter(Boolean).join(' ') || docId);
    const pdf = await buildSearchablePdf(
      { title, subject: m.subject ?? undefined, author: m.organName ?? undefined, keywords: [dossier.fileCode, document.docCode], language: 'vi-VN' },
      inputs,
    );
    const record = documentRecord({
      docId,
      source: document.source,
      // `sohoa process` works in a scratch dossier whose codes mean nothing to an archive.
      fileCode: options.archivalCodes ? dossier.fileCode : null,
      docCode: options.archivalCodes ? document.docCode : null,
      metadata: m,
      pages: pages.map((page, index) => ({
        index: index + 1,
        source: page.source,
        width: page.width,
        height: page.height,
        dpi: page.dpi,
        rotation: page.recipe.rotation,
        deskewAngle: page.recipe.deskewAngle,
        blank: page.blank ?? false,
        ...(page.splitFrom ? { splitFrom: page.splitFrom } : {}),
        recognition: page.state === 'recognized' ? 'recognized' : page.state === 'failed' ? 'failed' : 'pending',
        text: this.records.pageText(page.id),
        confidence: page.confidence,
      })),
    });
    const now = new Date();
    const alto: string[] = [];
    for (const [index, page] of pages.entries()) {
      const xml = buildAltoPage({
        width: page.width,
        height: page.height,
        dpi: page.dpi,
        imageFileName: `${docId}.pdf`,
        language: 'vi',
        software: SOFTWARE,
        processingDate: now,
        words: words[index]!,
        confidence: page.confidence,
        pageNumber: index + 1,
      });
      alto.push(await writeOutboxFile(outboxDir, altoFileName(docId, index + 1, pages.length), xml));
    }
    const pdfPath = await writeOutboxFile(outboxDir, `${docId}.pdf`, pdf);
    const jsonPath = await writeOutboxFile(outboxDir, `${docId}.json`, `${JSON.stringify(record, null, 2)}\n`);
    return { docId, pdf: pdfPath, json: jsonPath, alto, record };
  }
}
