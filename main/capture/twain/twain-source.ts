// TWAIN scanners (Windows; most document and wide-format scanners ship a TWAIN driver) through the
// project's own TWAIN client, native/twain/src/twain_helper.c, which runs as a helper process so that a
// 32-bit driver can be reached from the 64-bit application (build the helper for the driver's bitness).
// The helper streams rows as framed strips on its stdout; they go straight into a raster file on disk.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { DeviceCapabilities, DeviceInfo } from '../../contract/domain';
import { nativeAddonPath } from '../native-addon';
import { encodeRasterToPng, RasterFile, type RasterShape } from '../raster-file';
import { scannerError, ScannerError, type ScannerCondition } from '../scanner-errors';
import type { ScannedPage, ScannerSource, ScanRequest } from '../scanner-source';

export interface TwainSourceOptions {
  /** The TWAIN Data Source Manager: TWAINDSM.dll on Windows (its default search), a fake DSM in the tests. */
  dsm?: string;
  /** The helper executable; by default native/twain's build (twain-helper, or twain-helper.exe). */
  helper?: string;
  /** Extra environment for the helper (the fake DSM reads its script from there). */
  env?: NodeJS.ProcessEnv;
}

type HelperEvent =
  | { event: 'source'; name: string; manufacturer: string }
  | { event: 'caps'; feeder: boolean; duplex: boolean; minRes: number; maxRes: number; widthIn: number; heightIn: number }
  | { event: 'page'; width: number; height: number; pixelType: number; bitsPerPixel: number; bytesPerRow: number; xres: number }
  | { event: 'strip'; bytes: number }
  | { event: 'page-end'; rows: number }
  | { event: 'error'; condition: ScannerCondition; detail: string }
  | { event: 'done'; ok: boolean };

const USUAL_RESOLUTIONS = [75, 100, 150, 200, 240, 300, 400, 600, 1200];
const PIXEL: Readonly<Record<string, string>> = { color: 'rgb', gray: 'gray', lineart: 'bw' };

function sourceName(deviceId: string): string {
  if (!deviceId.startsWith('twain:')) throw scannerError('unavailable', `${deviceId} không phải máy quét TWAIN`);
  return deviceId.slice('twain:'.length);
}

/**
 * Reads the helper's output: JSON lines, each "strip" line followed by that many raw bytes. Yields the
 * events with the strip's bytes attached, holding at most one strip.
 */
async function* helperEvents(child: ChildProcessWithoutNullStreams): AsyncGenerator<HelperEvent & { data?: Buffer }> {
  let pending: Buffer = Buffer.alloc(0);
  let want: { event: 'strip'; bytes: number } | null = null;
  for await (const chunk of child.stdout as AsyncIterable<Buffer>) {
    pending = pending.length === 0 ? chunk : Buffer.concat([pending, chunk]);
    for (;;) {
      if (want) {
        if (pending.length < want.bytes) break;
        const data = pending.subarray(0, want.bytes);
        pending = pending.subarray(want.bytes);
        yield { ...want, data };
        want = null;
        continue;
      }
      const newline = pending.indexOf(0x0a);
      if (newline < 0) break;
      const event = JSON.parse(pending.subarray(0, newline).toString('utf8')) as HelperEvent;
      pending = pending.subarray(newline + 1);
      if (event.event === 'strip') want = event;
      else yield event;
    }
  }
}

export class TwainSource implements ScannerSource {
  readonly backend = 'twain' as const;

  constructor(private readonly options: TwainSourceOptions = {}) {}

  private helperPath(): string {
    const file = process.platform === 'win32' ? 'twain-helper.exe' : 'twain-helper';
    const found = this.options.helper ?? nativeAddonPath('twain', file);
    if (!found || !existsSync(found)) throw scannerError('unavailable', 'TWAIN: chưa biên dịch native/twain (chạy npm run build:native)');
    return found;
  }

  private run(args: string[]): ChildProcessWithoutNullStreams {
    const dsm = this.options.dsm ?? (process.platform === 'win32' ? 'TWAINDSM.dll' : undefined);
    if (!dsm) throw scannerError('unavailable', 'TWAIN: không có trình quản lý nguồn TWAIN (TWAINDSM) trên hệ điều hành này');
    return spawn(this.helperPath(), ['--dsm', dsm, ...args], { env: { ...process.env, ...this.options.env }, stdio: 'pipe', windowsHide: true });
  }

  /** Runs a short helper command (list, caps) to its end and returns its events; a reported error is thrown. */
  private async query(args: string[]): Promise<HelperEvent[]> {
    const child = this.run(args);
    child.stdin.end();
    const events: HelperEvent[] = [];
    for await (const event of helperEvents(child)) {
      if (event.event === 'error') throw scannerError(event.condition, `TWAIN: ${event.detail}`);
      events.push(event);
    }
    return events;
  }

  async listDevices(): Promise<DeviceInfo[]> {
    if (!this.options.dsm && process.platform !== 'win32') return [];
    const events = await this.query(['list']);
    return events.flatMap((e) => (e.event === 'source' ? [{ id: `twain:${e.name}`, backend: 'twain' as const, label: `${e.name} (TWAIN)`, vendor: e.manufacturer, model: e.name }] : []));
  }

  async capabilities(deviceId: string): Promise<DeviceCapabilities> {
    const events = await this.query(['caps', '--source', sourceName(deviceId)]);
    const caps = events.find((e) => e.event === 'caps');
    if (!caps || caps.event !== 'caps') throw scannerError('device-error', 'TWAIN: nguồn không trả lời khả năng');
    return {
      sources: ['flatbed', ...(caps.feeder ? (['adf'] as const) : []), ...(caps.feeder && caps.duplex ? (['adf-duplex'] as const) : [])],
      colorModes: ['color', 'gray', 'lineart'],
      resolutions: USUAL_RESOLUTIONS.filter((r) => r >= caps.minRes && r <= caps.maxRes),
      // ICAP_PHYSICALWIDTH / HEIGHT in inches; a roll feeder reports no height.
      maxWidthMm: Math.round(caps.widthIn * 25.4 * 10) / 10,
      maxHeightMm: caps.heightIn > 0 ? Math.round(caps.heightIn * 25.4 * 10) / 10 : null,
    };
  }

  async *scan(request: ScanRequest): AsyncGenerator<ScannedPage> {
    const { deviceId, settings, signal } = request;
    const args = ['scan', '--source', sourceName(deviceId), '--pixel', PIXEL[settings.colorMode] ?? 'rgb', '--res', String(settings.resolution)];
    args.push('--width-in', String(settings.widthMm / 25.4));
    if (settings.heightMm !== null) args.push('--height-in', String(settings.heightMm / 25.4));
    if (settings.source !== 'flatbed') args.push('--feeder');
    if (settings.source === 'adf-duplex') args.push('--duplex');
    if (settings.maxPages) args.push('--max-pages', String(settings.maxPages));
    const child = this.run(args);
    const exited = new Promise<number | null>((resolve) => child.once('close', resolve));
    // The helper unwinds the TWAIN states itself when told to cancel (or when its stdin closes).
    const onAbort = () => child.stdin.write('cancel\n');
    signal.addEventListener('abort', onAbort);
    let raster: RasterFile | undefined;
    let index = 0;
    let dpi = settings.resolution;
    let failure: ScannerError | undefined;
    try {
      for await (const event of helperEvents(child)) {
        if (event.event === 'page') {
          dpi = Math.round(event.xres) || settings.resolution;
          const shape: RasterShape = {
            width: event.width,
            channels: event.pixelType === 2 ? 3 : 1,
            depth: event.pixelType === 0 ? 1 : 8,
            dpi,
          };
          raster = await RasterFile.create(path.join(request.workDir, `twain-${index + 1}.tif`), shape);
        } else if (event.event === 'strip' && raster && event.data) {
          await raster.write(event.data);
        } else if (event.event === 'page-end' && raster) {
          const { width, height } = await raster.finish();
          const file = path.join(request.workDir, `twain-${index + 1}.png`);
          await encodeRasterToPng([raster.path], file, { channels: raster.shape.channels, depth: raster.shape.depth, dpi });
          raster = undefined;
          const side = settings.source === 'adf-duplex' && index % 2 === 1 ? 'back' : 'front';
          index++;
          yield { file, format: 'png', width, height, dpi, side, source: `${deviceId} #${index}` };
        } else if (event.event === 'error') {
          failure = scannerError(signal.aborted ? 'cancelled' : event.condition, `TWAIN: ${event.detail}`);
        }
      }
      const code = await exited;
      if (failure) throw failure;
      if (code !== 0) throw scannerError('device-error', `TWAIN: trình trợ giúp kết thúc với mã ${String(code)}`);
    } finally {
      signal.removeEventListener('abort', onAbort);
      await raster?.discard();
      if (child.exitCode === null) {
        child.stdin.end();
        child.kill();
      }
    }
  }

  async close(): Promise<void> {}
}
