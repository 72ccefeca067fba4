import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Workstation } from '../../main/services/workstation';
import { mountTmpfs } from '../support/loopback-mounts';
import { REAL_PAGES_DIR, REPO_ROOT, tempDir } from '../support/temp-dir';

// The project's machines and CI run as root; elsewhere the real full/read-only folder cannot be made.
const NEEDS_ROOT = 'mounting a tmpfs for a real full or read-only folder needs root';
const actor = { userId: null, name: 'cli:pipeline-test', user: null };
let work: { dir: string; remove: () => void };
let station: Workstation;
let dossierId: number;

beforeAll(async () => {
  work = tempDir('sohoa-pipeline-');
  const scan = path.join(work.dir, 'scan');
  mkdirSync(scan);
  copyFileSync(path.join(REAL_PAGES_DIR, 'real_qd_729_ttg_p1.png'), path.join(scan, 'trang-01.png'));
  // A truncated PNG between two good pages: it must be named in a warning, the others imported.
  writeFileSync(path.join(scan, 'trang-02.png'), readFileSync(path.join(REAL_PAGES_DIR, 'real_qd_707_ttg_p1.png')).subarray(0, 5000));
  copyFileSync(path.join(REAL_PAGES_DIR, 'real_qd_707_ttg_p1.png'), path.join(scan, 'trang-03.png'));
  station = await Workstation.open({ dataDir: path.join(work.dir, 'data'), outboxDir: path.join(work.dir, 'outbox'), ocrWorkers: 2 });
  const batch = station.records.createBatch('Lô thử', null);
  dossierId = station.records.createDossier(batch.id, 'H49.64.33.2026.1', 'Hồ sơ thử').id;
  station.jobControl.startImport(actor, dossierId, [scan]);
  await station.jobs.idle();
}, 300_000);

afterAll(async () => {
  await station.close();
  work.remove();
});

describe('pipeline: import → OCR → export', () => {
  it('imports the good pages and names the corrupt file in a Vietnamese warning', () => {
    const importJob = station.jobs.list().find((j) => j.kind === 'import')!;
    expect(importJob.state).toBe('done');
    expect(importJob.warnings).toHaveLength(1);
    expect(importJob.warnings[0]).toMatchObject({ code: 'IMAGE_CORRUPT', subject: 'trang-02.png' });
    expect(importJob.warnings[0]!.message).toMatch(/Không đọc được tệp ảnh «trang-02\.png»/);
    const pages = station.records.listPages(dossierId);
    expect(pages.map((p) => p.source)).toEqual(['trang-01.png', 'trang-03.png']);
  });

  it('recognized every page automatically, with words, boxes and confidence', () => {
    const ocrJob = station.jobs.list().find((j) => j.kind === 'ocr')!;
    expect(ocrJob).toMatchObject({ state: 'done', done: 2, total: 2, unit: 'page' });
    for (const page of station.records.listPages(dossierId)) {
      expect(page.state).toBe('recognized');
      expect(page.confidence).toBeGreaterThan(50);
      const detail = station.records.pageDetail(page.id);
      expect(detail.words.length).toBeGreaterThan(100);
      for (const w of detail.words) {
        expect(w.x1).toBeGreaterThan(w.x0);
        expect(w.x1).toBeLessThanOrEqual(page.width + 1);
        expect(w.y1).toBeLessThanOrEqual(page.height + 1);
      }
    }
    const text = station.records.documentText(station.records.listDocuments(dossierId)[0]!.id);
    expect(text.replace(/\s+/g, ' ')).toContain('Độc lập - Tự do - Hạnh phúc');
  });

  it('exports a searchable PDF whose text layer pdftotext reads back in Vietnamese, and a JSON record', async () => {
    const doc = station.records.listDocuments(dossierId)[0]!;
    station.archive.updateMetadata(actor, doc.id, { ...doc.metadata, typeName: 'Quyết định', codeNumber: '729', codeNotation: 'QĐ-TTg', issuedDate: '2026-04-23' });
    const job = station.jobControl.startExport(actor, dossierId);
    await station.jobs.idle();
    expect(station.jobs.get(job.id).state).toBe('done');
    // One folder per document holds its whole set.
    const set = path.join(station.outboxDir, 'H49.64.33.2026.1.1');
    expect(readdirSync(set).sort()).toEqual(['H49.64.33.2026.1.1.001.alto.xml', 'H49.64.33.2026.1.1.002.alto.xml', 'H49.64.33.2026.1.1.json', 'H49.64.33.2026.1.1.pdf']);
    const pdf = path.join(set, 'H49.64.33.2026.1.1.pdf');
    const text = execFileSync('pdftotext', ['-enc', 'UTF-8', pdf, '-']).toString().replace(/\s+/g, ' ');
    expect(text).toContain('Phê chuẩn kết quả');
    expect(text).toContain('Hạnh phúc');
    const record = JSON.parse(readFileSync(path.join(set, 'H49.64.33.2026.1.1.json'), 'utf8'));
    expect(record).toMatchObject({ docId: 'H49.64.33.2026.1.1', metadata: { typeName: 'Quyết định', codeNumber: '729', issuedDate: '2026-04-23' } });
    expect(record.pages).toHaveLength(2);
    expect(record.pages[0]).toMatchObject({ index: 1, source: 'trang-01.png', rotation: 0, blank: false });
    // Indexed after its recognition (auto-indexing, issue 15); the export does not move the lifecycle.
    expect(station.records.document(doc.id)).toMatchObject({ state: 'indexed', changedSinceExport: false });
  });

  it('exports one ALTO file per page, valid against the ALTO 4.4 schema, and regenerates PDF and ALTO from corrected words in one call', async () => {
    const schema = path.join(REPO_ROOT, '..', 'shared', 'schemas', 'alto-4-4.xsd');
    const altoFiles = ['H49.64.33.2026.1.1.001.alto.xml', 'H49.64.33.2026.1.1.002.alto.xml'].map((f) => path.join(station.outboxDir, 'H49.64.33.2026.1.1', f));
    execFileSync('xmllint', ['--noout', '--schema', schema, ...altoFiles], { stdio: 'pipe' });
    const alto = readFileSync(altoFiles[0]!, 'utf8');
    const page = station.records.listPages(dossierId)[0]!;
    const words = station.records.words(page.id);
    expect(alto.match(/<String /g)).toHaveLength(words.length);
    expect(alto).toContain(`CONTENT="${words[0]!.text}"`);

    // A reviewer's correction, stored like any recognition result, then one call writes everything again.
    const corrected = words.map((w, i) => (i === 0 ? { ...w, text: 'Hiệuđính' } : w));
    station.records.saveRecognition(page.id, { text: corrected.map((w) => w.text).join(' '), confidence: page.confidence ?? 0, words: corrected });
    const doc = station.records.listDocuments(dossierId)[0]!;
    const again = await station.exporter.exportDocument(doc.id, station.outboxDir, 'H49.64.33.2026.1.1');
    expect(again.alto).toEqual(altoFiles);
    expect(readFileSync(altoFiles[0]!, 'utf8')).toContain('CONTENT="Hiệuđính"');
    expect(execFileSync('pdftotext', ['-enc', 'UTF-8', again.pdf, '-']).toString()).toContain('Hiệuđính');
  });

  it('an export to a read-only folder fails clearly and loses nothing', async (ctx) => {
    const dir = path.join(work.dir, 'readonly');
    const unmount = mountTmpfs(dir, 'ro,size=1m');
    if (!unmount) return ctx.skip(NEEDS_ROOT);
    try {
      const before = station.records.listPages(dossierId).map((p) => p.sha256);
      const job = station.jobControl.startExport(actor, dossierId, dir);
      await station.jobs.idle();
      const failed = station.jobs.get(job.id);
      expect(failed.state).toBe('failed');
      expect(failed.error).toMatchObject({ code: 'EXPORT_READ_ONLY' });
      expect(failed.error!.message).toMatch(/Không ghi được vào thư mục xuất/);
      expect(station.records.listPages(dossierId).map((p) => p.sha256)).toEqual(before);
      for (const sha of before) expect(await station.blobs.verify(sha)).toBe(true);
    } finally {
      unmount();
    }
  });

  it('an export to a full disk fails clearly, leaves no partial file and loses nothing', async (ctx) => {
    const dir = path.join(work.dir, 'full');
    const unmount = mountTmpfs(dir, 'size=64k');
    if (!unmount) return ctx.skip(NEEDS_ROOT);
    try {
      const job = station.jobControl.startExport(actor, dossierId, dir);
      await station.jobs.idle();
      const failed = station.jobs.get(job.id);
      expect(failed.state).toBe('failed');
      expect(failed.error).toMatchObject({ code: 'EXPORT_DISK_FULL' });
      expect(failed.error!.message).toMatch(/đã đầy/);
      // No document folder, no staging folder: the outbox is as it was.
      expect(readdirSync(dir)).toEqual([]);
      expect(existsSync(path.join(dir, 'H49.64.33.2026.1.1'))).toBe(false);
      expect(station.records.listPages(dossierId)).toHaveLength(2);
    } finally {
      unmount();
    }
  });
});
