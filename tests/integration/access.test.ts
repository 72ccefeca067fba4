// Access through the one Dispatcher both transports use (issue 12, finding 8): export folders are the
// supervisor's to allow, jobs are cancelled by their owner or a supervisor, sign-in is throttled per
// connection and locked per account, and an idle session expires. A real Workstation on a real SQLite
// file; callers are what a transport creates.
import { mkdirSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_FAILED_LOGINS } from '../../main/accounts/account-service';
import type { ExportFoldersView, JobView, UserAccountView, UserView } from '../../main/contract/domain';
import type { Result } from '../../main/contract/errors';
import { newCaller, type Caller } from '../../main/ipc/caller';
import { Dispatcher } from '../../main/ipc/dispatcher';
import { ExportFolderSettings } from '../../main/services/export-folders';
import { LoginThrottle } from '../../main/ipc/login-throttle';
import { silentLogger } from '../../main/services/logger';
import { Workstation } from '../../main/services/workstation';
import { tempDir } from '../support/temp-dir';

const IDLE_MS = 30 * 60_000;
const clock = { now: Date.parse('2026-03-02T08:00:00Z') };
const delays: number[] = [];
let work: ReturnType<typeof tempDir>;
let station: Workstation;
let dispatcher: Dispatcher;
let dossierId: number;
let clerkId: number;
const callers: Record<'boss' | 'clerk' | 'other', Caller> = { boss: newCaller('t:boss'), clerk: newCaller('t:clerk'), other: newCaller('t:other') };

async function call<T>(caller: Caller, channel: string, args: unknown = {}): Promise<Result<T>> {
  return (await dispatcher.dispatch(caller, channel, args)) as Result<T>;
}

async function ok<T>(caller: Caller, channel: string, args: unknown = {}): Promise<T> {
  const result = await call<T>(caller, channel, args);
  if (!result.ok) throw new Error(`${channel}: ${result.error.code} ${result.error.message}`);
  return result.value;
}

async function refused(caller: Caller, channel: string, args: unknown = {}) {
  const result = await call(caller, channel, args);
  expect(result.ok, channel).toBe(false);
  return result.ok ? null : result.error;
}

beforeAll(async () => {
  work = tempDir('sohoa-access-');
  station = await Workstation.open({
    dataDir: path.join(work.dir, 'data'),
    outboxDir: path.join(work.dir, 'outbox'),
    runJobs: false,
    ocrWorkers: 1,
    scanners: [],
    sessionIdleMs: IDLE_MS,
    clock: () => clock.now,
  });
  // The per-connection waits are recorded instead of slept: the test checks them, not the wall clock.
  dispatcher = new Dispatcher(station, silentLogger(), { loginThrottle: new LoginThrottle(async (ms) => void delays.push(ms)) });
  await ok(callers.boss, 'auth:setup', { username: 'giamsat', fullName: 'Nguyễn Văn A', password: 'mat-khau-giam-sat' });
  const clerk = await ok<UserView>(callers.boss, 'user:create', { username: 'vanthu', fullName: 'Trần Thị B', password: 'mat-khau-van-thu', role: 'clerk' });
  clerkId = clerk.id;
  await ok(callers.boss, 'user:create', { username: 'vanthu2', fullName: 'Lê Văn C', password: 'mat-khau-van-thu-2', role: 'clerk' });
  await ok(callers.clerk, 'auth:login', { username: 'vanthu', password: 'mat-khau-van-thu' });
  await ok(callers.other, 'auth:login', { username: 'vanthu2', password: 'mat-khau-van-thu-2' });
  const batch = await ok<{ id: number }>(callers.clerk, 'batch:create', { name: 'Lô 1' });
  dossierId = (await ok<{ id: number }>(callers.clerk, 'dossier:create', { batchId: batch.id, fileCode: 'H49.64.33.2026.12', title: 'Hồ sơ thử' })).id;
});

afterAll(async () => {
  await station?.close();
  work?.remove();
});

describe('export folders', () => {
  it('lets the interface export only to the default outbox and folders a supervisor allowed', async () => {
    const allowed = path.join(work.dir, 'xuat-phong-luu-tru');
    const elsewhere = path.join(work.dir, 'noi-khac');
    mkdirSync(allowed);
    mkdirSync(elsewhere);
    // A link inside an allowed folder that leads out of it, and a `..` climbing out.
    symlinkSync(elsewhere, path.join(allowed, 'loi-tat'));

    expect((await ok<JobView>(callers.clerk, 'export:start', { dossierId })).state).toBe('queued');
    await ok(callers.clerk, 'export:start', { dossierId, outboxDir: path.join(station.outboxDir, '2026') });

    const denied = await refused(callers.clerk, 'export:start', { dossierId, outboxDir: allowed });
    expect(denied).toMatchObject({ code: 'FORBIDDEN', subject: allowed, message: expect.stringMatching(/giám sát chưa cho phép.*Chưa có tệp nào được ghi/) });
    expect(await refused(callers.clerk, 'exportFolders:add', { folder: allowed })).toMatchObject({ code: 'FORBIDDEN' });

    const view = await ok<ExportFoldersView>(callers.boss, 'exportFolders:add', { folder: `${allowed}/` });
    expect(view).toEqual({ defaultOutbox: station.outboxDir, folders: [allowed] });
    expect(await ok<ExportFoldersView>(callers.clerk, 'exportFolders:get')).toEqual(view);

    const job = await ok<JobView>(callers.clerk, 'export:start', { dossierId, outboxDir: allowed });
    expect((station.db.prepare('SELECT payload FROM jobs WHERE id = ?').get(job.id) as { payload: string }).payload).toContain(allowed);
    await ok(callers.clerk, 'export:start', { dossierId, outboxDir: path.join(allowed, 'dot-2') });
    for (const escape of [path.join(allowed, 'loi-tat'), path.join(allowed, 'loi-tat', 'sau'), `${allowed}/../noi-khac`, station.dataDir, path.join(station.outboxDir, '..')]) {
      expect(await refused(callers.clerk, 'export:start', { dossierId, outboxDir: escape }), escape).toMatchObject({ code: 'FORBIDDEN' });
    }

    expect(await refused(callers.boss, 'exportFolders:add', { folder: 'tuong-doi/thu-muc' })).toMatchObject({ code: 'VALIDATION' });
    expect(await refused(callers.boss, 'exportFolders:add', { folder: path.join(station.dataDir, 'pages') })).toMatchObject({ code: 'VALIDATION' });
    expect(await ok<ExportFoldersView>(callers.boss, 'exportFolders:remove', { folder: allowed })).toEqual({ defaultOutbox: station.outboxDir, folders: [] });
    expect(await refused(callers.clerk, 'export:start', { dossierId, outboxDir: allowed })).toMatchObject({ code: 'FORBIDDEN' });

    const actions = station.audit.list(50).map((e) => `${e.actor} ${e.action}`);
    expect(actions).toEqual(expect.arrayContaining(['giamsat settings.export-folder-added', 'giamsat settings.export-folder-removed']));
  });

  it('never lets an export into the data folder, even when an allowed folder holds it', async () => {
    // The default outbox above the data folder (SOHOA_OUTBOX=$HOME, say): the page store stays out of reach.
    const wide = new ExportFolderSettings(station.db, station.audit, work.dir, station.dataDir);
    expect(await wide.authorize(path.join(work.dir, 'xuat'))).toBe(path.join(work.dir, 'xuat'));
    await expect(wide.authorize(path.join(station.dataDir, 'pages'))).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });

  it('leaves the command line acting for the operating-system user', () => {
    const job = station.jobControl.startExport({ userId: null, name: 'cli:root', user: null }, dossierId, path.join(work.dir, 'bat-ky-dau'));
    expect(job.state).toBe('queued');
  });
});

describe('job cancel', () => {
  it('is for the job owner or a supervisor', async () => {
    const mine = await ok<JobView>(callers.clerk, 'ocr:start', { dossierId });
    expect(mine.userId).toBe(clerkId);
    const denied = await refused(callers.other, 'job:cancel', { jobId: mine.id });
    expect(denied).toMatchObject({ code: 'FORBIDDEN', message: expect.stringContaining('Chỉ người đã bắt đầu công việc này hoặc giám sát') });
    expect(station.jobs.get(mine.id).state).toBe('queued');
    expect((await ok<JobView>(callers.clerk, 'job:cancel', { jobId: mine.id })).state).toBe('cancelled');

    const another = await ok<JobView>(callers.clerk, 'ocr:start', { dossierId });
    expect((await ok<JobView>(callers.boss, 'job:cancel', { jobId: another.id })).state).toBe('cancelled');
    const fromCli = station.jobControl.startRecognition({ userId: null, name: 'cli:root', user: null }, dossierId);
    expect(await refused(callers.clerk, 'job:cancel', { jobId: fromCli.id })).toMatchObject({ code: 'FORBIDDEN' });
    expect((await ok<JobView>(callers.boss, 'job:cancel', { jobId: fromCli.id })).state).toBe('cancelled');
    expect(station.audit.list(10).filter((e) => e.action === 'job.cancel').map((e) => e.actor)).toEqual(['giamsat', 'giamsat', 'vanthu']);
  });
});

describe('sign-in throttling', () => {
  it('slows one connection down and locks the account, which a supervisor unlocks', async () => {
    const attacker = newCaller('t:attacker');
    delays.length = 0;
    // Sent together, the attempts still run one after another, each waiting longer.
    const attempts = await Promise.all(
      Array.from({ length: MAX_FAILED_LOGINS }, (_, i) => call(attacker, 'auth:login', { username: 'vanthu', password: `doan-mo-${i}` })),
    );
    expect(delays).toEqual([500, 1000, 2000, 4000]);
    expect(attempts.map((r) => (r.ok ? 'ok' : r.error.code))).toEqual([...Array(MAX_FAILED_LOGINS - 1).fill('INVALID_CREDENTIALS'), 'ACCOUNT_LOCKED']);

    // The right password, from a fresh connection, while locked.
    const owner = newCaller('t:owner');
    const locked = await refused(owner, 'auth:login', { username: 'vanthu', password: 'mat-khau-van-thu' });
    expect(locked).toMatchObject({ code: 'ACCOUNT_LOCKED', message: expect.stringContaining('Hãy thử lại sau 15 phút') });
    expect(owner.user).toBeNull();

    const list = await ok<UserAccountView[]>(callers.boss, 'user:list');
    expect(list.find((u) => u.username === 'vanthu')?.lockedUntil).toBe(new Date(clock.now + 15 * 60_000).toISOString());
    expect(await refused(callers.other, 'user:unlock', { userId: clerkId })).toMatchObject({ code: 'FORBIDDEN' });
    expect(await ok<UserAccountView>(callers.boss, 'user:unlock', { userId: clerkId })).toMatchObject({ username: 'vanthu', lockedUntil: null });
    expect((await ok<UserView>(owner, 'auth:login', { username: 'vanthu', password: 'mat-khau-van-thu' })).id).toBe(clerkId);

    const audit = station.audit.list(30);
    const failed = audit.filter((e) => e.action === 'account.login-failed');
    expect(failed.filter((e) => e.detail?.['callerId'] === 't:attacker')).toHaveLength(MAX_FAILED_LOGINS);
    expect(audit.find((e) => e.action === 'account.locked')).toMatchObject({ subject: `user:${clerkId}`, detail: { username: 'vanthu' } });
    expect(audit.find((e) => e.action === 'account.unlock')).toMatchObject({ actor: 'giamsat', subject: `user:${clerkId}` });
    expect(JSON.stringify(audit)).not.toContain('doan-mo');
  });
});

describe('session expiry', () => {
  it('signs an idle caller out with SESSION_EXPIRED, audited; activity keeps it alive', async () => {
    const caller = newCaller('t:idle');
    await ok(caller, 'auth:login', { username: 'vanthu2', password: 'mat-khau-van-thu-2' });
    clock.now += IDLE_MS - 60_000;
    await ok(caller, 'batch:list');
    clock.now += IDLE_MS - 60_000;
    await ok(caller, 'batch:list');
    expect(station.sessions.current(caller)?.username).toBe('vanthu2');

    clock.now += IDLE_MS;
    expect(station.sessions.current(caller)).toBeNull();
    expect(await refused(caller, 'batch:list')).toMatchObject({ code: 'SESSION_EXPIRED', message: expect.stringContaining('Phiên làm việc đã hết hạn sau 30 phút') });
    expect(caller.user).toBeNull();
    expect(station.audit.list(5).find((e) => e.action === 'account.session-expired')).toMatchObject({ actor: 'vanthu2', detail: { callerId: 't:idle', idleMinutes: 30 } });
    // Once signed out it is an ordinary anonymous caller; the sign-in screens answer.
    expect(await refused(caller, 'batch:list')).toMatchObject({ code: 'UNAUTHENTICATED' });
    expect(await ok<{ user: unknown }>(caller, 'session:get')).toMatchObject({ user: null });
  });

  it('lets an expired caller sign in again at once', async () => {
    const caller = newCaller('t:again');
    await ok(caller, 'auth:login', { username: 'vanthu2', password: 'mat-khau-van-thu-2' });
    clock.now += IDLE_MS + 1;
    expect((await ok<UserView>(caller, 'auth:login', { username: 'vanthu2', password: 'mat-khau-van-thu-2' })).username).toBe('vanthu2');
    await ok(caller, 'batch:list');
  });
});
