// Jobs as the jobs panel shows them.
import type { JobKind, JobView } from '../../../main/contract/domain';

export function isActiveJob(job: Pick<JobView, 'state'>): boolean {
  return job.state === 'queued' || job.state === 'running';
}

/** Progress 0–1, or null while the total is unknown (indeterminate bar). */
export function jobFraction(job: Pick<JobView, 'done' | 'total' | 'state'>): number | null {
  if (job.state === 'done') return 1;
  if (!(job.total > 0)) return null;
  return Math.min(1, Math.max(0, job.done / job.total));
}

export type JobUnit = JobView['unit'];

/** What `done`/`total` count, as main says; guessed from the kind if an older main leaves it out. */
export function jobUnit(job: Pick<JobView, 'kind'> & { unit?: JobUnit | undefined }): JobUnit {
  if (job.unit === 'file' || job.unit === 'page' || job.unit === 'document') return job.unit;
  const byKind: Record<JobKind, JobUnit> = { import: 'file', ocr: 'page', export: 'document', scan: 'page' };
  return byKind[job.kind];
}

/** Active jobs first, then the newest. */
export function sortJobs(jobs: readonly JobView[]): JobView[] {
  return [...jobs].sort((a, b) => Number(isActiveJob(b)) - Number(isActiveJob(a)) || b.id - a.id);
}

/** Replaces the job with the same id (or adds it) and keeps the order. */
export function upsertJob(jobs: readonly JobView[], job: JobView): JobView[] {
  return sortJobs([...jobs.filter((j) => j.id !== job.id), job]);
}

/** Seconds the job took, when it has finished. */
export function jobElapsedSeconds(job: Pick<JobView, 'startedAt' | 'finishedAt'>): number | null {
  if (!job.startedAt || !job.finishedAt) return null;
  const ms = Date.parse(job.finishedAt) - Date.parse(job.startedAt);
  return Number.isFinite(ms) && ms >= 0 ? ms / 1000 : null;
}

export interface ResultSummary {
  /** Paths of files written, when the result names any. */
  files: string[];
  /** Other plain facts, as key/value text. */
  facts: [string, string][];
}

function isStringArray(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((v) => typeof v === 'string');
}

/** The job's result in a shape that can be listed; the contract leaves its fields open. */
export function summarizeResult(result: Record<string, unknown> | null): ResultSummary {
  const summary: ResultSummary = { files: [], facts: [] };
  if (!result) return summary;
  for (const [key, value] of Object.entries(result)) {
    if (isStringArray(value)) summary.files.push(...value);
    else if (Array.isArray(value) && value.every((v) => typeof v === 'object' && v !== null && 'path' in v)) {
      for (const item of value as { path: unknown }[]) if (typeof item.path === 'string') summary.files.push(item.path);
    } else if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
      summary.facts.push([key, String(value)]);
    }
  }
  return summary;
}
