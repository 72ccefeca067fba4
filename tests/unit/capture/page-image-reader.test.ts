import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PDFDocument, rgb } from 'pdf-lib';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expandInput, readPages, type CapturedPage, type ImportFile } from '../../../main/capture/page-image-reader';
import { AppError } from '../../../main/contract/errors';

const REAL_PAGES = path.resolve(__dirname, '../../../../shared/datasets/vn-admin-real/pages');

let dir: string;

async function collect(file: ImportFile): Promise<CapturedPage[]> {
  const pages: CapturedPage[] = [];
  for await (const page of readPages(file)) pages.push(page);
  return pages;
}

async function caught(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

function solid(width: number, height: number, background: string) {
  return sharp({ create: { width, height, channels: 3, background } });
}

async function write(name: string, data: Buffer | Uint8Array): Promise<string> {
  const file = path.join(dir, name);
  await fs.mkdir(path.dirname(file), { recursive: true });
  await fs.writeFile(file, data);
  return file;
}

beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'page-reader-'));
});

afterAll(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

describe('expandInput', () => {
  it('lists a folder’s supported files in natural name order, skipping hidden, other and nested entries', async () => {
    const png = await solid(8, 8, '#ffffff').png().toBuffer();
    for (const name of ['page10.png', 'page2.png', 'page1.jpg', 'Scan.TIF', 'doc.pdf', '.hidden.png', 'notes.txt', 'Thumbs.db']) {
      await write(`batch/${name}`, png);
    }
    await fs.mkdir(path.join(dir, 'batch/nested.png'));
    await write('batch/sub/page3.png', png);

    const files = await expandInput(path.join(dir, 'batch'));

    expect(files.map((f) => f.name)).toEqual(['doc.pdf', 'page1.jpg', 'page2.png', 'page10.png', 'Scan.TIF']);
    expect(files.map((f) => f.kind)).toEqual(['pdf', 'jpeg', 'png', 'png', 'tiff']);
    expect(files[0]!.path).toBe(path.join(dir, 'batch', 'doc.pdf'));
  });

  it('returns a single file as itself, recognising the extension case-insensitively', async () => {
    const file = await write('single/Photo.JPEG', Buffer.from('x'));
    const relative = path.relative(process.cwd(), file);

    expect(await expandInput(relative)).toEqual([{ path: file, name: 'Photo.JPEG', kind: 'jpeg' }]);
  });

  it('rejects a file of another format, naming it', async () => {
    const file = await write('other/notes.txt', Buffer.from('x'));

    const error = await caught(expandInput(file));

    expect(error.code).toBe('UNSUPPORTED_FORMAT');
    expect(error.subject).toBe('notes.txt');
    expect(error.messageVi).toContain('«notes.txt»');
  });

  it('reports a missing path', async () => {
    const error = await caught(expandInput(path.join(dir, 'does-not-exist')));

    expect(error.code).toBe('PATH_NOT_FOUND');
  });

  it('reports a folder without images', async () => {
    await write('empty/readme.txt', Buffer.from('x'));
    await write('empty/.DS_Store.png', Buffer.from('x'));

    const error = await caught(expandInput(path.join(dir, 'empty')));

    expect(error.code).toBe('NO_IMAGES');
    expect(error.messageVi).toContain('«empty»');
  });
});

describe('readPages', () => {
  it('keeps a PNG byte for byte and reads its resolution', async () => {
    const file = await write('in/scan.png', await solid(300, 400, '#f0f0f0').withDensity(300).png().toBuffer());

    const pages = await collect({ path: file, name: 'scan.png', kind: 'png' });

    expect(pages).toHaveLength(1);
    const [page] = pages;
    expect(page!.data.equals(await fs.readFile(file))).toBe(true);
    expect(page).toMatchObject({ source: 'scan.png', format: 'png', width: 300, height: 400, dpi: 300, dpiAssumed: false });
  });

  it('assumes 200 dpi for a real scan that declares no resolution', async () => {
    const file = path.join(REAL_PAGES, 'real_qd_729_ttg_p1.png');

    const [page] = await collect({ path: file, name: 'real_qd_729_ttg_p1.png', kind: 'png' });

    expect(page).toMatchObject({ width: 1670, height: 2356, dpi: 200, dpiAssumed: true, format: 'png' });
  });

  it('keeps a JPEG byte for byte', async () => {
    const file = await write('in/photo.jpg', await solid(320, 240, '#c08040').withDensity(150).jpeg({ quality: 80 }).toBuffer());

    const [page] = await collect({ path: file, name: 'photo.jpg', kind: 'jpeg' });

    expect(page!.data.equals(await fs.readFile(file))).toBe(true);
    expect(page).toMatchObject({ source: 'photo.jpg', format: 'jpeg', width: 320, height: 240, dpi: 150, dpiAssumed: false });
  });

  it('keeps a single-page TIFF byte for byte', async () => {
    const file = await write('in/one.tif', await solid(200, 100, '#ffffff').tiff({ xres: 300 / 25.4, yres: 300 / 25.4 }).toBuffer());

    const pages = await collect({ path: file, name: 'one.tif', kind: 'tiff' });

    expect(pages).toHaveLength(1);
    expect(pages[0]!.data.equals(await fs.readFile(file))).toBe(true);
    expect(pages[0]).toMatchObject({ source: 'one.tif', format: 'tiff', width: 200, height: 100, dpi: 300, dpiAssumed: false });
  });

  it('splits a 3-page TIFF into lossless pages, each its own page in order', async () => {
    const colours = ['#ff0000', '#00ff00', '#0000ff'];
    const frames = await Promise.all(colours.map((c) => solid(120, 90, c).png().toBuffer()));
    const tiff = await sharp(frames, { join: { animated: true } })
      .tiff({ compression: 'deflate', xres: 300 / 25.4, yres: 300 / 25.4 })
      .toBuffer();
    const file = await write('in/bundle.tiff', tiff);

    const pages = await collect({ path: file, name: 'bundle.tiff', kind: 'tiff' });

    expect(pages.map((p) => p.source)).toEqual(['bundle.tiff#1', 'bundle.tiff#2', 'bundle.tiff#3']);
    for (const [index, page] of pages.entries()) {
      expect(page).toMatchObject({ format: 'png', width: 120, height: 90, dpi: 300, dpiAssumed: false });
      const { channels } = await sharp(page.data).stats();
      const dominant = channels.slice(0, 3).map((c) => c.mean).indexOf(255);
      expect(dominant).toBe(index);
      expect(channels.slice(0, 3).every((c) => c.min === c.max)).toBe(true);
    }
  });

  it('renders each PDF page to PNG at 300 dpi', async () => {
    const doc = await PDFDocument.create();
    const a4 = doc.addPage([595.28, 841.89]);
    a4.drawRectangle({ x: 0, y: 841.89 - 72, width: 72, height: 72, color: rgb(0, 0, 0) });
    doc.addPage([612, 792]);
    const file = await write('in/two.pdf', await doc.save());

    const pages = await collect({ path: file, name: 'two.pdf', kind: 'pdf' });

    expect(pages.map((p) => [p.source, p.format, p.width, p.height, p.dpi, p.dpiAssumed])).toEqual([
      ['two.pdf#1', 'png', 2480, 3508, 300, false],
      ['two.pdf#2', 'png', 2550, 3300, 300, false],
    ]);
    // The black inch square in the top-left corner is 300 px wide; the rest of the page is white.
    const meta = await sharp(pages[0]!.data).metadata();
    expect(meta).toMatchObject({ format: 'png', channels: 3, density: 300 });
    // stats() reads its input, not the pipeline: cut the regions out first.
    const region = async (left: number, top: number) =>
      sharp(await sharp(pages[0]!.data).extract({ left, top, width: 280, height: 280 }).toBuffer()).stats();
    const corner = await region(10, 10);
    const outside = await region(310, 310);
    expect(corner.channels[0]!.max).toBeLessThan(20);
    expect(outside.channels[0]!.min).toBeGreaterThan(235);
  });

  it('reports a truncated PNG whose header still reads as corrupt, naming the file', async () => {
    const noise = await sharp(Buffer.from(Array.from({ length: 200 * 200 * 3 }, (_, i) => (i * 7919) % 251)), { raw: { width: 200, height: 200, channels: 3 } })
      .png()
      .toBuffer();
    const truncated = noise.subarray(0, Math.floor(noise.length * 0.6));
    // The header alone would pass: only decoding the pixels finds the damage.
    await expect(sharp(truncated).metadata()).resolves.toMatchObject({ width: 200, height: 200 });
    const file = await write('in/cut.png', truncated);

    const error = await caught(collect({ path: file, name: 'cut.png', kind: 'png' }));

    expect(error.code).toBe('IMAGE_CORRUPT');
    expect(error.subject).toBe('cut.png');
    expect(error.messageVi).toBe('Không đọc được tệp ảnh «cut.png»: tệp bị hỏng hoặc không phải ảnh. Các trang khác vẫn được nhập.');
    expect(error.message).toContain('«cut.png»');
  });

  it('reports random bytes named .jpg as corrupt', async () => {
    const bytes = Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 2654435761) % 256));
    const file = await write('in/random.jpg', bytes);

    const error = await caught(collect({ path: file, name: 'random.jpg', kind: 'jpeg' }));

    expect(error.code).toBe('IMAGE_CORRUPT');
    expect(error.messageVi).toContain('«random.jpg»');
  });

  it('reports a damaged PDF as corrupt', async () => {
    const file = await write('in/broken.pdf', Buffer.from('%PDF-1.7\n1 0 obj\n<< /Type /Catalog'));

    const error = await caught(collect({ path: file, name: 'broken.pdf', kind: 'pdf' }));

    expect(error.code).toBe('IMAGE_CORRUPT');
    expect(error.subject).toBe('broken.pdf');
  });
});
