import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { JobResults } from '../contract/job-results';
import { headerSplitFlag } from '../capture/batch-separation';
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
  /** With `separate`: the batch as split (what `<out>/batch.json` holds), its flags, and where it was written. */
  batch?: BatchFile & { file: string; flags: Array<{ code: string; position: number; message: string }> };
}

/** `<out>/batch.json`: the batch's separator pages and documents, by 1-based position in the batch. */
export interface BatchFile {
  separatorPages: number[];
  /** fileCode: the dossier a separator named; null for pages before the first separator. */
  documents: Array<{ fileCode: string | null; docId: string; pages: number[] }>;
}

export interface ProcessOptions {
  /** The inputs are one scanned batch, split by its separator sheets (`--separate`). */
  separate?: boolean;
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
  options: ProcessOptions = {},
): Promise<ProcessSummary> {
  const t0 = performance.now();
  const batch = station.records.batchNamed('sohoa process', actor.userId);
  const dossier = station.archive.createDossier(actor, batch.id, `PROCESS.${Date.now()}`, 'sohoa process');
  const importJob = station.jobControl.startImport(actor, dossier.id, inputs, undefined, options.separate ?? false);
  await waitForJobs(station);
  const t1 = performance.now();
  const imported = station.jobs.get(importJob.id);
  const separation = imported.kind === 'import' && imported.result && 'documents' in imported.result ? (imported.result.separation ?? null) : null;
  // A separated batch fills the dossiers its sheets name, besides the scratch one.
  const dossierIds = [...new Set([dossier.id, ...(separation?.documents ?? []).map((d) => station.records.dossierByCode(d.fileCode)!.id)])];
  const ocrJobs = dossierIds.map((id) => station.jobControl.startRecognition(actor, id));
  await waitForJobs(station);
  const t2 = performance.now();
  const split = separation ? splitAtHeaders(station, actor, separation) : null;

  const jobs = [imported, ...ocrJobs.map((job) => station.jobs.get(job.id))];
  const warnings = jobs.flatMap((job) => job.warnings);
  for (const job of jobs) if (job.error) warnings.push(job.error);
  const taken = new Set<string>();
  const documents: ProcessSummary['documents'] = [];
  // Separated: each document by its docCode (unique across dossiers); else by its input's name.
  const toWrite = split
    ? split.documents.map((d) => ({ document: station.records.listDocuments(station.records.dossierByCode(d.fileCode)!.id).find((x) => x.docCode === d.docCode)!, docId: d.docCode }))
    : station.records.listDocuments(dossier.id).map((document) => ({ document, docId: null }));
  for (const { document, docId: named } of toWrite) {
    if (document.pageCount === 0) continue;
    const docId = named ?? docIdFor(document.source, taken);
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
  const batchFile = split ? await writeBatchFile(outDir, split, dossier.fileCode) : undefined;
  const t3 = performance.now();
  return {
    ...(batchFile ? { batch: batchFile } : {}),
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

type Separation = NonNullable<Extract<JobResults['import'], { documents: unknown }>['separation']>;

/**
 * Headless, a page that recognition found carrying an NĐ 30 header (issuing body, Quốc hiệu, `Số:`) starts
 * a new document, as separator sheets do: each such page of the batch is split at, and flagged in the
 * summary for a person to check. Returns the batch's documents as they are afterwards (docCodes shift when
 * a document before them in the dossier is split), their pages by position in the batch.
 */
function splitAtHeaders(station: Workstation, actor: Actor, separation: Separation): Separation {
  const position = new Map<number, number>();
  const dossierCodes: string[] = [];
  for (const d of separation.documents) {
    const document = station.records.listDocuments(station.records.dossierByCode(d.fileCode)!.id).find((x) => x.docCode === d.docCode)!;
    station.records.listDocumentPages(document.id).forEach((page, i) => position.set(page.id, d.pages[i]!));
    if (!dossierCodes.includes(d.fileCode)) dossierCodes.push(d.fileCode);
  }
  const flags = [...separation.flags];
  for (const [pageId, at] of position) {
    if (!station.records.page(pageId).newDocumentProposed) continue;
    station.documentEditing.split(actor, pageId);
    flags.push(headerSplitFlag(at));
  }
  const documents = dossierCodes.flatMap((fileCode) =>
    station.records.listDocuments(station.records.dossierByCode(fileCode)!.id).flatMap((document) => {
      const pages = station.records.listDocumentPages(document.id).flatMap((page) => position.get(page.id) ?? []);
      return pages.length === 0 ? [] : [{ ...document, pages }];
    }),
  );
  documents.sort((a, b) => a.pages[0]! - b.pages[0]!);
  return { ...separation, documents: documents.map((d) => ({ fileCode: station.records.dossier(d.dossierId).fileCode, docCode: d.docCode, pages: d.pages })), flags };
}

/** Writes `<out>/batch.json`; the documents of the scratch dossier (before any separator) have no fileCode. */
async function writeBatchFile(outDir: string, separation: Separation, scratchCode: string): Promise<NonNullable<ProcessSummary['batch']>> {
  const content: BatchFile = {
    separatorPages: separation.separatorPages,
    documents: separation.documents.map((d) => ({ fileCode: d.fileCode === scratchCode ? null : d.fileCode, docId: d.docCode, pages: d.pages })),
  };
  await mkdir(outDir, { recursive: true });
  const file = path.join(outDir, 'batch.json');
  await writeFile(file, `${JSON.stringify(content, null, 2)}\n`);
  return { ...content, file, flags: separation.flags.map((f) => ({ code: f.code, position: f.position, message: f.messageVi })) };
}
