import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { AUDIT_TRIGGERS_SQL, GENESIS_HASH, canonicalRow, rowHash } from '../../../main/accounts/audit-chain';
import { AuditLog } from '../../../main/accounts/audit-log';
import { AuditVerifier } from '../../../main/accounts/audit-verifier';
import { type Db } from '../../../main/storage/database';
import { tempStore } from '../../support/temp-records';

const cleanups: Array<() => void> = [];
afterEach(() => cleanups.splice(0).forEach((f) => f()));

const clerk = { userId: null, name: 'cli:lan.pt', user: null };

/** A store's database with `rows` audit rows and its verifier, the anchor file beside it. */
function auditedStore(rows: number) {
  const { db, dir } = tempStore(cleanups);
  const audit = new AuditLog(db);
  for (let n = 1; n <= rows; n++) audit.record(clerk, 'page.move', `page:${n}`, { documentId: 1, from: n, to: n + 1 });
  const anchorFile = path.join(dir, 'audit-anchor.json');
  return { db, audit, anchorFile, verifier: new AuditVerifier(db, anchorFile) };
}

/** What the probe did: drop the append-only triggers, change rows, put the triggers back. */
function behindTriggers(db: Db, sql: string): void {
  db.exec('DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete; DROP TRIGGER audit_log_chained;');
  db.exec(sql);
  db.exec(AUDIT_TRIGGERS_SQL);
}

/** A careful attacker's next step: recompute every hash so the chain is consistent again. */
function recomputeChain(db: Db): void {
  behindTriggers(db, '');
  db.exec('DROP TRIGGER audit_log_no_update');
  const rows = db.prepare('SELECT * FROM audit_log ORDER BY id').safeIntegers(true).all() as Array<Record<string, unknown>>;
  const update = db.prepare('UPDATE audit_log SET prev_hash = ?, row_hash = ? WHERE id = ?');
  let previous = GENESIS_HASH;
  for (const row of rows) {
    const hash = rowHash({ ...row, prev_hash: previous });
    update.run(previous, hash, row.id);
    previous = hash;
  }
  db.exec("CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;");
}

describe('audit row hash', () => {
  it('tells NULL, empty text, 0 and 0.0 apart, and covers every column', () => {
    const base = { id: 1n, at: 't', actor: 'a', action: 'x', prev_hash: GENESIS_HASH };
    const hashes = [{ ...base, subject: null }, { ...base, subject: '' }, { ...base, subject: 0n }, { ...base, subject: 0 }, { ...base, subject: '0' }].map(rowHash);
    expect(new Set(hashes).size).toBe(5);
    expect(rowHash({ ...base, at: 'u' })).not.toBe(rowHash(base));
    expect(rowHash({ ...base, prev_hash: 'f'.repeat(64) })).not.toBe(rowHash(base));
    // Column order does not matter, the row's own hash is not part of its content.
    expect(canonicalRow({ action: 'x', actor: 'a', at: 't', id: 1n, prev_hash: GENESIS_HASH, row_hash: 'z' })).toBe(canonicalRow(base));
  });

  it('a column added to the table later keeps the older rows valid and is covered in the rows that fill it', () => {
    const { db, verifier } = auditedStore(3);
    db.exec('ALTER TABLE audit_log ADD COLUMN client TEXT');
    expect(verifier.verify({ mode: 'full', advance: false }).intact).toBe(true);
    behindTriggers(db, "UPDATE audit_log SET client = 'workstation-2' WHERE id = 2");
    expect(verifier.verify({ mode: 'full', advance: false }).broken).toMatchObject({ kind: 'content', rowId: 2 });
  });

  it('refuses to write a row that SQLite stores differently from what was hashed', () => {
    const { db, audit } = auditedStore(1);
    db.exec("ALTER TABLE audit_log ADD COLUMN origin TEXT DEFAULT 'here'");
    expect(() => audit.record(clerk, 'job.cancel', null)).toThrow(/stored differently/);
    expect(db.prepare('SELECT count(*) FROM audit_log').pluck().get()).toBe(1);
  });
});

describe('AuditVerifier', () => {
  it('finds the chain of recorded rows intact, and moves the checkpoint (table and anchor file) only when asked', () => {
    const { db, verifier, anchorFile } = auditedStore(5);
    expect(verifier.verify({ mode: 'full', advance: false })).toMatchObject({ intact: true, rows: 5, checked: 5, broken: null });
    expect(existsSync(anchorFile)).toBe(false);
    expect(db.prepare('SELECT count(*) FROM audit_checkpoint').pluck().get()).toBe(0);

    expect(verifier.verify({ mode: 'incremental', advance: true }).intact).toBe(true);
    const last = db.prepare('SELECT row_hash FROM audit_log WHERE id = 5').pluck().get();
    expect(JSON.parse(readFileSync(anchorFile, 'utf8'))).toMatchObject({ rowId: 5, rowHash: last });
    expect(db.prepare('SELECT row_id, row_hash FROM audit_checkpoint').get()).toEqual({ row_id: 5, row_hash: last });
  });

  it('an incremental verification hashes only the rows after the checkpoint', () => {
    const { audit, verifier } = auditedStore(300);
    expect(verifier.verify({ mode: 'incremental', advance: true })).toMatchObject({ intact: true, checked: 300 });
    for (let n = 0; n < 7; n++) audit.record(clerk, 'job.cancel', `job:${n}`);
    expect(verifier.verify({ mode: 'incremental', advance: true })).toMatchObject({ intact: true, rows: 307, checked: 7 });
    expect(verifier.verify({ mode: 'incremental', advance: true })).toMatchObject({ intact: true, rows: 307, checked: 0 });
    expect(verifier.verify({ mode: 'full', advance: false })).toMatchObject({ intact: true, checked: 307 });
  });

  it("reports a row whose detail was edited behind the triggers' back, even before the checkpoint", () => {
    const { db, verifier } = auditedStore(20);
    verifier.verify({ mode: 'incremental', advance: true });
    behindTriggers(db, `UPDATE audit_log SET detail = '{"from":7,"to":1}' WHERE id = 7`);
    expect(verifier.verify({ mode: 'full', advance: false }).broken).toMatchObject({ kind: 'content', rowId: 7, message: expect.stringMatching(/dòng 7 đã bị sửa/) });
    // An edit after the checkpoint is found by the cheap check as well.
    const { db: db2, verifier: verifier2 } = auditedStore(20);
    verifier2.verify({ mode: 'incremental', advance: true });
    new AuditLog(db2).record(clerk, 'job.cancel', 'job:21');
    behindTriggers(db2, "UPDATE audit_log SET actor = 'someone' WHERE id = 21");
    expect(verifier2.verify({ mode: 'incremental', advance: false })).toMatchObject({ intact: false, checked: 1, broken: { kind: 'content', rowId: 21 } });
  });

  it('reports rows deleted from the middle', () => {
    const { db, verifier } = auditedStore(10);
    behindTriggers(db, 'DELETE FROM audit_log WHERE id IN (4, 5)');
    const result = verifier.verify({ mode: 'full', advance: true });
    expect(result).toMatchObject({ intact: false, rows: 8, broken: { kind: 'rows-missing', rowId: 6, message: 'thiếu các dòng 4–5 (đã bị xóa)' } });
    expect(db.prepare('SELECT count(*) FROM audit_checkpoint').pluck().get()).toBe(0);
  });

  it('reports a forged row, whether its hashes are made up or computed right on a wrong predecessor', () => {
    const { db, verifier } = auditedStore(4);
    behindTriggers(db, "INSERT INTO audit_log (at, actor, action, subject) VALUES ('2026-01-01T00:00:00.000Z', 'ngoc.nt', 'account.create', 'user:9')");
    expect(verifier.verify({ mode: 'full', advance: false }).broken).toMatchObject({ kind: 'previous', rowId: 5 });

    const { db: db2, verifier: verifier2 } = auditedStore(4);
    const row3 = db2.prepare('SELECT * FROM audit_log WHERE id = 3').safeIntegers(true).get() as Record<string, unknown>;
    const forged: Record<string, unknown> = { ...row3, id: 5n, action: 'account.create', subject: 'user:9' };
    const ownHash = rowHash(forged);
    behindTriggers(db2, `INSERT INTO audit_log (id, at, actor, action, subject, detail, prev_hash, row_hash) VALUES (5, '${String(forged.at)}', 'cli:lan.pt', 'account.create', 'user:9', '${String(forged.detail)}', '${String(forged.prev_hash)}', '${ownHash}')`);
    expect(verifier2.verify({ mode: 'full', advance: false }).broken).toMatchObject({ kind: 'previous', rowId: 5 });
  });

  it('catches a chain recomputed inside the database by the anchor kept outside it', () => {
    const { db, verifier } = auditedStore(12);
    verifier.verify({ mode: 'incremental', advance: true });
    behindTriggers(db, `UPDATE audit_log SET detail = '{"from":3,"to":9}' WHERE id = 3`);
    recomputeChain(db);
    // The database alone now agrees with itself; the checkpoint table was rewritten too.
    db.exec(`UPDATE audit_checkpoint SET row_hash = (SELECT row_hash FROM audit_log WHERE id = 12)`);
    for (const mode of ['incremental', 'full'] as const) {
      expect(verifier.verify({ mode, advance: true }).broken).toMatchObject({ kind: 'checkpoint-changed', rowId: 12 });
    }
  });

  it('reports an anchor file removed or damaged, and a log cut short behind the checkpoint', () => {
    const { db, verifier, anchorFile } = auditedStore(6);
    verifier.verify({ mode: 'incremental', advance: true });
    rmSync(anchorFile);
    expect(verifier.verify({ mode: 'incremental', advance: true }).broken).toMatchObject({ kind: 'anchor-missing', rowId: 6 });
    writeFileSync(anchorFile, 'not json');
    expect(verifier.verify({ mode: 'full', advance: true }).broken).toMatchObject({ kind: 'anchor-missing' });

    const { db: db2, verifier: verifier2 } = auditedStore(6);
    verifier2.verify({ mode: 'incremental', advance: true });
    behindTriggers(db2, 'DELETE FROM audit_log WHERE id >= 5');
    for (const mode of ['incremental', 'full'] as const) {
      expect(verifier2.verify({ mode, advance: false }).broken).toMatchObject({ kind: 'checkpoint-missing', rowId: 6 });
    }
    expect(db.prepare('SELECT row_id FROM audit_checkpoint').pluck().get()).toBe(6);
  });
});
