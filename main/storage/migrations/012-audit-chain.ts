import { AUDIT_TRIGGERS_SQL, GENESIS_HASH, rowHash } from '../../accounts/audit-chain';
import type { Migration } from './migration';

// The audit log becomes a hash chain: each row carries the hash of the row before it (prev_hash) and of
// its own full content (row_hash), so that editing, removing or inserting a row shows even when the
// append-only triggers were dropped and recreated around it. The rows written before this step are
// chained here, in id order; the triggers are dropped for the backfill (they refuse UPDATE) and recreated
// with the insert guard. audit_checkpoint holds the last row a verification found intact (mirrored in
// <data>/audit-anchor.json, see main/accounts/audit-verifier.ts).
export const migration012: Migration = {
  version: 12,
  name: 'audit-chain',
  up: `
    DROP TRIGGER audit_log_no_update;
    DROP TRIGGER audit_log_no_delete;
    ALTER TABLE audit_log ADD COLUMN prev_hash TEXT;
    ALTER TABLE audit_log ADD COLUMN row_hash TEXT;
    CREATE TABLE audit_checkpoint (
      id INTEGER PRIMARY KEY CHECK (id = 1),
      row_id INTEGER NOT NULL,
      row_hash TEXT NOT NULL,
      verified_at TEXT NOT NULL
    ) STRICT;
  `,
  run(db) {
    const rows = db.prepare('SELECT * FROM audit_log ORDER BY id').safeIntegers(true).all() as Array<Record<string, unknown> & { id: bigint }>;
    const update = db.prepare('UPDATE audit_log SET prev_hash = ?, row_hash = ? WHERE id = ?');
    let previous = GENESIS_HASH;
    for (const row of rows) {
      const hash = rowHash({ ...row, prev_hash: previous });
      update.run(previous, hash, row.id);
      previous = hash;
    }
    db.exec(AUDIT_TRIGGERS_SQL);
  },
};
