import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findSeparator } from '../../../main/imaging/separator-detection';
import { ImagingPool } from '../../../main/imaging/imaging-pool';
import type { PageFinding } from '../../../main/contract/separators';
import { realisticScan, realisticScanOfPrint, textPage, type PrintedSheetScanOptions, type RealisticScan } from '../../support/page-generator';
import { qrPng, renderedSheets } from '../../support/separator-scans';

const CODE = 'H49.64.33.2001.160';
const YELLOW: [number, number, number] = [250, 236, 150];
const PINK: [number, number, number] = [246, 200, 210];

async function find(scan: RealisticScan): Promise<PageFinding> {
  return findSeparator(scan.data, { width: scan.width, height: scan.height }, scan.dpi);
}

// Printed once per resolution: [dossier sheet, document sheet, Patch T sheet].
const prints = new Map<number, Buffer[]>();
beforeAll(async () => {
  for (const dpi of [200, 300]) prints.set(dpi, await renderedSheets([{ kind: 'dossier', fileCode: CODE }, { kind: 'document' }, { kind: 'patch-t' }], dpi));
});
const sheet = (dpi: number, index: number) => prints.get(dpi)![index]!;
const scanOf = (dpi: number, index: number, options: Omit<PrintedSheetScanOptions, 'print' | 'dpi'>) => realisticScanOfPrint({ ...options, print: sheet(dpi, index), dpi });

describe('findSeparator on scanned separator sheets', () => {
  const cases: Array<{ name: string; index: number; dpi: number; options: Omit<PrintedSheetScanOptions, 'print' | 'dpi'>; expected: PageFinding['separator'] }> = [
    { name: 'dossier QR on white paper, 200 dpi JPEG', index: 0, dpi: 200, options: { seed: 1 }, expected: { kind: 'dossier', fileCode: CODE } },
    { name: 'dossier QR on yellow paper, upside down', index: 0, dpi: 200, options: { seed: 2, paper: YELLOW, turn: 180 }, expected: { kind: 'dossier', fileCode: CODE } },
    { name: 'dossier QR skewed 5°, dark bed, 300 dpi', index: 0, dpi: 300, options: { seed: 3, skewDegrees: 5, bed: 'dark' }, expected: { kind: 'dossier', fileCode: CODE } },
    { name: 'dossier QR skewed −5° on pink paper, bilevel G4', index: 0, dpi: 200, options: { seed: 4, skewDegrees: -5, paper: PINK, encoding: 'g4' }, expected: { kind: 'dossier', fileCode: CODE } },
    { name: 'document QR sideways on yellow paper', index: 1, dpi: 200, options: { seed: 5, turn: 90, paper: YELLOW }, expected: { kind: 'document' } },
    { name: 'Patch T on white paper, 200 dpi', index: 2, dpi: 200, options: { seed: 6 }, expected: { kind: 'document' } },
    { name: 'Patch T on yellow paper, upside down', index: 2, dpi: 200, options: { seed: 7, paper: YELLOW, turn: 180 }, expected: { kind: 'document' } },
    { name: 'Patch T skewed 5°, 300 dpi', index: 2, dpi: 300, options: { seed: 8, skewDegrees: 5 }, expected: { kind: 'document' } },
    { name: 'Patch T sideways, skewed −4°, on pink paper', index: 2, dpi: 200, options: { seed: 9, turn: 270, skewDegrees: -4, paper: PINK }, expected: { kind: 'document' } },
  ];
  for (const c of cases) {
    it(c.name, async () => {
      const finding = await find(await scanOf(c.dpi, c.index, c.options));
      expect(finding.separator).toEqual(c.expected);
    });
  }

  it('flags a dossier sheet whose QR code is scribbled over as unreadable, not as a plain page', async () => {
    const damaged = await scanOf(200, 0, {
      seed: 10,
      paper: YELLOW,
      damage: (ctx, width, height) => {
        // Marker and correction fluid over the symbol's data (its three finder patterns left whole): random
        // dark and light patches of a module's size, far more than the 30 % that error correction H mends.
        let state = 7;
        const next = () => (state = (state * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
        const cell = width * 0.0085;
        const patch = (x0: number, x1: number, y0: number, y1: number) => {
          for (let y = height * y0; y < height * y1; y += cell)
            for (let x = width * x0; x < width * x1; x += cell) {
              ctx.fillStyle = next() < 0.5 ? '#000' : '#fff';
              ctx.fillRect(x, y, cell, cell);
            }
        };
        patch(0.45, 0.555, 0.43, 0.64);
        patch(0.37, 0.63, 0.51, 0.56);
      },
    });
    const finding = await find(damaged);
    expect(finding.separator?.kind).toBe('unreadable');
  });

  it('flags a patch-like bar group that is not Patch T (Patch 2) as unreadable', async () => {
    // Patch 2 from the specification: wide, narrow, narrow, wide, with narrow spaces.
    const dpi = 200;
    const mm = dpi / 25.4;
    const canvasPng = await sharp({ create: { width: Math.round(210 * mm), height: Math.round(297 * mm), channels: 3, background: '#fff' } })
      .composite(
        (() => {
          const bars: Array<{ input: { create: { width: number; height: number; channels: 3; background: string } }; left: number; top: number }> = [];
          let y = 15 * mm;
          for (const [i, w] of [5.08, 2.032, 2.032, 5.08].entries()) {
            bars.push({ input: { create: { width: Math.round(150 * mm), height: Math.round(w * mm), channels: 3, background: '#000' } }, left: Math.round(30 * mm), top: Math.round(y) });
            y += w * mm + (i < 3 ? 2.032 * mm : 0);
          }
          return bars;
        })(),
      )
      .png()
      .toBuffer();
    const finding = await find(await realisticScanOfPrint({ seed: 11, print: canvasPng, dpi }));
    expect(finding.separator).toEqual({ kind: 'unreadable', why: expect.stringContaining('Patch 2') });
  });
});

describe('findSeparator on ordinary pages', () => {
  it('finds nothing on generated letters, covers, contents and pictures', async () => {
    for (const [seed, kind] of [[21, 'letter'], [22, 'cover'], [23, 'contents'], [24, 'picture'], [25, 'testPattern'], [26, 'blank']] as const) {
      const finding = await find(await realisticScan({ seed, kind, dpi: 200 }));
      expect(finding, kind).toEqual({ separator: null, procedure: null });
    }
  });

  it('reads the codes of a TTHC result’s QR code in a corner of a scanned result page', async () => {
    const dpi = 200;
    const page = textPage({ dpi, lines: 30 });
    // About 22 mm, bottom left, as one-stop systems print it beside the signature.
    const qr = await qrPng('Mã hồ sơ: 000.00.14.H49-240315-0001\nMã TTHC: 1.004227\nMã định danh: 001085012345', 5);
    const print = await sharp(page.png).composite([{ input: qr, left: Math.round((25 / 25.4) * dpi), top: page.height - Math.round((70 / 25.4) * dpi) }]).png().toBuffer();
    const finding = await find(await realisticScanOfPrint({ seed: 31, print, dpi, paper: [248, 246, 238] }));
    expect(finding).toEqual({ separator: null, procedure: { procedureFileCode: '000.00.14.H49-240315-0001', procedureCode: '1.004227', identityCode: '001085012345' } });
  });
});

describe('the imaging pool', () => {
  let pool: ImagingPool;
  beforeAll(() => {
    pool = new ImagingPool({ size: 1 });
  });
  afterAll(() => pool.close());

  it('finds a separator in a worker thread (typed request find-separator)', async () => {
    const scan = await scanOf(200, 0, { seed: 41, paper: YELLOW });
    expect(await pool.findSeparator(scan.data, { width: scan.width, height: scan.height }, scan.dpi)).toEqual({ separator: { kind: 'dossier', fileCode: CODE }, procedure: null });
  });
});
