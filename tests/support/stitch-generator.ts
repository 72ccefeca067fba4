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
  return { data: grainedRgb(ctx.getImageData(0, 0, width, height).data, rand, 10), width, height };
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


// ---- realistic passes: a survey map on a flatbed, as clerks really scan one

/** A region of the sheet, in sheet px. */
export interface Area {
  x: number;
  y: number;
  width: number;
  height: number;
}

/**
 * A survey map as archives hold them: cream paper that is mostly empty, a neatline and title, a sea with
 * nothing in it, thin contour lines, fields hatched with one exactly repeated pattern, a regular kilometre
 * grid, thin roads and rivers, sparse labels. Features cluster in a few districts, so whole overlaps can be
 * nearly bare, and hatching and the grid repeat, so a wrong shift can look right locally. Sizes are in mm
 * and scale with `dpi`, so a reduced-scale sheet keeps the same look. `blank` areas are cleared to paper.
 */
export function surveyMap(options: { width: number; height: number; dpi: number; seed: number; blank?: Area[] }): Sheet {
  ensureFont();
  const { width, height, dpi } = options;
  const mm = dpi / 25.4;
  const rand = rng(options.seed);
  const between = (lo: number, hi: number): number => lo + rand() * (hi - lo);
  const canvas = createCanvas(width, height);
  const ctx = canvas.getContext('2d');
  const paper = 'rgb(243,239,229)';
  ctx.fillStyle = paper;
  ctx.fillRect(0, 0, width, height);
  // Faint age tint over broad areas.
  for (let k = 0; k < 8; k++) {
    const x = rand() * width;
    const y = rand() * height;
    const r = between(80, 250) * mm;
    const g = ctx.createRadialGradient(x, y, 0, x, y, r);
    g.addColorStop(0, 'rgba(200,180,140,0.06)');
    g.addColorStop(1, 'rgba(200,180,140,0)');
    ctx.fillStyle = g;
    ctx.fillRect(x - r, y - r, 2 * r, 2 * r);
  }
  const inset = 12 * mm;
  const districts = Array.from({ length: 3 }, () => [between(inset, width - inset), between(inset, height - inset)] as const);
  const near = (spread: number): [number, number] => {
    const [cx, cy] = districts[Math.floor(rand() * districts.length)]!;
    return [cx + (rand() + rand() - 1) * spread * mm, cy + (rand() + rand() - 1) * spread * mm];
  };

  // A sea along one side: a large empty area with only its coast drawn.
  const seaSide = Math.floor(rand() * 4);
  ctx.beginPath();
  const depth = between(0.12, 0.22);
  const coast: [number, number][] = [];
  for (let s = 0; s <= 40; s++) {
    const t = s / 40;
    const wobble = (Math.sin(t * 9 + rand()) * 0.02 + (rand() - 0.5) * 0.01) * (seaSide % 2 ? width : height);
    if (seaSide === 0) coast.push([t * width, depth * height + wobble]);
    else if (seaSide === 1) coast.push([width - depth * width + wobble, t * height]);
    else if (seaSide === 2) coast.push([t * width, height - depth * height + wobble]);
    else coast.push([depth * width + wobble, t * height]);
  }
  const edge: [number, number][] = seaSide === 0 ? [[width, 0], [0, 0]] : seaSide === 1 ? [[width, height], [width, 0]] : seaSide === 2 ? [[width, height], [0, height]] : [[0, height], [0, 0]];
  coast.forEach(([x, y], s) => (s === 0 ? ctx.moveTo(x, y) : ctx.lineTo(x, y)));
  for (const [x, y] of edge) ctx.lineTo(x, y);
  ctx.closePath();
  ctx.fillStyle = 'rgb(226,236,243)';
  ctx.fill();
  ctx.beginPath();
  coast.forEach(([x, y], s) => (s === 0 ? ctx.moveTo(x, y) : ctx.lineTo(x, y)));
  ctx.strokeStyle = 'rgb(60,110,170)';
  ctx.lineWidth = 0.3 * mm;
  ctx.stroke();

  // Contours: rings round a few hills, every fifth one thicker, 0.1 mm lines.
  for (let h = 0; h < 6; h++) {
    const [cx, cy] = near(120);
    const harmonics = Array.from({ length: 3 }, (_, m) => ({ a: between(0.05, 0.2) / (m + 1), p: rand() * 6.283, m: m + 2 }));
    const spacing = between(2.5, 4.5) * mm;
    const rings = 4 + Math.floor(rand() * 10);
    for (let k = 1; k <= rings; k++) {
      ctx.beginPath();
      for (let s = 0; s <= 180; s++) {
        const phi = (s / 180) * 2 * Math.PI;
        const r = k * spacing * (1 + harmonics.reduce((sum, hm) => sum + hm.a * Math.sin(hm.m * phi + hm.p + k * 0.05), 0));
        const x = cx + Math.cos(phi) * r;
        const y = cy + Math.sin(phi) * r;
        if (s === 0) ctx.moveTo(x, y);
        else ctx.lineTo(x, y);
      }
      ctx.strokeStyle = 'rgb(168,112,62)';
      ctx.lineWidth = (k % 5 === 0 ? 0.25 : 0.1) * mm;
      ctx.stroke();
    }
  }

  // Fields hatched at 45° with one pattern fixed to the sheet, and marsh symbols on a regular lattice.
  for (let k = 0; k < 14; k++) {
    const [cx, cy] = near(150);
    const r = between(12, 45) * mm;
    ctx.save();
    ctx.beginPath();
    const sides = 4 + Math.floor(rand() * 3);
    for (let s = 0; s < sides; s++) {
      const a = (s / sides) * 2 * Math.PI + rand() * 0.5;
      const rr = r * between(0.7, 1.1);
      if (s === 0) ctx.moveTo(cx + Math.cos(a) * rr, cy + Math.sin(a) * rr);
      else ctx.lineTo(cx + Math.cos(a) * rr, cy + Math.sin(a) * rr);
    }
    ctx.closePath();
    ctx.strokeStyle = 'rgb(70,70,70)';
    ctx.lineWidth = 0.15 * mm;
    ctx.stroke();
    ctx.clip();
    const period = 1.5 * mm;
    ctx.beginPath();
    if (k % 3 === 2) {
      for (let y = Math.floor((cy - r) / (2 * period)) * 2 * period; y < cy + r; y += 2 * period) {
        for (let x = Math.floor((cx - r) / (3 * period)) * 3 * period; x < cx + r; x += 3 * period) {
          ctx.moveTo(x, y);
          ctx.lineTo(x + 1.2 * period, y);
        }
      }
      ctx.strokeStyle = 'rgb(40,100,160)';
    } else {
      const from = Math.floor((cx - r - (cy + r)) / period) * period;
      for (let d = from; d < cx + r - (cy - r); d += period) {
        ctx.moveTo(d + (cy - r), cy - r);
        ctx.lineTo(d + (cy + r), cy + r);
      }
      ctx.strokeStyle = 'rgb(60,120,60)';
    }
    ctx.lineWidth = 0.1 * mm;
    ctx.stroke();
    ctx.restore();
  }

  // The kilometre grid: thin, regular, the same everywhere.
  ctx.strokeStyle = 'rgba(70,100,150,0.8)';
  ctx.lineWidth = 0.1 * mm;
  ctx.beginPath();
  for (let x = inset + 100 * mm; x < width - inset; x += 100 * mm) {
    ctx.moveTo(x, inset);
    ctx.lineTo(x, height - inset);
  }
  for (let y = inset + 100 * mm; y < height - inset; y += 100 * mm) {
    ctx.moveTo(inset, y);
    ctx.lineTo(width - inset, y);
  }
  ctx.stroke();

  // Roads (cased double lines) and rivers.
  for (let k = 0; k < 12; k++) {
    const river = k < 4;
    const path2d: number[][] = [near(250), near(250), near(250), near(250)];
    const draw = (): void => {
      ctx.beginPath();
      ctx.moveTo(path2d[0]![0]!, path2d[0]![1]!);
      ctx.bezierCurveTo(path2d[1]![0]!, path2d[1]![1]!, path2d[2]![0]!, path2d[2]![1]!, path2d[3]![0]!, path2d[3]![1]!);
    };
    if (river) {
      draw();
      ctx.strokeStyle = 'rgb(60,120,190)';
      ctx.lineWidth = between(0.2, 1) * mm;
      ctx.stroke();
    } else {
      draw();
      ctx.strokeStyle = 'rgb(40,40,40)';
      ctx.lineWidth = 0.8 * mm;
      ctx.stroke();
      draw();
      ctx.strokeStyle = rand() < 0.5 ? 'rgb(250,220,120)' : 'rgb(243,239,229)';
      ctx.lineWidth = 0.5 * mm;
      ctx.stroke();
    }
  }

  // Scattered point symbols (houses, wells, survey points), the little that bare areas of a map show.
  const symbols = Math.round((width * height) / (mm * mm) / 6000);
  ctx.fillStyle = 'rgb(25,25,25)';
  ctx.strokeStyle = 'rgb(25,25,25)';
  ctx.lineWidth = 0.15 * mm;
  for (let k = 0; k < symbols; k++) {
    const x = between(inset, width - inset);
    const y = between(inset, height - inset);
    const kind = Math.floor(rand() * 3);
    if (kind === 0) ctx.fillRect(x, y, between(0.8, 1.6) * mm, between(0.8, 1.6) * mm);
    else if (kind === 1) {
      ctx.beginPath();
      ctx.arc(x, y, 0.8 * mm, 0, 2 * Math.PI);
      ctx.stroke();
    } else {
      ctx.beginPath();
      ctx.moveTo(x, y - 1.2 * mm);
      ctx.lineTo(x + 1 * mm, y + 0.6 * mm);
      ctx.lineTo(x - 1 * mm, y + 0.6 * mm);
      ctx.closePath();
      ctx.stroke();
    }
  }

  // Sparse labels, half of them in the districts.
  const labels = Math.round((width * height) / (mm * mm) / 4000);
  for (let k = 0; k < labels; k++) {
    const [x, y] = rand() < 0.5 ? near(200) : [between(inset, width - inset), between(inset, height - inset)];
    ctx.save();
    ctx.translate(x, y);
    ctx.rotate((rand() - 0.5) * 0.6);
    ctx.font = `${Math.round(between(2.2, 4.5) * mm)}px "Map Sans"`;
    ctx.fillStyle = rand() < 0.8 ? 'rgb(30,30,30)' : 'rgb(40,80,150)';
    ctx.fillText(`${PLACES[Math.floor(rand() * PLACES.length)]!}${rand() < 0.4 ? ` ${Math.floor(rand() * 900 + 10)}` : ''}`, 0, 0);
    ctx.restore();
  }

  for (const b of options.blank ?? []) {
    ctx.fillStyle = paper;
    ctx.fillRect(b.x, b.y, b.width, b.height);
  }

  // Neatline, title and sheet number in the margin.
  ctx.strokeStyle = 'rgb(20,20,20)';
  ctx.lineWidth = 0.5 * mm;
  ctx.strokeRect(inset, inset, width - 2 * inset, height - 2 * inset);
  ctx.lineWidth = 0.15 * mm;
  ctx.strokeRect(inset + 1.5 * mm, inset + 1.5 * mm, width - 2 * inset - 3 * mm, height - 2 * inset - 3 * mm);
  ctx.fillStyle = 'rgb(20,20,20)';
  ctx.font = `${Math.round(6 * mm)}px "Map Sans"`;
  ctx.fillText('BẢN ĐỒ ĐỊA HÌNH — TỜ F-48-68-D', width / 2 - 90 * mm, inset - 3 * mm);
  ctx.font = `${Math.round(2.5 * mm)}px "Map Sans"`;
  ctx.fillText('Tỷ lệ 1:25 000', inset, height - inset / 3);

  return { data: grainedRgb(ctx.getImageData(0, 0, width, height).data, rand, 4), width, height };
}

/** RGB of a canvas's RGBA with fine paper grain (± amplitude / 2), the texture real paper shows under a scanner. */
function grainedRgb(rgba: Uint8ClampedArray, rand: () => number, amplitude: number): Buffer {
  const data = Buffer.alloc((rgba.length / 4) * 3);
  for (let i = 0, o = 0; i < rgba.length; i += 4, o += 3) {
    const grain = (rand() - 0.5) * amplitude;
    data[o] = clamp(rgba[i]! + grain);
    data[o + 1] = clamp(rgba[i + 1]! + grain);
    data[o + 2] = clamp(rgba[i + 2]! + grain);
  }
  return data;
}

export interface ScanLayout {
  cols: number;
  rows: number;
  /** Pass size in mm (an A3 flatbed: 420 × 297 landscape, 297 × 420 portrait). */
  passMm: { width: number; height: number };
  dpi: number;
  seed: number;
  /** Share of a pass that each seam overlaps, drawn per seam. */
  overlap?: [number, number];
  maxAngle?: number;
  /** The files are returned in a shuffled order (truth follows the files). */
  shuffle?: boolean;
  /** Blank the sheet over the overlap between these two grid cells (row-major indices), leaving them nothing to match. */
  blankSeam?: [number, number];
  jpegQuality?: number;
}

export interface ScannedPasses extends GeneratedPasses {
  /** Grid cell (row-major) of each file. */
  cell: number[];
  /** Width of the scanner's frame round every pass, px (bed grey, part of no sheet). */
  bezel: number;
  /** The blanked area, in sheet px, when `blankSeam` was given. */
  blank: Area | null;
}

/**
 * A map larger than the flatbed scanned in cols × rows passes as a clerk does it: the sheet slid under the
 * lid between passes so each seam overlaps by 15–25 % (drawn per seam), each pass turned by up to
 * `maxAngle`° and nudged off the grid; round every pass the scanner's grey frame; beyond the sheet's own
 * edges the grey lid; per pass a different lamp (gain, offset) with its fall-off towards the lamp's ends
 * and along the travel; sensor noise; JPEG. The sheet (see surveyMap) is sized so its edges fall inside the
 * outer passes on some sides and beyond them on others.
 */
export async function scanPasses(dir: string, layout: ScanLayout): Promise<ScannedPasses> {
  const rand = rng(layout.seed * 7919 + 17);
  const between = (lo: number, hi: number): number => lo + rand() * (hi - lo);
  const mm = layout.dpi / 25.4;
  const width = Math.round(layout.passMm.width * mm);
  const height = Math.round(layout.passMm.height * mm);
  const [ovLo, ovHi] = layout.overlap ?? [0.15, 0.25];
  const maxAngle = layout.maxAngle ?? 1;
  const { cols, rows } = layout;
  const colX = [0];
  for (let c = 1; c < cols; c++) colX.push(colX[c - 1]! + width * (1 - between(ovLo, ovHi)));
  const rowY = [0];
  for (let r = 1; r < rows; r++) rowY.push(rowY[r - 1]! + height * (1 - between(ovLo, ovHi)));
  // Slid by hand: each pass off its grid place by up to 1 % of the pass.
  const nominal = Array.from({ length: rows * cols }, (_, k) => ({
    x: colX[k % cols]! + (rand() * 2 - 1) * 0.01 * width,
    y: rowY[Math.floor(k / cols)]! + (rand() * 2 - 1) * 0.01 * height,
    angle: (rand() * 2 - 1) * maxAngle,
  }));
  const minX = Math.min(...nominal.map((p) => p.x));
  const minY = Math.min(...nominal.map((p) => p.y));
  const maxX = Math.max(...nominal.map((p) => p.x + width));
  const maxY = Math.max(...nominal.map((p) => p.y + height));
  // Per side: the sheet's edge shows 4–25 mm inside the outer passes, or the sheet runs on beyond them.
  const side = (): number => (rand() < 0.6 ? between(4, 25) * mm : -between(15, 30) * mm);
  const [left, top, right, bottom] = [side(), side(), side(), side()];
  const sheetW = Math.round(maxX - minX - left - right);
  const sheetH = Math.round(maxY - minY - top - bottom);
  const ox = minX + left;
  const oy = minY + top;
  const truthGrid: TruthPlacement[] = nominal.map((p) => ({
    x: p.x - ox,
    y: p.y - oy,
    angle: p.angle,
    width,
    height,
    gain: between(0.82, 1.12),
    offset: between(-18, 12),
  }));
  let blank: Area | null = null;
  if (layout.blankSeam) {
    const [a, b] = layout.blankSeam.map((k) => truthGrid[k]!);
    const x0 = Math.max(a!.x, b!.x) - 25 * mm;
    const y0 = Math.max(a!.y, b!.y) - 25 * mm;
    const x1 = Math.min(a!.x, b!.x) + width + 25 * mm;
    const y1 = Math.min(a!.y, b!.y) + height + 25 * mm;
    blank = { x: x0, y: y0, width: x1 - x0, height: y1 - y0 };
  }
  const sheet = surveyMap({ width: sheetW, height: sheetH, dpi: layout.dpi, seed: layout.seed, ...(blank ? { blank: [blank] } : {}) });
  const bezel = Math.round(3 * mm);
  const order = truthGrid.map((_, k) => k);
  if (layout.shuffle) {
    for (let k = order.length - 1; k > 0; k--) {
      const j = Math.floor(rand() * (k + 1));
      [order[k], order[j]] = [order[j]!, order[k]!];
    }
  }
  const files: string[] = [];
  const truth: TruthPlacement[] = [];
  for (let n = 0; n < order.length; n++) {
    const t = truthGrid[order[n]!]!;
    const lamp = { ends: between(0.04, 0.1), travel: between(-0.06, 0.06) };
    const pixels = renderScannedPass(sheet, t, bezel, lamp, rand);
    const file = path.join(dir, `luot-${String(n + 1).padStart(2, '0')}.jpg`);
    writeFileSync(file, await sharp(pixels, { raw: { width, height, channels: 3 } }).withMetadata({ density: layout.dpi }).jpeg({ quality: layout.jpegQuality ?? 85 }).toBuffer());
    files.push(file);
    truth.push(t);
  }
  return { sheet, files, truth, cell: order, bezel, blank };
}

/**
 * One pass: the sheet through the turned window (bilinear), the grey lid where the window leaves the sheet
 * with a soft shadow along the sheet's edge, the lamp (gain × fall-off towards both ends of the lamp, which
 * lies along the pass's height, and a slope along the travel) plus offset, noise, then the scanner's frame.
 */
function renderScannedPass(sheet: Sheet, t: TruthPlacement, bezel: number, lamp: { ends: number; travel: number }, rand: () => number): Buffer {
  const out = Buffer.alloc(t.width * t.height * 3);
  const theta = (t.angle * Math.PI) / 180;
  const cos = Math.cos(theta);
  const sin = Math.sin(theta);
  const cx = t.width / 2;
  const cy = t.height / 2;
  const sw = sheet.width;
  const src = sheet.data;
  const shadow = bezel;
  const lid = [196, 197, 194];
  for (let y = 0; y < t.height; y++) {
    const v = (y - cy) / cy;
    for (let x = 0; x < t.width; x++) {
      const px = x + 0.5 - cx;
      const py = y + 0.5 - cy;
      const sx = cos * px - sin * py + cx + t.x - 0.5;
      const sy = sin * px + cos * py + cy + t.y - 0.5;
      const x0 = Math.floor(sx);
      const y0 = Math.floor(sy);
      const ax = sx - x0;
      const ay = sy - y0;
      const o = (y * t.width + x) * 3;
      const gain = t.gain * (1 - lamp.ends * v * v) * (1 + lamp.travel * (x / t.width - 0.5));
      const noise = (rand() + rand() + rand() - 1.5) * 3;
      const frame = Math.min(x, y, t.width - 1 - x, t.height - 1 - y);
      const inside = x0 >= 0 && y0 >= 0 && x0 + 1 < sheet.width && y0 + 1 < sheet.height;
      // Distance outside the sheet's edge, for the lid's shadow there.
      const outside = Math.max(-sx, -sy, sx - sheet.width, sy - sheet.height);
      for (let ch = 0; ch < 3; ch++) {
        let value: number;
        if (frame < bezel) value = 95 + (35 * frame) / bezel + noise;
        else if (inside) {
          const k = (y0 * sw + x0) * 3 + ch;
          const upper = src[k]! + ax * (src[k + 3]! - src[k]!);
          const lower = src[k + sw * 3]! + ax * (src[k + sw * 3 + 3]! - src[k + sw * 3]!);
          value = gain * (upper + ay * (lower - upper)) + t.offset + noise;
        } else {
          const dark = outside < shadow ? 60 * (1 - outside / shadow) : 0;
          value = gain * (lid[ch]! - dark) + t.offset + noise;
        }
        out[o + ch] = clamp(value);
      }
    }
  }
  return out;
}
