import Database from 'better-sqlite3';
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { AUDIT_TRIGGERS_SQL } from '../../main/accounts/audit-chain';
import { Dispatcher } from '../../main/ipc/dispatcher';
import { silentLogger } from '../../main/services/logger';
import { Workstation } from '../../main/services/workstation';
import { REPO_ROOT, tempDir } from '../support/temp-dir';

const run = promisify(execFile);
const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const f of cleanups.splice(0).reverse()) await f();
});

const clerk = { userId: null, name: 'cli:lan.pt', user: null };

function sohoa(dataDir: string, args: string[]): Promise<{ stdout: string; stderr: string; code: number }> {
  return run(process.execPath, ['--import', 'tsx', path.join(REPO_ROOT, 'main/cli/sohoa.ts'), '--data', dataDir, ...args], { cwd: REPO_ROOT }).then(
    ({ stdout, stderr }) => ({ stdout, stderr, code: 0 }),
    (error: { stdout: string; stderr: string; code: number }) => ({ stdout: error.stdout, stderr: error.stderr, code: error.code }),
  );
}

/** A data folder whose workstation recorded `rows` actions and verified them once, closed again. */
async function storeWithAudit(rows: number): Promise<string> {
  const t = tempDir();
  cleanups.push(t.remove);
  const dataDir = path.join(t.dir, 'data');
  const station = await Workstation.open({ dataDir, ocrWorkers: 1, scanners: [], logger: silentLogger() });
  for (let n = 1; n <= rows; n++) station.audit.record(clerk, 'page.move', `page:${n}`, { documentId: 1, from: n, to: n + 1 });
  expect(station.auditWatch.check()).toMatchObject({ intact: true, mode: 'incremental' });
  await station.close();
  return dataDir;
}

function tamper(dataDir: string, sql: string): void {
  const db = new Database(path.join(dataDir, 'workstation.sqlite'));
  db.exec('DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete; DROP TRIGGER audit_log_chained;');
  db.exec(sql);
  db.exec(AUDIT_TRIGGERS_SQL);
  db.close();
}

function checkpointTable(dataDir: string): unknown {
  const db = new Database(path.join(dataDir, 'workstation.sqlite'), { readonly: true });
  try {
    return db.prepare('SELECT * FROM audit_checkpoint').all();
  } finally {
    db.close();
  }
}

describe('sohoa status: the audit chain', () => {
  it('says the log is intact with its row count, and moves no checkpoint', async () => {
    const dataDir = await storeWithAudit(4);
    const anchor = readFileSync(path.join(dataDir, 'audit-anchor.json'), 'utf8');
    const table = checkpointTable(dataDir);

    const text = await sohoa(dataDir, ['status']);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('Nhật ký kiểm toán: nguyên vẹn (4 dòng)');
    const json = await sohoa(dataDir, ['status', '--json']);
    const status = JSON.parse(json.stdout) as { audit: unknown; station: { stationId: string; name: string | null } };
    expect(status.audit).toMatchObject({ intact: true, rows: 4, mode: 'full', broken: null });
    // The station every audit row carries, the same one the text names.
    expect(status.station).toMatchObject({ stationId: expect.stringMatching(/^[0-9a-f-]{36}$/), name: null });
    expect(text.stdout).toContain(`Trạm: (chưa đặt tên) — mã ${status.station.stationId}`);
    expect(readFileSync(path.join(dataDir, 'audit-anchor.json'), 'utf8')).toBe(anchor);
    expect(checkpointTable(dataDir)).toEqual(table);
  });

  it('names the first broken link and exits 1 when a row was edited behind the triggers', async () => {
    const dataDir = await storeWithAudit(5);
    tamper(dataDir, `UPDATE audit_log SET detail = '{"from":2,"to":9}' WHERE id = 2`);

    const text = await sohoa(dataDir, ['status']);
    expect(text.code).toBe(1);
    expect(text.stdout).toMatch(/Nhật ký kiểm toán: BỊ THAY ĐỔI — dòng 2 đã bị sửa/);
    const json = await sohoa(dataDir, ['status', '--json']);
    expect(json.code).toBe(1);
    expect(JSON.parse(json.stdout).audit).toMatchObject({ intact: false, broken: { kind: 'content', rowId: 2 } });
  }, 60_000);
});

describe('Workstation: the periodic audit check', () => {
  it('finds a broken chain at open, writes it to the audit log once, and shows it to supervisors only', async () => {
    const dataDir = await storeWithAudit(6);
    tamper(dataDir, 'DELETE FROM audit_log WHERE id = 3');
    const station = await Workstation.open({ dataDir, ocrWorkers: 1, scanners: [], logger: silentLogger() });
    cleanups.push(() => station.close());
    expect(station.auditWatch.status).toMatchObject({ intact: false, mode: 'full', broken: { kind: 'rows-missing', rowId: 4 } });
    // Found again, not recorded again.
    expect(station.auditWatch.check()).toMatchObject({ intact: false, mode: 'full', broken: { kind: 'rows-missing', rowId: 4 } });
    const noted = station.audit.list(10).filter((e) => e.action === 'audit.chain-broken');
    expect(noted).toHaveLength(1);
    expect(noted[0]).toMatchObject({ actor: 'system', subject: 'audit:4', detail: { kind: 'rows-missing', rowId: 4 } });

    const dispatcher = new Dispatcher(station, silentLogger());
    const user = (role: 'clerk' | 'supervisor') => ({ id: 'ui', lastActiveMs: Date.now(), user: { id: 1, username: role, fullName: role, role } });
    const seen = await dispatcher.dispatch(user('supervisor'), 'audit:verify', {});
    expect(seen).toMatchObject({ ok: true, value: { intact: false, broken: { kind: 'rows-missing', message: 'thiếu dòng 3 (đã bị xóa)' } } });
    expect(await dispatcher.dispatch(user('clerk'), 'audit:verify', {})).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });

  it('verifies only the new rows once the chain was found intact, and all of it when a supervisor looks', async () => {
    const dataDir = await storeWithAudit(3);
    const station = await Workstation.open({ dataDir, ocrWorkers: 1, scanners: [], logger: silentLogger() });
    cleanups.push(() => station.close());
    expect(station.auditWatch.status).toMatchObject({ intact: true, mode: 'full', rows: 3 });
    station.audit.record(clerk, 'job.cancel', 'job:1');
    expect(station.auditWatch.check()).toMatchObject({ intact: true, mode: 'incremental', rows: 4, checked: 1 });
    expect(JSON.parse(readFileSync(path.join(dataDir, 'audit-anchor.json'), 'utf8'))).toMatchObject({ rowId: 4 });

    // A supervisor opening the audit log gets the whole chain verified: an old row edited meanwhile shows.
    tamper(dataDir, "UPDATE audit_log SET actor = 'someone else' WHERE id = 1");
    const supervisor = { id: 'ui', lastActiveMs: Date.now(), user: { id: 1, username: 'giamsat', fullName: 'Giám sát', role: 'supervisor' as const } };
    expect(await new Dispatcher(station, silentLogger()).dispatch(supervisor, 'audit:verify', {})).toMatchObject({
      ok: true,
      value: { intact: false, mode: 'full', broken: { kind: 'content', rowId: 1 } },
    });
  });
});
