// Turns what a clerk points at (a file or a folder of scans) into page images with their resolution.
import { promises as fs } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import sharp, { type Metadata } from 'sharp';
import { AppError } from '../contract/errors';

export type ImageFormat = 'png' | 'jpeg' | 'tiff';

export interface ImportFile {
  path: string;
  name: string;
  kind: 'png' | 'jpeg' | 'tiff' | 'pdf';
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
  /** True when the file carried no resolution and `dpi` is the scanning-rule minimum. */
  dpiAssumed: boolean;
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
    const entries = await fs.readdir(absolute, { withFileTypes: true });
    const files: ImportFile[] = [];
    for (const entry of entries) {
      // Hidden files are OS or scanner droppings (.DS_Store, ._page1.png), never pages.
      if (entry.name.startsWith('.')) continue;
      const kind = kindOf(entry.name);
      if (!kind) continue;
      const filePath = path.join(absolute, entry.name);
      // stat follows links to files; a folder named like an image or a dangling link is not a page.
      const entryStat = await fs.stat(filePath).catch(() => undefined);
      if (!entryStat?.isFile()) continue;
      files.push({ path: filePath, name: entry.name, kind });
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
 */
export function resolution(density: number | undefined): { dpi: number; dpiAssumed: boolean } {
  if (density === undefined || density === 72 || !(density > 0)) return { dpi: ASSUMED_DPI, dpiAssumed: true };
  return { dpi: density, dpiAssumed: false };
}

export async function* readPages(file: ImportFile): AsyncGenerator<CapturedPage> {
  if (file.kind === 'pdf') {
    yield* renderPdfPages(file);
    return;
  }
  let data: Buffer;
  let metadata: Metadata;
  try {
    data = await fs.readFile(file.path);
    metadata = await sharp(data, { limitInputPixels: false }).metadata();
  } catch (error) {
    throw corrupt(file.name, error);
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
  if (pageCount === 1) {
    try {
      // Headers can be intact while the pixels are cut short: decode every pixel once to be sure.
      await sharp(data, { limitInputPixels: false }).stats();
    } catch (error) {
      throw corrupt(file.name, error);
    }
    // The archival master stays exactly as scanned.
    yield { source: file.name, page: 1, data, format, width: metadata.width, height: metadata.height, ...resolution(metadata.density) };
    return;
  }

  for (let page = 0; page < pageCount; page++) {
    let extracted: CapturedPage;
    try {
      const image = sharp(data, { page, limitInputPixels: false }).keepIccProfile();
      const dpi = resolution((await image.metadata()).density);
      // Record a resolution in the page only when the scan declared one: an assumed value is not a fact.
      if (!dpi.dpiAssumed) image.withDensity(dpi.dpi);
      // PNG keeps every pixel, shows in the UI and goes into a PDF without loss.
      const png = await image.png().toBuffer({ resolveWithObject: true });
      extracted = { source: `${file.name}#${page + 1}`, page: page + 1, data: png.data, format: 'png', width: png.info.width, height: png.info.height, ...dpi };
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

  let document;
  try {
    const data = new Uint8Array(await fs.readFile(file.path));
    document = await pdfjs.getDocument({
      data,
      ...resources,
      // A PDF from outside is untrusted input: no code generation from its fonts or functions.
      isEvalSupported: false,
      // A damaged page must fail loudly rather than become a silently blank master.
      stopAtErrors: true,
      // Problems surface as IMAGE_CORRUPT for the clerk; pdfjs's own recovery notes only clutter the log.
      verbosity: pdfjs.VerbosityLevel.ERRORS,
    }).promise;
  } catch (error) {
    throw corrupt(file.name, error);
  }

  try {
    for (let number = 1; number <= document.numPages; number++) {
      let rendered: CapturedPage;
      try {
        const page = await document.getPage(number);
        const viewport = page.getViewport({ scale: PDF_RENDER_DPI / 72 });
        const width = Math.round(viewport.width);
        const height = Math.round(viewport.height);
        // pdfjs's own factory: its drawing code needs canvases from the same @napi-rs/canvas build it loaded.
        const factory = document.canvasFactory as CanvasFactory;
        const entry = factory.create(width, height);
        await page.render({ canvas: entry.canvas, viewport }).promise;
        const rgba = entry.context.getImageData(0, 0, width, height).data;
        // A 300 dpi A3 canvas is ~70 MB: hand it back now rather than when the collector gets round to it.
        factory.destroy(entry);
        page.cleanup();
        // The canvas is RGBA but a page is opaque: an alpha channel would become a soft mask in the PDF.
        const data = await sharp(Buffer.from(rgba.buffer, rgba.byteOffset, rgba.byteLength), { raw: { width, height, channels: 4 } })
          .removeAlpha()
          .withDensity(PDF_RENDER_DPI)
          .png()
          .toBuffer();
        rendered = { source: `${file.name}#${number}`, page: number, data, format: 'png', width, height, dpi: PDF_RENDER_DPI, dpiAssumed: false };
      } catch (error) {
        throw corrupt(file.name, error);
      }
      yield rendered;
    }
  } finally {
    await document.destroy();
  }
}
