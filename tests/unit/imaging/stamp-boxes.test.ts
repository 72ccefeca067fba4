// Incoming-stamp boxes: drawn frames on a white page at 300 dpi, then the real stamped pages of
// vn-admin-real through the OCR derivative the workstation makes.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { recognitionImage } from '../../../main/imaging/derivatives';
import { findStampBoxes } from '../../../main/imaging/stamp-boxes';
import type { GreyImage } from '../../../main/imaging/skew';
import { REAL_PAGES_DIR } from '../../support/temp-dir';

const DPI = 300;
const mm = (millimetres: number) => Math.round((millimetres * DPI) / 25.4);

function a4(): GreyImage {
  const width = mm(210);
  const height = mm(297);
  return { data: new Uint8Array(width * height).fill(255), width, height };
}

/** A straight stroke `thickness` px thick from (x0, y0) to (x1, y1), in page pixels. */
function stroke(page: GreyImage, x0: number, y0: number, x1: number, y1: number, thickness = 4): void {
  const steps = Math.max(Math.abs(x1 - x0), Math.abs(y1 - y0));
  for (let s = 0; s <= steps; s++) {
    const x = Math.round(x0 + ((x1 - x0) * s) / steps);
    const y = Math.round(y0 + ((y1 - y0) * s) / steps);
    for (let dy = 0; dy < thickness; dy++) for (let dx = 0; dx < thickness; dx++) page.data[(y + dy) * page.width + x + dx] = 0;
  }
}

interface Frame {
  left: number;
  top: number;
  width: number;
  height: number;
  /** Degrees, clockwise: a hand-pressed stamp is rarely level. */
  slant?: number;
  sides?: Array<'top' | 'bottom' | 'left' | 'right' | 'inner'>;
}

/** A stamp's frame in millimetres: its sides (all four and an inner rule by default), turned by `slant`. */
function frame(page: GreyImage, { left, top, width, height, slant = 0, sides = ['top', 'bottom', 'left', 'right', 'inner'] }: Frame): void {
  const r = (slant * Math.PI) / 180;
  const at = (x: number, y: number): [number, number] => [mm(left) + Math.round(mm(x) * Math.cos(r) - mm(y) * Math.sin(r)), mm(top) + Math.round(mm(x) * Math.sin(r) + mm(y) * Math.cos(r))];
  const line = (a: [number, number], b: [number, number]) => stroke(page, ...at(...a), ...at(...b));
  if (sides.includes('top')) line([0, 0], [width, 0]);
  if (sides.includes('bottom')) line([0, height], [width, height]);
  if (sides.includes('left')) line([0, 0], [0, height]);
  if (sides.includes('right')) line([width, 0], [width, height]);
  if (sides.includes('inner')) line([0, height / 3], [width, height / 3]);
}

/** The box in millimetres from the page's top-left corner, rounded. */
const inMm = (box: { x0: number; y0: number; x1: number; y1: number }) => [box.x0, box.y0, box.x1, box.y1].map((v) => Math.round((v * 25.4) / DPI));

describe('findStampBoxes on drawn frames', () => {
  it('finds a stamp frame, level or pressed 1.5° aslant', () => {
    for (const slant of [0, 1.5, -1.5]) {
      const page = a4();
      frame(page, { left: 20, top: 60, width: 50, height: 25, slant });
      const boxes = findStampBoxes(page, DPI);
      expect(boxes).toHaveLength(1);
      const [x0, y0, x1, y1] = inMm(boxes[0]!);
      // The common span of its rules: within the slant's run (25 mm × tan 1.5° ≈ 0.7 mm) of the frame.
      expect(Math.abs(x0! - 20)).toBeLessThanOrEqual(2);
      expect(Math.abs(x1! - 70)).toBeLessThanOrEqual(2);
      expect(Math.abs(y0! - 60)).toBeLessThanOrEqual(2);
      expect(Math.abs(y1! - 85)).toBeLessThanOrEqual(2);
    }
  });

  it('finds a worn frame that lost one side, either way round', () => {
    for (const sides of [['top', 'bottom', 'left'], ['left', 'right', 'bottom']] as Frame['sides'][]) {
      const page = a4();
      frame(page, { left: 120, top: 40, width: 60, height: 30, sides });
      expect(findStampBoxes(page, DPI).map(inMm)).toEqual([[120, 40, 180, 70]]);
    }
  });

  it('leaves out two lone rules (the header rules), a secrecy mark, a frame too wide, and the lower half', () => {
    const page = a4();
    // Rules under the issuing body and the motto: parallel, no side joins them.
    stroke(page, mm(30), mm(25), mm(70), mm(25));
    stroke(page, mm(110), mm(35), mm(180), mm(35));
    stroke(page, mm(110), mm(50), mm(180), mm(50));
    // "MẬT": 20 × 8 mm, the document's own mark, stays text.
    frame(page, { left: 20, top: 70, width: 20, height: 8, sides: ['top', 'bottom', 'left', 'right'] });
    // A table 170 mm wide.
    frame(page, { left: 20, top: 90, width: 170, height: 30 });
    // A stamp-sized frame low on the page: not where incoming stamps go.
    frame(page, { left: 20, top: 200, width: 50, height: 25 });
    expect(findStampBoxes(page, DPI)).toEqual([]);
  });

  it('finds nothing on a blank page', () => {
    expect(findStampBoxes(a4(), DPI)).toEqual([]);
  });
});

describe('findStampBoxes on real pages', () => {
  // Where the stamps are on the 200 dpi scans, in their pixels (measured by eye on the images).
  const stamped: Record<string, [number, number, number, number]> = {
    real_qd_729_ttg: [111, 345, 485, 505],
    real_qd_707_ttg: [128, 371, 505, 525],
    real_cv_3722_metro: [1081, 419, 1456, 571],
    real_tt_21_bct_fuel: [1190, 308, 1584, 547],
  };
  const unstamped = ['real_hanoi_qd_2280_water', 'real_hanoi_tb_453_flag', 'real_hanoi_kh_173_festival', 'real_nq_115_ba_vi', 'real_tt_37_bca_vehicle'];

  it('finds the incoming stamp of each stamped page, and none on the others', async () => {
    for (const docId of [...Object.keys(stamped), ...unstamped]) {
      const { stamps, scale } = await recognitionImage(path.join(REAL_PAGES_DIR, `${docId}_p1.png`), 200);
      const expected = stamped[docId];
      if (!expected) {
        expect(stamps, docId).toEqual([]);
        continue;
      }
      expect(stamps, docId).toHaveLength(1);
      const found = [stamps[0]!.x0, stamps[0]!.y0, stamps[0]!.x1, stamps[0]!.y1].map((v) => v / scale);
      // Within 3 mm (24 px at 200 dpi) of each edge.
      found.forEach((v, i) => expect(Math.abs(v - expected[i]!), `${docId} edge ${i}`).toBeLessThan(24));
    }
  });
});
