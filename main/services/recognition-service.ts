import { detectBlank } from '../imaging/blank-page';
import { recognitionImage } from '../imaging/derivatives';
import { isAppError, toErrorView } from '../contract/errors';
import type { JobContext } from '../jobs/job-queue';
import type { RecognitionPool } from '../recognition/recognition-pool';
import type { BlobStore } from '../storage/blob-store';
import type { AuditLog } from '../accounts/audit-log';
import type { Records } from './records';
import type { WorkstationEvents } from './events';

/**
 * OCR of a dossier's pages that are not recognized yet. Runs on a derivative prepared for recognition;
 * the master is never changed. Each page's words, text and confidence commit together, so a restart
 * resumes with the pages still missing. Pages are fed to the worker pool as fast as it takes them.
 */
export class RecognitionService {
  constructor(
    private readonly records: Records,
    private readonly blobs: BlobStore,
    private readonly pool: RecognitionPool,
    private readonly audit: AuditLog,
    private readonly events: WorkstationEvents,
  ) {}

  readonly handle = async (context: JobContext<Record<string, never>>): Promise<void> => {
    const dossierId = context.dossierId;
    if (dossierId === null) throw new Error('recognition job without a dossier');
    const pages = this.records.pagesToRecognize(dossierId);
    let done = 0;
    let failed = 0;
    context.progress(done, pages.length);
    let next = 0;
    const worker = async () => {
      while (next < pages.length && !context.signal.aborted) {
        const page = pages[next++]!;
        this.records.setPageState(page.id, 'recognizing');
        this.events.emit('dossier:changed', { dossierId });
        try {
          // A page deleted or rescanned meanwhile is simply skipped; its replacement is queued by the scan.
          await this.recognizePage(page.id, page.sha256, page.dpi);
        } catch (error) {
          if (!isAppError(error)) throw error;
          failed++;
          this.records.setPageState(page.id, 'failed');
          context.warn({ ...toErrorView(error), subject: page.source });
        }
        this.events.emit('dossier:changed', { dossierId });
        context.progress(++done, pages.length);
      }
    };
    await Promise.all(Array.from({ length: Math.max(1, this.pool.size) }, worker));
    this.audit.record(context.actor, 'pages.recognize', `dossier:${dossierId}`, { pages: done, failed, job: context.id });
    context.setResult({ pagesRecognized: done - failed, pagesFailed: failed });
  };

  /**
   * Analyses and recognizes one stored page: flags it when blank (it stays in the document either way),
   * then saves its words in master-image coordinates. False if the page is gone.
   */
  async recognizePage(pageId: number, sha256: string, dpi: number): Promise<boolean> {
    const { blank } = await detectBlank(this.blobs.pathOf(sha256));
    this.records.setPageBlank(pageId, blank);
    const master = await this.blobs.read(sha256);
    const prepared = await recognitionImage(master, dpi);
    const result = await this.pool.recognize(prepared.data);
    const s = prepared.scale;
    return this.records.saveRecognition(pageId, {
      text: result.text,
      confidence: result.confidence,
      words: result.words.map((w) => ({ ...w, x0: w.x0 / s, y0: w.y0 / s, x1: w.x1 / s, y1: w.y1 / s })),
    });
  }
}
