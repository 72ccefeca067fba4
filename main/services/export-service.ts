import { setTimeout as sleep } from 'node:timers/promises';
import type { PageView, WordView } from '../contract/domain';
import { AppError } from '../contract/errors';
import { rendersAsScanned } from '../contract/page-recipe';
import { imaging } from '../imaging/imaging-pool';
import { buildAltoPage } from '../packaging/alto';
import { buildSearchablePdf, type PdfPageInput } from '../packaging/searchable-pdf';
import { documentRecord, type DocumentRecord } from '../packaging/document-record';
import { recoverOutbox, writeDocumentSet, type OutboxFile, type OutboxStage } from '../packaging/outbox-writer';
import type { JobContext } from '../jobs/job-queue';
import type { JobResults } from '../contract/job-results';
import type { BlobStore } from '../storage/blob-store';
import type { AuditLog } from '../accounts/audit-log';
import type { Records } from './records';
import type { WorkstationEvents } from './events';

export interface ExportPayload {
  outboxDir: string;
}

export interface ExportedDocument {
  docId: string;
  /** `<outbox>/<docId>`: the folder holding the document's whole set. */
  dir: string;
  pdf: string;
  json: string;
  /** One ALTO file per page, in page order. */
  alto: string[];
  record: DocumentRecord;
  /** The document's content version its files were written from (Records.markExported records it). */
  contentVersion: number;
}

export interface ExportOptions {
  /** False for `sohoa process`: its scratch dossier's codes mean nothing to an archive. */
  archivalCodes?: boolean;
  /** Called at each step of replacing the set (crash tests stop the process there). */
  onStage?: (stage: OutboxStage) => Promise<void> | void;
}

const SOFTWARE = { name: 'Trạm số hóa (tesseract.js)', version: '0.1.0' };
/** How often a waiting export looks again whether recognition of the dossier is still pending. */
const RECOGNITION_POLL_MS = 250;
/** Pages named in one warning; the rest are counted. */
const PAGES_NAMED = 10;

/** `<docId>.<page>.alto.xml`: beside `<docId>.pdf`, and sorted in page order by any file list. */
export function altoFileName(docId: string, pageIndex: number, pageCount: number): string {
  return `${docId}.${String(pageIndex).padStart(Math.max(3, String(pageCount).length), '0')}.alto.xml`;
}

/**
 * What a page lets the export do: go in with its text, go in without text (its recognition failed), or
 * hold its document back (still waiting for recognition). Each case is decided here, page by page.
 */
type PageReadiness = 'ready' | 'without-text' | 'missing' | 'pending';

function readinessOf(page: PageView): PageReadiness {
  // Its master is gone: it goes in as a placeholder page saying so (recognition skips it).
  if (page.missingSince !== null) return 'missing';
  if (page.state === 'recognized') return 'ready';
  if (page.state === 'failed') return 'without-text';
  return 'pending';
}

/**
 * Packages documents into the outbox: per document, a folder `<docId>/` with a searchable PDF (page
 * images + invisible text layer), a JSON record and one ALTO file per page, named `<mã hồ sơ>.<số thứ tự>`
 * per Thông tư 05/2025, and replaced as one set (see `writeDocumentSet`). An export job waits while the
 * dossier's pages are being imported or recognized, holds back a document with pages still unrecognized,
 * and marks a document exported only once its whole set is in place.
 */
export class ExportService {
  constructor(
    private readonly records: Records,
    private readonly blobs: BlobStore,
    private readonly audit: AuditLog,
    private readonly events: WorkstationEvents,
  ) {}

  readonly handle = async (context: JobContext<ExportPayload, JobResults['export']>): Promise<void> => {
    const dossierId = context.dossierId;
    if (dossierId === null) throw new Error('export job without a dossier');
    const dossier = this.records.dossier(dossierId);
    const outboxDir = context.payload.outboxDir;
    // What an export killed earlier left in this outbox is finished or undone first.
    await recoverOutbox(outboxDir);
    // The documents are listed once the dossier's pages have all come in (an import still running adds some).
    if (!(await this.waitForRecognition(dossierId, context.signal))) return;
    const documents = this.records.listDocuments(dossierId).filter((d) => d.pageCount > 0);
    const written: string[] = [];
    let refused = 0;
    context.progress(0, documents.length);
    for (const [index, listed] of documents.entries()) {
      // Again before each document: a page edited meanwhile is queued for recognition anew.
      if (!(await this.waitForRecognition(dossierId, context.signal))) return;
      const document = this.records.document(listed.id);
      const pages = this.records.listDocumentPages(document.id);
      const byReadiness = (r: PageReadiness) => pages.filter((page) => readinessOf(page) === r);
      const pending = byReadiness('pending');
      if (pending.length > 0) {
        refused++;
        context.warn(notRecognized(document.docCode, pending).toView());
      } else {
        const withoutText = byReadiness('without-text');
        if (withoutText.length > 0) context.warn(exportedWithoutText(document.docCode, withoutText).toView());
        const exported = await this.exportDocument(document.id, outboxDir, `${dossier.fileCode}.${document.ordinal}`);
        for (const page of exported.record.pages.filter((p) => p.missing)) context.warn(missingScan(document.docCode, page).toView());
        written.push(exported.pdf, exported.json, ...exported.alto);
        this.records.markExported(document.id, exported.contentVersion);
      }
      context.progress(index + 1, documents.length);
    }
    this.audit.record(context.actor, 'dossier.export', `dossier:${dossier.fileCode}`, { outboxDir, files: written.length, refused, job: context.id });
    context.setResult({ outboxDir, files: written, documents: documents.length - refused, refused });
    this.events.emit('dossier:changed', { dossierId });
  };

  /**
   * Waits while the dossier has import, scan or recognition work queued or running, in this process or
   * another one on the same store (it asks the database, not this process's queue). False when aborted.
   */
  private async waitForRecognition(dossierId: number, signal: AbortSignal): Promise<boolean> {
    while (this.records.pageWorkPending(dossierId)) {
      try {
        await sleep(RECOGNITION_POLL_MS, undefined, { signal });
      } catch {
        return false;
      }
    }
    return !signal.aborted;
  }

  /**
   * Writes the folder `<docId>/` with `<docId>.pdf`, `<docId>.json` and one ALTO file per page for one
   * document, from its stored pages and words, replacing any set there as one. This is the one call that
   * regenerates them all after the text has been corrected.
   */
  async exportDocument(documentId: number, outboxDir: string, docId: string, options: ExportOptions = {}): Promise<ExportedDocument> {
    const archivalCodes = options.archivalCodes ?? true;
    // Read before the pages: a change made while the files are written counts as after this export.
    const contentVersion = this.records.contentVersion(documentId);
    const document = this.records.document(documentId);
    const dossier = this.records.dossier(document.dossierId);
    const pages = this.records.listDocumentPages(documentId);
    const words = pages.map((page) => this.records.words(page.id));
    const inputs: PdfPageInput[] = [];
    const missing = new Set<number>();
    for (const [index, page] of pages.entries()) {
      // A page kept without its master (see the start-up check) is exported as missing, not left out.
      if (page.missingSince !== null || !(await this.blobs.has(page.sha256))) {
        missing.add(page.id);
        inputs.push({ placeholder: missingScanNotice(page), width: page.width, height: page.height, dpi: page.dpi, words: words[index]! });
        continue;
      }
      inputs.push(await this.pdfPage(page, words[index]!));
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
      fileCode: archivalCodes ? dossier.fileCode : null,
      docCode: archivalCodes ? document.docCode : null,
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
        ...(missing.has(page.id) ? { missing: true as const } : {}),
        text: this.records.pageText(page.id),
        confidence: page.confidence,
      })),
    });
    const now = new Date();
    const altoFiles: OutboxFile[] = pages.map((page, index) => ({
      name: altoFileName(docId, index + 1, pages.length),
      data: buildAltoPage({
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
      }),
    }));
    const set = await writeDocumentSet(
      outboxDir,
      docId,
      [{ name: `${docId}.pdf`, data: pdf }, { name: `${docId}.json`, data: `${JSON.stringify(record, null, 2)}\n` }, ...altoFiles],
      options.onStage,
    );
    const [pdfPath, jsonPath, ...alto] = set.paths as [string, string, ...string[]];
    return { docId, dir: set.dir, pdf: pdfPath, json: jsonPath, alto, record, contentVersion };
  }

  /**
   * One page of the PDF. A page as scanned goes in as its master's bytes; an edited one is rendered from
   * the master (lossless for PNG masters, high-quality JPEG otherwise).
   */
  private async pdfPage(page: PageView & { format: 'png' | 'jpeg' | 'tiff' }, words: WordView[]): Promise<PdfPageInput> {
    const asScanned = rendersAsScanned(page.recipe);
    const format = asScanned ? page.format : page.format === 'png' ? 'png' : 'jpeg';
    return {
      image: asScanned ? await this.blobs.read(page.sha256) : await imaging().pageImage(this.blobs.pathOf(page.sha256), page.recipe, format === 'png' ? 'png' : 'jpeg'),
      format,
      width: page.width,
      height: page.height,
      dpi: page.dpi,
      words,
    };
  }
}

/** "trang 2 (trang-2.png), trang 5 (trang-5.png)", the first few, then how many more. */
function namePages(pages: readonly PageView[]): { vi: string; en: string } {
  const named = pages.slice(0, PAGES_NAMED);
  const rest = pages.length - named.length;
  return {
    vi: named.map((p) => `trang ${p.ordinal} (${p.source})`).join(', ') + (rest > 0 ? ` và ${rest} trang khác` : ''),
    en: named.map((p) => `page ${p.ordinal} (${p.source})`).join(', ') + (rest > 0 ? ` and ${rest} more` : ''),
  };
}

function notRecognized(docCode: string, pages: readonly PageView[]): AppError {
  const { vi, en } = namePages(pages);
  return new AppError(
    'EXPORT_NOT_RECOGNIZED',
    `Chưa xuất văn bản ${docCode}: ${pages.length} trang chưa được nhận dạng chữ (${vi}) và không có công việc nhận dạng nào đang chờ. Hãy chạy nhận dạng chữ cho hồ sơ rồi xuất lại; các văn bản khác vẫn được xuất, dữ liệu không bị mất.`,
    `Document ${docCode} was not exported: ${pages.length} page(s) are not recognized yet (${en}) and no recognition job is pending. Run recognition for the dossier and export again; the other documents were exported and no data was lost.`,
    docCode,
  );
}

function exportedWithoutText(docCode: string, pages: readonly PageView[]): AppError {
  const { vi, en } = namePages(pages);
  return new AppError(
    'EXPORT_WITHOUT_TEXT',
    `Văn bản ${docCode} đã được xuất, nhưng ${pages.length} trang không nhận dạng được chữ (${vi}): các trang này chỉ có ảnh, không có lớp chữ để tìm kiếm.`,
    `Document ${docCode} was exported, but ${pages.length} page(s) could not be recognized (${en}): they have the image only, no searchable text layer.`,
    docCode,
  );
}

function missingScan(docCode: string, page: { index: number; source: string }): AppError {
  return new AppError(
    'PAGE_MISSING',
    `Trang ${page.index} của văn bản ${docCode} («${page.source}») thiếu bản quét gốc trong kho: tệp PDF có một trang ghi rõ điều đó ở vị trí của nó, bản ghi JSON đánh dấu "missing".`,
    `Page ${page.index} of document ${docCode} («${page.source}») has no master file in the store: the PDF has a page saying so in its place, the JSON record marks it "missing".`,
    page.source,
  );
}

/** The text of the placeholder page a missing scan gets in the PDF (Vietnamese, then English). */
function missingScanNotice(page: PageView): string[] {
  return [
    'THIẾU BẢN QUÉT CỦA TRANG NÀY',
    `Trang ${page.ordinal}, nguồn «${page.source}».`,
    'Bản quét gốc không có trong kho khi xuất; trang và chữ đã nhận dạng vẫn được lưu.',
    'Mã bản quét (SHA-256):',
    page.sha256,
    'The scan of this page was missing from the store when it was exported.',
  ];
}
