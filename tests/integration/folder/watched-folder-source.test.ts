// Hot folders with real files: a slowly written TIFF is taken only once complete, multi-page TIFF and PDF
// give a page per image, corrupt files go aside with a warning, taken files are never taken twice.
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { appendFile } from 'node:fs/promises';
import path from 'node:path';
import { PDFDocument } from 'pdf-lib';
import sharp from 'sharp';
import { afterEach, describe, expect, it } from 'vitest';
import { FAILED_FOLDER, TAKEN_FOLDER, WatchedFolderSource } from '../../../main/capture/folder/watched-folder-source';
import type { ScannedPage, ScanRequest } from '../../../main/capture/scanner-source';
import type { AppError } from '../../../main/contract/errors';
import { writeZeroPng } from '../../support/hostile-corpus';
import { tempDir } from '../../support/temp-dir';

const cleanups: Array<() => void> = [];
afterEach(() => cleanups.splice(0).forEach((f) => f()));

function folders() {
  const t = tempDir();
  cleanups.push(t.remove);
  const hot = path.join(t.dir, 'hot');
  const work = path.join(t.dir, 'work');
  mkdirSync(hot);
  mkdirSync(work);
  return { hot, work };
}

const settings = { source: 'flatbed', colorMode: 'color', resolution: 300, widthMm: 841, heightMm: null } as const;

async function tiff(width: number, height: number, colour: string, pages = 1): Promise<Buffer> {
  const page = () => sharp({ create: { width, height, channels: 3, background: colour } }).withDensity(300);
  if (pages === 1) return page().tiff({ compression: 'lzw' }).toBuffer();
  const frames = await Promise.all(Array.from({ length: pages }, () => page().png().toBuffer()));
  return sharp(frames, { join: { animated: true } }).tiff({ compression: 'lzw' }).toBuffer();
}

async function take(source: WatchedFolderSource, request: ScanRequest, onPage?: (page: ScannedPage) => void) {
  const pages: ScannedPage[] = [];
  for await (const page of source.scan(request)) {
    pages.push(page);
    onPage?.(page);
  }
  return pages;
}

describe('WatchedFolderSource', () => {
  it('lists configured folders that exist', async () => {
    const { hot } = folders();
    const source = new WatchedFolderSource([hot, path.join(hot, 'không có')]);
    expect(await source.listDevices()).toEqual([{ id: `folder:${hot}`, backend: 'folder', label: `Thư mục theo dõi ${hot}` }]);
  });

  it('a sweep takes the files present in name order, multi-page TIFF and PDF a page per image, and moves them to «đã nhập»', async () => {
    const { hot, work } = folders();
    writeFileSync(path.join(hot, 'ban-ve-10.tif'), await tiff(300, 400, '#c00000'));
    writeFileSync(path.join(hot, 'ban-ve-2.tif'), await tiff(200, 300, '#00c000', 3));
    const pdf = await PDFDocument.create();
    pdf.addPage([595.28, 841.89]);
    writeFileSync(path.join(hot, 'ban-ve-3.pdf'), await pdf.save());
    writeFileSync(path.join(hot, 'ghi-chu.txt'), 'không phải ảnh');
    const source = new WatchedFolderSource([hot], { settleMs: 100, pollMs: 20 });
    const pages = await take(source, { deviceId: `folder:${hot}`, settings, workDir: work, signal: new AbortController().signal, deviceOptions: { sweep: true } });
    expect(pages.map((p) => p.source)).toEqual(['ban-ve-2.tif#1', 'ban-ve-2.tif#2', 'ban-ve-2.tif#3', 'ban-ve-3.pdf#1', 'ban-ve-10.tif']);
    expect(pages[4]).toMatchObject({ width: 300, height: 400, dpi: 300, format: 'tiff' });
    // The single TIFF is taken as it is: the same bytes as the scanner wrote.
    expect(readFileSync(pages[4]!.file).equals(readFileSync(path.join(hot, TAKEN_FOLDER, 'ban-ve-10.tif')))).toBe(true);
    expect(readdirSync(path.join(hot, TAKEN_FOLDER)).sort()).toEqual(['ban-ve-10.tif', 'ban-ve-2.tif', 'ban-ve-3.pdf']);
    expect(readdirSync(hot).sort()).toEqual(['ghi-chu.txt', TAKEN_FOLDER]);
    // Nothing is taken twice.
    expect(await take(source, { deviceId: `folder:${hot}`, settings, workDir: work, signal: new AbortController().signal, deviceOptions: { sweep: true } })).toEqual([]);
  });

  it('does not take a TIFF while it is being written, then takes it once, whole', async () => {
    const { hot, work } = folders();
    const data = await tiff(1200, 1600, '#3366cc');
    const file = path.join(hot, 'ban-do-A0.tif');
    // A settle time well above the pauses between chunks, so that a slow CI machine does not see a pause as the end.
    const source = new WatchedFolderSource([hot], { settleMs: 1000, pollMs: 50 });
    const controller = new AbortController();
    const taken: ScannedPage[] = [];
    const scanning = take(source, { deviceId: `folder:${hot}`, settings: { ...settings, maxPages: 1 }, workDir: work, signal: controller.signal }, (p) => taken.push(p));
    const chunk = Math.ceil(data.length / 10);
    for (let i = 0; i < 10; i++) {
      await appendFile(file, data.subarray(i * chunk, (i + 1) * chunk));
      await new Promise((r) => setTimeout(r, 150));
      // Pauses shorter than the settle time: still being written, so not taken.
      expect(taken).toHaveLength(0);
    }
    const pages = await scanning;
    expect(pages).toHaveLength(1);
    expect(readFileSync(pages[0]!.file).equals(data)).toBe(true);
    expect(existsSync(path.join(hot, TAKEN_FOLDER, 'ban-do-A0.tif'))).toBe(true);
  });

  it('puts a corrupt file in «lỗi» with a Vietnamese warning and takes the next good one', async () => {
    const { hot, work } = folders();
    const good = await tiff(100, 100, '#000000');
    writeFileSync(path.join(hot, 'a-hong.tif'), good.subarray(0, good.length / 2));
    writeFileSync(path.join(hot, 'b-tot.tif'), good);
    const warnings: AppError[] = [];
    const source = new WatchedFolderSource([hot], { settleMs: 50, pollMs: 10 });
    const pages = await take(source, { deviceId: `folder:${hot}`, settings, workDir: work, signal: new AbortController().signal, deviceOptions: { sweep: true }, onWarning: (w) => warnings.push(w) });
    expect(pages.map((p) => p.source)).toEqual(['b-tot.tif']);
    expect(warnings.map((w) => w.messageVi)).toEqual([expect.stringMatching(/Không đọc được tệp ảnh «a-hong\.tif»/)]);
    expect(readdirSync(path.join(hot, FAILED_FOLDER))).toEqual(['a-hong.tif']);
  });

  it('puts a decompression bomb in «lỗi» from its header, and sets an impossible resolution aside with a warning', async () => {
    const { hot, work } = folders();
    await writeZeroPng(path.join(hot, 'a-bom.png'), 60_000, 60_000, 1);
    writeFileSync(path.join(hot, 'b-sieu-net.png'), await sharp({ create: { width: 50, height: 50, channels: 3, background: '#fff' } }).withDensity(100_000).png().toBuffer());
    const warnings: AppError[] = [];
    const pages = await take(new WatchedFolderSource([hot], { settleMs: 50, pollMs: 10 }), { deviceId: `folder:${hot}`, settings, workDir: work, signal: new AbortController().signal, deviceOptions: { sweep: true }, onWarning: (w) => warnings.push(w) });
    expect(pages.map((p) => [p.source, p.dpi])).toEqual([['b-sieu-net.png', 200]]);
    expect(warnings.map((w) => [w.code, w.subject])).toEqual([
      ['IMAGE_TOO_LARGE', 'a-bom.png'],
      ['RESOLUTION_UNTRUSTED', 'b-sieu-net.png'],
    ]);
    expect(readdirSync(path.join(hot, FAILED_FOLDER))).toEqual(['a-bom.png']);
  });

  it('warns when a file declares no resolution', async () => {
    const { hot, work } = folders();
    writeFileSync(path.join(hot, 'khong-dpi.png'), await sharp({ create: { width: 50, height: 50, channels: 3, background: '#fff' } }).png().toBuffer());
    const warnings: AppError[] = [];
    const pages = await take(new WatchedFolderSource([hot], { settleMs: 50, pollMs: 10 }), { deviceId: `folder:${hot}`, settings, workDir: work, signal: new AbortController().signal, deviceOptions: { sweep: true }, onWarning: (w) => warnings.push(w) });
    expect(pages[0]?.dpi).toBe(200);
    expect(warnings[0]?.messageVi).toMatch(/không ghi độ phân giải; tạm coi là 200 dpi/);
  });

  it('an abort ends a watch quietly; a folder removed mid-watch is a disconnected scanner', async () => {
    const { hot, work } = folders();
    const source = new WatchedFolderSource([hot], { settleMs: 50, pollMs: 20 });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 200);
    expect(await take(source, { deviceId: `folder:${hot}`, settings, workDir: work, signal: controller.signal })).toEqual([]);

    setTimeout(() => rmSync(hot, { recursive: true }), 200);
    const error = await take(source, { deviceId: `folder:${hot}`, settings, workDir: work, signal: new AbortController().signal }).catch((e: AppError) => e);
    expect((error as AppError).code).toBe('SCANNER_DISCONNECTED');
    expect((error as AppError).messageVi).toMatch(/Mất kết nối với máy quét/);
  });
});
