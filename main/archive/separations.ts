// A scanned batch split by its separator sheets, as stored (migration 022): the separation run, the
// separator pages kept with the batch (never in a document), and the flags for the clerk. `apply` carries
// out a plan of capture/batch-separation.ts on pages already imported, in one transaction: the dossiers
// the separators name are created in the batch (or appended to), the pages move into their documents in
// batch order, and each separator page leaves its document for separator_pages with its image kept.
import type { SeparationFlag, SeparationPlan } from '../capture/batch-separation';
import type { SeparationFlagView, SeparatorFinding, SeparatorPageView } from '../contract/separators';
import { nowIso, type Db } from '../storage/database';
import type { Documents } from './documents';
import type { Dossiers } from './dossiers';

/** A page of the batch as imported: its row and what the separation needs of it. */
export interface SeparatedPage {
  pageId: number;
  documentId: number;
  sha256: string;
  format: 'png' | 'jpeg' | 'tiff';
  width: number;
  height: number;
  dpi: number;
  source: string;
}

/** What `apply` did: the run, and each planned document as stored. */
export interface AppliedSeparation {
  runId: number;
  separatorPages: number[];
  documents: Array<{ documentId: number; dossierId: number; fileCode: string; docCode: string; pages: number[] }>;
  dossiersCreated: string[];
  flags: SeparationFlag[];
}

interface SeparatorRow {
  id: number;
  run_id: number;
  position: number;
  sha256: string;
  width: number;
  height: number;
  dpi: number;
  source: string;
  finding: SeparatorFinding['kind'];
  file_code: string | null;
  why: string | null;
}

function toSeparatorView(row: SeparatorRow): SeparatorPageView {
  const finding: SeparatorFinding =
    row.finding === 'dossier' ? { kind: 'dossier', fileCode: row.file_code! } : row.finding === 'document' ? { kind: 'document' } : { kind: 'unreadable', why: row.why! };
  return { id: row.id, runId: row.run_id, position: row.position, sha256: row.sha256, width: row.width, height: row.height, dpi: row.dpi, source: row.source, finding };
}

/** Page ordinals are unique per document: moved pages first go out of the way, above every ordinal in use. */
const PARKED = 1_000_000;

export class Separations {
  constructor(
    private readonly db: Db,
    private readonly dossiers: Dossiers,
    private readonly documents: Documents,
  ) {}

  /**
   * Applies `plan` to `pages` (the batch in scan order: position n is pages[n - 1]), imported into the
   * dossier `dossierId`. A planned document of that dossier (fileCode null) reuses the first page's
   * document; every other one is a new document at the end of its dossier. A document left without pages
   * is removed when no job result or recycled page names it (removeEmpty).
   */
  apply(pages: readonly SeparatedPage[], plan: SeparationPlan, target: { dossierId: number; jobId: number | null }, removeEmpty: (documentId: number) => void): AppliedSeparation {
    return this.db
      .transaction((): AppliedSeparation => {
        const now = nowIso();
        const home = this.dossiers.dossier(target.dossierId);
        const runId = Number(
          this.db.prepare('INSERT INTO separation_runs (batch_id, dossier_id, job_id, pages, created_at) VALUES (?, ?, ?, ?, ?)').run(home.batchId, home.id, target.jobId, pages.length, now).lastInsertRowid,
        );
        const dossierIds = new Map<string, number>();
        const dossiersCreated: string[] = [];
        for (const code of plan.dossiers) {
          const existing = this.dossiers.dossierByCode(code);
          if (existing) dossierIds.set(code, existing.id);
          else {
            dossierIds.set(code, this.dossiers.createDossier(home.batchId, code, code).id);
            dossiersCreated.push(code);
          }
        }
        const at = (position: number) => {
          const page = pages[position - 1];
          if (!page) throw new RangeError(`position ${position} outside the batch of ${pages.length} pages`);
          return page;
        };
        const touched = new Set(pages.map((p) => p.documentId));
        const park = this.db.prepare('UPDATE pages SET ordinal = ordinal + ? WHERE id = ?');
        for (const page of pages) park.run(PARKED, page.pageId);

        const separatorIds = new Map<number, number>();
        const insertSeparator = this.db.prepare(
          `INSERT INTO separator_pages (run_id, position, sha256, format, width, height, dpi, source, finding, file_code, why, created_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        );
        for (const { position, finding } of plan.separatorPages) {
          const page = at(position);
          const info = insertSeparator.run(runId, position, page.sha256, page.format, page.width, page.height, page.dpi, page.source, finding.kind, finding.kind === 'dossier' ? finding.fileCode : null, finding.kind === 'unreadable' ? finding.why : null, now);
          separatorIds.set(position, Number(info.lastInsertRowid));
          // The sheet's image stays in the page store, named by separator_pages; its page row goes.
          this.db.prepare('DELETE FROM pages WHERE id = ?').run(page.pageId);
        }

        const documents: AppliedSeparation['documents'] = [];
        const reused = new Set<number>();
        const move = this.db.prepare('UPDATE pages SET document_id = ?, ordinal = ? WHERE id = ?');
        for (const planned of plan.documents) {
          const dossierId = planned.fileCode === null ? home.id : dossierIds.get(planned.fileCode)!;
          const first = at(planned.pages[0]!);
          let documentId: number;
          if (planned.fileCode === null && !reused.has(first.documentId) && this.documents.document(first.documentId).dossierId === home.id) {
            documentId = first.documentId;
            reused.add(documentId);
          } else {
            documentId = this.documents.createDocument(dossierId, first.source).id;
          }
          planned.pages.forEach((position, i) => move.run(documentId, i + 1, at(position).pageId));
          const document = this.documents.document(documentId);
          documents.push({ documentId, dossierId, fileCode: planned.fileCode ?? home.fileCode, docCode: document.docCode, pages: planned.pages });
        }
        for (const documentId of touched) if (!reused.has(documentId)) removeEmpty(documentId);

        const insertFlag = this.db.prepare(
          'INSERT INTO separation_flags (run_id, position, code, document_id, separator_page_id, message_vi, message_en, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
        );
        for (const flag of plan.flags) {
          const document = documents.find((d) => d.pages.includes(flag.position));
          insertFlag.run(runId, flag.position, flag.code, document?.documentId ?? null, separatorIds.get(flag.position) ?? null, flag.messageVi, flag.messageEn, now);
        }
        return { runId, separatorPages: plan.separatorPages.map((s) => s.position), documents, dossiersCreated, flags: plan.flags };
      })
      .immediate();
  }

  /** The separator pages kept with a batch, run by run, in batch order. */
  separatorPages(batchId: number): SeparatorPageView[] {
    return (
      this.db
        .prepare('SELECT s.* FROM separator_pages s JOIN separation_runs r ON r.id = s.run_id WHERE r.batch_id = ? ORDER BY s.run_id, s.position')
        .all(batchId) as SeparatorRow[]
    ).map(toSeparatorView);
  }

  /** The flags of a batch not yet cleared, in batch order. */
  openFlags(batchId: number): SeparationFlagView[] {
    return (
      this.db
        .prepare(
          `SELECT f.id, f.run_id AS runId, f.position, f.code, f.document_id AS documentId, f.separator_page_id AS separatorPageId,
                  f.message_vi AS messageVi, f.message_en AS messageEn, f.cleared_at AS clearedAt, f.cleared_by AS clearedBy
           FROM separation_flags f JOIN separation_runs r ON r.id = f.run_id WHERE r.batch_id = ? AND f.cleared_at IS NULL ORDER BY f.run_id, f.position`,
        )
        .all(batchId) as SeparationFlagView[]
    );
  }

  /** The clerk has looked at the flag. Returns false when it was already cleared (or is not there). */
  clearFlag(flagId: number, clearedBy: string): boolean {
    return this.db.prepare('UPDATE separation_flags SET cleared_at = ?, cleared_by = ? WHERE id = ? AND cleared_at IS NULL').run(nowIso(), clearedBy, flagId).changes > 0;
  }
}
