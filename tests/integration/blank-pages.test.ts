// A blank back of a sheet among text pages: recognized, flagged blank, kept, and written as blank in the
// exported record; the one-line page beside it is not blank.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { afterEach, describe, expect, it } from 'vitest';
import { commandLineActor } from '../../main/accounts/actor';
import { Workstation } from '../../main/services/workstation';
import { textPage } from '../support/page-generator';
import { tempDir } from '../support/temp-dir';

const actor = commandLineActor('tester');
const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const f of cleanups.splice(0).reverse()) await f();
});

describe('blank pages', () => {
  it('are flagged after recognition, never dropped, and marked in the export', async () => {
    const t = tempDir();
    cleanups.push(t.remove);
    const folder = path.join(t.dir, 'ho-so');
    mkdirSync(folder);
    writeFileSync(path.join(folder, 'trang-1.png'), textPage({ dpi: 150, lines: 1, firstLine: 1 }).png);
    const white = await sharp({ create: { width: 1240, height: 1754, channels: 3, background: '#f4f2ec' } }).withDensity(150).png().toBuffer();
    writeFileSync(path.join(folder, 'trang-2.png'), white);
    const station = await Workstation.open({ dataDir: path.join(t.dir, 'data'), ocrWorkers: 1, scanners: [] });
    cleanups.push(() => station.close());
    const dossier = station.records.createDossier(station.records.createBatch('Lô', null).id, 'H49.64.33.2026.500', 'Hồ sơ');
    station.startImport(actor, dossier.id, [folder]);
    await station.jobs.idle();
    const pages = station.records.listPages(dossier.id);
    expect(pages.map((p) => [p.source, p.state, p.blank])).toEqual([
      ['trang-1.png', 'recognized', false],
      ['trang-2.png', 'recognized', true],
    ]);
    const outbox = path.join(t.dir, 'outbox');
    const job = station.startExport(actor, dossier.id, outbox);
    await station.jobs.idle();
    const json = (station.jobs.get(job.id).result?.files as string[]).find((f) => f.endsWith('.json'))!;
    const record = JSON.parse(readFileSync(json, 'utf8')) as { pages: Array<{ blank: boolean }> };
    expect(record.pages.map((p) => p.blank)).toEqual([false, true]);
  });
});
