// Auto-separation's proposals through the real pipeline: three pages imported as one document (a decision,
// a generated body page, a công văn), analysed and recognized with the app's own OCR. The third page,
// which carries an NĐ 30 header, is proposed as the start of a new document; the first (its document's own
// first page) and the body page are not. The clerk splits there: two documents; the undo gives one back,
// the proposal with it.
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { commandLineActor } from '../../main/accounts/actor';
import { Workstation } from '../../main/services/workstation';
import { textPage } from '../support/page-generator';
import { REAL_PAGES_DIR, tempDir } from '../support/temp-dir';

const actor = commandLineActor('tester');
const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const f of cleanups.splice(0).reverse()) await f();
});

describe('new-document proposals after recognition', () => {
  it('proposes the page carrying an NĐ 30 header, not the first page nor a body page; the clerk splits there and undoes it', async () => {
    const t = tempDir();
    cleanups.push(t.remove);
    const folder = path.join(t.dir, 'lo-quet');
    mkdirSync(folder);
    copyFileSync(path.join(REAL_PAGES_DIR, 'real_qd_729_ttg_p1.png'), path.join(folder, 'trang-1.png'));
    writeFileSync(path.join(folder, 'trang-2.png'), textPage({ dpi: 200, firstLine: 12, lines: 40 }).png);
    copyFileSync(path.join(REAL_PAGES_DIR, 'real_cv_3722_metro_p1.png'), path.join(folder, 'trang-3.png'));
    const station = await Workstation.open({ dataDir: path.join(t.dir, 'data'), ocrWorkers: 1, scanners: [] });
    cleanups.push(() => station.close());
    const dossier = station.records.createDossier(station.records.createBatch('Lô', null).id, 'H49.64.33.2026.600', 'Hồ sơ');
    station.jobControl.startImport(actor, dossier.id, [folder]);
    await station.jobs.idle();

    const pages = station.records.listPages(dossier.id);
    expect(pages.map((p) => [p.source, p.state, p.newDocumentProposed])).toEqual([
      ['trang-1.png', 'recognized', false],
      ['trang-2.png', 'recognized', false],
      ['trang-3.png', 'recognized', true],
    ]);
    const [document] = station.records.listDocuments(dossier.id);

    const [kept, created] = station.documentEditing.split(actor, pages[2]!.id);
    expect(kept!.id).toBe(document!.id);
    expect(station.records.listDocuments(dossier.id).map((d) => d.pageCount)).toEqual([2, 1]);
    expect(created!.state).toBe('recognized');
    expect(station.records.page(pages[2]!.id).newDocumentProposed).toBe(false);

    station.documentEditing.undo(actor, dossier.id);
    expect(station.records.listDocuments(dossier.id).map((d) => [d.id, d.pageCount])).toEqual([[document!.id, 3]]);
    expect(station.records.listPages(dossier.id).map((p) => [p.id, p.ordinal, p.newDocumentProposed])).toEqual(pages.map((p) => [p.id, p.ordinal, p.newDocumentProposed]));
  }, 600_000);
});
