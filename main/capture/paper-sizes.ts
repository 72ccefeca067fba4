// ISO 216 paper sizes in millimetres (portrait), for scan areas. Backends speak mm, SANE natively,
// eSCL in 1/300 inch and TWAIN in inches: each converts from here.

export const PAPER_SIZES = ['A5', 'A4', 'A3', 'A2', 'A1', 'A0'] as const;
export type PaperSize = (typeof PAPER_SIZES)[number];

const MM: Readonly<Record<PaperSize, { widthMm: number; heightMm: number }>> = {
  A5: { widthMm: 148, heightMm: 210 },
  A4: { widthMm: 210, heightMm: 297 },
  A3: { widthMm: 297, heightMm: 420 },
  A2: { widthMm: 420, heightMm: 594 },
  A1: { widthMm: 594, heightMm: 841 },
  A0: { widthMm: 841, heightMm: 1189 },
};

export function paperSizeMm(size: PaperSize): { widthMm: number; heightMm: number } {
  return MM[size];
}

/** Pixels across `mm` at `dpi`, as scanners round them. */
export function mmToPixels(mm: number, dpi: number): number {
  return Math.round((mm / 25.4) * dpi);
}
