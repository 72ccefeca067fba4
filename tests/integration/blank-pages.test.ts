// A blank back of a sheet among text pages: recognized, flagged blank, kept, and written as blank in the
// exported record; the one-line page beside it is not blank. Realistic scans of what a stapled dossier
// holds (a cover, a table of contents, a one-line closing page, a two-page CCITT G4 TIFF) come through
// import, analysis and OCR with their text and not blank; the clerk sets and clears the flag by hand
// through the Dispatcher, audited, and a new recognition keeps it.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { afterEach, describe, expect, it } from 'vitest';
import { commandLineActor } from '../../main/accounts/actor';
import { jobResult, type PageView } from '../../main/contract/domain';
import type { Result } from '../../main/contract/errors';
import { newCaller, type Caller } from '../../main/ipc/caller';
import { Dispatcher } from '../../main/ipc/dispatcher';
import { silentLogger } from '../../main/services/logger';
import { Workstation } from '../../main/services/workstation';
import { realisticScan, textPage } from '../support/page-generator';
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
    station.jobControl.startImport(actor, dossier.id, [folder]);
    await station.jobs.idle();
    const pages = station.records.listPages(dossier.id);
    expect(pages.map((p) => [p.source, p.state, p.blank])).toEqual([
      ['trang-1.png', 'recognized', false],
      ['trang-2.png', 'recognized', true],
    ]);
    const outbox = path.join(t.dir, 'outbox');
    const job = station.jobControl.startExport(actor, dossier.id, outbox);
    await station.jobs.idle();
    const json = jobResult(station.jobs.get(job.id), 'export')!.files.find((f) => f.endsWith('.json'))!;
    const record = JSON.parse(readFileSync(json, 'utf8')) as { pages: Array<{ blank: boolean }> };
    expect(record.pages.map((p) => p.blank)).toEqual([false, true]);
  });
});

/** Two bilevel scans of letters as one two-page CCITT G4 TIFF, as a sheet-fed scanner writes them. */
async function twoPageG4(seed: number): Promise<Buffer> {
  const scans = [await realisticScan({ seed, kind: 'letter', dpi: 200, encoding: 'g4' }), await realisticScan({ seed: seed + 1, kind: 'letter', dpi: 200, encoding: 'g4' })];
  const width = Math.min(...scans.map((s) => s.width));
  const height = Math.min(...scans.map((s) => s.height));
  const pages = await Promise.all(scans.map((s) => sharp(s.data).extract({ left: 0, top: 0, width, height }).greyscale().png().toBuffer()));
  return sharp(pages, { join: { animated: true } }).toColourspace('b-w').withDensity(200).tiff({ compression: 'ccittfax4', bitdepth: 1 }).toBuffer();
}

describe('pages the detector used to lose', () => {
  it('a cover, a ruled table, a one-line closing page and both pages of a G4 TIFF keep their text and are not blank; the clerk sets the flag by hand', async () => {
    const t = tempDir();
    cleanups.push(t.remove);
    const folder = path.join(t.dir, 'ho-so-dong-ghim');
    mkdirSync(folder);
    // Realistic flatbed scans: grey bed with a shadow, uneven lamp, tinted paper, JPEG at 200 dpi.
    const cover = await realisticScan({ seed: 31, kind: 'cover', dpi: 200, encoding: 'jpeg' });
    const contents = await realisticScan({ seed: 32, kind: 'contents', dpi: 200, encoding: 'jpeg' });
    const closing = await realisticScan({ seed: 33, kind: 'closing', dpi: 200, encoding: 'jpeg' });
    writeFileSync(path.join(folder, '1-bia.jpg'), cover.data);
    writeFileSync(path.join(folder, '2-muc-luc.jpg'), contents.data);
    writeFileSync(path.join(folder, '3-van-ban.tif'), await twoPageG4(34));
    writeFileSync(path.join(folder, '4-ket-thuc.jpg'), closing.data);
    const station = await Workstation.open({ dataDir: path.join(t.dir, 'data'), ocrWorkers: 1, scanners: [] });
    cleanups.push(() => station.close());
    const dispatcher = new Dispatcher(station, silentLogger());
    const boss = newCaller('t:boss');
    const clerk = newCaller('t:clerk');
    const ok = async <T>(caller: Caller, channel: string, args: unknown): Promise<T> => {
      const result = (await dispatcher.dispatch(caller, channel, args)) as Result<T>;
      if (!result.ok) throw new Error(`${channel}: ${result.error.code} ${result.error.message}`);
      return result.value;
    };
    await ok(boss, 'auth:setup', { username: 'giamsat', fullName: 'Nguyễn Văn A', password: 'mat-khau-giam-sat' });
    await ok(boss, 'user:create', { username: 'vanthu', fullName: 'Trần Thị B', password: 'mat-khau-van-thu', role: 'clerk' });
    await ok(clerk, 'auth:login', { username: 'vanthu', password: 'mat-khau-van-thu' });
    const dossier = station.records.createDossier(station.records.createBatch('Lô', null).id, 'H49.64.33.2026.513', 'Hồ sơ đóng ghim');
    station.jobControl.startImport(actor, dossier.id, [folder]);
    await station.jobs.idle();

    const pages = station.records.listPages(dossier.id);
    expect(pages.map((p) => [p.source, p.state, p.blank, p.recipe.rotation])).toEqual([
      ['1-bia.jpg', 'recognized', false, 0],
      ['2-muc-luc.jpg', 'recognized', false, 0],
      ['3-van-ban.tif#1', 'recognized', false, 0],
      ['3-van-ban.tif#2', 'recognized', false, 0],
      ['4-ket-thuc.jpg', 'recognized', false, 0],
    ]);
    const text = pages.map((p) => station.records.pageText(p.id));
    expect(text[0]).toMatch(/HỒ SƠ|Thời hạn bảo quản/);
    expect(text[1]).toMatch(/MỤC LỤC|Trích yếu|QĐ-UBND/);
    for (const page of [text[2]!, text[3]!]) expect(page).toMatch(/CỘNG HÒA|Độc lập|Nơi nhận/);
    expect(text[3]!.length).toBeGreaterThan(300);
    expect(text[4]).toMatch(/tờ/);

    // The clerk marks the closing page blank by hand: audited with who, kept through a new recognition.
    const closingPage = pages[4]!;
    const marked = await ok<PageView>(clerk, 'page:setBlank', { pageId: closingPage.id, blank: true });
    expect([marked.blank, marked.blankSetBy]).toEqual([true, 'vanthu']);
    expect(station.audit.list(20).find((e) => e.action === 'page.blank')).toMatchObject({ actor: 'vanthu', subject: `page:${closingPage.id}` });
    await ok(clerk, 'page:edit', { scope: { pageIds: [closingPage.id] }, change: { recognition: { despeckle: true } } });
    await station.jobs.idle();
    expect(station.records.page(closingPage.id)).toMatchObject({ state: 'recognized', blank: true, blankSetBy: 'vanthu' });
    expect(station.records.pageText(closingPage.id)).toMatch(/tờ/);
    // …and clears a flag the same way: the cleared flag stays too.
    await ok(clerk, 'page:setBlank', { pageId: closingPage.id, blank: false });
    await ok(clerk, 'page:edit', { scope: { pageIds: [closingPage.id] }, change: { recognition: { despeckle: false } } });
    await station.jobs.idle();
    expect(station.records.page(closingPage.id)).toMatchObject({ state: 'recognized', blank: false, blankSetBy: 'vanthu' });

    // A portrait page is not split by hand without a question; confirmed, it is.
    const refused = (await dispatcher.dispatch(clerk, 'page:split', { pageId: pages[0]!.id })) as Result<unknown>;
    expect(refused.ok ? null : refused.error.code).toBe('NOT_A_SPREAD');
    expect(station.records.listPages(dossier.id)).toHaveLength(5);
    const split = await ok<{ left: PageView; right: PageView }>(clerk, 'page:split', { pageId: pages[0]!.id, force: true });
    expect(split.left.recipe.region?.x).toBe(0);
    await station.jobs.idle();
  }, 420_000);
});
