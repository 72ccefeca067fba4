// Pixels of a raster by their index in row-major order, as the analyses keep them in typed arrays.

/**
 * Calls `visit` with each 4-connected neighbour of pixel `k` inside a width × height grid (index, x, y):
 * the flood fills and region growths of the analyses, without an array per pixel.
 */
export function forEachNeighbour4(k: number, width: number, height: number, visit: (n: number, x: number, y: number) => void): void {
  const x = k % width;
  const y = (k - x) / width;
  if (x > 0) visit(k - 1, x - 1, y);
  if (x < width - 1) visit(k + 1, x + 1, y);
  if (y > 0) visit(k - width, x, y - 1);
  if (y < height - 1) visit(k + width, x, y + 1);
}
