import type { BatchView } from '../contract/domain';
import { nowIso, type Db } from '../storage/database';
import { notFound } from './not-found';

/** Batches (lô): the table `batches`. */
export class Batches {
  constructor(private readonly db: Db) {}

  createBatch(name: string, userId: number | null): BatchView {
    const info = this.db.prepare('INSERT INTO batches (name, created_by, created_at) VALUES (?, ?, ?)').run(name, userId, nowIso());
    return this.batch(Number(info.lastInsertRowid));
  }

  batch(id: number): BatchView {
    const row = this.db
      .prepare(
        `SELECT b.id, b.name, b.created_at AS createdAt, (SELECT count(*) FROM dossiers d WHERE d.batch_id = b.id) AS dossierCount
         FROM batches b WHERE b.id = ?`,
      )
      .get(id) as BatchView | undefined;
    if (!row) throw notFound('lô', id);
    return row;
  }

  listBatches(): BatchView[] {
    return this.db
      .prepare(
        `SELECT b.id, b.name, b.created_at AS createdAt, (SELECT count(*) FROM dossiers d WHERE d.batch_id = b.id) AS dossierCount
         FROM batches b ORDER BY b.id DESC`,
      )
      .all() as BatchView[];
  }

  /** The batch named `name`, created if missing (the command line files its dossiers by name). */
  batchNamed(name: string, userId: number | null): BatchView {
    const row = this.db.prepare('SELECT id FROM batches WHERE name = ? ORDER BY id LIMIT 1').get(name) as { id: number } | undefined;
    return row ? this.batch(row.id) : this.createBatch(name, userId);
  }
}
