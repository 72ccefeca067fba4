import { EventEmitter } from 'node:events';
import type { JobKind, JobState, JobView } from '../contract/domain';
import { AppError, toErrorView, type AppErrorView } from '../contract/errors';
import type { Actor } from '../accounts/actor';
import { nowIso, type Db } from '../storage/database';

const JOB_UNITS = { import: 'file', ocr: 'page', export: 'document', scan: 'page' } as const satisfies Record<JobKind, JobView['unit']>;

/** What a job handler gets: its payload, a cancel signal and ways to report. */
export interface JobContext<P = unknown> {
  readonly id: number;
  readonly payload: P;
  readonly dossierId: number | null;
  readonly actor: Actor;
  /** 1 on the first run, more when the job resumes after an interruption (a scan must not resume by itself). */
  readonly attempt: number;
  readonly signal: AbortSignal;
  progress(done: number, total: number): void;
  warn(warning: AppErrorView): void;
  setResult(result: Record<string, unknown>): void;
}

/**
 * A handler must be resumable: after a crash its job runs again from the start with the same payload,
 * and the handler skips what the store already holds.
 */
export type JobHandler = (context: JobContext<never>) => Promise<void>;

interface JobRow {
  id: number;
  kind: JobKind;
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
}

export interface JobQueueOptions {
  /** How many jobs of each kind run at once; the OCR job parallelises pages inside itself. */
  concurrency?: Partial<Record<JobKind, number>>;
}

/**
 * Persistent jobs in SQLite. Queued and interrupted jobs survive a restart and resume; jobs run
 * off the UI (their heavy work is in libvips threads and OCR workers) with bounded concurrency per kind.
 */
export class JobQueue extends EventEmitter<{ progress: [JobView]; idle: [] }> {
  private readonly running = new Map<number, { controller: AbortController; startedMs: number; startDone: number }>();
  private readonly concurrency: Record<JobKind, number>;
  private started = false;
  private actors = new Map<number, Actor>();

  constructor(
    private readonly db: Db,
    private readonly handlers: Record<JobKind, JobHandler>,
    options: JobQueueOptions = {},
  ) {
    super();
    this.concurrency = { import: 1, ocr: 1, export: 1, scan: 1, ...options.concurrency };
  }

  /** Puts interrupted jobs back in the queue and starts working. */
  start(): void {
    this.db.prepare("UPDATE jobs SET state = 'queued' WHERE state = 'running'").run();
    this.started = true;
    this.schedule();
  }

  enqueue(kind: JobKind, payload: unknown, options: { dossierId: number | null; actor: Actor }): JobView {
    const info = this.db
      .prepare('INSERT INTO jobs (kind, state, dossier_id, payload, user_id, actor, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)')
      .run(kind, 'queued', options.dossierId, JSON.stringify(payload), options.actor.userId, options.actor.name, nowIso());
    const id = Number(info.lastInsertRowid);
    this.actors.set(id, options.actor);
    const view = this.get(id);
    this.emit('progress', view);
    queueMicrotask(() => this.schedule());
    return view;
  }

  get(id: number): JobView {
    const row = this.db.prepare('SELECT * FROM jobs WHERE id = ?').get(id) as JobRow | undefined;
    if (!row) throw new AppError('NOT_FOUND', `Không tìm thấy công việc số ${id}.`, `No job ${id}.`, String(id));
    return this.toView(row);
  }

  list(limit = 100): JobView[] {
    return (this.db.prepare('SELECT * FROM jobs ORDER BY id DESC LIMIT ?').all(limit) as JobRow[]).map((row) => this.toView(row));
  }

  cancel(id: number): JobView {
    const job = this.get(id);
    if (job.state === 'queued') {
      this.finish(id, 'cancelled', null);
    } else if (job.state === 'running') {
      this.running.get(id)?.controller.abort();
    }
    return this.get(id);
  }

  /** Resolves when nothing is queued or running (the command line and tests wait on it). */
  async idle(): Promise<void> {
    while (this.hasWork()) await new Promise<void>((resolve) => this.once('idle', resolve));
  }

  /** Stops taking jobs and aborts the running ones; they stay 'running' and resume on the next start. */
  async stop(): Promise<void> {
    this.started = false;
    for (const { controller } of this.running.values()) controller.abort();
    while (this.running.size > 0) await new Promise((resolve) => setTimeout(resolve, 20));
  }

  private hasWork(): boolean {
    return this.running.size > 0 || (this.started && this.db.prepare("SELECT 1 FROM jobs WHERE state = 'queued' LIMIT 1").get() !== undefined);
  }

  private schedule(): void {
    if (!this.started) return;
    const queued = this.db.prepare("SELECT * FROM jobs WHERE state = 'queued' ORDER BY id").all() as JobRow[];
    for (const row of queued) {
      const active = [...this.running.keys()].filter((id) => this.kindOf(id) === row.kind).length;
      if (active >= this.concurrency[row.kind]) continue;
      void this.run(row);
    }
    if (this.running.size === 0 && queued.length === 0) this.emit('idle');
  }

  private kindOf(id: number): JobKind | undefined {
    return (this.db.prepare('SELECT kind FROM jobs WHERE id = ?').get(id) as { kind: JobKind } | undefined)?.kind;
  }

  private async run(row: JobRow): Promise<void> {
    const controller = new AbortController();
    this.running.set(row.id, { controller, startedMs: Date.now(), startDone: row.done });
    this.db
      .prepare("UPDATE jobs SET state = 'running', attempts = attempts + 1, started_at = coalesce(started_at, ?) WHERE id = ?")
      .run(nowIso(), row.id);
    this.emit('progress', this.get(row.id));
    const warnings: AppErrorView[] = JSON.parse(row.warnings) as AppErrorView[];
    const context: JobContext = {
      id: row.id,
      payload: JSON.parse(row.payload) as unknown,
      dossierId: row.dossier_id,
      actor: this.actors.get(row.id) ?? { userId: row.user_id, name: row.actor, user: null },
      attempt: row.attempts + 1,
      signal: controller.signal,
      progress: (done, total) => {
        this.db.prepare('UPDATE jobs SET done = ?, total = ? WHERE id = ?').run(done, total, row.id);
        this.emit('progress', this.get(row.id));
      },
      warn: (warning) => {
        // A resumed job meets the same bad file again: keep one warning per subject and code.
        if (warnings.some((w) => w.code === warning.code && w.subject === warning.subject)) return;
        warnings.push(warning);
        this.db.prepare('UPDATE jobs SET warnings = ? WHERE id = ?').run(JSON.stringify(warnings), row.id);
      },
      setResult: (result) => {
        this.db.prepare('UPDATE jobs SET result = ? WHERE id = ?').run(JSON.stringify(result), row.id);
      },
    };
    try {
      await this.handlers[row.kind](context as JobContext<never>);
      if (controller.signal.aborted && !this.started) return; // stopped: resumes on next start
      this.finish(row.id, controller.signal.aborted ? 'cancelled' : 'done', null);
    } catch (error) {
      if (controller.signal.aborted && !this.started) return;
      this.finish(row.id, controller.signal.aborted ? 'cancelled' : 'failed', toErrorView(error));
    } finally {
      this.running.delete(row.id);
      this.actors.delete(row.id);
      this.schedule();
    }
  }

  private finish(id: number, state: JobState, error: AppErrorView | null): void {
    this.db
      .prepare('UPDATE jobs SET state = ?, error = ?, finished_at = ? WHERE id = ?')
      .run(state, error ? JSON.stringify(error) : null, nowIso(), id);
    this.emit('progress', this.get(id));
  }

  private toView(row: JobRow): JobView {
    const run = this.running.get(row.id);
    let etaSeconds: number | null = null;
    if (run && row.state === 'running' && row.done > run.startDone && row.total > row.done) {
      const rate = (row.done - run.startDone) / ((Date.now() - run.startedMs) / 1000);
      etaSeconds = Math.round((row.total - row.done) / rate);
    }
    return {
      id: row.id,
      kind: row.kind,
      state: row.state,
      dossierId: row.dossier_id,
      userId: row.user_id,
      done: row.done,
      total: row.total,
      unit: JOB_UNITS[row.kind],
      createdAt: row.created_at,
      startedAt: row.started_at,
      finishedAt: row.finished_at,
      etaSeconds,
      error: row.error ? (JSON.parse(row.error) as AppErrorView) : null,
      warnings: JSON.parse(row.warnings) as AppErrorView[],
      result: row.result ? (JSON.parse(row.result) as Record<string, unknown>) : null,
    };
  }
}
