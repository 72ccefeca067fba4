// The TWAIN client (native/twain's helper process) against the project's fake TWAIN Data Source Manager,
// a C library that scripts a virtual scanner and enforces the TWAIN states: every scenario must end with
// no sequence error, which proves the client's order of operations.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { afterEach, describe, expect, it } from 'vitest';
import { nativeAddonPath } from '../../../main/capture/native-addon';
import type { ScanSettings } from '../../../main/capture/scanner-source';
import { TwainSource } from '../../../main/capture/twain/twain-source';
import { collectScan } from '../../support/scan';
import { tempDir } from '../../support/temp-dir';

const DSM = nativeAddonPath('twain', 'fake_twain_dsm.so');
const PRODUCT = 'Máy quét TWAIN giả';
const DEVICE = `twain:${PRODUCT}`;
const cleanups: Array<() => void> = [];
afterEach(() => cleanups.splice(0).forEach((f) => f()));

function fake(script: Record<string, string | number>) {
  const t = tempDir();
  cleanups.push(t.remove);
  const log = path.join(t.dir, 'fake.log');
  const file = path.join(t.dir, 'fake.conf');
  writeFileSync(file, Object.entries({ product: PRODUCT, width_in: 2, height_in: 3, strip_rows: 16, ...script, log }).map(([k, v]) => `${k}=${v}`).join('\n'));
  const source = new TwainSource({ dsm: DSM ?? '', env: { SOHOA_FAKE_TWAIN: file } });
  const report = () => Object.fromEntries(readFileSync(log, 'utf8').trim().split(' ').map((kv) => kv.split('=')).map(([k, v]) => [k, Number(v)]));
  return { source, report, workDir: t.dir };
}

const settings = (over: Partial<ScanSettings> = {}): ScanSettings => ({ source: 'flatbed', colorMode: 'color', resolution: 100, widthMm: 50.8, heightMm: 76.2, ...over });


/** The fake scanner's pixel pattern, recomputed. */
const pattern = (x: number, y: number, c: number, page: number) => (x * 3 + y * 5 + c * 70 + page * 40) & 0xff;

describe.skipIf(DSM === null)('TwainSource with the fake DSM', () => {
  it('lists the virtual source and reads its capabilities', async () => {
    const { source, report } = fake({ sheets: 4, duplex: 1, max_res: 600 });
    expect(await source.listDevices()).toEqual([{ id: DEVICE, backend: 'twain', label: `${PRODUCT} (TWAIN)`, vendor: 'Tram so hoa', model: PRODUCT }]);
    const caps = await source.capabilities(DEVICE);
    expect(caps.sources).toEqual(['flatbed', 'adf', 'adf-duplex']);
    expect(caps.resolutions).toEqual([75, 100, 150, 200, 240, 300, 400, 600]);
    // The bed: 2 × 3 inches in the script.
    expect([caps.maxWidthMm, caps.maxHeightMm]).toEqual([50.8, 76.2]);
    expect((await fake({ unknown_length: 1 }).source.capabilities(DEVICE)).maxHeightMm).toBeNull();
    expect(report().sequence_errors).toBe(0);
  });

  it('scans a colour page from the flatbed in memory strips, every pixel where the scanner put it', async () => {
    const { source, report, workDir } = fake({});
    const { pages, error } = await collectScan(source.scan({ deviceId: DEVICE, settings: settings({ resolution: 150 }), workDir, signal: new AbortController().signal }));
    expect(error).toBeNull();
    expect(pages).toHaveLength(1);
    expect(pages[0]).toMatchObject({ width: 300, height: 450, dpi: 150, format: 'png', side: 'front' });
    const { data, info } = await sharp(pages[0]!.file).raw().toBuffer({ resolveWithObject: true });
    expect(info).toMatchObject({ width: 300, height: 450, channels: 3 });
    for (const [x, y] of [[0, 0], [299, 17], [123, 250], [5, 449]] as const) {
      for (let c = 0; c < 3; c++) expect(data[(y * 300 + x) * 3 + c]).toBe(pattern(x, y, c, 0));
    }
    expect(report()).toMatchObject({ sequence_errors: 0, pages: 1, resets: 0 });
  });

  it('feeds five sheets from the ADF, and duplex gives front and back of each', async () => {
    const adf = fake({ sheets: 5 });
    const a = await collectScan(adf.source.scan({ deviceId: DEVICE, settings: settings({ source: 'adf', resolution: 50 }), workDir: adf.workDir, signal: new AbortController().signal }));
    expect(a.pages.map((p) => p.source)).toEqual([1, 2, 3, 4, 5].map((n) => `${DEVICE} #${n}`));
    expect(adf.report()).toMatchObject({ sequence_errors: 0, pages: 5 });

    const duplex = fake({ sheets: 2, duplex: 1 });
    const b = await collectScan(duplex.source.scan({ deviceId: DEVICE, settings: settings({ source: 'adf-duplex', resolution: 50 }), workDir: duplex.workDir, signal: new AbortController().signal }));
    expect(b.pages.map((p) => p.side)).toEqual(['front', 'back', 'front', 'back']);
    expect(duplex.report().sequence_errors).toBe(0);
  });

  it('a jam on sheet 3 keeps sheets 1–2, reports the jam, and unwinds the states cleanly', async () => {
    const { source, report, workDir } = fake({ sheets: 5, jam_at: 3 });
    const { pages, error } = await collectScan(source.scan({ deviceId: DEVICE, settings: settings({ source: 'adf', resolution: 50 }), workDir, signal: new AbortController().signal }));
    expect(pages).toHaveLength(2);
    expect(error?.code).toBe('SCANNER_JAMMED');
    expect(error?.messageVi).toMatch(/kẹt giấy/);
    expect(report()).toMatchObject({ sequence_errors: 0, pages: 2, resets: 1 });
  });

  it('an open cover, an empty feeder and a resolution beyond the source say so in Vietnamese', async () => {
    const cover = fake({ cover_open: 1 });
    expect((await collectScan(cover.source.scan({ deviceId: DEVICE, settings: settings(), workDir: cover.workDir, signal: new AbortController().signal }))).error?.code).toBe('SCANNER_COVER_OPEN');
    expect(cover.report().sequence_errors).toBe(0);
    const empty = fake({ sheets: 0 });
    const none = await collectScan(empty.source.scan({ deviceId: DEVICE, settings: settings({ source: 'adf' }), workDir: empty.workDir, signal: new AbortController().signal }));
    // A source with no feeder at all refuses the feeder as unsupported.
    expect(none.error?.code).toBe('NOT_SUPPORTED');
    const res = fake({ max_res: 600 });
    const high = await collectScan(res.source.scan({ deviceId: DEVICE, settings: settings({ resolution: 1200 }), workDir: res.workDir, signal: new AbortController().signal }));
    expect(high.error?.code).toBe('NOT_SUPPORTED');
    expect(high.error?.messageVi).toMatch(/1200 dpi/);
    expect(res.report().sequence_errors).toBe(0);
  });

  it('a page of unknown length (ImageLength -1) is as long as the rows that came', async () => {
    const { source, report, workDir } = fake({ unknown_length: 1, height_in: 5 });
    const { pages } = await collectScan(source.scan({ deviceId: DEVICE, settings: settings({ resolution: 100, heightMm: null }), workDir, signal: new AbortController().signal }));
    expect(pages[0]).toMatchObject({ width: 200, height: 500 });
    expect(report().sequence_errors).toBe(0);
  });

  it('grey and line art pages', async () => {
    const { source, workDir } = fake({});
    const gray = await collectScan(source.scan({ deviceId: DEVICE, settings: settings({ colorMode: 'gray' }), workDir, signal: new AbortController().signal }));
    expect((await sharp(gray.pages[0]!.file).metadata()).channels).toBe(1);
    const g = await sharp(gray.pages[0]!.file).extractChannel(0).raw().toBuffer({ resolveWithObject: true });
    expect(g.data[7 * 200 + 9]).toBe(pattern(9, 7, 0, 0));
    const bw = await collectScan(source.scan({ deviceId: DEVICE, settings: settings({ colorMode: 'lineart' }), workDir, signal: new AbortController().signal }));
    const b = await sharp(bw.pages[0]!.file).extractChannel(0).raw().toBuffer({ resolveWithObject: true });
    // 1 is black in TWAIN line art: the 8 × 8 checkerboard starts white at the top left.
    expect([b.data[0], b.data[8]]).toEqual([255, 0]);
  });

  it('a cancel mid-page stops the scanner, keeps the pages before it and leaves the states clean', async () => {
    const { source, report, workDir } = fake({ sheets: 5, strip_delay_ms: 40, height_in: 3, strip_rows: 8 });
    const controller = new AbortController();
    const { pages, error } = await collectScan(source.scan({ deviceId: DEVICE, settings: settings({ source: 'adf', resolution: 50 }), workDir, signal: controller.signal }), (_page, index) => {
      if (index === 0) setTimeout(() => controller.abort(), 100);
    });
    expect(pages).toHaveLength(1);
    expect(error?.code).toBe('SCAN_CANCELLED');
    expect(report()).toMatchObject({ sequence_errors: 0, resets: 1 });
  });
});
