// Issue 13, item 4: a document's state follows its pages after an export. Any change to its metadata,
// a page or its text marks it changed since export, the progress summary stops counting it exported, and
// exporting again brings it current (the set replaced as one, see outbox-writer.ts).
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { afterEach, describe, expect, it } from 'vitest';
import { commandLineActor } from '../../main/accounts/actor';
import { EMPTY_METADATA } from '../../main/contract/domain';
import { Workstation } from '../../main/services/workstation';
import { tempDir } from '../support/temp-dir';

const actor = commandLineActor('tester');
const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const f of cleanups.splice(0).reverse()) await f();
});

async function exportedDossier() {
  const t = tempDir('sohoa-export-currency-');
  cleanups.push(t.remove);
  const station = await Workstation.open({ dataDir: path.join(t.dir, 'data'), autoRecognize: false, ocrWorkers: 1, scanners: [] });
  cleanups.push(() => station.close());
  const dossier = station.records.createDossier(station.records.createBatch('Lô', null).id, 'H49.64.33.2026.920', 'Hồ sơ');
  const folder = path.join(t.dir, 'ho-so');
  mkdirSync(folder);
  for (let n = 1; n <= 2; n++) {
    writeFileSync(path.join(folder, `trang-${n}.png`), await sharp({ create: { width: 210, height: 297, channels: 3, background: { r: 250, g: 248, b: 240 - n } } }).png().toBuffer());
  }
  station.jobControl.startImport(actor, dossier.id, [folder]);
  await station.jobs.idle();
  // Recognition stands in for OCR here: what matters is the text an export writes.
  for (const page of station.records.listPages(dossier.id)) {
    station.records.saveRecognition(page.id, { text: `trang ${page.ordinal}`, confidence: 90, words: [{ text: `trang`, x0: 1, y0: 1, x1: 50, y1: 20, confidence: 90, line: 0 }] });
  }
  const outbox = path.join(t.dir, 'outbox');
  const exportNow = async () => {
    const job = station.jobControl.startExport(actor, dossier.id, outbox);
    await station.jobs.idle();
    expect(station.jobs.get(job.id).state).toBe('done');
  };
  await exportNow();
  const document = () => station.records.listDocuments(dossier.id)[0]!;
  return { station, dossier, document, exportNow };
}

describe('a document after its export', () => {
  it('is current right after it, and changed once its metadata changes; exporting again makes it current', async () => {
    const { station, document, exportNow } = await exportedDossier();
    expect(document()).toMatchObject({ state: 'recognized', changedSinceExport: false });
    expect(document().exportedAt).not.toBeNull();
    expect(station.records.summary().exportedDocuments).toBe(1);

    // Saving the same metadata again is no change.
    station.archive.updateMetadata(actor, document().id, document().metadata);
    expect(document().changedSinceExport).toBe(false);

    station.archive.updateMetadata(actor, document().id, { ...EMPTY_METADATA, subject: 'Về việc số hóa hồ sơ' });
    expect(document()).toMatchObject({ state: 'recognized', changedSinceExport: true });
    expect(station.records.summary().exportedDocuments).toBe(0);

    await exportNow();
    expect(document().changedSinceExport).toBe(false);
    expect(station.records.summary().exportedDocuments).toBe(1);
  }, 120_000);

  it('is changed when a page is edited, deleted or recognized anew, and when a page is added', async () => {
    const { station, dossier, document, exportNow } = await exportedDossier();
    const [first, second] = station.records.listPages(dossier.id);

    await station.editing.applyChange(actor, { pageIds: [first!.id] }, { rotateBy: 90 });
    expect(document().changedSinceExport).toBe(true);
    await exportNow();

    station.archive.deletePage(actor, second!.id);
    expect(document().changedSinceExport).toBe(true);
    await exportNow();

    station.records.saveRecognition(first!.id, { text: 'đã sửa', confidence: 95, words: [{ text: 'đã', x0: 1, y0: 1, x1: 20, y1: 20, confidence: 95, line: 0 }] });
    expect(document().changedSinceExport).toBe(true);
    await exportNow();
    expect(document().changedSinceExport).toBe(false);

    // A page scanned into the document afterwards (here the same master once more, as a rescan would add it).
    const page = station.records.page(first!.id);
    station.records.addPage({ documentId: page.documentId, sha256: page.sha256, format: 'png', width: page.masterWidth, height: page.masterHeight, dpi: page.dpi, dpiAssumed: false, bytes: page.bytes, source: 'trang-moi.png' });
    expect(document().changedSinceExport).toBe(true);
  }, 120_000);
});
