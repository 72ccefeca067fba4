// The blank verdict and the spread finder on realistic scans (tests/support/page-generator.ts): sheets in
// a grey or dark scanner bed with a soft shadow, an uneven lamp, tinted paper, red seals, staples, punch
// holes, creases, show-through, JPEG and CCITT G4 encodings; letters, covers, ruled tables of contents,
// one-line closing pages, test charts, pictures and blank backs; spreads of two pages, of a page and a
// blank back, of a page and a nearly blank page. Each scan goes through the analysis (spread, orientation,
// deskew, crop, clean) and each resulting page is rendered and judged as recognitionImage judges it. The
// nine real pages of vn-admin-real, none of them blank, are checked the same way.
import { readdirSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { IDENTITY_RECIPE, type PageRecipe } from '../../../main/contract/page-recipe';
import { detectBlank } from '../../../main/imaging/blank-page';
import { renderPage } from '../../../main/imaging/derivatives';
import { analysePage } from '../../../main/imaging/page-analysis';
import { realisticScanSet, type RealisticScan, type SheetKind } from '../../support/page-generator';
import { REAL_PAGES_DIR } from '../../support/temp-dir';

const ALL_STEPS = ['spread', 'orientation', 'deskew', 'crop', 'clean'] as const;

/** The page as the recipe renders it, judged blank or not (the verdict recognitionImage stores). */
async function verdict(master: Buffer, size: { width: number; height: number }, dpi: number, recipe: PageRecipe) {
  const { data, info } = await (await renderPage(master, size, recipe)).raw().toBuffer({ resolveWithObject: true });
  const page = sharp(data, { raw: { width: info.width, height: info.height, channels: info.channels } });
  return detectBlank(page, { widthMm: (info.width / dpi) * 25.4 });
}

interface Judged {
  scan: RealisticScan;
  /** Each resulting page: what is printed on it, its verdict and its rotation. */
  pages: Array<{ kind: SheetKind; blank: boolean; rotation: number }>;
  split: number | null;
}

async function judge(scan: RealisticScan): Promise<Judged> {
  const size = { width: scan.width, height: scan.height };
  const analysis = await analysePage(scan.data, size, scan.dpi, { steps: ALL_STEPS });
  const recipes = [analysis.recipe];
  if (analysis.spread) {
    const right = await analysePage(scan.data, size, scan.dpi, { base: { ...IDENTITY_RECIPE, region: analysis.spread.right }, steps: ALL_STEPS.filter((s) => s !== 'spread') });
    recipes.push(right.recipe);
  }
  const kinds = analysis.spread ? scan.kinds : [scan.kinds[0]!];
  const pages = [];
  for (const [i, recipe] of recipes.entries()) {
    pages.push({ kind: kinds[i]!, blank: (await verdict(scan.data, size, scan.dpi, recipe)).blank, rotation: recipe.rotation });
  }
  return { scan, pages, split: analysis.spread ? analysis.spread.left.width : null };
}

describe('realistic scans', () => {
  it('flags every blank sheet and no printed one, splits every spread in order and no single page', async () => {
    const judged: Judged[] = [];
    for await (const scan of realisticScanSet({ seed: 1312, count: 45, dpi: [150, 200] })) judged.push(await judge(scan));

    const single = judged.filter((j) => j.scan.gutter === null);
    const spreads = judged.filter((j) => j.scan.gutter !== null);
    const pages = judged.flatMap((j) => j.pages.map((p) => ({ ...p, seed: j.scan.seed })));
    // The set holds what it claims to: every kind of sheet, spreads, both resolutions and every encoding.
    expect(new Set(pages.map((p) => p.kind)).size).toBe(7);
    expect(spreads.length).toBeGreaterThanOrEqual(9);
    expect(new Set(judged.map((j) => j.scan.extension))).toEqual(new Set(['png', 'jpg', 'tif']));

    const missed = pages.filter((p) => p.kind !== 'blank' && p.blank).map((p) => `${p.kind} #${p.seed}`);
    const notFlagged = pages.filter((p) => p.kind === 'blank' && !p.blank).map((p) => `#${p.seed}`);
    expect(missed, 'printed pages flagged blank').toEqual([]);
    expect(notFlagged, 'blank sheets not flagged').toEqual([]);
    expect(pages.filter((p) => p.kind === 'blank').length).toBeGreaterThanOrEqual(12);

    // Every spread split within 6 mm of its fold, the left page first; no single sheet split.
    const badSplits = spreads
      .filter((j) => j.split === null || Math.abs(j.split - j.scan.gutter!) > (6 * j.scan.dpi) / 25.4)
      .map((j) => `${j.scan.kinds.join('+')} #${j.scan.seed}: ${j.split} for ${j.scan.gutter}`);
    expect(badSplits).toEqual([]);
    expect(spreads.every((j) => j.pages.map((p) => p.kind).join('+') === j.scan.kinds.join('+'))).toBe(true);
    expect(single.filter((j) => j.split !== null).map((j) => `${j.scan.kinds[0]} #${j.scan.seed}`)).toEqual([]);

    // Too little text to know which way up: a one-line closing page, a picture, a blank back stay as scanned.
    const unturned = pages.filter((p) => p.kind === 'closing' || p.kind === 'picture' || p.kind === 'blank' || p.kind === 'testPattern');
    expect(unturned.filter((p) => p.rotation !== 0).map((p) => `${p.kind} #${p.seed}`)).toEqual([]);
  }, 240_000);

  it('finds none of the nine real pages blank', async () => {
    const files = readdirSync(REAL_PAGES_DIR).filter((f) => f.endsWith('.png'));
    expect(files).toHaveLength(9);
    for (const file of files) {
      const master = path.join(REAL_PAGES_DIR, file);
      const { width, density } = await sharp(master).metadata();
      expect((await detectBlank(master, { widthMm: (width / (density ?? 200)) * 25.4 })).blank, file).toBe(false);
      expect((await detectBlank(master)).blank, `${file} without a resolution`).toBe(false);
    }
  });
});
