// ISO 216 paper sizes for scan areas. Backends speak mm (SANE natively; eSCL converts to 1/300 inch and
// TWAIN to inches from here).
import { PAPER_SIZE_MM } from '../contract/domain';

export const PAPER_SIZES = ['A5', 'A4', 'A3', 'A2', 'A1', 'A0'] as const;
export type PaperSize = (typeof PAPER_SIZES)[number];

export function paperSizeMm(size: PaperSize): { widthMm: number; heightMm: number } {
  return PAPER_SIZE_MM[size];
}

/** Pixels across `mm` at `dpi`, as scanners round them. */
export function mmToPixels(mm: number, dpi: number): number {
  return Math.round((mm / 25.4) * dpi);
}
