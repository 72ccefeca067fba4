// Stitching several overlapping scanner passes of one large sheet into one page: checks the passes
// (2–6 readable images) with Vietnamese messages, and runs registration and blending. Used by the
// `sohoa stitch` command, by the clerk's "register" preview, and by the import job that stores the
// stitched sheet as a page.
import path from 'node:path';
import sharp from 'sharp';
import { AppError, isAppError } from '../contract/errors';
import { checkPixels, maxPixels, readHeader } from '../imaging/image-limits';
import { withStagingFile } from '../imaging/staging';
import type { StitchDoubtReason } from '../contract/stitch';
import { imaging } from '../imaging/imaging-pool';
import type { StitchResult, TilePlacement } from '../imaging/stitch';

export const MIN_PASSES = 2;
export const MAX_PASSES = 6;
/** Long edge of the preview of each pass that the manual adjustment shows. */
const PREVIEW_EDGE = 600;

export type { StitchResult, TilePlacement };

/** Throws a Vietnamese AppError unless there are 2–6 passes and each is a readable image. */
export async function checkPasses(files: string[]): Promise<void> {
  if (files.length < MIN_PASSES || files.length > MAX_PASSES) {
    throw new AppError(
      'VALIDATION',
      `Cần từ ${MIN_PASSES} đến ${MAX_PASSES} lần quét của cùng một tờ để ghép (đang có ${files.length}).`,
      `Stitching needs ${MIN_PASSES} to ${MAX_PASSES} passes of one sheet (got ${files.length}).`,
      'paths',
    );
  }
  for (const file of files) {
    try {
      const meta = await readHeader(file);
      if (!meta.width || !meta.height) throw new Error('no size');
      // From the header, before registration decodes the pass.
      checkPixels(file, meta.width, meta.height, path.basename(file));
    } catch (error) {
      if (isAppError(error)) throw error;
      throw new AppError('IMAGE_CORRUPT', `Không đọc được ảnh «${path.basename(file)}» để ghép.`, `Cannot read the image «${path.basename(file)}» to stitch.`, file);
    }
  }
}

/** Registers the passes and returns their placements with small previews for the manual adjustment. */
export async function registerPasses(files: string[]): Promise<StitchResult & { previews: Array<{ file: string; width: number; height: number; scale: number; dataUrl: string }> }> {
  await checkPasses(files);
  const result = await imaging().registerTiles(files);
  const previews = await Promise.all(
    files.map(async (file) => {
      const { data, info } = await sharp(file, { limitInputPixels: maxPixels() })
        .resize({ width: PREVIEW_EDGE, height: PREVIEW_EDGE, fit: 'inside' })
        .jpeg({ quality: 70 })
        .toBuffer({ resolveWithObject: true });
      const meta = await sharp(file, { limitInputPixels: maxPixels() }).metadata();
      return { file, width: meta.width, height: meta.height, scale: info.width / meta.width, dataUrl: `data:image/jpeg;base64,${data.toString('base64')}` };
    }),
  );
  return { ...result, previews };
}

/**
 * Stitches the passes into `out` (PNG or TIFF by extension), with the given placements (a clerk's
 * manual adjustment) or registered automatically.
 */
export async function stitchPasses(files: string[], out: string, placements?: TilePlacement[] | null): Promise<StitchResult> {
  await checkPasses(files);
  if (placements && placements.length !== files.length) {
    throw new AppError('VALIDATION', 'Số vị trí chỉnh tay không khớp số lần quét.', 'The manual placements do not match the passes.', 'placements');
  }
  return imaging().stitchTiles(files, out, placements ?? undefined);
}

/** Stitches into a staged TIFF and hands it to `use`; the file is removed afterwards, on every path. */
export async function withStitchedSheet<T>(files: string[], placements: TilePlacement[] | null, use: (file: string, result: StitchResult) => Promise<T>): Promise<T> {
  return withStagingFile('stitch', 'tif', async (file) => use(file, await stitchPasses(files, file, placements)));
}

/** The clerk's warning when automatic registration is unsure of some pass: which, why, and against which. */
export function unsureWarning(result: StitchResult): AppError | null {
  if (!result.unsure) return null;
  const name = (k: number | null): string => (k === null ? '' : path.basename(result.placements[k]?.file ?? ''));
  const vi = result.doubts.map((d) => `${name(d.tile)} (${doubtVi(d.reason, name(d.other))})`);
  const en = result.doubts.map((d) => `${name(d.tile)} (${doubtEn(d.reason, name(d.other))})`);
  if (vi.length === 0) {
    const weak = result.placements.filter((p) => p.confidence < 0.5).map((p) => path.basename(p.file));
    vi.push(...weak);
    en.push(...weak);
  }
  return new AppError(
    'VALIDATION',
    `Ghép tự động chưa chắc chắn ở ${vi.join('; ') || 'một lần quét'}: hãy kiểm tra ảnh ghép và chỉnh tay vị trí nếu cần.`,
    `Automatic registration is unsure of ${en.join('; ') || 'a pass'}: check the stitched sheet and adjust by hand if needed.`,
  );
}

function doubtVi(reason: StitchDoubtReason, other: string): string {
  switch (reason) {
    case 'no-overlap':
      return 'không khớp được với lần quét nào: chỗ chồng mép trống hoặc không cùng tờ';
    case 'weak':
      return `chỗ chồng mép với ${other} có quá ít nét để khớp`;
    case 'ambiguous':
      return `chỗ chồng mép với ${other} khớp được ở nhiều vị trí (họa tiết lặp lại)`;
    case 'contradictory':
      return `chỗ chồng mép với ${other} mâu thuẫn với các chỗ chồng mép khác`;
  }
}

function doubtEn(reason: StitchDoubtReason, other: string): string {
  switch (reason) {
    case 'no-overlap':
      return 'matches no other pass: a blank overlap, or not the same sheet';
    case 'weak':
      return `too little detail in its overlap with ${other}`;
    case 'ambiguous':
      return `its overlap with ${other} fits in more than one place (a repeated pattern)`;
    case 'contradictory':
      return `its overlap with ${other} disagrees with the other overlaps`;
  }
}
