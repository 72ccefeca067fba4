import { readdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Workstation } from '../../main/services/workstation';
import { runImportChild } from '../support/import-child-run';
import { writeNoisePages } from '../support/noise-pages';
import { tempDir } from '../support/temp-dir';

const PAGES = 40;
let work: { dir: string; remove: () => void };
let folder: string;

beforeAll(async () => {
  work = tempDir('sohoa-crash-');
  folder = path.join(work.dir, 'scan');
  await writeNoisePages(folder, PAGES, { width: 600, height: 800 });
});
afterAll(() => work.remove());

/** Runs the import child until it has acknowledged `killAfter` pages, then SIGKILLs it. */
async function runAndKill(dataDir: string, killAfter: number, killDelayMs: number): Promise<Array<{ id: number; sha: string }>> {
  return (await runImportChild(dataDir, folder, { killAfter, killDelayMs })).acks;
}

describe('crash safety: a killed import loses no acknowledged page and leaves a consistent store', () => {
  it.each([
    [3, 0],
    [11, 7],
    [25, 2],
  ])('killed after %i acknowledged pages (+%i ms), restarted and resumed', async (killAfter, delay) => {
    const data = tempDir('sohoa-crash-data-');
    try {
      const acks = await runAndKill(data.dir, killAfter, delay);
      expect(acks.length).toBeGreaterThanOrEqual(killAfter);

      const tmp = path.join(data.dir, 'pages', 'tmp');
      // A read-only look (`sohoa status`): every acknowledged page is there, and nothing is cleaned or requeued.
      const status = await Workstation.open({ dataDir: data.dir, autoRecognize: false, runJobs: false, ocrWorkers: 1 });
      try {
        const dossier = status.records.dossierByCode('CRASH.2026.1')!;
        const pages = status.records.listPages(dossier.id);
        for (const ack of acks) {
          const page = pages.find((p) => p.id === ack.id);
          expect(page?.sha256).toBe(ack.sha);
        }
        // No row names a missing or damaged file.
        for (const page of pages) expect(await status.blobs.verify(page.sha256)).toBe(true);
        expect(status.integrity?.pagesMissing).toEqual([]);
        expect(status.jobs.list().map((j) => j.state)).toEqual(['running']);
        expect(readdirSync(tmp)).toHaveLength(1);
      } finally {
        await status.close();
      }

      const station = await Workstation.open({ dataDir: data.dir, autoRecognize: false, ocrWorkers: 1 });
      try {
        // The killed process's temp folder is gone; its interrupted job resumes and finishes without duplicating pages.
        expect(readdirSync(tmp)).toEqual([path.basename(station.tempDir)]);
        const dossier = station.records.dossierByCode('CRASH.2026.1')!;
        await station.jobs.idle();
        const after = station.records.listPages(dossier.id);
        expect(after).toHaveLength(PAGES);
        expect(new Set(after.map((p) => p.source)).size).toBe(PAGES);
        expect(after.map((p) => p.ordinal)).toEqual(Array.from({ length: PAGES }, (_, i) => i + 1));
        expect(station.jobs.list().every((j) => j.state === 'done')).toBe(true);
      } finally {
        await station.close();
      }
    } finally {
      data.remove();
    }
  });
});
