// The pixel cap is read from the header before anything is decoded, is the limit of every sharp
// pipeline, and is configurable; resolutions no scan has are set aside with a warning.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { readPages, resolution, type CapturedPage, type ImportFile } from '../../../main/capture/page-image-reader';
import { thumbnail } from '../../../main/imaging/derivatives';
import { DEFAULT_MAX_PIXELS, maxPixels, recognizable } from '../../../main/imaging/image-limits';
import { tiffBytes, writeZeroPng } from '../../support/hostile-corpus';
import { tempDir } from '../../support/temp-dir';

let work: { dir: string; remove: () => void };

beforeAll(() => {
  work = tempDir('sohoa-limits-');
});
afterAll(() => work.remove());
afterEach(() => {
  delete process.env.SOHOA_MAX_PIXELS;
});

async function collect(file: ImportFile): Promise<CapturedPage[]> {
  const pages: CapturedPage[] = [];
  for await (const page of readPages(file)) pages.push(page);
  return pages;
}

async function pngFile(name: string, width: number, height: number): Promise<ImportFile> {
  const file = path.join(work.dir, name);
  await fs.writeFile(file, await sharp({ create: { width, height, channels: 3, background: '#fff' } }).png().toBuffer());
  return { path: file, name, kind: 'png' };
}

describe('the pixel cap', () => {
  it('is 600 MP (A0 at 600 dpi with margins) unless SOHOA_MAX_PIXELS says otherwise', () => {
    expect(DEFAULT_MAX_PIXELS).toBeGreaterThan(20_230 * 28_338);
    expect(maxPixels()).toBe(DEFAULT_MAX_PIXELS);
    process.env.SOHOA_MAX_PIXELS = '10000';
    expect(maxPixels()).toBe(10_000);
    process.env.SOHOA_MAX_PIXELS = 'nhiều';
    expect(maxPixels()).toBe(DEFAULT_MAX_PIXELS);
  });

  it('refuses an image over the cap from its header, naming it and its size', async () => {
    process.env.SOHOA_MAX_PIXELS = '10000';
    await expect(collect(await pngFile('nho.png', 100, 100))).resolves.toHaveLength(1);
    const error = await collect(await pngFile('lon.png', 200, 100)).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'IMAGE_TOO_LARGE', subject: 'lon.png' });
    expect((error as Error & { messageVi: string }).messageVi).toMatch(/«lon\.png» quá lớn \(200 × 100 điểm ảnh, tối đa 10\.000 điểm ảnh\)/);
  });

  it('refuses a 60,000² bomb without decoding it', async () => {
    const file = path.join(work.dir, 'bom.png');
    await writeZeroPng(file, 60_000, 60_000, 1);
    const before = process.memoryUsage().rss;
    const error = await collect({ path: file, name: 'bom.png', kind: 'png' }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'IMAGE_TOO_LARGE', subject: 'bom.png' });
    // Decoding it would take 3.6 GB (8-bit) or 450 MB (1-bit).
    expect(process.memoryUsage().rss - before).toBeLessThan(100 * 1024 * 1024);
  });

  it('checks every page of a multi-page TIFF before any is read', async () => {
    const file = path.join(work.dir, 'bo.tif');
    await fs.writeFile(
      file,
      tiffBytes([
        { width: 40, height: 30, pixels: Buffer.alloc(1200, 255), dpi: [300, 1] },
        { width: 50_000, height: 50_000, pixels: null, dpi: [300, 1] },
      ]),
    );
    const error = await collect({ path: file, name: 'bo.tif', kind: 'tiff' }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'IMAGE_TOO_LARGE', subject: 'bo.tif' });
    expect((error as Error & { messageVi: string }).messageVi).toContain('«bo.tif#2»');
  });

  it('is the limit of the derivative pipelines too', async () => {
    const { path: file } = await pngFile('trang.png', 200, 100);
    await expect(thumbnail(file)).resolves.toBeInstanceOf(Buffer);
    process.env.SOHOA_MAX_PIXELS = '10000';
    await expect(thumbnail(file)).rejects.toThrow(/pixel limit/);
  });
});

describe('resolutions', () => {
  it('trusts what a scan can have and sets the rest aside', () => {
    expect(resolution({ density: 300 })).toEqual({ dpi: 300, dpiAssumed: false });
    expect(resolution({ density: 72 })).toEqual({ dpi: 200, dpiAssumed: true });
    expect(resolution({})).toEqual({ dpi: 200, dpiAssumed: true });
    expect(resolution({ density: 100_000 })).toEqual({ dpi: 200, dpiAssumed: true, declared: 100_000 });
    expect(resolution({ density: 1 })).toEqual({ dpi: 200, dpiAssumed: true, declared: 1 });
    // A TIFF naming a unit whose resolution libvips cannot read declared 0 (or x/0).
    expect(resolution({ resolutionUnit: 'inch' })).toEqual({ dpi: 200, dpiAssumed: true, declared: 0 });
  });

  it('imports a page declaring 100,000 dpi with a warning naming it', async () => {
    const file = path.join(work.dir, 'sieu-net.png');
    await fs.writeFile(file, await sharp({ create: { width: 60, height: 40, channels: 3, background: '#fff' } }).withDensity(100_000).png().toBuffer());
    const [page] = await collect({ path: file, name: 'sieu-net.png', kind: 'png' });
    expect(page).toMatchObject({ dpi: 200, dpiAssumed: true, notice: { code: 'RESOLUTION_UNTRUSTED', subject: 'sieu-net.png' } });
    expect(page!.notice!.messageVi).toMatch(/«sieu-net\.png» ghi độ phân giải 100\.000 dpi/);
  });

  it('calls a page recognizable only when it can hold a line of text', () => {
    expect(recognizable({ width: 2480, height: 3508 })).toBe(true);
    expect(recognizable({ width: 1, height: 1 })).toBe(false);
    expect(recognizable({ width: 100_000, height: 1 })).toBe(false);
    expect(recognizable({ width: 40_000, height: 300 })).toBe(false);
  });
});

describe('progressive JPEGs', () => {
  it('get the lower cap, since libjpeg holds the whole image while decoding one', async () => {
    process.env.SOHOA_MAX_PIXELS = String(200 * 200);
    const image = sharp({ create: { width: 200, height: 150, channels: 3, background: '#fff' } });
    const file = path.join(work.dir, 'tien-trinh.jpg');
    await fs.writeFile(file, await image.jpeg({ progressive: true }).toBuffer());
    await expect(collect({ path: file, name: 'tien-trinh.jpg', kind: 'jpeg' })).resolves.toHaveLength(1);
    delete process.env.SOHOA_MAX_PIXELS;
    // 30,000 × 6,000 = 180 MP: within the cap as a baseline JPEG, over it as a progressive one.
    const huge = await sharp({ create: { width: 64, height: 64, channels: 3, background: '#fff' } }).jpeg({ progressive: true }).toBuffer();
    const sof = huge.indexOf(Buffer.from([0xff, 0xc2]));
    huge.writeUInt16BE(6_000, sof + 5);
    huge.writeUInt16BE(30_000, sof + 7);
    await fs.writeFile(file, huge);
    await expect(collect({ path: file, name: 'tien-trinh.jpg', kind: 'jpeg' })).rejects.toMatchObject({ code: 'IMAGE_TOO_LARGE', subject: 'tien-trinh.jpg' });
  });
});
