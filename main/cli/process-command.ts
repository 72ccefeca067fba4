import path from 'node:path';
import type { Actor } from '../accounts/actor';
import { AppError, isAppError, toErrorView, type AppErrorView } from '../contract/errors';
import { safeFileStem } from '../packaging/file-names';
import type { Workstation } from '../services/workstation';

export interface ProcessSummary {
  documents: Array<{ docId: string; source: string; pages: number; pagesFailed: number; pdf: string; json: string; confidence: number | null }>;
  pages: number;
  /** Pages whose text could not be recognized (each named in `warnings`, and so marked in its record). */
  pagesFailed: number;
  /** Files refused, pages that failed, documents that could not be written, with what to do. */
  warnings: AppErrorView[];
  timings: { importSeconds: number; recognizeSeconds: number; exportSeconds: number; totalSeconds: number };
  ocrWorkers: number;
}

const seconds = (from: number, to: number) => Math.round(to - from) / 1000;

/**
 * Bytes a document id may take: `<docId>.NNNN.alto.xml`, a `-NN` for a repeated name and the outbox
 * writer's `.<name>.<hex>.part` temp name must stay within the 255 bytes a file name can have.
 */
const MAX_DOC_ID_BYTES = 200;

/** A file-system-safe document id from an input name (`Quyết định 15.pdf` → `Quyết định 15`). */
export function docIdFor(source: string, taken: Set<string>): string {
  const base = safeFileStem(path.parse(source).name, MAX_DOC_ID_BYTES) || 'document';
  let id = base;
  for (let n = 2; taken.has(id); n++) id = `${base}-${n}`;
  taken.add(id);
  return id;
}

/**
 * `sohoa process`: import → recognize (each document then indexed, as in the app) → export, through the same jobs as the app,
 * each input one document, in a scratch dossier of the given workstation.
 */
export async function processInputs(
  station: Workstation,
  actor: Actor,
  inputs: string[],
  outDir: string,
  waitForJobs: (station: Workstation) => Promise<void>,
): Promise<ProcessSummary> {
  const t0 = performance.now();
  const batch = station.records.batchNamed('sohoa process', actor.userId);
  const dossier = station.archive.createDossier(actor, batch.id, `PROCESS.${Date.now()}`, 'sohoa process');
  const importJob = station.jobControl.startImport(actor, dossier.id, inputs);
  await waitForJobs(station);
  const t1 = performance.now();
  const ocrJob = station.jobControl.startRecognition(actor, dossier.id);
  await waitForJobs(station);
  const t2 = performance.now();

  const warnings = [...station.jobs.get(importJob.id).warnings, ...station.jobs.get(ocrJob.id).warnings];
  for (const job of [station.jobs.get(importJob.id), station.jobs.get(ocrJob.id)]) if (job.error) warnings.push(job.error);
  const taken = new Set<string>();
  const documents: ProcessSummary['documents'] = [];
  for (const document of station.records.listDocuments(dossier.id)) {
    if (document.pageCount === 0) continue;
    const docId = docIdFor(document.source, taken);
    try {
      // Already indexed by the OCR job as each document's recognition ended (IndexingService).
      const exported = await station.exporter.exportDocument(document.id, outDir, docId, { archivalCodes: false });
      const confidences = exported.record.pages.map((p) => p.confidence).filter((c): c is number => c !== null);
      documents.push({
        docId,
        source: document.source,
        pages: document.pageCount,
        pagesFailed: exported.record.pages.filter((p) => p.recognition === 'failed').length,
        pdf: exported.pdf,
        json: exported.json,
        confidence: confidences.length ? Math.round((confidences.reduce((a, b) => a + b, 0) / confidences.length) * 10) / 10 : null,
      });
    } catch (error) {
      // One document that cannot be written does not stop the others; it is named in the summary.
      warnings.push(writeFailure(document.source, docId, error));
    }
  }
  const t3 = performance.now();
  return {
    documents,
    pages: documents.reduce((n, d) => n + d.pages, 0),
    pagesFailed: documents.reduce((n, d) => n + d.pagesFailed, 0),
    warnings,
    timings: { importSeconds: seconds(t0, t1), recognizeSeconds: seconds(t1, t2), exportSeconds: seconds(t2, t3), totalSeconds: seconds(t0, t3) },
    ocrWorkers: station.pool.size,
  };
}

function writeFailure(source: string, docId: string, error: unknown): AppErrorView {
  const cause = isAppError(error) ? error.cause : error;
  if ((cause as NodeJS.ErrnoException | undefined)?.code === 'ENAMETOOLONG') {
    return new AppError(
      'FILE_NAME_UNUSABLE',
      `Không ghi được kết quả của «${source}»: tên tệp kết quả «${docId}» quá dài cho thư mục xuất. Hãy đổi tên tệp nguồn ngắn hơn hoặc chọn thư mục xuất khác; các văn bản khác vẫn được ghi.`,
      `Cannot write the output of «${source}»: the output name «${docId}» is too long for the export folder. Give the source a shorter name or choose another folder; the other documents are still written.`,
      source,
      { cause: error },
    ).toView();
  }
  return { ...toErrorView(error), subject: source };
}
