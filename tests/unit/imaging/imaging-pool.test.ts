// The imaging pool against the direct calls it replaces: the same analysis and the same thumbnail bytes
// from a real worker thread, orientation detection asked back of the main thread, an error thrown in
// the worker arriving as the caller's error, and a thread killed in the middle of a request failing that
// request with an AppError while the next request runs in a new thread.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { isAppError } from '../../../main/contract/errors';
import { IDENTITY_RECIPE } from '../../../main/contract/page-recipe';
import { recognitionImage, thumbnail } from '../../../main/imaging/derivatives';
import { ImagingPool } from '../../../main/imaging/imaging-pool';
import { analysePage, findSpread } from '../../../main/imaging/page-analysis';
import { sheetScan, spreadScan } from '../../support/page-generator';
import { tempDir } from '../../support/temp-dir';

const DPI = 150;
const pool = new ImagingPool({ size: 1 });
const work = tempDir();

afterAll(async () => {
  await pool.close();
  work.remove();
});

describe('ImagingPool', () => {
  it('analyses a page as the direct call does, asking the main thread for the orientation', async () => {
    const scan = sheetScan({ dpi: DPI, placed: 90, skewDegrees: 2.3, firstLine: 20, borderMm: 8 });
    const asked: number[] = [];
    const detectOrientation = async (png: Buffer) => {
      asked.push(png.length);
      return null;
    };

    const direct = await analysePage(scan.png, scan, DPI, { detectOrientation });
    const pooled = await pool.analysePage(scan.png, scan, DPI, { detectOrientation });

    expect(pooled).toEqual(direct);
    expect(pooled.recipe.rotation).toBe(270);
    // Both asked once, with the same grey PNG.
    expect(asked).toHaveLength(2);
    expect(asked[1]).toBe(asked[0]);
  });

  it('finds a spread, renders a thumbnail and an OCR image byte for byte as the direct calls do', async () => {
    const spread = spreadScan({ dpi: DPI, gutterShadow: true });
    const file = path.join(work.dir, 'spread.png');
    writeFileSync(file, spread.png);

    const found = await pool.findSpread(file, spread, DPI);
    expect(found).not.toBeNull();
    expect(found).toEqual(await findSpread(file, spread, DPI));
    const recipe = { ...IDENTITY_RECIPE, rotation: 90 as const, deskewAngle: 1.5 };
    const pooledThumb = await pool.thumbnail(file, recipe);
    expect(Buffer.isBuffer(pooledThumb)).toBe(true);
    expect(pooledThumb.equals(await thumbnail(file, recipe))).toBe(true);
    const pooledOcr = await pool.recognitionImage(file, DPI, recipe);
    const directOcr = await recognitionImage(file, DPI, recipe);
    expect(pooledOcr.data.equals(directOcr.data)).toBe(true);
    expect({ ...pooledOcr, data: null }).toEqual({ ...directOcr, data: null });
  });

  it('fails a request with the error the function threw, and stays usable', async () => {
    const broken = path.join(work.dir, 'broken.png');
    writeFileSync(broken, Buffer.from('not an image at all'));
    const thrown = await pool.thumbnail(broken).catch((error: unknown) => error);
    const direct = await thumbnail(broken).catch((error: unknown) => error);

    expect(thrown).toBeInstanceOf(Error);
    expect((thrown as Error).message).toBe((direct as Error).message);
    const started = pool.stats.threadsStarted;
    const scan = sheetScan({ dpi: DPI, placed: 0, skewDegrees: 0, firstLine: 0, borderMm: 8 });
    expect((await pool.thumbnail(scan.png)).length).toBeGreaterThan(0);
    // The same thread served both: an error is not a crash.
    expect(pool.stats.threadsStarted).toBe(started);
  });

  it('fails the request of a thread killed under it with an AppError, and runs the next one in a new thread', async () => {
    const scan = sheetScan({ dpi: DPI, placed: 180, skewDegrees: -1.6, firstLine: 40, borderMm: 8 });
    let killed = 0;
    // Asked in the middle of the analysis: the thread is surely at work when it is killed.
    const killer = async () => {
      for (const thread of pool.threads) {
        killed++;
        await thread.terminate();
      }
      return null;
    };
    const started = pool.stats.threadsStarted;

    const failure = await pool.analysePage(scan.png, scan, DPI, { detectOrientation: killer }).catch((error: unknown) => error);

    expect(killed).toBe(1);
    expect(isAppError(failure) ? failure.code : failure).toBe('IMAGING_FAILED');
    expect(isAppError(failure) ? failure.messageVi : '').toMatch(/không bị thay đổi; hãy thử lại/);
    const next = await pool.analysePage(scan.png, scan, DPI);
    expect(next).toEqual(await analysePage(scan.png, scan, DPI));
    expect(pool.stats.threadsStarted).toBe(started + 1);
  });
});
