// SANE scanners (Linux) through the project's own libsane addon: every backend SANE has, the `test`
// backend in the tests and sane-airscan's network scanners included.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { DeviceCapabilities, DeviceInfo, PaperSource } from '../../contract/domain';
import { encodeRasterToPng, RasterFile, type RasterShape } from '../raster-file';
import { scannerError, ScannerError, type ScannerCondition } from '../scanner-errors';
import type { ColorMode, ScannedPage, ScannerSource, ScanRequest, ScanSettings } from '../scanner-source';
import { isSaneError, saneAddon, type SaneAddon, type SaneDevice, type SaneOption } from './sane-addon';

/** How much a read asks of the backend: big enough to keep the disk busy, small enough to stay light. */
const READ_BYTES = 1 << 20;
/** Resolutions offered when a device takes a whole range. */
const USUAL_RESOLUTIONS = [75, 100, 150, 200, 240, 300, 400, 600, 1200];
const PLANE_ORDER: Readonly<Record<string, number>> = { RED: 0, GREEN: 1, BLUE: 2 };

const STATUS_CONDITION: Readonly<Record<string, ScannerCondition>> = {
  JAMMED: 'jammed',
  NO_DOCS: 'feeder-empty',
  COVER_OPEN: 'cover-open',
  DEVICE_BUSY: 'busy',
  CANCELLED: 'cancelled',
  IO_ERROR: 'device-error',
  ACCESS_DENIED: 'unavailable',
  UNSUPPORTED: 'unsupported',
  INVAL: 'unsupported',
  NO_MEM: 'device-error',
};

/** A SANE error as the scanner condition a clerk understands. */
function saneCondition(error: unknown, device: string): ScannerError {
  if (error instanceof ScannerError) return error;
  if (isSaneError(error)) return scannerError(STATUS_CONDITION[error.status] ?? 'device-error', `${device}: ${error.message}`, error);
  throw error;
}

function saneName(deviceId: string): string {
  if (!deviceId.startsWith('sane:')) throw scannerError('unavailable', `${deviceId} không phải máy quét SANE`);
  return deviceId.slice('sane:'.length);
}

const SOURCE_PATTERNS: Readonly<Record<PaperSource, (s: string) => boolean>> = {
  flatbed: (s) => /flatbed|platen|glass/i.test(s),
  adf: (s) => /adf|feeder|automatic/i.test(s) && !/duplex/i.test(s),
  'adf-duplex': (s) => /duplex/i.test(s),
};

const MODE_PATTERNS: Readonly<Record<ColorMode, (s: string) => boolean>> = {
  color: (s) => /^(colou?r|rgb)/i.test(s),
  gray: (s) => /gr[ae]y/i.test(s),
  lineart: (s) => /lineart|binary|black ?& ?white|halftone/i.test(s),
};

function strings(option: SaneOption | undefined): string[] {
  return option?.constraint?.type === 'strings' ? option.constraint.values : [];
}

function numbers(option: SaneOption | undefined): number[] {
  const c = option?.constraint;
  if (!c) return [];
  if (c.type === 'list') return c.values;
  if (c.type === 'range') return USUAL_RESOLUTIONS.filter((r) => r >= c.min && r <= c.max);
  return [];
}

function rangeMax(option: SaneOption | undefined): number | null {
  return option?.constraint?.type === 'range' ? option.constraint.max : null;
}

export class SaneSource implements ScannerSource {
  readonly backend = 'sane' as const;
  /**
   * Each scan under way: its device, the options asked for by `setOption` and not applied yet, and the
   * values of the options it changed, to put back at the end.
   */
  private readonly sessions = new Map<string, { device: SaneDevice; pending: Array<[string, boolean | number | string]>; restore: Map<string, SaneOption['value']> }>();

  constructor(private readonly addon: () => SaneAddon = saneAddon) {}

  async listDevices(): Promise<DeviceInfo[]> {
    const entries = await this.addon().listDevices();
    return entries.map((e) => ({
      id: `sane:${e.name}`,
      backend: 'sane',
      label: `${e.vendor} ${e.model} (${e.name})`,
      vendor: e.vendor,
      model: e.model,
    }));
  }

  async capabilities(deviceId: string): Promise<DeviceCapabilities> {
    return this.withDevice(deviceId, (device) => {
      const options = new Map(device.options().map((o) => [o.name, o]));
      const sources = strings(options.get('source'));
      const modes = strings(options.get('mode'));
      const found = <T extends string>(patterns: Readonly<Record<T, (s: string) => boolean>>, names: string[]) =>
        (Object.keys(patterns) as T[]).filter((key) => names.some(patterns[key]));
      const colorModes = found(MODE_PATTERNS, modes);
      // Grey at 1 bit is line art on backends without a line-art mode.
      if (!colorModes.includes('lineart') && colorModes.includes('gray') && numbers(options.get('depth')).includes(1)) colorModes.push('lineart');
      const handScanner = options.get('hand-scanner')?.value === true;
      return Promise.resolve({
        sources: sources.length > 0 ? found(SOURCE_PATTERNS, sources) : ['flatbed'],
        colorModes,
        resolutions: numbers(options.get('resolution')),
        maxWidthMm: rangeMax(options.get('br-x')) ?? 0,
        maxHeightMm: handScanner ? null : rangeMax(options.get('br-y')),
      });
    });
  }

  /**
   * Changes an option of the scan under way on a device, from its next page: the device handles one
   * call at a time, so the option waits for the moment between pages. For vendor options a profile
   * cannot name, and for the test backend's fault injection.
   */
  setOption(deviceId: string, name: string, value: boolean | number | string): void {
    const session = this.sessions.get(deviceId);
    if (!session) throw scannerError('unsupported', `${deviceId}: không có lệnh quét nào đang chạy`);
    session.pending.push([name, value]);
  }

  async *scan(request: ScanRequest): AsyncGenerator<ScannedPage> {
    const { deviceId, settings, signal } = request;
    const name = saneName(deviceId);
    if (this.sessions.has(deviceId)) throw scannerError('busy', deviceId);
    let device: SaneDevice;
    try {
      device = await this.addon().open(name);
    } catch (error) {
      throw saneCondition(error, deviceId);
    }
    const restore = new Map<string, SaneOption['value']>();
    const pending: Array<[string, boolean | number | string]> = [];
    this.sessions.set(deviceId, { device, pending, restore });
    const onAbort = () => device.cancel();
    signal.addEventListener('abort', onAbort);
    try {
      await this.configure(device, settings, request, restore);
      const maxPages = settings.maxPages ?? (settings.source === 'flatbed' ? 1 : Number.POSITIVE_INFINITY);
      for (let index = 0; index < maxPages; index++) {
        if (signal.aborted) throw scannerError('cancelled');
        for (const [option, value] of pending.splice(0)) {
          if (!restore.has(option)) restore.set(option, device.getOption(option));
          await device.setOption(option, value).catch((error: unknown) => {
            throw saneCondition(error, deviceId);
          });
        }
        const page = await this.scanPage(device, settings, request.workDir, index, signal).catch((error: unknown) => {
          if (signal.aborted) throw scannerError('cancelled');
          throw saneCondition(error, deviceId);
        });
        if (page === null) {
          // The feeder ran out: the end of the batch, unless it was empty from the start.
          if (index === 0) throw scannerError('feeder-empty', deviceId);
          return;
        }
        yield { ...page, source: `${deviceId} #${index + 1}` };
      }
    } finally {
      signal.removeEventListener('abort', onAbort);
      this.sessions.delete(deviceId);
      // SANE wants a cancel after the last frame; then undo the options that outlive the handle in some
      // backends (the test backend keeps them across close and open).
      device.cancel();
      for (const [option, value] of restore) {
        if (value !== null && !Array.isArray(value)) await device.setOption(option, value).catch(() => {});
      }
      device.close();
    }
  }

  async close(): Promise<void> {
    for (const { device } of this.sessions.values()) device.cancel();
  }

  private async withDevice<T>(deviceId: string, work: (device: SaneDevice) => Promise<T>): Promise<T> {
    let device: SaneDevice;
    try {
      device = await this.addon().open(saneName(deviceId));
    } catch (error) {
      throw saneCondition(error, deviceId);
    }
    try {
      return await work(device);
    } finally {
      device.close();
    }
  }

  /** Sets source, mode, depth, resolution and area from the settings, then the request's own options. */
  private async configure(device: SaneDevice, settings: ScanSettings, request: ScanRequest, restore: Map<string, SaneOption['value']>): Promise<void> {
    const option = (name: string) => device.options().find((o) => o.name === name && o.active && o.settable);
    const set = async (name: string, value: boolean | number | string) => {
      if (!restore.has(name)) restore.set(name, device.getOption(name));
      await device.setOption(name, value);
    };
    const warn = (what: string, asked: string, got: string) =>
      request.onWarning?.(scannerError('unsupported', `${what}: yêu cầu ${asked}, máy quét dùng ${got}`));

    const source = option('source');
    const sourceNames = strings(source);
    if (sourceNames.length > 0) {
      const wanted = sourceNames.find(SOURCE_PATTERNS[settings.source]);
      if (!wanted) throw scannerError('unsupported', `nguồn giấy ${settings.source}; máy có: ${sourceNames.join(', ')}`);
      await set('source', wanted);
    } else if (settings.source !== 'flatbed') {
      throw scannerError('unsupported', `nguồn giấy ${settings.source}`);
    }

    const modeNames = strings(option('mode'));
    let mode = modeNames.find(MODE_PATTERNS[settings.colorMode]);
    let depth = settings.colorMode === 'lineart' ? 1 : 8;
    if (!mode && settings.colorMode === 'lineart') mode = modeNames.find(MODE_PATTERNS.gray);
    else if (mode && settings.colorMode === 'lineart') depth = 0; // the backend's line-art mode sets its own depth
    if (!mode) throw scannerError('unsupported', `chế độ màu ${settings.colorMode}; máy có: ${modeNames.join(', ')}`);
    await set('mode', mode);
    if (depth > 0 && numbers(option('depth')).includes(depth)) await set('depth', depth);

    const resolution = option('resolution');
    if (resolution) {
      const c = resolution.constraint;
      let dpi = settings.resolution;
      if (c?.type === 'range') dpi = Math.min(Math.max(dpi, c.min), c.max);
      if (c?.type === 'list') dpi = c.values.reduce((best, v) => (Math.abs(v - settings.resolution) < Math.abs(best - settings.resolution) ? v : best));
      if (dpi !== settings.resolution) warn('độ phân giải', `${settings.resolution} dpi`, `${dpi} dpi`);
      await set('resolution', dpi);
    }

    // Options by the backend's own names come before the area: some (the test backend's hand-scanner
    // mode) change the area's limits.
    for (const [name, value] of Object.entries(request.deviceOptions ?? {})) {
      try {
        await set(name, value);
      } catch (error) {
        throw scannerError('unsupported', `tùy chọn ${name}=${String(value)}: ${(error as Error).message}`, error);
      }
    }

    for (const [corner, mm] of [['tl-x', 0], ['tl-y', 0], ['br-x', settings.widthMm], ['br-y', settings.heightMm]] as const) {
      const o = option(corner);
      if (!o) continue;
      const max = rangeMax(o);
      // No height: as far as the device goes (roll-fed and hand scanners stop at the paper's end).
      const wanted = mm ?? max ?? 0;
      const value = max !== null ? Math.min(wanted, max) : wanted;
      if (mm !== null && value < mm) warn('khổ quét', `${mm} mm`, `${value} mm`);
      await set(corner, value);
    }
  }

  /** One page: every frame streamed to disk, then encoded to PNG. Null when the feeder has no paper. */
  private async scanPage(device: SaneDevice, settings: ScanSettings, workDir: string, index: number, signal: AbortSignal): Promise<Omit<ScannedPage, 'source'> | null> {
    // The resolution the device took (it may have rounded the one asked for).
    const set = device.options().find((o) => o.name === 'resolution')?.value;
    const dpi = typeof set === 'number' ? Math.round(set) : settings.resolution;
    const planes: Array<{ file: string; order: number }> = [];
    let open: RasterFile | undefined;
    let size: { width: number; height: number } | undefined;
    let format: { channels: 1 | 3; depth: 1 | 8 | 16 } | undefined;
    try {
      for (let frame = 0; ; frame++) {
        let params;
        try {
          params = await device.start();
        } catch (error) {
          if (frame === 0 && isSaneError(error) && error.status === 'NO_DOCS') return null;
          throw error;
        }
        const single = params.format === 'RED' || params.format === 'GREEN' || params.format === 'BLUE';
        const shape: RasterShape = {
          width: params.pixelsPerLine,
          channels: params.format === 'RGB' ? 3 : 1,
          depth: params.depth === 1 ? 1 : params.depth === 16 ? 16 : 8,
          // SANE sends 16-bit samples in the machine's byte order.
          littleEndian16: new Uint8Array(new Uint16Array([1]).buffer)[0] === 1,
          dpi,
        };
        const file = path.join(workDir, `sane-${index + 1}-${frame}.tif`);
        format = { channels: single ? 3 : shape.channels, depth: shape.depth };
        open = await RasterFile.create(file, shape);
        for (;;) {
          const chunk = await device.read(READ_BYTES);
          if (chunk === null) break;
          await open.write(chunk);
        }
        // A cancel can end the frame early as if it were complete: never deliver half a page.
        if (signal.aborted) throw scannerError('cancelled');
        if (params.lines > 0 && open.rows < params.lines) {
          throw scannerError('device-error', `trang chỉ có ${open.rows}/${params.lines} dòng`);
        }
        size = await open.finish();
        open = undefined;
        planes.push({ file, order: PLANE_ORDER[params.format] ?? 0 });
        if (params.lastFrame || !single) break;
      }
      const target = path.join(workDir, `sane-${index + 1}.png`);
      // Three-pass scanners deliver red, green and blue as separate frames, in an order of their own.
      planes.sort((a, b) => a.order - b.order);
      await encodeRasterToPng(planes.map((p) => p.file), target, { channels: format?.channels ?? 1, depth: format?.depth ?? 8, dpi });
      planes.length = 0;
      return { file: target, format: 'png', width: size?.width ?? 0, height: size?.height ?? 0, dpi, side: this.side(settings, index) };
    } finally {
      await open?.discard();
      await Promise.all(planes.map((plane) => fs.rm(plane.file, { force: true })));
    }
  }

  private side(settings: ScanSettings, index: number): 'front' | 'back' {
    return settings.source === 'adf-duplex' && index % 2 === 1 ? 'back' : 'front';
  }
}
