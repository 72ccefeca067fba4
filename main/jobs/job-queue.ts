import { EventEmitter } from 'node:events';
import type { z } from 'zod';
import type { JobState, JobUnit, JobViewOf } from '../contract/domain';
import type { JobResults } from '../contract/job-results';
import { AppError, toErrorView, type AppErrorView } from '../contract/errors';
import type { Actor } from '../accounts/actor';
import { nowIso, type Db } from '../storage/database';
import type { ProcessLease } from '../storage/process-lease';

/** What a job handler gets: its payload, a cancel signal and ways to report. */
export interface JobContext<P = unknown, R = unknown> {
  readonly id: number;
  readonly payload: P;
  readonly dossierId: number | null;
  readonly actor: Actor;
  /** 1 on the first run, more when the job resumes after an interruption (a scan must not resume by itself). */
  readonly attempt: number;
  readonly signal: AbortSignal;
  progress(done: number, total: number): void;
  /**
   * Tells the person something went wrong with one item (a file, a page) while the job goes on. `cause`,
   * the error behind it, is not shown but goes to the log (the 'warning' event), for whoever supports them.
   */
  warn(warning: AppErrorView, cause?: unknown): void;
  /** Checked against the kind's result schema: a result that does not fit fails the job. */
  setResult(result: R): void;
}

/**
 * One kind of job, as it registers: what it counts, how many run at once, what its result holds and
 * who does the work. The jobs table knows no list of kinds (migration 018): registering is all a new kind
 * needs.
 */
export interface JobDefinition<K extends string, P, R> {
  kind: K;
  unit: JobUnit;
  /** How many jobs of this kind run at once (1 if not said); the OCR job parallelises pages inside itself. */
  concurrency?: number;
  result: z.ZodType<R>;
  /**
   * Must be resumable: after a crash its job runs again from the start with the same payload, and the
   * handler skips what the store already holds.
   */
  handle: (context: JobContext<P, R>) => Promise<void>;
}

type AnyDefinition = JobDefinition<string, unknown, unknown>;

interface JobRow {
  id: number;
  kind: string;
  state: JobState;
  dossier_id: number | null;
  payload: string;
  done: number;
  total: number;
  error: string | null;
  warnings: string;
  result: string | null;
  attempts: number;
  user_id: number | null;
  actor: string;
  created_at: string;
  started_at: string | null;
  finished_at: string | null;
  owner: string | null;
  heartbeat_at: number | null;
  cancel_requested: 0 | 1;
}

interface Run {
  kind: string;
  controller: AbortController;
  startedMs: number;
  startDone: number;
  /** Another process took the job over (it took this one for dead): nothing more is written to its row. */
  lost: boolean;
}

/**
 * Persistent jobs in SQLite. Queued and interrupted jobs survive a restart and resume; jobs run
 * off the UI (their heavy work is in libvips threads and OCR workers) with bounded concurrency per kind.
 *
 * Several processes share the jobs table (the app, the CLI, the development host): a job belongs to the
 * process that queued it (its lease's owner) and only that process runs it. A process adopts the queued
 * and interrupted jobs of dead owners when it starts and at each heartbeat; nothing requeues a job a live
 * process holds. A job another live process runs is cancelled through its row: the owner aborts it at
 * its next heartbeat.
 *
 * `Results` maps each kind this queue may hold to its result type (the contract's kinds by default). A
 * job of a kind not registered here (written by a newer program sharing the folder) is neither run, nor
 * adopted, nor listed: this program has no handler and no result schema for it.
 */
export class JobQueue<Results extends Record<string, unknown> = JobResults> extends EventEmitter<{
  progress: [JobViewOf<Results>];
  idle: [];
  adopted: [JobViewOf<Results>];
  warning: [{ jobId: number; kind: string; warning: AppErrorView; cause: unknown }];
}> {
  private readonly running = new Map<number, Run>();
  private readonly kinds = new Map<string, AnyDefinition>();
  private started = false;
  private actors = new Map<number, Actor>();

  constructor(
    private readonly db: Db,
    private readonly lease: ProcessLease,
  ) {
    super();
  }

  /** Adds a kind of job: from now on this queue runs, adopts and lists jobs of that kind. */
  register<K extends keyof Results & string, P>(definition: JobDefinition<K, P, Results[K]>): void {
    if (this.kinds.has(definition.kind)) throw new Error(`job kind '${definition.kind}' is registered twice`);
    this.kinds.set(definition.kind, definition as unknown as AnyDefinition);
    if (this.started) queueMicrotask(() => this.schedule());
  }

  /** The registered kinds, as a JSON array for `kind IN (SELECT value FROM json_each(?))`. */
  private registeredKinds(): string {
    return JSON.stringify([...this.kinds.keys()]);
  }

  /** Takes this process's lease, adopts the jobs dead processes left and starts working. */
  start(): void {
    if (this.started) return;
    this.lease.acquire();
    this.started = true;
    this.lease.on('beat', this.onBeat);
    this.adoptOrphans();
    this.schedule();
  }

  enqueue(kind: keyof Results & string, payload: unknown, options: { dossierId: number | null; actor: Actor }): JobViewOf<Results> {
    if (!this.kinds.has(kind)) throw new Error(`job kind '${kind}' is not registered`);
    const info = this.db
      .prepare('INSERT INTO jobs (kind, state, dossier_id, payload, user_id, actor, created_at, owner) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
      .run(kind, 'queued', options.dossierId, JSON.stringify(payload), options.actor.userId, options.actor.name, nowIso(), this.lease.owner);
    const id = Number(info.lastInsertRowid);
    this.actors.set(id, options.actor);
    const view = this.get(id);
    this.emit('progress', view);
    queueMicrotask(() => this.schedule());
    return view;
  }

  get(id: number): JobViewOf<Results> {
    const row = this.db.prepare('SELECT * FROM jobs WHERE id = ?').get(id) as JobRow | undefined;
    if (!row || !this.kinds.has(row.kind)) throw new AppError('NOT_FOUND', `Không tìm thấy công việc số ${id}.`, `No job ${id}.`, String(id));
    return this.toView(row);
  }

  list(limit = 100): Array<JobViewOf<Results>> {
    const rows = this.db.prepare('SELECT * FROM jobs WHERE kind IN (SELECT value FROM json_each(?)) ORDER BY id DESC LIMIT ?').all(this.registeredKinds(), limit) as JobRow[];
    return rows.map((row) => this.toView(row));
  }

  /**
   * Cancels a job whichever process holds it: a queued one at once, one running here by aborting it, one
   * running in another process by asking in its row (its owner aborts it at its next heartbeat, or, if
   * that owner is dead, the process that adopts it cancels it instead).
   */
  cancel(id: number): JobViewOf<Results> {
    this.get(id);
    const run = this.running.get(id);
    if (run) {
      run.controller.abort();
      return this.get(id);
    }
    // Conditional: an owner that has just started the job wins, and the job is then asked to stop.
    const cancelled = this.db.prepare("UPDATE jobs SET state = 'cancelled', finished_at = ? WHERE id = ? AND state = 'queued'").run(nowIso(), id).changes;
    if (cancelled === 0) this.db.prepare("UPDATE jobs SET cancel_requested = 1 WHERE id = ? AND state = 'running'").run(id);
    const view = this.get(id);
    this.emit('progress', view);
    return view;
  }

  /**
   * Resolves when none of this process's jobs is queued or running (the command line and tests wait on
   * it): the jobs of another live process (the app beside the CLI) are not waited for.
   */
  async idle(): Promise<void> {
    while (this.hasWork()) await new Promise<void>((resolve) => this.once('idle', resolve));
  }

  /**
   * Stops taking jobs and aborts the running ones; they stay 'running' under this owner, and once its
   * lease is released (or found dead) the next process that runs jobs adopts them and they resume.
   */
  async stop(): Promise<void> {
    this.started = false;
    this.lease.off('beat', this.onBeat);
    for (const { controller } of this.running.values()) controller.abort();
    while (this.running.size > 0) await new Promise((resolve) => setTimeout(resolve, 20));
  }

  private readonly onBeat = (): void => {
    if (!this.started) return;
    this.watchRunning();
    this.adoptOrphans();
    this.schedule();
  };

  /**
   * At each heartbeat: vouches for the jobs running here, aborts those another process asked to cancel,
   * and stops working on any that another process took over (it found this one dead after a stall).
   */
  private watchRunning(): void {
    if (this.running.size === 0) return;
    this.db.prepare("UPDATE jobs SET heartbeat_at = ? WHERE owner = ? AND state = 'running'").run(Date.now(), this.lease.owner);
    const read = this.db.prepare('SELECT owner, cancel_requested FROM jobs WHERE id = ?');
    for (const [id, run] of this.running) {
      const row = read.get(id) as Pick<JobRow, 'owner' | 'cancel_requested'> | undefined;
      if (row?.owner !== this.lease.owner) {
        run.lost = true;
        run.controller.abort();
      } else if (row.cancel_requested === 1) {
        run.controller.abort();
      }
    }
  }

  /**
   * Takes over the queued and running jobs whose owner is dead (and jobs from before owners existed): a
   * running one was interrupted and is queued again; one whose cancel was asked is cancelled. Each is
   * taken only if it still names the dead owner, and the owner's lease is read in the same write
   * transaction, so two survivors cannot both take a job, nor take one from an owner that just beat.
   */
  private adoptOrphans(): void {
    const candidates = this.db
      .prepare("SELECT id, owner FROM jobs WHERE state IN ('queued', 'running') AND (owner IS NULL OR owner != ?) AND kind IN (SELECT value FROM json_each(?)) ORDER BY id")
      .all(this.lease.owner, this.registeredKinds()) as Array<Pick<JobRow, 'id' | 'owner'>>;
    const orphaned = (owners: Map<string, boolean>, owner: string | null) => {
      if (owner === null) return true;
      if (!owners.has(owner)) owners.set(owner, !this.lease.isLive(owner));
      return owners.get(owner)!;
    };
    const quick = new Map<string, boolean>();
    if (!candidates.some((job) => orphaned(quick, job.owner))) return;
    const adopted = this.db
      .transaction(() => {
        const owners = new Map<string, boolean>();
        const take = this.db.prepare(
          `UPDATE jobs SET owner = ?, heartbeat_at = NULL,
             state = CASE cancel_requested WHEN 1 THEN 'cancelled' ELSE 'queued' END,
             finished_at = CASE cancel_requested WHEN 1 THEN ? ELSE finished_at END
           WHERE id = ? AND owner IS ? AND state IN ('queued', 'running')`,
        );
        return candidates.filter((job) => orphaned(owners, job.owner) && take.run(this.lease.owner, nowIso(), job.id, job.owner).changes === 1).map((job) => job.id);
      })
      .immediate();
    for (const id of adopted) {
      const view = this.get(id);
      this.emit('adopted', view);
      this.emit('progress', view);
    }
  }

  private hasWork(): boolean {
    if (this.running.size > 0) return true;
    if (!this.started) return false;
    return this.db.prepare("SELECT 1 FROM jobs WHERE state = 'queued' AND owner = ? AND kind IN (SELECT value FROM json_each(?)) LIMIT 1").get(this.lease.owner, this.registeredKinds()) !== undefined;
  }

  private schedule(): void {
    if (!this.started) return;
    const queued = this.db
      .prepare("SELECT * FROM jobs WHERE state = 'queued' AND owner = ? AND kind IN (SELECT value FROM json_each(?)) ORDER BY id")
      .all(this.lease.owner, this.registeredKinds()) as JobRow[];
    for (const row of queued) {
      const active = [...this.running.values()].filter((run) => run.kind === row.kind).length;
      if (active >= (this.kinds.get(row.kind)!.concurrency ?? 1)) continue;
      this.run(row);
    }
    if (this.running.size === 0 && queued.length === 0) this.emit('idle');
  }

  /** Starts a job if it is still this process's and still queued (another process may have cancelled it). */
  private run(row: JobRow): void {
    const claimed = this.db
      .prepare("UPDATE jobs SET state = 'running', attempts = attempts + 1, started_at = coalesce(started_at, ?), heartbeat_at = ? WHERE id = ? AND owner = ? AND state = 'queued'")
      .run(nowIso(), Date.now(), row.id, this.lease.owner).changes;
    if (claimed === 0) return;
    const run: Run = { kind: row.kind, controller: new AbortController(), startedMs: Date.now(), startDone: row.done, lost: false };
    this.running.set(row.id, run);
    this.emit('progress', this.get(row.id));
    void this.execute(row, run);
  }

  private async execute(row: JobRow, run: Run): Promise<void> {
    const controller = run.controller;
    /** Writes to the job's row only while it is this process's; a job taken over is abandoned. */
    const write = (sql: string, ...values: unknown[]): boolean => {
      if (run.lost) return false;
      if (this.db.prepare(`UPDATE jobs SET ${sql} WHERE id = ? AND owner = ?`).run(...values, row.id, this.lease.owner).changes === 1) return true;
      run.lost = true;
      controller.abort();
      return false;
    };
    const definition = this.kinds.get(row.kind)!;
    const warnings: AppErrorView[] = JSON.parse(row.warnings) as AppErrorView[];
    const context: JobContext = {
      id: row.id,
      payload: JSON.parse(row.payload) as unknown,
      dossierId: row.dossier_id,
      actor: this.actors.get(row.id) ?? { userId: row.user_id, name: row.actor, user: null },
      attempt: row.attempts + 1,
      signal: controller.signal,
      progress: (done, total) => {
        if (write('done = ?, total = ?', done, total)) this.emit('progress', this.get(row.id));
      },
      warn: (warning, cause) => {
        this.emit('warning', { jobId: row.id, kind: row.kind, warning, cause });
        // A resumed job meets the same bad file again: keep one warning per subject and code.
        if (warnings.some((w) => w.code === warning.code && w.subject === warning.subject)) return;
        warnings.push(warning);
        write('warnings = ?', JSON.stringify(warnings));
      },
      setResult: (result) => {
        const checked = definition.result.safeParse(result);
        if (!checked.success) throw new Error(`the result of job ${row.id} (${row.kind}) does not fit its schema: ${checked.error.message}`);
        write('result = ?', JSON.stringify(checked.data));
      },
    };
    let error: AppErrorView | null = null;
    try {
      await definition.handle(context);
    } catch (thrown) {
      error = toErrorView(thrown);
    } finally {
      this.running.delete(row.id);
      this.actors.delete(row.id);
    }
    // Stopped: stays 'running' and resumes when adopted. Lost: its new owner finishes it.
    const stopped = controller.signal.aborted && !this.started;
    if (!stopped && !run.lost) {
      const state: JobState = controller.signal.aborted ? 'cancelled' : error ? 'failed' : 'done';
      if (write('state = ?, error = ?, finished_at = ?', state, error ? JSON.stringify(error) : null, nowIso())) this.emit('progress', this.get(row.id));
    }
    this.schedule();
  }

  private toView(row: JobRow): JobViewOf<Results> {
    const run = this.running.get(row.id);
    let etaSeconds: number | null = null;
    if (run && row.state === 'running' && row.done > run.startDone && row.total > row.done) {
      const rate = (row.done - run.startDone) / ((Date.now() - run.startedMs) / 1000);
      etaSeconds = Math.round((row.total - row.done) / rate);
    }
    // The row's kind is registered (every query filters on it) and its result passed the kind's schema.
    return {
      id: row.id,
      kind: row.kind,
      state: row.state,
      dossierId: row.dossier_id,
      userId: row.user_id,
      done: row.done,
      total: row.total,
      unit: this.kinds.get(row.kind)!.unit,
      createdAt: row.created_at,
      startedAt: row.started_at,
      finishedAt: row.finished_at,
      etaSeconds,
      error: row.error ? (JSON.parse(row.error) as AppErrorView) : null,
      warnings: JSON.parse(row.warnings) as AppErrorView[],
      result: row.result ? (JSON.parse(row.result) as unknown) : null,
    } as JobViewOf<Results>;
  }
}
