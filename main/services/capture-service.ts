import { promises as fs } from 'node:fs';
import { AppError, isAppError } from '../contract/errors';
import type { ScanPlacement } from '../contract/domain';
import type { JobContext } from '../jobs/job-queue';
import type { JobResults } from '../contract/job-results';
import type { BlobStore } from '../storage/blob-store';
import type { AuditLog } from '../accounts/audit-log';
import { scannerError } from '../capture/scanner-errors';
import type { ScannerRegistry } from '../capture/scanner-registry';
import type { ScanSettings } from '../capture/scanner-source';
import type { Records } from './records';
import type { WorkstationEvents } from './events';
import type { SeparationService } from './separation-service';

export interface ScanPayload {
  deviceId: string;
  /** The profile's name and settings as they were when the clerk pressed Scan. */
  profileName: string;
  settings: ScanSettings;
  deviceOptions: Record<string, string | number | boolean>;
  /** The document to scan into; null starts a new document in the dossier. */
  documentId: number | null;
  placement: ScanPlacement;
  /**
   * «Tách theo tờ phân cách»: the run is one scanned batch into a new document, split afterwards into
   * dossiers and documents by the separator sheets fed with it (services/separation-service.ts).
   */
  separate?: boolean;
}

/**
 * Scans from a device into a dossier. Each page is moved into the page store and committed as soon as it
 * arrives, so the clerk sees it at once and a jam, a cover opened or a cable pulled later in the batch
 * loses nothing already scanned; the job then fails with the scanner's Vietnamese message and the clerk
 * scans on into the same document. A scan never resumes by itself after the application was closed: the
 * paper may have moved, so the job ends saying so.
 */
export class CaptureService {
  constructor(
    private readonly records: Records,
    private readonly blobs: BlobStore,
    private readonly scanners: ScannerRegistry,
    private readonly audit: AuditLog,
    private readonly events: WorkstationEvents,
    /** Called when pages were added, e.g. to queue recognition. */
    private readonly onPagesAdded: (dossierId: number, context: JobContext<ScanPayload>) => void = () => {},
    /** Splits the scanned batch by its separator sheets when the payload asks (`separate`). */
    private readonly separation: SeparationService | null = null,
  ) {}

  readonly handle = async (context: JobContext<ScanPayload, JobResults['scan']>): Promise<void> => {
    const dossierId = context.dossierId;
    if (dossierId === null) throw new Error('scan job without a dossier');
    if (context.attempt > 1) throw scannerError('interrupted');
    const { deviceId, settings, placement } = context.payload;
    const dossier = this.records.dossier(dossierId);
    const source = this.scanners.sourceFor(deviceId);
    const document = context.payload.documentId === null ? this.records.documentForJob(dossierId, context.id, deviceId) : this.records.document(context.payload.documentId);
    if (document.dossierId !== dossierId) {
      throw new AppError('VALIDATION', 'Văn bản được chọn không thuộc hồ sơ đang quét.', 'The chosen document is not in this dossier.', String(document.id));
    }

    const workDir = await this.blobs.workFolder();
    let place = placement;
    let added = 0;
    const expected = settings.maxPages ?? 0;
    context.progress(0, expected);
    try {
      const pages = source.scan({
        deviceId,
        settings,
        workDir,
        signal: context.signal,
        deviceOptions: context.payload.deviceOptions,
        onWarning: (warning) => context.warn(warning.toView()),
      });
      for await (const scanned of pages) {
        const { sha256, bytes } = await this.blobs.adopt(scanned.file);
        const row = { documentId: document.id, sha256, bytes, format: scanned.format, width: scanned.width, height: scanned.height, dpi: scanned.dpi, dpiAssumed: false, source: scanned.source };
        let page;
        try {
          page = this.records.addPage(row, place);
        } catch (error) {
          // The page to rescan or insert after was deleted meanwhile: keep the scan, at the end.
          if (place.kind === 'append' || !isAppError(error) || error.code !== 'NOT_FOUND') throw error;
          context.warn(
            new AppError('NOT_FOUND', 'Trang được chọn để quét lại hoặc chèn sau đã bị xóa; trang vừa quét được đặt ở cuối văn bản.', 'The page chosen to rescan or insert after was deleted; the scanned page went to the end of the document.', scanned.source).toView(),
          );
          place = { kind: 'append' };
          page = this.records.addPage(row, place);
        }
        // Pages after the first of an insert or a rescan follow the one just placed.
        if (place.kind !== 'append') place = { kind: 'after', pageId: page.id };
        added++;
        context.progress(added, Math.max(expected, added));
        this.events.emit('dossier:changed', { dossierId });
      }
    } finally {
      await fs.rm(workDir, { recursive: true, force: true });
      if (context.payload.documentId === null) this.records.removeEmptyJobDocuments(context.id);
      this.audit.record(context.actor, 'pages.scan', `dossier:${dossier.fileCode}`, {
        device: deviceId,
        profile: context.payload.profileName,
        placement: placement.kind,
        pagesAdded: added,
        job: context.id,
      });
      context.setResult({ documentId: added > 0 || context.payload.documentId !== null ? document.id : null, pagesAdded: added });
      const dossiers = added > 0 ? await this.separated(context, dossierId, document.id) : [];
      for (const id of dossiers) this.onPagesAdded(id, context);
    }
  };

  /**
   * The dossiers to read after the run: the scanned one, and with `separate` (a new document of a run
   * that appended) every dossier the batch's separators filled. Pages already scanned are never lost to a
   * failed separation: it becomes a warning and the batch stays one document.
   */
  private async separated(context: JobContext<ScanPayload, JobResults['scan']>, dossierId: number, documentId: number): Promise<number[]> {
    if (!context.payload.separate || !this.separation || context.payload.documentId !== null || context.payload.placement.kind !== 'append') return [dossierId];
    try {
      const done = await this.separation.separate(context.actor, dossierId, [documentId], { jobId: context.id });
      return [...new Set([dossierId, ...done.documents.map((d) => d.dossierId)])];
    } catch (error) {
      context.warn(
        new AppError(
          'SEPARATION_FAILED',
          'Không tách được lô vừa quét theo tờ phân cách; mọi trang đã quét vẫn được giữ trong một văn bản. Hãy tách bằng tay hoặc thử lại.',
          'The batch just scanned could not be split by its separator sheets; every scanned page is kept, in one document. Split it by hand or try again.',
        ).toView(),
        error,
      );
      return [dossierId];
    }
  }
}
