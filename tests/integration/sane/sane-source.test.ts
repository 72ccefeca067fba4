// The SANE backend against the real SANE `test` backend (a real SANE driver with no hardware), through
// the project's own configuration folder, and cross-checked with Debian's scanimage.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { paperSizeMm } from '../../../main/capture/paper-sizes';
import { SaneSource } from '../../../main/capture/sane/sane-source';
import type { ScanRequest, ScanSettings } from '../../../main/capture/scanner-source';
import { collectScan } from '../../support/scan';
import { tempDir } from '../../support/temp-dir';

const CONFIG = path.resolve(__dirname, '../../fixtures/sane');
const A4 = paperSizeMm('A4');
const COLOUR_A4: ScanSettings = { source: 'flatbed', colorMode: 'color', resolution: 300, widthMm: A4.widthMm, heightMm: A4.heightMm };

const cleanups: Array<() => void> = [];
afterEach(() => cleanups.splice(0).forEach((f) => f()));

beforeAll(() => {
  // Read by sane_init, which runs on the first call: the backend list of the project's own folder only.
  process.env.SANE_CONFIG_DIR = CONFIG;
});

function workDir(): string {
  const t = tempDir();
  cleanups.push(t.remove);
  return t.dir;
}

function request(settings: ScanSettings, extra: Partial<ScanRequest> = {}): ScanRequest {
  return { deviceId: 'sane:test:0', settings, workDir: workDir(), signal: new AbortController().signal, ...extra };
}

/** Pages until the scan ends, and the error that ended it if one did. */

describe('SaneSource with the SANE test backend', () => {
  const source = new SaneSource();

  it('lists the two virtual scanners and reads their capabilities', async () => {
    const devices = await source.listDevices();
    expect(devices.map((d) => d.id)).toEqual(['sane:test:0', 'sane:test:1']);
    expect(devices[0]).toMatchObject({ backend: 'sane', vendor: 'Noname', model: 'frontend-tester' });
    const caps = await source.capabilities('sane:test:0');
    expect(caps.sources).toEqual(['flatbed', 'adf']);
    expect(caps.colorModes).toEqual(['color', 'gray', 'lineart']);
    expect(caps.resolutions).toContain(300);
    expect(caps.maxWidthMm).toBeGreaterThanOrEqual(841);
  });

  it('scans colour A4 at 300 dpi from the flatbed: 2480 × 3507 RGB PNG at 300 dpi with the colour test picture', async () => {
    const { pages, error } = await collectScan(source.scan(request(COLOUR_A4, { deviceOptions: { 'test-picture': 'Color pattern' } })));
    expect(error).toBeNull();
    expect(pages).toHaveLength(1);
    const [page] = pages;
    expect(page).toMatchObject({ format: 'png', width: 2480, height: 3507, dpi: 300, side: 'front', source: 'sane:test:0 #1' });
    const meta = await sharp(page!.file).metadata();
    expect(meta).toMatchObject({ format: 'png', width: 2480, height: 3507, channels: 3, density: 300 });
    // The colour pattern has bars of pure red, green and blue: a grey image has none.
    const { data } = await sharp(page!.file).raw().toBuffer({ resolveWithObject: true });
    const has = (r: number, g: number, b: number) => {
      for (let i = 0; i < data.length; i += 3) if (data[i] === r && data[i + 1] === g && data[i + 2] === b) return true;
      return false;
    };
    expect([has(255, 0, 0), has(0, 255, 0), has(0, 0, 255)]).toEqual([true, true, true]);
    // Only the page is left in the work folder: the raw samples are gone.
    expect(readdirSync(path.dirname(page!.file))).toEqual([path.basename(page!.file)]);
  });

  it('produces the same pixels as scanimage for the same settings', async () => {
    const dir = workDir();
    const reference = path.join(dir, 'scanimage.tif');
    execFileSync('scanimage', ['-d', 'test:1', '--mode', 'Color', '--depth', '8', '--resolution', '100', '--test-picture', 'Grid', '-l', '0', '-t', '0', '-x', '100', '-y', '150', '--format', 'tiff', '-o', reference], {
      env: { ...process.env, SANE_CONFIG_DIR: CONFIG },
    });
    const settings: ScanSettings = { source: 'flatbed', colorMode: 'color', resolution: 100, widthMm: 100, heightMm: 150 };
    const { pages } = await collectScan(source.scan({ ...request(settings, { deviceOptions: { 'test-picture': 'Grid' } }), deviceId: 'sane:test:1' }));
    const ours = await sharp(pages[0]!.file).raw().toBuffer({ resolveWithObject: true });
    const theirs = await sharp(reference).raw().toBuffer({ resolveWithObject: true });
    expect(ours.info).toMatchObject({ width: theirs.info.width, height: theirs.info.height, channels: 3 });
    expect(ours.data.equals(theirs.data)).toBe(true);
  });

  it('feeds the ADF until it is empty: ten pages, then the batch ends', async () => {
    const { pages, error } = await collectScan(source.scan(request({ ...COLOUR_A4, source: 'adf', resolution: 75 })));
    expect(error).toBeNull();
    expect(pages).toHaveLength(10);
    expect(pages.map((p) => p.source)).toEqual(Array.from({ length: 10 }, (_, i) => `sane:test:0 #${i + 1}`));
    for (const p of pages) expect(existsSync(p.file)).toBe(true);
  });

  it('a jam injected after page 3 keeps pages 1–3 intact and says so in Vietnamese', async () => {
    const sums: string[] = [];
    const { pages, error } = await collectScan(source.scan(request({ ...COLOUR_A4, source: 'adf', resolution: 75 })), (page, index) => {
      sums.push(readFileSync(page.file).toString('base64').slice(0, 64));
      if (index === 2) source.setOption('sane:test:0', 'read-return-value', 'SANE_STATUS_JAMMED');
      return Promise.resolve();
    });
    expect(pages).toHaveLength(3);
    for (const p of pages) expect((await sharp(p.file).metadata()).height).toBe(Math.floor((297 / 25.4) * 75));
    expect(error?.code).toBe('SCANNER_JAMMED');
    expect(error?.messageVi).toMatch(/kẹt giấy.*các trang đã quét vẫn được giữ/);
    // The next scan is not jammed: the injected option does not outlive the scan.
    const again = await collectScan(source.scan(request({ ...COLOUR_A4, resolution: 75 })));
    expect(again.error).toBeNull();
  });

  it.each([
    ['SANE_STATUS_COVER_OPEN', 'SCANNER_COVER_OPEN', /Nắp máy quét đang mở/],
    ['SANE_STATUS_DEVICE_BUSY', 'SCANNER_BUSY', /đang bận/],
    ['SANE_STATUS_IO_ERROR', 'SCANNER_FAILED', /lỗi thiết bị/],
    ['SANE_STATUS_NO_DOCS', 'SCANNER_FEEDER_EMPTY', /Khay nạp giấy trống/],
  ])('%s on the first page becomes %s', async (status, code, message) => {
    const { pages, error } = await collectScan(source.scan(request({ ...COLOUR_A4, resolution: 75 }, { deviceOptions: { 'read-return-value': status } })));
    expect(pages).toHaveLength(0);
    expect(error?.code).toBe(code);
    expect(error?.messageVi).toMatch(message);
  });

  it('a device already scanning is busy', async () => {
    const first = source.scan(request({ ...COLOUR_A4, source: 'adf', resolution: 50 }))[Symbol.asyncIterator]();
    await first.next();
    const { error } = await collectScan(source.scan(request(COLOUR_A4)));
    expect(error?.code).toBe('SCANNER_BUSY');
    await first.return?.(undefined);
  });

  it('an abort mid-page cancels at the device and keeps the pages before it', async () => {
    const controller = new AbortController();
    const { pages, error } = await collectScan(
      // The backend pauses 50 ms after each buffer it hands over (about a second per page at 50 dpi),
      // so that the abort lands mid-page.
      source.scan(request({ ...COLOUR_A4, source: 'adf', resolution: 50 }, { signal: controller.signal, deviceOptions: { 'read-delay': true, 'read-delay-duration': 50_000 } })),
      (_page, index) => {
        if (index === 0) setTimeout(() => controller.abort(), 200);
        return Promise.resolve();
      },
    );
    expect(pages).toHaveLength(1);
    expect(existsSync(pages[0]!.file)).toBe(true);
    expect(error?.code).toBe('SCAN_CANCELLED');
    // The device was closed: it scans again at once.
    expect((await collectScan(source.scan(request({ ...COLOUR_A4, resolution: 50 })))).error).toBeNull();
  });

  it('hand-scanner mode stands in for a roll feeder: the length is known only at the end', async () => {
    // The backend reports a height of -1 and decides the length itself (its area options go inactive).
    const { pages, error } = await collectScan(source.scan(request({ ...COLOUR_A4, resolution: 100, heightMm: null }, { deviceOptions: { 'hand-scanner': true } })));
    expect(error).toBeNull();
    const meta = await sharp(pages[0]!.file).metadata();
    // The test backend's hand scanner is a fixed 11 cm wide.
    expect(meta.width).toBe(Math.floor((110 / 25.4) * 100));
    expect(meta.height).toBeGreaterThan(100);
    expect(pages[0]).toMatchObject({ width: meta.width, height: meta.height, dpi: 100 });
  });

  it('scans grey and line art', async () => {
    const gray = await collectScan(source.scan(request({ ...COLOUR_A4, colorMode: 'gray', resolution: 75 })));
    expect((await sharp(gray.pages[0]!.file).metadata()).channels).toBe(1);
    const lineart = await collectScan(source.scan(request({ ...COLOUR_A4, colorMode: 'lineart', resolution: 75 }, { deviceOptions: { 'test-picture': 'Grid' } })));
    const { data } = await sharp(lineart.pages[0]!.file).raw().toBuffer({ resolveWithObject: true });
    expect(new Set(data)).toEqual(new Set([0, 255]));
    // 16-bit samples come in the machine's byte order and stay 16-bit: the same values scanimage writes.
    const deep = await collectScan(source.scan(request({ ...COLOUR_A4, colorMode: 'gray', resolution: 75 }, { deviceOptions: { depth: 16, 'test-picture': 'Color pattern' } })));
    expect(await sharp(deep.pages[0]!.file).metadata()).toMatchObject({ channels: 1, depth: 'ushort' });
    const reference = path.join(workDir(), 'scanimage16.tif');
    execFileSync('scanimage', ['-d', 'test:1', '--mode', 'Gray', '--depth', '16', '--resolution', '75', '--test-picture', 'Color pattern', '-l', '0', '-t', '0', '-x', '210', '-y', '297', '--format', 'tiff', '-o', reference], {
      env: { ...process.env, SANE_CONFIG_DIR: CONFIG },
    });
    const ours = await sharp(deep.pages[0]!.file).raw({ depth: 'ushort' }).toBuffer();
    const theirs = await sharp(reference).raw({ depth: 'ushort' }).toBuffer();
    expect(ours.equals(theirs)).toBe(true);
  });

  it('refuses a paper source the device does not have, in Vietnamese', async () => {
    const { error } = await collectScan(source.scan(request({ ...COLOUR_A4, source: 'adf-duplex' })));
    expect(error?.code).toBe('NOT_SUPPORTED');
    expect(error?.messageVi).toMatch(/không hỗ trợ.*adf-duplex/);
  });
});
