// Synthetic scanned pages with known geometry, for the imaging tests: real Vietnamese administrative text
// (the transcriptions of ../shared/datasets/vn-admin-real) set in a Times-like serif (DejaVu Serif, from
// npm), drawn rotated by a known angle on white paper, as a flatbed scan of a skewed sheet looks.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { createCanvas, GlobalFonts, loadImage, type Canvas } from '@napi-rs/canvas';
import sharp, { type Sharp } from 'sharp';
import { SHARED_DIR } from './temp-dir';

const require = createRequire(import.meta.url);
let fontReady = false;

function ensureFont(): void {
  if (fontReady) return;
  const dir = path.dirname(require.resolve('dejavu-fonts-ttf/package.json'));
  GlobalFonts.registerFromPath(path.join(dir, 'ttf', 'DejaVuSerif.ttf'), 'Trang Serif');
  fontReady = true;
}

/** The transcribed text of the real documents, line by line, non-empty lines only. */
export function vietnameseLines(): string[] {
  const file = path.resolve(SHARED_DIR, 'datasets/vn-admin-real/ground-truth.jsonl');
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .flatMap((line) => (JSON.parse(line) as { text: string }).text.split('\n'))
    .map((l) => l.trim())
    .filter((l) => l.length > 0);
}

export interface GeneratedPage {
  png: Buffer;
  width: number;
  height: number;
}

/**
 * An A4 page at `dpi` with `lines` of text from `firstLine` on, the whole sheet's content rotated
 * clockwise (on screen, y down) by `skewDegrees` about the centre.
 */
export function textPage(options: { dpi?: number; skewDegrees?: number; firstLine?: number; lines?: number } = {}): GeneratedPage {
  ensureFont();
  const dpi = options.dpi ?? 150;
  const width = Math.round((210 / 25.4) * dpi);
  const height = Math.round((297 / 25.4) * dpi);
  const canvas = createCanvas(width, height);
  const ctx = canvas.getContext('2d');
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, width, height);
  ctx.translate(width / 2, height / 2);
  ctx.rotate(((options.skewDegrees ?? 0) * Math.PI) / 180);
  ctx.translate(-width / 2, -height / 2);
  ctx.fillStyle = '#111111';
  // 13 pt, as the decree on the form of administrative documents asks, with 1.5 line spacing.
  const size = Math.round((13 / 72) * dpi);
  ctx.font = `${size}px "Trang Serif"`;
  const text = vietnameseLines();
  const margin = Math.round((25 / 25.4) * dpi);
  const count = options.lines ?? 40;
  for (let i = 0; i < count; i++) {
    const line = text[((options.firstLine ?? 0) + i) % text.length]!;
    ctx.fillText(line, margin, margin + size + i * size * 1.5, width - 2 * margin);
  }
  return { png: canvas.toBuffer('image/png'), width, height };
}

/** Draws text lines of the real transcriptions on a context whose origin is the sheet's top-left. */
function drawText(ctx: ReturnType<ReturnType<typeof createCanvas>['getContext']>, dpi: number, sheetWidth: number, firstLine: number, lines: number): void {
  ctx.fillStyle = '#111111';
  const size = Math.round((13 / 72) * dpi);
  ctx.font = `${size}px "Trang Serif"`;
  const text = vietnameseLines();
  const left = Math.round((30 / 25.4) * dpi);
  const right = Math.round((15 / 25.4) * dpi);
  const top = Math.round((25 / 25.4) * dpi);
  for (let i = 0; i < lines; i++) {
    const line = text[(firstLine + i) % text.length]!;
    ctx.fillText(line, left, top + size + i * size * 1.5, sheetWidth - left - right);
  }
}

export interface SheetScanOptions {
  dpi?: number;
  /** Skew of the sheet on the glass, clockwise on screen. */
  skewDegrees?: number;
  /** Quarter turn the sheet lies in on the glass, clockwise: 90 = the page's top is on the right. */
  placed?: 0 | 90 | 180 | 270;
  /** Dark scanner background around the sheet, in mm (0 = the scan is the sheet). */
  borderMm?: number;
  /** Two punch holes in the left margin, a staple at the top-left corner, a shadow along the right edge. */
  marks?: boolean;
  /** A small page number in the top margin, as Decree 30 places it. */
  pageNumber?: boolean;
  firstLine?: number;
  lines?: number;
}

export interface SheetScan extends GeneratedPage {
  /** A4 sheet size in scan pixels (before the quarter turn). */
  sheet: { width: number; height: number };
  /** Centres of the marks, in scan pixels (after the quarter turn). */
  markCentres: Array<{ x: number; y: number }>;
}

/**
 * A flatbed scan of one A4 sheet as clerks produce it: on a dark background, skewed, possibly placed
 * sideways or upside down, with punch holes, a staple and an edge shadow.
 */
export function sheetScan(options: SheetScanOptions = {}): SheetScan {
  ensureFont();
  const dpi = options.dpi ?? 150;
  const mm = dpi / 25.4;
  const sheetWidth = Math.round(210 * mm);
  const sheetHeight = Math.round(297 * mm);
  const border = Math.round((options.borderMm ?? 0) * mm);
  const width = sheetWidth + 2 * border;
  const height = sheetHeight + 2 * border;
  const canvas = createCanvas(width, height);
  const ctx = canvas.getContext('2d');
  ctx.fillStyle = '#262626';
  ctx.fillRect(0, 0, width, height);
  ctx.translate(width / 2, height / 2);
  ctx.rotate(((options.skewDegrees ?? 0) * Math.PI) / 180);
  ctx.translate(-sheetWidth / 2, -sheetHeight / 2);
  ctx.fillStyle = '#f7f5ef';
  ctx.fillRect(0, 0, sheetWidth, sheetHeight);
  drawText(ctx, dpi, sheetWidth, options.firstLine ?? 0, options.lines ?? 30);
  const centres: Array<{ x: number; y: number }> = [];
  if (options.pageNumber) {
    ctx.fillStyle = '#111111';
    ctx.font = `${Math.round((13 / 72) * dpi)}px "Trang Serif"`;
    ctx.fillText('2', sheetWidth / 2, 12 * mm);
  }
  if (options.marks) {
    ctx.fillStyle = '#303030';
    for (const y of [sheetHeight / 2 - 40 * mm, sheetHeight / 2 + 40 * mm]) {
      ctx.beginPath();
      ctx.arc(11 * mm, y, 3 * mm, 0, 2 * Math.PI);
      ctx.fill();
      centres.push(ctx.getTransform().transformPoint({ x: 11 * mm, y }));
    }
    ctx.save();
    ctx.translate(9 * mm, 9 * mm);
    ctx.rotate(-Math.PI / 4);
    ctx.fillStyle = '#555555';
    ctx.fillRect(-6 * mm, -0.5 * mm, 12 * mm, 1 * mm);
    ctx.restore();
    centres.push(ctx.getTransform().transformPoint({ x: 9 * mm, y: 9 * mm }));
    const shadow = ctx.createLinearGradient(sheetWidth - 4 * mm, 0, sheetWidth, 0);
    shadow.addColorStop(0, 'rgba(40,40,40,0)');
    shadow.addColorStop(1, 'rgba(40,40,40,1)');
    ctx.fillStyle = shadow;
    ctx.fillRect(sheetWidth - 4 * mm, 0, 4 * mm, sheetHeight);
  }
  const placed = options.placed ?? 0;
  const turned = createCanvas(placed % 180 === 0 ? width : height, placed % 180 === 0 ? height : width);
  const tctx = turned.getContext('2d');
  tctx.translate(turned.width / 2, turned.height / 2);
  tctx.rotate((placed * Math.PI) / 180);
  tctx.drawImage(canvas, -width / 2, -height / 2);
  const turn = (p: { x: number; y: number }) => {
    const r = (placed * Math.PI) / 180;
    const vx = p.x - width / 2;
    const vy = p.y - height / 2;
    return { x: vx * Math.cos(r) - vy * Math.sin(r) + turned.width / 2, y: vx * Math.sin(r) + vy * Math.cos(r) + turned.height / 2 };
  };
  return {
    png: turned.toBuffer('image/png'),
    width: turned.width,
    height: turned.height,
    sheet: { width: sheetWidth, height: sheetHeight },
    markCentres: centres.map(turn),
  };
}

/**
 * Two A4 pages side by side, as a stapled dossier opened flat on an A3 flatbed: a shadow where the
 * sheets bend at the staples. `gutterShadow: false` gives a plain white gap instead.
 */
export function spreadScan(options: { dpi?: number; gutterShadow?: boolean; leftLine?: number; rightLine?: number } = {}): GeneratedPage & { gutter: number } {
  ensureFont();
  const dpi = options.dpi ?? 150;
  const mm = dpi / 25.4;
  const pageWidth = Math.round(210 * mm);
  const height = Math.round(297 * mm);
  const width = 2 * pageWidth;
  const canvas = createCanvas(width, height);
  const ctx = canvas.getContext('2d');
  ctx.fillStyle = '#f7f5ef';
  ctx.fillRect(0, 0, width, height);
  drawText(ctx, dpi, pageWidth, options.leftLine ?? 0, 30);
  ctx.save();
  ctx.translate(pageWidth, 0);
  drawText(ctx, dpi, pageWidth, options.rightLine ?? 60, 30);
  ctx.restore();
  if (options.gutterShadow ?? true) {
    const shadow = ctx.createLinearGradient(pageWidth - 8 * mm, 0, pageWidth + 8 * mm, 0);
    shadow.addColorStop(0, 'rgba(60,60,60,0)');
    shadow.addColorStop(0.5, 'rgba(60,60,60,0.9)');
    shadow.addColorStop(1, 'rgba(60,60,60,0)');
    ctx.fillStyle = shadow;
    ctx.fillRect(pageWidth - 8 * mm, 0, 16 * mm, height);
  }
  return { png: canvas.toBuffer('image/png'), width, height, gutter: pageWidth };
}

/** A single A4 page in landscape with lines running across the whole width: not a spread. */
export function landscapePage(options: { dpi?: number } = {}): GeneratedPage {
  ensureFont();
  const dpi = options.dpi ?? 150;
  const mm = dpi / 25.4;
  const width = Math.round(297 * mm);
  const height = Math.round(210 * mm);
  const canvas = createCanvas(width, height);
  const ctx = canvas.getContext('2d');
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, width, height);
  drawText(ctx, dpi, width, 5, 20);
  return { png: canvas.toBuffer('image/png'), width, height };
}

// ---------------------------------------------------------------------------------------------------
// Realistic scans. What clerks actually feed the workstation, and what the clean pages above lack: the
// sheet lies inside a grey scanner bed, a little smaller than the scan, with a soft shadow; the lamp is
// uneven; the paper is tinted; a red seal sits over the signature; staples, punch holes, a fold crease
// and the other side's print showing through; JPEG noise or a bilevel CCITT G4 encoding; 200 or 300 dpi.
// Every page is drawn from a seed, so a failing case is found again by its seed.

/** Deterministic pseudo-random numbers in [0, 1) (mulberry32). */
export function seededRandom(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * What is printed on a sheet. `letter`: an administrative document (header columns, body, signature
 * under a red seal, Nơi nhận); `cover`: a dossier cover (bìa hồ sơ: a few lines of large text in a frame);
 * `contents`: a ruled table of contents (mục lục văn bản); `closing`: one short line ("Hồ sơ này gồm 05
 * tờ, …"); `testPattern`: a scanner's test chart; `picture`: a photo or a line drawing; `blank`: nothing
 * (the back of a sheet: tint, show-through, specks, maybe a crease).
 */
export const SHEET_KINDS = ['letter', 'cover', 'contents', 'closing', 'testPattern', 'picture', 'blank'] as const;
export type SheetKind = (typeof SHEET_KINDS)[number];
export type ScanEncoding = 'png' | 'jpeg' | 'g4';
export type Context = ReturnType<ReturnType<typeof createCanvas>['getContext']>;

export interface RealisticScanOptions {
  seed: number;
  kind: SheetKind;
  dpi?: number;
  encoding?: ScanEncoding;
  /** Grey scanner bed around the sheet (default), a dark one, or none (the scan is the sheet). */
  bed?: 'grey' | 'dark' | 'none';
}

export interface RealisticScan {
  data: Buffer;
  /** The file extension that goes with `encoding`. */
  extension: 'png' | 'jpg' | 'tif';
  width: number;
  height: number;
  dpi: number;
  /** Truth: the printed kinds, left to right (one for a single sheet, two for a spread). */
  kinds: SheetKind[];
  /** Truth, for a spread: the x of the fold in scan pixels. */
  gutter: number | null;
  /**
   * Truth: where the sheet (or the open spread) lies on the bed, in scan pixels, before its skew about
   * its own centre (clockwise degrees); the whole scan when there is no bed.
   */
  sheet: { x: number; y: number; width: number; height: number; skewDegrees: number };
  /** Truth: the bed shows in the file (not in a bilevel scan that made a light bed white like the paper). */
  bedVisible: boolean;
  seed: number;
}

export const pick = <T>(rnd: () => number, items: readonly T[]): T => items[Math.floor(rnd() * items.length)]!;
export const between = (rnd: () => number, low: number, high: number) => low + rnd() * (high - low);

export function fontsReady(): void {
  ensureFont();
  if (boldReady) return;
  const dir = path.dirname(require.resolve('dejavu-fonts-ttf/package.json'));
  GlobalFonts.registerFromPath(path.join(dir, 'ttf', 'DejaVuSerif-Bold.ttf'), 'Trang Serif Bold');
  GlobalFonts.registerFromPath(path.join(dir, 'ttf', 'DejaVuSerif-Italic.ttf'), 'Trang Serif Italic');
  boldReady = true;
}
let boldReady = false;

/** A font at `pt` points for `dpi`. */
export function font(dpi: number, pt: number, style: 'regular' | 'bold' | 'italic' = 'regular'): string {
  const family = style === 'bold' ? 'Trang Serif Bold' : style === 'italic' ? 'Trang Serif Italic' : 'Trang Serif';
  return `${Math.round((pt / 72) * dpi)}px "${family}"`;
}

export function centred(ctx: Context, text: string, x: number, y: number, maxWidth = Infinity): void {
  const width = Math.min(maxWidth, ctx.measureText(text).width);
  ctx.fillText(text, x - width / 2, y, width);
}

export function underline(ctx: Context, x: number, y: number, length: number, mm: number): void {
  ctx.fillRect(x - length / 2, y, length, Math.max(1, 0.25 * mm));
}

const ORGANS = [
  ['ỦY BAN NHÂN DÂN', 'TỈNH QUẢNG TRỊ'],
  ['ỦY BAN NHÂN DÂN', 'HUYỆN BA VÌ'],
  ['SỞ NỘI VỤ', 'TỈNH THỪA THIÊN HUẾ'],
  ['BỘ CÔNG THƯƠNG', ''],
];
const TYPES = ['QUYẾT ĐỊNH', 'CÔNG VĂN', 'THÔNG BÁO', 'KẾ HOẠCH', 'TỜ TRÌNH'];

/** Body lines: the longer lines of the real transcriptions, which read like a document's body. */
export function bodyLines(): string[] {
  return vietnameseLines().filter((l) => l.length >= 40 && l.length <= 80);
}

/** An administrative document (Nghị định 30/2020 layout), with a signature under a red seal. */
function drawLetter(ctx: Context, rnd: () => number, dpi: number, w: number, h: number): void {
  const mm = dpi / 25.4;
  const [organ, place] = pick(rnd, ORGANS);
  ctx.fillStyle = '#161616';
  const left = 30 * mm;
  const right = w - 15 * mm;
  // The two header columns: the organ on the left (30–90 mm), the national motto on the right.
  const leftCol = 60 * mm;
  const rightCol = w - 15 * mm - 50 * mm;
  const leftWidth = 58 * mm;
  const rightWidth = 98 * mm;
  let y = 22 * mm;
  ctx.font = font(dpi, 12);
  centred(ctx, organ!, leftCol, y, leftWidth);
  ctx.font = font(dpi, 12, 'bold');
  centred(ctx, 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', rightCol, y, rightWidth);
  y += 6 * mm;
  ctx.font = font(dpi, 12, 'bold');
  if (place) centred(ctx, place, leftCol, y, leftWidth);
  ctx.font = font(dpi, 13, 'bold');
  centred(ctx, 'Độc lập - Tự do - Hạnh phúc', rightCol, y, rightWidth);
  underline(ctx, leftCol, y + 2 * mm, 25 * mm, mm);
  underline(ctx, rightCol, y + 2 * mm, 60 * mm, mm);
  y += 9 * mm;
  ctx.font = font(dpi, 13);
  const number = 100 + Math.floor(rnd() * 800);
  centred(ctx, `Số: ${number}/QĐ-UBND`, leftCol, y, leftWidth);
  ctx.font = font(dpi, 13, 'italic');
  centred(ctx, `Quảng Trị, ngày ${1 + Math.floor(rnd() * 28)} tháng ${1 + Math.floor(rnd() * 12)} năm 2024`, rightCol, y, rightWidth);
  y += 14 * mm;
  ctx.font = font(dpi, 14, 'bold');
  centred(ctx, pick(rnd, TYPES), w / 2, y);
  y += 6 * mm;
  ctx.font = font(dpi, 13, 'bold');
  centred(ctx, 'Về việc phê duyệt kế hoạch số hóa tài liệu lưu trữ', w / 2, y);
  y += 12 * mm;
  ctx.font = font(dpi, 13);
  const lines = bodyLines();
  const first = Math.floor(rnd() * lines.length);
  const count = 12 + Math.floor(rnd() * 14);
  const step = ((13 / 72) * dpi) * 1.5;
  for (let i = 0; i < count && y < h - 75 * mm; i++, y += step) ctx.fillText(lines[(first + i) % lines.length]!, left, y, right - left);
  // Nơi nhận at the foot on the left, the signature block on the right.
  const foot = Math.min(y + 10 * mm, h - 65 * mm);
  ctx.font = font(dpi, 12, 'bold');
  ctx.fillText('Nơi nhận:', left, foot);
  ctx.font = font(dpi, 11);
  ['- Như Điều 3;', '- Chủ tịch UBND tỉnh;', '- Lưu: VT, NV.'].forEach((line, i) => ctx.fillText(line, left, foot + (5 + 4.5 * i) * mm));
  const signX = w - 15 * mm - 40 * mm;
  ctx.font = font(dpi, 13, 'bold');
  centred(ctx, 'CHỦ TỊCH', signX, foot);
  centred(ctx, pick(rnd, ['Nguyễn Văn Hùng', 'Trần Thị Lan', 'Lê Quang Minh']), signX, foot + 32 * mm);
  // The signature: a few strokes of blue ink.
  ctx.strokeStyle = '#1d2f7a';
  ctx.lineWidth = 0.5 * mm;
  ctx.beginPath();
  ctx.moveTo(signX - 18 * mm, foot + 20 * mm);
  for (let i = 0; i < 6; i++) ctx.quadraticCurveTo(signX - 15 * mm + i * 6 * mm, foot + (8 + rnd() * 10) * mm, signX - 12 * mm + i * 6 * mm, foot + (16 + rnd() * 8) * mm);
  ctx.stroke();
  drawSeal(ctx, rnd, signX - (8 + rnd() * 10) * mm, foot + 16 * mm, mm);
}

/** A round red seal, partly transparent, as stamped over the left of a signature. */
export function drawSeal(ctx: Context, rnd: () => number, cx: number, cy: number, mm: number): void {
  ctx.save();
  ctx.globalAlpha = between(rnd, 0.6, 0.85);
  ctx.strokeStyle = '#c8202a';
  ctx.fillStyle = '#c8202a';
  ctx.lineWidth = 0.9 * mm;
  ctx.beginPath();
  ctx.arc(cx, cy, 18 * mm, 0, 2 * Math.PI);
  ctx.stroke();
  ctx.lineWidth = 0.4 * mm;
  ctx.beginPath();
  ctx.arc(cx, cy, 12 * mm, 0, 2 * Math.PI);
  ctx.stroke();
  // The organ's name around the ring, letter by letter.
  const ring = 'ỦY BAN NHÂN DÂN TỈNH QUẢNG TRỊ * ';
  ctx.font = `${Math.round(3.2 * mm)}px "Trang Serif Bold"`;
  for (let i = 0; i < ring.length; i++) {
    const a = -Math.PI / 2 + (i / ring.length) * 2 * Math.PI;
    ctx.save();
    ctx.translate(cx + Math.cos(a) * 14.5 * mm, cy + Math.sin(a) * 14.5 * mm);
    ctx.rotate(a + Math.PI / 2);
    ctx.fillText(ring[i]!, -1 * mm, 0);
    ctx.restore();
  }
  // The star in the middle.
  ctx.beginPath();
  for (let i = 0; i < 10; i++) {
    const r = (i % 2 === 0 ? 6 : 2.4) * mm;
    const a = -Math.PI / 2 + (i * Math.PI) / 5;
    ctx.lineTo(cx + Math.cos(a) * r, cy + Math.sin(a) * r);
  }
  ctx.closePath();
  ctx.fill();
  ctx.restore();
}

/** A dossier cover: a double frame and a few lines of large text. */
function drawCover(ctx: Context, rnd: () => number, dpi: number, w: number, h: number): void {
  const mm = dpi / 25.4;
  ctx.strokeStyle = '#1a1a1a';
  ctx.lineWidth = 0.8 * mm;
  const inset = between(rnd, 18, 26) * mm;
  ctx.strokeRect(inset, inset, w - 2 * inset, h - 2 * inset);
  ctx.lineWidth = 0.3 * mm;
  ctx.strokeRect(inset + 2 * mm, inset + 2 * mm, w - 2 * inset - 4 * mm, h - 2 * inset - 4 * mm);
  ctx.fillStyle = '#151515';
  const [organ, place] = pick(rnd, ORGANS);
  ctx.font = font(dpi, 15, 'bold');
  centred(ctx, `${organ} ${place}`.trim(), w / 2, inset + 25 * mm);
  ctx.font = font(dpi, 13);
  centred(ctx, `Mã hồ sơ: H49.64.33.20${10 + Math.floor(rnd() * 15)}.${100 + Math.floor(rnd() * 800)}`, w / 2, inset + 45 * mm);
  ctx.font = font(dpi, between(rnd, 34, 48), 'bold');
  centred(ctx, 'HỒ SƠ', w / 2, h * 0.4);
  ctx.font = font(dpi, 18, 'bold');
  centred(ctx, pick(rnd, ['Về việc cấp giấy chứng nhận', 'Kế hoạch số hóa tài liệu', 'Tuyển dụng công chức năm 2020']), w / 2, h * 0.4 + 18 * mm);
  ctx.font = font(dpi, 14);
  centred(ctx, `Từ ngày 05/01/2020 đến ngày ${10 + Math.floor(rnd() * 18)}/12/2020`, w / 2, h * 0.62);
  centred(ctx, pick(rnd, ['Thời hạn bảo quản: Vĩnh viễn', 'Thời hạn bảo quản: 20 năm']), w / 2, h * 0.62 + 10 * mm);
}

/** A table of contents: title and a ruled table of short entries. */
function drawContents(ctx: Context, rnd: () => number, dpi: number, w: number, _h: number): void {
  const mm = dpi / 25.4;
  ctx.fillStyle = '#161616';
  ctx.font = font(dpi, 15, 'bold');
  centred(ctx, 'MỤC LỤC VĂN BẢN', w / 2, 30 * mm);
  const x0 = 20 * mm;
  const columns = [12, 32, 26, 75, 15, 17].map((c) => c * mm);
  const head = ['STT', 'Số, ký hiệu', 'Ngày tháng', 'Trích yếu nội dung', 'Tờ số', 'Ghi chú'];
  const rows = 6 + Math.floor(rnd() * 10);
  const rowHeight = between(rnd, 10, 14) * mm;
  const top = 40 * mm;
  const width = columns.reduce((a, b) => a + b, 0);
  ctx.strokeStyle = '#1b1b1b';
  ctx.lineWidth = 0.3 * mm;
  for (let r = 0; r <= rows + 1; r++) {
    ctx.beginPath();
    ctx.moveTo(x0, top + r * rowHeight);
    ctx.lineTo(x0 + width, top + r * rowHeight);
    ctx.stroke();
  }
  let x = x0;
  for (let c = 0; c <= columns.length; c++) {
    ctx.beginPath();
    ctx.moveTo(x, top);
    ctx.lineTo(x, top + (rows + 1) * rowHeight);
    ctx.stroke();
    x += columns[c] ?? 0;
  }
  const cell = (c: number) => x0 + columns.slice(0, c).reduce((a, b) => a + b, 0) + 1.5 * mm;
  ctx.font = font(dpi, 11, 'bold');
  head.forEach((text, c) => ctx.fillText(text, cell(c), top + rowHeight * 0.65, columns[c]! - 3 * mm));
  ctx.font = font(dpi, 11);
  const abstracts = ['Quyết định tuyển dụng', 'Tờ trình xin ý kiến', 'Biên bản họp hội đồng', 'Công văn đề nghị', 'Danh sách kèm theo', 'Thông báo kết quả'];
  let sheet = 1;
  for (let r = 1; r <= rows; r++) {
    const y = top + r * rowHeight + rowHeight * 0.65;
    ctx.fillText(String(r), cell(0), y);
    ctx.fillText(`${10 + Math.floor(rnd() * 300)}/QĐ-UBND`, cell(1), y, columns[1]! - 3 * mm);
    ctx.fillText(`${1 + Math.floor(rnd() * 28)}/${1 + Math.floor(rnd() * 12)}/2020`, cell(2), y, columns[2]! - 3 * mm);
    ctx.fillText(pick(rnd, abstracts), cell(3), y, columns[3]! - 3 * mm);
    ctx.fillText(String(sheet).padStart(2, '0'), cell(4), y);
    sheet += 1 + Math.floor(rnd() * 3);
  }
}

/** The last page of a dossier: one short line, and nothing else. */
function drawClosing(ctx: Context, rnd: () => number, dpi: number, w: number, h: number): void {
  const mm = dpi / 25.4;
  ctx.fillStyle = '#161616';
  ctx.font = font(dpi, 13);
  const sheets = String(2 + Math.floor(rnd() * 40)).padStart(2, '0');
  const line = pick(rnd, [`Hồ sơ này gồm ${sheets} tờ, đánh số từ 01 đến ${sheets}.`, `Hồ sơ này gồm ${sheets} tờ.`, `Tổng số: ${sheets} tờ`]);
  ctx.fillText(line, between(rnd, 30, 60) * mm, between(rnd, 0.15, 0.6) * h);
}

/** A scanner test chart: grey steps, line pairs, circles and crosses; no words. */
function drawTestPattern(ctx: Context, rnd: () => number, dpi: number, w: number, h: number): void {
  const mm = dpi / 25.4;
  for (let i = 0; i < 12; i++) {
    const v = Math.round((255 * i) / 11);
    ctx.fillStyle = `rgb(${v},${v},${v})`;
    ctx.fillRect(25 * mm + i * 13 * mm, 30 * mm, 13 * mm, 20 * mm);
  }
  ctx.fillStyle = '#111';
  for (let group = 0; group < 5; group++) {
    const pitch = (0.3 + group * 0.35) * mm;
    for (let i = 0; i < 8; i++) ctx.fillRect(25 * mm + group * 32 * mm + i * 2 * pitch, 70 * mm, pitch, 25 * mm);
  }
  ctx.strokeStyle = '#111';
  ctx.lineWidth = 0.4 * mm;
  for (let r = 5; r <= 45; r += 8) {
    ctx.beginPath();
    ctx.arc(w / 2, h * 0.6, r * mm, 0, 2 * Math.PI);
    ctx.stroke();
  }
  for (const [cx, cy] of [
    [20, 20],
    [w / mm - 20, 20],
    [20, h / mm - 20],
    [w / mm - 20, h / mm - 20],
  ] as const) {
    ctx.fillRect((cx - 6) * mm, cy * mm - 0.2 * mm, 12 * mm, 0.4 * mm);
    ctx.fillRect(cx * mm - 0.2 * mm, (cy - 6) * mm, 0.4 * mm, 12 * mm);
  }
  const colours = ['#00a0e0', '#e0007a', '#f0e000', '#d02020', '#20a040', '#2040c0'];
  colours.forEach((c, i) => {
    ctx.fillStyle = c;
    ctx.fillRect(25 * mm + i * 26 * mm, h - 60 * mm + rnd() * 4 * mm, 24 * mm, 16 * mm);
  });
}

/** A photograph (soft blobs of colour in a frame) or a line drawing (a plan of plots and roads). */
function drawPicture(ctx: Context, rnd: () => number, dpi: number, w: number, h: number): void {
  const mm = dpi / 25.4;
  const x0 = 25 * mm;
  const y0 = between(rnd, 25, 60) * mm;
  const pw = w - 45 * mm;
  const ph = between(rnd, 0.35, 0.6) * h;
  if (rnd() < 0.5) {
    const sky = ctx.createLinearGradient(0, y0, 0, y0 + ph);
    sky.addColorStop(0, '#8aa7c4');
    sky.addColorStop(1, '#4a5a3a');
    ctx.fillStyle = sky;
    ctx.fillRect(x0, y0, pw, ph);
    for (let i = 0; i < 25; i++) {
      const cx = x0 + rnd() * pw;
      const cy = y0 + ph * (0.3 + 0.7 * rnd());
      const r = between(rnd, 5, 25) * mm;
      const g = ctx.createRadialGradient(cx, cy, 0, cx, cy, r);
      const v = Math.floor(rnd() * 120);
      g.addColorStop(0, `rgba(${v + 40},${v + 60},${v},0.9)`);
      g.addColorStop(1, `rgba(${v + 40},${v + 60},${v},0)`);
      ctx.fillStyle = g;
      ctx.fillRect(Math.max(x0, cx - r), Math.max(y0, cy - r), Math.min(2 * r, x0 + pw - Math.max(x0, cx - r)), Math.min(2 * r, y0 + ph - Math.max(y0, cy - r)));
    }
  } else {
    ctx.strokeStyle = '#222';
    ctx.lineWidth = 0.35 * mm;
    ctx.strokeRect(x0, y0, pw, ph);
    for (let i = 0; i < 30; i++) {
      ctx.beginPath();
      ctx.moveTo(x0 + rnd() * pw, y0 + rnd() * ph);
      ctx.lineTo(x0 + rnd() * pw, y0 + rnd() * ph);
      ctx.stroke();
    }
    ctx.lineWidth = 1.2 * mm;
    ctx.beginPath();
    ctx.moveTo(x0, y0 + ph * rnd());
    ctx.bezierCurveTo(x0 + pw * 0.3, y0 + ph * rnd(), x0 + pw * 0.6, y0 + ph * rnd(), x0 + pw, y0 + ph * rnd());
    ctx.stroke();
  }
}

/** Prints a sheet's content on its canvas (dpi, the sheet's width and height in pixels). */
export type PrintSheet = (ctx: Context, rnd: () => number, dpi: number, w: number, h: number) => void;

const DRAW: Record<SheetKind, PrintSheet> = {
  letter: drawLetter,
  cover: drawCover,
  contents: drawContents,
  closing: drawClosing,
  testPattern: drawTestPattern,
  picture: drawPicture,
  blank: () => {},
};

/**
 * One A4 sheet as it leaves the scanner's glass, on its own canvas: tinted paper, what is printed, the
 * other side showing through (mirrored, faint, soft), specks of dust, maybe a fold crease, and on a
 * stapled dossier's sheet a staple and two punch holes (which show the bed's tone).
 */
function drawSheet(rnd: () => number, kind: SheetKind, dpi: number, bedTone: number, print: PrintSheet = DRAW[kind]): Canvas {
  fontsReady();
  const mm = dpi / 25.4;
  const w = Math.round(210 * mm);
  const h = Math.round(297 * mm);
  const canvas = createCanvas(w, h);
  const ctx = canvas.getContext('2d');
  const tint = [Math.round(between(rnd, 236, 252)), Math.round(between(rnd, 232, 248)), Math.round(between(rnd, 214, 240))];
  ctx.fillStyle = `rgb(${tint.join(',')})`;
  ctx.fillRect(0, 0, w, h);
  // Show-through first, so that this side's print lies over it.
  if (kind === 'blank' || rnd() < 0.4) {
    const back = createCanvas(w, h);
    const bctx = back.getContext('2d');
    drawLetter(bctx, rnd, dpi, w, h);
    ctx.save();
    ctx.globalAlpha = between(rnd, 0.05, 0.14);
    ctx.filter = `blur(${Math.max(1, Math.round(0.3 * mm))}px)`;
    ctx.translate(w, 0);
    ctx.scale(-1, 1);
    ctx.drawImage(back, 0, 0);
    ctx.restore();
  }
  print(ctx, rnd, dpi, w, h);
  const specks = Math.floor(rnd() * 60);
  for (let i = 0; i < specks; i++) {
    const v = Math.floor(between(rnd, 20, 120));
    ctx.fillStyle = `rgb(${v},${v},${v})`;
    ctx.beginPath();
    ctx.arc(rnd() * w, rnd() * h, between(rnd, 0.05, 0.3) * mm, 0, 2 * Math.PI);
    ctx.fill();
  }
  if (rnd() < (kind === 'blank' ? 0.5 : 0.25)) {
    // A fold crease: a soft dark line with a lighter edge beside it, across the sheet.
    const y = h * between(rnd, 0.3, 0.7);
    const crease = ctx.createLinearGradient(0, y - 1.5 * mm, 0, y + 1.5 * mm);
    crease.addColorStop(0, 'rgba(0,0,0,0)');
    crease.addColorStop(0.45, `rgba(40,40,40,${between(rnd, 0.12, 0.3)})`);
    crease.addColorStop(0.6, 'rgba(255,255,255,0.5)');
    crease.addColorStop(1, 'rgba(255,255,255,0)');
    ctx.fillStyle = crease;
    ctx.fillRect(0, y - 1.5 * mm, w, 3 * mm);
  }
  if (rnd() < 0.5) {
    // A stapled dossier's sheet: two punch holes in the left margin and a staple at the top-left.
    ctx.fillStyle = `rgb(${bedTone},${bedTone},${bedTone})`;
    for (const y of [h / 2 - 40 * mm, h / 2 + 40 * mm]) {
      ctx.beginPath();
      ctx.arc(between(rnd, 9, 12) * mm, y, 3 * mm, 0, 2 * Math.PI);
      ctx.fill();
    }
    ctx.save();
    ctx.translate(between(rnd, 8, 14) * mm, between(rnd, 8, 14) * mm);
    ctx.rotate(pick(rnd, [0, -Math.PI / 4, Math.PI / 2]));
    ctx.fillStyle = '#6c6c70';
    ctx.fillRect(-6 * mm, -0.45 * mm, 12 * mm, 0.9 * mm);
    ctx.fillStyle = '#b8b8bc';
    ctx.fillRect(-6 * mm, -0.15 * mm, 12 * mm, 0.25 * mm);
    ctx.restore();
  }
  return canvas;
}

/** Lays sheets on the scanner bed, with the lamp's falloff, sensor noise, and the file's encoding. */
async function onTheBed(
  rnd: () => number,
  sheets: Canvas[],
  options: { dpi: number; encoding: ScanEncoding; bed: 'grey' | 'dark' | 'none'; bedTone: number; gap: 'shadow' | 'crease' | 'edges' | null },
): Promise<{ data: Buffer; width: number; height: number; gutter: number | null; sheet: RealisticScan['sheet'] }> {
  const { dpi, bed, bedTone } = options;
  const mm = dpi / 25.4;
  const sheetW = sheets[0]!.width;
  const sheetH = sheets[0]!.height;
  const gapPx = options.gap === 'edges' ? Math.round(between(rnd, 1, 4) * mm) : 0;
  const spreadW = sheets.length * sheetW + (sheets.length - 1) * gapPx;
  // A spread fills an A3 glass almost edge to edge; a single sheet lies a few mm inside the scan.
  const inset = (low: number, high: number) => (bed === 'none' ? 0 : Math.round(between(rnd, low, high) * mm));
  const [l, r, t, b] = sheets.length > 1 ? [inset(1, 5), inset(1, 5), inset(2, 8), inset(2, 8)] : [inset(2, 12), inset(2, 12), inset(2, 12), inset(2, 12)];
  const width = spreadW + l! + r!;
  const height = sheetH + t! + b!;
  const canvas = createCanvas(width, height);
  const ctx = canvas.getContext('2d');
  ctx.fillStyle = `rgb(${bedTone},${bedTone},${bedTone})`;
  ctx.fillRect(0, 0, width, height);
  // A small skew of the whole sheet (or the open dossier) on the glass, and its soft shadow on the lid.
  const skew = bed === 'none' ? 0 : between(rnd, -1.2, 1.2);
  ctx.save();
  ctx.translate(l! + spreadW / 2, t! + sheetH / 2);
  ctx.rotate((skew * Math.PI) / 180);
  ctx.translate(-spreadW / 2, -sheetH / 2);
  sheets.forEach((sheet, i) => {
    ctx.save();
    if (bed !== 'none') {
      ctx.shadowColor = `rgba(0,0,0,${between(rnd, 0.35, 0.7)})`;
      ctx.shadowBlur = between(rnd, 2, 5) * mm;
      ctx.shadowOffsetX = between(rnd, -2, 2) * mm;
      ctx.shadowOffsetY = between(rnd, 0, 2.5) * mm;
    }
    ctx.drawImage(sheet, i * (sheetW + gapPx), 0);
    ctx.restore();
  });
  if (sheets.length > 1 && options.gap === 'shadow') {
    // Where the sheets bend down to the staples the lamp reaches less: a soft dark band.
    const half = between(rnd, 4, 10) * mm;
    const shade = ctx.createLinearGradient(sheetW - half, 0, sheetW + half, 0);
    const a = between(rnd, 0.35, 0.85);
    shade.addColorStop(0, 'rgba(50,50,50,0)');
    shade.addColorStop(0.5, `rgba(50,50,50,${a})`);
    shade.addColorStop(1, 'rgba(50,50,50,0)');
    ctx.fillStyle = shade;
    ctx.fillRect(sheetW - half, 0, 2 * half, sheetH);
  } else if (sheets.length > 1 && options.gap === 'crease') {
    // A sheet folded in two (an A3 folded to A4): a thin crease, dark on one side, light on the other.
    ctx.fillStyle = `rgba(60,60,60,${between(rnd, 0.25, 0.5)})`;
    ctx.fillRect(sheetW - 0.4 * mm, 0, 0.5 * mm, sheetH);
    ctx.fillStyle = 'rgba(255,255,255,0.6)';
    ctx.fillRect(sheetW + 0.1 * mm, 0, 0.4 * mm, sheetH);
  }
  ctx.restore();
  // The lamp: brighter on one side, falling off towards the other (multiplied over everything).
  ctx.save();
  ctx.globalCompositeOperation = 'multiply';
  const angle = rnd() * 2 * Math.PI;
  const lamp = ctx.createLinearGradient(width / 2 - (Math.cos(angle) * width) / 2, height / 2 - (Math.sin(angle) * height) / 2, width / 2 + (Math.cos(angle) * width) / 2, height / 2 + (Math.sin(angle) * height) / 2);
  const low = Math.round(255 * between(rnd, 0.84, 0.97));
  lamp.addColorStop(0, 'rgb(255,255,255)');
  lamp.addColorStop(1, `rgb(${low},${low},${low})`);
  ctx.fillStyle = lamp;
  ctx.fillRect(0, 0, width, height);
  ctx.restore();
  // Sensor noise.
  const image = ctx.getImageData(0, 0, width, height);
  const px = image.data;
  const amplitude = between(rnd, 2, 7);
  let state = Math.floor(rnd() * 2 ** 31);
  for (let i = 0; i < px.length; i += 4) {
    state = (state * 1103515245 + 12345) & 0x7fffffff;
    const n = ((state / 0x7fffffff) * 2 - 1) * amplitude;
    px[i] = px[i]! + n;
    px[i + 1] = px[i + 1]! + n;
    px[i + 2] = px[i + 2]! + n;
  }
  ctx.putImageData(image, 0, 0);
  const gutter = sheets.length > 1 ? Math.round(l! + sheetW + gapPx / 2) : null;
  const rgb = sharp(canvas.toBuffer('image/png')).removeAlpha().withDensity(dpi);
  const data =
    options.encoding === 'jpeg'
      ? await rgb.jpeg({ quality: Math.round(between(rnd, 70, 92)) }).toBuffer()
      : options.encoding === 'g4'
        ? await bilevel(rgb).tiff({ compression: 'ccittfax4', bitdepth: 1 }).toBuffer()
        : await rgb.png({ compressionLevel: 3 }).toBuffer();
  return { data, width, height, gutter, sheet: { x: l!, y: t!, width: spreadW, height: sheetH, skewDegrees: skew } };
}

/** A bilevel scan: the scanner thresholds the grey image at mid-grey, one bit per pixel. */
const BILEVEL_THRESHOLD = 140;
function bilevel(image: Sharp): Sharp {
  return image.greyscale().threshold(BILEVEL_THRESHOLD).toColourspace('b-w');
}

const EXTENSION: Record<ScanEncoding, RealisticScan['extension']> = { png: 'png', jpeg: 'jpg', g4: 'tif' };

/** One sheet of `kind`, scanned realistically (see above). */
export async function realisticScan(options: RealisticScanOptions): Promise<RealisticScan> {
  const rnd = seededRandom(options.seed);
  const dpi = options.dpi ?? 200;
  const encoding = options.encoding ?? 'jpeg';
  const bed = options.bed ?? 'grey';
  const bedTone = bed === 'dark' ? Math.round(between(rnd, 20, 60)) : Math.round(between(rnd, 120, 200));
  const sheet = drawSheet(rnd, options.kind, dpi, bedTone);
  const scan = await onTheBed(rnd, [sheet], { dpi, encoding, bed, bedTone, gap: null });
  return { data: scan.data, extension: EXTENSION[encoding], width: scan.width, height: scan.height, dpi, kinds: [options.kind], gutter: null, sheet: scan.sheet, bedVisible: bed !== 'none' && !(encoding === 'g4' && bedTone >= BILEVEL_THRESHOLD), seed: options.seed };
}

/**
 * A letter sheet whose content `print` draws (another generator's document), scanned as realisticScan
 * scans one: tinted paper, show-through, specks, crease, punch holes, on the bed, lamp, noise, encoding.
 */
export async function realisticScanOf(print: PrintSheet, options: Omit<RealisticScanOptions, 'kind'>): Promise<RealisticScan> {
  const rnd = seededRandom(options.seed);
  const dpi = options.dpi ?? 200;
  const encoding = options.encoding ?? 'jpeg';
  const bed = options.bed ?? 'grey';
  const bedTone = bed === 'dark' ? Math.round(between(rnd, 20, 60)) : Math.round(between(rnd, 120, 200));
  const sheet = drawSheet(rnd, 'letter', dpi, bedTone, print);
  const scan = await onTheBed(rnd, [sheet], { dpi, encoding, bed, bedTone, gap: null });
  return { data: scan.data, extension: EXTENSION[encoding], width: scan.width, height: scan.height, dpi, kinds: ['letter'], gutter: null, sheet: scan.sheet, bedVisible: bed !== 'none' && !(encoding === 'g4' && bedTone >= BILEVEL_THRESHOLD), seed: options.seed };
}

/**
 * A stapled dossier opened flat on an A3 flatbed: two A4 pages side by side, left then right, with
 * the fold between them showing as a shadow, a crease (one sheet folded), or the two sheets' edges.
 */
export async function realisticSpread(options: { seed: number; left: SheetKind; right: SheetKind; dpi?: number; encoding?: ScanEncoding; gutter?: 'shadow' | 'crease' | 'edges' }): Promise<RealisticScan> {
  const rnd = seededRandom(options.seed);
  const dpi = options.dpi ?? 200;
  const encoding = options.encoding ?? 'jpeg';
  const bedTone = Math.round(between(rnd, 120, 200));
  const gap = options.gutter ?? pick(rnd, ['shadow', 'crease', 'edges'] as const);
  const sheets = [drawSheet(rnd, options.left, dpi, bedTone), drawSheet(rnd, options.right, dpi, bedTone)];
  const scan = await onTheBed(rnd, sheets, { dpi, encoding, bed: 'grey', bedTone, gap });
  return { data: scan.data, extension: EXTENSION[encoding], width: scan.width, height: scan.height, dpi, kinds: [options.left, options.right], gutter: scan.gutter, sheet: scan.sheet, bedVisible: !(encoding === 'g4' && bedTone >= BILEVEL_THRESHOLD), seed: options.seed };
}

/**
 * A varied set of `count` scans from `seed`: every kind of sheet, every encoding, grey, dark and no bed,
 * and about one in five a spread (two pages, a page and a blank back, a page and a nearly blank page).
 */
export async function* realisticScanSet(options: { seed: number; count: number; dpi?: readonly number[] }): AsyncGenerator<RealisticScan> {
  const rnd = seededRandom(options.seed);
  const dpis = options.dpi ?? [200, 300];
  const spreads: Array<[SheetKind, SheetKind]> = [
    ['letter', 'letter'],
    ['letter', 'blank'],
    ['blank', 'letter'],
    ['letter', 'closing'],
    ['contents', 'letter'],
    ['cover', 'blank'],
  ];
  let others = 0;
  for (let i = 0; i < options.count; i++) {
    const seed = Math.floor(rnd() * 2 ** 31);
    const dpi = pick(rnd, dpis);
    const encoding = pick(rnd, ['jpeg', 'jpeg', 'png', 'g4'] as const);
    if (i % 5 === 4) {
      const [left, right] = spreads[Math.floor(i / 5) % spreads.length]!;
      yield await realisticSpread({ seed, left, right, dpi, encoding });
    } else {
      // Text pages and blank backs are the common case; the other kinds come round in turn.
      const kind = i % 5 === 0 ? 'blank' : i % 5 === 1 ? 'letter' : SHEET_KINDS[(others++ % (SHEET_KINDS.length - 2)) + 1]!;
      yield await realisticScan({ seed, kind, dpi, encoding, bed: pick(rnd, ['grey', 'grey', 'grey', 'dark', 'none'] as const) });
    }
  }
}

export interface PrintedSheetScanOptions {
  seed: number;
  /** The printed sheet as an image at `dpi` (a PDF page rendered by pdftoppm): black print on white. */
  print: Buffer;
  dpi?: number;
  /** The paper the sheet is printed on (yellow, pink, blue separator paper): the print is multiplied onto it. */
  paper?: [number, number, number];
  /** The sheet fed turned by this many degrees clockwise (180: upside down; 90 or 270: sideways). */
  turn?: 0 | 90 | 180 | 270;
  /** Further clockwise skew of the sheet's print on the glass, in degrees (the bed adds its own ±1.2°). */
  skewDegrees?: number;
  encoding?: ScanEncoding;
  bed?: 'grey' | 'dark' | 'none';
  /** Drawn on the print before it is scanned (a stain, a scribble, a tear), in the print's pixels. */
  damage?: (ctx: Context, width: number, height: number) => void;
}

/**
 * A printed sheet (our separator sheets, a result page with a QR code) scanned as realisticScan scans the
 * generated kinds: on coloured paper, turned and skewed, softened by the optics, on the bed with its
 * shadow, the lamp's fall-off, sensor noise and the file's compression.
 */
export async function realisticScanOfPrint(options: PrintedSheetScanOptions): Promise<RealisticScan> {
  const rnd = seededRandom(options.seed);
  const dpi = options.dpi ?? 200;
  const encoding = options.encoding ?? 'jpeg';
  const bed = options.bed ?? 'grey';
  const bedTone = bed === 'dark' ? Math.round(between(rnd, 20, 60)) : Math.round(between(rnd, 120, 200));
  const printed = await loadImage(options.print);
  const print = createCanvas(printed.width, printed.height);
  const pctx = print.getContext('2d');
  pctx.drawImage(printed, 0, 0);
  options.damage?.(pctx, printed.width, printed.height);
  const turn = options.turn ?? 0;
  const sideways = turn === 90 || turn === 270;
  const sheet = createCanvas(sideways ? printed.height : printed.width, sideways ? printed.width : printed.height);
  const ctx = sheet.getContext('2d');
  const [r, g, b] = options.paper ?? [Math.round(between(rnd, 240, 252)), Math.round(between(rnd, 238, 250)), Math.round(between(rnd, 228, 244))];
  ctx.fillStyle = `rgb(${r},${g},${b})`;
  ctx.fillRect(0, 0, sheet.width, sheet.height);
  ctx.save();
  ctx.globalCompositeOperation = 'multiply';
  // The toner is not quite black, and the optics soften every edge a little.
  ctx.filter = `blur(${Math.max(0.5, (0.08 * dpi) / 25.4).toFixed(2)}px)`;
  ctx.translate(sheet.width / 2, sheet.height / 2);
  ctx.rotate(((turn + (options.skewDegrees ?? 0)) * Math.PI) / 180);
  ctx.drawImage(print, -printed.width / 2, -printed.height / 2);
  ctx.restore();
  const scan = await onTheBed(rnd, [sheet], { dpi, encoding, bed, bedTone, gap: null });
  return { data: scan.data, extension: EXTENSION[encoding], width: scan.width, height: scan.height, dpi, kinds: ['letter'], gutter: null, sheet: scan.sheet, bedVisible: bed !== 'none', seed: options.seed };
}
