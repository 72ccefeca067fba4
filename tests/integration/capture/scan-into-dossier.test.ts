// Scanning through the Workstation into a real store, with the real SANE test scanner: pages are committed
// as they arrive, a jam mid-batch keeps them, the clerk scans on into the same document, rescans and
// inserts land in place, and a scan interrupted by a restart does not restart the scanner by itself.
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { commandLineActor } from '../../../main/accounts/actor';
import { SaneSource } from '../../../main/capture/sane/sane-source';
import { jobResult, type JobView } from '../../../main/contract/domain';
import { Workstation } from '../../../main/services/workstation';
import { tempDir } from '../../support/temp-dir';

const actor = commandLineActor('tester');
const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const f of cleanups.splice(0).reverse()) await f();
});

beforeAll(() => {
  process.env.SANE_CONFIG_DIR = path.resolve(__dirname, '../../fixtures/sane');
});

async function open(dataDir?: string) {
  const dir = dataDir ?? tempDir().dir;
  const sane = new SaneSource();
  const station = await Workstation.open({ dataDir: dir, autoRecognize: false, scanners: [sane] });
  cleanups.push(() => station.close());
  const dossier = station.records.createDossier(station.records.createBatch('Lô quét', null).id, 'H49.64.33.2026.300', 'Hồ sơ quét');
  // 200 dpi, the circular's minimum, keeps the test fast; ADF so that the test scanner gives ten sheets.
  const adf = station.profiles.save(actor, null, { name: 'ADF thử', recordKind: 'document', source: 'adf', colorMode: 'color', resolution: 200, paperSize: 'A4', widthMm: 210, heightMm: 297 });
  const flatbed = station.profiles.byName('Hồ sơ đóng ghim – mặt kính');
  return { station, sane, dossier, adf, flatbed, dir };
}

async function finished(station: Workstation, job: JobView): Promise<JobView> {
  await station.jobs.idle();
  return station.jobs.get(job.id);
}

describe('scanning into a dossier', () => {
  it('an ADF batch becomes one new document, every page durable in the store with its ordinal', async () => {
    const { station, dossier, adf } = await open();
    const job = await finished(station, station.jobControl.startScan(actor, { dossierId: dossier.id, deviceId: 'sane:test:0', profileId: adf.id, documentId: null, placement: { kind: 'append' } }));
    expect(job).toMatchObject({ state: 'done', done: 10, unit: 'page', result: { pagesAdded: 10 } });
    const [document] = station.records.listDocuments(dossier.id);
    expect(document).toMatchObject({ pageCount: 10, source: 'sane:test:0' });
    const pages = station.records.listDocumentPages(document!.id);
    expect(pages.map((p) => p.ordinal)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(pages[0]).toMatchObject({ width: 1653, height: 2338, dpi: 200, format: 'png' });
    for (const p of pages) expect(await station.blobs.verify(p.sha256)).toBe(true);
    expect(station.audit.list(5).find((e) => e.action === 'pages.scan')?.detail).toMatchObject({ device: 'sane:test:0', profile: 'ADF thử', pagesAdded: 10 });
  });

  it('a jam after page 3 keeps pages 1–3, fails in Vietnamese, and the clerk scans on into the same document', async () => {
    const { station, sane, dossier, adf, flatbed } = await open();
    let seen = 0;
    station.events.on('dossier:changed', () => {
      if (++seen === 3) sane.setOption('sane:test:0', 'read-return-value', 'SANE_STATUS_JAMMED');
    });
    const jammed = await finished(station, station.jobControl.startScan(actor, { dossierId: dossier.id, deviceId: 'sane:test:0', profileId: adf.id, documentId: null, placement: { kind: 'append' } }));
    expect(jammed.state).toBe('failed');
    expect(jammed.error).toMatchObject({ code: 'SCANNER_JAMMED' });
    expect(jammed.error?.message).toMatch(/kẹt giấy/);
    const documentId = jobResult(jammed, 'scan')!.documentId!;
    expect(station.records.pageCount(documentId)).toBe(3);

    const resumed = await finished(station, station.jobControl.startScan(actor, { dossierId: dossier.id, deviceId: 'sane:test:0', profileId: flatbed.id, documentId, placement: { kind: 'append' } }));
    expect(resumed.state).toBe('done');
    expect(station.records.listDocuments(dossier.id)).toHaveLength(1);
    expect(station.records.listDocumentPages(documentId).map((p) => [p.ordinal, p.source])).toEqual([
      [1, 'sane:test:0 #1'],
      [2, 'sane:test:0 #2'],
      [3, 'sane:test:0 #3'],
      [4, 'sane:test:0 #1'],
    ]);
  });

  it('rescans a page in place and inserts after a page', async () => {
    const { station, dossier, adf, flatbed } = await open();
    const first = await finished(station, station.jobControl.startScan(actor, { dossierId: dossier.id, deviceId: 'sane:test:0', profileId: adf.id, documentId: null, placement: { kind: 'append' }, maxPages: 3 }));
    const documentId = jobResult(first, 'scan')!.documentId!;
    const [p1, p2, p3] = station.records.listDocumentPages(documentId);
    await finished(station, station.jobControl.startScan(actor, { dossierId: dossier.id, deviceId: 'sane:test:1', profileId: flatbed.id, documentId, placement: { kind: 'replace', pageId: p2!.id } }));
    await finished(station, station.jobControl.startScan(actor, { dossierId: dossier.id, deviceId: 'sane:test:1', profileId: flatbed.id, documentId, placement: { kind: 'after', pageId: p1!.id } }));
    const after = station.records.listDocumentPages(documentId);
    expect(after.map((p) => p.ordinal)).toEqual([1, 2, 3, 4]);
    expect(after[0]!.id).toBe(p1!.id);
    expect(after[1]!.source).toBe('sane:test:1 #1');
    expect(after[2]!.source).toBe('sane:test:1 #1');
    expect(after[2]!.id).not.toBe(p2!.id);
    expect(after[3]!.id).toBe(p3!.id);
    expect(after.some((p) => p.id === p2!.id)).toBe(false);
  });

  it('a rescan of a page deleted meanwhile keeps the scanned page, at the end, with a warning', async () => {
    const { station, dossier, adf, flatbed } = await open();
    const first = await finished(station, station.jobControl.startScan(actor, { dossierId: dossier.id, deviceId: 'sane:test:0', profileId: adf.id, documentId: null, placement: { kind: 'append' }, maxPages: 2 }));
    const documentId = jobResult(first, 'scan')!.documentId!;
    const [p1] = station.records.listDocumentPages(documentId);
    const job = station.jobControl.startScan(actor, { dossierId: dossier.id, deviceId: 'sane:test:1', profileId: flatbed.id, documentId, placement: { kind: 'replace', pageId: p1!.id } });
    // Deleted before the queue starts the scan (it starts on the next tick).
    station.archive.deletePage(actor, p1!.id);
    const done = await finished(station, job);
    expect(done.state).toBe('done');
    expect(done.warnings[0]?.message).toMatch(/đã bị xóa; trang vừa quét được đặt ở cuối văn bản/);
    expect(station.records.listDocumentPages(documentId).map((p) => [p.ordinal, p.source])).toEqual([
      [1, 'sane:test:0 #2'],
      [2, 'sane:test:1 #1'],
    ]);
  });

  it('an empty feeder fails at once and leaves no empty document', async () => {
    const { station, dossier } = await open();
    const emptyProfile = station.profiles.save(actor, null, { name: 'Khay trống', recordKind: 'document', source: 'adf', colorMode: 'color', resolution: 200, paperSize: 'A4', widthMm: 210, heightMm: 297, deviceOptions: { 'read-return-value': 'SANE_STATUS_NO_DOCS' } });
    const job = await finished(station, station.jobControl.startScan(actor, { dossierId: dossier.id, deviceId: 'sane:test:0', profileId: emptyProfile.id, documentId: null, placement: { kind: 'append' } }));
    expect(job.error).toMatchObject({ code: 'SCANNER_FEEDER_EMPTY' });
    expect(station.records.listDocuments(dossier.id)).toEqual([]);
  });

  it('a scan interrupted by a restart ends saying so, and does not start the scanner again', async () => {
    const { station, dossier, adf, dir } = await open();
    // A scan that was running when the process died: its row is still 'running'.
    const job = station.jobControl.startScan(actor, { dossierId: dossier.id, deviceId: 'sane:test:0', profileId: adf.id, documentId: null, placement: { kind: 'append' } });
    await station.jobs.stop();
    station.db.prepare("UPDATE jobs SET state = 'running', attempts = 1 WHERE id = ?").run(job.id);
    const pagesBefore = station.records.summary().pages;
    await station.close();
    cleanups.pop();

    const again = await Workstation.open({ dataDir: dir, autoRecognize: false, scanners: [new SaneSource()] });
    cleanups.push(() => again.close());
    await again.jobs.idle();
    const ended = again.jobs.get(job.id);
    expect(ended.state).toBe('failed');
    expect(ended.error).toMatchObject({ code: 'SCAN_INTERRUPTED' });
    expect(again.records.summary().pages).toBe(pagesBefore);
  });
});
