import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { recognizeSheet, tilesFor } from '../../../main/recognition/tiled-recognition';
import { textPage } from '../../support/page-generator';
import { sharedPool } from '../../support/recognition-pool';

describe('tilesFor', () => {
  it('gives every pixel of the sheet to exactly one tile core, well inside its tile', () => {
    const width = 10_115;
    const height = 14_169;
    const tiles = tilesFor(width, height, { tile: 3000, overlap: 400 });
    expect(tiles).toHaveLength(4 * 6);
    let area = 0;
    for (const { left, top, width: w, height: h, core } of tiles) {
      area += (core.x1 - core.x0) * (core.y1 - core.y0);
      expect(w).toBeLessThanOrEqual(3000);
      expect(h).toBeLessThanOrEqual(3000);
      // An inner edge of the core is at least half the overlap inside the tile.
      if (core.x0 > 0) expect(core.x0 - left).toBeGreaterThanOrEqual(200);
      if (core.y0 > 0) expect(core.y0 - top).toBeGreaterThanOrEqual(200);
      if (core.x1 < width) expect(left + w - core.x1).toBeGreaterThanOrEqual(200);
      if (core.y1 < height) expect(top + h - core.y1).toBeGreaterThanOrEqual(200);
    }
    expect(area).toBeCloseTo(width * height, 0);
    // No two cores overlap: each centre of a 50 px grid falls in exactly one.
    for (let y = 25; y < height; y += 997) {
      for (let x = 25; x < width; x += 997) {
        expect(tiles.filter(({ core }) => x >= core.x0 && x < core.x1 && y >= core.y0 && y < core.y1)).toHaveLength(1);
      }
    }
  });
});

describe('recognizeSheet', () => {
  const pool = sharedPool('sohoa-tiles-', 2);

  it('reads a sheet in overlapping tiles like the whole sheet: words cut by a tile edge kept once, boxes on the sheet', async () => {
    // An A4 page at 300 dpi (2,480 × 3,508) read in 1,400 px tiles: 3 × 4 tiles whose edges cut lines and words.
    const page = textPage({ dpi: 300, lines: 24 });
    const image = await sharp(page.png).greyscale().withDensity(300).png().toBuffer();
    const whole = await pool.recognize(image);
    const tiled = await recognizeSheet(pool, image, { tiles: { tile: 1400, overlap: 400 } });
    expect(tilesFor(page.width, page.height, { tile: 1400, overlap: 400 })).toHaveLength(12);
    expect(pool.stats.pagesRecognized).toBe(1 + 12);

    // The generator squeezes its longest sentences into the line, which no reading gets right: the
    // comparison is on the words the whole-sheet reading is sure of.
    const sure = whole.words.filter((w) => w.confidence >= 85 && w.text.length >= 3);
    expect(sure.length).toBeGreaterThan(100);
    const samePlace = (a: { x0: number; y0: number }, b: { x0: number; y0: number }) => Math.abs(a.x0 - b.x0) < 6 && Math.abs(a.y0 - b.y0) < 6;
    // Kept exactly once each (not lost, not doubled), at the same place on the sheet.
    const once = sure.filter((w) => tiled.words.filter((t) => t.text === w.text && samePlace(t, w)).length === 1);
    expect(once.length / sure.length).toBeGreaterThan(0.97);
    // No word of the tiled reading twice over itself (two tiles keeping the same word).
    const overlapping = (a: (typeof whole.words)[number], b: (typeof whole.words)[number]) =>
      Math.min(a.x1, b.x1) - Math.max(a.x0, b.x0) > 0.5 * (a.x1 - a.x0) && Math.min(a.y1, b.y1) - Math.max(a.y0, b.y0) > 0.5 * (a.y1 - a.y0);
    const doubled = tiled.words.filter((a, i) => tiled.words.some((b, j) => j !== i && b.text === a.text && overlapping(a, b)));
    expect(doubled).toEqual([]);
    // Text and words agree, line by line.
    const lines = tiled.text.split('\n').filter((line) => line !== '');
    expect(lines.map((_, i) => tiled.words.filter((w) => w.line === i).map((w) => w.text).join(' '))).toEqual(lines);
    // Lines set aside (specks, a stamp) come after the text's lines, whichever tile they were read on.
    expect(tiled.words.every((w) => (w.line >= lines.length) === (w.aside !== undefined))).toBe(true);
  });
});
