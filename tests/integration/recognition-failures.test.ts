// Issue 12, finding 5: one bad page never stops the dossier. A 1 × 1 page, a 100,000 × 1 page and a
// page whose master no longer decodes sit beside a normal page: each bad page is marked failed with a
// Vietnamese warning naming it, the normal page is recognized, no page stays 'recognizing', and a later
// recognition job of the dossier runs to its end the same way.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Workstation } from '../../main/services/workstation';
import { textPage } from '../support/page-generator';
import { tempDir } from '../support/temp-dir';

const actor = { userId: null, name: 'cli:recognition-failures', user: null };
let work: { dir: string; remove: () => void };
let station: Workstation;
let dossierId: number;

const white = (width: number, height: number) => sharp({ create: { width, height, channels: 3, background: '#ffffff' } }).png().toBuffer();

beforeAll(async () => {
  work = tempDir('sohoa-ocr-failures-');
  const scan = path.join(work.dir, 'scan');
  mkdirSync(scan);
  writeFileSync(path.join(scan, 'trang-1.png'), await white(1, 1));
  writeFileSync(path.join(scan, 'trang-2.png'), await sharp(textPage({ dpi: 150, lines: 8 }).png).withDensity(150).png().toBuffer());
  writeFileSync(path.join(scan, 'trang-3.png'), await white(100_000, 1));
  writeFileSync(path.join(scan, 'trang-4.png'), await white(300, 200));
  station = await Workstation.open({ dataDir: path.join(work.dir, 'data'), ocrWorkers: 1, autoRecognize: false });
  const batch = station.records.createBatch('Lô thử', null);
  dossierId = station.records.createDossier(batch.id, 'H49.64.33.2026.5', 'Hồ sơ có trang hỏng').id;
  station.jobControl.startImport(actor, dossierId, [scan]);
  await station.jobs.idle();
  // The master of trang-4 is damaged after import (a failing disk): decoding it throws inside libvips.
  const damaged = station.records.listPages(dossierId).find((p) => p.source === 'trang-4.png')!;
  writeFileSync(station.blobs.pathOf(damaged.sha256), 'không còn là ảnh');
  station.jobControl.startRecognition(actor, dossierId);
  await station.jobs.idle();
}, 300_000);

afterAll(async () => {
  await station.close();
  work.remove();
});

describe('recognition with bad pages', () => {
  it('marks each bad page failed with a warning naming it, and recognizes the normal page', () => {
    const states = Object.fromEntries(station.records.listPages(dossierId).map((p) => [p.source, p.state]));
    expect(states).toEqual({ 'trang-1.png': 'failed', 'trang-2.png': 'recognized', 'trang-3.png': 'failed', 'trang-4.png': 'failed' });
    const job = station.jobs.list().find((j) => j.kind === 'ocr')!;
    expect(job).toMatchObject({ state: 'done', error: null, result: { pagesRecognized: 1, pagesFailed: 3 } });
    expect(job.warnings.map((w) => [w.subject, w.code])).toEqual([
      ['trang-1.png', 'OCR_FAILED'],
      ['trang-3.png', 'OCR_FAILED'],
      ['trang-4.png', 'OCR_FAILED'],
    ]);
    const bySubject = new Map(job.warnings.map((w) => [w.subject, w.message]));
    // Too small to hold text: refused before Tesseract, and said so.
    expect(bySubject.get('trang-1.png')).toMatch(/^Trang 1 \(«trang-1\.png»\) quá nhỏ hoặc quá hẹp để nhận dạng chữ/);
    expect(bySubject.get('trang-3.png')).toMatch(/^Trang 3 \(«trang-3\.png»\) quá nhỏ hoặc quá hẹp/);
    // Any other failure of one page is that page's, in Vietnamese, never an INTERNAL failure of the job.
    expect(bySubject.get('trang-4.png')).toMatch(/^Không nhận dạng được chữ trang 4 \(«trang-4\.png»\).*các trang khác vẫn được nhận dạng/);
    const normal = station.records.listPages(dossierId).find((p) => p.source === 'trang-2.png')!;
    expect(station.records.pageText(normal.id).length).toBeGreaterThan(100);
  });

  it('runs a later recognition job of the dossier to its end the same way', async () => {
    const later = station.jobControl.startRecognition(actor, dossierId);
    await station.jobs.idle();
    expect(station.jobs.get(later.id)).toMatchObject({ state: 'done', error: null, result: { pagesRecognized: 0, pagesFailed: 3 } });
    const pages = station.records.listPages(dossierId);
    expect(pages.filter((p) => p.state === 'recognizing')).toEqual([]);
    expect(pages.find((p) => p.source === 'trang-2.png')!.state).toBe('recognized');
  });
});
