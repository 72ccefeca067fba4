// Synthetic scanned pages with known geometry, for the imaging tests: real Vietnamese administrative text
// (the transcriptions of ../shared/datasets/vn-admin-real) set in a Times-like serif (DejaVu Serif, from
// npm), drawn rotated by a known angle on white paper, as a flatbed scan of a skewed sheet looks.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { createCanvas, GlobalFonts } from '@napi-rs/canvas';
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
