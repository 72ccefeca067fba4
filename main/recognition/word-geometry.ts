// Small measures over recognized words, shared by the reading order, the PDF text layer and ALTO.

import type { WordBox } from '../imaging/word-box';

export type { WordBox };

/** The smallest box holding all of `boxes` (at least one). */
export function boundingBox(boxes: readonly WordBox[]): WordBox {
  return {
    x0: Math.min(...boxes.map((b) => b.x0)),
    y0: Math.min(...boxes.map((b) => b.y0)),
    x1: Math.max(...boxes.map((b) => b.x1)),
    y1: Math.max(...boxes.map((b) => b.y1)),
  };
}

/** The median (the mean of the two middle values for an even count): one stray word does not move it. */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/**
 * Groups boxes into rows of text: a box joins a row when its vertical centre is within half a height of
 * the row's first box. The larger of the two heights lets hyphens and dots join their row; capping it at
 * the typical box height stops a tall stamp or seal fragment from swallowing two rows. Rows come back top
 * to bottom and boxes left to right.
 */
export function intoRows<T extends WordBox>(boxes: readonly T[]): T[][] {
  const centre = (box: WordBox) => (box.y0 + box.y1) / 2;
  const height = (box: WordBox) => box.y1 - box.y0;
  if (boxes.length === 0) return [];
  const typical = median(boxes.map(height));
  const rows: Array<{ seed: T; boxes: T[] }> = [];
  for (const box of [...boxes].sort((a, b) => centre(a) - centre(b))) {
    const row = rows.find(({ seed }) => Math.abs(centre(box) - centre(seed)) < Math.min(Math.max(height(seed), height(box)), typical) / 2);
    if (row) row.boxes.push(box);
    else rows.push({ seed: box, boxes: [box] });
  }
  return rows.map((row) => row.boxes.sort((a, b) => a.x0 - b.x0));
}
