// Separator sheets as a scanner sees them: our own PDF (packaging/separator-sheets.ts) rendered by
// poppler's pdftoppm at the scan's resolution, then scanned with realisticScanOfPrint (paper colour,
// turn, skew, bed, noise, JPEG). And a QR code image, for result pages carrying a TTHC code.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { qrMatrix } from '../../main/imaging/qr-codes';
import { buildSeparatorSheets, type SeparatorSheet } from '../../main/packaging/separator-sheets';

/** Each sheet printed, as a PNG at `dpi` (pdftoppm), in order. */
export async function renderedSheets(sheets: readonly SeparatorSheet[], dpi: number): Promise<Buffer[]> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'sohoa-sheets-'));
  try {
    writeFileSync(path.join(dir, 'sheets.pdf'), await buildSeparatorSheets(sheets));
    execFileSync('pdftoppm', ['-r', String(dpi), '-png', path.join(dir, 'sheets.pdf'), path.join(dir, 'sheet')]);
    return readdirSync(dir)
      .filter((f) => f.endsWith('.png'))
      .sort()
      .map((f) => readFileSync(path.join(dir, f)));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A QR code for `text`, black on white with its quiet zone, `modulePx` pixels a module (a PNG). */
export async function qrPng(text: string, modulePx: number): Promise<Buffer> {
  const { size, dark } = await qrMatrix(text);
  const side = (size + 8) * modulePx;
  const pixels = Buffer.alloc(side * side, 255);
  for (let y = 0; y < size; y++)
    for (let x = 0; x < size; x++)
      if (dark[y * size + x]) for (let dy = 0; dy < modulePx; dy++) pixels.fill(0, ((y + 4) * modulePx + dy) * side + (x + 4) * modulePx, ((y + 4) * modulePx + dy) * side + (x + 5) * modulePx);
  return sharp(pixels, { raw: { width: side, height: side, channels: 1 } }).png().toBuffer();
}
