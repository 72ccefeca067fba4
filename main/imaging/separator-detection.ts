// Is this scanned page one of our separator sheets (packaging/separator-sheets.ts), and does it carry the
// QR code of an administrative-procedure result? Runs in the imaging worker pool ('find-separator').
//
// QR codes: ZXing on a grey copy of the page, reduced to at most 150 dpi (a module of our 80 mm symbol is
// still ~14 px), which finds them at any rotation and through a few degrees of skew; when the whole page
// gives nothing, overlapping regions at up to 300 dpi (a small TTHC code in a corner of a result page).
// Patch T: the dark bars of a grey copy at 100 dpi (a narrow element is 8 px), each measured by its second
// moments (so a skewed bar has its true length and width), grouped into parallel bars side by side, and
// their widths and gaps compared relative to the group's own extent (ten narrow units for every patch
// code): paper colour, a lighter or darker scan and a slightly enlarged copy change none of these ratios.
import sharp from 'sharp';
import {
  procedureCodesFromPayload,
  separatorFromPayload,
  type PageFinding,
  type ProcedureCodes,
  type SeparatorFinding,
} from '../contract/separators';
import type { MasterInput } from './derivatives';
import { maxPixels } from './image-limits';
import { readQrCodes, type FoundQr } from './qr-codes';
import { tonePercentiles } from './threshold';

const QR_DPI = 150;
const REGION_DPI = 300;
const BAR_DPI = 100;
/** An undecodable QR code this large (mm a side) is taken for one of our sheets (80 mm with its margin). */
const OUR_QR_MIN_MM = 40;

interface Grey {
  data: Uint8Array;
  width: number;
  height: number;
}

async function greyAt(master: MasterInput, dpi: number, targetDpi: number, region?: { left: number; top: number; width: number; height: number }): Promise<Grey & { scale: number }> {
  const scale = Math.min(1, targetDpi / dpi);
  let image = sharp(master, { limitInputPixels: maxPixels() }).greyscale();
  if (region) image = image.extract(region);
  const meta = region ?? (await sharp(master, { limitInputPixels: maxPixels() }).metadata());
  const width = Math.max(1, Math.round((meta.width ?? 1) * scale));
  const { data, info } = await image.resize({ width, kernel: 'lanczos3' }).raw().toBuffer({ resolveWithObject: true });
  return { data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength), width: info.width, height: info.height, scale: info.width / (meta.width ?? info.width) };
}

/** Side of a found symbol, in the image's pixels (the longer of its edges). */
function qrSide(qr: FoundQr): number {
  const [a, b, c] = qr.corners;
  if (!a || !b || !c) return 0;
  return Math.max(Math.hypot(b.x - a.x, b.y - a.y), Math.hypot(c.x - b.x, c.y - b.y));
}

interface QrReading {
  separator: SeparatorFinding | null;
  procedure: ProcedureCodes | null;
  /** A large QR code was located but did not decode. */
  undecoded: boolean;
}

function readingOf(codes: FoundQr[], pxPerMm: number): QrReading {
  let separator: SeparatorFinding | null = null;
  let procedure: ProcedureCodes | null = null;
  let undecoded = false;
  for (const qr of codes) {
    if (qr.text === null) {
      if (qrSide(qr) / pxPerMm >= OUR_QR_MIN_MM) undecoded = true;
      continue;
    }
    const ours = separatorFromPayload(qr.text);
    if (ours) {
      // A decoded sheet wins over a malformed one found beside it.
      if (!separator || separator.kind === 'unreadable') separator = ours;
      continue;
    }
    procedure ??= procedureCodesFromPayload(qr.text);
  }
  return { separator, procedure, undecoded };
}

async function readQr(master: MasterInput, dpi: number, size: { width: number; height: number }): Promise<QrReading> {
  const page = await greyAt(master, dpi, QR_DPI);
  const whole = readingOf(await readQrCodes(page.data, page.width, page.height), (dpi * page.scale) / 25.4);
  if (whole.separator || whole.procedure) return whole;
  // Overlapping halves across and down (each region a third larger than a quarter): a code is whole in one.
  const reading: QrReading = { ...whole };
  const w = Math.round(size.width * 0.6);
  const h = Math.round(size.height * 0.6);
  for (const [left, top] of [[0, 0], [size.width - w, 0], [0, size.height - h], [size.width - w, size.height - h]] as const) {
    const region = await greyAt(master, dpi, REGION_DPI, { left, top, width: w, height: h });
    const found = readingOf(await readQrCodes(region.data, region.width, region.height), (dpi * region.scale) / 25.4);
    if (found.separator && (!reading.separator || reading.separator.kind === 'unreadable')) reading.separator = found.separator;
    reading.procedure ??= found.procedure;
    reading.undecoded ||= found.undecoded;
    if (reading.separator?.kind === 'dossier' || reading.separator?.kind === 'document') break;
  }
  return reading;
}

// ---- Patch T by its bars

interface Bar {
  cx: number;
  cy: number;
  /** Direction of the bar's length (radians, in [0, π)). */
  angle: number;
  length: number;
  width: number;
}

interface Blob {
  n: number;
  mx: number;
  my: number;
  vxx: number;
  vyy: number;
  vxy: number;
  width: number;
  height: number;
}

/** The dark connected blobs of a page (4-connected), with their moments and bounding boxes. */
function darkBlobs(image: Grey, minPixels: number): Blob[] {
  const { data, width, height } = image;
  const tone = tonePercentiles(data);
  // Paper of any colour is the bright bulk of the page; printed bars are near black on every tint.
  const ink = Math.min(tone(0.8) * 0.55, 150);
  const seen = new Uint8Array(width * height);
  const stack = new Int32Array(width * height);
  const blobs: Blob[] = [];
  for (let start = 0; start < data.length; start++) {
    if (seen[start] || data[start]! >= ink) continue;
    let top = 0;
    stack[top++] = start;
    seen[start] = 1;
    let n = 0;
    let sx = 0, sy = 0, sxx = 0, syy = 0, sxy = 0;
    let x0 = width, x1 = 0, y0 = height, y1 = 0;
    while (top > 0) {
      const p = stack[--top]!;
      const x = p % width;
      const y = (p - x) / width;
      n++;
      sx += x; sy += y; sxx += x * x; syy += y * y; sxy += x * y;
      if (x < x0) x0 = x;
      if (x > x1) x1 = x;
      if (y < y0) y0 = y;
      if (y > y1) y1 = y;
      const push = (q: number) => {
        if (!seen[q] && data[q]! < ink) {
          seen[q] = 1;
          stack[top++] = q;
        }
      };
      if (x > 0) push(p - 1);
      if (x < width - 1) push(p + 1);
      if (y > 0) push(p - width);
      if (y < height - 1) push(p + width);
    }
    if (n < minPixels) continue;
    const mx = sx / n, my = sy / n;
    blobs.push({ n, mx, my, vxx: sxx / n - mx * mx, vyy: syy / n - my * my, vxy: sxy / n - mx * my, width: x1 - x0 + 1, height: y1 - y0 + 1 });
  }
  return blobs;
}

/** Dark, solid, long and thin blobs: each a candidate bar, measured by its moments (skew-proof). */
function darkBars(blobs: Blob[], pxPerMm: number): Bar[] {
  const bars: Bar[] = [];
  const minLength = 40 * pxPerMm;
  for (const { n, mx, my, vxx, vyy, vxy } of blobs) {
    if (n < minLength * 1.2 * pxPerMm) continue;
    const spread = Math.sqrt(((vxx - vyy) / 2) ** 2 + vxy ** 2);
    const length = Math.sqrt(12 * ((vxx + vyy) / 2 + spread));
    const barWidth = Math.sqrt(12 * Math.max(0, (vxx + vyy) / 2 - spread));
    // A solid rectangle fills its moments' rectangle; a frame, a dark bed or a line of text does not.
    if (length < minLength || barWidth < 1 * pxPerMm || barWidth > 8 * pxPerMm || n < 0.8 * length * barWidth) continue;
    let angle = 0.5 * Math.atan2(2 * vxy, vxx - vyy);
    if (angle < 0) angle += Math.PI;
    bars.push({ cx: mx, cy: my, angle, length, width: barWidth });
  }
  return bars;
}

/**
 * The finder patterns of QR codes as large as ours (a module of 1.2 mm or more; a TTHC code's are far
 * smaller): a square ring seven modules wide around a solid square of three, on its own (QR's white
 * separator keeps both apart from the data). Two or more say a QR code is there, decoded or not.
 */
function largeFinderPatterns(blobs: Blob[], pxPerMm: number): number {
  const square = (b: Blob) => Math.min(b.width, b.height) / Math.max(b.width, b.height) > 0.75;
  const rings = blobs.filter((b) => square(b) && b.width >= 8 * pxPerMm && b.width <= 30 * pxPerMm && b.n / (b.width * b.height) > 0.25 && b.n / (b.width * b.height) < 0.65);
  const cores = blobs.filter((b) => square(b) && b.width >= 3 * pxPerMm && b.width <= 14 * pxPerMm && b.n / (b.width * b.height) > 0.6);
  return rings.filter((ring) =>
    cores.some((core) => Math.hypot(core.mx - ring.mx, core.my - ring.my) < 0.12 * ring.width && core.width / ring.width > 0.3 && core.width / ring.width < 0.58),
  ).length;
}

const angleGap = (a: number, b: number) => {
  const d = Math.abs(a - b) % Math.PI;
  return Math.min(d, Math.PI - d);
};

/** Parallel bars of like length side by side, each group ordered across the bars. */
function barGroups(bars: Bar[], pxPerMm: number): Bar[][] {
  const groups: Bar[][] = [];
  const used = new Set<Bar>();
  for (const seed of bars) {
    if (used.has(seed)) continue;
    const nx = -Math.sin(seed.angle), ny = Math.cos(seed.angle);
    const ax = Math.cos(seed.angle), ay = Math.sin(seed.angle);
    const members = bars.filter(
      (b) =>
        !used.has(b) &&
        angleGap(b.angle, seed.angle) < (3 * Math.PI) / 180 &&
        Math.min(b.length, seed.length) / Math.max(b.length, seed.length) > 0.8 &&
        Math.abs((b.cx - seed.cx) * ax + (b.cy - seed.cy) * ay) < 0.15 * seed.length &&
        Math.abs((b.cx - seed.cx) * nx + (b.cy - seed.cy) * ny) < 30 * pxPerMm,
    );
    const across = (b: Bar) => (b.cx - seed.cx) * nx + (b.cy - seed.cy) * ny;
    members.sort((a, b) => across(a) - across(b));
    // Neighbours closer than a wide bar plus a wide gap: a patch; a bar further off starts another group.
    let run: Bar[] = [];
    for (const b of members) {
      const last = run.at(-1);
      if (last && across(b) - across(last) - (b.width + last.width) / 2 > 5 * pxPerMm) {
        if (run.length >= 3) groups.push(run);
        run = [];
      }
      run.push(b);
    }
    if (run.length >= 3) groups.push(run);
    for (const b of members) used.add(b);
  }
  return groups;
}

type PatchVerdict = { kind: 'patch-t' } | { kind: 'other-patch'; pattern: string } | { kind: 'malformed'; why: string };

/**
 * Reads a group of bars as a Kodak patch: four bars, two wide (2.5 units) and two narrow (1 unit), with
 * narrow spaces, ten units in all; the order is read from the sheet's nearer edge (the leading edge of the
 * specification), so a sheet fed upside down or sideways reads the same.
 */
function patchOf(group: Bar[], image: Grey, pxPerMm: number): PatchVerdict {
  if (group.length !== 4) return { kind: 'malformed', why: `có ${group.length} vạch song song thay vì 4 vạch của mã Patch` };
  const angle = group[0]!.angle;
  const nx = -Math.sin(angle), ny = Math.cos(angle);
  const across = group.map((b) => b.cx * nx + b.cy * ny);
  const extent = across[3]! - across[0]! + (group[0]!.width + group[3]!.width) / 2;
  const unit = extent / 10;
  if (unit < 1.4 * pxPerMm || unit > 2.8 * pxPerMm) return { kind: 'malformed', why: `nhóm vạch rộng ${(extent / pxPerMm).toFixed(1)} mm, mã Patch rộng 20,3 mm` };
  const widths = group.map((b) => b.width / unit);
  const gaps = [0, 1, 2].map((i) => (across[i + 1]! - across[i]! - (group[i]!.width + group[i + 1]!.width) / 2) / unit);
  const letters = widths.map((w) => (w >= 0.6 && w <= 1.6 ? 'N' : w >= 1.9 && w <= 3.2 ? 'W' : '?'));
  if (letters.includes('?') || gaps.some((g) => g < 0.5 || g > 1.7) || letters.filter((l) => l === 'W').length !== 2) {
    return { kind: 'malformed', why: `độ rộng vạch (${widths.map((w) => w.toFixed(1)).join(', ')}) và khoảng cách (${gaps.map((g) => g.toFixed(1)).join(', ')}) không khớp mã Patch` };
  }
  // The leading edge: the sheet's edge nearer to the group, across the bars.
  const cx = group.reduce((s, b) => s + b.cx, 0) / 4;
  const cy = group.reduce((s, b) => s + b.cy, 0) / 4;
  const toEdge = (dx: number, dy: number) => Math.min(dx > 0 ? (image.width - cx) / dx : dx < 0 ? -cx / dx : Infinity, dy > 0 ? (image.height - cy) / dy : dy < 0 ? -cy / dy : Infinity);
  const fromLowSide = toEdge(-nx, -ny) <= toEdge(nx, ny);
  const pattern = (fromLowSide ? letters : [...letters].reverse()).join('');
  return pattern === 'NWNW' ? { kind: 'patch-t' } : { kind: 'other-patch', pattern };
}

const PATCH_NAMES: Record<string, string> = { WWNN: 'Patch 1', WNNW: 'Patch 2', WNWN: 'Patch 3', NWWN: 'Patch 4', NNWW: 'Patch 6' };

/** What the page's bars and squares say: a Patch T, something patch-like, a large QR code's finder patterns. */
async function findShapes(master: MasterInput, dpi: number): Promise<{ patch: SeparatorFinding | null; largeQr: boolean }> {
  const image = await greyAt(master, dpi, BAR_DPI);
  const pxPerMm = (dpi * image.scale) / 25.4;
  const blobs = darkBlobs(image, Math.round(3 * pxPerMm * 3 * pxPerMm * 0.5));
  const largeQr = largeFinderPatterns(blobs, pxPerMm) >= 2;
  let unreadable: SeparatorFinding | null = null;
  for (const group of barGroups(darkBars(blobs, pxPerMm), pxPerMm)) {
    const verdict = patchOf(group, image, pxPerMm);
    if (verdict.kind === 'patch-t') return { patch: { kind: 'document' }, largeQr };
    unreadable ??= {
      kind: 'unreadable',
      why: verdict.kind === 'other-patch' ? `trang có mã vạch ${PATCH_NAMES[verdict.pattern] ?? 'Patch'}, không phải Patch T` : `trang có nhóm vạch giống mã Patch T nhưng ${verdict.why}`,
    };
  }
  return { patch: unreadable, largeQr };
}

/**
 * What a scanned page carries: one of our separators (or something that looks like one and cannot be
 * read), and the codes of an administrative-procedure result's QR code.
 */
export async function findSeparator(master: MasterInput, size: { width: number; height: number }, dpi: number): Promise<PageFinding> {
  const qr = await readQr(master, dpi, size);
  if (qr.separator?.kind === 'dossier' || qr.separator?.kind === 'document') return { separator: qr.separator, procedure: null };
  const shapes = await findShapes(master, dpi);
  if (shapes.patch?.kind === 'document') return { separator: shapes.patch, procedure: null };
  const undecoded = qr.undecoded || shapes.largeQr;
  const separator =
    qr.separator ?? shapes.patch ?? (undecoded ? { kind: 'unreadable' as const, why: 'trang có một mã QR lớn như của tờ phân cách nhưng không giải mã được (mờ, rách hoặc bị che)' } : null);
  return { separator, procedure: separator ? null : qr.procedure };
}
