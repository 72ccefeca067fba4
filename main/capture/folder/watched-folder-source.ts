// Hot folders: wide-format scanners (Contex, Colortrac …) and many office devices write each scan as a
// file into a folder. A folder is a device here: "scanning" takes the files that appear in it, once each
// is completely written, in name order, then moves each into `đã nhập` (or `lỗi` when unreadable) so that
// a restart never takes a file twice.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { watch, type FSWatcher } from 'chokidar';
import { untrustedResolution } from '../../imaging/image-limits';
import type { DeviceCapabilities, DeviceInfo } from '../../contract/domain';
import { AppError, isAppError } from '../../contract/errors';
import { corrupt, decodeEveryPixel, inspectImage, kindOf, readPages, resolution } from '../page-image-reader';
import { scannerError } from '../scanner-errors';
import type { ScannedPage, ScannerSource, ScanRequest } from '../scanner-source';

export const TAKEN_FOLDER = 'đã nhập';
export const FAILED_FOLDER = 'lỗi';

export interface WatchedFolderOptions {
  /** How long a file's size must stay unchanged before it counts as completely written. */
  settleMs?: number;
  /** How often a file being written is looked at. */
  pollMs?: number;
}

/** Scanners name files page1 … page10: compare digit runs as numbers. */
const nameOrder = new Intl.Collator('vi', { numeric: true });

function folderOf(deviceId: string): string {
  if (!deviceId.startsWith('folder:')) throw scannerError('unavailable', `${deviceId} không phải thư mục theo dõi`);
  return deviceId.slice('folder:'.length);
}

export class WatchedFolderSource implements ScannerSource {
  readonly backend = 'folder' as const;
  private readonly settleMs: number;
  private readonly pollMs: number;

  constructor(
    /** The configured hot folders, read each time devices are listed (a supervisor may change them). */
    private readonly folders: readonly string[] | (() => readonly string[]),
    options: WatchedFolderOptions = {},
  ) {
    this.settleMs = options.settleMs ?? 2000;
    this.pollMs = options.pollMs ?? 250;
  }

  async listDevices(): Promise<DeviceInfo[]> {
    const present: DeviceInfo[] = [];
    const folders = typeof this.folders === 'function' ? this.folders() : this.folders;
    for (const folder of folders) {
      const stat = await fs.stat(folder).catch(() => undefined);
      if (stat?.isDirectory()) present.push({ id: `folder:${path.resolve(folder)}`, backend: 'folder', label: `Thư mục theo dõi ${path.resolve(folder)}` });
    }
    return present;
  }

  /** A folder takes whatever its scanner writes: no feeder, any colour, the resolution the files carry. */
  capabilities(deviceId: string): Promise<DeviceCapabilities> {
    folderOf(deviceId);
    return Promise.resolve({ sources: ['flatbed'], colorModes: ['color', 'gray', 'lineart'], resolutions: [], maxWidthMm: 5000, maxHeightMm: null });
  }

  /**
   * Yields the pages of the files in the folder, the ones already there first, then new ones as they
   * are completed. Ends after `maxPages` pages, when the signal aborts (quietly: a folder has nothing
   * half-scanned to cancel), or, with `deviceOptions.sweep`, once the files present at the start are taken.
   */
  async *scan(request: ScanRequest): AsyncGenerator<ScannedPage> {
    const folder = folderOf(request.deviceId);
    if (!(await fs.stat(folder).catch(() => undefined))?.isDirectory()) throw scannerError('disconnected', folder);
    const sweep = request.deviceOptions?.sweep === true;
    const maxPages = request.settings.maxPages ?? Number.POSITIVE_INFINITY;
    const queue = new FileQueue();
    // Files already there come first, in name order; they may still be being written, like new ones.
    const present = (await fs.readdir(folder, { withFileTypes: true }))
      .filter((e) => e.isFile() && !e.name.startsWith('.') && kindOf(e.name) !== undefined)
      .map((e) => path.join(folder, e.name))
      .sort((x, y) => nameOrder.compare(path.basename(x), path.basename(y)));
    for (const file of present) queue.push(file);
    let watcher: FSWatcher | undefined;
    if (sweep) {
      queue.closeWhenDrained();
    } else {
      watcher = watch(folder, {
        depth: 0,
        ignoreInitial: true,
        // A scanner writes a big TIFF over seconds: a file is taken once its size has stopped changing.
        awaitWriteFinish: { stabilityThreshold: this.settleMs, pollInterval: this.pollMs },
        ignored: (file, stats) => stats?.isFile() === true && (path.basename(file).startsWith('.') || kindOf(file) === undefined),
      });
      watcher.on('add', (file) => queue.push(file));
      watcher.on('error', (error) => queue.fail(scannerError('disconnected', `${folder}: ${String(error)}`, error)));
      await new Promise<void>((resolve) => watcher?.once('ready', () => resolve()));
    }
    const onAbort = () => queue.close();
    request.signal.addEventListener('abort', onAbort);
    // A removed folder sends no dependable event on every platform: look now and then.
    const check = setInterval(() => {
      fs.stat(folder).catch(() => queue.fail(scannerError('disconnected', folder)));
    }, Math.max(this.pollMs, 500));
    let delivered = 0;
    try {
      for (;;) {
        const file = await queue.next();
        if (file === null) return;
        if (present.includes(file)) await settled(file, this.settleMs, this.pollMs);
        const pages = await this.pagesOf(file, request).catch(async (error: unknown) => {
          if (!isAppError(error)) throw error;
          request.onWarning?.(error);
          await moveInto(file, FAILED_FOLDER);
          return [];
        });
        if (pages.length === 0) continue;
        for (const page of pages) {
          if (delivered >= maxPages) break;
          delivered++;
          yield page;
        }
        await moveInto(file, TAKEN_FOLDER);
        if (delivered >= maxPages) return;
      }
    } finally {
      clearInterval(check);
      request.signal.removeEventListener('abort', onAbort);
      await watcher?.close();
    }
  }

  async close(): Promise<void> {}

  /** Every page of one file, as files in the work folder. A single image is copied as it is, never decoded into memory. */
  private async pagesOf(file: string, request: ScanRequest): Promise<ScannedPage[]> {
    const name = path.basename(file);
    const kind = kindOf(name);
    if (!kind) return [];
    const target = (n: number, ext: string) => path.join(request.workDir, `${path.parse(name).name}-${n}.${ext}`);
    if (kind !== 'pdf') {
      // Header only (format, every page's size against the pixel cap): nothing is decoded before it passes.
      const { metadata, format, pageCount } = await inspectImage({ path: file, name });
      if (pageCount === 1) {
        try {
          // Headers can be intact while the pixels are cut short: decode every pixel once, streaming.
          await decodeEveryPixel(file, metadata.width, 'truncated');
        } catch (error) {
          throw corrupt(name, error);
        }
        const copy = target(1, format === 'jpeg' ? 'jpg' : format === 'tiff' ? 'tif' : 'png');
        await fs.copyFile(file, copy);
        const dpi = resolution(metadata);
        if (dpi.declared !== undefined) request.onWarning?.(untrustedResolution(name, dpi.declared, dpi.dpi));
        else if (dpi.dpiAssumed) request.onWarning?.(assumedDpi(name, dpi.dpi));
        return [{ file: copy, format, width: metadata.width, height: metadata.height, dpi: dpi.dpi, side: 'front', source: name }];
      }
    }
    // Multi-page TIFF and PDF: one image per page, as the import reads them.
    const pages: ScannedPage[] = [];
    for await (const page of readPages({ path: file, name, kind })) {
      const out = target(pages.length + 1, page.format === 'jpeg' ? 'jpg' : page.format === 'tiff' ? 'tif' : 'png');
      await fs.writeFile(out, page.data);
      if (page.notice) request.onWarning?.(page.notice);
      else if (page.dpiAssumed) request.onWarning?.(assumedDpi(page.source, page.dpi));
      pages.push({ file: out, format: page.format, width: page.width, height: page.height, dpi: page.dpi, side: 'front', source: page.source });
    }
    return pages;
  }
}

function assumedDpi(name: string, dpi: number): AppError {
  return new AppError(
    'VALIDATION',
    `Tệp «${name}» không ghi độ phân giải; tạm coi là ${dpi} dpi. Hãy kiểm tra thiết lập của máy quét.`,
    `File «${name}» declares no resolution; ${dpi} dpi is assumed. Check the scanner's settings.`,
    name,
  );
}

/** Resolves once the file's size and modification time have not changed for `settleMs`. */
async function settled(file: string, settleMs: number, pollMs: number): Promise<void> {
  let last = '';
  let since = Date.now();
  for (;;) {
    const stat = await fs.stat(file);
    const now = `${stat.size}:${stat.mtimeMs}`;
    if (now !== last) {
      last = now;
      since = Date.now();
    } else if (Date.now() - since >= settleMs) {
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
}

/** Moves a handled file into a sub-folder, adding a number when a file of that name is already there. */
async function moveInto(file: string, folderName: string): Promise<void> {
  const dir = path.join(path.dirname(file), folderName);
  await fs.mkdir(dir, { recursive: true });
  const { name, ext } = path.parse(file);
  for (let n = 0; ; n++) {
    const target = path.join(dir, n === 0 ? `${name}${ext}` : `${name} (${n})${ext}`);
    try {
      await fs.link(file, target);
      await fs.rm(file);
      return;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
}

/** Files waiting to be taken, in arrival order (the ones present at the start in name order). */
class FileQueue {
  private readonly pending: string[] = [];
  private readonly seen = new Set<string>();
  private waiting: ((file: string | null) => void) | null = null;
  private failure: AppError | null = null;
  private closed = false;
  private closeWhenEmpty = false;

  push(file: string): void {
    if (this.seen.has(file) || this.closed || this.closeWhenEmpty) return;
    this.seen.add(file);
    this.pending.push(file);
    this.wake();
  }

  sortPending(): void {
    this.pending.sort((a, b) => nameOrder.compare(path.basename(a), path.basename(b)));
  }

  /** Takes what is queued, then ends: files that appear from now on belong to a later sweep. */
  closeWhenDrained(): void {
    this.closeWhenEmpty = true;
    this.wake();
  }

  close(): void {
    this.closed = true;
    this.pending.length = 0;
    this.wake();
  }

  fail(error: AppError): void {
    this.failure ??= error;
    this.wake();
  }

  next(): Promise<string | null> {
    if (this.failure) return Promise.reject(this.failure);
    const file = this.pending.shift();
    if (file !== undefined) return Promise.resolve(file);
    if (this.closed || this.closeWhenEmpty) return Promise.resolve(null);
    // A failure that comes while waiting rejects; one that came before was handled above.
    return new Promise((resolve, reject) => {
      this.waiting = (value) => (this.failure ? reject(this.failure) : resolve(value));
    });
  }

  private wake(): void {
    const waiting = this.waiting;
    if (!waiting) return;
    const file = this.pending.shift();
    if (file === undefined && !this.closed && !this.closeWhenEmpty && !this.failure) return;
    this.waiting = null;
    waiting(file ?? null);
  }
}
