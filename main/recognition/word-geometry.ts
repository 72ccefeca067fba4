// Small measures over recognized words, shared by the reading order, the PDF text layer and ALTO.

/** A box in page pixels, origin top-left: what every recognized word, line and block has. */
export interface WordBox {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

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
