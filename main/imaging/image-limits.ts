// What an image may be before the workstation decodes it. Every file from outside (imports, hot folders,
// stitching passes) is checked from its header against one pixel cap, and the same cap is the
// `limitInputPixels` of every sharp pipeline in main/, so that a header claiming 60,000 × 60,000 pixels
// (a few hundred kilobytes of compressed zeros) is refused instead of being decoded into gigabytes.
import sharp, { type Metadata } from 'sharp';
import { AppError } from '../contract/errors';

/**
 * A0 (841 × 1189 mm) at 600 dpi is 19,866 × 28,087 px ≈ 558 MP, 573 MP with the scanner's margins: the
 * largest sheet the scanning rules call for, plus room. Override with SOHOA_MAX_PIXELS.
 */
export const DEFAULT_MAX_PIXELS = 600_000_000;

/**
 * Resolutions a scan can have. Outside this range the value is a placeholder or a forgery (0, 1,
 * 100,000 dpi): it is set aside and the resolution treated as unknown, since everything downstream
 * (OCR scaling, PDF page size) is derived from it.
 */
export const MIN_PLAUSIBLE_DPI = 50;
export const MAX_PLAUSIBLE_DPI = 4800;

/**
 * Below this many pixels on a side (as OCR reads the page) there is no letter to read; beyond this ratio
 * of long to short side a page is a line, not a sheet. Such pages are kept but never sent to Tesseract.
 */
export const MIN_RECOGNIZABLE_EDGE = 32;
export const MAX_RECOGNIZABLE_ASPECT = 50;

const numbers = new Intl.NumberFormat('vi-VN');

/**
 * The pixel cap: SOHOA_MAX_PIXELS when it is a positive whole number, else the default. Also the
 * `limitInputPixels` of every sharp pipeline, so none decodes what the header check would refuse.
 */
export function maxPixels(): number {
  const configured = Number(process.env.SOHOA_MAX_PIXELS);
  return Number.isSafeInteger(configured) && configured > 0 ? configured : DEFAULT_MAX_PIXELS;
}

/**
 * A file's header: size, format, page count, resolution. metadata() decodes no pixel, so it is the one
 * sharp call made without the cap (with it, sharp refuses the header too, and the clerk could not be told
 * the size): what it reads is what `checkPixels` then holds against the cap.
 */
export function readHeader(input: string | Buffer, page?: number): Promise<Metadata> {
  return sharp(input, { limitInputPixels: false, ...(page === undefined ? {} : { page }) }).metadata();
}

/** "600 triệu" — the cap as a person reads it. */
export function describePixels(pixels: number): string {
  return pixels >= 1_000_000 ? `${numbers.format(Math.round(pixels / 1_000_000))} triệu` : numbers.format(pixels);
}

export function imageTooLarge(subject: string, label: string, width: number, height: number, limit: number): AppError {
  const size = `${numbers.format(width)} × ${numbers.format(height)}`;
  return new AppError(
    'IMAGE_TOO_LARGE',
    `Ảnh «${label}» quá lớn (${size} điểm ảnh, tối đa ${describePixels(limit)} điểm ảnh) nên không được mở, để máy không bị treo. Hãy quét lại ở độ phân giải thấp hơn hoặc chia tờ thành nhiều lần quét; các tệp khác vẫn được nhập.`,
    `Image «${label}» is too large (${width} × ${height} pixels, at most ${limit}) and was not opened, so that the workstation does not hang. Scan it again at a lower resolution or in several passes; the other files are still imported.`,
    subject,
  );
}

/** Throws IMAGE_TOO_LARGE when a header's size exceeds the cap (or is not a size at all). */
export function checkPixels(subject: string, width: number, height: number, label = subject, limit = maxPixels()): void {
  if (!(width > 0 && height > 0) || width * height > limit) throw imageTooLarge(subject, label, width, height, limit);
}

export function plausibleDpi(dpi: number | undefined): dpi is number {
  return dpi !== undefined && dpi >= MIN_PLAUSIBLE_DPI && dpi <= MAX_PLAUSIBLE_DPI;
}

/** The warning when a file's declared resolution was set aside. */
export function untrustedResolution(subject: string, declared: number, assumed: number): AppError {
  const shown = Number.isFinite(declared) ? numbers.format(Math.round(declared * 100) / 100) : String(declared);
  return new AppError(
    'RESOLUTION_UNTRUSTED',
    `Ảnh «${subject}» ghi độ phân giải ${shown} dpi, không thể là của một bản quét (${MIN_PLAUSIBLE_DPI}–${numbers.format(MAX_PLAUSIBLE_DPI)} dpi); trang vẫn được nhập và tạm coi là ${assumed} dpi. Hãy kiểm tra thiết lập của máy quét.`,
    `Image «${subject}» declares ${declared} dpi, which no scan has (${MIN_PLAUSIBLE_DPI}–${MAX_PLAUSIBLE_DPI} dpi); the page is imported and ${assumed} dpi assumed. Check the scanner's settings.`,
    subject,
  );
}

/** Whether a page of this size (as OCR reads it) can hold text at all. */
export function recognizable(size: { width: number; height: number }): boolean {
  const short = Math.min(size.width, size.height);
  const long = Math.max(size.width, size.height);
  return short >= MIN_RECOGNIZABLE_EDGE && long / short <= MAX_RECOGNIZABLE_ASPECT;
}
