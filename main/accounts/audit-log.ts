import type { Transaction } from 'better-sqlite3';
import type { z } from 'zod';
import type { AuditEntryView } from '../contract/domain';
import { nowIso, type Db } from '../storage/database';
import type { Actor } from './actor';
import { CHAIN_FORMAT, chainHead, rowHash } from './audit-chain';
import { AUDIT_EVENTS, isAuditEvent, type AuditDetailArgs, type AuditEventName } from './audit-events';

/**
 * The append-only audit log (the table refuses UPDATE and DELETE), chained by hashes (see audit-chain.ts)
 * so that a rewrite behind the triggers' back is found by AuditVerifier. Each row is one of the events of
 * audit-events.ts, with its detail checked, and names the station that wrote it (its id and its name
 * then: station-identity.ts).
 */
export class AuditLog {
  private readonly append: Transaction<(row: Record<string, unknown>) => void>;

  constructor(private readonly db: Db) {
    const insert = db.prepare(
      `INSERT INTO audit_log (id, at, user_id, actor, action, subject, detail, station_id, station_name, chain_format, prev_hash, row_hash)
       VALUES (@id, @at, @user_id, @actor, @action, @subject, @detail, @station_id, @station_name, @chain_format, @prev_hash, @row_hash)`,
    );
    const station = db.prepare('SELECT station_id, name FROM station_identity WHERE id = 1');
    const stored = db.prepare('SELECT * FROM audit_log WHERE id = ?').safeIntegers(true);
    // IMMEDIATE: the write lock is taken before the chain's end is read, so the app, the CLI and the host
    // appending to one database take turns and never link two rows to the same predecessor.
    this.append = db.transaction((row: Record<string, unknown>) => {
        const head = chainHead(db);
        // Read in the write transaction: a rename by another process lands before or after, never halfway.
        const { station_id, name } = station.get() as { station_id: string; name: string | null };
        const chained = { ...row, station_id, station_name: name, chain_format: BigInt(CHAIN_FORMAT), id: BigInt(head.id + 1), prev_hash: head.rowHash };
        const hash = rowHash(chained);
        insert.run({ ...chained, row_hash: hash });
        // The row as SQLite stored it must hash the same (a column default this code does not know of
        // would not): refuse the write rather than leave a link the verifier reports as broken.
        if (rowHash(stored.get(chained.id) as Record<string, unknown>) !== hash) {
          throw new Error('audit_log row stored differently from what was hashed (a column with a default?)');
        }
      });
  }

  /** Appends one event; an action not in AUDIT_EVENTS, or a detail its schema refuses, is a bug and throws. */
  record<E extends AuditEventName>(actor: Actor, action: E, subject: string | null, ...[detail]: AuditDetailArgs<E>): void {
    if (!isAuditEvent(action)) throw new Error(`audit event '${String(action)}' is not in AUDIT_EVENTS`);
    const checked = (AUDIT_EVENTS[action] as z.ZodType).safeParse(detail);
    if (!checked.success) throw new Error(`audit event '${action}': detail does not fit its schema: ${checked.error.message}`);
    this.append.immediate({
      at: nowIso(),
      user_id: actor.userId === null ? null : BigInt(actor.userId),
      actor: actor.name,
      action,
      subject,
      detail: detail === undefined ? null : JSON.stringify(detail),
    });
  }

  list(limit: number): AuditEntryView[] {
    const rows = this.db
      .prepare('SELECT id, at, actor, action, subject, detail, station_id AS stationId, station_name AS stationName FROM audit_log ORDER BY id DESC LIMIT ?')
      .all(limit) as Array<Omit<AuditEntryView, 'detail'> & { detail: string | null }>;
    return rows.map((row) => ({ ...row, detail: row.detail ? (JSON.parse(row.detail) as Record<string, unknown>) : null }));
  }
}
