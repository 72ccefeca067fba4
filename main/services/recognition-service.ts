import { recognitionImage } from '../imaging/derivatives';
import { isAppError, toErrorView } from '../contract/errors';
import type { PageView, WordView } from '../contract/domain';
import type { JobContext } from '../jobs/job-queue';
import type { RecognitionPool } from '../recognition/recognition-pool';
import { recognizeSheet } from '../recognition/tiled-recognition';
import type { BlobStore } from '../storage/blob-store';
import type { AuditLog } from '../accounts/audit-log';
import type { Records } from './records';
import type { WorkstationEvents } from './events';
import type { PageEditing } from './page-editing';

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
    private readonly editing: PageEditing,
  ) {}

  readonly handle = async (context: JobContext<Record<string, never>>): Promise<void> => {
    const dossierId = context.dossierId;
    if (dossierId === null) throw new Error('recognition job without a dossier');
    const pages: PageView[] = this.records.pagesToRecognize(dossierId);
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
          // The page is analysed first (a spread becomes two pages: the new one joins this job).
          const { addedPageId } = await this.editing.runPendingAnalysis(page.id, context.actor);
          if (addedPageId !== null) {
            pages.push(this.records.page(addedPageId));
            context.progress(done, pages.length);
          }
          // A page deleted or rescanned meanwhile is simply skipped; its replacement is queued by the scan.
          await this.recognizePage(page.id);
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
   * Recognizes one stored page as its recipe renders it, blank or not, and saves its words in the
   * rendered page's pixels with the blank flag: the detector's verdict, unless OCR found sure words
   * (then the page is text), and never over a flag a person set. False if the page is gone.
   */
  async recognizePage(pageId: number): Promise<boolean> {
    const page = this.records.page(pageId);
    const prepared = await recognitionImage(this.blobs.pathOf(page.sha256), page.dpi, page.recipe);
    const result = await recognizeSheet(this.pool, prepared.data, { stamps: prepared.stamps });
    const s = prepared.scale;
    return this.records.saveRecognition(
      pageId,
      {
        text: result.text,
        confidence: result.confidence,
        words: result.words.map((w) => ({ ...w, x0: w.x0 / s, y0: w.y0 / s, x1: w.x1 / s, y1: w.y1 / s })),
        blank: prepared.blank.blank && !hasSureWords(result.words),
      },
      page.imageVersion,
    );
  }
}

/** Words OCR is sure of: at least this many, of at least this confidence, not set aside. */
const SURE_WORDS = 3;
const SURE_CONFIDENCE = 60;

/** Whether OCR read text on the page: a page with sure words is not blank, whatever the detector said. */
function hasSureWords(words: readonly WordView[]): boolean {
  let sure = 0;
  for (const word of words) if (!word.aside && word.confidence >= SURE_CONFIDENCE && word.text.trim().length > 0 && ++sure >= SURE_WORDS) return true;
  return false;
}
