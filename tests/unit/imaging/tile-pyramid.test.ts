// The deep-zoom pyramid of a large page: a DZI descriptor with the rendered page's size, every level
// down to 1 px, tiles of 512 px (+1 px overlap), the recipe applied, and built once.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { afterEach, describe, expect, it } from 'vitest';
import { IDENTITY_RECIPE } from '../../../main/contract/page-recipe';
import { buildPyramid, TILE_SIZE } from '../../../main/imaging/tile-pyramid';
import { tempDir } from '../../support/temp-dir';

const cleanups: Array<() => void> = [];
afterEach(() => cleanups.splice(0).forEach((f) => f()));

describe('buildPyramid', () => {
  it('writes a DZI pyramid of the page as its recipe renders it, once', async () => {
    const t = tempDir();
    cleanups.push(t.remove);
    // 3000 × 2000 with a black square at the top-left: turned a quarter, the page is 2000 × 3000 and
    // the square is at the top-right.
    const square = await sharp({ create: { width: 200, height: 200, channels: 3, background: '#000' } }).png().toBuffer();
    const master = await sharp({ create: { width: 3000, height: 2000, channels: 3, background: '#fff' } })
      .composite([{ input: square, left: 0, top: 0 }])
      .png()
      .toBuffer();
    const dir = path.join(t.dir, 'tiles');

    await buildPyramid(master, { ...IDENTITY_RECIPE, rotation: 90 }, dir);

    const dzi = readFileSync(path.join(dir, 'page.dzi'), 'utf8');
    expect(dzi).toMatch(/TileSize="512"/);
    expect(dzi).toMatch(/Overlap="1"/);
    expect(dzi).toMatch(/Width="2000"/);
    expect(dzi).toMatch(/Height="3000"/);
    const levels = readdirSync(path.join(dir, 'page_files'))
      .filter((name) => /^\d+$/.test(name))
      .map(Number)
      .sort((a, b) => a - b);
    // ceil(log2(3000)) + 1 levels, from 1 px to full size.
    expect(levels).toEqual(Array.from({ length: 13 }, (_, i) => i));
    const top = readdirSync(path.join(dir, 'page_files', '12'));
    expect(top).toHaveLength(Math.ceil(2000 / TILE_SIZE) * Math.ceil(3000 / TILE_SIZE));
    // The top-right tile at full size holds the square.
    const corner = await sharp(path.join(dir, 'page_files', '12', `${Math.ceil(2000 / TILE_SIZE) - 1}_0.jpeg`)).greyscale().stats();
    expect(corner.channels[0]!.min).toBeLessThan(30);
    const first = await sharp(path.join(dir, 'page_files', '12', '0_0.jpeg')).greyscale().stats();
    expect(first.channels[0]!.min).toBeGreaterThan(200);

    // Built once: a second call leaves the files as they are.
    const before = statSync(path.join(dir, 'page.dzi')).mtimeMs;
    await buildPyramid(master, { ...IDENTITY_RECIPE, rotation: 90 }, dir);
    expect(statSync(path.join(dir, 'page.dzi')).mtimeMs).toBe(before);
    expect(readdirSync(t.dir)).toEqual(['tiles']);
  });

  it('leaves nothing behind when the master cannot be read', async () => {
    const t = tempDir();
    cleanups.push(t.remove);
    await expect(buildPyramid(Buffer.from('không phải ảnh'), IDENTITY_RECIPE, path.join(t.dir, 'tiles'))).rejects.toThrow();
    expect(existsSync(path.join(t.dir, 'tiles'))).toBe(false);
    expect(readdirSync(t.dir)).toEqual([]);
  });
});
