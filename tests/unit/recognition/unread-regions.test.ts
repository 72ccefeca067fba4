// Unread ink: regions of a page with ink but no word read near them, on drawn pages.
import { describe, expect, it } from 'vitest';
import type { GreyImage } from '../../../main/imaging/skew';
import { findUnreadRegions } from '../../../main/recognition/unread-regions';

const WORD_HEIGHT = 40;

function page(width = 2000, height = 2800): GreyImage {
  return { data: new Uint8Array(width * height).fill(255), width, height };
}

/** Ink like text: strokes 4 px wide every 12 px across the box, rows of `WORD_HEIGHT` with gaps. */
function inked(image: GreyImage, x0: number, y0: number, x1: number, y1: number): void {
  for (let y = y0; y < y1; y++) {
    if ((y - y0) % (WORD_HEIGHT + 20) >= WORD_HEIGHT) continue;
    for (let x = x0; x < x1; x++) if ((x - x0) % 12 < 4) image.data[y * image.width + x] = 0;
  }
}

const word = (x0: number, y0: number, x1: number, y1: number) => ({ x0, y0, x1, y1 });

describe('findUnreadRegions', () => {
  it('finds a block of ink that no word covers, padded, and not the ink that words cover', () => {
    const image = page();
    // Body text, read: one word box over each of its rows.
    inked(image, 200, 300, 1800, 600);
    const read = [0, 1, 2, 3, 4].map((row) => word(200, 300 + row * 60, 1800, 300 + row * 60 + WORD_HEIGHT));
    // A signature block under a seal, not read at all.
    inked(image, 1100, 2000, 1700, 2300);
    const regions = findUnreadRegions(image, read, WORD_HEIGHT);
    expect(regions).toHaveLength(1);
    const [region] = regions;
    expect(region!.x0).toBeLessThanOrEqual(1100);
    expect(region!.y0).toBeLessThanOrEqual(2000);
    expect(region!.x1).toBeGreaterThanOrEqual(1700);
    expect(region!.y1).toBeGreaterThanOrEqual(2300);
    // Padded by a cell (half a word height) and a little more, no further.
    expect(1100 - region!.x0).toBeLessThanOrEqual(2 * WORD_HEIGHT);
    expect(region!.x1 - 1700).toBeLessThanOrEqual(2 * WORD_HEIGHT);
  });

  it('finds nothing when every ink is read', () => {
    const image = page();
    inked(image, 1100, 2000, 1700, 2300);
    expect(findUnreadRegions(image, [word(1090, 1990, 1710, 2310)], WORD_HEIGHT)).toEqual([]);
  });

  it('leaves out specks, a narrow mark, and a border along the edge of the scan', () => {
    const image = page();
    // A speck, and a mark one word high but only two wide.
    inked(image, 300, 1000, 320, 1020);
    inked(image, 600, 1000, 600 + 2 * WORD_HEIGHT, 1000 + WORD_HEIGHT);
    // The lid's shadow along the bottom edge.
    for (let y = 2760; y < 2800; y++) image.data.fill(0, y * image.width, (y + 1) * image.width);
    expect(findUnreadRegions(image, [], WORD_HEIGHT)).toEqual([]);
  });
});
