import { describe, expect, it } from 'vitest';
import type { JobView, JobViewFields } from '../../../main/contract/domain';
import { isActiveJob, jobElapsedSeconds, jobFraction, jobUnit, sortJobs, summarizeResult, upsertJob } from '../../../renderer/src/lib/job-format';

/** An OCR job (the tests here look at the fields every kind has). */
function job(partial: Partial<JobViewFields> & Pick<JobView, 'id'>): JobView {
  return {
    kind: 'ocr',
    state: 'running',
    dossierId: 1,
    userId: 1,
    done: 0,
    total: 0,
    unit: 'page',
    createdAt: '2025-07-01T08:00:00+07:00',
    startedAt: null,
    finishedAt: null,
    etaSeconds: null,
    error: null,
    warnings: [],
    result: null,
    ...partial,
  };
}

describe('job formatting', () => {
  it('computes the bar fraction, indeterminate without a total', () => {
    expect(jobFraction(job({ id: 1, done: 12, total: 40 }))).toBeCloseTo(0.3);
    expect(jobFraction(job({ id: 1, done: 0, total: 0 }))).toBeNull();
    expect(jobFraction(job({ id: 1, done: 50, total: 40 }))).toBe(1);
    expect(jobFraction(job({ id: 1, state: 'done', done: 0, total: 0 }))).toBe(1);
  });

  it('counts what main says it counts, else files for import, pages for OCR, documents for export', () => {
    expect(jobUnit({ kind: 'import', unit: 'page' })).toBe('page');
    expect(jobUnit({ kind: 'import' })).toBe('file');
    expect(jobUnit({ kind: 'ocr' })).toBe('page');
    expect(jobUnit({ kind: 'export' })).toBe('document');
  });

  it('lists active jobs first, newest first', () => {
    const list = sortJobs([job({ id: 1, state: 'done' }), job({ id: 2, state: 'queued' }), job({ id: 3, state: 'failed' }), job({ id: 4 })]);
    expect(list.map((j) => j.id)).toEqual([4, 2, 3, 1]);
    expect(isActiveJob({ state: 'queued' })).toBe(true);
    expect(isActiveJob({ state: 'cancelled' })).toBe(false);
  });

  it('replaces a job by id', () => {
    const list = upsertJob([job({ id: 1, done: 1 }), job({ id: 2 })], job({ id: 1, done: 5 }));
    expect(list).toHaveLength(2);
    expect(list.find((j) => j.id === 1)?.done).toBe(5);
  });

  it('measures how long a finished job took', () => {
    expect(jobElapsedSeconds({ startedAt: '2025-07-01T08:00:00+07:00', finishedAt: '2025-07-01T08:02:05+07:00' })).toBe(125);
    expect(jobElapsedSeconds({ startedAt: null, finishedAt: null })).toBeNull();
  });

  it('lists the files an export wrote, whatever the field is called', () => {
    expect(summarizeResult(null)).toEqual({ files: [], facts: [] });
    expect(summarizeResult({ files: ['/out/H49.1.pdf', '/out/H49.2.pdf'], documents: 2 })).toEqual({
      files: ['/out/H49.1.pdf', '/out/H49.2.pdf'],
      facts: [['documents', '2']],
    });
    expect(summarizeResult({ written: [{ path: '/out/a.pdf', bytes: 10 }] }).files).toEqual(['/out/a.pdf']);
  });
});
