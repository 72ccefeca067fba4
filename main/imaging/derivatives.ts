// Images derived from a page master through its recipe. The master itself is never changed; these are
// rebuilt at will. Every derivative goes through `renderPage`, so the thumbnail, the viewer, the OCR
// image and the PDF page always show the same page.
import sharp, { type OverlayOptions, type Sharp } from 'sharp';
import { detectBlank, type BlankVerdict } from './blank-page';
import { maxPixels, plausibleDpi } from './image-limits';
import { stagingFile, withStagingFile } from './staging';
import { findStampBoxes } from './stamp-boxes';
import type { WordBox } from './word-box';
import { otsuThreshold, tonePercentiles } from './threshold';
import { IDENTITY_RECIPE, type Box, type PageRecipe } from '../contract/page-recipe';
import { clampCrop, isQuarterTurn, masterBoxToOutput, outputSize, scaledSize, scaleBox, turnedSize, totalAngle, type Size } from './page-geometry';

const THUMBNAIL_WIDTH = 240;
const VIEW_MAX_EDGE = 2400;
/** Tesseract is tuned for text at about 300 dpi; below ~250 dpi small diacritics start to break up. */
const RECOGNITION_DPI = 300;
const UPSAMPLE_BELOW_DPI = 250;
/** Above ~400 dpi OCR gains nothing and costs memory and time: such scans are read at 300 dpi. */
const DOWNSAMPLE_ABOVE_DPI = 400;
/** Intermediate images above this size go through a temporary file instead of memory (large format). */
const IN_MEMORY_PIXELS = 40_000_000;
/**
 * Incoming-document stamps are looked for on pages up to A3 (with a margin): a map's or a drawing's
 * ruled boxes (legend, title block) are its own content.
 */
const STAMPED_PAGE_MAX_MM = 450;

export type MasterInput = Buffer | string;

/**
 * Masters can be A0 sheets of several hundred megapixels, beyond sharp's default pixel limit but within
 * the workstation's cap; libvips streams them, and shrink-on-load keeps the small derivatives cheap.
 */
function openMaster(master: MasterInput, random = false) {
  const image = sharp(master, { limitInputPixels: maxPixels(), ...(random ? { sequentialRead: false } : {}) });
  return random ? withRandomAccess(image) : image;
}

/**
 * sharp 0.35 loses `sequentialRead: false` on its way to libvips: its native side only reads the option
 * when the input descriptor also has an `access` key, which its JavaScript side never sets. Every input is
 * then opened for sequential reading, and turning it by an arbitrary angle makes sharp copy the whole
 * image into memory first (1.8 GB for an A0 sheet at 600 dpi, against 160 MB read tile by tile). The key
 * is added here; tests/unit/imaging/page-render.test.ts checks that it reaches the descriptor.
 */
export function withRandomAccess(image: Sharp): Sharp {
  const input = (image as unknown as { options?: { input?: Record<string, unknown> } }).options?.input;
  if (input) input.access = true;
  return image;
}

export async function masterSize(master: MasterInput): Promise<Size> {
  const { width, height } = await openMaster(master).metadata();
  return { width, height };
}

/**
 * The page as the recipe makes it, optionally scaled by `scale` (output px / page px): region, one
 * rotation for quarter turn + deskew (the uncovered corners take the paper's tone), crop, then the marks
 * painted over, in one libvips pipeline. A turn in the same pipeline as a crop, or on a master read
 * sequentially (every PNG), makes sharp hold the turned image in memory: renders of a large sheet go
 * through `withRenderedPage`, which avoids both.
 */
export async function renderPage(
  master: MasterInput,
  size: Size,
  recipe: PageRecipe,
  scale = 1,
  kernel: 'cubic' | 'lanczos3' = 'lanczos3',
  /** The master is a random-access file (a tiled TIFF): read it tile by tile. */
  random = false,
): Promise<Sharp> {
  const paper = { r: recipe.paper, g: recipe.paper, b: recipe.paper, alpha: 1 };
  const target = scaledSize(outputSize(size, recipe), scale);
  const patches = markPatches(size, recipe, scale);

  let image = openMaster(master, random).flatten({ background: paper });
  let geometry = recipe;
  if (recipe.region && scale !== 1) {
    // sharp has one extract before and one after the resize: with a region, a crop and a resize all in
    // one pipeline, the crop would land after the resize. The region (half a spread) is cut out first.
    const { data, info } = await image
      .extract({ left: recipe.region.x, top: recipe.region.y, width: recipe.region.width, height: recipe.region.height })
      .raw()
      .toBuffer({ resolveWithObject: true });
    image = sharp(data, { raw: { width: info.width, height: info.height, channels: info.channels }, limitInputPixels: maxPixels() });
    geometry = { ...recipe, region: null };
  } else if (recipe.region) {
    image = image.extract({ left: recipe.region.x, top: recipe.region.y, width: recipe.region.width, height: recipe.region.height });
  }
  const angle = totalAngle(geometry);
  if (angle % 360 !== 0) image = image.rotate(angle, { background: paper });
  // An arbitrary angle leaves libvips's rounded frame; extracting the exact frame keeps sizes predictable.
  const frame = geometry.crop ?? (isQuarterTurn(angle) ? null : { x: 0, y: 0, ...turnedSize(size, recipe) });
  if (frame) image = image.extract({ left: frame.x, top: frame.y, width: frame.width, height: frame.height });
  if (scale !== 1) image = image.resize({ width: target.width, height: target.height, fit: 'fill', kernel });
  if (patches.length > 0) image = image.composite(patches);
  return image.removeAlpha();
}

/** Paper-toned patches over the recipe's marks, placed on the page rendered at `scale`. */
function markPatches(size: Size, recipe: PageRecipe, scale: number): OverlayOptions[] {
  const out = outputSize(size, recipe);
  const target = scaledSize(out, scale);
  const sx = target.width / out.width;
  const sy = target.height / out.height;
  const paper = { r: recipe.paper, g: recipe.paper, b: recipe.paper, alpha: 1 };
  return recipe.marks
    .map((mark) => masterBoxToOutput(size, recipe, mark))
    .filter((box) => box !== null)
    .map((box) => {
      const left = Math.floor(box.x * sx);
      const top = Math.floor(box.y * sy);
      const width = Math.max(1, Math.min(target.width - left, Math.ceil((box.x + box.width) * sx) - left));
      const height = Math.max(1, Math.min(target.height - top, Math.ceil((box.y + box.height) * sy) - top));
      return { input: { create: { width, height, channels: 3 as const, background: paper } }, left, top };
    });
}

/**
 * A master decoded once and shrunk by `factor` (with the master's size for mapping back), for small
 * renders of a large sheet: one streaming decode instead of a full-size rotation.
 */
export interface RenderSource {
  input: MasterInput;
  size: Size;
  /** Source px per master px. */
  factor: number;
  master: Size;
}

export async function shrunkSource(master: MasterInput, size: Size, factor: number): Promise<RenderSource> {
  if (factor >= 1) return { input: master, size, factor: 1, master: size };
  const small = scaledSize(size, factor);
  const input = await openMaster(master).resize({ ...small, fit: 'fill' }).png({ compressionLevel: 0 }).toBuffer();
  return { input, size: small, factor, master: size };
}

/** A recipe for the master, expressed on a shrunk source (boxes scaled; angles are the same). */
export function onSource(recipe: PageRecipe, source: RenderSource): PageRecipe {
  if (source.factor === 1) return recipe;
  const scale = (box: Box) => scaleBox(box, source.factor);
  const region = recipe.region ? scale(recipe.region) : null;
  const fitted = region
    ? { ...region, width: Math.min(region.width, source.size.width - region.x), height: Math.min(region.height, source.size.height - region.y) }
    : null;
  const shrunk: PageRecipe = { ...recipe, region: fitted, crop: null, marks: recipe.marks.map(scale) };
  return { ...shrunk, crop: recipe.crop ? clampCrop(scale(recipe.crop), turnedSize(source.size, shrunk)) : null };
}

/**
 * Renders the page for `use`, keeping a large sheet's memory bounded. sharp turns an image in memory
 * unless it can read the image tile by tile and the turn is alone in its pipeline: a small render of a
 * large sheet is therefore made from a shrunk copy, and a full-size one through tiled TIFF stages
 * (temporary files, removed afterwards). A sheet that is not turned streams as it is.
 */
export async function withRenderedPage<T>(master: MasterInput, size: Size, recipe: PageRecipe, scale: number, kernel: 'cubic' | 'lanczos3', use: (image: Sharp) => Promise<T>): Promise<T> {
  if (size.width * size.height <= IN_MEMORY_PIXELS || totalAngle(recipe) % 360 === 0) return use(await renderPage(master, size, recipe, scale, kernel));
  if (scale < 0.5) {
    const source = await shrunkSource(master, size, 2 * scale);
    const target = scaledSize(outputSize(size, recipe), scale);
    const small = onSource(recipe, source);
    const image = await renderPage(source.input, source.size, small, target.width / outputSize(source.size, small).width, kernel);
    // Rounding on the shrunk copy can differ by a pixel: the result has exactly the size asked for.
    const { data, info } = await image.raw().toBuffer({ resolveWithObject: true });
    return use(sharp(data, { raw: { width: info.width, height: info.height, channels: info.channels }, limitInputPixels: maxPixels() }).resize({ ...target, fit: 'fill' }));
  }
  // Two tiled TIFF stages: the master (a PNG can only be read from top to bottom), then the turned sheet
  // (the turn alone in its pipeline, read tile by tile, streams; with the crop it would be held in memory).
  const tiled = { compression: 'none', tile: true, tileWidth: 256, tileHeight: 256 } as const;
  return withStagingFile('master', 'tif', (master1) =>
    withStagingFile('turned', 'tif', async (turned) => {
      const paper = { r: recipe.paper, g: recipe.paper, b: recipe.paper };
      await openMaster(master).flatten({ background: paper }).removeAlpha().tiff(tiled).toFile(master1);
      // The turn alone (no crop in this pipeline), as libvips sizes it.
      let sheet = openMaster(master1, true);
      if (recipe.region) sheet = sheet.extract({ left: recipe.region.x, top: recipe.region.y, width: recipe.region.width, height: recipe.region.height });
      await sheet.rotate(totalAngle(recipe), { background: { ...paper, alpha: 1 } }).removeAlpha().tiff(tiled).toFile(turned);
      // The turned sheet is a master of its own now: what is left is the crop (or the exact frame) and the scale.
      const crop = recipe.crop ?? { x: 0, y: 0, ...turnedSize(size, recipe) };
      const rest: PageRecipe = { ...recipe, region: null, rotation: 0, deskewAngle: 0, crop, marks: [] };
      const image = await renderPage(turned, await masterSize(turned), rest, scale, kernel, true);
      const marks = markPatches(size, recipe, scale);
      return await use(marks.length > 0 ? image.composite(marks) : image);
    }),
  );
}

/** Small preview for page lists. */
export async function thumbnail(master: MasterInput, recipe: PageRecipe = IDENTITY_RECIPE): Promise<Buffer> {
  const size = await masterSize(master);
  const out = outputSize(size, recipe);
  return withRenderedPage(master, size, recipe, THUMBNAIL_WIDTH / out.width, 'lanczos3', (image) => image.jpeg({ quality: 78 }).toBuffer());
}

/** Screen-sized image for the page viewer. Word boxes (in page pixels) scale onto it by one factor. */
export async function viewImage(master: MasterInput, recipe: PageRecipe = IDENTITY_RECIPE): Promise<Buffer> {
  const size = await masterSize(master);
  const out = outputSize(size, recipe);
  const scale = Math.min(1, VIEW_MAX_EDGE / Math.max(out.width, out.height));
  return withRenderedPage(master, size, recipe, scale, 'lanczos3', (image) => image.jpeg({ quality: 85 }).toBuffer());
}

/** The page at full resolution, for the archival PDF: lossless PNG, or JPEG for a JPEG master. */
export async function pageImage(master: MasterInput, recipe: PageRecipe, format: 'png' | 'jpeg'): Promise<Buffer> {
  const size = await masterSize(master);
  return withRenderedPage(master, size, recipe, 1, 'lanczos3', (image) =>
    format === 'jpeg' ? image.jpeg({ quality: 90, chromaSubsampling: '4:4:4' }).toBuffer() : image.png({ compressionLevel: 6 }).toBuffer(),
  );
}

/**
 * The image OCR reads: grey (or the red channel, which drops red seals), optionally despeckled,
 * contrast-stretched and made black and white, at about 300 dpi. `scale` is OCR px / page px: divide
 * word boxes found on `data` by it to get page coordinates. Only this derivative gets these treatments;
 * the viewed and archived page keeps its tones. `blank` is the blank-page verdict on the same rendering
 * before those treatments (a stretched contrast would turn a blank page's noise into ink), so that the
 * master is decoded once for both. `stamps` are the incoming-document stamp boxes found on `data` (in its
 * pixels, see stamp-boxes.ts), on pages of a known resolution up to A3.
 */
export async function recognitionImage(master: MasterInput, declaredDpi: number, recipe: PageRecipe = IDENTITY_RECIPE): Promise<{ data: Buffer; scale: number; blank: BlankVerdict; stamps: WordBox[] }> {
  const meta = await openMaster(master).metadata();
  const size = { width: meta.width, height: meta.height };
  const colour = meta.channels >= 3;
  const out = outputSize(size, recipe);
  // A resolution no scan has (a page stored before such values were set aside) is read as unknown.
  const dpi = plausibleDpi(declaredDpi) ? declaredDpi : 0;
  const scale = recognitionScale(out, dpi);
  const options = recipe.recognition;
  // Cubic, not Lanczos, when enlarging for OCR: Lanczos rings around strokes and Tesseract reads the rings.
  // Channel choice and the grey treatments run as separate stages: sharp orders the operations of one
  // pipeline itself, and a channel extraction followed by a colourspace change reads the wrong band.
  const grey = await withRenderedPage(master, size, recipe, scale, 'cubic', async (page) => {
    const staged = await stage(page, out.width * out.height * scale * scale);
    try {
      const rendered = () => sharp(staged.input, { limitInputPixels: maxPixels(), ...(staged.raw ? { raw: staged.raw } : {}) });
      // The red channel alone: black and blue ink stay dark, a red seal turns pale.
      const grey = await (options.sealDropout && colour ? rendered().extractChannel(0) : rendered().greyscale()).raw().toBuffer({ resolveWithObject: true });
      return { ...grey, blank: await detectBlank(rendered(), { widthMm: dpi > 0 ? (out.width / dpi) * 25.4 : undefined }) };
    } finally {
      await staged.dispose();
    }
  });
  const { width, height } = grey.info;
  const raw = { width, height, channels: 1 as const };
  let data = grey.data;
  if (options.despeckle) data = await sharp(data, { raw, limitInputPixels: maxPixels() }).median(3).toColourspace('b-w').raw().toBuffer();
  // Point operations on the bytes themselves: sharp's normalise works on a Lab lightness that a
  // single-band raw image does not have.
  if (options.contrast) {
    // A page with little ink (under 1 %: a closing page's one line) has nothing but paper and the
    // lamp's falloff for Tesseract's global threshold to split: the falloff is evened out first. Pages
    // with more ink are left as they are, so that their reading does not change. Little ink: the darkest
    // 1 % is still paper (see STRETCH_MIN_INK).
    const tones = tonePercentiles(data);
    const flattened = tones(0.5) - tones(0.01) < STRETCH_MIN_INK;
    if (flattened) await flattenIllumination(data, width, height);
    // On an evened page the stretch is gentler: what is left of the falloff and the noise is not paper's
    // texture to be made four times as strong.
    stretchContrast(data, flattened ? tonePercentiles(data) : tones, flattened ? 2 * STRETCH_MIN_INK : STRETCH_MIN_INK);
  }
  if (options.bitonal) {
    const threshold = otsuThreshold(data);
    for (let i = 0; i < data.length; i++) data[i] = data[i]! < threshold ? 0 : 255;
  }
  const density = dpi * scale;
  const stamped = dpi > 0 && (Math.max(width, height) * 25.4) / density <= STAMPED_PAGE_MAX_MM;
  const stamps = stamped ? findStampBoxes({ data, width, height }, density) : [];
  // Tesseract reads the resolution from the PNG header and sizes its expectations of the text by it.
  let png = sharp(data, { raw, limitInputPixels: maxPixels() }).toColourspace('b-w');
  if (dpi > 0) png = png.withDensity(Math.round(density));
  return { data: await png.png({ compressionLevel: 3 }).toBuffer(), scale, blank: grey.blank, stamps };
}

/**
 * OCR px per page px for a page of `out` pixels at `dpi` (0 when unknown): pages far from 300 dpi are
 * resampled to it, by the exact ratio after rounding so that mapped boxes land on the right page pixels.
 */
export function recognitionScale(out: Size, dpi: number): number {
  if (!plausibleDpi(dpi) || (dpi >= UPSAMPLE_BELOW_DPI && dpi <= DOWNSAMPLE_ABOVE_DPI)) return 1;
  const scale = Math.round((out.width * RECOGNITION_DPI) / dpi) / out.width;
  // Enlarging never takes the OCR image past the pixel cap: an A0 sheet at 600 dpi whose header says
  // 72 dpi is read as 200 dpi, and enlarged by 1.5 it would be 1.25 gigapixels that nothing can decode.
  // Its text is large enough as it is.
  if (scale > 1 && out.width * out.height * scale * scale > maxPixels()) return 1;
  return scale;
}

/**
 * The black point of a stretch stays at least this far below the paper's median tone: on a page with
 * under 1 % of ink (a closing page with one line, cropped out of its scanner bed) the darkest 1 % is
 * paper, and stretching it to black would turn the lamp's dim side into a dark field over the text.
 * Faded ink on yellowed paper (110 on 170) is still stretched to full contrast.
 */
const STRETCH_MIN_INK = 56;

/**
 * Stretches grey levels so that the darkest 1 % become black and the lightest 1 % white, the black point
 * staying at least `minInk` below the paper's median tone (see STRETCH_MIN_INK).
 */
function stretchContrast(data: Buffer, percentile: (share: number) => number, minInk: number): void {
  const low = Math.min(percentile(0.01), percentile(0.5) - minInk);
  const high = percentile(0.99);
  if (high <= low) return;
  const table = new Uint8Array(256);
  for (let v = 0; v < 256; v++) table[v] = Math.max(0, Math.min(255, Math.round(((v - low) * 255) / (high - low))));
  for (let i = 0; i < data.length; i++) data[i] = table[data[i]!]!;
}

/**
 * The paper's own tone, estimated at 1/16 of the size: the brightest block average within 3 blocks
 * each way (4 mm at 300 dpi, wider than a stroke, near enough for the lamp to change little), smoothed. Dividing by it evens out the lamp's
 * falloff, which a stretch alone cannot: on a page of one line the dim side is as dark as the faint ink
 * of the bright side, and Tesseract's global threshold then cuts through the paper instead of the text.
 */
const PAPER_BLOCK = 16;
const PAPER_REACH = 3;
/** Tones are lifted by at most this much (a photo or a dark band is not paper under a dim lamp). */
const MAX_LIFT = 1.5;

async function flattenIllumination(data: Buffer, width: number, height: number): Promise<void> {
  const small = { width: Math.max(1, Math.ceil(width / PAPER_BLOCK)), height: Math.max(1, Math.ceil(height / PAPER_BLOCK)) };
  const averages = await sharp(data, { raw: { width, height, channels: 1 }, limitInputPixels: maxPixels() })
    .resize({ ...small, fit: 'fill', kernel: 'linear' })
    .toColourspace('b-w')
    .raw()
    .toBuffer();
  // sharp's dilate is a binary morphology (any non-black pixel makes white): the grey maximum is taken here.
  const brightest = maxFilter(averages, small.width, small.height, PAPER_REACH);
  const paper = await sharp(brightest, { raw: { ...small, channels: 1 } })
    .blur(PAPER_REACH)
    .toColourspace('b-w')
    .raw()
    .toBuffer();
  // Bilinear from the small estimate, row by row: no full-size copy of it (140 MB for an A0 sheet).
  const sx = small.width / width;
  const sy = small.height / height;
  const x0 = new Int32Array(width);
  const wx = new Float32Array(width);
  for (let x = 0; x < width; x++) {
    const fx = Math.min(small.width - 1, Math.max(0, (x + 0.5) * sx - 0.5));
    x0[x] = Math.floor(fx);
    wx[x] = fx - x0[x]!;
  }
  for (let y = 0; y < height; y++) {
    const fy = Math.min(small.height - 1, Math.max(0, (y + 0.5) * sy - 0.5));
    const r0 = Math.floor(fy) * small.width;
    const r1 = Math.min(small.height - 1, Math.floor(fy) + 1) * small.width;
    const wy = fy - Math.floor(fy);
    for (let x = 0; x < width; x++) {
      const a = x0[x]!;
      const b = Math.min(small.width - 1, a + 1);
      const top = paper[r0 + a]! + (paper[r0 + b]! - paper[r0 + a]!) * wx[x]!;
      const bottom = paper[r1 + a]! + (paper[r1 + b]! - paper[r1 + a]!) * wx[x]!;
      const tone = top + (bottom - top) * wy;
      const i = y * width + x;
      data[i] = Math.min(255, Math.round(data[i]! * Math.min(MAX_LIFT, 255 / Math.max(1, tone))));
    }
  }
}

/** The largest value within `reach` pixels each way (a square window, done as two passes). */
function maxFilter(data: Buffer, width: number, height: number, reach: number): Buffer {
  const across = Buffer.alloc(data.length);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      let max = 0;
      for (let k = Math.max(0, x - reach); k <= Math.min(width - 1, x + reach); k++) max = Math.max(max, data[y * width + k]!);
      across[y * width + x] = max;
    }
  }
  const out = Buffer.alloc(data.length);
  for (let x = 0; x < width; x++) {
    for (let y = 0; y < height; y++) {
      let max = 0;
      for (let k = Math.max(0, y - reach); k <= Math.min(height - 1, y + reach); k++) max = Math.max(max, across[k * width + x]!);
      out[y * width + x] = max;
    }
  }
  return out;
}

/** Holds a rendered image for a second pipeline: raw pixels in memory, or a staged TIFF when huge. */
async function stage(image: Sharp, pixels: number): Promise<{ input: Buffer | string; raw?: { width: number; height: number; channels: 1 | 2 | 3 | 4 }; dispose: () => Promise<void> }> {
  if (pixels <= IN_MEMORY_PIXELS) {
    const { data, info } = await image.raw().toBuffer({ resolveWithObject: true });
    return { input: data, raw: { width: info.width, height: info.height, channels: info.channels }, dispose: async () => {} };
  }
  const { file, remove } = await stagingFile('stage', 'tif');
  try {
    await image.tiff({ compression: 'none', tile: true, tileWidth: 512, tileHeight: 512 }).toFile(file);
  } catch (error) {
    await remove();
    throw error;
  }
  return { input: file, dispose: remove };
}
