import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { AUDIT_TRIGGERS_SQL, GENESIS_HASH, rowHash } from '../../../main/accounts/audit-chain';
import { AuditLog } from '../../../main/accounts/audit-log';
import { AuditVerifier } from '../../../main/accounts/audit-verifier';
import { storeBefore } from '../../support/temp-database';
import { tempDir } from '../../support/temp-dir';

const cleanups: Array<() => void> = [];
afterEach(() => cleanups.splice(0).forEach((f) => f()));

const clerk = { userId: null, name: 'cli:lan.pt', user: null };

/** Runs SQL with the audit triggers out of the way, as someone editing the file with sqlite3 would. */
function behindTriggers(db: ReturnType<typeof storeBefore>['db'], sql: string): void {
  db.exec('DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete; DROP TRIGGER audit_log_chained;');
  db.exec(sql);
  db.exec(AUDIT_TRIGGERS_SQL);
}

/** A store at schema 18 whose audit rows were written and chained as the AuditLog before migration 019 did. */
function storeBefore019(rows: number) {
  const { db, upgrade } = storeBefore(19, cleanups);
  const insert = db.prepare("INSERT INTO audit_log (id, at, actor, action, subject, detail, prev_hash, row_hash) VALUES (?, '2026-01-01T00:00:00.000Z', 'cli:lan.pt', 'page.move', ?, ?, ?, ?)");
  // Hashed as before 019: no station, no chain_format (format 1).
  let previous = GENESIS_HASH;
  for (let n = 1; n <= rows; n++) {
    const detail = JSON.stringify({ documentId: 1, from: n, to: n + 1 });
    const row = { id: BigInt(n), at: '2026-01-01T00:00:00.000Z', actor: 'cli:lan.pt', action: 'page.move', subject: `page:${n}`, detail, prev_hash: previous };
    const hash = rowHash(row);
    insert.run(n, `page:${n}`, detail, previous, hash);
    previous = hash;
  }
  const t = tempDir();
  cleanups.push(t.remove);
  const verifier = new AuditVerifier(db, path.join(t.dir, 'audit-anchor.json'));
  return { db, verifier, migrateNow: upgrade };
}

describe('migration 019 (station identity)', () => {
  it('gives the store one station id, backfills it into every earlier row, and the chain still verifies from the checkpoint it had', () => {
    const { db, verifier, migrateNow } = storeBefore019(12);
    expect(verifier.verify({ mode: 'full', advance: true })).toMatchObject({ intact: true, rows: 12 });

    migrateNow();
    const station = db.prepare('SELECT station_id, name FROM station_identity').all() as Array<{ station_id: string; name: string | null }>;
    expect(station).toHaveLength(1);
    expect(station[0]!.station_id).toMatch(/^[0-9a-f-]{36}$/);
    expect(db.prepare('SELECT DISTINCT station_id, station_name, chain_format FROM audit_log').all()).toEqual([{ station_id: station[0]!.station_id, station_name: null, chain_format: null }]);
    // The anchor written before the migration still names an intact row: nothing was re-hashed.
    expect(verifier.verify({ mode: 'incremental', advance: false })).toMatchObject({ intact: true, checked: 0 });
    expect(verifier.verify({ mode: 'full', advance: false })).toMatchObject({ intact: true, rows: 12, checked: 12 });

    // New rows carry the station and are hashed with it, and the chain goes on.
    new AuditLog(db).record(clerk, 'job.cancel', 'job:1');
    expect(db.prepare('SELECT station_id, chain_format FROM audit_log WHERE id = 13').get()).toEqual({ station_id: station[0]!.station_id, chain_format: 2 });
    expect(verifier.verify({ mode: 'full', advance: true })).toMatchObject({ intact: true, rows: 13, checked: 13 });
    // The update and delete guards are back.
    expect(() => db.prepare("UPDATE audit_log SET station_id = 'x'").run()).toThrow(/append-only/);
    expect(() => db.prepare('DELETE FROM audit_log').run()).toThrow(/append-only/);
  });

  it("finds a station changed behind the triggers' back, on an earlier row as on a new one", () => {
    const { db, verifier, migrateNow } = storeBefore019(5);
    migrateNow();
    new AuditLog(db).record(clerk, 'job.cancel', 'job:1');
    expect(verifier.verify({ mode: 'full', advance: false }).intact).toBe(true);

    // An earlier row: its hash does not cover the backfilled station, the verifier checks it against the store's.
    behindTriggers(db, "UPDATE audit_log SET station_id = '00000000-0000-4000-8000-000000000000' WHERE id = 3");
    expect(verifier.verify({ mode: 'full', advance: false }).broken).toMatchObject({ kind: 'content', rowId: 3 });
    behindTriggers(db, `UPDATE audit_log SET station_id = (SELECT station_id FROM station_identity) WHERE id = 3`);
    behindTriggers(db, "UPDATE audit_log SET station_name = 'Trạm khác' WHERE id = 2");
    expect(verifier.verify({ mode: 'full', advance: false }).broken).toMatchObject({ kind: 'content', rowId: 2 });
    behindTriggers(db, 'UPDATE audit_log SET station_name = NULL WHERE id = 2');
    expect(verifier.verify({ mode: 'full', advance: false }).intact).toBe(true);

    // A new row: its hash covers the station, and passing it off as an earlier row changes its hash.
    behindTriggers(db, "UPDATE audit_log SET station_name = 'Trạm khác' WHERE id = 6");
    expect(verifier.verify({ mode: 'full', advance: false }).broken).toMatchObject({ kind: 'content', rowId: 6 });
    behindTriggers(db, 'UPDATE audit_log SET station_name = NULL, chain_format = NULL WHERE id = 6');
    expect(verifier.verify({ mode: 'full', advance: false }).broken).toMatchObject({ kind: 'content', rowId: 6 });
  });
});
