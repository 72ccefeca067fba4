// Ink that the recognizer left unread. Tesseract's page layout takes a block with a seal and a signature
// over it for a picture and reads none of it: on real pages the whole signature block ("KT. BỘ TRƯỞNG",
// the position, the signer's name) goes missing. Such regions are found here as ink far from every word
// read, so that they can be read again on their own (see RecognitionPool.recognize).
import type { GreyImage } from '../imaging/skew';
import { OCR_INK_BELOW } from '../imaging/threshold';
import type { WordBox } from './word-geometry';

/** A cell (half a word height square) holds ink when this share of its pixels is ink. */
const CELL_INK_SHARE = 0.03;
/**
 * A region worth reading again: at least four word heights wide and one high, and a dozen inked cells
 * (a signature block is dozens; a speck, a punch hole or a lone rule is less).
 */
const MIN_WIDTH_HEIGHTS = 4;
const MIN_CELLS = 12;
/** Inked cells this many cells apart still make one region (the gaps between a block's lines). */
const JOIN_CELLS = 2;

/**
 * Regions of `image` with ink that no box of `read` covers or touches, as boxes in its pixels, padded by
 * a cell. `wordHeight` is the page's typical word height. Regions touching the image's edge are scanner
 * borders or the shadow of the lid, not text, and are left out.
 */
export function findUnreadRegions(image: GreyImage, read: readonly WordBox[], wordHeight: number): WordBox[] {
  const { data, width, height } = image;
  const cell = Math.max(4, Math.round(wordHeight / 2));
  const columns = Math.ceil(width / cell);
  const rows = Math.ceil(height / cell);
  const ink = new Uint32Array(columns * rows);
  for (let y = 0; y < height; y++) {
    const row = Math.floor(y / cell) * columns;
    for (let x = 0; x < width; x++) if (data[y * width + x]! < OCR_INK_BELOW) ink[row + Math.floor(x / cell)]!++;
  }
  // Every box read, with a cell around it: the ink of its own letters' marks and descenders.
  const covered = new Uint8Array(columns * rows);
  for (const box of read) {
    for (let row = Math.max(0, Math.floor(box.y0 / cell) - 1); row <= Math.min(rows - 1, Math.floor(box.y1 / cell) + 1); row++) {
      for (let column = Math.max(0, Math.floor(box.x0 / cell) - 1); column <= Math.min(columns - 1, Math.floor(box.x1 / cell) + 1); column++) covered[row * columns + column] = 1;
    }
  }
  const unread = (i: number) => ink[i]! >= CELL_INK_SHARE * cell * cell && covered[i] === 0;

  const regions: WordBox[] = [];
  const seen = new Uint8Array(columns * rows);
  for (let start = 0; start < columns * rows; start++) {
    if (seen[start] || !unread(start)) continue;
    seen[start] = 1;
    const stack = [start];
    let [c0, r0, c1, r1, cells] = [Infinity, Infinity, -1, -1, 0];
    while (stack.length > 0) {
      const i = stack.pop()!;
      const column = i % columns;
      const row = (i - column) / columns;
      [c0, r0, c1, r1, cells] = [Math.min(c0, column), Math.min(r0, row), Math.max(c1, column), Math.max(r1, row), cells + 1];
      for (let dr = -JOIN_CELLS; dr <= JOIN_CELLS; dr++) {
        for (let dc = -JOIN_CELLS; dc <= JOIN_CELLS; dc++) {
          const [c, r] = [column + dc, row + dr];
          if (c < 0 || r < 0 || c >= columns || r >= rows) continue;
          const j = r * columns + c;
          if (!seen[j] && unread(j)) {
            seen[j] = 1;
            stack.push(j);
          }
        }
      }
    }
    const touchesEdge = c0 === 0 || r0 === 0 || c1 === columns - 1 || r1 === rows - 1;
    const [w, h] = [(c1 - c0 + 1) * cell, (r1 - r0 + 1) * cell];
    if (touchesEdge || cells < MIN_CELLS || w < MIN_WIDTH_HEIGHTS * wordHeight || h < wordHeight) continue;
    regions.push({ x0: Math.max(0, (c0 - 1) * cell), y0: Math.max(0, (r0 - 1) * cell), x1: Math.min(width, (c1 + 2) * cell), y1: Math.min(height, (r1 + 2) * cell) });
  }
  return regions;
}
