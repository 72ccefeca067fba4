import path from 'node:path';
import sharp from 'sharp';
import { corrupt, expandInput, readPages, type ImportFile } from '../capture/page-image-reader';
import { AppError, isAppError, toErrorView } from '../contract/errors';
import { ANALYSIS_STEPS } from '../contract/page-recipe';
import type { JobContext } from '../jobs/job-queue';
import type { JobResults } from '../contract/job-results';
import { sha256OfFile, type BlobStore } from '../storage/blob-store';
import type { AuditLog } from '../accounts/audit-log';
import { continuedDocument, displaySources, originKey, storedSuccessor } from './import-identity';
import type { PageOrigin, Records } from './records';
import { unsureWarning, withStitchedSheet, type TilePlacement } from './stitching';
import type { WorkstationEvents } from './events';
import type { SeparationResult, SeparationService } from './separation-service';

export interface ImportPayload {
  /** Files or folders; each becomes one document whose pages are its images in name order. */
  paths: string[];
  /**
   * The files are 2–6 overlapping passes of one large sheet: they are stitched into one page (with the
   * clerk's manual placements, or registered automatically) in a document of its own.
   */
  stitch?: { placements: TilePlacement[] | null };
  /**
   * «Tách theo tờ phân cách»: the inputs, in order, are one scanned batch, split into dossiers and
   * documents by the separator sheets found on its pages (services/separation-service.ts).
   */
  separate?: boolean;
}

/** What became of one input, in the job's result. */
interface InputResult {
  source: string;
  docCode: string;
  pagesAdded: number;
  /** Pages the document holds now. */
  pages: number;
  /** A new document; one an earlier import left incomplete, completed; one already complete. */
  status: 'new' | 'completed' | 'unchanged';
}

/**
 * How many pages a PNG, JPEG or TIFF file holds, from its header only (null for a PDF, or when the header
 * cannot be read: the file is then read page by page, which names the problem): lets a retry skip a file
 * already stored without decoding it.
 */
async function singleImagePageCount(file: ImportFile): Promise<number | null> {
  if (file.kind === 'pdf') return null;
  try {
    return (await sharp(file.path).metadata()).pages ?? 1;
  } catch {
    return null;
  }
}

/**
 * Imports page images into a dossier. Each page is made durable in the blob store before its row is
 * committed, so an acknowledged page is never lost; a corrupt file becomes a warning naming it and the
 * other files go on. Idempotent: each input is one document remembered by its path, each page by its
 * file, number in the file and the file's content hash, so a resumed job or the same import run again
 * skips what is stored and completes the rest (see `importInput`).
 */
export class ImportService {
  constructor(
    private readonly records: Records,
    private readonly blobs: BlobStore,
    private readonly audit: AuditLog,
    private readonly events: WorkstationEvents,
    /** Called when pages were added, e.g. to queue recognition. */
    private readonly onPagesAdded: (dossierId: number, context: JobContext<ImportPayload>) => void = () => {},
    /** Splits the imported pages by their separator sheets when the payload asks (`separate`). */
    private readonly separation: SeparationService | null = null,
  ) {}

  readonly handle = async (context: JobContext<ImportPayload, JobResults['import']>): Promise<void> => {
    const dossierId = context.dossierId;
    if (dossierId === null) throw new Error('import job without a dossier');
    const dossier = this.records.dossier(dossierId);
    if (context.payload.stitch) return this.importStitched(context, dossierId, context.payload.stitch.placements);

    const inputs: Array<{ path: string; files: ImportFile[] }> = [];
    for (const input of context.payload.paths) {
      try {
        inputs.push({ path: path.resolve(input), files: await expandInput(input) });
      } catch (error) {
        context.warn(toErrorView(error), error);
      }
    }
    const sources = displaySources(
      inputs.map((input) => input.path),
      this.records.documentSources(dossierId),
    );
    const total = inputs.reduce((n, input) => n + input.files.length, 0);
    const progress = { done: 0, total };
    let added = 0;
    let stored = 0;
    const documents: InputResult[] = [];
    const documentIds: number[] = [];
    context.progress(0, total);

    for (const [index, input] of inputs.entries()) {
      if (context.signal.aborted) return;
      const result = await this.importInput(context, dossierId, input, sources[index]!, progress);
      if (result === null) return;
      const { documentId, ...shown } = result;
      added += result.pagesAdded;
      stored += result.pages;
      documents.push(shown);
      documentIds.push(documentId);
    }
    this.records.removeEmptyJobDocuments(context.id);
    this.audit.record(context.actor, 'pages.import', `dossier:${dossier.fileCode}`, { pagesAdded: added, inputs: context.payload.paths.length, job: context.id });
    if (stored === 0) {
      context.setResult({ pagesAdded: added, pagesStored: stored, documents });
      throw new AppError('NO_IMAGES', 'Không nhập được trang nào: không có tệp ảnh đọc được. Xem danh sách lỗi bên dưới.', 'No page was imported: no readable image file.');
    }
    if (context.payload.separate && this.separation && added > 0) {
      const done = await this.separation.separate(context.actor, dossierId, documentIds, { jobId: context.id });
      context.setResult({ pagesAdded: added, pagesStored: stored, documents, separation: separationSummary(done) });
      // Every dossier that received pages is read, not only the one imported into.
      for (const id of new Set(done.documents.map((d) => d.dossierId))) this.onPagesAdded(id, context);
      return;
    }
    context.setResult({ pagesAdded: added, pagesStored: stored, documents });
    if (added > 0) this.onPagesAdded(dossierId, context);
  };

  /**
   * One input into the document it continues (see `continuedDocument`), or a new one: each source page
   * not stored yet is added in source order, each one already there is skipped, so a retried or resumed
   * import completes what an interrupted one left and adds nothing twice. Null when the job was aborted.
   *
   * A deliberate re-import of an input that is already complete adds nothing and says so in a warning;
   * a page the clerk deleted since stays in the recycle bin (restored from there, not imported again),
   * and one purged from the bin comes back in its place, since the input still holds it. To import
   * the same pages a second time as another document, the clerk imports a copy from another folder.
   */
  private async importInput(
    context: JobContext<ImportPayload>,
    dossierId: number,
    input: { path: string; files: ImportFile[] },
    source: string,
    progress: { done: number; total: number },
  ): Promise<(InputResult & { documentId: number }) | null> {
    const files: Array<ImportFile & { sha256: string }> = [];
    for (const file of input.files) {
      // Refused by its name already (not UTF-8, too long a path): its own message, it cannot be opened.
      if (file.refused) {
        context.warn(file.refused.toView());
        context.progress(++progress.done, progress.total);
        continue;
      }
      try {
        // Streamed: a source file is never held whole just to know whether it is already stored.
        files.push({ ...file, sha256: await sha256OfFile(file.path) });
      } catch (error) {
        context.warn(corrupt(file.name, error).toView(), error);
        context.progress(++progress.done, progress.total);
      }
    }
    const candidates = this.records.importedFrom(dossierId, input.path);
    const { continued, changed } = continuedDocument(candidates, files);
    const document = continued?.document ?? this.records.createImportedDocument(dossierId, context.id, source, input.path);
    if (changed) {
      context.warn(
        new AppError(
          'SOURCE_CHANGED',
          `«${source}» đã thay đổi kể từ lần nhập vào văn bản ${changed.document.docCode} (cùng đường dẫn, nội dung khác): các trang được nhập thành văn bản mới ${document.docCode}; văn bản cũ giữ nguyên.`,
          `«${source}» changed since it was imported as document ${changed.document.docCode} (same path, other content): its pages were imported as a new document ${document.docCode}; the old one is unchanged.`,
          source,
        ).toView(),
      );
    }

    const fileIndex = new Map(files.map((file, index) => [file.path, index]));
    const hashOf = new Map(files.map((file) => [file.path, file.sha256]));
    // Only pages whose file still has the same content are this input's pages.
    const stored = (continued?.origins ?? []).filter((o) => hashOf.get(o.path) === o.sha256);
    // A page of this input the clerk deleted (in the recycle bin) counts as there: restored from the bin, not re-imported.
    const recycled = (continued?.recycled ?? []).filter((o) => hashOf.get(o.path) === o.sha256);
    const present = new Set([...stored, ...recycled].map(originKey));
    let pagesAdded = 0;
    for (const file of files) {
      if (context.signal.aborted) return null;
      try {
        const expected = await singleImagePageCount(file);
        const complete = expected !== null && Array.from({ length: expected }, (_, i) => originKey({ path: file.path, page: i + 1 })).every((key) => present.has(key));
        if (!complete) {
          for await (const page of readPages(file)) {
            if (page.notice) context.warn(page.notice.toView());
            const origin: PageOrigin = { path: file.path, page: page.page, sha256: file.sha256 };
            if (present.has(originKey(origin))) continue;
            const { sha256, bytes } = await this.blobs.put(page.data);
            const row = { documentId: document.id, sha256, bytes, format: page.format, width: page.width, height: page.height, dpi: page.dpi, dpiAssumed: page.dpiAssumed, source: page.source };
            const added = this.records.addImportedPage(row, origin, storedSuccessor(origin, stored, fileIndex));
            stored.push({ ...origin, pageId: added.id });
            present.add(originKey(origin));
            pagesAdded++;
            this.events.emit('dossier:changed', { dossierId });
          }
        }
      } catch (error) {
        if (!isAppError(error)) throw error;
        context.warn(error.toView());
      }
      context.progress(++progress.done, progress.total);
    }

    const pages = this.records.pageCount(document.id);
    // The job's own document on a resumed run was simply being filled: nothing to say.
    if (pagesAdded === 0 && pages > 0 && continued !== null && continued.importJobId !== context.id) {
      context.warn(
        new AppError(
          'ALREADY_IMPORTED',
          `«${source}» đã được nhập đủ vào văn bản ${document.docCode} (${pages} trang): không thêm trang nào, các trang đã có giữ nguyên.`,
          `«${source}» is already fully imported as document ${document.docCode} (${pages} pages): no page was added; the stored pages are unchanged.`,
          source,
        ).toView(),
      );
    }
    const status: InputResult['status'] = continued === null ? 'new' : pagesAdded > 0 ? 'completed' : 'unchanged';
    return { source, docCode: document.docCode, pagesAdded, pages, status, documentId: document.id };
  }

  /** The passes of one sheet, stitched and stored as one page; resumable like any import. */
  private async importStitched(context: JobContext<ImportPayload, JobResults['import']>, dossierId: number, placements: TilePlacement[] | null): Promise<void> {
    const files = context.payload.paths;
    const source = `${path.basename(files[0]!)} (ghép ${files.length} lần quét)`;
    const document = this.records.documentForJob(dossierId, context.id, source);
    context.progress(0, 1);
    if (this.records.pageCount(document.id) > 0) {
      context.progress(1, 1);
      return;
    }
    const stitched = await withStitchedSheet(files, placements, async (file, result) => {
      for await (const page of readPages({ path: file, name: source, kind: 'tiff' })) {
        const { sha256, bytes } = await this.blobs.put(page.data);
        // One sheet by construction: never split as if it were a two-page spread.
        const analysis = ANALYSIS_STEPS.filter((step) => step !== 'spread');
        this.records.addPage({ documentId: document.id, sha256, bytes, format: page.format, width: page.width, height: page.height, dpi: page.dpi, dpiAssumed: page.dpiAssumed, source, analysis });
      }
      return result;
    });
    const warning = unsureWarning(stitched);
    if (warning) context.warn(warning.toView());
    this.events.emit('dossier:changed', { dossierId });
    context.progress(1, 1);
    this.audit.record(context.actor, 'pages.stitch', `document:${document.docCode}`, { passes: files.length, manual: placements !== null, unsure: stitched.unsure, job: context.id });
    context.setResult({
      pagesAdded: 1,
      stitch: { width: stitched.width, height: stitched.height, unsure: stitched.unsure, tiles: stitched.placements, doubts: stitched.doubts },
    });
    this.onPagesAdded(dossierId, context);
  }
}

/** A separation as the import job's result says it (contract/job-results.ts). */
export function separationSummary(done: SeparationResult): NonNullable<Extract<JobResults['import'], { documents: unknown }>['separation']> {
  return {
    runId: done.runId,
    separatorPages: done.separatorPages,
    documents: done.documents.map((d) => ({ fileCode: d.fileCode, docCode: d.docCode, pages: d.pages })),
    dossiersCreated: done.dossiersCreated,
    flags: done.flags.map((f) => ({ code: f.code, position: f.position, messageVi: f.messageVi, messageEn: f.messageEn })),
  };
}
