import { DOSSIER_EDIT_FIELDS, DOSSIER_FIELDS, editableFields, pickFields, type DossierEdit, type DossierFields } from '../contract/archival-fields';
import type { DossierView } from '../contract/domain';
import { AppError } from '../contract/errors';
import { assignments, columnValues, selectColumns, valuesFromRow } from '../storage/archival-columns';
import { nowIso, type Db } from '../storage/database';
import type { Batches } from './batches';
import { notFound } from './not-found';

/** The dossier fields a DossierView carries at its top level. */
const DOSSIER_VIEW_FIELDS = pickFields(DOSSIER_FIELDS, ['fileCode', 'title']);

/** A dossiers row with the derived fields computed under their column names (DOSSIER_SELECT). */
type DossierRow = Readonly<Record<string, unknown>> & Omit<DossierView, 'metadata'>;

/** Dossiers (hồ sơ): the table `dossiers`, with their document and page counts. */
export class Dossiers {
  constructor(
    private readonly db: Db,
    private readonly batches: Batches,
  ) {}

  createDossier(batchId: number, fileCode: string, title: string): DossierView {
    this.batches.batch(batchId);
    if (this.db.prepare('SELECT 1 FROM dossiers WHERE file_code = ?').get(fileCode)) {
      throw new AppError('CONFLICT', `Mã hồ sơ «${fileCode}» đã tồn tại.`, `Dossier code «${fileCode}» already exists.`, 'fileCode');
    }
    const info = this.db
      .prepare('INSERT INTO dossiers (batch_id, file_code, title, created_at) VALUES (?, ?, ?, ?)')
      .run(batchId, fileCode, title, nowIso());
    return this.dossier(Number(info.lastInsertRowid));
  }

  /**
   * A dossier with all its archival fields given (a catalogue imported from Excel). A field left empty
   * that has a default (language, confidence level, backup copy) gets it, as a dossier created by code and
   * title does.
   */
  createDossierWithFields(batchId: number, fields: DossierFields): DossierView {
    this.batches.batch(batchId);
    if (this.db.prepare('SELECT 1 FROM dossiers WHERE file_code = ?').get(fields.fileCode)) {
      throw new AppError('CONFLICT', `Mã hồ sơ «${fields.fileCode}» đã tồn tại.`, `Dossier code «${fields.fileCode}» already exists.`, 'fileCode');
    }
    // Derived fields (totals, dates) have no column: columnValues skips them and gives defaults.
    const stored = editableFields(DOSSIER_FIELDS);
    const info = this.db
      .prepare(`INSERT INTO dossiers (batch_id, ${stored.map((f) => f.column).join(', ')}, created_at) VALUES (?, ${stored.map(() => '?').join(', ')}, ?)`)
      .run(batchId, ...columnValues(DOSSIER_FIELDS, fields), nowIso());
    return this.dossier(Number(info.lastInsertRowid));
  }

  /**
   * Every column of the dossier, and its derived fields computed from its documents (the one place they
   * are): totalDoc their count, numberOfPage their pages, startDate and endDate their earliest and latest
   * date issued.
   */
  private static readonly DOSSIER_SELECT = `
    SELECT d.*, d.batch_id AS batchId, ${selectColumns(DOSSIER_VIEW_FIELDS, 'd')}, d.created_at AS createdAt,
      (SELECT count(*) FROM documents x WHERE x.dossier_id = d.id) AS documentCount,
      (SELECT count(*) FROM pages p JOIN documents x ON p.document_id = x.id WHERE x.dossier_id = d.id) AS pageCount,
      (SELECT count(*) FROM pages p JOIN documents x ON p.document_id = x.id WHERE x.dossier_id = d.id AND p.state = 'recognized') AS recognizedPageCount,
      (SELECT min(x.issued_date) FROM documents x WHERE x.dossier_id = d.id) AS start_date,
      (SELECT max(x.issued_date) FROM documents x WHERE x.dossier_id = d.id) AS end_date
    FROM dossiers d`;

  dossier(id: number): DossierView {
    const row = this.db.prepare(`${Dossiers.DOSSIER_SELECT} WHERE d.id = ?`).get(id) as DossierRow | undefined;
    if (!row) throw notFound('hồ sơ', id);
    return toDossierView(row);
  }

  dossierByCode(fileCode: string): DossierView | undefined {
    const row = this.db.prepare(`${Dossiers.DOSSIER_SELECT} WHERE d.file_code = ?`).get(fileCode) as DossierRow | undefined;
    return row && toDossierView(row);
  }

  listDossiers(batchId?: number): DossierView[] {
    const rows =
      batchId === undefined
        ? (this.db.prepare(`${Dossiers.DOSSIER_SELECT} ORDER BY d.id DESC`).all() as DossierRow[])
        : (this.db.prepare(`${Dossiers.DOSSIER_SELECT} WHERE d.batch_id = ? ORDER BY d.id DESC`).all(batchId) as DossierRow[]);
    return rows.map(toDossierView);
  }

  /** Every field of the dossier but its code, as checked by dossierEditSchema. */
  updateDossier(dossierId: number, fields: DossierEdit): DossierView {
    const info = this.db.prepare(`UPDATE dossiers SET ${assignments(DOSSIER_EDIT_FIELDS)} WHERE id = ?`).run(...columnValues(DOSSIER_EDIT_FIELDS, fields), dossierId);
    if (info.changes === 0) throw notFound('hồ sơ', dossierId);
    return this.dossier(dossierId);
  }

  /**
   * Whether the dossier has work queued or running that adds or recognizes pages (import, scan, OCR), in
   * any process on this store: what an export waits for.
   */
  pageWorkPending(dossierId: number): boolean {
    return (
      this.db.prepare("SELECT 1 FROM jobs WHERE dossier_id = ? AND kind IN ('import', 'scan', 'ocr') AND state IN ('queued', 'running') LIMIT 1").get(dossierId) !==
      undefined
    );
  }
}

function toDossierView(row: DossierRow): DossierView {
  return {
    id: row.id,
    batchId: row.batchId,
    fileCode: row.fileCode,
    title: row.title,
    createdAt: row.createdAt,
    documentCount: row.documentCount,
    pageCount: row.pageCount,
    recognizedPageCount: row.recognizedPageCount,
    metadata: valuesFromRow(DOSSIER_FIELDS, { ...row, total_doc: row.documentCount, number_of_page: row.pageCount }),
  };
}
