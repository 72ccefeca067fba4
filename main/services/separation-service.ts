// «Tách theo tờ phân cách»: the pages just imported or scanned are one scanned batch; each is looked at
// for a separator sheet (and a TTHC result's QR code) in the imaging worker pool, the batch is split by
// capture/batch-separation.ts and the split stored by archive/separations.ts, audited.
import { mkdir, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Actor } from '../accounts/actor';
import type { AuditLog } from '../accounts/audit-log';
import { planSeparation, type BatchPage, type PlannedDocument } from '../capture/batch-separation';
import { imaging } from '../imaging/imaging-pool';
import type { AppliedSeparation, SeparatedPage } from '../archive/separations';
import type { BlobStore } from '../storage/blob-store';
import type { BatchSeparationView, ProcedureCodes } from '../contract/separators';
import { notFound } from '../archive/not-found';
import { buildSeparatorSheets, separatorSheetList } from '../packaging/separator-sheets';
import type { Records } from './records';

/** What a separation did, with the TTHC codes read for each document (in `documents` order). */
export interface SeparationResult extends AppliedSeparation {
  procedures: Array<PlannedDocument['procedure']>;
}

export interface SeparateOptions {
  jobId: number | null;
  /**
   * Batch positions where a document is proposed to start without a separator (an NĐ 30 header found on
   * the page: issuing body, Quốc hiệu, `Số:`), given the batch's pages in order. Applied and flagged.
   */
  splitPoints?: (pages: readonly SeparatedPage[]) => Promise<number[]> | number[];
}

export class SeparationService {
  constructor(
    private readonly records: Records,
    private readonly blobs: BlobStore,
    private readonly audit: AuditLog,
  ) {}

  /**
   * Splits the pages of `documentIds` (in that order, each in page order) of the dossier `dossierId`
   * as one scanned batch. Every page is looked at before anything is changed; the change is one
   * transaction.
   */
  async separate(actor: Actor, dossierId: number, documentIds: readonly number[], options: SeparateOptions): Promise<SeparationResult> {
    const pages: SeparatedPage[] = documentIds.flatMap((documentId) =>
      this.records.pages.listDocumentPages(documentId).map((p) => ({
        pageId: p.id,
        documentId,
        sha256: p.sha256,
        format: p.format,
        width: p.masterWidth,
        height: p.masterHeight,
        dpi: p.dpi,
        source: p.source,
      })),
    );
    // The pool bounds how many run at once; every page is asked at the same time.
    const findings = await Promise.all(pages.map((p) => imaging().findSeparator(this.blobs.pathOf(p.sha256), { width: p.width, height: p.height }, p.dpi)));
    const batch: BatchPage[] = findings.map((finding, i) => ({ position: i + 1, finding }));
    const plan = planSeparation(batch, options.splitPoints ? await options.splitPoints(pages) : []);
    const applied = this.records.separations.apply(pages, plan, { dossierId, jobId: options.jobId }, (id) => this.records.documents.removeIfEmpty(id));
    const procedures = plan.documents.map((d) => d.procedure);
    this.keepProcedureCodes(actor, applied, procedures);
    const home = this.records.dossier(dossierId);
    for (const code of applied.dossiersCreated) this.audit.record(actor, 'dossier.create', `dossier:${code}`);
    this.audit.record(actor, 'pages.separate', `dossier:${home.fileCode}`, {
      run: applied.runId,
      pages: pages.length,
      separatorPages: applied.separatorPages.length,
      documents: applied.documents.length,
      dossiersCreated: applied.dossiersCreated,
      flags: applied.flags.length,
      job: options.jobId,
    });
    return { ...applied, procedures };
  }

  /**
   * The TTHC codes read from a result's QR code go into the document's empty fields, as the clerk who ran
   * the import would type them (a QR code is read exactly, so no later proposal should replace them); a
   * value someone already gave is kept. Audited as a change of the document's metadata.
   */
  private keepProcedureCodes(actor: Actor, applied: AppliedSeparation, procedures: ReadonlyArray<PlannedDocument['procedure']>): void {
    applied.documents.forEach(({ documentId }, i) => {
      const codes = procedures[i];
      if (!codes) return;
      const current = this.records.document(documentId).metadata;
      const filled = Object.fromEntries(Object.entries(codes).filter(([key, value]) => value !== null && current[key as keyof ProcedureCodes] === null));
      if (Object.keys(filled).length === 0) return;
      const { document, changes } = this.records.metadataIndex.setByPerson(documentId, { ...current, ...filled }, actor);
      this.audit.record(actor, 'document.metadata', `document:${document.docCode}`, { changes });
    });
  }

  /** The batch's separator pages and open flags, for the batch view. */
  view(batchId: number): BatchSeparationView {
    this.records.batch(batchId);
    return { batchId, separatorPages: this.records.separations.separatorPages(batchId), flags: this.records.separations.openFlags(batchId) };
  }

  clearFlag(actor: Actor, flagId: number): void {
    if (!this.records.separations.clearFlag(flagId, actor.name)) throw notFound('cảnh báo tách lô', flagId);
    this.audit.record(actor, 'pages.separation-flag-cleared', `flag:${flagId}`);
  }

  /**
   * Separator sheets for the batch's dossiers (one each, in the batch's order), then `documentSheets` QR
   * document sheets and `patchT` Patch T sheets, written as `to-phan-cach-lo-<id>.pdf` in `outboxDir`
   * (written aside, then renamed: a half-written PDF is never left under the name).
   */
  async printSheets(actor: Actor, batchId: number, outboxDir: string, documentSheets = 0, patchT = 0): Promise<{ file: string; sheets: number }> {
    const batch = this.records.batch(batchId);
    const codes = this.records.listDossiers(batchId).map((d) => d.fileCode).reverse();
    const sheets = separatorSheetList(codes, documentSheets, patchT);
    const pdf = await buildSeparatorSheets(sheets);
    await mkdir(outboxDir, { recursive: true });
    const file = path.join(outboxDir, `to-phan-cach-lo-${batch.id}.pdf`);
    await writeFile(`${file}.part`, pdf);
    await rename(`${file}.part`, file);
    this.audit.record(actor, 'separators.print', `batch:${batch.id}`, { sheets: sheets.length, file });
    return { file, sheets: sheets.length };
  }
}
