import { nowIso, type Db } from './database';
import type { BlobStore, StoredBlob } from './blob-store';

export interface PageRef {
  pageId: number;
  documentId: number;
  source: string;
  sha256: string;
}

export interface IntegrityReport {
  /** Nothing was changed (a read-only open): the lists and counts say what a repair would do. */
  readOnly: boolean;
  /** Every page whose master file is missing (or damaged, in a deep check): flagged, its row and words kept. */
  pagesMissing: PageRef[];
  /** The pages among them that this check flagged (the others were flagged before). */
  pagesNewlyMissing: PageRef[];
  /** Pages flagged missing whose master file is back: the flag is cleared. */
  pagesRestored: PageRef[];
  /** Blobs no row or recycled page names, older than the grace age: moved into the quarantine, never deleted. */
  orphansQuarantined: Array<{ sha256: string; bytes: number }>;
  /** Blobs no row names yet, younger than the grace age: left in place (another process may be committing them). */
  orphansWaiting: number;
  /** Quarantined blobs a row names again (an older database put back, then the newer one): moved back into the store. */
  blobsUnquarantined: number;
}

export interface IntegrityOptions {
  /** Orphans younger than this stay: another process may be about to commit their row. */
  orphanAgeMs: number;
  /** Hash every master instead of only checking that it exists. */
  deep?: boolean;
}

interface PageCheckRow extends PageRef {
  missingSince: string | null;
}

interface Survey {
  pagesMissing: PageCheckRow[];
  pagesRestored: PageCheckRow[];
  /** Referenced blobs found only in the quarantine. */
  toUnquarantine: string[];
  orphans: StoredBlob[];
  orphansWaiting: number;
  /** Quarantine records whose file is in neither place any more (purged by hand). */
  staleQuarantineRecords: string[];
  /** Files in the quarantine folder that no record names yet. */
  unrecordedQuarantine: StoredBlob[];
}

/** What the store holds against what the database names, without changing either. */
async function survey(db: Db, blobs: BlobStore, options: IntegrityOptions): Promise<Survey> {
  const rows = db
    .prepare('SELECT id AS pageId, document_id AS documentId, source, sha256, missing_since AS missingSince FROM pages ORDER BY id')
    .all() as PageCheckRow[];
  const recycled = (db.prepare('SELECT DISTINCT sha256 FROM recycled_pages').all() as Array<{ sha256: string }>).map((r) => r.sha256);
  const quarantined = new Map((await blobs.listQuarantined()).map((blob) => [blob.sha256, blob]));
  const recorded = new Set((db.prepare('SELECT sha256 FROM quarantine').all() as Array<{ sha256: string }>).map((r) => r.sha256));
  const stored = new Map((await blobs.list()).map((blob) => [blob.sha256, blob]));

  const toUnquarantine = new Set<string>();
  const present = async (sha256: string): Promise<boolean> => {
    if (!stored.has(sha256)) {
      if (!quarantined.has(sha256)) return false;
      toUnquarantine.add(sha256);
      return true;
    }
    return options.deep ? blobs.verify(sha256) : true;
  };
  const pagesMissing: PageCheckRow[] = [];
  const pagesRestored: PageCheckRow[] = [];
  const verdicts = new Map<string, boolean>();
  for (const row of rows) {
    let ok = verdicts.get(row.sha256);
    if (ok === undefined) verdicts.set(row.sha256, (ok = await present(row.sha256)));
    if (!ok) pagesMissing.push(row);
    else if (row.missingSince !== null) pagesRestored.push(row);
  }
  for (const sha256 of recycled) await present(sha256);

  // Separator sheets kept with their batch (migration 022) are scans too: their images are not orphans.
  // (A read-only look at a store not yet migrated to 022 has none.)
  const kept = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'separator_pages'").get() !== undefined;
  const separators = kept ? (db.prepare('SELECT DISTINCT sha256 FROM separator_pages').all() as Array<{ sha256: string }>).map((r) => r.sha256) : [];
  for (const sha256 of separators) await present(sha256);
  const referenced = new Set([...rows.map((r) => r.sha256), ...recycled, ...separators]);
  const now = Date.now();
  const orphans: StoredBlob[] = [];
  let orphansWaiting = 0;
  for (const blob of stored.values()) {
    if (referenced.has(blob.sha256)) continue;
    if (now - blob.mtimeMs < options.orphanAgeMs) orphansWaiting++;
    else orphans.push(blob);
  }
  const orphanShas = new Set(orphans.map((b) => b.sha256));
  return {
    pagesMissing,
    pagesRestored,
    toUnquarantine: [...toUnquarantine],
    orphans,
    orphansWaiting,
    staleQuarantineRecords: [...recorded].filter((sha) => !quarantined.has(sha) && !stored.has(sha)),
    unrecordedQuarantine: [...quarantined.values()].filter((b) => !recorded.has(b.sha256) && !toUnquarantine.has(b.sha256) && !orphanShas.has(b.sha256)),
  };
}

const ref = ({ pageId, documentId, source, sha256 }: PageCheckRow): PageRef => ({ pageId, documentId, source, sha256 });

/** What a survey found, as the report says it (done, or to be done when `readOnly`). */
function reportOf(found: Survey, readOnly: boolean): IntegrityReport {
  return {
    readOnly,
    pagesMissing: found.pagesMissing.map(ref),
    pagesNewlyMissing: found.pagesMissing.filter((p) => p.missingSince === null).map(ref),
    pagesRestored: found.pagesRestored.map(ref),
    orphansQuarantined: found.orphans.map(({ sha256, bytes }) => ({ sha256, bytes })),
    orphansWaiting: found.orphansWaiting,
    blobsUnquarantined: found.toUnquarantine.length,
  };
}

/**
 * What `checkAndRepairStore` would do, changing nothing (read-only commands such as `sohoa status`).
 */
export async function inspectStore(db: Db, blobs: BlobStore, options: IntegrityOptions): Promise<IntegrityReport> {
  const found = await survey(db, blobs, options);
  return reportOf(found, true);
}

/**
 * The start-up check, run only once the store is known to be this database's (store-identity.ts). It never
 * deletes a row or a blob: the write order (blob durable, then row) means a killed process can leave only
 * temp files and unreferenced blobs; a row naming a missing file means outside damage, so the page is
 * flagged missing (row and words kept) until the file is back; a blob no row names is moved into the
 * quarantine, from where a supervisor restores or purges it.
 * Temp files and interrupted jobs are not this check's: they belong to the process that holds them, and
 * only a dead owner's are cleaned (releaseDeadOwners) or adopted (JobQueue).
 */
export async function checkAndRepairStore(db: Db, blobs: BlobStore, options: IntegrityOptions): Promise<IntegrityReport> {
  const found = await survey(db, blobs, options);
  for (const sha256 of found.toUnquarantine) {
    await blobs.moveBackFromQuarantine(sha256);
    db.prepare('DELETE FROM quarantine WHERE sha256 = ?').run(sha256);
  }
  const now = nowIso();
  db.transaction(() => {
    for (const page of found.pagesMissing) db.prepare('UPDATE pages SET missing_since = ? WHERE id = ? AND missing_since IS NULL').run(now, page.pageId);
    for (const page of found.pagesRestored) db.prepare('UPDATE pages SET missing_since = NULL WHERE id = ?').run(page.pageId);
    for (const sha256 of found.staleQuarantineRecords) db.prepare('DELETE FROM quarantine WHERE sha256 = ?').run(sha256);
    for (const blob of found.unrecordedQuarantine) recordQuarantined(db, blob, now);
  }).immediate();
  // Recorded first, then moved: a process killed in between leaves a record whose blob the next check moves.
  for (const blob of found.orphans) {
    recordQuarantined(db, blob, now);
    await blobs.moveToQuarantine(blob.sha256);
  }
  return reportOf(found, false);
}

function recordQuarantined(db: Db, blob: StoredBlob, now: string): void {
  db.prepare(
    `INSERT INTO quarantine (sha256, bytes, written_at, quarantined_at) VALUES (?, ?, ?, ?)
     ON CONFLICT (sha256) DO UPDATE SET bytes = excluded.bytes, written_at = excluded.written_at, quarantined_at = excluded.quarantined_at`,
  ).run(blob.sha256, blob.bytes, new Date(blob.mtimeMs).toISOString(), now);
}
