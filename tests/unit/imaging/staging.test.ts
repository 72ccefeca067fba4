// Staging files of large-sheet renders: private (0600 in a 0700 folder), inside the folder the
// Workstation names (the data folder), never the system temp folder, and removed on every path.
import { promises as fs, mkdirSync, readdirSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IDENTITY_RECIPE } from '../../../main/contract/page-recipe';
import { recognitionImage, withRenderedPage } from '../../../main/imaging/derivatives';
import { outputSize } from '../../../main/imaging/page-geometry';
import { setStagingRoot, withStagingFile } from '../../../main/imaging/staging';
import { withStitchedSheet } from '../../../main/services/stitching';
import { tempDir } from '../../support/temp-dir';

let work: { dir: string; remove: () => void };
let root: string;
let systemTmp: string;
let savedTmp: string | undefined;
/** A sheet just over the size that renders through staged TIFFs (40 MP), white with a black bar. */
const SIZE = { width: 6600, height: 6100 };
let master: Buffer;

const mode = (file: string) => statSync(file).mode & 0o777;

/** Each staging under the root: its folder (without the random part) and its files, with their modes. */
function stagings(): Array<{ folder: string; mode: number; files: Array<{ name: string; mode: number }> }> {
  return readdirSync(root)
    .sort()
    .map((folder) => {
      const dir = path.join(root, folder);
      return { folder: folder.replace(/-[^-]+$/, ''), mode: mode(dir), files: readdirSync(dir).map((name) => ({ name, mode: mode(path.join(dir, name)) })) };
    });
}

beforeAll(async () => {
  work = tempDir('sohoa-staging-test-');
  // The system temp folder of this test alone, so that anything left in it is seen.
  systemTmp = path.join(work.dir, 'system-tmp');
  mkdirSync(systemTmp);
  savedTmp = process.env.TMPDIR;
  process.env.TMPDIR = systemTmp;
  root = path.join(work.dir, 'data', 'pages', 'tmp', 'staging');
  setStagingRoot(root);
  const bar = await sharp({ create: { width: 2000, height: 200, channels: 3, background: '#000' } }).png().toBuffer();
  master = await sharp({ create: { ...SIZE, channels: 3, background: '#fff' } })
    .composite([{ input: bar, left: 2000, top: 3000 }])
    .png()
    .toBuffer();
});

afterAll(() => {
  if (savedTmp === undefined) delete process.env.TMPDIR;
  else process.env.TMPDIR = savedTmp;
  work.remove();
});

describe('staging files', () => {
  it('renders a turned large sheet through private stages in the staging folder, removed afterwards', async () => {
    const recipe = { ...IDENTITY_RECIPE, deskewAngle: 0.7 };
    const seen = await withRenderedPage(master, SIZE, recipe, 1, 'lanczos3', async (image) => {
      const staged = stagings();
      const { info } = await image.raw().toBuffer({ resolveWithObject: true });
      return { staged, width: info.width };
    });
    expect(seen.width).toBe(outputSize(SIZE, recipe).width);
    expect(seen.staged).toEqual([
      { folder: 'sohoa-master', mode: 0o700, files: [{ name: 'master.tif', mode: 0o600 }] },
      { folder: 'sohoa-turned', mode: 0o700, files: [{ name: 'turned.tif', mode: 0o600 }] },
    ]);
    expect(mode(root)).toBe(0o700);
    expect(readdirSync(root)).toEqual([]);
    expect(os.tmpdir()).toBe(systemTmp);
    expect(readdirSync(systemTmp)).toEqual([]);
  });

  it('removes the stages when the caller fails while using them', async () => {
    const failing = withRenderedPage(master, SIZE, { ...IDENTITY_RECIPE, deskewAngle: -0.4 }, 1, 'cubic', async () => {
      expect(stagings().map((s) => s.folder)).toEqual(['sohoa-master', 'sohoa-turned']);
      throw new Error('the export was cancelled');
    });
    await expect(failing).rejects.toThrow('the export was cancelled');
    expect(readdirSync(root)).toEqual([]);
  });

  it('removes the OCR stage of a large sheet', async () => {
    const prepared = await recognitionImage(master, 300, { ...IDENTITY_RECIPE, deskewAngle: 0.3 });
    expect(prepared.scale).toBe(1);
    expect(readdirSync(root)).toEqual([]);
  });

  it('removes a staging file whatever its user does, and the stitched sheet when stitching fails', async () => {
    let kept = '';
    await withStagingFile('probe', 'tif', async (file) => {
      kept = file;
      expect(path.dirname(path.dirname(file))).toBe(root);
      expect(mode(file)).toBe(0o600);
      await fs.writeFile(file, 'x');
    });
    await expect(fs.access(kept)).rejects.toThrow();
    await expect(withStagingFile('probe', 'tif', () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    await expect(withStitchedSheet([path.join(work.dir, 'only-one.png')], null, async () => 'never')).rejects.toMatchObject({ code: 'VALIDATION' });
    expect(readdirSync(root)).toEqual([]);
    expect(readdirSync(systemTmp)).toEqual([]);
  });
});
