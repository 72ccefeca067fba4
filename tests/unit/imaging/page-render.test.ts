// A recipe changes only the derivative, and the geometry the analysis and the OCR rely on matches the
// pixels libvips renders: a mark at a known master position is found where masterToOutput says.
import sharp, { type OverlayOptions, type Sharp } from 'sharp';
import { describe, expect, it } from 'vitest';
import { IDENTITY_RECIPE, type PageRecipe } from '../../../main/contract/page-recipe';
import { masterSize, recognitionImage, renderPage, withRandomAccess, withRenderedPage } from '../../../main/imaging/derivatives';
import { masterToOutput, outputSize, outputToMaster } from '../../../main/imaging/page-geometry';

const SIZE = { width: 1200, height: 1600 };

/** White master with a 40 × 40 black square centred on (cx, cy). */
async function masterWithSquare(cx: number, cy: number, extra: OverlayOptions[] = []): Promise<Buffer> {
  const square = await sharp({ create: { width: 40, height: 40, channels: 3, background: '#000' } }).png().toBuffer();
  return sharp({ create: { ...SIZE, channels: 3, background: '#fff' } })
    .composite([{ input: square, left: cx - 20, top: cy - 20 }, ...extra])
    .png()
    .toBuffer();
}

/** Centre of the dark pixels of a rendered image. */
async function darkCentre(image: Sharp): Promise<{ x: number; y: number; width: number; height: number }> {
  const { data, info } = await image.greyscale().raw().toBuffer({ resolveWithObject: true });
  let sx = 0;
  let sy = 0;
  let n = 0;
  for (let y = 0; y < info.height; y++) {
    for (let x = 0; x < info.width; x++) {
      if (data[y * info.width + x]! < 128) {
        sx += x;
        sy += y;
        n++;
      }
    }
  }
  return { x: sx / n, y: sy / n, width: info.width, height: info.height };
}

const RECIPES: Array<[string, PageRecipe]> = [
  ['identity', IDENTITY_RECIPE],
  ['quarter turn', { ...IDENTITY_RECIPE, rotation: 90 }],
  ['half turn', { ...IDENTITY_RECIPE, rotation: 180 }],
  ['three quarters', { ...IDENTITY_RECIPE, rotation: 270 }],
  ['deskew', { ...IDENTITY_RECIPE, deskewAngle: -3.4 }],
  ['turn and deskew', { ...IDENTITY_RECIPE, rotation: 90, deskewAngle: 2.2 }],
  ['region', { ...IDENTITY_RECIPE, region: { x: 100, y: 200, width: 900, height: 1100 } }],
  ['everything', { ...IDENTITY_RECIPE, region: { x: 50, y: 100, width: 1100, height: 1400 }, rotation: 270, deskewAngle: -4.9, crop: { x: 60, y: 40, width: 1300, height: 1000 } }],
];

describe('renderPage', () => {
  for (const [name, recipe] of RECIPES) {
    it(`puts master pixels where the geometry says (${name})`, async () => {
      const master = await masterWithSquare(700, 900);
      const found = await darkCentre(await renderPage(master, SIZE, recipe));
      const expected = masterToOutput(SIZE, recipe, { x: 700, y: 900 });

      expect({ width: found.width, height: found.height }).toEqual(outputSize(SIZE, recipe));
      expect(Math.abs(found.x - expected.x)).toBeLessThan(1.5);
      expect(Math.abs(found.y - expected.y)).toBeLessThan(1.5);
      const back = outputToMaster(SIZE, recipe, expected);
      expect(back.x).toBeCloseTo(700, 6);
      expect(back.y).toBeCloseTo(900, 6);
    });
  }

  it('scales a half of a spread that is turned and cropped', async () => {
    const master = await masterWithSquare(700, 900);
    const recipe: PageRecipe = { ...IDENTITY_RECIPE, region: { x: 600, y: 0, width: 600, height: 1600 }, rotation: 270, crop: { x: 77, y: 30, width: 1257, height: 500 } };
    const found = await darkCentre(await renderPage(master, SIZE, recipe, 0.5));
    const expected = masterToOutput(SIZE, recipe, { x: 700, y: 900 });

    expect(found.width).toBe(Math.round(1257 * 0.5));
    expect(Math.abs(found.x - expected.x * 0.5)).toBeLessThan(1);
    expect(Math.abs(found.y - expected.y * 0.5)).toBeLessThan(1);
  });

  it('scales with the page', async () => {
    const master = await masterWithSquare(700, 900);
    const recipe: PageRecipe = { ...IDENTITY_RECIPE, rotation: 90, deskewAngle: 1.5 };
    const full = outputSize(SIZE, recipe);
    const found = await darkCentre(await renderPage(master, SIZE, recipe, 0.25));
    const expected = masterToOutput(SIZE, recipe, { x: 700, y: 900 });

    expect(found.width).toBe(Math.round(full.width * 0.25));
    expect(Math.abs(found.x - expected.x * 0.25)).toBeLessThan(1);
    expect(Math.abs(found.y - expected.y * 0.25)).toBeLessThan(1);
  });

  it('paints the marks over with the paper tone and keeps the rest', async () => {
    const hole = await sharp({ create: { width: 30, height: 30, channels: 3, background: '#111' } }).png().toBuffer();
    const master = await masterWithSquare(700, 900, [{ input: hole, left: 20, top: 400 }]);
    const recipe: PageRecipe = { ...IDENTITY_RECIPE, rotation: 180, paper: 250, marks: [{ x: 15, y: 395, width: 40, height: 40 }] };

    const found = await darkCentre(await renderPage(master, SIZE, recipe));
    const expected = masterToOutput(SIZE, recipe, { x: 700, y: 900 });

    // Only the square is left: the hole is gone, its patch has the paper's tone.
    expect(Math.abs(found.x - expected.x)).toBeLessThan(1.5);
    const at = masterToOutput(SIZE, recipe, { x: 35, y: 415 });
    const { data, info } = await (await renderPage(master, SIZE, recipe)).raw().toBuffer({ resolveWithObject: true });
    const offset = (Math.round(at.y) * info.width + Math.round(at.x)) * info.channels;
    expect([...data.subarray(offset, offset + 3)]).toEqual([250, 250, 250]);
  });

  it('leaves the master untouched', async () => {
    const master = await masterWithSquare(700, 900);
    const copy = Buffer.from(master);
    (await renderPage(master, await masterSize(master), { ...IDENTITY_RECIPE, rotation: 90, deskewAngle: 3 })).png().toBuffer();
    expect(master.equals(copy)).toBe(true);
  });
});

describe('recognitionImage options', () => {
  /** Black text-like block and a red seal-like block on white. */
  async function sealed(): Promise<Buffer> {
    const black = await sharp({ create: { width: 200, height: 40, channels: 3, background: '#151515' } }).png().toBuffer();
    const red = await sharp({ create: { width: 200, height: 200, channels: 3, background: '#d02020' } }).png().toBuffer();
    return sharp({ create: { width: 800, height: 800, channels: 3, background: '#ffffff' } })
      .composite([{ input: black, left: 100, top: 100 }, { input: red, left: 400, top: 400 }])
      .png()
      .toBuffer();
  }

  async function pixel(png: Buffer, x: number, y: number): Promise<number> {
    // libvips hands a one-band PNG back as three equal bands: the first is the grey value.
    const { data, info } = await sharp(png).raw().toBuffer({ resolveWithObject: true });
    return data[(y * info.width + x) * info.channels]!;
  }

  it('judges a blank page on the rendering before the contrast stretch, and the stretch makes no ink of its grain', async () => {
    // Paper grain only: 240–255 grey, no ink. Stretched from its darkest 1 %, the grain would span black
    // to white; the black point stays well below the paper (STRETCH_MIN_INK), so it stays paper.
    const grain = Buffer.alloc(1200 * 1700);
    for (let i = 0; i < grain.length; i++) grain[i] = 240 + ((i * 7919) % 16);
    const blankPage = await sharp(grain, { raw: { width: 1200, height: 1700, channels: 1 } }).png().toBuffer();
    const read = await recognitionImage(blankPage, 150, IDENTITY_RECIPE);
    expect(IDENTITY_RECIPE.recognition.contrast).toBe(true);
    expect(read.blank.blank).toBe(true);
    expect((await sharp(read.data).stats()).channels[0]!.min).toBeGreaterThan(200);
    const written = await recognitionImage(await sealed(), 300, IDENTITY_RECIPE);
    expect(written.blank.blank).toBe(false);
  });

  it('drops a red seal but keeps black ink when asked', async () => {
    const master = await sealed();
    const plain = await recognitionImage(master, 300, IDENTITY_RECIPE);
    const dropped = await recognitionImage(master, 300, { ...IDENTITY_RECIPE, recognition: { ...IDENTITY_RECIPE.recognition, sealDropout: true } });

    expect(await pixel(plain.data, 500, 500)).toBeLessThan(120);
    expect(await pixel(dropped.data, 500, 500)).toBeGreaterThan(200);
    expect(await pixel(dropped.data, 150, 120)).toBeLessThan(40);
  });

  it('makes a bitonal image of only black and white', async () => {
    const master = await sealed();
    const { data } = await recognitionImage(master, 300, { ...IDENTITY_RECIPE, recognition: { ...IDENTITY_RECIPE.recognition, bitonal: true } });
    const { data: raw } = await sharp(data).raw().toBuffer({ resolveWithObject: true });

    expect((await sharp(data).metadata()).channels).toBe(1);
    expect(new Set(raw)).toEqual(new Set([0, 255]));
  });

  it('removes isolated specks when despeckling', async () => {
    const speck = await sharp({ create: { width: 1, height: 1, channels: 3, background: '#000' } }).png().toBuffer();
    const master = await sharp({ create: { width: 300, height: 300, channels: 3, background: '#fff' } })
      .composite([
        { input: speck, left: 150, top: 150 },
        { input: await sharp({ create: { width: 60, height: 10, channels: 3, background: '#000' } }).png().toBuffer(), left: 20, top: 20 },
      ])
      .png()
      .toBuffer();
    const kept = await recognitionImage(master, 300, IDENTITY_RECIPE);
    const cleaned = await recognitionImage(master, 300, { ...IDENTITY_RECIPE, recognition: { ...IDENTITY_RECIPE.recognition, despeckle: true } });

    expect(await pixel(kept.data, 150, 150)).toBeLessThan(50);
    expect(await pixel(cleaned.data, 150, 150)).toBeGreaterThan(200);
    expect(await pixel(cleaned.data, 50, 25)).toBeLessThan(50);
  });

  it('reads a 600 dpi scan at 300 dpi', async () => {
    const master = await sharp({ create: { width: 2000, height: 1000, channels: 3, background: '#fff' } }).png().toBuffer();
    const { data, scale } = await recognitionImage(master, 600, IDENTITY_RECIPE);
    expect(scale).toBe(0.5);
    expect((await sharp(data).metadata()).width).toBe(1000);
  });
});

describe('withRenderedPage on a large sheet', () => {
  it('renders through tiled stages with the same geometry, full size and shrunk', async () => {
    // 8,000 × 6,000 px (48 MP): above the in-memory limit, so the staged path runs.
    const size = { width: 8000, height: 6000 };
    const square = await sharp({ create: { width: 200, height: 200, channels: 3, background: '#000' } }).png().toBuffer();
    const hole = await sharp({ create: { width: 150, height: 150, channels: 3, background: '#222' } }).png().toBuffer();
    const master = await sharp({ create: { ...size, channels: 3, background: '#fff' } })
      .composite([{ input: square, left: 5000, top: 2000 }, { input: hole, left: 300, top: 3000 }])
      .png({ compressionLevel: 1 })
      .toBuffer();
    const recipe: PageRecipe = {
      ...IDENTITY_RECIPE,
      rotation: 90,
      deskewAngle: -1.3,
      crop: { x: 120, y: 80, width: 5800, height: 7700 },
      marks: [{ x: 280, y: 2980, width: 190, height: 190 }],
    };
    const expected = masterToOutput(size, recipe, { x: 5100, y: 2100 });

    const full = await withRenderedPage(master, size, recipe, 1, 'lanczos3', (image) => darkCentre(image));
    expect({ width: full.width, height: full.height }).toEqual(outputSize(size, recipe));
    expect(Math.abs(full.x - expected.x)).toBeLessThan(1.5);
    expect(Math.abs(full.y - expected.y)).toBeLessThan(1.5);

    const small = await withRenderedPage(master, size, recipe, 0.1, 'lanczos3', (image) => darkCentre(image));
    expect({ width: small.width, height: small.height }).toEqual({ width: 580, height: 770 });
    expect(Math.abs(small.x - expected.x * 0.1)).toBeLessThan(1.5);
    expect(Math.abs(small.y - expected.y * 0.1)).toBeLessThan(1.5);

    // Half size (a 600 dpi sheet read at 300 dpi) goes through the tiled stages as well.
    const half = await withRenderedPage(master, size, recipe, 0.5, 'cubic', (image) => darkCentre(image));
    expect({ width: half.width, height: half.height }).toEqual({ width: 2900, height: 3850 });
    expect(Math.abs(half.x - expected.x * 0.5)).toBeLessThan(1.5);
    expect(Math.abs(half.y - expected.y * 0.5)).toBeLessThan(1.5);

    // A quarter turn alone is staged too (turning a sequentially read master would copy it into memory).
    const quarter: PageRecipe = { ...IDENTITY_RECIPE, rotation: 270, marks: recipe.marks };
    const turned = await withRenderedPage(master, size, quarter, 1, 'lanczos3', (image) => darkCentre(image));
    const where = masterToOutput(size, quarter, { x: 5100, y: 2100 });
    expect({ width: turned.width, height: turned.height }).toEqual({ width: 6000, height: 8000 });
    expect(Math.abs(turned.x - where.x)).toBeLessThan(1.5);
    expect(Math.abs(turned.y - where.y)).toBeLessThan(1.5);
  });

  it('asks libvips for random access when a staged file is read tile by tile', () => {
    // sharp 0.35 only passes `sequentialRead: false` on when its input descriptor carries an `access`
    // key; without it, a turn copies the whole sheet into memory (see withRandomAccess).
    const input = (withRandomAccess(sharp('sheet.tif', { sequentialRead: false })) as unknown as { options: { input: Record<string, unknown> } }).options.input;
    expect(input).toMatchObject({ file: 'sheet.tif', sequentialRead: false, access: true });
  });
});
