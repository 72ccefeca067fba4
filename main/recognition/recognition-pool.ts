// A bounded pool of Tesseract (tesseract.js, WebAssembly) workers that turns page images into text
// with word boxes. Each worker is a worker thread with its own WASM heap, so the pool size is bounded
// by cores and by memory, and workers are recycled because a WASM heap grows but never shrinks.
import os from 'node:os';
import type { Worker as Thread } from 'node:worker_threads';
import sharp from 'sharp';
import { maxPixels } from '../imaging/image-limits';
import { createWorker, OEM, PSM } from 'tesseract.js';
import type { Block, OutputFormats, Worker as Engine } from 'tesseract.js';
import type { WordAside, WordView } from '../contract/domain';
import { AppError, isAppError } from '../contract/errors';
import { ensureLanguageData } from './language-data';
import { inReadingOrder, isText, type ReadLine } from './reading-order';
import { findUnreadRegions } from './unread-regions';
import { boundingBox, intoRows, median, type WordBox } from './word-geometry';

/** A word as stored and shown; lines are numbered in reading order, lines set aside after the text's. */
export type RecognizedWord = WordView;

export interface RecognitionResult {
  /** NFC. Lines joined with '\n'; paragraphs and blocks separated by a blank line. Words set aside are left out. */
  text: string;
  /** Mean confidence 0–100 of the text's words (not those set aside); 0 when there are none. */
  confidence: number;
  words: RecognizedWord[];
}

/** The clockwise quarter turn that makes a page upright, as Tesseract's orientation detection finds it. */
export interface PageOrientation {
  rotation: 0 | 90 | 180 | 270;
  /** Tesseract's orientation confidence: above about 2 it is reliable, below it a guess. */
  confidence: number;
}

export interface RecognitionPoolOptions {
  /** The application's cache folder; the language models are copied under it. */
  cacheDir: string;
  /** Pages recognized at the same time (one worker each). Default: defaultPoolSize(). */
  size?: number;
  /** A worker is replaced after this many pages, to give its memory back. Default 50. */
  recycleAfterPages?: number;
  /** Tesseract language codes, main language first. Default ['vie']. */
  languages?: string[];
}

/**
 * Two kinds of engine: the LSTM text recognizer, and the legacy engine with the `osd` model, which is
 * the only one that detects orientation (the LSTM models cannot be loaded into it and vice versa).
 */
type EngineKind = 'text' | 'orientation';

/**
 * A worker on A4 pages at 200 dpi measured about 140 MB after its first page and levelled off near
 * 210 MB after 27; larger scans grow its WASM heap further, hence the margin.
 */
const WORKER_MEMORY_BYTES = 400 * 1024 * 1024;
const DEFAULT_RECYCLE_AFTER_PAGES = 50;
/**
 * Vietnamese alone: its model reads the Latin letters of the odd English word too, and adding `eng`
 * made the nine real pages of vn-admin-real both worse (CER 12.2 % against 11.7 %: English words win
 * over Vietnamese ones that lost a mark, "Uy" for "Ủy") and slower (21 s against 15 s). The English
 * model ships all the same, for documents in English (`languages: ['eng']`, or ['vie', 'eng']).
 */
const DEFAULT_LANGUAGES = ['vie'];
/** Only the layout tree is needed: the page text is rebuilt from it so that text and words agree. */
const OUTPUT: Partial<OutputFormats> = { text: false, blocks: true };
/**
 * Unread regions read again on a page, the largest first: a signature block or two; a drawing's many
 * unread shapes are not worth a reading each.
 */
const MAX_REREADS = 3;
/**
 * Words read again in an unread region are kept from this confidence up: what sparse reading finds in
 * a seal's ring or a signature's strokes stays below it (measured on vn-admin-real: under 55).
 */
const REREAD_MIN_CONFIDENCE = 60;

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

async function startEngine(languageFolder: string, languages: string[], kind: EngineKind): Promise<Engine> {
  // tesseract.js reports a failed start (unreadable model) only through errorHandler: the promise of
  // createWorker then never settles. Without errorHandler it throws from its message listener instead.
  let failStart: (reason: unknown) => void = () => undefined;
  const startFailed = new Promise<never>((_, reject) => {
    failStart = reject;
  });
  const legacy = kind === 'orientation';
  const engine = await Promise.race([
    createWorker(languages, legacy ? OEM.TESSERACT_ONLY : OEM.LSTM_ONLY, {
      legacyCore: legacy,
      legacyLang: legacy,
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
    // nine real pages of vn-admin-real). Orientation detection sets its own (OSD only). debug_file
    // silences Tesseract's per-page chatter on stderr ("Estimating resolution as …", "Too few
    // characters"); failures still reject the job.
    await engine.setParameters(legacy ? { debug_file: '/dev/null' } : { tessedit_pageseg_mode: PSM.AUTO, debug_file: '/dev/null' });
  } catch (error) {
    await engine.terminate();
    throw error;
  }
  return engine;
}

/** Whether two boxes share more than a sliver (a fifth of the smaller one's area). */
function overlaps(a: WordBox, b: WordBox): boolean {
  const shared = Math.max(0, Math.min(a.x1, b.x1) - Math.max(a.x0, b.x0)) * Math.max(0, Math.min(a.y1, b.y1) - Math.max(a.y0, b.y0));
  const area = (box: WordBox) => (box.x1 - box.x0) * (box.y1 - box.y0);
  return shared > 0.2 * Math.min(area(a), area(b));
}

/** Whether the word's centre lies in one of the boxes. */
function inAny(word: WordBox, boxes: readonly WordBox[]): boolean {
  const x = (word.x0 + word.x1) / 2;
  const y = (word.y0 + word.y1) / 2;
  return boxes.some((b) => x >= b.x0 && x <= b.x1 && y >= b.y0 && y <= b.y1);
}

/** Tesseract's lines as read, words trimmed to NFC, each line with its paragraph's number. */
function linesOf(blocks: Block[]): ReadLine[] {
  const lines: ReadLine[] = [];
  for (const [index, paragraph] of blocks.flatMap((block) => block.paragraphs).entries()) {
    for (const line of paragraph.lines) {
      const words = line.words
        .map((word) => ({ ...word.bbox, text: word.text.normalize('NFC').trim(), confidence: word.confidence }))
        .filter(({ text }) => text !== '')
        .map(({ text, x0, y0, x1, y1, confidence }) => ({ text, x0, y0, x1, y1, confidence, line: 0 }));
      if (words.length > 0) lines.push({ words, paragraph: index });
    }
  }
  return lines;
}

/**
 * The page's lines in reading order, written as its text. Set aside first (WordView.aside), so that they
 * neither join the header's columns nor the text: the words inside a stamp box, then the lines left with
 * no sure text (isText). They keep their own lines, numbered after the text's.
 */
function toRecognitionResult(lines: ReadLine[], stamps: readonly WordBox[]): RecognitionResult {
  const read: ReadLine[] = [];
  const aside: ReadLine[] = [];
  const setAside = (words: RecognizedWord[], reason: WordAside) => words.map((word) => ({ ...word, aside: reason }));
  for (const { words, paragraph } of lines) {
    const outside = words.filter((word) => !inAny(word, stamps));
    const inside = words.filter((word) => inAny(word, stamps));
    if (inside.length > 0) aside.push({ words: setAside(inside, 'stamp'), paragraph });
    if (outside.some(isText)) read.push({ words: outside, paragraph });
    else if (outside.length > 0) aside.push({ words: setAside(outside, 'noise'), paragraph });
  }
  // Lines are numbered, and the text written, in reading order.
  const words: RecognizedWord[] = [];
  let lineIndex = 0;
  const number = (line: ReadLine) => {
    for (const word of line.words) words.push({ ...word, line: lineIndex });
    lineIndex += 1;
  };
  const text = inReadingOrder(read)
    .map((group) =>
      group
        .map((line) => {
          number(line);
          return line.words.map((word) => word.text).join(' ');
        })
        .join('\n'),
    )
    .join('\n\n');
  aside.forEach(number);
  return { text, confidence: textConfidence(words), words };
}

/** The mean confidence of the words of the text, those set aside left out (a speck's 3 says nothing of the text). */
export function textConfidence(words: readonly RecognizedWord[]): number {
  const text = words.filter((word) => !word.aside);
  return text.length === 0 ? 0 : text.reduce((sum, word) => sum + word.confidence, 0) / text.length;
}

/**
 * Reads again, one by one and as sparse text, the regions of the page with ink far from every word of
 * `lines` (see unread-regions.ts): the signature block under a seal that the page layout took for a
 * picture. Words found with enough confidence come back in rows, one paragraph a region.
 */
async function readUnread(engine: Engine, image: Buffer, lines: readonly ReadLine[], stamps: readonly WordBox[]): Promise<ReadLine[]> {
  const words = lines.flatMap((line) => line.words);
  if (words.length === 0) return [];
  const decoded = sharp(image, { limitInputPixels: maxPixels() });
  const { density } = await decoded.metadata();
  const { data, info } = await decoded.toColourspace('b-w').raw().toBuffer({ resolveWithObject: true });
  const regions = findUnreadRegions({ data, width: info.width, height: info.height }, [...words, ...stamps], median(words.map((w) => w.y1 - w.y0)))
    .sort((a, b) => (b.x1 - b.x0) * (b.y1 - b.y0) - (a.x1 - a.x0) * (a.y1 - a.y0))
    .slice(0, MAX_REREADS);
  if (regions.length === 0) return [];
  const found: ReadLine[] = [];
  let paragraph = Math.max(...lines.map((line) => line.paragraph)) + 1;
  // Put back to AUTO below; should a reading fail in between, #inTurn ends the worker instead of reusing it.
  await engine.setParameters({ tessedit_pageseg_mode: PSM.SPARSE_TEXT });
  for (const region of regions) {
    // The region cut out and sent alone, at the page's resolution: Tesseract would otherwise decode the
    // whole page again for each region.
    let cut = sharp(data, { raw: { width: info.width, height: info.height, channels: 1 }, limitInputPixels: maxPixels() }).extract({
      left: region.x0,
      top: region.y0,
      width: region.x1 - region.x0,
      height: region.y1 - region.y0,
    });
    if (density) cut = cut.withDensity(density);
    const { data: read } = await engine.recognize(await cut.png({ compressionLevel: 1 }).toBuffer(), {}, OUTPUT);
    // A region's edge can cut through words already read: their pieces, read again, are left out.
    const sure = linesOf(read.blocks ?? [])
      .flatMap((line) => line.words)
      .map((word) => ({ ...word, x0: word.x0 + region.x0, x1: word.x1 + region.x0, y0: word.y0 + region.y0, y1: word.y1 + region.y0 }))
      .filter((word) => isText(word) && word.confidence >= REREAD_MIN_CONFIDENCE && !words.some((known) => overlaps(word, known)));
    for (const row of intoRows(sure)) found.push({ words: row, paragraph });
    paragraph += 1;
  }
  await engine.setParameters({ tessedit_pageseg_mode: PSM.AUTO });
  return found;
}

export class RecognitionPool {
  readonly #cacheDir: string;
  readonly #size: number;
  readonly #recycleAfterPages: number;
  readonly #languages: string[];
  readonly #languageFolders: Partial<Record<EngineKind, Promise<string>>> = {};
  /** Workers ready for a page, by kind. Busy workers are held by the page they work on. */
  readonly #idle: Record<EngineKind, PooledWorker[]> = { text: [], orientation: [] };
  /** Workers alive, idle or busy, of both kinds: never more than `size` (each holds its own WASM heap). */
  #live = 0;
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

  get stats(): { workersCreated: number; workersAlive: number; pagesRecognized: number } {
    return { workersCreated: this.#workersCreated, workersAlive: this.#live, pagesRecognized: this.#pagesRecognized };
  }

  /**
   * Recognizes one page image (PNG, JPEG, TIFF, BMP… as bytes). Waits for a free worker when `size`
   * pages are already being recognized. Words whose centre lies in one of `stamps` (incoming-document
   * stamp boxes in the image's pixels) and lines with no sure text are set aside (WordView.aside): out of
   * the text. Ink left unread is read again (readUnread). Fails with AppError OCR_FAILED; the pool stays
   * usable.
   */
  recognize(image: Buffer, stamps: readonly WordBox[] = []): Promise<RecognitionResult> {
    return this.#track(
      this.#inTurn('text', async (engine) => {
        const { data } = await engine.recognize(image, {}, OUTPUT);
        const lines = linesOf(data.blocks ?? []);
        for (const found of await readUnread(engine, image, lines, stamps)) {
          // Before the first line read below it: the body keeps Tesseract's order, and this is its place in it.
          const below = lines.findIndex((line) => boundingBox(line.words).y0 > boundingBox(found.words).y1);
          lines.splice(below < 0 ? lines.length : below, 0, found);
        }
        this.#pagesRecognized += 1;
        return toRecognitionResult(lines, stamps);
      }),
    );
  }

  /**
   * Which way up a page image is (Tesseract's orientation and script detection, legacy engine, `osd`
   * model). Takes a turn like a page, so that detection and recognition together never use more threads
   * than the pool's size. Fails with AppError OCR_FAILED; the pool stays usable.
   */
  detectOrientation(image: Buffer): Promise<PageOrientation> {
    return this.#track(
      this.#inTurn('orientation', async (engine) => {
        const { data } = await engine.detect(image);
        const degrees = (((Math.round((data.orientation_degrees ?? 0) / 90) * 90) % 360) + 360) % 360;
        return { rotation: degrees as PageOrientation['rotation'], confidence: data.orientation_confidence ?? 0 };
      }),
    );
  }

  #track<T>(job: Promise<T>): Promise<T> {
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
    const idle = [...this.#idle.text.splice(0), ...this.#idle.orientation.splice(0)];
    await Promise.all(idle.map((pooled) => this.#retire(pooled)));
  }

  async #inTurn<T>(kind: EngineKind, work: (engine: Engine) => Promise<T>): Promise<T> {
    await this.#takeTurn();
    try {
      const pooled = this.#idle[kind].pop() ?? (await this.#startWorker(kind));
      let result: T;
      try {
        result = await Promise.race([work(pooled.engine), pooled.died]);
      } catch (error) {
        // The worker's state after a failure is unknown: replace it rather than reuse it.
        await this.#retire(pooled);
        throw error;
      }
      pooled.pages += 1;
      if (pooled.pages >= this.#recycleAfterPages || this.#closed) await this.#retire(pooled);
      else this.#idle[kind].push(pooled);
      return result;
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

  async #retire(pooled: PooledWorker): Promise<void> {
    this.#live -= 1;
    await pooled.engine.terminate();
  }

  async #startWorker(kind: EngineKind): Promise<PooledWorker> {
    // An idle worker of the other kind gives its place (and its heap) up first: the orientation worker
    // that turned a large sheet would otherwise sit beside the text workers that read it.
    const other = this.#idle[kind === 'text' ? 'orientation' : 'text'];
    while (this.#live >= this.#size && other.length > 0) await this.#retire(other.shift()!);
    const languages = kind === 'text' ? this.#languages : ['osd'];
    const pending = (this.#languageFolders[kind] ??= ensureLanguageData(this.#cacheDir, languages));
    let folder: string;
    try {
      folder = await pending;
    } catch (error) {
      delete this.#languageFolders[kind]; // try again on the next page, e.g. after a full disk was freed
      throw error;
    }
    const engine = await startEngine(folder, languages, kind);
    this.#live += 1;
    this.#workersCreated += 1;
    return { engine, pages: 0, died: watchThread(engine) };
  }
}
