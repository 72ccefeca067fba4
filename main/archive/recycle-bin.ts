import type { PageView, RecycledPageView } from '../contract/domain';
import { AppError } from '../contract/errors';
import type { BlobStore } from '../storage/blob-store';
import { nowIso, type Db } from '../storage/database';
import { documentCode } from './codes';
import type { DocumentLifecycle } from './document-lifecycle';
import type { Pages } from './pages';

export type RecycleReason = 'deleted' | 'replaced';

/**
 * Moves a page row into the recycle bin, inside the caller's transaction: its row and words are kept as
 * JSON and the row leaves the pages table (its page-edit history goes with it). The caller closes the gap
 * in the page order, or fills it (a rescan in place). Its blob stays: a recycled page is never an orphan.
 */
export function moveToRecycleBin(db: Db, pageId: number, reason: RecycleReason, deletedBy: string | null): number {
  const row = db.prepare('SELECT * FROM pages WHERE id = ?').get(pageId) as (Record<string, unknown> & { document_id: number; ordinal: number; sha256: string; source: string }) | undefined;
  if (!row) throw new AppError('NOT_FOUND', `Không tìm thấy trang số ${pageId}.`, `No page with id ${pageId}.`, String(pageId));
  const words = db.prepare('SELECT * FROM words WHERE page_id = ? ORDER BY idx').all(pageId);
  const info = db
    .prepare(
      `INSERT INTO recycled_pages (page_id, document_id, ordinal, sha256, source, row, words, reason, deleted_by, deleted_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    .run(pageId, row.document_id, row.ordinal, row.sha256, row.source, JSON.stringify(row), JSON.stringify(words), reason, deletedBy, nowIso());
  db.prepare('DELETE FROM pages WHERE id = ?').run(pageId);
  return Number(info.lastInsertRowid);
}

interface RecycledRow {
  id: number;
  page_id: number;
  document_id: number;
  ordinal: number;
  sha256: string;
  source: string;
  row: string;
  words: string;
  reason: RecycleReason;
  deleted_by: string | null;
  deleted_at: string;
  dossier_id: number;
  file_code: string;
  document_ordinal: number;
}

/** The recycle bin: list, restore (the same page, same id, words and recipe) and purge. */
export class RecycleBin {
  constructor(
    private readonly db: Db,
    private readonly pages: Pages,
    private readonly lifecycle: DocumentLifecycle,
    private readonly blobs: BlobStore,
  ) {}

  list(dossierId?: number): RecycledPageView[] {
    const rows = this.db
      .prepare(
        `SELECT r.*, x.dossier_id, x.ordinal AS document_ordinal, d.file_code
         FROM recycled_pages r JOIN documents x ON x.id = r.document_id JOIN dossiers d ON d.id = x.dossier_id
         ${dossierId === undefined ? '' : 'WHERE x.dossier_id = ?'} ORDER BY r.id DESC`,
      )
      .all(...(dossierId === undefined ? [] : [dossierId])) as RecycledRow[];
    return rows.map(toView);
  }

  get(id: number): RecycledPageView {
    return toView(this.row(id));
  }

  private row(id: number): RecycledRow {
    const row = this.db
      .prepare(
        `SELECT r.*, x.dossier_id, x.ordinal AS document_ordinal, d.file_code
         FROM recycled_pages r JOIN documents x ON x.id = r.document_id JOIN dossiers d ON d.id = x.dossier_id WHERE r.id = ?`,
      )
      .get(id) as RecycledRow | undefined;
    if (!row) throw new AppError('NOT_FOUND', `Không có trang số ${id} trong thùng rác.`, `No page ${id} in the recycle bin.`, String(id));
    return row;
  }

  /**
   * Puts a recycled page back into its document, at its old position when the document still reaches it
   * (the pages from there move down one), else at the end. The row comes back with its id, words and recipe.
   */
  restore(id: number): PageView {
    return this.db.transaction(() => {
      const recycled = this.row(id);
      const pageColumns = this.columns('pages');
      const wordColumns = this.columns('words');
      const row = JSON.parse(recycled.row) as Record<string, unknown>;
      const last = (this.db.prepare('SELECT count(*) AS n FROM pages WHERE document_id = ?').get(recycled.document_id) as { n: number }).n;
      insertRow(this.db, 'pages', pageColumns, { ...row, ordinal: last + 1 });
      for (const word of JSON.parse(recycled.words) as Array<Record<string, unknown>>) insertRow(this.db, 'words', wordColumns, word);
      this.db.prepare('DELETE FROM recycled_pages WHERE id = ?').run(id);
      if (row.state !== 'recognized') {
        this.lifecycle.follow(recycled.document_id, 'recapture');
      }
      return this.pages.movePage(recycled.page_id, recycled.ordinal);
    })();
  }

  /**
   * Deletes a recycled page for good. Its master is deleted only when nothing else names it (another page,
   * another recycled page: the two halves of a spread, a rescan of identical bytes). Returns whether it was.
   */
  async purge(id: number): Promise<{ page: RecycledPageView; blobDeleted: boolean }> {
    const { page, unreferenced } = this.db.transaction(() => {
      const view = this.get(id);
      this.db.prepare('DELETE FROM recycled_pages WHERE id = ?').run(id);
      return { page: view, unreferenced: !blobNamed(this.db, view.sha256) };
    })();
    if (unreferenced) await this.blobs.remove(page.sha256);
    return { page, blobDeleted: unreferenced };
  }

  private columns(table: 'pages' | 'words'): Set<string> {
    return new Set((this.db.prepare(`PRAGMA table_info(${table})`).all() as Array<{ name: string }>).map((c) => c.name));
  }
}

/** Whether a page or a recycled page names the blob `sha256`: while one does, its master must stay. */
export function blobNamed(db: Db, sha256: string): boolean {
  return db.prepare('SELECT 1 FROM pages WHERE sha256 = ? UNION ALL SELECT 1 FROM recycled_pages WHERE sha256 = ? LIMIT 1').get(sha256, sha256) !== undefined;
}

/** Inserts the row's values for the table's current columns (columns added since keep their defaults). */
function insertRow(db: Db, table: 'pages' | 'words', columns: Set<string>, row: Record<string, unknown>): void {
  const names = Object.keys(row).filter((name) => columns.has(name));
  db.prepare(`INSERT INTO ${table} (${names.join(', ')}) VALUES (${names.map(() => '?').join(', ')})`).run(...names.map((n) => row[n]));
}

function toView(row: RecycledRow): RecycledPageView {
  const page = JSON.parse(row.row) as { text?: string | null };
  return {
    id: row.id,
    pageId: row.page_id,
    documentId: row.document_id,
    docCode: documentCode(row.file_code, row.document_ordinal),
    dossierId: row.dossier_id,
    fileCode: row.file_code,
    ordinal: row.ordinal,
    source: row.source,
    sha256: row.sha256,
    reason: row.reason,
    deletedBy: row.deleted_by,
    deletedAt: row.deleted_at,
    hasText: typeof page.text === 'string' && page.text.length > 0,
  };
}
