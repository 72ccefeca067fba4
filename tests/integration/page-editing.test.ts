// Page editing end to end on a real SQLite file, real page store and real OCR: a skewed sheet lying
// sideways on a dark background with punch holes, a two-page spread and a plain page are imported; the
// analysis turns, straightens, crops, cleans and splits them before OCR; the export says what was done;
// a clerk's edits on one page or the whole dossier are undoable, and the masters never change.
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { afterEach, describe, expect, it } from 'vitest';
import { commandLineActor } from '../../main/accounts/actor';
import { jobResult } from '../../main/contract/domain';
import { Workstation } from '../../main/services/workstation';
import { rejectedAppError, thrownAppError } from '../support/app-error';
import { sheetScan, spreadScan, textPage } from '../support/page-generator';
import { tempDir } from '../support/temp-dir';

const actor = commandLineActor('tester');
const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const f of cleanups.splice(0).reverse()) await f();
});

async function withDpi(png: Buffer, dpi: number): Promise<Buffer> {
  return sharp(png).withDensity(dpi).png().toBuffer();
}

async function setUp() {
  const t = tempDir();
  cleanups.push(t.remove);
  const folder = path.join(t.dir, 'ho-so');
  mkdirSync(folder);
  // 1: the decision's header, the sheet lying with its top to the left, skewed 2.1°, on a dark
  // background, with punch holes and a staple. 2: a two-page spread. 3: a plain page.
  const sideways = sheetScan({ dpi: 200, placed: 270, skewDegrees: 2.1, borderMm: 8, marks: true, firstLine: 0, lines: 12 });
  writeFileSync(path.join(folder, '1-nghieng.png'), await withDpi(sideways.png, 200));
  const spread = spreadScan({ dpi: 200, leftLine: 0, rightLine: 62 });
  writeFileSync(path.join(folder, '2-trang-doi.png'), await withDpi(spread.png, 200));
  writeFileSync(path.join(folder, '3-thuong.png'), await withDpi(textPage({ dpi: 200, lines: 8, firstLine: 30 }).png, 200));
  const station = await Workstation.open({ dataDir: path.join(t.dir, 'data'), ocrWorkers: 1, scanners: [] });
  cleanups.push(() => station.close());
  const dossier = station.records.createDossier(station.records.createBatch('Lô', null).id, 'H49.64.33.2026.501', 'Hồ sơ');
  station.jobControl.startImport(actor, dossier.id, [folder]);
  await station.jobs.idle();
  return { t, station, dossier, sideways };
}

function sha256(file: string): string {
  return createHash('sha256').update(readFileSync(file)).digest('hex');
}

describe('page editing', () => {
  it('analyses pages before OCR: turns, straightens, crops, cleans and splits spreads; the export says so', async () => {
    const { t, station, dossier, sideways } = await setUp();
    const pages = station.records.listPages(dossier.id);

    expect(pages.map((p) => [p.source, p.state, p.analysisPending])).toEqual([
      ['1-nghieng.png', 'recognized', false],
      ['2-trang-doi.png', 'recognized', false],
      ['2-trang-doi.png', 'recognized', false],
      ['3-thuong.png', 'recognized', false],
    ]);
    const [turned, left, right, plain] = pages as [typeof pages[0], typeof pages[0], typeof pages[0], typeof pages[0]];
    expect(turned.recipe.rotation).toBe(90);
    expect(Math.abs(turned.recipe.deskewAngle + 2.1)).toBeLessThanOrEqual(0.1);
    expect(Math.abs(turned.width - sideways.sheet.width)).toBeLessThan(sideways.sheet.width * 0.02);
    expect(turned.recipe.marks.length).toBeGreaterThanOrEqual(3);
    expect(station.records.pageText(turned.id)).toContain('XÃ HỘI CHỦ NGHĨA VIỆT NAM');
    expect(station.records.pageText(turned.id)).toContain('Hạnh phúc');
    // The spread's left page comes first and carries the left text.
    expect([left.splitFrom, right.splitFrom]).toEqual(['2-trang-doi.png', '2-trang-doi.png']);
    expect(station.records.pageText(left.id)).toContain('THỦ TƯỚNG CHÍNH PHỦ');
    expect(station.records.pageText(right.id)).toContain('Thành viên Chính phủ');
    expect(plain.recipe).toMatchObject({ rotation: 0, deskewAngle: 0, region: null });
    // The masters are untouched: the store still holds exactly what was imported.
    for (const page of pages) expect(sha256(station.blobs.pathOf(page.sha256))).toBe(page.sha256);

    const outbox = path.join(t.dir, 'outbox');
    const job = station.jobControl.startExport(actor, dossier.id, outbox);
    await station.jobs.idle();
    const files = jobResult(station.jobs.get(job.id), 'export')!.files;
    const records = files.filter((f) => f.endsWith('.json')).map((f) => JSON.parse(readFileSync(f, 'utf8')) as { pages: Array<Record<string, unknown>> });
    const exported = records.flatMap((r) => r.pages);
    expect(exported.map((p) => [p.source, p.rotation, p.splitFrom ?? null])).toEqual([
      ['1-nghieng.png', 90, null],
      ['2-trang-doi.png', 0, '2-trang-doi.png'],
      ['2-trang-doi.png', 0, '2-trang-doi.png'],
      ['3-thuong.png', 0, null],
    ]);
    expect(Math.abs((exported[0]!.deskewAngle as number) + 2.1)).toBeLessThanOrEqual(0.1);
    // The PDF page of the turned sheet is portrait: it was exported as edited.
    const pdf = files.find((f) => f.includes('.1.pdf'))!;
    const { execFileSync } = await import('node:child_process');
    const info = execFileSync('pdfinfo', [pdf], { encoding: 'utf8' });
    const [, w, h] = /Page size:\s+([\d.]+) x ([\d.]+)/.exec(info)!;
    expect(Number(h)).toBeGreaterThan(Number(w));
  }, 240_000);

  it('undoes edits one by one, merges a split back, and edits a whole dossier at once', async () => {
    const { t, station, dossier } = await setUp();
    const [turned, left] = station.records.listPages(dossier.id);

    // A manual quarter turn: words go, the page is read again, and undo restores the analysis' result.
    const before = turned!.recipe;
    const [rotated] = station.editing.applyChange(actor, { pageIds: [turned!.id] }, { rotateBy: 90 });
    expect(rotated!.recipe.rotation).toBe(180);
    expect(rotated!.state).toBe('imported');
    expect(station.records.words(turned!.id)).toEqual([]);
    await station.jobs.idle();
    expect(station.records.page(turned!.id).state).toBe('recognized');
    const undone = station.editing.undo(actor, turned!.id);
    expect(undone.recipe).toEqual(before);
    expect(thrownAppError(() => station.editing.undo(actor, turned!.id)).messageVi).toMatch(/không còn thao tác nào để hoàn tác/);
    await station.jobs.idle();
    expect(station.records.pageText(turned!.id)).toContain('Hạnh phúc');

    // Undoing the automatic split merges the spread back, and the analysis does not split it again.
    station.editing.undo(actor, left!.id);
    await station.jobs.idle();
    const merged = station.records.listPages(dossier.id);
    expect(merged.map((p) => p.source)).toEqual(['1-nghieng.png', '2-trang-doi.png', '3-thuong.png']);
    expect(merged[1]!.recipe.region).toBeNull();
    expect(merged[1]!.state).toBe('recognized');

    // The whole dossier at once: black-and-white OCR image, and back to the scans as they were.
    const all = station.editing.applyChange(actor, { dossierId: dossier.id }, { recognition: { bitonal: true } });
    expect(all.map((p) => p.recipe.recognition.bitonal)).toEqual([true, true, true]);
    const reset = station.editing.applyChange(actor, { dossierId: dossier.id }, { reset: true });
    expect(reset.map((p) => [p.recipe.rotation, p.recipe.deskewAngle, p.recipe.crop, p.recipe.marks.length])).toEqual([
      [0, 0, null, 0],
      [0, 0, null, 0],
      [0, 0, null, 0],
    ]);
    await station.jobs.idle();

    // A whole batch: every page of every dossier in it.
    const other = station.records.createDossier(dossier.batchId, 'H49.64.33.2026.502', 'Hồ sơ khác');
    station.jobControl.startImport(actor, other.id, [path.join(t.dir, 'ho-so', '3-thuong.png')]);
    await station.jobs.idle();
    const batchWide = station.editing.applyChange(actor, { batchId: dossier.batchId }, { recognition: { despeckle: true } });
    expect(batchWide).toHaveLength(4);
    expect(batchWide.every((p) => p.recipe.recognition.despeckle)).toBe(true);
    await station.jobs.idle();

    // The viewer's before/after: the page as scanned differs from the page as edited.
    const [first] = station.records.listPages(dossier.id);
    station.editing.applyChange(actor, { pageIds: [first!.id] }, { rotateBy: 90 });
    const view = await sharp((await station.pageImages.get(first!.id, 'view')).data).metadata();
    const master = await sharp((await station.pageImages.get(first!.id, 'master')).data).metadata();
    expect([view.width! > view.height!, master.width! > master.height!]).toEqual([false, true]);
    await station.jobs.idle();

    // A split by hand at a chosen column.
    const spreadPage = station.records.listPages(dossier.id)[1]!;
    const split = await station.editing.split(actor, spreadPage.id, 1000);
    expect([split.left.recipe.region?.width, split.right.recipe.region?.x]).toEqual([1000, 1000]);
    expect((await rejectedAppError(() => station.editing.split(actor, split.left.id))).messageVi).toMatch(/đã được tách/);
    await station.jobs.idle();
  }, 300_000);
});
