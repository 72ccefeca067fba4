import type { ProgressSummary } from '../contract/domain';
import type { Db } from '../storage/database';

/** The counts on the start screen, over every table of the archive. */
export function progressSummary(db: Db): ProgressSummary {
  const count = (sql: string) => (db.prepare(sql).get() as { n: number }).n;
  return {
    batches: count('SELECT count(*) AS n FROM batches'),
    dossiers: count('SELECT count(*) AS n FROM dossiers'),
    documents: count('SELECT count(*) AS n FROM documents'),
    pages: count('SELECT count(*) AS n FROM pages'),
    recognizedPages: count("SELECT count(*) AS n FROM pages WHERE state = 'recognized'"),
    // Exported and not changed since: an outbox holding an older version does not count.
    exportedDocuments: count('SELECT count(*) AS n FROM documents WHERE exported_version IS NOT NULL AND content_version <= exported_version'),
    activeJobs: count("SELECT count(*) AS n FROM jobs WHERE state IN ('queued', 'running')"),
    failedJobs: count("SELECT count(*) AS n FROM jobs WHERE state = 'failed'"),
  };
}
