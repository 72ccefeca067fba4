// A bounded pool of Tesseract (tesseract.js, WebAssembly) workers that turns page images into text
// with word boxes. Each worker is a worker thread with its own WASM heap, so the pool size is bounded
// by cores and by memory, and workers are recycled because a WASM heap grows but never shrinks.
import os from 'node:os';
import type { Worker as Thread } from 'node:worker_threads';
import { createWorker, OEM, PSM } from 'tesseract.js';
import type { Block, OutputFormats, Worker as Engine } from 'tesseract.js';
import type { WordView } from '../contract/domain';
import { AppError, isAppError } from '../contract/errors';
import { ensureLanguageData } from './language-data';

/** A word as stored and shown; `line` is the n-th non-blank line of the page's `text`, in reading order. */
export type RecognizedWord = WordView;

export interface RecognitionResult {
  /** NFC. Lines joined with '\n'; paragraphs and blocks separated by a blank line. */
  text: string;
  /** Mean word confidence 0–100; 0 when no word was found. */
  confidence: number;
  words: RecognizedWord[];
}

export interface RecognitionPoolOptions {
  /** The application's cache folder; the language models are copied under it. */
  cacheDir: string;
  /** Pages recognized at the same time (one worker each). Default: defaultPoolSize(). */
  size?: number;
  /** A worker is replaced after this many pages, to give its memory back. Default 50. */
  recycleAfterPages?: number;
  /** Tesseract language codes, main language first. Default ['vie', 'eng']. */
  languages?: string[];
}

/**
 * A worker on A4 pages at 200 dpi measured about 140 MB after its first page and levelled off near
 * 210 MB after 27; larger scans grow its WASM heap further, hence the margin.
 */
const WORKER_MEMORY_BYTES = 400 * 1024 * 1024;
const DEFAULT_RECYCLE_AFTER_PAGES = 50;
const DEFAULT_LANGUAGES = ['vie', 'eng'];
/** Only the layout tree is needed: the page text is rebuilt from it so that text and words agree. */
const OUTPUT: Partial<OutputFormats> = { text: false, blocks: true };

/** As many workers as there are cores, but no more than free memory can hold; at least one. */
export function defaultPoolSize(): number {
  const affordable = Math.floor(os.freemem() / WORKER_MEMORY_BYTES);
  return Math.max(1, Math.min(os.availableParallelism(), affordable));
}

interface PooledWorker {
  engine: Engine;
  pages: number;
  /**
   * Rejects if the worker thread dies by itself (out of memory, crash). tesseract.js does not notice
   * that and would leave the page pending for ever, so every recognition races against it.
   */
  died: Promise<never>;
}

interface Waiter {
  resolve: () => void;
  reject: (error: AppError) => void;
}

function recognitionFailed(cause: unknown): AppError {
  if (isAppError(cause)) return cause;
  return new AppError(
    'OCR_FAILED',
    'Không nhận dạng được chữ trên trang này: ảnh hỏng, không đọc được hoặc bộ nhận dạng gặp lỗi. Hãy kiểm tra ảnh rồi thử lại.',
    'Text recognition failed for this page: the image is damaged or unreadable, or the recognizer failed. Check the image and try again.',
    undefined,
    // tesseract.js rejects with plain strings; wrap them so the cause keeps a stack.
    { cause: cause instanceof Error ? cause : new Error(String(cause)) },
  );
}

function poolClosed(): AppError {
  return new AppError(
    'OCR_FAILED',
    'Bộ nhận dạng chữ đã dừng nên trang này chưa được nhận dạng. Hãy mở lại ứng dụng rồi thử lại.',
    'The text recognizer has been stopped, so this page was not recognized. Restart the application and try again.',
  );
}

function positiveInteger(name: string, value: number): number {
  if (!Number.isInteger(value) || value < 1) throw new RangeError(`${name} must be a positive integer, got ${value}`);
  return value;
}

function watchThread(engine: Engine): Promise<never> {
  // tesseract.js keeps its worker_threads Worker on the `worker` property (absent from its typings).
  const thread = (engine as unknown as { worker?: Thread }).worker;
  const died = new Promise<never>((_, reject) => {
    // Listening to 'error' also keeps a crash in the thread from becoming an uncaught exception here.
    thread?.on('error', reject);
    thread?.once('exit', (code) => reject(new Error(`Tesseract worker thread exited with code ${code}`)));
  });
  // Only awaited while a page is being recognized; an exit at any other time (terminate) is expected.
  died.catch(() => undefined);
  return died;
}

async function startEngine(languageFolder: string, languages: string[]): Promise<Engine> {
  // tesseract.js reports a failed start (unreadable model) only through errorHandler: the promise of
  // createWorker then never settles. Without errorHandler it throws from its message listener instead.
  let failStart: (reason: unknown) => void = () => undefined;
  const startFailed = new Promise<never>((_, reject) => {
    failStart = reject;
  });
  const engine = await Promise.race([
    createWorker(languages, OEM.LSTM_ONLY, {
      // A local folder, never empty: an empty langPath would make tesseract.js download from its CDN.
      langPath: languageFolder,
      gzip: true,
      // Read the .gz models straight from langPath; the default cache would write uncompressed copies
      // into the working directory and prefer them afterwards, even when stale.
      cacheMethod: 'none',
      errorHandler: (error: unknown) => failStart(error),
      logger: () => undefined,
    }),
    startFailed,
  ]);
  // Later failures reach the caller through the rejected job itself.
  failStart = () => undefined;
  try {
    // Automatic page segmentation finds the two header columns and the signature block as separate
    // blocks; tesseract.js defaults to one uniform block, which merges them (CER 15 % → 12.6 % on the
    // nine real pages of vn-admin-real). debug_file silences Tesseract's per-page chatter on stderr
    // ("Estimating resolution as …"); failures still reject the job.
    await engine.setParameters({ tessedit_pageseg_mode: PSM.AUTO, debug_file: '/dev/null' });
  } catch (error) {
    await engine.terminate();
    throw error;
  }
  return engine;
}

function toRecognitionResult(blocks: Block[]): RecognitionResult {
  const words: RecognizedWord[] = [];
  const paragraphs: string[] = [];
  let lineIndex = 0;
  for (const paragraph of blocks.flatMap((block) => block.paragraphs)) {
    const lines: string[] = [];
    for (const line of paragraph.lines) {
      const lineWords = line.words
        .map((word) => ({ word, text: word.text.normalize('NFC').trim() }))
        .filter(({ text }) => text !== '');
      if (lineWords.length === 0) continue;
      for (const { word, text } of lineWords) {
        const { x0, y0, x1, y1 } = word.bbox;
        words.push({ text, x0, y0, x1, y1, confidence: word.confidence, line: lineIndex });
      }
      lines.push(lineWords.map(({ text }) => text).join(' '));
      lineIndex += 1;
    }
    if (lines.length > 0) paragraphs.push(lines.join('\n'));
  }
  const confidence = words.length === 0 ? 0 : words.reduce((sum, word) => sum + word.confidence, 0) / words.length;
  return { text: paragraphs.join('\n\n'), confidence, words };
}

export class RecognitionPool {
  readonly #cacheDir: string;
  readonly #size: number;
  readonly #recycleAfterPages: number;
  readonly #languages: string[];
  #languageFolder: Promise<string> | undefined;
  /** Workers ready for a page. Busy workers are held by the page they recognize. */
  readonly #idle: PooledWorker[] = [];
  /** Pages holding a turn (at most `size`); the others wait in order. */
  #activeTurns = 0;
  readonly #waiting: Waiter[] = [];
  readonly #running = new Set<Promise<unknown>>();
  #closed = false;
  #workersCreated = 0;
  #pagesRecognized = 0;

  constructor(options: RecognitionPoolOptions) {
    this.#cacheDir = options.cacheDir;
    this.#size = positiveInteger('size', options.size ?? defaultPoolSize());
    this.#recycleAfterPages = positiveInteger('recycleAfterPages', options.recycleAfterPages ?? DEFAULT_RECYCLE_AFTER_PAGES);
    this.#languages = [...(options.languages ?? DEFAULT_LANGUAGES)];
  }

  /** How many pages are recognized at the same time. */
  get size(): number {
    return this.#size;
  }

  get stats(): { workersCreated: number; pagesRecognized: number } {
    return { workersCreated: this.#workersCreated, pagesRecognized: this.#pagesRecognized };
  }

  /**
   * Recognizes one page image (PNG, JPEG, TIFF, BMP… as bytes). Waits for a free worker when `size`
   * pages are already being recognized. Fails with AppError OCR_FAILED; the pool stays usable.
   */
  recognize(image: Buffer): Promise<RecognitionResult> {
    const job = this.#recognizeInTurn(image);
    this.#running.add(job);
    const forget = () => this.#running.delete(job);
    job.then(forget, forget);
    return job;
  }

  /** Refuses new pages, fails the waiting ones, lets the running ones finish, then ends every worker. */
  async close(): Promise<void> {
    this.#closed = true;
    for (const waiter of this.#waiting.splice(0)) waiter.reject(poolClosed());
    await Promise.allSettled([...this.#running]);
    await Promise.all(this.#idle.splice(0).map((pooled) => pooled.engine.terminate()));
  }

  async #recognizeInTurn(image: Buffer): Promise<RecognitionResult> {
    await this.#takeTurn();
    try {
      const pooled = this.#idle.pop() ?? (await this.#startWorker());
      let blocks: Block[];
      try {
        const { data } = await Promise.race([pooled.engine.recognize(image, {}, OUTPUT), pooled.died]);
        blocks = data.blocks ?? [];
      } catch (error) {
        // The worker's state after a failure is unknown: replace it rather than reuse it.
        await pooled.engine.terminate();
        throw error;
      }
      pooled.pages += 1;
      this.#pagesRecognized += 1;
      if (pooled.pages >= this.#recycleAfterPages || this.#closed) await pooled.engine.terminate();
      else this.#idle.push(pooled);
      return toRecognitionResult(blocks);
    } catch (error) {
      throw recognitionFailed(error);
    } finally {
      this.#endTurn();
    }
  }

  #takeTurn(): Promise<void> {
    if (this.#closed) return Promise.reject(poolClosed());
    if (this.#activeTurns < this.#size) {
      this.#activeTurns += 1;
      return Promise.resolve();
    }
    return new Promise((resolve, reject) => this.#waiting.push({ resolve, reject }));
  }

  /** Hands the turn straight to the next waiting page, so the count of turns never exceeds `size`. */
  #endTurn(): void {
    const next = this.#waiting.shift();
    if (next) next.resolve();
    else this.#activeTurns -= 1;
  }

  async #startWorker(): Promise<PooledWorker> {
    this.#languageFolder ??= ensureLanguageData(this.#cacheDir, this.#languages);
    let folder: string;
    try {
      folder = await this.#languageFolder;
    } catch (error) {
      this.#languageFolder = undefined; // try again on the next page, e.g. after a full disk was freed
      throw error;
    }
    const engine = await startEngine(folder, this.#languages);
    this.#workersCreated += 1;
    return { engine, pages: 0, died: watchThread(engine) };
  }
}
