// Images derived from a page master. The master itself is never changed; these are rebuilt at will.
import sharp from 'sharp';

const THUMBNAIL_WIDTH = 240;
const VIEW_MAX_EDGE = 2400;
/** Tesseract is tuned for text at about 300 dpi; below ~250 dpi small diacritics start to break up. */
const RECOGNITION_DPI = 300;
const UPSAMPLE_BELOW_DPI = 250;

/**
 * Masters can be A0 sheets of several hundred megapixels, beyond sharp's default pixel limit; libvips
 * streams them, and shrink-on-load keeps the small derivatives cheap.
 */
function openMaster(master: Buffer | string) {
  return sharp(master, { limitInputPixels: false });
}

/** Small preview for page lists, upright as the scanner or camera meant it. */
export async function thumbnail(master: Buffer | string): Promise<Buffer> {
  return openMaster(master)
    .autoOrient()
    .resize({ width: THUMBNAIL_WIDTH })
    .flatten({ background: '#ffffff' })
    .jpeg({ quality: 78 })
    .toBuffer();
}

/**
 * Screen-sized image for the page viewer. Kept in the master's pixel orientation, like the OCR words
 * and the PDF page, so word boxes scale onto it by one factor.
 */
export async function viewImage(master: Buffer | string): Promise<Buffer> {
  return openMaster(master)
    .resize({ width: VIEW_MAX_EDGE, height: VIEW_MAX_EDGE, fit: 'inside', withoutEnlargement: true })
    .flatten({ background: '#ffffff' })
    .jpeg({ quality: 85 })
    .toBuffer();
}

/**
 * Grayscale, contrast-stretched PNG for OCR, upsampled to about 300 dpi when the scan is coarser.
 * `scale` is output px / master px: divide word boxes found on `data` by it to get master coordinates.
 */
export async function recognitionImage(master: Buffer | string, dpi: number): Promise<{ data: Buffer; scale: number }> {
  const { width } = await openMaster(master).metadata();
  // greyscale() converts before the contrast stretch; toColourspace('b-w') makes the PNG one 8-bit channel.
  const image = openMaster(master).flatten({ background: '#ffffff' }).greyscale().toColourspace('b-w');
  let scale = 1;
  if (dpi > 0 && dpi < UPSAMPLE_BELOW_DPI) {
    const targetWidth = Math.round((width * RECOGNITION_DPI) / dpi);
    image.resize({ width: targetWidth, kernel: 'cubic' });
    // The exact ratio after rounding, so that mapped boxes land on the right master pixels.
    scale = targetWidth / width;
  }
  // Faded photocopies and yellowed paper: stretch the gray levels so ink is near black and paper near white.
  const data = await image.normalise().png({ compressionLevel: 3 }).toBuffer();
  return { data, scale };
}
