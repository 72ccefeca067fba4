// An import with «Tách theo tờ phân cách»: the folder is one scanned batch, split into the dossiers and
// documents its separator sheets name; the sheets stay with the batch, their scans in the page store
// through the next start-up check; the pages before the first separator are a document of their own, flagged.
import { writeFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jobResult } from '../../main/contract/domain';
import { actor, importFolder, openStation, pageFolder } from '../support/store-station';
import sharp from 'sharp';
import { realisticScan, realisticScanOfPrint, textPage } from '../support/page-generator';
import { qrPng, renderedSheets } from '../support/separator-scans';
import { tempDir } from '../support/temp-dir';

const A = 'H49.64.33.2001.160';
const B = 'H49.64.33.2001.161';
const HOME = 'H49.1.2026.7';
const TTHC = { procedureFileCode: '000.00.14.H49-240315-0001', procedureCode: '1.004227', identityCode: '001085012345' };
let work: { dir: string; remove: () => void };
let folder: string;

beforeAll(async () => {
  work = tempDir('sohoa-separate-import-');
  const dpi = 200;
  const [sepA, sepB, patchT] = await renderedSheets([{ kind: 'dossier', fileCode: A }, { kind: 'dossier', fileCode: B }, { kind: 'patch-t' }], dpi);
  const scans = [
    await realisticScan({ seed: 51, kind: 'letter', dpi }),
    await realisticScanOfPrint({ seed: 52, print: sepA!, dpi, paper: [250, 236, 150], skewDegrees: -2 }),
    await realisticScan({ seed: 53, kind: 'contents', dpi }),
    await realisticScanOfPrint({ seed: 54, print: patchT!, dpi, paper: [246, 200, 210] }),
    await realisticScan({ seed: 55, kind: 'letter', dpi }),
    await realisticScanOfPrint({ seed: 56, print: sepB!, dpi, turn: 180 }),
    await tthcResultScan(dpi),
  ];
  folder = path.join(work.dir, 'lo-adf');
  mkdirSync(folder);
  scans.forEach((scan, i) => writeFileSync(path.join(folder, `p${i + 1}.${scan.extension}`), scan.data));
}, 300_000);
afterAll(() => work.remove());

/** A TTHC result page (Thông tư 01/2023/TT-VPCP): its QR code bottom left, as one-stop systems print it. */
async function tthcResultScan(dpi: number) {
  const page = textPage({ dpi, lines: 30 });
  const qr = await qrPng(`Mã hồ sơ: ${TTHC.procedureFileCode}\nMã TTHC: ${TTHC.procedureCode}\nMã định danh: ${TTHC.identityCode}`, 5);
  const print = await sharp(page.png).composite([{ input: qr, left: Math.round((25 / 25.4) * dpi), top: page.height - Math.round((70 / 25.4) * dpi) }]).png().toBuffer();
  return realisticScanOfPrint({ seed: 57, print, dpi, paper: [248, 246, 238] });
}

describe('import with separate', () => {
  it('splits the batch, keeps the sheets with it and flags the pages before the first separator', async () => {
    const dataDir = path.join(work.dir, 'data');
    let station = await openStation(dataDir);
    // Dossier A is already there with one document: the batch appends to it.
    await importFolder(station, A, await pageFolder(work.dir, 'a', 1));
    const home = station.records.createDossier(station.records.batchNamed('Lô ADF', null).id, HOME, 'Hồ sơ đang quét');
    const job = station.jobControl.startImport(actor, home.id, [folder], undefined, true);
    await station.jobs.idle();
    const done = station.jobs.get(job.id);
    expect(done.state).toBe('done');
    const separation = jobResult(done, 'import');
    expect(separation && 'documents' in separation ? separation.separation : null).toMatchObject({
      separatorPages: [2, 4, 6],
      documents: [
        { fileCode: HOME, docCode: `${HOME}.0000001`, pages: [1] },
        { fileCode: A, docCode: `${A}.0000002`, pages: [3] },
        { fileCode: A, docCode: `${A}.0000003`, pages: [5] },
        { fileCode: B, docCode: `${B}.0000001`, pages: [7] },
      ],
      dossiersCreated: [B],
      flags: [{ code: 'before-first-separator', position: 1 }],
    });

    // B was created in the batch scanned into; each document holds its own pages, no separator among them.
    const b = station.records.dossierByCode(B)!;
    expect(b.batchId).toBe(home.batchId);
    const sources = (fileCode: string) => station.records.listDocuments(station.records.dossierByCode(fileCode)!.id).map((d) => station.records.listDocumentPages(d.id).map((p) => p.source));
    expect(sources(HOME)).toEqual([['p1.jpg']]);
    expect(sources(A)).toEqual([['trang-1.png'], ['p3.jpg'], ['p5.jpg']]);
    expect(sources(B)).toEqual([['p7.jpg']]);
    // The TTHC result's codes, read from its QR code, are the document's.
    expect(station.records.listDocuments(b.id)[0]!.metadata).toMatchObject(TTHC);

    const view = station.separation.view(home.batchId);
    expect(view.separatorPages.map((p) => [p.position, p.source, p.finding])).toEqual([
      [2, 'p2.jpg', { kind: 'dossier', fileCode: A }],
      [4, 'p4.jpg', { kind: 'document' }],
      [6, 'p6.jpg', { kind: 'dossier', fileCode: B }],
    ]);
    expect(view.flags).toEqual([expect.objectContaining({ code: 'before-first-separator', position: 1, documentId: station.records.listDocuments(home.id)[0]!.id, clearedAt: null })]);
    expect(station.audit.list(50).some((row) => row.action === 'pages.separate')).toBe(true);

    // The clerk looked at it: cleared, audited, no longer open.
    station.separation.clearFlag(actor, view.flags[0]!.id);
    expect(station.separation.view(home.batchId).flags).toEqual([]);
    const sheets = view.separatorPages.map((p) => p.sha256);
    await station.close();

    // The next start-up check sees the sheets' scans as referenced: nothing quarantined, all still there.
    station = await openStation(dataDir, { orphanAgeMs: 0 });
    try {
      expect(station.integrity?.orphansQuarantined ?? []).toEqual([]);
      for (const sha of sheets) expect(await station.blobs.has(sha)).toBe(true);
    } finally {
      await station.close();
    }
  }, 600_000);
});
