import type { Db } from './database';
import type { BlobStore } from './blob-store';

export interface IntegrityReport {
  /** Page rows whose image was missing or damaged: removed so no row names a missing file. */
  pagesRemoved: Array<{ pageId: number; documentId: number; source: string; sha256: string }>;
  /** Blobs that no row names: written by a process killed before its row committed, never acknowledged. */
  orphanBlobsRemoved: number;
}

/**
 * The start-up check. The write order (blob durable, then row) means a killed process can leave only
 * temp files and unreferenced blobs; rows naming missing files mean outside damage, and are reported.
 * Orphans younger than `orphanAgeMs` are kept: another process may be about to commit their row.
 * Temp files and interrupted jobs are not this check's: they belong to the process that holds them, and
 * only a dead owner's are cleaned (releaseDeadOwners) or adopted (JobQueue).
 */
export async function checkAndRepairStore(db: Db, blobs: BlobStore, options: { orphanAgeMs: number; deep?: boolean }): Promise<IntegrityReport> {
  const rows = db.prepare('SELECT id AS pageId, document_id AS documentId, source, sha256 FROM pages').all() as IntegrityReport['pagesRemoved'];
  const pagesRemoved: IntegrityReport['pagesRemoved'] = [];
  for (const row of rows) {
    const ok = options.deep ? await blobs.verify(row.sha256) : await blobs.has(row.sha256);
    if (!ok) pagesRemoved.push(row);
  }
  if (pagesRemoved.length > 0) {
    db.transaction(() => {
      for (const page of pagesRemoved) {
        db.prepare('DELETE FROM words WHERE page_id = ?').run(page.pageId);
        db.prepare('DELETE FROM pages WHERE id = ?').run(page.pageId);
      }
    })();
  }
  const referenced = new Set((db.prepare('SELECT DISTINCT sha256 FROM pages').all() as Array<{ sha256: string }>).map((r) => r.sha256));
  let orphanBlobsRemoved = 0;
  const now = Date.now();
  for (const blob of await blobs.list()) {
    if (referenced.has(blob.sha256) || now - blob.mtimeMs < options.orphanAgeMs) continue;
    await blobs.remove(blob.sha256);
    orphanBlobsRemoved++;
  }
  return { pagesRemoved, orphanBlobsRemoved };
}
