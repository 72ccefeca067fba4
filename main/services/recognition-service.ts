import { recognitionScale } from '../imaging/derivatives';
import { imaging } from '../imaging/imaging-pool';
import { recognizable } from '../imaging/image-limits';
import { scaledSize } from '../imaging/page-geometry';
import { AppError, isAppError } from '../contract/errors';
import type { PageView, WordView } from '../contract/domain';
import type { JobContext } from '../jobs/job-queue';
import type { JobResults } from '../contract/job-results';
import type { RecognitionPool } from '../recognition/recognition-pool';
import { startsNewDocument } from '../recognition/nd30-header';
import { recognizeSheet } from '../recognition/tiled-recognition';
import type { BlobStore } from '../storage/blob-store';
import type { AuditLog } from '../accounts/audit-log';
import type { WordCorrection } from '../archive/word-corrections';
import type { RecognitionSaved, Records } from './records';
import type { WorkstationEvents } from './events';
import type { PageEditing } from './page-editing';
import type { IndexingWarn } from './indexing-service';
import type { Actor } from '../accounts/actor';

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
    /** Indexes the dossier's documents whose recognition is over (IndexingService.indexDue). */
    private readonly indexRecognized: (dossierId: number, actor: Actor, warn: IndexingWarn) => void,
  ) {}

  readonly handle = async (context: JobContext<Record<string, never>, JobResults['ocr']>): Promise<void> => {
    const dossierId = context.dossierId;
    if (dossierId === null) throw new Error('recognition job without a dossier');
    const index = () => this.indexRecognized(dossierId, context.actor, (warning, cause) => context.warn(warning.toView(), cause));
    // A job resumed after its process was killed may find documents read to the end but not indexed.
    index();
    const pages: PageView[] = [];
    // A page whose master is missing cannot be read: it is named in a warning and waits for its file.
    for (const page of this.records.pagesToRecognize(dossierId)) {
      if (page.missingSince === null && (await this.blobs.has(page.sha256))) pages.push(page);
      else context.warn(missingScanError(page.source).toView());
    }
    let done = 0;
    let failed = 0;
    let correctionsDropped = 0;
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
          const saved = await this.recognizePage(page.id);
          // Corrections whose word the new reading no longer has: said to the clerk and kept in the audit log.
          if (saved && saved.droppedCorrections.length > 0) {
            const dropped = saved.droppedCorrections;
            correctionsDropped += dropped.length;
            context.warn(correctionsDroppedWarning(page, dropped).toView());
            this.audit.record(context.actor, 'word.correctionsDropped', `page:${page.id}`, {
              job: context.id,
              dropped: dropped.map((c) => ({ engineText: c.engineText, correctedText: c.correctedText, correctedBy: c.correctedBy, correctedAt: c.correctedAt })),
            });
          }
        } catch (error) {
          // Whatever one page throws (a degenerate image, a libvips or Tesseract failure) is that page's
          // failure: it is marked so, named in a warning, and the other pages and later jobs go on.
          failed++;
          this.records.setPageState(page.id, 'failed');
          context.warn({ ...pageFailure(page, error).toView(), subject: page.source }, error);
        }
        // The page may have been its document's last one to read: the document is indexed now.
        index();
        this.events.emit('dossier:changed', { dossierId });
        context.progress(++done, pages.length);
      }
    };
    await Promise.all(Array.from({ length: Math.max(1, this.pool.size) }, worker));
    this.audit.record(context.actor, 'pages.recognize', `dossier:${dossierId}`, { pages: done, failed, job: context.id });
    context.setResult({ pagesRecognized: done - failed, pagesFailed: failed, ...(correctionsDropped > 0 ? { correctionsDropped } : {}) });
  };

  /**
   * The pages an interrupted run of the dossier's recognition left 'recognizing' (its process died or
   * closed) wait again; the adopted job reads them.
   */
  releaseInterrupted(dossierId: number): void {
    for (const page of this.records.pagesToRecognize(dossierId)) {
      if (page.state === 'recognizing') this.records.setPageState(page.id, 'imported');
    }
  }

  /**
   * Recognizes one stored page as its recipe renders it, blank or not, and saves its words in the
   * rendered page's pixels with the blank flag: the detector's verdict, unless OCR found sure words
   * (then the page is text), and never over a flag a person set. People's corrections stay where their
   * word is still there; the others come back as dropped. Null if the page is gone.
   */
  async recognizePage(pageId: number): Promise<RecognitionSaved | null> {
    const page = this.records.page(pageId);
    const reads = scaledSize(page, recognitionScale(page, page.dpi));
    if (!recognizable(reads)) throw unrecognizable(page, reads);
    const prepared = await imaging().recognitionImage(this.blobs.pathOf(page.sha256), page.dpi, page.recipe);
    const result = await recognizeSheet(this.pool, prepared.data, { stamps: prepared.stamps });
    const s = prepared.scale;
    const words = result.words.map((w) => ({ ...w, x0: w.x0 / s, y0: w.y0 / s, x1: w.x1 / s, y1: w.y1 / s }));
    const saved = this.records.saveRecognition(
      pageId,
      { text: result.text, confidence: result.confidence, words, blank: prepared.blank.blank && !hasSureWords(result.words) },
      page.imageVersion,
    );
    // Auto-separation: a page carrying an NĐ 30 header that is not its document's first is proposed to the clerk.
    if (saved) this.records.reshaping.markHeader(pageId, startsNewDocument(words.map((w, index) => ({ ...w, index })), page.width, page.height));
    return saved;
  }
}

/** A page kept without its master file (see the start-up check): skipped, said so. */
export function missingScanError(source: string): AppError {
  return new AppError(
    'PAGE_MISSING',
    `Trang «${source}» thiếu bản quét gốc trong kho nên không nhận dạng được. Trang vẫn được giữ; khi tệp được đưa về kho, lần kiểm tra kho tới sẽ bỏ đánh dấu và có thể nhận dạng lại.`,
    `Page «${source}» has no master file in the store, so it was not recognized. The page is kept; once the file is back, the next store check clears the flag and it can be recognized.`,
    source,
  );
}

const numbers = new Intl.NumberFormat('vi-VN');

/** The page's new reading no longer has the words these corrections were made on. */
function correctionsDroppedWarning(page: PageView, dropped: readonly WordCorrection[]): AppError {
  const list = dropped.map((c) => `«${c.engineText}» → «${c.correctedText}»`).join(', ');
  return new AppError(
    'CORRECTIONS_DROPPED',
    `Trang ${page.ordinal} («${page.source}») được nhận dạng lại: ${numbers.format(dropped.length)} chỉnh sửa bị bỏ vì từ không còn ở chỗ cũ: ${list}. Các chỉnh sửa khác vẫn được giữ, và các chỉnh sửa bị bỏ được ghi trong nhật ký kiểm toán; hãy kiểm tra lại các từ này.`,
    `Page ${page.ordinal} («${page.source}») was recognized again: ${dropped.length} correction${dropped.length === 1 ? '' : 's'} dropped because the word is no longer in its place: ${list}. The other corrections are kept, and the dropped ones are in the audit log; check these words again.`,
    // The page, not its file name: a job keeps one warning per code and subject, and two documents of a
    // dossier may each have a «trang-1.png».
    `page:${page.id}`,
  );
}

/** A page too small or too thin to hold text: refused before Tesseract, which fails on such images. */
function unrecognizable(page: PageView, size: { width: number; height: number }): AppError {
  const shown = `${numbers.format(size.width)} × ${numbers.format(size.height)}`;
  return new AppError(
    'OCR_FAILED',
    `Trang ${page.ordinal} («${page.source}») quá nhỏ hoặc quá hẹp để nhận dạng chữ (${shown} điểm ảnh khi nhận dạng) nên không được nhận dạng. Trang vẫn được giữ nguyên; các trang khác vẫn được nhận dạng.`,
    `Page ${page.ordinal} («${page.source}») is too small or too thin to recognize (${size.width} × ${size.height} pixels as read), so it was not recognized. The page is kept as it is; the other pages are still recognized.`,
    page.source,
  );
}

/** The clerk's warning for a page that failed: its own message when it has one, else a generic one naming it. */
function pageFailure(page: PageView, error: unknown): AppError {
  if (isAppError(error)) return error;
  return new AppError(
    'OCR_FAILED',
    `Không nhận dạng được chữ trang ${page.ordinal} («${page.source}»): ảnh của trang không xử lý được. Trang vẫn được giữ nguyên và được đánh dấu lỗi; các trang khác vẫn được nhận dạng. Hãy kiểm tra hoặc quét lại trang này.`,
    `Page ${page.ordinal} («${page.source}») could not be recognized: its image could not be processed. The page is kept and marked as failed; the other pages are still recognized. Check or rescan this page.`,
    page.source,
    { cause: error },
  );
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
