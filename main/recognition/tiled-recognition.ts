// Large-format sheets (maps, drawings up to A0: 140 MP at 300 dpi) are recognized in overlapping tiles:
// one Tesseract worker on the whole sheet would need gigabytes of WASM heap, and the pool's other
// workers can read tiles at the same time. A word belongs to the tile whose core (the tile less half the
// overlap on each inner side) holds its centre: a word cut by one tile's edge lies whole inside the next
// tile, whose copy is kept, so words are neither lost nor doubled as long as they are shorter than the
// overlap.
import sharp from 'sharp';
import { maxPixels } from '../imaging/image-limits';
import { textConfidence, type RecognitionPool, type RecognitionResult, type RecognizedWord } from './recognition-pool';
import type { WordBox } from './word-geometry';

export interface TileOptions {
  /** Tile edge in pixels of the OCR image. */
  tile: number;
  /** Overlap between neighbouring tiles, in pixels: longer than the longest word expected. */
  overlap: number;
}

/**
 * 3,000 px tiles (25 cm at 300 dpi) keep a worker near 300 MB; a 400 px overlap (34 mm) is longer than
 * any word of a map's or a drawing's labels at that resolution.
 */
export const LARGE_SHEET_TILES: TileOptions = { tile: 3000, overlap: 400 };

interface Tile {
  left: number;
  top: number;
  width: number;
  height: number;
  /** The part of the sheet this tile answers for. */
  core: { x0: number; y0: number; x1: number; y1: number };
}

/** Tile starts along one edge: evenly spread so that the last tile is not a sliver. */
function starts(length: number, tile: number, overlap: number): number[] {
  if (length <= tile) return [0];
  const count = Math.ceil((length - overlap) / (tile - overlap));
  const step = (length - tile) / (count - 1);
  return Array.from({ length: count }, (_, i) => Math.round(i * step));
}

export function tilesFor(width: number, height: number, { tile, overlap }: TileOptions): Tile[] {
  const xs = starts(width, tile, overlap);
  const ys = starts(height, tile, overlap);
  const tiles: Tile[] = [];
  for (const [row, top] of ys.entries()) {
    for (const [column, left] of xs.entries()) {
      const w = Math.min(tile, width - left);
      const h = Math.min(tile, height - top);
      // Inner edges of the core: halfway through the overlap with the neighbour.
      const x0 = column === 0 ? 0 : (left + xs[column - 1]! + Math.min(tile, width - xs[column - 1]!)) / 2;
      const x1 = column === xs.length - 1 ? width : (left + w + xs[column + 1]!) / 2;
      const y0 = row === 0 ? 0 : (top + ys[row - 1]! + Math.min(tile, height - ys[row - 1]!)) / 2;
      const y1 = row === ys.length - 1 ? height : (top + h + ys[row + 1]!) / 2;
      tiles.push({ left, top, width: w, height: h, core: { x0, y0, x1, y1 } });
    }
  }
  return tiles;
}

export interface SheetOptions {
  /** Incoming-document stamp boxes in the image's pixels (see RecognitionPool.recognize). */
  stamps?: readonly WordBox[];
  tiles?: TileOptions;
}

/**
 * Recognizes an OCR image, in overlapping tiles when it is larger than one tile and a half (13.5 MP: an
 * A4 page at 300 dpi is read whole, an A3 page in tiles). Boxes come back in the whole image's pixels;
 * lines are numbered tile after tile (row by row), each tile's lines in its own reading order; lines set
 * aside (WordView.aside) are left out of the text.
 */
export async function recognizeSheet(pool: RecognitionPool, image: Buffer, { stamps = [], tiles: options = LARGE_SHEET_TILES }: SheetOptions = {}): Promise<RecognitionResult> {
  const { width, height, density } = await sharp(image, { limitInputPixels: maxPixels() }).metadata();
  if (width * height <= 1.5 * options.tile * options.tile) return pool.recognize(image, stamps);
  const tiles = tilesFor(width, height, options);
  // Decoded once (one byte a pixel: 140 MB for A0 at 300 dpi) rather than once per tile.
  const { data, info } = await sharp(image, { limitInputPixels: maxPixels() }).toColourspace('b-w').raw().toBuffer({ resolveWithObject: true });
  const raw = { width: info.width, height: info.height, channels: info.channels };
  const read: RecognitionResult[] = [];
  const readTile = async (tile: Tile) => {
    let cut = sharp(data, { raw, limitInputPixels: maxPixels() }).extract({ left: tile.left, top: tile.top, width: tile.width, height: tile.height });
    // Tesseract sizes its expectations of the text by the resolution: each tile keeps the sheet's.
    if (density) cut = cut.withDensity(density);
    const shifted = stamps.map((b) => ({ x0: b.x0 - tile.left, x1: b.x1 - tile.left, y0: b.y0 - tile.top, y1: b.y1 - tile.top }));
    return pool.recognize(await cut.toColourspace('b-w').png({ compressionLevel: 1 }).toBuffer(), shifted);
  };
  // A tile is cut out only when a worker can take it: all of an A0 sheet's tiles waiting at once would
  // hold another 100 MB of PNGs.
  let next = 0;
  const reader = async () => {
    while (next < tiles.length) {
      const index = next++;
      read[index] = await readTile(tiles[index]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(pool.size, tiles.length) }, reader));
  const words: RecognizedWord[] = [];
  const asideLines: RecognizedWord[][] = [];
  const texts: string[] = [];
  let textLines = 0;
  for (const [index, tile] of tiles.entries()) {
    const kept = read[index]!.words
      .map((w) => ({ ...w, x0: w.x0 + tile.left, x1: w.x1 + tile.left, y0: w.y0 + tile.top, y1: w.y1 + tile.top }))
      .filter((w) => {
        const cx = (w.x0 + w.x1) / 2;
        const cy = (w.y0 + w.y1) / 2;
        return cx >= tile.core.x0 && cx < tile.core.x1 && cy >= tile.core.y0 && cy < tile.core.y1;
      });
    // The tile's lines that kept a word, in their order, numbered on from the sheet's text lines so far;
    // lines set aside wait for the end, as on a page read whole.
    const before = texts.length;
    for (const line of [...new Set(kept.map((w) => w.line))].sort((a, b) => a - b)) {
      const onLine = kept.filter((w) => w.line === line);
      if (onLine.some((w) => w.aside)) {
        asideLines.push(onLine);
        continue;
      }
      words.push(...onLine.map((w) => ({ ...w, line: textLines })));
      texts.push(onLine.map((w) => w.text).join(' '));
      textLines += 1;
    }
    if (texts.length > before) texts.push('');
  }
  asideLines.forEach((onLine, i) => words.push(...onLine.map((w) => ({ ...w, line: textLines + i }))));
  const confidence = textConfidence(words);
  return { text: texts.join('\n').replace(/\n+$/, '').replace(/\n\n+/g, '\n\n'), confidence, words };
}
