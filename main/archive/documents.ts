import { DOCUMENT_FIELDS } from '../contract/archival-fields';
import type { DocumentMetadata, DocumentState, DocumentView } from '../contract/domain';
import { assignments, columnValues, valuesFromRow } from '../storage/archival-columns';
import { nowIso, type Db } from '../storage/database';
import { documentCode } from './codes';
import { packageOutdated } from './document-lifecycle';
import type { Dossiers } from './dossiers';
import { notFound } from './not-found';

/** Documents (văn bản): the table `documents`, their metadata, import origin and export record. */
export class Documents {
  constructor(
    private readonly db: Db,
    private readonly dossiers: Dossiers,
  ) {}

  /**
   * The document a job fills (a scan into a new document, a stitched sheet), created on first use so that
   * a resumed job reuses it. An import of files finds its documents by origin instead (`importedFrom`).
   */
  documentForJob(dossierId: number, jobId: number, source: string): DocumentView {
    const existing = this.db
      .prepare('SELECT id FROM documents WHERE dossier_id = ? AND import_job_id = ? AND source = ?')
      .get(dossierId, jobId, source) as { id: number } | undefined;
    if (existing) return this.document(existing.id);
    return this.insertDocument(dossierId, jobId, source, null);
  }

  private insertDocument(dossierId: number, jobId: number, source: string, sourcePath: string | null): DocumentView {
    const ordinal =
      (this.db.prepare('SELECT coalesce(max(ordinal), 0) AS n FROM documents WHERE dossier_id = ?').get(dossierId) as { n: number }).n + 1;
    const now = nowIso();
    const info = this.db
      .prepare('INSERT INTO documents (dossier_id, ordinal, source, source_path, import_job_id, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)')
      .run(dossierId, ordinal, source, sourcePath, jobId, now, now);
    return this.document(Number(info.lastInsertRowid));
  }

  // ---- import identity (migration 010)
  /**
   * A new document for the input at `sourcePath` (absolute), filled by import job `jobId`. Unlike
   * `documentForJob` it is found again by its origin, not by its job: see `importedFrom`.
   */
  createImportedDocument(dossierId: number, jobId: number, source: string, sourcePath: string): DocumentView {
    return this.insertDocument(dossierId, jobId, source, sourcePath);
  }

  /**
   * The dossier's documents imported from the input at `sourcePath`, newest first, each with the job that
   * created it and the origin of each of its pages: what a retried import continues instead of starting over.
   */
  importedFrom(
    dossierId: number,
    sourcePath: string,
  ): Array<{ document: DocumentView; importJobId: number | null; origins: StoredPageOrigin[]; recycled: PageOrigin[] }> {
    const rows = this.db
      .prepare('SELECT id, import_job_id AS importJobId FROM documents WHERE dossier_id = ? AND source_path = ? ORDER BY id DESC')
      .all(dossierId, sourcePath) as Array<{ id: number; importJobId: number | null }>;
    const origins = this.db.prepare(
      `SELECT id AS pageId, source_path AS path, source_page AS page, source_sha256 AS sha256 FROM pages
       WHERE document_id = ? AND source_path IS NOT NULL ORDER BY ordinal`,
    );
    // Pages the clerk deleted are in the recycle bin with their row: a retry must not bring them back.
    const recycled = this.db.prepare(
      `SELECT json_extract(row, '$.source_path') AS path, json_extract(row, '$.source_page') AS page, json_extract(row, '$.source_sha256') AS sha256
       FROM recycled_pages WHERE document_id = ? AND json_extract(row, '$.source_path') IS NOT NULL`,
    );
    return rows.map((row) => ({
      document: this.document(row.id),
      importJobId: row.importJobId,
      origins: origins.all(row.id) as StoredPageOrigin[],
      recycled: recycled.all(row.id) as PageOrigin[],
    }));
  }


  /** Each document's displayed source and, when imported since migration 010, its input path. */
  documentSources(dossierId: number): Array<{ source: string; sourcePath: string | null }> {
    return this.db.prepare('SELECT source, source_path AS sourcePath FROM documents WHERE dossier_id = ?').all(dossierId) as Array<{ source: string; sourcePath: string | null }>;
  }

  /**
   * Documents a job created but filled with no page (every file unreadable, a scan that failed at once).
   * A document whose pages are all in the recycle bin stays: they can be restored into it.
   */
  removeEmptyJobDocuments(jobId: number): number {
    return this.db
      .prepare(
        `DELETE FROM documents WHERE import_job_id = ? AND NOT EXISTS (SELECT 1 FROM pages p WHERE p.document_id = documents.id)
           AND NOT EXISTS (SELECT 1 FROM recycled_pages r WHERE r.document_id = documents.id)`,
      )
      .run(jobId).changes;
  }

  /** Removes the document if it holds no page, stored or recycled (emptied by a batch separation). */
  removeIfEmpty(documentId: number): boolean {
    return (
      this.db
        .prepare(
          `DELETE FROM documents WHERE id = ? AND NOT EXISTS (SELECT 1 FROM pages p WHERE p.document_id = documents.id)
             AND NOT EXISTS (SELECT 1 FROM recycled_pages r WHERE r.document_id = documents.id)`,
        )
        .run(documentId).changes > 0
    );
  }

  document(id: number): DocumentView {
    const row = this.db
      .prepare(
        `SELECT x.*, d.file_code, (SELECT count(*) FROM pages p WHERE p.document_id = x.id) AS page_count
         FROM documents x JOIN dossiers d ON d.id = x.dossier_id WHERE x.id = ?`,
      )
      .get(id) as DocumentRow | undefined;
    if (!row) throw notFound('văn bản', id);
    return toDocumentView(row);
  }

  listDocuments(dossierId: number): DocumentView[] {
    const rows = this.db
      .prepare(
        `SELECT x.*, d.file_code, (SELECT count(*) FROM pages p WHERE p.document_id = x.id) AS page_count
         FROM documents x JOIN dossiers d ON d.id = x.dossier_id WHERE x.dossier_id = ? ORDER BY x.ordinal`,
      )
      .all(dossierId) as DocumentRow[];
    return rows.map(toDocumentView);
  }

  updateMetadata(documentId: number, m: DocumentMetadata): DocumentView {
    const info = this.db
      .prepare(`UPDATE documents SET ${assignments(DOCUMENT_FIELDS)}, updated_at = ? WHERE id = ?`)
      .run(...columnValues(DOCUMENT_FIELDS, m), nowIso(), documentId);
    if (info.changes === 0) throw notFound('văn bản', documentId);
    return this.document(documentId);
  }

  /** A document's content version (migration 014): what an export read, to be recorded once its files are in place. */
  contentVersion(documentId: number): number {
    const row = this.db.prepare('SELECT content_version AS v FROM documents WHERE id = ?').get(documentId) as { v: number } | undefined;
    if (!row) throw notFound('văn bản', documentId);
    return row.v;
  }

  /**
   * The document's files are in the outbox as of `contentVersion` (read before its pages were): any change
   * since (the triggers of migration 014 count them) makes it changed-since-export.
   */
  markExported(documentId: number, contentVersion: number): void {
    this.db
      .prepare('UPDATE documents SET exported_version = ?, exported_at = ?, updated_at = ? WHERE id = ?')
      .run(contentVersion, nowIso(), nowIso(), documentId);
  }

  /** A new document at the end of the dossier, filled by no job (pages restored from the quarantine). */
  createDocument(dossierId: number, source: string): DocumentView {
    this.dossiers.dossier(dossierId);
    const ordinal = (this.db.prepare('SELECT coalesce(max(ordinal), 0) AS n FROM documents WHERE dossier_id = ?').get(dossierId) as { n: number }).n + 1;
    const now = nowIso();
    const info = this.db
      .prepare('INSERT INTO documents (dossier_id, ordinal, source, created_at, updated_at) VALUES (?, ?, ?, ?, ?)')
      .run(dossierId, ordinal, source, now, now);
    return this.document(Number(info.lastInsertRowid));
  }
}

/** Where an imported page came from: its file (absolute path), its number in the file, the file's SHA-256. */
export interface PageOrigin {
  path: string;
  page: number;
  sha256: string;
}

export interface StoredPageOrigin extends PageOrigin {
  pageId: number;
}

/** A documents row; its archival columns are read by DOCUMENT_FIELDS. */
interface DocumentRow extends Readonly<Record<string, unknown>> {
  id: number;
  dossier_id: number;
  ordinal: number;
  source: string;
  lifecycle: DocumentState;
  return_reason: string | null;
  file_code: string;
  page_count: number;
  content_version: number;
  exported_version: number | null;
  exported_at: string | null;
  packaged_version: number | null;
}

function toDocumentView(row: DocumentRow): DocumentView {
  const docCode = documentCode(row.file_code, row.ordinal);
  return {
    id: row.id,
    dossierId: row.dossier_id,
    ordinal: row.ordinal,
    docCode,
    source: row.source,
    state: row.lifecycle,
    pageCount: row.page_count,
    exportedAt: row.exported_at,
    changedSinceExport: row.exported_version !== null && row.content_version > row.exported_version,
    returnReason: row.return_reason,
    packageOutdated: packageOutdated(row),
    // The derived fields under their names: the document code and the page count, computed once above.
    metadata: valuesFromRow(DOCUMENT_FIELDS, { ...row, doc_code: docCode, number_of_page: row.page_count }),
  };
}
