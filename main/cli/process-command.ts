import path from 'node:path';
import type { Actor } from '../accounts/actor';
import type { AppErrorView } from '../contract/errors';
import type { Workstation } from '../services/workstation';

export interface ProcessSummary {
  documents: Array<{ docId: string; source: string; pages: number; pdf: string; json: string; confidence: number | null }>;
  pages: number;
  warnings: AppErrorView[];
  timings: { importSeconds: number; recognizeSeconds: number; exportSeconds: number; totalSeconds: number };
  ocrWorkers: number;
}

const seconds = (from: number, to: number) => Math.round(to - from) / 1000;

/** A file-system-safe document id from an input name (`Quyết định 15.pdf` → `Quyết định 15`). */
export function docIdFor(source: string, taken: Set<string>): string {
  // Control characters are stripped on purpose: they are not allowed in file names on Windows.
  // eslint-disable-next-line no-control-regex
  const base = path.parse(source).name.normalize('NFC').replace(/[\\/:*?"<>|\u0000-\u001f]/g, '_').trim() || 'document';
  let id = base;
  for (let n = 2; taken.has(id); n++) id = `${base}-${n}`;
  taken.add(id);
  return id;
}

/**
 * `sohoa process`: import → recognize → propose metadata → export, through the same jobs as the app,
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
  const dossier = station.records.createDossier(batch.id, `PROCESS.${Date.now()}`, 'sohoa process');
  const importJob = station.startImport(actor, dossier.id, inputs);
  await waitForJobs(station);
  const t1 = performance.now();
  const ocrJob = station.startRecognition(actor, dossier.id);
  await waitForJobs(station);
  const t2 = performance.now();

  const taken = new Set<string>();
  const documents: ProcessSummary['documents'] = [];
  for (const document of station.records.listDocuments(dossier.id)) {
    if (document.pageCount === 0) continue;
    station.records.updateMetadata(document.id, station.proposeMetadata(document.id));
    const docId = docIdFor(document.source, taken);
    const exported = await station.exporter.exportDocument(document.id, outDir, docId, { archivalCodes: false });
    const confidences = exported.record.pages.map((p) => p.confidence).filter((c): c is number => c !== null);
    documents.push({
      docId,
      source: document.source,
      pages: document.pageCount,
      pdf: exported.pdf,
      json: exported.json,
      confidence: confidences.length ? Math.round((confidences.reduce((a, b) => a + b, 0) / confidences.length) * 10) / 10 : null,
    });
  }
  const t3 = performance.now();
  const warnings = [...station.jobs.get(importJob.id).warnings, ...station.jobs.get(ocrJob.id).warnings];
  const importError = station.jobs.get(importJob.id).error;
  if (importError) warnings.push(importError);
  return {
    documents,
    pages: documents.reduce((n, d) => n + d.pages, 0),
    warnings,
    timings: { importSeconds: seconds(t0, t1), recognizeSeconds: seconds(t1, t2), exportSeconds: seconds(t2, t3), totalSeconds: seconds(t0, t3) },
    ocrWorkers: station.pool.size,
  };
}
