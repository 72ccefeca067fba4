import path from 'node:path';
import { expandInput, readPages, type ImportFile } from '../capture/page-image-reader';
import { AppError, isAppError, toErrorView } from '../contract/errors';
import { ANALYSIS_STEPS } from '../contract/page-recipe';
import type { JobContext } from '../jobs/job-queue';
import type { BlobStore } from '../storage/blob-store';
import type { AuditLog } from '../accounts/audit-log';
import type { Records } from './records';
import { unsureWarning, withStitchedSheet, type TilePlacement } from './stitching';
import type { WorkstationEvents } from './events';

export interface ImportPayload {
  /** Files or folders; each becomes one document whose pages are its images in name order. */
  paths: string[];
  /**
   * The files are 2–6 overlapping passes of one large sheet: they are stitched into one page (with the
   * clerk's manual placements, or registered automatically) in a document of its own.
   */
  stitch?: { placements: TilePlacement[] | null };
}

/**
 * Imports page images into a dossier. Each page is made durable in the blob store before its row is
 * committed, so an acknowledged page is never lost; a corrupt file becomes a warning naming it and the
 * other files go on. Resumable: a re-run skips the pages each document already holds.
 */
export class ImportService {
  constructor(
    private readonly records: Records,
    private readonly blobs: BlobStore,
    private readonly audit: AuditLog,
    private readonly events: WorkstationEvents,
    /** Called when pages were added, e.g. to queue recognition. */
    private readonly onPagesAdded: (dossierId: number, context: JobContext<ImportPayload>) => void = () => {},
  ) {}

  readonly handle = async (context: JobContext<ImportPayload>): Promise<void> => {
    const dossierId = context.dossierId;
    if (dossierId === null) throw new Error('import job without a dossier');
    const dossier = this.records.dossier(dossierId);
    if (context.payload.stitch) return this.importStitched(context, dossierId, context.payload.stitch.placements);

    const inputs: Array<{ source: string; files: ImportFile[] }> = [];
    for (const input of context.payload.paths) {
      try {
        inputs.push({ source: path.basename(input), files: await expandInput(input) });
      } catch (error) {
        context.warn(toErrorView(error));
      }
    }
    const total = inputs.reduce((n, input) => n + input.files.length, 0);
    let done = 0;
    let added = 0;
    let stored = 0;
    context.progress(done, total);

    for (const input of inputs) {
      if (context.signal.aborted) return;
      const document = this.records.documentForJob(dossierId, context.id, input.source);
      // Pages come in a fixed order, so the ones already stored by an interrupted run are the first ones.
      let skip = this.records.pageCount(document.id);
      for (const file of input.files) {
        if (context.signal.aborted) return;
        try {
          for await (const page of readPages(file)) {
            if (skip > 0) {
              skip--;
              continue;
            }
            const { sha256, bytes } = await this.blobs.put(page.data);
            this.records.addPage({ documentId: document.id, sha256, bytes, format: page.format, width: page.width, height: page.height, dpi: page.dpi, dpiAssumed: page.dpiAssumed, source: page.source });
            added++;
            this.events.emit('dossier:changed', { dossierId });
          }
        } catch (error) {
          if (!isAppError(error)) throw error;
          context.warn(error.toView());
        }
        context.progress(++done, total);
      }
      stored += this.records.pageCount(document.id);
    }
    this.records.removeEmptyJobDocuments(context.id);
    this.audit.record(context.actor, 'pages.import', `dossier:${dossier.fileCode}`, { pagesAdded: added, inputs: context.payload.paths.length, job: context.id });
    context.setResult({ pagesAdded: added, pagesStored: stored });
    if (stored === 0) {
      throw new AppError('NO_IMAGES', 'Không nhập được trang nào: không có tệp ảnh đọc được. Xem danh sách lỗi bên dưới.', 'No page was imported: no readable image file.');
    }
    if (added > 0) this.onPagesAdded(dossierId, context);
  };

  /** The passes of one sheet, stitched and stored as one page; resumable like any import. */
  private async importStitched(context: JobContext<ImportPayload>, dossierId: number, placements: TilePlacement[] | null): Promise<void> {
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
