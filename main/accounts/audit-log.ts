import type { Transaction } from 'better-sqlite3';
import type { AuditEntryView } from '../contract/domain';
import { nowIso, type Db } from '../storage/database';
import type { Actor } from './actor';
import { chainHead, rowHash } from './audit-chain';

/**
 * The append-only audit log (the table refuses UPDATE and DELETE), chained by hashes (see audit-chain.ts)
 * so that a rewrite behind the triggers' back is found by AuditVerifier.
 */
export class AuditLog {
  private readonly append: Transaction<(row: Record<string, unknown>) => void>;

  constructor(private readonly db: Db) {
    const insert = db.prepare(
      'INSERT INTO audit_log (id, at, user_id, actor, action, subject, detail, prev_hash, row_hash) VALUES (@id, @at, @user_id, @actor, @action, @subject, @detail, @prev_hash, @row_hash)',
    );
    const stored = db.prepare('SELECT * FROM audit_log WHERE id = ?').safeIntegers(true);
    // IMMEDIATE: the write lock is taken before the chain's end is read, so the app, the CLI and the host
    // appending to one database take turns and never link two rows to the same predecessor.
    this.append = db.transaction((row: Record<string, unknown>) => {
        const head = chainHead(db);
        const chained = { ...row, id: BigInt(head.id + 1), prev_hash: head.rowHash };
        const hash = rowHash(chained);
        insert.run({ ...chained, row_hash: hash });
        // The row as SQLite stored it must hash the same (a column default this code does not know of
        // would not): refuse the write rather than leave a link the verifier reports as broken.
        if (rowHash(stored.get(chained.id) as Record<string, unknown>) !== hash) {
          throw new Error('audit_log row stored differently from what was hashed (a column with a default?)');
        }
      });
  }

  record(actor: Actor, action: string, subject: string | null, detail?: Record<string, unknown>): void {
    this.append.immediate({
      at: nowIso(),
      user_id: actor.userId === null ? null : BigInt(actor.userId),
      actor: actor.name,
      action,
      subject,
      detail: detail ? JSON.stringify(detail) : null,
    });
  }

  list(limit: number): AuditEntryView[] {
    const rows = this.db
      .prepare('SELECT id, at, actor, action, subject, detail FROM audit_log ORDER BY id DESC LIMIT ?')
      .all(limit) as Array<{ id: number; at: string; actor: string; action: string; subject: string | null; detail: string | null }>;
    return rows.map((row) => ({ ...row, detail: row.detail ? (JSON.parse(row.detail) as Record<string, unknown>) : null }));
  }
}
