import path from 'node:path';
import { deflateSync } from 'node:zlib';
import sharp from 'sharp';
import { describe, expect, it, vi } from 'vitest';
import { IDENTITY_RECIPE } from '../../../main/contract/page-recipe';
import { recognitionImage, recognitionScale, thumbnail, viewImage } from '../../../main/imaging/derivatives';

const REAL_PAGE = path.resolve(__dirname, '../../../../shared/datasets/vn-admin-real/pages/real_qd_729_ttg_p1.png');

function solid(width: number, height: number, background: string) {
  return sharp({ create: { width, height, channels: 3, background } });
}

function crc32(bytes: Buffer): number {
  let crc = 0xffffffff;
  for (const byte of bytes) {
    crc ^= byte;
    for (let k = 0; k < 8; k++) crc = crc & 1 ? 0xedb88320 ^ (crc >>> 1) : crc >>> 1;
  }
  return (crc ^ 0xffffffff) >>> 0;
}

function pngChunk(type: string, data: Buffer): Buffer {
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/** A white bilevel sheet written by hand: an A0-at-300-dpi-sized PNG costs kilobytes, not gigabytes. */
function bilevelSheet(width: number, height: number): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 1; // bit depth
  header[9] = 0; // grayscale
  const row = Buffer.alloc(1 + Math.ceil(width / 8), 0xff);
  row[0] = 0; // filter: none
  const pixels = deflateSync(Buffer.concat(Array.from({ length: height }, () => row)));
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', header),
    pngChunk('IDAT', pixels),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}

describe('thumbnail', () => {
  it('is a 240 px wide JPEG', async () => {
    const master = await solid(2000, 1000, '#336699').png().toBuffer();

    const meta = await sharp(await thumbnail(master)).metadata();

    expect(meta).toMatchObject({ format: 'jpeg', width: 240, height: 120 });
  });

  it('turns with the recipe: a quarter turn makes a landscape scan portrait', async () => {
    const master = await solid(400, 200, '#808080').jpeg().toBuffer();

    const meta = await sharp(await thumbnail(master, { ...IDENTITY_RECIPE, rotation: 90 })).metadata();

    expect(meta).toMatchObject({ width: 240, height: 480 });
  });

  it('reads a master from a path', async () => {
    const meta = await sharp(await thumbnail(REAL_PAGE)).metadata();

    expect(meta).toMatchObject({ format: 'jpeg', width: 240, height: Math.round((2356 * 240) / 1670) });
  });

  it('copes with a large-format sheet beyond sharp’s default pixel limit', async () => {
    // 17,000 × 16,000 px = 272 MP, more than the 268 MP sharp accepts by default (an A0 sheet at 300 dpi+).
    const sheet = bilevelSheet(17_000, 16_000);
    await expect(sharp(sheet).metadata().then(() => sharp(sheet).toBuffer())).rejects.toThrow(/pixel limit/);

    expect(await sharp(await thumbnail(sheet)).metadata()).toMatchObject({ format: 'jpeg', width: 240, height: 226 });
    expect(await sharp(await viewImage(sheet)).metadata()).toMatchObject({ format: 'jpeg', width: 2400, height: 2259 });
  });
});

describe('viewImage', () => {
  it('fits the longest edge into 2400 px', async () => {
    const master = await solid(3000, 5000, '#ffffff').png().toBuffer();

    const meta = await sharp(await viewImage(master)).metadata();

    expect(meta).toMatchObject({ format: 'jpeg', width: 1440, height: 2400 });
  });

  it('never enlarges a small page', async () => {
    const master = await solid(800, 600, '#ffffff').jpeg().toBuffer();

    const meta = await sharp(await viewImage(master)).metadata();

    expect(meta).toMatchObject({ format: 'jpeg', width: 800, height: 600 });
  });
});

describe('recognitionImage', () => {
  it('upsamples a 200 dpi scan to about 300 dpi and reports the exact scale', async () => {
    const master = await solid(1001, 1400, '#ffffff').png().toBuffer();

    const { data, scale } = await recognitionImage(master, 200);
    const meta = await sharp(data).metadata();

    expect(meta).toMatchObject({ format: 'png', channels: 1, width: 1502 });
    expect(scale).toBe(1502 / 1001);
    expect(meta.height).toBe(Math.round(1400 * scale));
  });

  it('does not enlarge a sheet past the pixel cap: a large scan whose header says too little is read as it is', async () => {
    // 1.4 MP at 200 dpi would be 3.2 MP enlarged to 300 dpi, over a cap of 2 MP (an A0 sheet at 600 dpi
    // whose header says 72 dpi, in small).
    vi.stubEnv('SOHOA_MAX_PIXELS', '2000000');
    try {
      const master = await solid(1001, 1400, '#ffffff').png().toBuffer();
      const { data, scale } = await recognitionImage(master, 200);
      expect(scale).toBe(1);
      expect(await sharp(data).metadata()).toMatchObject({ width: 1001, height: 1400 });
      expect(recognitionScale({ width: 1001, height: 1400 }, 200)).toBe(1);
    } finally {
      vi.unstubAllEnvs();
    }
    expect(recognitionScale({ width: 1001, height: 1400 }, 200)).toBe(1502 / 1001);
  });

  it('keeps a 300 dpi scan at its size', async () => {
    const master = await solid(1240, 1754, '#ffffff').png().toBuffer();

    const { data, scale } = await recognitionImage(master, 300);
    const meta = await sharp(data).metadata();

    expect(scale).toBe(1);
    expect(meta).toMatchObject({ format: 'png', channels: 1, width: 1240, height: 1754 });
  });

  it('stretches a faded page to full contrast', async () => {
    // Grey ink (110) on yellowed paper (170): a faded photocopy.
    const paper = solid(600, 400, '#aaaa99');
    const master = await paper
      .composite([{ input: await solid(300, 100, '#6e6e6e').png().toBuffer(), left: 150, top: 150 }])
      .png()
      .toBuffer();
    const before = (await sharp(master).greyscale().toBuffer().then((b) => sharp(b).stats())).channels[0]!;
    expect(before.max - before.min).toBeLessThan(80);

    const { data } = await recognitionImage(master, 300);
    const after = (await sharp(data).stats()).channels[0]!;

    expect(after.min).toBeLessThan(10);
    expect(after.max).toBeGreaterThan(245);
  });

  it('evens out the lamp on a page with one line, so that the paper comes out one tone and the line stays ink', async () => {
    // The lamp falls off from 250 on the left to 195 on the right; one dark line (60) in the middle.
    const width = 1200;
    const height = 1700;
    const pixels = Buffer.alloc(width * height);
    for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) pixels[y * width + x] = Math.round(250 - (55 * x) / width);
    for (let y = 840; y < 860; y++) for (let x = 300; x < 900; x++) pixels[y * width + x] = 60;
    const master = await sharp(pixels, { raw: { width, height, channels: 1 } }).png().toBuffer();

    const { data } = await recognitionImage(master, 300);
    // stats() reads its input, not the pipeline: the regions are cut out first.
    const mean = async (left: number, top: number, w: number, h: number) =>
      (await sharp(await sharp(data).extract({ left, top, width: w, height: h }).png().toBuffer()).stats()).channels[0]!.mean;
    const bright = await mean(50, 200, 100, 400);
    const dim = await mean(1050, 200, 100, 400);
    expect(Math.abs(bright - dim)).toBeLessThan(15);
    expect(Math.min(bright, dim)).toBeGreaterThan(225);
    expect(await mean(600, 845, 200, 10)).toBeLessThan(80);
  });

  it('maps word boxes back to the master through the scale', async () => {
    // A black block at a known master position must be found at position × scale.
    const master = await solid(800, 1000, '#ffffff')
      .composite([{ input: await solid(100, 50, '#000000').png().toBuffer(), left: 400, top: 600 }])
      .png()
      .toBuffer();

    const { data, scale } = await recognitionImage(master, 150);
    const { info, data: raw } = await sharp(data).raw().toBuffer({ resolveWithObject: true });
    let minX = Infinity;
    let minY = Infinity;
    for (let y = 0; y < info.height; y++) {
      for (let x = 0; x < info.width; x++) {
        if (raw[(y * info.width + x) * info.channels]! < 128) {
          minX = Math.min(minX, x);
          minY = Math.min(minY, y);
        }
      }
    }

    expect(scale).toBe(2);
    expect(minX / scale).toBeCloseTo(400, 0);
    expect(minY / scale).toBeCloseTo(600, 0);
  });
});
