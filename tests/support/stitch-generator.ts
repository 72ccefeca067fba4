// A synthetic large sheet (a map: paper tone, grid, roads, rivers, parcels, labels, hatching) cut into
// overlapping scanner passes with known geometry, for the stitching tests. Each pass is the sheet seen
// through a window turned by a small known angle about its own centre, with its own lamp gain and offset
// and a little sensor noise, so registration has to cope with all three as on a real flatbed.
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { createCanvas, GlobalFonts } from '@napi-rs/canvas';
import sharp from 'sharp';

const require = createRequire(import.meta.url);
let fontReady = false;

function ensureFont(): void {
  if (fontReady) return;
  const dir = path.dirname(require.resolve('dejavu-fonts-ttf/package.json'));
  GlobalFonts.registerFromPath(path.join(dir, 'ttf', 'DejaVuSans.ttf'), 'Map Sans');
  fontReady = true;
}

/** Deterministic PRNG (mulberry32), so a failing case can be replayed. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface Sheet {
  /** RGB, 3 bytes a pixel. */
  data: Buffer;
  width: number;
  height: number;
}

const PLACES = ['Xã Tân Phú', 'Thôn Đông', 'Sông Cầu', 'Đồi Thông', 'Bến Đò', 'Chợ Mới', 'Núi Đá', 'Hồ Sen', 'Làng Vân', 'Cầu Tre', 'Trạm Y tế', 'UBND xã', 'Trường THCS', 'Đình làng', 'Ruộng lúa'];

/** A map-like sheet: nothing repeats exactly, so every overlap has one right answer. */
export function mapSheet(width = 5000, height = 3500, seed = 1): Sheet {
  ensureFont();
  const rand = rng(seed);
  const canvas = createCanvas(width, height);
  const ctx = canvas.getContext('2d');
  // Paper a little darker than the scanner's white, as real maps are, so lamp gain does not clip it.
  ctx.fillStyle = '#d4cdbe';
  ctx.fillRect(0, 0, width, height);
  // Broad stains and shading.
  for (let k = 0; k < 40; k++) {
    const x = rand() * width;
    const y = rand() * height;
    const r = 150 + rand() * 600;
    const g = ctx.createRadialGradient(x, y, 0, x, y, r);
    g.addColorStop(0, `rgba(${120 + rand() * 80},${110 + rand() * 80},${80 + rand() * 60},0.18)`);
    g.addColorStop(1, 'rgba(0,0,0,0)');
    ctx.fillStyle = g;
    ctx.fillRect(x - r, y - r, 2 * r, 2 * r);
  }
  // Land parcels.
  for (let k = 0; k < 260; k++) {
    const cx = rand() * width;
    const cy = rand() * height;
    const sides = 3 + Math.floor(rand() * 5);
    const r = 40 + rand() * 220;
    ctx.beginPath();
    for (let s = 0; s < sides; s++) {
      const a = (s / sides) * 2 * Math.PI + rand() * 0.6;
      const rr = r * (0.6 + rand() * 0.5);
      const px = cx + Math.cos(a) * rr;
      const py = cy + Math.sin(a) * rr;
      if (s === 0) ctx.moveTo(px, py);
      else ctx.lineTo(px, py);
    }
    ctx.closePath();
    ctx.fillStyle = `rgba(${Math.floor(rand() * 200)},${Math.floor(100 + rand() * 155)},${Math.floor(rand() * 200)},0.25)`;
    ctx.fill();
    ctx.strokeStyle = 'rgba(90,60,40,0.8)';
    ctx.lineWidth = 1 + rand() * 2;
    ctx.stroke();
  }
  // Hatched areas (fields, marsh).
  for (let k = 0; k < 60; k++) {
    const x = rand() * width;
    const y = rand() * height;
    const w = 80 + rand() * 300;
    const h = 80 + rand() * 300;
    const gap = 6 + rand() * 10;
    ctx.save();
    ctx.beginPath();
    ctx.rect(x, y, w, h);
    ctx.clip();
    ctx.strokeStyle = 'rgba(40,90,40,0.6)';
    ctx.lineWidth = 1;
    ctx.beginPath();
    for (let d = -h; d < w; d += gap) {
      ctx.moveTo(x + d, y + h);
      ctx.lineTo(x + d + h, y);
    }
    ctx.stroke();
    ctx.restore();
  }
  // Grid of the map sheet.
  ctx.strokeStyle = 'rgba(60,90,160,0.7)';
  ctx.lineWidth = 2;
  for (let x = 137; x < width; x += 400) {
    ctx.beginPath();
    ctx.moveTo(x, 0);
    ctx.lineTo(x, height);
    ctx.stroke();
  }
  for (let y = 211; y < height; y += 400) {
    ctx.beginPath();
    ctx.moveTo(0, y);
    ctx.lineTo(width, y);
    ctx.stroke();
  }
  // Rivers and roads: long curves crossing the sheet.
  for (let k = 0; k < 45; k++) {
    const river = k < 8;
    ctx.strokeStyle = river ? 'rgba(50,110,200,0.85)' : rand() < 0.5 ? 'rgba(180,40,30,0.9)' : 'rgba(40,40,40,0.9)';
    ctx.lineWidth = river ? 8 + rand() * 14 : 2 + rand() * 7;
    ctx.beginPath();
    ctx.moveTo(rand() * width, rand() * height);
    for (let s = 0; s < 3; s++) {
      ctx.bezierCurveTo(rand() * width, rand() * height, rand() * width, rand() * height, rand() * width, rand() * height);
    }
    ctx.stroke();
  }
  // Point symbols.
  for (let k = 0; k < 900; k++) {
    const x = rand() * width;
    const y = rand() * height;
    ctx.fillStyle = `rgb(${Math.floor(rand() * 120)},${Math.floor(rand() * 120)},${Math.floor(rand() * 120)})`;
    if (rand() < 0.5) {
      ctx.beginPath();
      ctx.arc(x, y, 3 + rand() * 9, 0, 2 * Math.PI);
      ctx.fill();
    } else {
      ctx.fillRect(x, y, 5 + rand() * 14, 5 + rand() * 14);
    }
  }
  // Labels.
  for (let k = 0; k < 700; k++) {
    const size = 14 + Math.floor(rand() * 34);
    ctx.save();
    ctx.translate(rand() * width, rand() * height);
    ctx.rotate((rand() - 0.5) * 0.8);
    ctx.font = `${size}px "Map Sans"`;
    ctx.fillStyle = rand() < 0.7 ? '#1a1a1a' : '#7a2010';
    ctx.fillText(`${PLACES[Math.floor(rand() * PLACES.length)]!} ${Math.floor(rand() * 100)}`, 0, 0);
    ctx.restore();
  }
  const rgba = ctx.getImageData(0, 0, width, height).data;
  const data = Buffer.alloc(width * height * 3);
  // Fine paper grain, the texture real paper shows under a scanner.
  for (let i = 0, o = 0; i < rgba.length; i += 4, o += 3) {
    const grain = (rand() - 0.5) * 10;
    data[o] = clamp(rgba[i]! + grain);
    data[o + 1] = clamp(rgba[i + 1]! + grain);
    data[o + 2] = clamp(rgba[i + 2]! + grain);
  }
  return { data, width, height };
}

export interface TruthPlacement {
  /** Top-left of the pass in the sheet's frame before its turn about its own centre, in px. */
  x: number;
  y: number;
  /** Clockwise (y down), degrees. */
  angle: number;
  width: number;
  height: number;
  gain: number;
  offset: number;
}

export interface GeneratedPasses {
  sheet: Sheet;
  files: string[];
  truth: TruthPlacement[];
}

/**
 * Cuts `sheet` into a cols × rows grid of passes overlapping by about `overlap` of a pass, each nudged by
 * up to `jitter` px, turned by up to `maxAngle`°, with gain in 0.85–1.15 and offset in ±15. Pixel p of a pass
 * shows the sheet at R(angle)·(p − c) + c + (x, y), the same model the stitcher's placements use.
 */
export async function cutPasses(
  sheet: Sheet,
  dir: string,
  options: { cols: number; rows: number; overlap?: number; seed?: number; maxAngle?: number; jitter?: number },
): Promise<GeneratedPasses> {
  const rand = rng(options.seed ?? 7);
  const overlap = options.overlap ?? 0.25;
  const maxAngle = options.maxAngle ?? 1;
  const jitter = options.jitter ?? 25;
  // Keep turned corners on the sheet: a 1° turn of a 3,500 px pass swings its corners by ~30 px.
  const margin = 70;
  const { cols, rows } = options;
  const width = Math.floor((sheet.width - 2 * margin - 2 * jitter) / (cols - (cols - 1) * overlap));
  const height = Math.floor((sheet.height - 2 * margin - 2 * jitter) / (rows - (rows - 1) * overlap));
  const files: string[] = [];
  const truth: TruthPlacement[] = [];
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      const t: TruthPlacement = {
        x: margin + jitter + c * width * (1 - overlap) + (rand() * 2 - 1) * jitter,
        y: margin + jitter + r * height * (1 - overlap) + (rand() * 2 - 1) * jitter,
        angle: (rand() * 2 - 1) * maxAngle,
        width,
        height,
        gain: 0.85 + rand() * 0.3,
        offset: (rand() * 2 - 1) * 15,
      };
      const file = path.join(dir, `pass-${r}-${c}.png`);
      const pixels = renderPass(sheet, t, rand);
      writeFileSync(file, await sharp(pixels, { raw: { width, height, channels: 3 } }).png({ compressionLevel: 1 }).toBuffer());
      files.push(file);
      truth.push(t);
    }
  }
  return { sheet, files, truth };
}

function renderPass(sheet: Sheet, t: TruthPlacement, rand: () => number): Buffer {
  const out = Buffer.alloc(t.width * t.height * 3);
  const theta = (t.angle * Math.PI) / 180;
  const cos = Math.cos(theta);
  const sin = Math.sin(theta);
  const cx = t.width / 2;
  const cy = t.height / 2;
  const sw = sheet.width;
  const src = sheet.data;
  for (let y = 0; y < t.height; y++) {
    for (let x = 0; x < t.width; x++) {
      const px = x + 0.5 - cx;
      const py = y + 0.5 - cy;
      // Sheet coordinates of this pixel's centre, then to the sheet's pixel-index grid.
      const sx = cos * px - sin * py + cx + t.x - 0.5;
      const sy = sin * px + cos * py + cy + t.y - 0.5;
      const x0 = Math.floor(sx);
      const y0 = Math.floor(sy);
      const ax = sx - x0;
      const ay = sy - y0;
      const o = (y * t.width + x) * 3;
      const noise = (rand() + rand() + rand() - 1.5) * 3;
      const inside = x0 >= 0 && y0 >= 0 && x0 + 1 < sheet.width && y0 + 1 < sheet.height;
      for (let ch = 0; ch < 3; ch++) {
        let v = 255;
        if (inside) {
          const k = (y0 * sw + x0) * 3 + ch;
          const top = src[k]! + ax * (src[k + 3]! - src[k]!);
          const bottom = src[k + sw * 3]! + ax * (src[k + sw * 3 + 3]! - src[k + sw * 3]!);
          v = top + ay * (bottom - top);
        }
        out[o + ch] = clamp(t.gain * v + t.offset + noise);
      }
    }
  }
  return out;
}

function clamp(v: number): number {
  return v < 0 ? 0 : v > 255 ? 255 : Math.round(v);
}

// ---- comparing found placements with the truth

export type Point = [number, number];
export interface Frame {
  x: number;
  y: number;
  angle: number;
  width: number;
  height: number;
}

/** Tile pixel → frame of the sheet (or canvas): R(angle)·(p − c) + c + (x, y). */
export function toFrame(f: Frame, [px, py]: Point): Point {
  const t = (f.angle * Math.PI) / 180;
  const dx = px - f.width / 2;
  const dy = py - f.height / 2;
  return [Math.cos(t) * dx - Math.sin(t) * dy + f.width / 2 + f.x, Math.sin(t) * dx + Math.cos(t) * dy + f.height / 2 + f.y];
}

export function fromFrame(f: Frame, [qx, qy]: Point): Point {
  const t = (f.angle * Math.PI) / 180;
  const dx = qx - f.x - f.width / 2;
  const dy = qy - f.y - f.height / 2;
  return [Math.cos(t) * dx + Math.sin(t) * dy + f.width / 2, -Math.sin(t) * dx + Math.cos(t) * dy + f.height / 2];
}

export function cornersOf(f: { width: number; height: number }): Point[] {
  return [
    [0, 0],
    [f.width, 0],
    [f.width, f.height],
    [0, f.height],
  ];
}

/** Largest corner error of each tile, both sides expressed in the first tile's own frame. */
export function cornerErrors(found: Array<{ x: number; y: number; angle: number }>, truth: TruthPlacement[]): number[] {
  const f0: Frame = { ...found[0]!, width: truth[0]!.width, height: truth[0]!.height };
  return truth.map((t, k) => {
    const fk: Frame = { ...found[k]!, width: t.width, height: t.height };
    return Math.max(
      ...cornersOf(t).map((c) => {
        const [ex, ey] = fromFrame(f0, toFrame(fk, c));
        const [tx, ty] = fromFrame(truth[0]!, toFrame(t, c));
        return Math.hypot(ex - tx, ey - ty);
      }),
    );
  });
}

