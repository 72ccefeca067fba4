// How well a recipe crops a generated scan to its sheet: where the sheet's four corners (the generator's
// truth) land on the analysed page, in mm off the page's nearest corner. 0 when the bed and its shadow
// are gone and not a line of the sheet is lost. The nearest corner, so that the orientation is not
// judged here (without Tesseract's detection the line profile may turn a ruled table over).
import type { PageRecipe } from '../../main/contract/page-recipe';
import { masterToOutput, outputSize } from '../../main/imaging/page-geometry';
import type { RealisticScan } from './page-generator';

export function sheetCornerMisses(scan: RealisticScan, recipe: PageRecipe): number[] {
  const { x, y, width, height, skewDegrees } = scan.sheet;
  const r = (skewDegrees * Math.PI) / 180;
  const page = outputSize(scan, recipe);
  const pageCorners = [
    [0, 0],
    [page.width, 0],
    [0, page.height],
    [page.width, page.height],
  ] as const;
  const mm = scan.dpi / 25.4;
  return [
    [-1, -1],
    [1, -1],
    [-1, 1],
    [1, 1],
  ].map(([sx, sy]) => {
    const vx = (sx! * width) / 2;
    const vy = (sy! * height) / 2;
    const corner = { x: x + width / 2 + vx * Math.cos(r) - vy * Math.sin(r), y: y + height / 2 + vx * Math.sin(r) + vy * Math.cos(r) };
    const at = masterToOutput(scan, recipe, corner);
    return Math.min(...pageCorners.map(([px, py]) => Math.hypot(at.x - px, at.y - py))) / mm;
  });
}
