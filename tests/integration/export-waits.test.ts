// Finding 7 of issue 12, the other half: an export must not write a document whose pages are still
// waiting for or under recognition. It waits while the dossier's import or OCR is queued or running (in
// this process or another one on the store), exports a page whose recognition failed with a warning naming
// it, and refuses, by name, a document with unrecognized pages when nothing is going to recognize them.
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import sharp from 'sharp';
import { afterEach, describe, expect, it } from 'vitest';
import { commandLineActor } from '../../main/accounts/actor';
import { nowIso } from '../../main/storage/database';
import { Workstation } from '../../main/services/workstation';
import { textPage } from '../support/page-generator';
import { tempDir } from '../support/temp-dir';

const actor = commandLineActor('tester');
const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const f of cleanups.splice(0).reverse()) await f();
});

async function setUp(autoRecognize: boolean, folders: Array<{ name: string; pages: Buffer[] }>) {
  const t = tempDir('sohoa-export-wait-');
  cleanups.push(t.remove);
  const station = await Workstation.open({ dataDir: path.join(t.dir, 'data'), autoRecognize, ocrWorkers: 1, scanners: [] });
  cleanups.push(() => station.close());
  const dossier = station.records.createDossier(station.records.createBatch('Lô', null).id, 'H49.64.33.2026.910', 'Hồ sơ');
  const paths = folders.map((folder) => {
    const dir = path.join(t.dir, folder.name);
    mkdirSync(dir);
    folder.pages.forEach((png, i) => writeFileSync(path.join(dir, `trang-${i + 1}.png`), png));
    return dir;
  });
  const outbox = path.join(t.dir, 'outbox');
  return { station, dossier, paths, outbox };
}

const plain = (n: number) => sharp({ create: { width: 200, height: 280, channels: 3, background: { r: 255 - n, g: 250, b: 240 } } }).png().toBuffer();

function fakeRecognition(station: Workstation, pageId: number, word: string): void {
  station.records.saveRecognition(pageId, { text: word, confidence: 88, words: [{ text: word, x0: 10, y0: 10, x1: 120, y1: 40, confidence: 88, line: 0 }] });
}

describe('export and recognition', () => {
  it('an export queued while the pages are still being imported and recognized waits, then writes every page’s text', async () => {
    const { station, dossier, paths, outbox } = await setUp(true, [{ name: 'ho-so', pages: [textPage({ dpi: 150, lines: 3, firstLine: 2 }).png, textPage({ dpi: 150, lines: 3, firstLine: 9 }).png] }]);
    // Import (which queues OCR when it ends) and export together, as a clerk pressing both at once.
    station.jobControl.startImport(actor, dossier.id, paths);
    const job = station.jobControl.startExport(actor, dossier.id, outbox);
    await station.jobs.idle();
    expect(station.jobs.get(job.id)).toMatchObject({ state: 'done', warnings: [], result: { refused: 0, documents: 1 } });
    const record = JSON.parse(readFileSync(path.join(outbox, 'H49.64.33.2026.910.1', 'H49.64.33.2026.910.1.json'), 'utf8')) as { pages: Array<{ text: string }> };
    expect(record.pages).toHaveLength(2);
    for (const page of record.pages) expect(page.text.trim().length).toBeGreaterThan(20);
    expect(station.records.listPages(dossier.id).every((p) => p.state === 'recognized')).toBe(true);
    // Recognized to the end, the document was indexed (auto-indexing, issue 15) before the export read it.
    expect(station.records.listDocuments(dossier.id)[0]!).toMatchObject({ state: 'indexed', changedSinceExport: false });
  }, 300_000);

  it('waits for a recognition job another process is running on the store, seen in the database', async () => {
    const { station, dossier, paths, outbox } = await setUp(false, [{ name: 'ho-so', pages: [await plain(1), await plain(2)] }]);
    station.jobControl.startImport(actor, dossier.id, paths);
    await station.jobs.idle();
    // Another process's OCR job of this dossier: running, in the database only.
    const other = Number(
      station.db
        .prepare("INSERT INTO jobs (kind, state, dossier_id, payload, actor, created_at, started_at) VALUES ('ocr', 'running', ?, '{}', 'cli:other', ?, ?)")
        .run(dossier.id, nowIso(), nowIso()).lastInsertRowid,
    );
    const job = station.jobControl.startExport(actor, dossier.id, outbox);
    while (station.jobs.get(job.id).state === 'queued') await sleep(20);
    // Several of the export's polls go by: it is still waiting, and has written nothing.
    await sleep(1_500);
    expect(station.jobs.get(job.id).state).toBe('running');
    expect(existsSync(path.join(outbox, 'H49.64.33.2026.910.1'))).toBe(false);

    // The other process recognizes the pages and ends its job: the export goes on with their text.
    for (const page of station.records.listPages(dossier.id)) fakeRecognition(station, page.id, `CHU${page.ordinal}`);
    station.db.prepare("UPDATE jobs SET state = 'done', finished_at = ? WHERE id = ?").run(nowIso(), other);
    await station.jobs.idle();
    expect(station.jobs.get(job.id)).toMatchObject({ state: 'done', warnings: [] });
    const record = JSON.parse(readFileSync(path.join(outbox, 'H49.64.33.2026.910.1', 'H49.64.33.2026.910.1.json'), 'utf8')) as { pages: Array<{ text: string }> };
    expect(record.pages.map((p) => p.text)).toEqual(['CHU1', 'CHU2']);
  });

  it('names a page whose recognition failed and exports it without text; refuses a document with unrecognized pages and exports the rest', async () => {
    const { station, dossier, paths, outbox } = await setUp(false, [
      { name: 'van-ban-1', pages: [await plain(1), await plain(2)] },
      { name: 'van-ban-2', pages: [await plain(3), await plain(4), await plain(5)] },
    ]);
    station.jobControl.startImport(actor, dossier.id, paths);
    await station.jobs.idle();
    const [first, second] = station.records.listDocuments(dossier.id);
    const firstPages = station.records.listDocumentPages(first!.id);
    fakeRecognition(station, firstPages[0]!.id, 'CHU');
    station.records.setPageState(firstPages[1]!.id, 'failed');
    // Of the second document only the first page was recognized, and no OCR job is queued or running.
    fakeRecognition(station, station.records.listDocumentPages(second!.id)[0]!.id, 'CHU');

    const job = station.jobControl.startExport(actor, dossier.id, outbox);
    await station.jobs.idle();
    const done = station.jobs.get(job.id);
    expect(done).toMatchObject({ state: 'done', result: { documents: 1, refused: 1 } });
    expect(done.warnings.map((w) => [w.code, w.subject])).toEqual([
      ['EXPORT_WITHOUT_TEXT', 'H49.64.33.2026.910.0000001'],
      ['EXPORT_NOT_RECOGNIZED', 'H49.64.33.2026.910.0000002'],
    ]);
    expect(done.warnings[0]!.message).toBe(
      'Văn bản H49.64.33.2026.910.0000001 đã được xuất, nhưng 1 trang không nhận dạng được chữ (trang 2 (trang-2.png)): các trang này chỉ có ảnh, không có lớp chữ để tìm kiếm.',
    );
    expect(done.warnings[1]!.message).toBe(
      'Chưa xuất văn bản H49.64.33.2026.910.0000002: 2 trang chưa được nhận dạng chữ (trang 2 (trang-2.png), trang 3 (trang-3.png)) và không có công việc nhận dạng nào đang chờ. Hãy chạy nhận dạng chữ cho hồ sơ rồi xuất lại; các văn bản khác vẫn được xuất, dữ liệu không bị mất.',
    );
    expect(readdirSync(outbox)).toEqual(['H49.64.33.2026.910.1']);
    expect(station.records.listDocuments(dossier.id).map((d) => [d.state, d.exportedAt !== null])).toEqual([['captured', true], ['captured', false]]);
  });
});
