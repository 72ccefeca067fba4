import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { GENESIS_HASH, rowHash } from '../../../main/accounts/audit-chain';
import { AuditLog } from '../../../main/accounts/audit-log';
import { AuditVerifier } from '../../../main/accounts/audit-verifier';
import { migrate, schemaVersion } from '../../../main/storage/database';
import { MIGRATIONS } from '../../../main/storage/migrations';
import { migration012 } from '../../../main/storage/migrations/012-audit-chain';
import { tempDatabase } from '../../support/temp-database';
import { tempDir } from '../../support/temp-dir';

const cleanups: Array<() => void> = [];
afterEach(() => cleanups.splice(0).forEach((f) => f()));

const system = { userId: null, name: 'system', user: null };
type Row = { id: number; prev_hash: string | null; row_hash: string | null };

describe('migration 012 (audit hash chain)', () => {
  it('chains the rows written before it, in id order, and new rows continue the chain', () => {
    const db = tempDatabase(cleanups);
    const before = MIGRATIONS.filter((m) => m.version < 12);
    migrate(db, before);
    db.exec(`
      INSERT INTO users (username, full_name, role, password_hash, created_at) VALUES ('ngoc.nt', 'Ngọc', 'supervisor', 'h', 't');
      INSERT INTO audit_log (at, user_id, actor, action, subject, detail) VALUES ('2026-01-01T00:00:00.000Z', 1, 'ngoc.nt', 'account.setup', 'user:1', '{"username":"ngoc.nt"}');
      INSERT INTO audit_log (at, actor, action, subject, detail) VALUES ('2026-01-01T00:01:00.000Z', 'cli:root', 'dossier.create', NULL, '');
      INSERT INTO audit_log (at, actor, action) VALUES ('2026-01-01T00:02:00.000Z', 'cli:root', 'x');
    `);
    migrate(db, [...before, migration012]);
    expect(schemaVersion(db)).toBe(12);

    const rows = db.prepare('SELECT * FROM audit_log ORDER BY id').safeIntegers(true).all() as Array<Record<string, unknown>>;
    const plain = db.prepare('SELECT id, prev_hash, row_hash FROM audit_log ORDER BY id').all() as Row[];
    expect(plain[0]!.prev_hash).toBe(GENESIS_HASH);
    for (let i = 0; i < rows.length; i++) {
      expect(plain[i]!.row_hash).toBe(rowHash(rows[i]!));
      if (i > 0) expect(plain[i]!.prev_hash).toBe(plain[i - 1]!.row_hash);
    }
    // Subject NULL and detail '' are different contents: rows 2 and 3 differ in more than their time.
    expect(new Set(plain.map((r) => r.row_hash)).size).toBe(3);

    const t = tempDir();
    cleanups.push(t.remove);
    // Today's AuditLog writes today's rows (with the station of migration 019): the chain goes on across it.
    migrate(db, MIGRATIONS);
    new AuditLog(db).record(system, 'integrity.blobs-unquarantined', null, { count: 1 });
    const last = db.prepare('SELECT id, prev_hash, row_hash FROM audit_log ORDER BY id DESC LIMIT 1').get() as Row;
    expect(last).toMatchObject({ id: 4, prev_hash: plain[2]!.row_hash });
    expect(new AuditVerifier(db, path.join(t.dir, 'audit-anchor.json')).verify({ mode: 'full', advance: false })).toMatchObject({ intact: true, rows: 4, checked: 4 });
  });

  it('keeps UPDATE and DELETE refused, and refuses a row that does not extend the chain', () => {
    const db = tempDatabase(cleanups);
    migrate(db, MIGRATIONS);
    new AuditLog(db).record(system, 'dossier.create', null);
    expect(() => db.prepare("UPDATE audit_log SET actor = 'someone else'").run()).toThrow(/append-only/);
    expect(() => db.prepare('DELETE FROM audit_log').run()).toThrow(/append-only/);
    // Without hashes, with a made-up predecessor, or with an id out of sequence.
    expect(() => db.prepare("INSERT INTO audit_log (at, actor, action) VALUES ('t', 'x', 'forged')").run()).toThrow(/hash chain/);
    const head = db.prepare('SELECT row_hash FROM audit_log WHERE id = 1').pluck().get() as string;
    const insert = db.prepare("INSERT INTO audit_log (id, at, actor, action, prev_hash, row_hash) VALUES (?, 't', 'x', 'forged', ?, ?)");
    expect(() => insert.run(2, 'f'.repeat(64), 'e'.repeat(64))).toThrow(/hash chain/);
    expect(() => insert.run(5, head, 'e'.repeat(64))).toThrow(/hash chain/);
    expect(db.prepare('SELECT count(*) FROM audit_log').pluck().get()).toBe(1);
  });

  it('rolls back entirely when its backfill fails', () => {
    const db = tempDatabase(cleanups);
    const before = MIGRATIONS.filter((m) => m.version < 12);
    migrate(db, before);
    const failing = { ...migration012, run: () => { throw new Error('disk gone'); } };
    expect(() => migrate(db, [...before, failing])).toThrow(/disk gone/);
    expect(schemaVersion(db)).toBe(before.at(-1)!.version);
    const columns = (db.prepare('PRAGMA table_info(audit_log)').all() as Array<{ name: string }>).map((c) => c.name);
    expect(columns).not.toContain('row_hash');
    expect(db.prepare("SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'audit_log'").pluck().get()).toBe(2);
  });
});
