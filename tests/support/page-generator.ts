// Synthetic scanned pages with known geometry, for the imaging tests: real Vietnamese administrative text
// (the transcriptions of ../shared/datasets/vn-admin-real) set in a Times-like serif (DejaVu Serif, from
// npm), drawn rotated by a known angle on white paper, as a flatbed scan of a skewed sheet looks.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { createCanvas, GlobalFonts } from '@napi-rs/canvas';
import { REPO_ROOT } from './temp-dir';

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
  const file = path.resolve(REPO_ROOT, '../shared/datasets/vn-admin-real/ground-truth.jsonl');
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
