import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { AppError } from '../../../main/contract/errors';
import type { JobViewOf } from '../../../main/contract/domain';
import { JobQueue, type JobContext } from '../../../main/jobs/job-queue';
import { openDatabase, type Db } from '../../../main/storage/database';
import { ProcessLease, type ProcessLeaseOptions } from '../../../main/storage/process-lease';
import { tempDir } from '../../support/temp-dir';

const cleanups: Array<() => void> = [];
afterEach(() => cleanups.splice(0).forEach((f) => f()));
const actor = { userId: null, name: 'cli:test', user: null };

function database(): { db: Db; file: string } {
  const t = tempDir();
  cleanups.push(t.remove);
  const file = path.join(t.dir, 'db.sqlite');
  const db = openDatabase(file);
  cleanups.unshift(() => db.close());
  return { db, file };
}

/** A process's lease on the database (released before the database closes). */
function leaseOn(db: Db, options: ProcessLeaseOptions = {}): ProcessLease {
  const lease = new ProcessLease(db, options);
  cleanups.unshift(() => lease.release());
  return lease;
}

/** A second connection to the same file: another process as far as SQLite and the leases go. */
function connect(file: string): Db {
  const db = openDatabase(file);
  cleanups.unshift(() => db.close());
  return db;
}

/** A pid that no process has: a child that has already exited. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', '']);
  return child.pid!;
}

/** The lease row and the job row a process left when it died: `heartbeatAgoMs` since its last heartbeat. */
function leftBehind(db: Db, process: { owner: string; pid: number; host: string; heartbeatAgoMs: number }, job: { state: 'queued' | 'running'; cancelRequested?: boolean }): number {
  db.prepare("INSERT INTO process_leases (owner, pid, host, started_at, heartbeat_at) VALUES (?, ?, ?, 't', ?)").run(process.owner, process.pid, process.host, Date.now() - process.heartbeatAgoMs);
  const info = db
    .prepare("INSERT INTO jobs (kind, state, payload, actor, created_at, owner, attempts, cancel_requested) VALUES ('import', ?, '{\"n\":1}', 'cli:test', 't', ?, ?, ?)")
    .run(job.state, process.owner, job.state === 'running' ? 1 : 0, job.cancelRequested ? 1 : 0);
  return Number(info.lastInsertRowid);
}

/** The four kinds these tests use, each with an open result (the built-in kinds' schemas are tested with their services). */
type TestKind = 'import' | 'ocr' | 'export' | 'scan';
type TestResults = Record<string, Record<string, unknown>>;
type JobHandler = (context: JobContext<never, Record<string, unknown>>) => Promise<void>;
type JobView = JobViewOf<TestResults>;

const noop: JobHandler = async () => {};

/** A queue with a handler registered for each test kind (a file for an import, and so on). */
function queueOf(db: Db, handlers: Record<TestKind, JobHandler>, lease: ProcessLease, options: { concurrency?: Partial<Record<TestKind, number>> } = {}): JobQueue<TestResults> {
  const queue = new JobQueue<TestResults>(db, lease);
  const units = { import: 'file', ocr: 'page', export: 'document', scan: 'page' } as const;
  for (const kind of Object.keys(units) as TestKind[]) {
    queue.register({ kind, unit: units[kind], concurrency: options.concurrency?.[kind], result: z.record(z.string(), z.unknown()), handle: handlers[kind] });
  }
  return queue;
}

/** Handlers where every import is counted and waits until its job is aborted. */
function blocking(): { handlers: Record<TestKind, JobHandler>; runs: number[] } {
  const runs: number[] = [];
  const wait: JobHandler = (ctx: JobContext<unknown>) =>
    new Promise<void>((resolve) => {
      runs.push(ctx.id);
      ctx.signal.addEventListener('abort', () => resolve());
    });
  return { handlers: { import: wait, ocr: noop, export: noop, scan: noop }, runs };
}

describe('JobQueue', () => {
  it('runs a job to done, reporting progress with counts', async () => {
    const { db } = database();
    const seen: JobView[] = [];
    const queue = queueOf(db, {
      import: async (ctx: JobContext<{ n: number }>) => {
        for (let i = 1; i <= ctx.payload.n; i++) ctx.progress(i, ctx.payload.n);
        ctx.setResult({ imported: ctx.payload.n });
      },
      ocr: noop,
      export: noop,
      scan: noop,
    }, leaseOn(db));
    queue.on('progress', (j) => seen.push(j));
    queue.start();
    const job = queue.enqueue('import', { n: 3 }, { dossierId: null, actor });
    await queue.idle();
    const done = queue.get(job.id);
    expect(done).toMatchObject({ state: 'done', done: 3, total: 3, unit: 'file', result: { imported: 3 } });
    expect(seen.map((j) => j.state)).toContain('running');
    expect(seen.filter((j) => j.state === 'running').map((j) => j.done)).toEqual(expect.arrayContaining([1, 2, 3]));
  });

  it('records a failure with its Vietnamese message and keeps warnings', async () => {
    const { db } = database();
    const queue = queueOf(db, {
      import: async (ctx: JobContext<unknown>) => {
        ctx.warn({ code: 'IMAGE_CORRUPT', message: 'Không đọc được tệp ảnh «x.png»', messageEn: 'x', subject: 'x.png' }, new Error('VipsJpeg: premature end of file'));
        ctx.warn({ code: 'IMAGE_CORRUPT', message: 'Không đọc được tệp ảnh «x.png»', messageEn: 'x', subject: 'x.png' });
        throw new AppError('NO_IMAGES', 'Không nhập được trang nào', 'none');
      },
      ocr: noop,
      export: noop,
      scan: noop,
    }, leaseOn(db));
    // The cause behind a warning is not shown to the person but reaches whoever logs the queue's warnings.
    const logged: Array<{ code: string; cause: unknown }> = [];
    queue.on('warning', ({ warning, cause }) => logged.push({ code: warning.code, cause }));
    queue.start();
    const job = queue.enqueue('import', {}, { dossierId: null, actor });
    await queue.idle();
    const failed = queue.get(job.id);
    expect(failed.state).toBe('failed');
    expect(failed.error).toMatchObject({ code: 'NO_IMAGES', message: 'Không nhập được trang nào' });
    expect(failed.warnings).toHaveLength(1);
    expect(logged).toEqual([
      { code: 'IMAGE_CORRUPT', cause: expect.objectContaining({ message: 'VipsJpeg: premature end of file' }) },
      { code: 'IMAGE_CORRUPT', cause: undefined },
    ]);
  });

  it('bounds concurrency per kind', async () => {
    const { db } = database();
    let active = 0;
    let peak = 0;
    const slow: JobHandler = async () => {
      active++;
      peak = Math.max(peak, active);
      await new Promise((r) => setTimeout(r, 30));
      active--;
    };
    const queue = queueOf(db, { import: slow, ocr: noop, export: noop, scan: noop }, leaseOn(db), { concurrency: { import: 2 } });
    queue.start();
    for (let i = 0; i < 5; i++) queue.enqueue('import', {}, { dossierId: null, actor });
    await queue.idle();
    expect(peak).toBe(2);
    expect(queue.list().every((j) => j.state === 'done')).toBe(true);
  });

  it('survives the death of its process: another process adopts the interrupted job, which resumes', async () => {
    const { db, file } = database();
    let release!: () => void;
    const first = queueOf(
      db,
      {
        import: async (ctx: JobContext<unknown>) => {
          ctx.progress(1, 4);
          await new Promise<void>((resolve) => (release = resolve));
          ctx.progress(2, 4);
          throw new Error('the stalled run ends badly');
        },
        ocr: noop,
        export: noop,
        scan: noop,
      },
      // Its heartbeat stops: the process hangs (or its host is gone) and its lease goes stale.
      leaseOn(db, { heartbeatMs: 3600_000 }),
    );
    first.start();
    const job = first.enqueue('import', { files: ['a', 'b'] }, { dossierId: null, actor });
    await new Promise((r) => setTimeout(r, 20));
    expect(first.get(job.id).state).toBe('running');
    const db2 = connect(file);
    const resumedPayloads: unknown[] = [];
    const attempts: number[] = [];
    const second = queueOf(
      db2,
      {
        import: async (ctx: JobContext<unknown>) => {
          resumedPayloads.push(ctx.payload);
          attempts.push(ctx.attempt);
          ctx.progress(4, 4);
        },
        ocr: noop,
        export: noop,
        scan: noop,
      },
      leaseOn(db2, { timeoutMs: 10 }),
    );
    const adopted: JobView[] = [];
    second.on('adopted', (j) => adopted.push(j));
    second.start();
    await second.idle();
    expect(adopted.map((j) => j.id)).toEqual([job.id]);
    expect(second.get(job.id)).toMatchObject({ state: 'done', done: 4 });
    expect(resumedPayloads).toEqual([{ files: ['a', 'b'] }]);
    // The handler knows it is a resumed run (a scan uses this to refuse to restart the scanner by itself).
    expect(attempts).toEqual([2]);
    // The stalled process wakes up and ends its run: the job is not its own any more, nothing is written.
    release();
    await first.idle();
    expect(second.get(job.id)).toMatchObject({ state: 'done', done: 4, error: null });
  });

  it('neither runs nor requeues the jobs of another live process, and idle() does not wait for them', async () => {
    const { db, file } = database();
    const owner = blocking();
    const ownerLease = leaseOn(db, { heartbeatMs: 3600_000 });
    const first = queueOf(db, owner.handlers, ownerLease);
    first.start();
    const running = first.enqueue('import', {}, { dossierId: null, actor });
    const queued = first.enqueue('import', {}, { dossierId: null, actor });
    await new Promise((r) => setTimeout(r, 20));
    expect(owner.runs).toEqual([running.id]);

    const db2 = connect(file);
    const other = blocking();
    const otherLease = leaseOn(db2);
    const second = queueOf(db2, other.handlers, otherLease);
    second.start();
    otherLease.beat();
    await second.idle();
    expect(other.runs).toEqual([]);
    expect(second.get(running.id)).toMatchObject({ state: 'running' });
    expect(second.get(queued.id)).toMatchObject({ state: 'queued' });
    const owners = db2.prepare('SELECT DISTINCT owner FROM jobs').all();
    expect(owners).toEqual([{ owner: ownerLease.owner }]);

    // Cancelled from the other process: the running job at its owner's next heartbeat, the queued one at once.
    expect(second.cancel(running.id).state).toBe('running');
    expect(second.cancel(queued.id).state).toBe('cancelled');
    ownerLease.beat();
    await first.idle();
    expect(first.get(running.id).state).toBe('cancelled');
    expect(owner.runs).toEqual([running.id]);
  });

  it('adopts the jobs of a process whose pid is gone at once, and those of another host after the timeout', async () => {
    const { db } = database();
    const lease = leaseOn(db, { timeoutMs: 30_000 });
    const killed = leftBehind(db, { owner: '111111111111-1-here', pid: deadPid(), host: os.hostname(), heartbeatAgoMs: 0 }, { state: 'running' });
    const remote = leftBehind(db, { owner: '222222222222-1-elsewhere', pid: process.pid, host: 'another-host', heartbeatAgoMs: 0 }, { state: 'queued' });
    const attempts = new Map<number, number>();
    const queue = queueOf(
      db,
      {
        import: async (ctx: JobContext<unknown>) => {
          attempts.set(ctx.id, ctx.attempt);
        },
        ocr: noop,
        export: noop,
        scan: noop,
      },
      lease,
    );
    queue.start();
    await queue.idle();
    expect(queue.get(killed).state).toBe('done');
    expect(attempts.get(killed)).toBe(2);
    // Fresh on another host: its pid says nothing here, so it lives until its heartbeat is old.
    expect(queue.get(remote).state).toBe('queued');
    lease.beat();
    await queue.idle();
    expect(queue.get(remote).state).toBe('queued');
    db.prepare('UPDATE process_leases SET heartbeat_at = ? WHERE owner = ?').run(Date.now() - 31_000, '222222222222-1-elsewhere');
    lease.beat();
    await queue.idle();
    expect(queue.get(remote).state).toBe('done');
    expect(attempts.get(remote)).toBe(1);
    expect(db.prepare('SELECT DISTINCT owner FROM jobs').all()).toEqual([{ owner: lease.owner }]);
  });

  it('lets only one survivor adopt a dead process’s job, and cancels one whose cancel was asked', async () => {
    const { db, file } = database();
    const dead = { owner: '333333333333-1-here', pid: deadPid(), host: os.hostname(), heartbeatAgoMs: 0 };
    const job = leftBehind(db, dead, { state: 'running' });
    const cancelled = leftBehind(db, { ...dead, owner: '444444444444-1-here' }, { state: 'running', cancelRequested: true });
    const runs: number[] = [];
    const handlers = {
      import: async (ctx: JobContext<unknown>) => {
        runs.push(ctx.id);
      },
      ocr: noop,
      export: noop,
      scan: noop,
    };
    const db2 = connect(file);
    const a = queueOf(db, handlers, leaseOn(db));
    const b = queueOf(db2, handlers, leaseOn(db2));
    a.start();
    b.start();
    await Promise.all([a.idle(), b.idle()]);
    expect(runs).toEqual([job]);
    expect(a.get(job)).toMatchObject({ state: 'done' });
    expect(a.get(cancelled).state).toBe('cancelled');
  });

  it('cancels a queued job and aborts a running one', async () => {
    const { db } = database();
    const queue = queueOf(db, {
      import: (ctx: JobContext<unknown>) => new Promise<void>((resolve) => ctx.signal.addEventListener('abort', () => resolve())),
      ocr: noop,
      export: noop,
      scan: noop,
    }, leaseOn(db));
    queue.start();
    const running = queue.enqueue('import', {}, { dossierId: null, actor });
    const queued = queue.enqueue('import', {}, { dossierId: null, actor });
    await new Promise((r) => setTimeout(r, 20));
    expect(queue.cancel(queued.id).state).toBe('cancelled');
    queue.cancel(running.id);
    await queue.idle();
    expect(queue.get(running.id).state).toBe('cancelled');
  });

  it('runs a kind registered without any migration, its result typed and checked against its schema', async () => {
    const { db, file } = database();
    // A kind no migration names: the registry is the only place it exists.
    const queue = new JobQueue<{ checksum: { sha256: string; bytes: number } }>(db, leaseOn(db));
    queue.register({
      kind: 'checksum',
      unit: 'document',
      concurrency: 2,
      result: z.object({ sha256: z.string().regex(/^[0-9a-f]{64}$/), bytes: z.number().int().nonnegative() }),
      handle: async (ctx: JobContext<{ text: string }, { sha256: string; bytes: number }>) => {
        if (ctx.payload.text === 'bad') {
          // What the schema refuses fails the job; what the type refuses does not compile.
          ctx.setResult({ sha256: 'not a hash', bytes: 3 });
          // @ts-expect-error a result must have the kind's shape
          ctx.setResult({ sha256: 'f'.repeat(64) });
        }
        ctx.setResult({ sha256: createHash('sha256').update(ctx.payload.text).digest('hex'), bytes: Buffer.byteLength(ctx.payload.text) });
        ctx.progress(1, 1);
      },
    });
    queue.start();
    const good = queue.enqueue('checksum', { text: 'hồ sơ' }, { dossierId: null, actor });
    const bad = queue.enqueue('checksum', { text: 'bad' }, { dossierId: null, actor });
    await queue.idle();

    const done = queue.get(good.id);
    expect(done).toMatchObject({ kind: 'checksum', state: 'done', unit: 'document', done: 1, total: 1 });
    const bytes: number | undefined = done.result?.bytes;
    expect(bytes).toBe(Buffer.byteLength('hồ sơ'));
    expect(done.result?.sha256).toBe(createHash('sha256').update('hồ sơ').digest('hex'));
    expect(queue.get(bad.id)).toMatchObject({ state: 'failed', result: null, error: { code: 'INTERNAL' } });
    // @ts-expect-error a kind that was not declared cannot be queued
    expect(() => queue.enqueue('shred', {}, { dossierId: null, actor })).toThrow(/not registered/);

    // In the file: another connection reads the new kind's row and its result.
    const other = connect(file);
    expect(other.prepare("SELECT kind, state, json_extract(result, '$.bytes') AS bytes FROM jobs WHERE id = ?").get(good.id)).toEqual({ kind: 'checksum', state: 'done', bytes: Buffer.byteLength('hồ sơ') });
  });

  it('leaves a kind this program does not know alone: neither run, nor adopted, nor listed, and idle() does not wait for it', async () => {
    const { db } = database();
    const dead = { owner: '555555555555-1-here', pid: deadPid(), host: os.hostname(), heartbeatAgoMs: 0 };
    const known = leftBehind(db, dead, { state: 'queued' });
    db.prepare("INSERT INTO jobs (kind, state, payload, actor, created_at, owner) VALUES ('from-a-newer-version', 'queued', '{}', 'cli:test', 't', ?)").run(dead.owner);
    const runs: number[] = [];
    const queue = queueOf(db, { import: async (ctx) => void runs.push(ctx.id), ocr: noop, export: noop, scan: noop }, leaseOn(db));
    queue.start();
    await queue.idle();
    expect(runs).toEqual([known]);
    expect(queue.list().map((j) => j.id)).toEqual([known]);
    expect(db.prepare("SELECT state, owner FROM jobs WHERE kind = 'from-a-newer-version'").get()).toEqual({ state: 'queued', owner: dead.owner });
  });
});
