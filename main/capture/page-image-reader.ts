// Turns what a clerk points at (a file or a folder of scans) into page images with their resolution.
import { promises as fs } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import sharp, { type Metadata, type SharpOptions } from 'sharp';
import { checkPixels, describePixels, maxPixels, plausibleDpi, readHeader, untrustedResolution } from '../imaging/image-limits';
import { AppError, isAppError } from '../contract/errors';
import { inspectPdf } from './pdf-inspection';

export type ImageFormat = 'png' | 'jpeg' | 'tiff';

export interface ImportFile {
  path: string;
  name: string;
  kind: 'png' | 'jpeg' | 'tiff' | 'pdf';
  /** Set when the entry cannot be opened by its name (not UTF-8, too long a path): reading it throws this. */
  refused?: AppError;
}

export interface CapturedPage {
  /** File name, plus `#n` (1-based) for the n-th page of a multi-page TIFF or PDF. */
  source: string;
  /** The page's number within its file, 1-based (1 for a single-image file). */
  page: number;
  data: Buffer;
  format: ImageFormat;
  width: number;
  height: number;
  dpi: number;
  /** True when the file carried no (believable) resolution and `dpi` is the scanning-rule minimum. */
  dpiAssumed: boolean;
  /** Something the clerk should know about this page although it was read (a resolution set aside, attachments left out). */
  notice?: AppError;
}

const KIND_BY_EXTENSION: Readonly<Record<string, ImportFile['kind']>> = {
  '.png': 'png',
  '.jpg': 'jpeg',
  '.jpeg': 'jpeg',
  '.tif': 'tiff',
  '.tiff': 'tiff',
  '.pdf': 'pdf',
};

/** TT 05/2025 requires at least 200 dpi, so it is the least wrong guess for a scan that does not say. */
const ASSUMED_DPI = 200;
/** Born-digital PDFs have no pixels: render them at the resolution the rules ask of maps and drawings. */
const PDF_RENDER_DPI = 300;
/**
 * A PDF page is rendered into an RGBA canvas and copied out once (8 bytes a pixel in all), and pdfjs
 * decodes each embedded image whole into RGBA: both are capped lower than a scanned master. A0 at
 * 300 dpi (9,933 × 14,043 ≈ 139 MP) still fits; a page or an image beyond is refused before decoding.
 */
const PDF_MAX_PIXELS = 160_000_000;
const PROGRESSIVE_JPEG_MAX_PIXELS = PDF_MAX_PIXELS;
/** Scanners name pages page1 … page10: compare digit runs as numbers so page2 comes before page10. */
const nameOrder = new Intl.Collator('vi', { numeric: true });

export function kindOf(fileName: string): ImportFile['kind'] | undefined {
  return KIND_BY_EXTENSION[path.extname(fileName).toLowerCase()];
}

export async function expandInput(input: string): Promise<ImportFile[]> {
  const absolute = path.resolve(input);
  const name = path.basename(absolute);
  let stat;
  try {
    stat = await fs.stat(absolute);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'ENOENT' && code !== 'ENOTDIR') throw error;
    throw new AppError('PATH_NOT_FOUND', `Không tìm thấy tệp hoặc thư mục «${input}».`, `File or folder «${input}» not found.`, input, { cause: error });
  }

  if (stat.isDirectory()) {
    // Names as bytes: a name that is not UTF-8 (written by an old Windows or a camera) would otherwise be
    // turned into other characters, no longer open, and be skipped without a word.
    const entries = await fs.readdir(absolute, { encoding: 'buffer' });
    const files: ImportFile[] = [];
    for (const raw of entries) {
      const entryName = raw.toString('utf8');
      // Hidden files are OS or scanner droppings (.DS_Store, ._page1.png), never pages.
      if (entryName.startsWith('.')) continue;
      const kind = kindOf(entryName);
      if (!kind) continue;
      const filePath = path.join(absolute, entryName);
      if (!Buffer.from(entryName, 'utf8').equals(raw)) {
        files.push({ path: filePath, name: entryName, kind, refused: unusableName(entryName, 'tên không phải UTF-8', 'the name is not UTF-8') });
        continue;
      }
      // stat follows links to files; a folder named like an image or a dangling link is not a page.
      const entryStat = await fs.stat(filePath).catch((error: unknown) => error as NodeJS.ErrnoException);
      if (entryStat instanceof Error) {
        if (entryStat.code === 'ENAMETOOLONG') files.push({ path: filePath, name: entryName, kind, refused: unusableName(entryName, 'đường dẫn quá dài', 'the path is too long') });
        continue;
      }
      if (!entryStat.isFile()) continue;
      files.push({ path: filePath, name: entryName, kind });
    }
    if (files.length === 0) {
      throw new AppError(
        'NO_IMAGES',
        `Thư mục «${name}» không có tệp ảnh nào (PNG, JPEG, TIFF hoặc PDF).`,
        `Folder «${name}» has no image files (PNG, JPEG, TIFF or PDF).`,
        name,
      );
    }
    return files.sort((a, b) => nameOrder.compare(a.name, b.name));
  }

  const kind = stat.isFile() ? kindOf(name) : undefined;
  if (!kind) {
    throw new AppError(
      'UNSUPPORTED_FORMAT',
      `Tệp «${name}» không thuộc định dạng được hỗ trợ (PNG, JPEG, TIFF hoặc PDF).`,
      `File «${name}» is not in a supported format (PNG, JPEG, TIFF or PDF).`,
      name,
    );
  }
  return [{ path: absolute, name, kind }];
}

/** A file whose name cannot be used as it is: refused with its own message, the other files go on. */
export function unusableName(name: string, whyVi: string, whyEn: string): AppError {
  return new AppError(
    'FILE_NAME_UNUSABLE',
    `Không dùng được tên tệp «${name}» (${whyVi}) nên tệp này không được nhập. Hãy đổi tên tệp rồi nhập lại; các tệp khác vẫn được nhập.`,
    `The file name «${name}» cannot be used (${whyEn}), so the file was not imported. Rename it and import it again; the other files are still imported.`,
    name,
  );
}

export function corrupt(name: string, cause: unknown): AppError {
  return new AppError(
    'IMAGE_CORRUPT',
    `Không đọc được tệp ảnh «${name}»: tệp bị hỏng hoặc không phải ảnh. Các trang khác vẫn được nhập.`,
    `Cannot read image file «${name}»: the file is damaged or is not an image. The other pages are still imported.`,
    name,
    { cause },
  );
}

/**
 * libvips reports 72 dpi when a PNG or JPEG declares no resolution, and cameras and office software write
 * 72 as a placeholder; nobody scans records at 72 dpi, so it is treated as "unknown" like a missing value.
 * A value no scan can have (0, 1, 100,000 dpi) is set aside too, and `declared` keeps it for the warning;
 * a TIFF that names a unit but whose resolution libvips cannot read (0 or x/0) declared 0.
 */
export function resolution(header: Pick<Metadata, 'density' | 'resolutionUnit'>): { dpi: number; dpiAssumed: boolean; declared?: number } {
  const { density, resolutionUnit } = header;
  if (density === undefined && resolutionUnit !== undefined) return { dpi: ASSUMED_DPI, dpiAssumed: true, declared: 0 };
  if (density === undefined || density === 72) return { dpi: ASSUMED_DPI, dpiAssumed: true };
  if (!plausibleDpi(density)) return { dpi: ASSUMED_DPI, dpiAssumed: true, declared: density };
  return { dpi: density, dpiAssumed: false };
}

/** A page's resolution, with the warning when its declared value was set aside. */
function pageResolution(source: string, header: Pick<Metadata, 'density' | 'resolutionUnit'>): Pick<CapturedPage, 'dpi' | 'dpiAssumed' | 'notice'> {
  const { dpi, dpiAssumed, declared } = resolution(header);
  return declared === undefined ? { dpi, dpiAssumed } : { dpi, dpiAssumed, notice: untrustedResolution(source, declared, dpi) };
}

export interface InspectedImage {
  metadata: Metadata;
  format: ImageFormat;
  pageCount: number;
}

/**
 * Reads a raster file's header only, never its pixels: its format (the bytes, not the extension) and
 * the size of every page, each checked against the pixel cap. Throws the clerk's message for an empty,
 * unreadable, unsupported or too large file.
 */
export async function inspectImage(file: Pick<ImportFile, 'path' | 'name'>): Promise<InspectedImage> {
  let metadata: Metadata;
  try {
    if ((await fs.stat(file.path)).size === 0) throw empty(file.name);
    metadata = await readHeader(file.path);
  } catch (error) {
    throw isAppError(error) ? error : corrupt(file.name, error);
  }
  // Trust the bytes over the extension: a PNG saved as .jpg must be stored and embedded as a PNG.
  const format = metadata.format === 'png' || metadata.format === 'jpeg' || metadata.format === 'tiff' ? metadata.format : undefined;
  if (!format) {
    throw new AppError(
      'UNSUPPORTED_FORMAT',
      `Tệp «${file.name}» là ảnh ${metadata.format.toUpperCase()}, không thuộc định dạng được hỗ trợ (PNG, JPEG, TIFF hoặc PDF).`,
      `File «${file.name}» is a ${metadata.format.toUpperCase()} image, not a supported format (PNG, JPEG, TIFF or PDF).`,
      file.name,
    );
  }
  const pageCount = metadata.pages ?? 1;
  // libjpeg holds a progressive JPEG's coefficients for the whole image while it decodes (up to 6 bytes
  // a pixel): such a file gets the PDF canvas's lower cap rather than the streaming one.
  const cap = format === 'jpeg' && metadata.isProgressive ? Math.min(maxPixels(), PROGRESSIVE_JPEG_MAX_PIXELS) : maxPixels();
  checkPixels(file.name, metadata.width, metadata.height, pageCount > 1 ? `${file.name}#1` : file.name, cap);
  // Every page of a multi-page TIFF has its own header and size: one huge page refuses the file before
  // any page is decoded, rather than leaving a document with a page silently missing.
  for (let page = 1; page < pageCount; page++) {
    let size: Metadata;
    try {
      size = await readHeader(file.path, page);
    } catch (error) {
      throw corrupt(file.name, error);
    }
    checkPixels(file.name, size.width, size.height, `${file.name}#${page + 1}`);
  }
  return { metadata, format, pageCount };
}

function empty(name: string): AppError {
  return new AppError(
    'IMAGE_CORRUPT',
    `Tệp «${name}» rỗng (0 byte), không có ảnh nào để nhập. Hãy quét hoặc chép lại tệp; các tệp khác vẫn được nhập.`,
    `File «${name}» is empty (0 bytes): there is no image to import. Scan or copy it again; the other files are still imported.`,
    name,
  );
}

/**
 * Decodes every pixel of a one-page image once, streaming from the file, and keeps almost nothing:
 * rejects when the pixels are cut short or damaged. A nearest-neighbour shrink decodes every row and
 * keeps one pixel in sixteen; stats() would make several passes over a sequential read, which libvips
 * serves by holding the whole decoded image (2.2 GB and 27 s for an A0 sheet at 600 dpi, against
 * 140 MB and 1.5 s).
 */
export async function decodeEveryPixel(file: string, width: number, failOn?: SharpOptions['failOn']): Promise<void> {
  await sharp(file, { limitInputPixels: maxPixels(), sequentialRead: true, ...(failOn ? { failOn } : {}) })
    .resize({ width: Math.ceil(width / 16), kernel: 'nearest' })
    .raw()
    .toBuffer();
}

export async function* readPages(file: ImportFile): AsyncGenerator<CapturedPage> {
  if (file.refused) throw file.refused;
  if (file.kind === 'pdf') {
    yield* renderPdfPages(file);
    return;
  }
  const { metadata, format, pageCount } = await inspectImage(file);
  if (pageCount === 1) {
    let data: Buffer;
    try {
      // Headers can be intact while the pixels are cut short: every pixel is decoded before the file's
      // bytes are read into memory to be stored.
      await decodeEveryPixel(file.path, metadata.width);
      data = await fs.readFile(file.path);
    } catch (error) {
      throw corrupt(file.name, error);
    }
    // The archival master stays exactly as scanned.
    yield { source: file.name, page: 1, data, format, width: metadata.width, height: metadata.height, ...pageResolution(file.name, metadata) };
    return;
  }

  for (let page = 0; page < pageCount; page++) {
    const source = `${file.name}#${page + 1}`;
    let extracted: CapturedPage;
    try {
      const image = sharp(file.path, { page, limitInputPixels: maxPixels() }).keepIccProfile();
      const dpi = pageResolution(source, await image.metadata());
      // Record a resolution in the page only when the scan declared one: an assumed value is not a fact.
      if (!dpi.dpiAssumed) image.withDensity(dpi.dpi);
      // PNG keeps every pixel, shows in the UI and goes into a PDF without loss.
      const png = await image.png().toBuffer({ resolveWithObject: true });
      extracted = { source, page: page + 1, data: png.data, format: 'png', width: png.info.width, height: png.info.height, ...dpi };
    } catch (error) {
      throw corrupt(file.name, error);
    }
    yield extracted;
  }
}

/** pdfjs-dist resources read from its package folder: the workstation must never fetch anything. */
function pdfjsResources() {
  const require = createRequire(import.meta.url);
  const root = path.dirname(require.resolve('pdfjs-dist/package.json'));
  const folder = (name: string) => path.join(root, name) + path.sep;
  return {
    workerSrc: pathToFileURL(path.join(root, 'legacy/build/pdf.worker.mjs')).href,
    cMapUrl: folder('cmaps'),
    standardFontDataUrl: folder('standard_fonts'),
    wasmUrl: folder('wasm'),
    iccUrl: folder('iccs'),
  };
}

/** The slice of pdfjs's canvas factory used here: @napi-rs/canvas objects, typed loosely by pdfjs. */
interface CanvasAndContext {
  canvas: unknown;
  context: { getImageData(x: number, y: number, width: number, height: number): { data: Uint8ClampedArray } };
}
interface CanvasFactory {
  create(width: number, height: number): CanvasAndContext;
  destroy(entry: CanvasAndContext): void;
}

async function* renderPdfPages(file: ImportFile): AsyncGenerator<CapturedPage> {
  // The legacy build carries the polyfills Node 20 needs; loaded lazily so image-only imports never pay for it.
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const { workerSrc, ...resources } = pdfjsResources();
  // In Node pdfjs runs its "worker" on the main thread by importing this module: point it at the local file.
  pdfjs.GlobalWorkerOptions.workerSrc = workerSrc;
  const cap = Math.min(maxPixels(), PDF_MAX_PIXELS);

  let document;
  try {
    if ((await fs.stat(file.path)).size === 0) throw empty(file.name);
    const data = new Uint8Array(await fs.readFile(file.path));
    document = await pdfjs.getDocument({
      data,
      ...resources,
      // A PDF from outside is untrusted input: no code generation from its fonts or functions.
      isEvalSupported: false,
      // A damaged page must fail loudly rather than become a silently blank master.
      stopAtErrors: true,
      // Images are checked beforehand (pdf-inspection.ts); this stops any it could not see (inline
      // images) from being inflated, at the cost of leaving them out of the page.
      maxImageSize: cap,
      // Problems surface as IMAGE_CORRUPT for the clerk; pdfjs's own recovery notes only clutter the log.
      verbosity: pdfjs.VerbosityLevel.ERRORS,
    }).promise;
  } catch (error) {
    if (isAppError(error)) throw error;
    if ((error as { name?: unknown } | null)?.name === 'PasswordException') throw encrypted(file.name, error);
    throw corrupt(file.name, error);
  }

  try {
    const scale = PDF_RENDER_DPI / 72;
    const pages = [];
    // Every page's size, from its MediaBox, before anything is rendered: one page too large refuses the file.
    for (let number = 1; number <= document.numPages; number++) {
      let page;
      try {
        page = await document.getPage(number);
      } catch (error) {
        throw corrupt(file.name, error);
      }
      const viewport = page.getViewport({ scale });
      const width = Math.round(viewport.width);
      const height = Math.round(viewport.height);
      if (!(width >= 1 && height >= 1) || width * height > cap) throw pdfPageTooLarge(file.name, number, viewport.width / scale, viewport.height / scale, cap);
      pages.push({ page, viewport, width, height });
    }
    const { largestImages, attachments } = await inspectPdf(await fs.readFile(file.path));
    const oversized = largestImages.find((image) => !(image.width * image.height <= cap));
    if (oversized) throw pdfImageTooLarge(file.name, oversized.page, cap, oversized);
    for (const [index, { page, viewport, width, height }] of pages.entries()) {
      const number = index + 1;
      let rendered: CapturedPage;
      try {
        // pdfjs's own factory: its drawing code needs canvases from the same @napi-rs/canvas build it loaded.
        const factory = document.canvasFactory as CanvasFactory;
        const entry = factory.create(width, height);
        let rgba: Uint8ClampedArray;
        try {
          await page.render({ canvas: entry.canvas, viewport }).promise;
          rgba = entry.context.getImageData(0, 0, width, height).data;
        } finally {
          // A 300 dpi A3 canvas is ~70 MB: hand it back now rather than when the collector gets round to it.
          factory.destroy(entry);
          page.cleanup();
        }
        // The canvas is RGBA but a page is opaque: an alpha channel would become a soft mask in the PDF.
        const data = await sharp(Buffer.from(rgba.buffer, rgba.byteOffset, rgba.byteLength), { raw: { width, height, channels: 4 }, limitInputPixels: maxPixels() })
          .removeAlpha()
          .withDensity(PDF_RENDER_DPI)
          .png()
          .toBuffer();
        rendered = { source: `${file.name}#${number}`, page: number, data, format: 'png', width, height, dpi: PDF_RENDER_DPI, dpiAssumed: false };
      } catch (error) {
        throw corrupt(file.name, error);
      }
      if (number === 1 && attachments.length > 0) rendered.notice = attachmentsLeftOut(file.name, attachments);
      yield rendered;
    }
  } finally {
    await document.destroy();
  }
}

function encrypted(name: string, cause: unknown): AppError {
  return new AppError(
    'PDF_ENCRYPTED',
    `Tệp PDF «${name}» được bảo vệ bằng mật khẩu nên không mở được. Hãy gỡ mật khẩu (hoặc xin bản không khóa) rồi nhập lại; các tệp khác vẫn được nhập.`,
    `The PDF «${name}» is password-protected and cannot be opened. Remove the password (or get an unlocked copy) and import it again; the other files are still imported.`,
    name,
    { cause },
  );
}

const numbers = new Intl.NumberFormat('vi-VN', { maximumFractionDigits: 0 });

function pdfPageTooLarge(name: string, number: number, widthPt: number, heightPt: number, cap: number): AppError {
  const mm = (pt: number) => numbers.format((pt * 25.4) / 72);
  const px = (pt: number) => numbers.format((pt * PDF_RENDER_DPI) / 72);
  return new AppError(
    'IMAGE_TOO_LARGE',
    `Trang ${number} của tệp PDF «${name}» quá lớn (${mm(widthPt)} × ${mm(heightPt)} mm, ở ${PDF_RENDER_DPI} dpi là ${px(widthPt)} × ${px(heightPt)} điểm ảnh, tối đa ${describePixels(cap)} điểm ảnh) nên tệp không được nhập, để máy không bị treo. Các tệp khác vẫn được nhập.`,
    `Page ${number} of the PDF «${name}» is too large (${mm(widthPt)} × ${mm(heightPt)} mm, ${px(widthPt)} × ${px(heightPt)} pixels at ${PDF_RENDER_DPI} dpi, at most ${cap}), so the file was not imported. The other files are still imported.`,
    name,
  );
}

function pdfImageTooLarge(name: string, number: number, cap: number, image: { width: number; height: number }): AppError {
  const size = `${image.width} × ${image.height}`;
  return new AppError(
    'IMAGE_TOO_LARGE',
    `Trang ${number} của tệp PDF «${name}» chứa một ảnh quá lớn (${numbers.format(image.width)} × ${numbers.format(image.height)} điểm ảnh, tối đa ${describePixels(cap)} điểm ảnh) nên tệp không được nhập, để máy không bị treo. Hãy xuất lại PDF ở độ phân giải thấp hơn; các tệp khác vẫn được nhập.`,
    `Page ${number} of the PDF «${name}» holds an image of ${size} pixels (at most ${cap}), so the file was not imported. Export the PDF again at a lower resolution; the other files are still imported.`,
    name,
  );
}

function attachmentsLeftOut(name: string, attachments: string[]): AppError {
  const list = attachments.map((a) => `«${a}»`).join(', ');
  return new AppError(
    'PDF_ATTACHMENTS_SKIPPED',
    `Tệp PDF «${name}» có ${attachments.length} tệp đính kèm không được nhập: ${list}. Các trang của PDF đã được nhập; nếu tệp đính kèm thuộc hồ sơ, hãy nhập riêng.`,
    `The PDF «${name}» carries ${attachments.length} attachment(s) that were not imported: ${list}. Its pages were imported; import the attachments on their own if they belong to the dossier.`,
    name,
  );
}
