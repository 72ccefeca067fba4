// The page analysis on generated flatbed scans of real Vietnamese text with known placement: a sheet
// on a dark background, skewed, lying in any of four directions, with punch holes, a staple, an edge
// shadow and a page number; two-page spreads; a landscape page that is not a spread; a blank page.
import type { Sharp } from 'sharp';
import { describe, expect, it } from 'vitest';
import { IDENTITY_RECIPE } from '../../../main/contract/page-recipe';
import { renderPage } from '../../../main/imaging/derivatives';
import { analysePage, findSpread } from '../../../main/imaging/page-analysis';
import { masterToOutput, outputSize } from '../../../main/imaging/page-geometry';
import { landscapePage, realisticScan, sheetScan, spreadScan, textPage, type ScanEncoding, type SheetKind } from '../../support/page-generator';
import { sheetCornerMisses } from '../../support/sheet-corners';

const DPI = 150;

async function greyPixels(image: Sharp) {
  const { data, info } = await image.greyscale().raw().toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height, at: (x: number, y: number) => data[Math.round(y) * info.width + Math.round(x)]! };
}

describe('analysePage', () => {
  const cases = [
    { placed: 0, skew: 0, first: 0 },
    { placed: 90, skew: 2.3, first: 20 },
    { placed: 180, skew: -1.6, first: 40 },
    { placed: 270, skew: 0.7, first: 60 },
    { placed: 0, skew: -4.2, first: 80 },
    { placed: 90, skew: -3.1, first: 100 },
    { placed: 180, skew: 4.8, first: 120 },
    { placed: 270, skew: -2.5, first: 140 },
  ] as const;

  it('turns pages upright from their content and straightens them within 0.1°', async () => {
    const errors: number[] = [];
    for (const c of cases) {
      const scan = sheetScan({ dpi: DPI, placed: c.placed, skewDegrees: c.skew, firstLine: c.first, borderMm: 8 });
      const { recipe, orientationSure } = await analysePage(scan.png, scan, DPI);

      expect({ placed: c.placed, rotation: recipe.rotation, orientationSure }).toEqual({ placed: c.placed, rotation: (360 - c.placed) % 360, orientationSure: true });
      errors.push(Math.abs(recipe.deskewAngle + c.skew));
    }
    expect(errors.reduce((a, b) => a + b, 0) / errors.length).toBeLessThanOrEqual(0.1);
    expect(Math.max(...errors)).toBeLessThanOrEqual(0.25);
  });

  it('crops to the sheet: the dark background goes, the whole sheet stays', async () => {
    for (const c of cases.slice(0, 4)) {
      const scan = sheetScan({ dpi: DPI, placed: c.placed, skewDegrees: c.skew, firstLine: c.first, borderMm: 10 });
      const { recipe } = await analysePage(scan.png, scan, DPI);
      const page = outputSize(scan, recipe);

      // Within 2 % of the sheet (an edge shadow may go with the background), never larger than the scan.
      expect(Math.abs(page.width - scan.sheet.width)).toBeLessThanOrEqual(scan.sheet.width * 0.02);
      expect(Math.abs(page.height - scan.sheet.height)).toBeLessThanOrEqual(scan.sheet.height * 0.02);
      const pixels = await greyPixels(await renderPage(scan.png, scan, recipe));
      let darkEdge = 0;
      for (let x = 0; x < pixels.width; x++) if (pixels.at(x, 1) < 100 || pixels.at(x, pixels.height - 2) < 100) darkEdge++;
      for (let y = 0; y < pixels.height; y++) if (pixels.at(1, y) < 100 || pixels.at(pixels.width - 2, y) < 100) darkEdge++;
      expect(darkEdge).toBeLessThan((pixels.width + pixels.height) * 0.02);
    }
  });

  it('crops to the sheet inside a grey scanner bed or a dark one, straightened by its edges when it has few lines', async () => {
    const kinds: SheetKind[] = ['letter', 'cover', 'contents', 'closing', 'testPattern', 'picture', 'blank'];
    const encodings: ScanEncoding[] = ['jpeg', 'png'];
    const misses: number[] = [];
    for (let seed = 300; seed < 314; seed++) {
      const scan = await realisticScan({ seed, kind: kinds[seed % kinds.length]!, dpi: seed % 3 === 0 ? 300 : 200, encoding: encodings[seed % 2]!, bed: seed % 4 === 0 ? 'dark' : 'grey' });
      const { recipe } = await analysePage(scan.data, scan, scan.dpi);
      const worst = Math.max(...sheetCornerMisses(scan, recipe));
      misses.push(worst);
    }
    for (const [i, worst] of misses.entries()) expect(worst, `seed ${300 + i}: a corner ${worst.toFixed(1)} mm off`).toBeLessThanOrEqual(1.5);
    expect(misses.reduce((a, b) => a + b, 0) / misses.length).toBeLessThanOrEqual(0.6);
  });

  it('finds punch holes, a staple and edge shadows, and keeps the page number and the text', async () => {
    const scan = sheetScan({ dpi: DPI, marks: true, pageNumber: true, firstLine: 10 });
    const { recipe } = await analysePage(scan.png, scan, DPI);

    for (const centre of scan.markCentres) {
      const covered = recipe.marks.some((m) => centre.x >= m.x && centre.x <= m.x + m.width && centre.y >= m.y && centre.y <= m.y + m.height);
      expect(covered, `mark at ${Math.round(centre.x)},${Math.round(centre.y)}`).toBe(true);
    }
    const cleaned = await greyPixels(await renderPage(scan.png, scan, recipe));
    for (const centre of scan.markCentres) {
      const at = masterToOutput(scan, recipe, centre);
      expect(cleaned.at(at.x, at.y)).toBeGreaterThan(recipe.paper - 10);
    }
    // The page number (top margin, centre) and the body text are untouched.
    const before = await greyPixels(await renderPage(scan.png, scan, { ...recipe, marks: [] }));
    const ink = (p: typeof before, x0: number, y0: number, x1: number, y1: number) => {
      let n = 0;
      for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) if (p.at(x, y) < 128) n++;
      return n;
    };
    const mm = DPI / 25.4;
    const numberBox = [Math.round(95 * mm), Math.round(5 * mm), Math.round(115 * mm), Math.round(14 * mm)] as const;
    expect(ink(before, ...numberBox)).toBeGreaterThan(10);
    expect(ink(cleaned, ...numberBox)).toBe(ink(before, ...numberBox));
    const body = [Math.round(30 * mm), Math.round(25 * mm), Math.round(190 * mm), Math.round(250 * mm)] as const;
    expect(ink(cleaned, ...body)).toBe(ink(before, ...body));
    // The edge shadow along the right edge is gone.
    let shadow = 0;
    for (let y = 0; y < cleaned.height; y++) if (cleaned.at(cleaned.width - 3, y) < 150) shadow++;
    expect(shadow).toBeLessThan(cleaned.height * 0.02);
  });

  it('leaves a blank page as scanned', async () => {
    const blank = textPage({ dpi: DPI, lines: 0 });
    const { recipe, orientationSure } = await analysePage(blank.png, blank, DPI);
    expect(orientationSure).toBe(false);
    expect(recipe).toMatchObject({ rotation: 0, deskewAngle: 0, crop: null, marks: [] });
  });
});

describe('findSpread', () => {
  it('splits a spread at the shadow of the fold, left page first', async () => {
    const spread = spreadScan({ dpi: DPI, gutterShadow: true });
    const found = await findSpread(spread.png, spread, DPI);
    expect(found).not.toBeNull();
    expect(found!.left.x).toBe(0);
    expect(Math.abs(found!.left.width - spread.gutter)).toBeLessThanOrEqual(5 * (DPI / 25.4));
    expect(found!.right.x + found!.right.width).toBe(spread.width);
  });

  it('splits a spread without a shadow in the empty band between the pages', async () => {
    const spread = spreadScan({ dpi: DPI, gutterShadow: false });
    const found = await findSpread(spread.png, spread, DPI);
    const mm = DPI / 25.4;
    // Between the left page's text (ends 15 mm before the gutter) and the right page's (starts 30 mm after).
    expect(found!.left.width).toBeGreaterThan(spread.gutter - 15 * mm);
    expect(found!.left.width).toBeLessThan(spread.gutter + 30 * mm);
  });

  it('through analysePage: the recipe is the left page and the right page is reported', async () => {
    const spread = spreadScan({ dpi: DPI });
    const { recipe, spread: halves } = await analysePage(spread.png, spread, DPI, { steps: ['spread', 'orientation', 'deskew', 'crop', 'clean'] });
    expect(recipe.region).toEqual(halves!.left);
    expect(outputSize(spread, recipe).width).toBeLessThan(spread.width * 0.55);
  });

  it('does not split a large sheet wider than a flatbed, even with an empty band in its middle', async () => {
    const spread = spreadScan({ dpi: DPI });
    // The same pixels said to be at 75 dpi: 1,130 mm wide, a map rather than two A4 pages.
    expect(await findSpread(spread.png, spread, 75)).toBeNull();
    expect(await findSpread(spread.png, spread, DPI)).not.toBeNull();
  });

  it('does not split a landscape page, a portrait page or a page lying sideways', async () => {
    const landscape = landscapePage({ dpi: DPI });
    expect(await findSpread(landscape.png, landscape, DPI)).toBeNull();
    const portrait = textPage({ dpi: DPI });
    expect(await findSpread(portrait.png, portrait, DPI)).toBeNull();
    const sideways = sheetScan({ dpi: DPI, placed: 90, borderMm: 8 });
    expect(await findSpread(sideways.png, sideways, DPI)).toBeNull();
  });

  it('keeps the identity recipe for what it does not analyse', async () => {
    const portrait = textPage({ dpi: DPI, skewDegrees: 2 });
    const { recipe } = await analysePage(portrait.png, portrait, DPI, { steps: ['deskew'] });
    expect(recipe).toMatchObject({ ...IDENTITY_RECIPE, deskewAngle: expect.closeTo(-2, 1) as unknown as number, paper: recipe.paper });
  });
});
