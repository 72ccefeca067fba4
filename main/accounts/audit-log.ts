import type { AuditEntryView } from '../contract/domain';
import { nowIso, type Db } from '../storage/database';
import type { Actor } from './actor';

/** The append-only audit log (the table refuses UPDATE and DELETE). */
export class AuditLog {
  constructor(private readonly db: Db) {}

  record(actor: Actor, action: string, subject: string | null, detail?: Record<string, unknown>): void {
    this.db
      .prepare('INSERT INTO audit_log (at, user_id, actor, action, subject, detail) VALUES (?, ?, ?, ?, ?, ?)')
      .run(nowIso(), actor.userId, actor.name, action, subject, detail ? JSON.stringify(detail) : null);
  }

  list(limit: number): AuditEntryView[] {
    const rows = this.db
      .prepare('SELECT id, at, actor, action, subject, detail FROM audit_log ORDER BY id DESC LIMIT ?')
      .all(limit) as Array<{ id: number; at: string; actor: string; action: string; subject: string | null; detail: string | null }>;
    return rows.map((row) => ({ ...row, detail: row.detail ? (JSON.parse(row.detail) as Record<string, unknown>) : null }));
  }
}
