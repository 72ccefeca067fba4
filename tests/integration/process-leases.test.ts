// Issue 12, finding 4: a second process on the same store (the app, the CLI, the development host) must
// not clean another live process's temp files nor requeue or run its jobs; a dead one's are taken over.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Workstation } from '../../main/services/workstation';
import { writeNoisePages } from '../support/noise-pages';
import { REPO_ROOT, tempDir } from '../support/temp-dir';

const BIG = 12;
let work: { dir: string; remove: () => void };
let big: string;
let small: string;

function writePages(folder: string, count: number, seed: number): Promise<void> {
  return writeNoisePages(folder, count, { width: 400, height: 560, seed });
}

beforeAll(async () => {
  work = tempDir('sohoa-lease-');
  big = path.join(work.dir, 'ho-so-dai');
  small = path.join(work.dir, 'ho-so-ngan');
  await writePages(big, BIG, 0);
  await writePages(small, 2, 100);
});
afterAll(() => work.remove());

interface Child {
  /** Resolves with the next line that starts with `prefix` (lines already seen count). */
  line(prefix: string): Promise<string>;
  kill(): void;
  exit: Promise<number | null>;
}

function startChild(dataDir: string, gate: string, folders: string[]): Child {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(REPO_ROOT, 'tests/support/lease-child.ts'), dataDir, gate, ...folders], {
    cwd: REPO_ROOT,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const lines: string[] = [];
  const waiters: Array<() => void> = [];
  let buffer = '';
  child.stdout.on('data', (chunk: Buffer) => {
    buffer += chunk.toString();
    let nl;
    while ((nl = buffer.indexOf('\n')) >= 0) {
      lines.push(buffer.slice(0, nl));
      buffer = buffer.slice(nl + 1);
    }
    waiters.splice(0).forEach((wake) => wake());
  });
  const exit = new Promise<number | null>((resolve, reject) => {
    child.on('error', reject);
    child.on('exit', (code) => {
      waiters.splice(0).forEach((wake) => wake());
      resolve(code);
    });
  });
  const taken = new Set<number>();
  return {
    async line(prefix) {
      for (;;) {
        const index = lines.findIndex((l, i) => !taken.has(i) && l.startsWith(prefix));
        if (index >= 0) {
          taken.add(index);
          return lines[index]!;
        }
        if (child.exitCode !== null || child.signalCode !== null) throw new Error(`the child ended before printing ${prefix}`);
        await new Promise<void>((resolve) => waiters.push(resolve));
      }
    },
    kill: () => child.kill('SIGKILL'),
    exit,
  };
}

/** Every path under a folder, relative to it. */
function tree(dir: string): string[] {
  return (readdirSync(dir, { recursive: true }) as string[]).sort();
}

function jobRow(station: Workstation, id: number): { state: string; owner: string; attempts: number } {
  return station.db.prepare('SELECT state, owner, attempts FROM jobs WHERE id = ?').get(id) as { state: string; owner: string; attempts: number };
}

function importsAudited(station: Workstation): number {
  return (station.db.prepare("SELECT count(*) AS n FROM audit_log WHERE action = 'pages.import'").get() as { n: number }).n;
}

async function readOnly<T>(dataDir: string, look: (station: Workstation) => T | Promise<T>): Promise<T> {
  const station = await Workstation.open({ dataDir, runJobs: false, ocrWorkers: 1 });
  try {
    return await look(station);
  } finally {
    await station.close();
  }
}

describe('two processes on one store', () => {
  it('a process opened beside a running job leaves its temp folder and its job alone; the job finishes with every page', async () => {
    const data = tempDir('sohoa-lease-data-');
    try {
      const gate = path.join(data.dir, 'gate');
      const child = startChild(data.dir, gate, [big]);
      const [, owner, childTemp] = (await child.line('OWNER ')).split(' ') as [string, string, string];
      const jobId = Number((await child.line('JOB ')).split(' ')[1]);
      await child.line('HOLD');
      const held = tree(childTemp);
      expect(held).toEqual(expect.arrayContaining(['staging.tif', expect.stringMatching(/^work-.*page-0001\.tif$/)]));

      // `sohoa status`: registers no lease, cleans nothing, requeues nothing.
      await readOnly(data.dir, (status) => {
        expect(status.lease.list().map((l) => ({ owner: l.owner, alive: l.alive }))).toEqual([{ owner, alive: true }]);
        expect(jobRow(status, jobId)).toEqual({ state: 'running', owner, attempts: 1 });
      });
      // The app (or a writing command): its own lease, its own temp folder, and nothing of the child's.
      const station = await Workstation.open({ dataDir: data.dir, autoRecognize: false, ocrWorkers: 1 });
      try {
        await station.jobs.idle();
        expect(jobRow(station, jobId)).toEqual({ state: 'running', owner, attempts: 1 });
        expect(tree(childTemp)).toEqual(held);
        expect(station.tempDir).not.toBe(childTemp);
        expect(new Set(station.lease.list().map((l) => l.owner))).toEqual(new Set([owner, station.lease.owner]));
      } finally {
        await station.close();
      }
      expect(tree(childTemp)).toEqual(held);

      writeFileSync(gate, '');
      await child.line('DONE');
      expect(await child.exit).toBe(0);
      await readOnly(data.dir, (after) => {
        const pages = after.records.listPages(after.records.dossierByCode('LEASE.2026.1')!.id);
        expect(pages).toHaveLength(BIG);
        expect(new Set(pages.map((p) => p.source)).size).toBe(BIG);
        expect(jobRow(after, jobId)).toEqual({ state: 'done', owner, attempts: 1 });
        expect(importsAudited(after)).toBe(1);
        // Both closed cleanly: no lease and no temp folder left.
        expect(after.lease.list()).toEqual([]);
        expect(readdirSync(path.join(data.dir, 'pages', 'tmp'))).toEqual([]);
      });
    } finally {
      data.remove();
    }
  });

  it('after a kill -9 mid-job the next processes take the job over once (pid check) and remove the dead one’s temp folder', async () => {
    const data = tempDir('sohoa-lease-data-');
    try {
      const child = startChild(data.dir, path.join(data.dir, 'gate'), [big]);
      const [, owner, childTemp] = (await child.line('OWNER ')).split(' ') as [string, string, string];
      const jobId = Number((await child.line('JOB ')).split(' ')[1]);
      await child.line('HOLD');
      child.kill();
      await child.exit;
      // A read-only look changes nothing, dead owner or not.
      await readOnly(data.dir, (status) => {
        expect(jobRow(status, jobId)).toEqual({ state: 'running', owner, attempts: 1 });
        expect(status.lease.list()).toEqual([expect.objectContaining({ owner, alive: false })]);
      });
      expect(existsSync(childTemp)).toBe(true);

      // Two survivors at once (the app and a command started together), with the default 30 s timeout:
      // the pid says the child is dead, and exactly one of them takes its job.
      const survivors = await Promise.all([0, 1].map(() => Workstation.open({ dataDir: data.dir, autoRecognize: false, ocrWorkers: 1 })));
      try {
        await Promise.all(survivors.map((s) => s.jobs.idle()));
        const [a, b] = survivors as [Workstation, Workstation];
        const row = jobRow(a, jobId);
        expect(row).toMatchObject({ state: 'done', attempts: 2 });
        expect([a.lease.owner, b.lease.owner]).toContain(row.owner);
        expect(existsSync(childTemp)).toBe(false);
        expect(a.lease.list().map((l) => l.owner)).not.toContain(owner);
        const pages = a.records.listPages(a.records.dossierByCode('LEASE.2026.1')!.id);
        expect(pages.map((p) => p.ordinal)).toEqual(Array.from({ length: BIG }, (_, i) => i + 1));
        expect(new Set(pages.map((p) => p.source)).size).toBe(BIG);
        expect(importsAudited(a)).toBe(1);
      } finally {
        await Promise.all(survivors.map((s) => s.close()));
      }
    } finally {
      data.remove();
    }
  });

  it('a live process’s queued job is not adopted, and a cancel asked from another process is honoured by the owner', async () => {
    const data = tempDir('sohoa-lease-data-');
    try {
      const gate = path.join(data.dir, 'gate');
      const child = startChild(data.dir, gate, [big, small]);
      const [, owner] = (await child.line('OWNER ')).split(' ') as [string, string];
      const running = Number((await child.line('JOB ')).split(' ')[1]);
      const queued = Number((await child.line('JOB ')).split(' ')[1]);
      await child.line('HOLD');
      const station = await Workstation.open({ dataDir: data.dir, autoRecognize: false, ocrWorkers: 1 });
      try {
        await station.jobs.idle();
        expect(jobRow(station, running)).toEqual({ state: 'running', owner, attempts: 1 });
        expect(jobRow(station, queued)).toEqual({ state: 'queued', owner, attempts: 0 });
        expect(station.jobs.cancel(running).state).toBe('running');
      } finally {
        await station.close();
      }
      writeFileSync(gate, '');
      await child.line('DONE');
      expect(await child.exit).toBe(0);
      await readOnly(data.dir, (after) => {
        expect(jobRow(after, running)).toEqual({ state: 'cancelled', owner, attempts: 1 });
        expect(jobRow(after, queued)).toEqual({ state: 'done', owner, attempts: 1 });
        const documents = after.records.listDocuments(after.records.dossierByCode('LEASE.2026.1')!.id);
        expect(documents.find((d) => d.source === 'ho-so-ngan')?.pageCount).toBe(2);
      });
    } finally {
      data.remove();
    }
  });

  it('an owner on another host is taken for dead only once its heartbeat is older than the timeout', async () => {
    const data = tempDir('sohoa-lease-data-');
    try {
      const stale = 'aaaaaaaaaaaa-4242-may-tram-2';
      const fresh = 'bbbbbbbbbbbb-4242-may-tram-3';
      const jobs = await readOnly(data.dir, (setup) => {
        const dossier = setup.records.createDossier(setup.records.batchNamed('lease', null).id, 'LEASE.2026.2', 'remote');
        const lease = setup.db.prepare("INSERT INTO process_leases (owner, pid, host, started_at, heartbeat_at) VALUES (?, 4242, 'may-tram', 't', ?)");
        lease.run(stale, Date.now() - 60_000);
        lease.run(fresh, Date.now());
        const job = setup.db.prepare("INSERT INTO jobs (kind, state, dossier_id, payload, actor, created_at, owner, attempts) VALUES ('import', ?, ?, ?, 'cli:remote', 't', ?, ?)");
        const payload = JSON.stringify({ paths: [small] });
        return {
          stale: Number(job.run('running', dossier.id, payload, stale, 1).lastInsertRowid),
          fresh: Number(job.run('queued', dossier.id, payload, fresh, 0).lastInsertRowid),
        };
      });
      for (const owner of [stale, fresh]) {
        mkdirSync(path.join(data.dir, 'pages', 'tmp', owner), { recursive: true });
        writeFileSync(path.join(data.dir, 'pages', 'tmp', owner, 'x.part'), 'half');
      }
      const station = await Workstation.open({ dataDir: data.dir, autoRecognize: false, ocrWorkers: 1, lease: { timeoutMs: 30_000 } });
      try {
        await station.jobs.idle();
        expect(jobRow(station, jobs.stale)).toEqual({ state: 'done', owner: station.lease.owner, attempts: 2 });
        expect(jobRow(station, jobs.fresh)).toEqual({ state: 'queued', owner: fresh, attempts: 0 });
        expect(existsSync(path.join(data.dir, 'pages', 'tmp', stale))).toBe(false);
        expect(tree(path.join(data.dir, 'pages', 'tmp', fresh))).toEqual(['x.part']);
        expect(station.lease.list().map((l) => l.owner).sort()).toEqual([fresh, station.lease.owner].sort());
      } finally {
        await station.close();
      }
    } finally {
      data.remove();
    }
  });
});
