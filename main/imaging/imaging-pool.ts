// A bounded pool of worker threads for the heavy imaging work: page analysis, the derivatives (thumbnail,
// viewer, archival page, OCR image with its blank verdict and stamp boxes, deep-zoom pyramid) and
// stitching. sharp already runs libvips on its own threads; what this moves off the main thread is the
// JavaScript around it (loops over grey images), which held the event loop — and so the UI, the IPC and
// the host's WebSocket — for seconds on a large sheet. Requests and results are imaging-requests.ts.
import { existsSync } from 'node:fs';
import os from 'node:os';
import { SHARE_ENV, Worker } from 'node:worker_threads';
// On glibc Linux the main thread must load sharp before worker threads do, so that its shared libraries
// stay loaded until every thread is done (sharp's documentation on worker threads).
import 'sharp';
import { AppError } from '../contract/errors';
import { IDENTITY_RECIPE, type AnalysisStep, type Box, type PageRecipe } from '../contract/page-recipe';
import type { MasterInput } from './derivatives';
import type { FromWorker, ImagingKind, ImagingRequest, ImagingResults, OrientationAnswer, ThrownInWorker, ToWorker } from './imaging-requests';
import type { OrientationDetector, PageAnalysis } from './page-analysis';
import type { Size } from './page-geometry';
import type { PageFinding } from '../contract/separators';
import { stagingRootSetting } from './staging';
import type { StitchResult, TilePlacement } from './stitch';

/**
 * libvips already spreads each image over every core; more JavaScript threads than cores would only
 * contend with it, and each idle thread holds its own heap.
 */
const MAX_DEFAULT_SIZE = 4;

export function defaultImagingPoolSize(): number {
  return Math.max(1, Math.min(os.availableParallelism(), MAX_DEFAULT_SIZE));
}

export interface ImagingPoolOptions {
  /** Requests run at the same time (one thread each). Default: defaultImagingPoolSize(). */
  size?: number;
  /** The worker's script; by default the sources' or the build's (workerScript). */
  script?: URL;
}

interface Job {
  id: number;
  request: ImagingRequest;
  detectOrientation: OrientationDetector | undefined;
  resolve: (value: unknown) => void;
  reject: (error: Error) => void;
}

interface PooledThread {
  thread: Worker;
  job: Job | null;
}

/**
 * The worker's script. From the sources (vitest, tsx) a bootstrap that registers tsx in the thread; from
 * the build, the `imaging-worker` entry of out/main (electron.vite.config.ts), beside this bundle or one
 * folder up when this code sits in out/main/chunks.
 */
export function workerScript(): URL {
  if (import.meta.url.endsWith('.ts')) return new URL('./imaging-worker-source.mjs', import.meta.url);
  const beside = new URL('./imaging-worker.js', import.meta.url);
  const above = new URL('../imaging-worker.js', import.meta.url);
  return existsSync(beside) || !existsSync(above) ? beside : above;
}

/** A thread that died under a request (out of memory, a crash in libvips, killed): that request fails. */
function imagingFailed(cause: unknown): AppError {
  return new AppError(
    'IMAGING_FAILED',
    'Bộ xử lý ảnh dừng đột ngột khi đang xử lý trang này (có thể do thiếu bộ nhớ) nên việc này chưa xong. Trang và bản quét gốc không bị thay đổi; hãy thử lại.',
    'The image processor stopped suddenly while working on this page (perhaps out of memory), so this was not done. The page and its master are unchanged; try again.',
    undefined,
    { cause },
  );
}

function poolClosed(): AppError {
  return new AppError(
    'IMAGING_FAILED',
    'Bộ xử lý ảnh đã dừng nên việc này chưa được làm. Trang và bản quét gốc không bị thay đổi; hãy mở lại ứng dụng rồi thử lại.',
    'The image processor has been stopped, so this was not done. The page and its master are unchanged; restart the application and try again.',
  );
}

/** The worker's error as the caller would have had it from the direct call. */
function rethrown(error: ThrownInWorker): Error {
  const made = error.kind === 'app' ? new AppError(error.code, error.messageVi, error.messageEn, error.subject) : Object.assign(new Error(error.message), { name: error.name });
  if (error.stack) made.stack = error.stack;
  return made;
}

/** A transferred Uint8Array as a Buffer again, on the same memory. */
function asBuffer(data: Uint8Array): Buffer {
  return Buffer.from(data.buffer, data.byteOffset, data.byteLength);
}

/** The worker's value with its Buffers (which arrive as Uint8Array) made Buffers again. */
function revived(kind: ImagingKind, value: unknown): unknown {
  switch (kind) {
    case 'thumbnail':
    case 'view-image':
    case 'page-image':
      return asBuffer(value as Uint8Array);
    case 'recognition-image': {
      const image = value as ImagingResults['recognition-image'];
      return { ...image, data: asBuffer(image.data) };
    }
    default:
      return value;
  }
}

function positiveInteger(name: string, value: number): number {
  if (!Number.isInteger(value) || value < 1) throw new RangeError(`${name} must be a positive integer, got ${value}`);
  return value;
}

export class ImagingPool {
  readonly #size: number;
  readonly #script: URL;
  readonly #threads = new Set<PooledThread>();
  readonly #idle: PooledThread[] = [];
  readonly #queue: Job[] = [];
  readonly #running = new Set<Promise<unknown>>();
  #nextId = 1;
  #closed = false;
  #threadsStarted = 0;

  constructor(options: ImagingPoolOptions = {}) {
    this.#size = positiveInteger('size', options.size ?? defaultImagingPoolSize());
    this.#script = options.script ?? workerScript();
  }

  get size(): number {
    return this.#size;
  }

  /** The threads alive now, busy or idle (for supervision, and for tests that kill one). */
  get threads(): Worker[] {
    return [...this.#threads].map((pooled) => pooled.thread);
  }

  get stats(): { threadsStarted: number } {
    return { threadsStarted: this.#threadsStarted };
  }

  /**
   * Runs one request in a worker thread, waiting for a free one when `size` are busy. Rejects with what
   * the function threw in the worker (an AppError keeps its code and messages), or with AppError
   * IMAGING_FAILED when the thread died under it; the pool then starts another thread for the next one.
   * Buffers in the request are copied (the caller keeps its own); Buffers in the result are moved.
   */
  run<K extends ImagingKind>(request: Extract<ImagingRequest, { kind: K }>, detectOrientation?: OrientationDetector): Promise<ImagingResults[K]> {
    if (this.#closed) return Promise.reject(poolClosed());
    const job = new Promise<unknown>((resolve, reject) => {
      this.#queue.push({ id: this.#nextId++, request, detectOrientation, resolve, reject });
    });
    this.#running.add(job);
    const forget = () => this.#running.delete(job);
    job.then(forget, forget);
    this.#dispatch();
    return job as Promise<ImagingResults[K]>;
  }

  /** page-analysis.ts analysePage, in a worker; orientation detection is asked of `detectOrientation` here. */
  analysePage(master: MasterInput, size: Size, dpi: number, options: { base?: PageRecipe; steps?: readonly AnalysisStep[]; detectOrientation?: OrientationDetector } = {}): Promise<PageAnalysis> {
    return this.run({ kind: 'analyse-page', master, size, dpi, base: options.base, steps: options.steps, detectOrientation: options.detectOrientation !== undefined }, options.detectOrientation);
  }

  findSpread(master: MasterInput, size: Size, dpi: number): Promise<{ left: Box; right: Box } | null> {
    return this.run({ kind: 'find-spread', master, size, dpi });
  }

  /** separator-detection.ts findSeparator, in a worker: our separator sheets and a TTHC result's QR code. */
  findSeparator(master: MasterInput, size: Size, dpi: number): Promise<PageFinding> {
    return this.run({ kind: 'find-separator', master, size, dpi });
  }

  thumbnail(master: MasterInput, recipe: PageRecipe = IDENTITY_RECIPE): Promise<Buffer> {
    return this.run({ kind: 'thumbnail', master, recipe });
  }

  viewImage(master: MasterInput, recipe: PageRecipe = IDENTITY_RECIPE): Promise<Buffer> {
    return this.run({ kind: 'view-image', master, recipe });
  }

  pageImage(master: MasterInput, recipe: PageRecipe, format: 'png' | 'jpeg'): Promise<Buffer> {
    return this.run({ kind: 'page-image', master, recipe, format });
  }

  recognitionImage(master: MasterInput, dpi: number, recipe: PageRecipe = IDENTITY_RECIPE): Promise<ImagingResults['recognition-image']> {
    return this.run({ kind: 'recognition-image', master, dpi, recipe });
  }

  buildPyramid(master: MasterInput, recipe: PageRecipe, dir: string): Promise<string> {
    return this.run({ kind: 'build-pyramid', master, recipe, dir });
  }

  registerTiles(files: string[]): Promise<StitchResult> {
    return this.run({ kind: 'register-tiles', files });
  }

  stitchTiles(files: string[], out: string, placements?: TilePlacement[]): Promise<StitchResult> {
    return this.run({ kind: 'stitch-tiles', files, out, placements });
  }

  /** Refuses new requests, fails the waiting ones, lets the running ones finish, then ends every thread. */
  async close(): Promise<void> {
    this.#closed = true;
    for (const job of this.#queue.splice(0)) job.reject(poolClosed());
    await Promise.allSettled([...this.#running]);
    await Promise.all(this.threads.map((thread) => thread.terminate()));
  }

  #dispatch(): void {
    while (this.#queue.length > 0) {
      const pooled = this.#idle.pop() ?? (this.#threads.size < this.#size ? this.#start() : null);
      if (!pooled) return;
      const job = this.#queue.shift()!;
      try {
        this.#post(pooled, { type: 'run', id: job.id, request: job.request, stagingRoot: stagingRootSetting() });
      } catch (error) {
        // A request that cannot be cloned never reached the thread, which stays free.
        this.#idle.push(pooled);
        job.reject(error instanceof Error ? error : new Error(String(error)));
        continue;
      }
      pooled.job = job;
      // A busy thread keeps the process alive until its answer is in; an idle one does not (the CLI exits).
      pooled.thread.ref();
    }
  }

  #post(pooled: PooledThread, message: ToWorker): void {
    pooled.thread.postMessage(message);
  }

  #start(): PooledThread {
    // SHARE_ENV: SOHOA_MAX_PIXELS (the pixel cap) is read where the image is decoded, as set now.
    const pooled: PooledThread = { thread: new Worker(this.#script, { env: SHARE_ENV }), job: null };
    this.#threadsStarted += 1;
    this.#threads.add(pooled);
    pooled.thread.unref();
    pooled.thread.on('message', (message: FromWorker) => this.#received(pooled, message));
    // Listening to 'error' also keeps a crash in the thread from becoming an uncaught exception here.
    pooled.thread.on('error', (error) => this.#lost(pooled, error));
    pooled.thread.on('exit', (code) => this.#lost(pooled, new Error(`imaging worker thread exited with code ${code}`)));
    return pooled;
  }

  #received(pooled: PooledThread, message: FromWorker): void {
    const job = pooled.job;
    if (!job || job.id !== message.id) return;
    if (message.type === 'detect-orientation') {
      // Tesseract runs in the recognition pool's own threads; a failed detection is no answer.
      const detect = job.detectOrientation ?? (async () => null);
      detect(asBuffer(message.png))
        .catch((): OrientationAnswer => null)
        .then((answer) => {
          if (pooled.job === job) this.#post(pooled, { type: 'orientation', id: job.id, answer });
        });
      return;
    }
    pooled.job = null;
    pooled.thread.unref();
    this.#idle.push(pooled);
    if (message.type === 'done') job.resolve(revived(job.request.kind, message.value));
    else job.reject(rethrown(message.error));
    this.#dispatch();
  }

  /** A thread ended ('error' then 'exit', or 'exit' alone): its request fails, later ones get a new thread. */
  #lost(pooled: PooledThread, cause: unknown): void {
    if (!this.#threads.delete(pooled)) return;
    const idle = this.#idle.indexOf(pooled);
    if (idle >= 0) this.#idle.splice(idle, 1);
    const job = pooled.job;
    pooled.job = null;
    job?.reject(imagingFailed(cause));
    if (!this.#closed) this.#dispatch();
  }
}

let shared: ImagingPool | null = null;

/**
 * The process's imaging pool, started on first use and shared by every Workstation of the process (the
 * app, the host, `sohoa`, tests): its idle threads keep no process alive, so it is never closed.
 */
export function imaging(): ImagingPool {
  return (shared ??= new ImagingPool());
}
