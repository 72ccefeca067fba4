// Import identity (issue 12, findings 3 and 6) on a real SQLite file, real page store and real image
// files: each input path is one document, each source page is stored once however often the import runs,
// same-named inputs from different folders stay apart, identical bytes at two paths are two pages.
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { afterEach, describe, expect, it } from 'vitest';
import { commandLineActor } from '../../main/accounts/actor';
import { Workstation } from '../../main/services/workstation';
import { tempDir } from '../support/temp-dir';

const actor = commandLineActor('tester');
const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const f of cleanups.splice(0).reverse()) await f();
});

/** A small PNG of its own colour: `n` tells pages apart by content. */
function pagePng(n: number): Promise<Buffer> {
  return sharp({ create: { width: 40 + n, height: 60, channels: 3, background: { r: (n * 37) % 256, g: (n * 91) % 256, b: (n * 53) % 256 } } })
    .withDensity(300)
    .png()
    .toBuffer();
}

async function folderOf(dir: string, first: number, count: number): Promise<string> {
  mkdirSync(dir, { recursive: true });
  for (let i = 0; i < count; i++) writeFileSync(path.join(dir, `trang-${i + 1}.png`), await pagePng(first + i));
  return dir;
}

async function setUp() {
  const t = tempDir('sohoa-identity-');
  cleanups.push(t.remove);
  const station = await Workstation.open({ dataDir: path.join(t.dir, 'data'), autoRecognize: false, ocrWorkers: 1, scanners: [] });
  cleanups.push(() => station.close());
  const dossier = station.records.createDossier(station.records.createBatch('Lô', null).id, 'H49.64.33.2026.700', 'Hồ sơ');
  const importNow = async (paths: string[]) => {
    const job = station.jobControl.startImport(actor, dossier.id, paths);
    await station.jobs.idle();
    return station.jobs.get(job.id);
  };
  const documents = () =>
    station.records.listDocuments(dossier.id).map((d) => ({ source: d.source, pages: station.records.listDocumentPages(d.id).map((p) => `${p.ordinal}:${p.source}`) }));
  return { dir: t.dir, station, dossier, importNow, documents };
}

describe('import identity', () => {
  it('two folders with the same name are two documents, named apart; the same import again adds nothing and says so', async () => {
    const { dir, importNow, documents } = await setUp();
    const a = await folderOf(path.join(dir, 'a', 'ho-so'), 1, 3);
    const b = await folderOf(path.join(dir, 'b', 'ho-so'), 10, 4);

    const first = await importNow([a, b]);
    expect(first.state).toBe('done');
    expect(first.warnings).toEqual([]);
    expect(documents()).toEqual([
      { source: 'a/ho-so', pages: ['1:trang-1.png', '2:trang-2.png', '3:trang-3.png'] },
      { source: 'b/ho-so', pages: ['1:trang-1.png', '2:trang-2.png', '3:trang-3.png', '4:trang-4.png'] },
    ]);

    // The clerk runs the same import again (a new job): nothing is added, and the job says why.
    const again = await importNow([a, b]);
    expect(again.state).toBe('done');
    expect(again.result).toMatchObject({ pagesAdded: 0, pagesStored: 7 });
    expect(again.warnings.map((w) => [w.code, w.subject])).toEqual([
      ['ALREADY_IMPORTED', 'a/ho-so'],
      ['ALREADY_IMPORTED', 'b/ho-so'],
    ]);
    expect(again.warnings[0]!.message).toBe('«a/ho-so» đã được nhập đủ vào văn bản H49.64.33.2026.700.0000001 (3 trang): không thêm trang nào, các trang đã có giữ nguyên.');
    expect(documents()).toHaveLength(2);

    // A third folder of that name, later, is told apart from both.
    const c = await folderOf(path.join(dir, 'c', 'ho-so'), 20, 1);
    await importNow([c]);
    expect(documents().map((d) => d.source)).toEqual(['a/ho-so', 'b/ho-so', 'c/ho-so']);
  });

  it('two files with the same name from two folders are two documents of one page each', async () => {
    const { dir, station, dossier, importNow, documents } = await setUp();
    mkdirSync(path.join(dir, 'x'));
    mkdirSync(path.join(dir, 'y'));
    writeFileSync(path.join(dir, 'x', 'scan.png'), await pagePng(1));
    writeFileSync(path.join(dir, 'y', 'scan.png'), await pagePng(2));
    const job = await importNow([path.join(dir, 'x', 'scan.png'), path.join(dir, 'y', 'scan.png')]);
    expect(job.result).toMatchObject({ pagesAdded: 2, pagesStored: 2 });
    expect(documents()).toEqual([
      { source: 'x/scan.png', pages: ['1:scan.png'] },
      { source: 'y/scan.png', pages: ['1:scan.png'] },
    ]);
    const [x, y] = station.records.listPages(dossier.id);
    expect(x!.sha256).not.toBe(y!.sha256);
  });

  it('identical bytes at two paths (two blank backs) are two pages', async () => {
    const { dir, station, dossier, importNow } = await setUp();
    const folder = await folderOf(path.join(dir, 'ho-so'), 1, 1);
    const blank = await sharp({ create: { width: 50, height: 70, channels: 3, background: '#ffffff' } }).png().toBuffer();
    writeFileSync(path.join(folder, 'trang-2.png'), blank);
    writeFileSync(path.join(folder, 'trang-3.png'), blank);
    await importNow([folder]);
    await importNow([folder]);
    const pages = station.records.listPages(dossier.id);
    expect(pages.map((p) => p.source)).toEqual(['trang-1.png', 'trang-2.png', 'trang-3.png']);
    expect(pages[1]!.sha256).toBe(pages[2]!.sha256);
  });

  it('completes an incomplete document in source order, and puts a changed source into a new document with a warning', async () => {
    const { dir, station, dossier, importNow, documents } = await setUp();
    const folder = await folderOf(path.join(dir, 'ho-so'), 1, 4);
    await importNow([folder]);
    // A page the clerk deleted stays in the recycle bin: importing the input again does not bring it back.
    const second = station.records.listPages(dossier.id)[1]!;
    const deleted = station.archive.deletePage(actor, second.id);
    const again = await importNow([folder]);
    expect(again.warnings.map((w) => w.code)).toEqual(['ALREADY_IMPORTED']);
    expect(documents()).toEqual([{ source: 'ho-so', pages: ['1:trang-1.png', '2:trang-3.png', '3:trang-4.png'] }]);
    // Purged from the bin, it is gone from the store: the input then fills the gap in its place.
    const [recycled] = station.recycleBin.list(dossier.id);
    expect(recycled).toMatchObject({ pageId: deleted.id });
    await station.recovery.purgeRecycledPage(actor, recycled!.id);
    const refill = await importNow([folder]);
    expect(refill.warnings).toEqual([]);
    expect(refill.result).toMatchObject({ pagesAdded: 1, documents: [{ source: 'ho-so', status: 'completed', pages: 4 }] });
    expect(documents()).toEqual([{ source: 'ho-so', pages: ['1:trang-1.png', '2:trang-2.png', '3:trang-3.png', '4:trang-4.png'] }]);

    // Same path, other bytes: new content, never mixed into the document imported before.
    copyFileSync(path.join(folder, 'trang-1.png'), path.join(folder, 'trang-3.png'));
    const changed = await importNow([folder]);
    expect(changed.warnings.map((w) => w.code)).toEqual(['SOURCE_CHANGED']);
    expect(changed.warnings[0]!.message).toContain('đã thay đổi kể từ lần nhập vào văn bản H49.64.33.2026.700.0000001');
    expect(documents()).toHaveLength(2);
    expect(documents()[1]!.pages).toHaveLength(4);
    expect(documents()[0]!.pages).toHaveLength(4);
    // And that new content, imported once more, is complete too.
    const settled = await importNow([folder]);
    expect(settled.warnings.map((w) => [w.code, w.message.includes('0000002')])).toEqual([['ALREADY_IMPORTED', true]]);
    expect(documents()).toHaveLength(2);
  });

  it('a multi-page TIFF is stored once per page, and skipped whole when complete', async () => {
    const { dir, station, dossier, importNow } = await setUp();
    // Frames of one size, joined into one multi-page TIFF.
    const frames = await Promise.all([1, 2, 3].map(async (n) => sharp(await pagePng(n)).resize(60, 60).png().toBuffer()));
    const tiff = path.join(dir, 'bo.tif');
    await sharp(frames, { join: { animated: true } }).tiff({ compression: 'deflate' }).toFile(tiff);
    expect((await sharp(tiff).metadata()).pages).toBe(3);
    await importNow([tiff]);
    const again = await importNow([tiff]);
    expect(again.warnings.map((w) => w.code)).toEqual(['ALREADY_IMPORTED']);
    expect(station.records.listPages(dossier.id).map((p) => p.source)).toEqual(['bo.tif#1', 'bo.tif#2', 'bo.tif#3']);
  });
});
