// Finding 6 of issue 12: a clerk whose import was killed (kill -9) runs the same import again, a new job
// beside the interrupted one that resumes at the next start. However often that happens, the folder is
// one document holding each of its pages once, in order.
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Workstation } from '../../main/services/workstation';
import { runImportChild } from '../support/import-child-run';
import { writeNoisePages } from '../support/noise-pages';
import { tempDir } from '../support/temp-dir';

const PAGES = 30;
let work: { dir: string; remove: () => void };
let folder: string;

beforeAll(async () => {
  work = tempDir('sohoa-retry-');
  folder = path.join(work.dir, 'ho-so-30');
  await writeNoisePages(folder, PAGES, { width: 500, height: 700, prefix: 'trang-' });
});
afterAll(() => work.remove());

/** Starts the same import again in a child process; SIGKILLs it once it acknowledged `killAfter` pages. */
async function importAgain(dataDir: string, killAfter: number, killDelayMs = 0): Promise<{ acks: number; killed: boolean }> {
  const run = await runImportChild(dataDir, folder, { killAfter, killDelayMs, newJob: true });
  return { acks: run.acks.length, killed: run.killed };
}

async function expectOneCompleteDocument(dataDir: string): Promise<void> {
  const station = await Workstation.open({ dataDir, autoRecognize: false, runJobs: false, ocrWorkers: 1 });
  try {
    const dossier = station.records.dossierByCode('CRASH.2026.1')!;
    const documents = station.records.listDocuments(dossier.id);
    expect(documents.map((d) => [d.source, d.pageCount])).toEqual([['ho-so-30', PAGES]]);
    const pages = station.records.listDocumentPages(documents[0]!.id);
    expect(pages.map((p) => p.ordinal)).toEqual(Array.from({ length: PAGES }, (_, i) => i + 1));
    // In name order, each source file once.
    expect(pages.map((p) => p.source)).toEqual(Array.from({ length: PAGES }, (_, i) => `trang-${String(i + 1).padStart(3, '0')}.png`));
    const origins = station.db.prepare('SELECT source_path AS path, count(*) AS n FROM pages GROUP BY source_path').all() as Array<{ path: string; n: number }>;
    expect(origins).toHaveLength(PAGES);
    expect(origins.every((o) => o.n === 1 && o.path.startsWith(folder))).toBe(true);
    for (const page of pages) expect(await station.blobs.verify(page.sha256)).toBe(true);
    expect(station.jobs.list().every((job) => job.state === 'done')).toBe(true);
  } finally {
    await station.close();
  }
}

describe('a killed import run again as a new job', () => {
  it('one kill -9, then the same import again: one document of 30 pages, ordinals 1..30, each source once', async () => {
    const data = tempDir('sohoa-retry-data-');
    try {
      const killed = await importAgain(data.dir, 12, 3);
      expect(killed.killed).toBe(true);
      const retry = await importAgain(data.dir, Number.POSITIVE_INFINITY);
      expect(retry.killed).toBe(false);
      await expectOneCompleteDocument(data.dir);
    } finally {
      data.remove();
    }
  });

  it('several kills -9, each run a new job, then one retry: still one document of 30 pages', async () => {
    const data = tempDir('sohoa-retry-data-');
    try {
      let killedRuns = 0;
      for (const [killAfter, delay] of [[2, 0], [3, 5], [1, 0], [4, 11], [2, 2], [3, 0]] as const) {
        if ((await importAgain(data.dir, killAfter, delay)).killed) killedRuns++;
      }
      expect(killedRuns).toBeGreaterThanOrEqual(5);
      expect((await importAgain(data.dir, Number.POSITIVE_INFINITY)).killed).toBe(false);
      await expectOneCompleteDocument(data.dir);
    } finally {
      data.remove();
    }
  });
});
