import { execFile } from 'node:child_process';
import { copyFileSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import sharp from 'sharp';
import { DOCUMENT_FIELDS } from '../../main/contract/archival-fields';
import { sheetScan, spreadScan } from '../support/page-generator';
import { cornerErrors, cutPasses, mapSheet, scanPasses } from '../support/stitch-generator';
import { LONG_NAME, RTL_NAME } from '../support/hostile-corpus';
import { REAL_PAGES_DIR, REPO_ROOT, tempDir } from '../support/temp-dir';

const run = promisify(execFile);
/** What promisified execFile rejects with when the command exits non-zero. */
type CommandFailure = { code: number; stdout: string; stderr: string };
let work: { dir: string; remove: () => void };

function sohoa(args: string[], env: Record<string, string> = {}) {
  return run(process.execPath, ['--import', 'tsx', path.join(REPO_ROOT, 'main/cli/sohoa.ts'), ...args], {
    cwd: REPO_ROOT,
    env: { ...process.env, ...env },
    maxBuffer: 16 * 1024 * 1024,
  });
}

beforeAll(() => {
  work = tempDir('sohoa-cli-');
});
afterAll(() => work.remove());

describe('sohoa process', () => {
  it('runs the whole pipeline per input and writes <docId>/<docId>.pdf and <docId>.json with the stable fields', async () => {
    const folder = path.join(work.dir, 'cong-van-3722');
    mkdirSync(folder);
    copyFileSync(path.join(REAL_PAGES_DIR, 'real_cv_3722_metro_p1.png'), path.join(folder, 'trang-2.png'));
    copyFileSync(path.join(REAL_PAGES_DIR, 'real_hanoi_tb_453_flag_p1.png'), path.join(folder, 'trang-10.png'));
    const file = path.join(REAL_PAGES_DIR, 'real_qd_729_ttg_p1.png');
    const out = path.join(work.dir, 'out');

    const { stdout } = await sohoa(['process', file, folder, '--out', out, '--jobs', '2', '--json']);
    const summary = JSON.parse(stdout);
    expect(summary.documents.map((d: { docId: string }) => d.docId)).toEqual(['real_qd_729_ttg_p1', 'cong-van-3722']);
    expect(summary.pages).toBe(3);
    expect(summary.ocrWorkers).toBe(2);
    for (const key of ['importSeconds', 'recognizeSeconds', 'exportSeconds', 'totalSeconds']) expect(summary.timings[key]).toBeGreaterThan(0);
    // Stages are timed separately: OCR of three pages takes far longer than importing them.
    expect(summary.timings.recognizeSeconds).toBeGreaterThan(summary.timings.importSeconds * 2);

    const record = JSON.parse(readFileSync(path.join(out, 'real_qd_729_ttg_p1', 'real_qd_729_ttg_p1.json'), 'utf8'));
    // Every field of the description, derived ones included (changed with issue 15: all the TT 05/2025 fields).
    expect(Object.keys(record.metadata)).toEqual(DOCUMENT_FIELDS.map((f) => f.key));
    expect(record.metadata).toMatchObject({ docCode: null, numberOfPage: 1, language: ['01'], confidenceLevel: '02', secrecyMark: null });
    expect(record).toMatchObject({ docId: 'real_qd_729_ttg_p1', source: 'real_qd_729_ttg_p1.png', fileCode: null });
    expect(record.metadata).toMatchObject({ typeName: 'Quyết định', codeNotation: 'QĐ-TTg', issuedDate: '2026-04-23', place: 'Hà Nội' });
    const page = record.pages[0];
    for (const key of ['index', 'source', 'width', 'height', 'dpi', 'rotation', 'deskewAngle', 'blank', 'text', 'confidence']) expect(page).toHaveProperty(key);
    expect(page).toMatchObject({ index: 1, width: 1670, height: 2356, rotation: 0, deskewAngle: 0, blank: false });

    const folderRecord = JSON.parse(readFileSync(path.join(out, 'cong-van-3722', 'cong-van-3722.json'), 'utf8'));
    // A folder's images are its pages in natural name order: trang-2 before trang-10.
    expect(folderRecord.pages.map((p: { source: string }) => p.source)).toEqual(['trang-2.png', 'trang-10.png']);

    const { stdout: text } = await run('pdftotext', ['-enc', 'UTF-8', path.join(out, 'cong-van-3722', 'cong-van-3722.pdf'), '-']);
    expect(text.replace(/\s+/g, ' ')).toMatch(/Hạnh phúc/);
  });

  it('fills rotation, deskewAngle and, for a split spread, one page per half with splitFrom', async () => {
    const folder = path.join(work.dir, 'ho-so-dong-ghim');
    mkdirSync(folder);
    const sideways = sheetScan({ dpi: 150, placed: 90, skewDegrees: -1.8, borderMm: 6, lines: 14 });
    writeFileSync(path.join(folder, '1-nghieng.png'), sideways.png);
    writeFileSync(path.join(folder, '2-trang-doi.png'), spreadScan({ dpi: 150 }).png);
    const out = path.join(work.dir, 'out-imaging');

    await sohoa(['process', folder, '--out', out, '--json']);
    const record = JSON.parse(readFileSync(path.join(out, 'ho-so-dong-ghim', 'ho-so-dong-ghim.json'), 'utf8'));
    expect(record.pages.map((p: { source: string; rotation: number; splitFrom?: string }) => [p.source, p.rotation, p.splitFrom ?? null])).toEqual([
      ['1-nghieng.png', 270, null],
      ['2-trang-doi.png', 0, '2-trang-doi.png'],
      ['2-trang-doi.png', 0, '2-trang-doi.png'],
    ]);
    expect(Math.abs(record.pages[0].deskewAngle - 1.8)).toBeLessThanOrEqual(0.1);
    // The exported page is the upright, cropped sheet.
    expect(record.pages[0].height).toBeGreaterThan(record.pages[0].width);
    expect(Math.abs(record.pages[0].width - sideways.sheet.width)).toBeLessThan(sideways.sheet.width * 0.02);
  });

  it('names a corrupt input in a Vietnamese warning, still processes the others, and exits 2', async () => {
    const bad = path.join(work.dir, 'hong.png');
    writeFileSync(bad, 'not an image at all');
    const out = path.join(work.dir, 'out2');
    const failed = (await sohoa(['process', bad, path.join(REAL_PAGES_DIR, 'real_qd_707_ttg_p1.png'), '--out', out, '--json']).catch((e: unknown) => e)) as CommandFailure;
    expect(failed.code).toBe(2);
    expect(failed.stderr).toMatch(/Không đọc được tệp ảnh «hong\.png»/);
    const summary = JSON.parse(failed.stdout);
    expect(summary.documents).toHaveLength(1);
    expect(summary.warnings).toEqual([expect.objectContaining({ code: 'IMAGE_CORRUPT', subject: 'hong.png' })]);
  });

  it('reports a page it could not recognize, and writes short, clean output names for hostile input names', async () => {
    const folder = path.join(work.dir, 'co-trang-1x1');
    mkdirSync(folder);
    writeFileSync(path.join(folder, 'a-1x1.png'), await sharp({ create: { width: 1, height: 1, channels: 3, background: '#fff' } }).png().toBuffer());
    copyFileSync(path.join(REAL_PAGES_DIR, 'real_qd_707_ttg_p1.png'), path.join(folder, 'b-trang.png'));
    const small = await sharp({ create: { width: 400, height: 300, channels: 3, background: '#fff' } }).png().toBuffer();
    writeFileSync(path.join(work.dir, LONG_NAME), small);
    writeFileSync(path.join(work.dir, RTL_NAME), small);
    const out = path.join(work.dir, 'out-hostile');

    const failed = (await sohoa(['process', folder, path.join(work.dir, LONG_NAME), path.join(work.dir, RTL_NAME), '--out', out, '--json']).catch((e: unknown) => e)) as CommandFailure;
    expect(failed.code).toBe(2);
    const summary = JSON.parse(failed.stdout);
    expect(summary.pagesFailed).toBe(1);
    expect(summary.warnings).toEqual([expect.objectContaining({ code: 'OCR_FAILED', subject: 'a-1x1.png' })]);
    expect(failed.stderr).toMatch(/Trang 1 \(«a-1x1\.png»\) quá nhỏ hoặc quá hẹp để nhận dạng chữ/);
    const record = JSON.parse(readFileSync(path.join(out, 'co-trang-1x1', 'co-trang-1x1.json'), 'utf8'));
    expect(record.pages.map((p: { source: string; recognition: string }) => [p.source, p.recognition])).toEqual([
      ['a-1x1.png', 'failed'],
      ['b-trang.png', 'recognized'],
    ]);

    // One folder per document, holding its PDF, JSON and ALTO files: every name is short and clean.
    const folders = readdirSync(out);
    expect(folders).toHaveLength(3);
    const written = folders.flatMap((folder) => [folder, ...readdirSync(path.join(out, folder))]);
    expect(written).toHaveLength(3 + 3 * 2 + 4);
    for (const name of written) {
      expect(Buffer.byteLength(name)).toBeLessThanOrEqual(255);
      expect(name).not.toMatch(/[\u202A-\u202E\u2066-\u2069]/);
    }
    expect(written).toContain('bien-ban-gpj.exe.pdf');
    const [first, long, rtl] = summary.documents.map((d: { docId: string }) => d.docId) as [string, string, string];
    expect([first, rtl]).toEqual(['co-trang-1x1', 'bien-ban-gpj.exe']);
    expect(LONG_NAME.startsWith(long)).toBe(true);
    expect(Buffer.byteLength(long)).toBeLessThanOrEqual(200);
  });

  it('keeps no empty document for an input that gave no page', async () => {
    const data = path.join(work.dir, 'data-empty');
    const bad = path.join(work.dir, 'hong-2.png');
    writeFileSync(bad, 'still not an image');
    await sohoa(['--data', data, 'import', bad, path.join(REAL_PAGES_DIR, 'real_qd_707_ttg_p1.png'), '--dossier', 'H49.64.33.2026.8', '--no-ocr']).catch(() => undefined);
    const status = JSON.parse((await sohoa(['--data', data, 'status', '--json'])).stdout);
    expect(status.summary).toMatchObject({ documents: 1, pages: 1 });
  });
});

describe('sohoa import and status', () => {
  it('exits 2 when a file was refused and the others imported, 1 when nothing was', async () => {
    const data = path.join(work.dir, 'data-exit');
    const bad = path.join(work.dir, 'hong-3.png');
    writeFileSync(bad, 'not an image');
    const partial = (await sohoa(['--data', data, 'import', bad, path.join(REAL_PAGES_DIR, 'real_qd_707_ttg_p1.png'), '--dossier', 'H49.64.33.2026.9', '--no-ocr']).catch((e: unknown) => e)) as CommandFailure;
    expect(partial.code).toBe(2);
    expect(partial.stderr).toMatch(/Cảnh báo: Không đọc được tệp ảnh «hong-3\.png»[\s\S]*Có 1 tệp bị từ chối hoặc trang không nhận dạng được/);
    const nothing = (await sohoa(['--data', data, 'import', bad, '--dossier', 'H49.64.33.2026.10', '--no-ocr']).catch((e: unknown) => e)) as CommandFailure;
    expect(nothing.code).toBe(1);
  });

  it('imports into a dossier it creates, then reports the store', async () => {
    const data = path.join(work.dir, 'data');
    const { stdout } = await sohoa(['--data', data, 'import', path.join(REAL_PAGES_DIR, 'real_qd_707_ttg_p1.png'), '--dossier', 'H49.64.33.2026.7', '--no-ocr']);
    expect(stdout).toMatch(/Hồ sơ H49\.64\.33\.2026\.7: 1 văn bản, 1 trang, 0 trang đã nhận dạng/);
    const status = JSON.parse((await sohoa(['--data', data, 'status', '--json'])).stdout);
    expect(status.summary).toMatchObject({ dossiers: 1, documents: 1, pages: 1, recognizedPages: 0 });
    expect(status.jobs[0]).toMatchObject({ kind: 'import', state: 'done' });
  });

  it('imports two same-named folders as two documents, two same-named files as two pages; again adds nothing; export refuses unrecognized pages', async () => {
    const data = path.join(work.dir, 'data-same-names');
    const page = (n: number) => sharp({ create: { width: 40 + n, height: 50, channels: 3, background: { r: n * 20, g: 100, b: 200 - n * 10 } } }).png().toBuffer();
    for (const [folder, count, first] of [['a', 3, 1], ['b', 4, 4]] as const) {
      mkdirSync(path.join(work.dir, 'same', folder, 'ho-so'), { recursive: true });
      for (let i = 0; i < count; i++) writeFileSync(path.join(work.dir, 'same', folder, 'ho-so', `trang-${i + 1}.png`), await page(first + i));
    }
    const folders = ['a', 'b'].map((f) => path.join(work.dir, 'same', f, 'ho-so'));
    const first = await sohoa(['--data', data, 'import', ...folders, '--dossier', 'H49.64.33.2026.20', '--no-ocr']);
    expect(first.stdout).toMatch(/Hồ sơ H49\.64\.33\.2026\.20: 2 văn bản, 7 trang, 0 trang đã nhận dạng/);
    expect(first.stderr).not.toMatch(/Cảnh báo/);

    for (const folder of ['x', 'y']) mkdirSync(path.join(work.dir, 'same', folder));
    writeFileSync(path.join(work.dir, 'same', 'x', 'scan.png'), await page(8));
    writeFileSync(path.join(work.dir, 'same', 'y', 'scan.png'), await page(9));
    const files = ['x', 'y'].map((f) => path.join(work.dir, 'same', f, 'scan.png'));
    const scans = await sohoa(['--data', data, 'import', ...files, '--dossier', 'H49.64.33.2026.21', '--no-ocr']);
    expect(scans.stdout).toMatch(/Hồ sơ H49\.64\.33\.2026\.21: 2 văn bản, 2 trang/);

    // The clerk runs the first import again: exit 0, nothing added, and told so.
    const again = await sohoa(['--data', data, 'import', ...folders, '--dossier', 'H49.64.33.2026.20', '--no-ocr']);
    expect(again.stdout).toMatch(/2 văn bản, 7 trang/);
    expect(again.stderr).toContain('Cảnh báo: «a/ho-so» đã được nhập đủ vào văn bản H49.64.33.2026.20.0000001 (3 trang)');
    expect(again.stderr).toContain('Cảnh báo: «b/ho-so» đã được nhập đủ vào văn bản H49.64.33.2026.20.0000002 (4 trang)');

    // Nothing recognized and no recognition pending: each document is refused by name, and the command fails.
    const exported = await sohoa(['--data', data, 'export', '--dossier', 'H49.64.33.2026.21', '--out', path.join(work.dir, 'same-out')]).catch((e: { code: number; stderr: string }) => e);
    expect((exported as { code: number }).code).toBe(1);
    expect((exported as { stderr: string }).stderr).toContain('Chưa xuất văn bản H49.64.33.2026.21.0000001: 1 trang chưa được nhận dạng chữ (trang 1 (scan.png))');
  });

  it('refuses a malformed dossier code with a Vietnamese message', async () => {
    await expect(sohoa(['--data', path.join(work.dir, 'data'), 'import', REAL_PAGES_DIR, '--dossier', 'khong hop le'])).rejects.toMatchObject({
      stderr: expect.stringMatching(/Mã hồ sơ gồm các phần/),
    });
  });
});

describe('sohoa devices and scan (SANE test scanner)', () => {
  // The SANE test scanner, and no mDNS probes on the shared network of the test machine.
  const sane = { SANE_CONFIG_DIR: path.join(REPO_ROOT, 'tests/fixtures/sane'), SOHOA_MDNS: '0' };

  it('lists the scanners with what they can do', async () => {
    const data = path.join(work.dir, 'devices-data');
    const { stdout } = await sohoa(['--data', data, 'devices', '--json'], sane);
    const { devices } = JSON.parse(stdout) as { devices: Array<{ id: string; capabilities: { sources: string[] } }> };
    expect(devices.map((d) => d.id)).toEqual(expect.arrayContaining(['sane:test:0', 'sane:test:1']));
    expect(devices.find((d) => d.id === 'sane:test:0')?.capabilities.sources).toEqual(['flatbed', 'adf']);
    const { stdout: text } = await sohoa(['--data', data, 'devices'], sane);
    expect(text).toMatch(/sane:test:0\tNoname frontend-tester/);
  });

  it('scans a page into a dossier with a named profile, and names an unknown profile in Vietnamese', async () => {
    const data = path.join(work.dir, 'scan-data');
    const { stdout } = await sohoa(['--data', data, 'scan', '--device', 'sane:test:1', '--profile', 'hồ sơ đóng ghim – mặt kính', '--dossier', 'H49.64.33.2026.400', '--no-ocr'], sane);
    expect(stdout).toMatch(/Đã quét 1 trang vào hồ sơ H49\.64\.33\.2026\.400 \(1 văn bản, 1 trang\)/);
    const { stdout: status } = await sohoa(['--data', data, 'status', '--json']);
    expect(JSON.parse(status).summary).toMatchObject({ dossiers: 1, pages: 1 });

    const failed = await sohoa(['--data', data, 'scan', '--device', 'sane:test:1', '--profile', 'Không có hồ sơ này', '--dossier', 'H49.64.33.2026.400'], sane).catch((e: { stderr: string; code: number }) => e);
    expect((failed as { code: number }).code).toBe(1);
    expect((failed as { stderr: string }).stderr).toMatch(/Không tìm thấy hồ sơ quét «Không có hồ sơ này»/);
  });
});

describe('sohoa stitch', () => {
  it('stitches two overlapping passes and prints each placement as JSON, within 2 px', async () => {
    const dir = path.join(work.dir, 'passes');
    mkdirSync(dir);
    const passes = await cutPasses(mapSheet(3200, 2200, 5), dir, { cols: 2, rows: 1, overlap: 0.3, seed: 12 });
    const out = path.join(work.dir, 'ghep.png');

    const { stdout } = await sohoa(['stitch', ...passes.files, '--out', out, '--json']);
    const result = JSON.parse(stdout) as { out: string; width: number; height: number; unsure: boolean; tiles: Array<{ file: string; x: number; y: number; angle: number; confidence: number }> };
    expect(result.tiles.map((t) => t.file)).toEqual(passes.files);
    expect(result.unsure).toBe(false);
    for (const error of cornerErrors(result.tiles, passes.truth)) expect(error).toBeLessThanOrEqual(2);
    const meta = await sharp(out).metadata();
    expect([meta.width, meta.height]).toEqual([result.width, result.height]);

    // The placements, nudged by hand and given back, are used as they are.
    const manual = path.join(work.dir, 'vi-tri.json');
    writeFileSync(manual, JSON.stringify({ tiles: result.tiles.map((t, i) => (i === 1 ? { ...t, x: t.x + 40 } : t)) }));
    const { stdout: again } = await sohoa(['stitch', ...passes.files, '--out', out, '--placements', manual, '--json']);
    const adjusted = JSON.parse(again) as typeof result;
    expect(adjusted.tiles[1]!.x - adjusted.tiles[0]!.x).toBeCloseTo(result.tiles[1]!.x - result.tiles[0]!.x + 40, 1);
  });

  it('lays four passes of a map scanned as a 2 × 2 grid, given in any order, in two rows and two columns', async () => {
    // A3 passes at 100 dpi (1,654 × 1,169 px): the geometry of the reported A2 map, a third of the pixels.
    const dir = path.join(work.dir, 'luoi-2x2');
    mkdirSync(dir);
    const passes = await scanPasses(dir, { cols: 2, rows: 2, passMm: { width: 420, height: 297 }, dpi: 100, seed: 7, shuffle: true });
    const out = path.join(work.dir, 'ban-do.png');

    const { stdout, stderr } = await sohoa(['stitch', ...passes.files, '--out', out, '--json']);
    const result = JSON.parse(stdout) as { width: number; height: number; unsure: boolean; doubts: unknown[]; tiles: Array<{ file: string; x: number; y: number; angle: number; confidence: number }> };
    expect(stderr).not.toContain('Cảnh báo');
    expect(result.unsure).toBe(false);
    expect(result.doubts).toEqual([]);
    // 2 px at 300 dpi is 0.67 px here.
    for (const error of cornerErrors(result.tiles, passes.truth)) expect(error).toBeLessThanOrEqual(0.7);
    // Two passes across and two down, less the 15–25 % overlaps: not four in one row (nor 1 pass tall).
    const pass = passes.truth[0]!;
    expect(result.width / pass.width).toBeGreaterThan(1.6);
    expect(result.width / pass.width).toBeLessThan(1.9);
    expect(result.height / pass.height).toBeGreaterThan(1.6);
    expect(result.height / pass.height).toBeLessThan(1.9);
    const meta = await sharp(out).metadata();
    expect([meta.width, meta.height]).toEqual([result.width, result.height]);
  });

  it('names the pass it is unsure of, and why, when its only overlap is blank', async () => {
    const dir = path.join(work.dir, 'trong');
    mkdirSync(dir);
    const passes = await scanPasses(dir, { cols: 2, rows: 1, passMm: { width: 297, height: 420 }, dpi: 100, seed: 8, blankSeam: [0, 1] });
    const { stdout, stderr } = await sohoa(['stitch', ...passes.files, '--out', path.join(work.dir, 'trong.png'), '--json']);
    const result = JSON.parse(stdout) as { unsure: boolean; doubts: Array<{ file: string; other: string | null; reason: string; region: { width: number; height: number } }> };
    expect(result.unsure).toBe(true);
    expect(result.doubts).toHaveLength(1);
    expect(result.doubts[0]!.file).toBe(passes.files[1]);
    expect(result.doubts[0]!.reason).toBe('no-overlap');
    expect(stderr).toContain('Ghép tự động chưa chắc chắn ở luot-02.jpg (không khớp được với lần quét nào');
  });

  it('refuses one pass and an unreadable pass in Vietnamese', async () => {
    const one = await sohoa(['stitch', path.join(REAL_PAGES_DIR, 'real_qd_729_ttg_p1.png'), '--out', path.join(work.dir, 'x.png')]).catch((e: { stderr: string; code: number }) => e);
    expect(one).toMatchObject({ code: 1 });
    expect((one as { stderr: string }).stderr).toContain('Cần từ 2 đến 6 lần quét');
    const bad = path.join(work.dir, 'hong.png');
    writeFileSync(bad, 'không phải ảnh');
    const corrupt = await sohoa(['stitch', path.join(REAL_PAGES_DIR, 'real_qd_729_ttg_p1.png'), bad, '--out', path.join(work.dir, 'x.png')]).catch((e: { stderr: string }) => e);
    expect((corrupt as { stderr: string }).stderr).toContain('Không đọc được ảnh «hong.png» để ghép');
  });
});
