import { DOSSIER_FIELDS, pickFields, type ArchivalField, type DossierFields } from '../contract/archival-fields';
import type { DossierView } from '../contract/domain';
import { AppError } from '../contract/errors';
import { columnValues, selectColumns, valuesFromRow } from '../storage/archival-columns';
import { nowIso, type Db } from '../storage/database';
import type { Batches } from './batches';
import { notFound } from './not-found';

/** The dossier fields a DossierView carries. */
const DOSSIER_VIEW_FIELDS = pickFields(DOSSIER_FIELDS, ['fileCode', 'title']);

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
    const described: readonly ArchivalField[] = DOSSIER_FIELDS;
    const values = columnValues(DOSSIER_FIELDS, fields).map((value, index) => {
      const fallback = described[index]!.default;
      return value ?? fallback ?? null;
    });
    const columns = DOSSIER_FIELDS.map((f) => f.column).join(', ');
    const info = this.db
      .prepare(`INSERT INTO dossiers (batch_id, ${columns}, created_at) VALUES (?, ${DOSSIER_FIELDS.map(() => '?').join(', ')}, ?)`)
      .run(batchId, ...values, nowIso());
    return this.dossier(Number(info.lastInsertRowid));
  }

  /** Every archival field of the dossier (the catalogue prints them all). */
  dossierFields(id: number): DossierFields {
    const row = this.db.prepare('SELECT * FROM dossiers WHERE id = ?').get(id) as Record<string, unknown> | undefined;
    if (!row) throw notFound('hồ sơ', id);
    return valuesFromRow(DOSSIER_FIELDS, row);
  }

  private static readonly DOSSIER_SELECT = `
    SELECT d.id, d.batch_id AS batchId, ${selectColumns(DOSSIER_VIEW_FIELDS, 'd')}, d.created_at AS createdAt,
      (SELECT count(*) FROM documents x WHERE x.dossier_id = d.id) AS documentCount,
      (SELECT count(*) FROM pages p JOIN documents x ON p.document_id = x.id WHERE x.dossier_id = d.id) AS pageCount,
      (SELECT count(*) FROM pages p JOIN documents x ON p.document_id = x.id WHERE x.dossier_id = d.id AND p.state = 'recognized') AS recognizedPageCount
    FROM dossiers d`;

  dossier(id: number): DossierView {
    const row = this.db.prepare(`${Dossiers.DOSSIER_SELECT} WHERE d.id = ?`).get(id) as DossierView | undefined;
    if (!row) throw notFound('hồ sơ', id);
    return row;
  }

  dossierByCode(fileCode: string): DossierView | undefined {
    return this.db.prepare(`${Dossiers.DOSSIER_SELECT} WHERE d.file_code = ?`).get(fileCode) as DossierView | undefined;
  }

  listDossiers(batchId?: number): DossierView[] {
    return batchId === undefined
      ? (this.db.prepare(`${Dossiers.DOSSIER_SELECT} ORDER BY d.id DESC`).all() as DossierView[])
      : (this.db.prepare(`${Dossiers.DOSSIER_SELECT} WHERE d.batch_id = ? ORDER BY d.id DESC`).all(batchId) as DossierView[]);
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
