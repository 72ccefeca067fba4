import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { AppError } from '../../../main/contract/errors';
import type { JobView } from '../../../main/contract/domain';
import { JobQueue, type JobContext, type JobHandler } from '../../../main/jobs/job-queue';
import { openDatabase, type Db } from '../../../main/storage/database';
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

const noop: JobHandler = async () => {};

describe('JobQueue', () => {
  it('runs a job to done, reporting progress with counts', async () => {
    const { db } = database();
    const seen: JobView[] = [];
    const queue = new JobQueue(db, {
      import: async (ctx: JobContext<{ n: number }>) => {
        for (let i = 1; i <= ctx.payload.n; i++) ctx.progress(i, ctx.payload.n);
        ctx.setResult({ imported: ctx.payload.n });
      },
      ocr: noop,
      export: noop,
      scan: noop,
    });
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
    const queue = new JobQueue(db, {
      import: async (ctx: JobContext<unknown>) => {
        ctx.warn({ code: 'IMAGE_CORRUPT', message: 'Không đọc được tệp ảnh «x.png»', messageEn: 'x', subject: 'x.png' });
        ctx.warn({ code: 'IMAGE_CORRUPT', message: 'Không đọc được tệp ảnh «x.png»', messageEn: 'x', subject: 'x.png' });
        throw new AppError('NO_IMAGES', 'Không nhập được trang nào', 'none');
      },
      ocr: noop,
      export: noop,
      scan: noop,
    });
    queue.start();
    const job = queue.enqueue('import', {}, { dossierId: null, actor });
    await queue.idle();
    const failed = queue.get(job.id);
    expect(failed.state).toBe('failed');
    expect(failed.error).toMatchObject({ code: 'NO_IMAGES', message: 'Không nhập được trang nào' });
    expect(failed.warnings).toHaveLength(1);
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
    const queue = new JobQueue(db, { import: slow, ocr: noop, export: noop, scan: noop }, { concurrency: { import: 2 } });
    queue.start();
    for (let i = 0; i < 5; i++) queue.enqueue('import', {}, { dossierId: null, actor });
    await queue.idle();
    expect(peak).toBe(2);
    expect(queue.list().every((j) => j.state === 'done')).toBe(true);
  });

  it('survives a restart: an interrupted job is queued again and resumes', async () => {
    const { db, file } = database();
    let release!: () => void;
    const first = new JobQueue(db, {
      import: (ctx: JobContext<unknown>) =>
        new Promise<void>((resolve) => {
          ctx.progress(1, 4);
          release = resolve;
        }),
      ocr: noop,
      export: noop,
      scan: noop,
    });
    first.start();
    const job = first.enqueue('import', { files: ['a', 'b'] }, { dossierId: null, actor });
    await new Promise((r) => setTimeout(r, 20));
    expect(first.get(job.id).state).toBe('running');
    // Simulate the process dying: the row stays 'running'. A new queue on the same file takes over.
    const db2 = openDatabase(file);
    cleanups.unshift(() => db2.close());
    const resumedPayloads: unknown[] = [];
    const attempts: number[] = [];
    const second = new JobQueue(db2, {
      import: async (ctx: JobContext<unknown>) => {
        resumedPayloads.push(ctx.payload);
        attempts.push(ctx.attempt);
        ctx.progress(4, 4);
      },
      ocr: noop,
      export: noop,
      scan: noop,
    });
    second.start();
    await second.idle();
    expect(second.get(job.id)).toMatchObject({ state: 'done', done: 4 });
    expect(resumedPayloads).toEqual([{ files: ['a', 'b'] }]);
    // The handler knows it is a resumed run (a scan uses this to refuse to restart the scanner by itself).
    expect(attempts).toEqual([2]);
    release();
  });

  it('cancels a queued job and aborts a running one', async () => {
    const { db } = database();
    const queue = new JobQueue(db, {
      import: (ctx: JobContext<unknown>) => new Promise<void>((resolve) => ctx.signal.addEventListener('abort', () => resolve())),
      ocr: noop,
      export: noop,
      scan: noop,
    });
    queue.start();
    const running = queue.enqueue('import', {}, { dossierId: null, actor });
    const queued = queue.enqueue('import', {}, { dossierId: null, actor });
    await new Promise((r) => setTimeout(r, 20));
    expect(queue.cancel(queued.id).state).toBe('cancelled');
    queue.cancel(running.id);
    await queue.idle();
    expect(queue.get(running.id).state).toBe('cancelled');
  });
});
