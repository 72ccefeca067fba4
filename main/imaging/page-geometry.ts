// Where the pixels of a master go when a recipe is applied: the size of each intermediate frame and the
// mapping of master points into the rendered page. Rendering (page-render.ts) and the analysis that
// writes recipes both rely on it, so that boxes found on one frame land on the right pixels of another.
import type { Box, PageRecipe } from '../contract/page-recipe';

export interface Size {
  width: number;
  height: number;
}

/** Total clockwise rotation: the quarter turn and the deskew are one resampling, never two. */
export function totalAngle(recipe: Pick<PageRecipe, 'rotation' | 'deskewAngle'>): number {
  return recipe.rotation + recipe.deskewAngle;
}

export function isQuarterTurn(angle: number): boolean {
  return Math.abs(angle / 90 - Math.round(angle / 90)) < 1e-9;
}

/** The exact (fractional) bounding box of a w × h rectangle turned by `angle` degrees. */
function turnedExtent(size: Size, angle: number): Size {
  const r = (angle * Math.PI) / 180;
  const c = Math.abs(Math.cos(r));
  const s = Math.abs(Math.sin(r));
  return { width: size.width * c + size.height * s, height: size.width * s + size.height * c };
}

/** A size scaled by `scale`, rounded to whole pixels and never below one. */
export function scaledSize(size: Size, scale: number): Size {
  if (scale === 1) return size;
  return { width: Math.max(1, Math.round(size.width * scale)), height: Math.max(1, Math.round(size.height * scale)) };
}

/** The whole-pixel box covering `box` scaled by `factor`, clipped to a frame of `limit`. */
export function scaleBox(box: Box, factor: number, limit: Size = { width: Infinity, height: Infinity }): Box {
  const x = Math.max(0, Math.floor(box.x * factor));
  const y = Math.max(0, Math.floor(box.y * factor));
  return {
    x,
    y,
    width: Math.max(1, Math.min(limit.width - x, Math.ceil((box.x + box.width) * factor) - x)),
    height: Math.max(1, Math.min(limit.height - y, Math.ceil((box.y + box.height) * factor) - y)),
  };
}

export function regionSize(master: Size, recipe: Pick<PageRecipe, 'region'>): Size {
  return recipe.region ? { width: recipe.region.width, height: recipe.region.height } : master;
}

/**
 * The frame after rotation and deskew. libvips sizes an arbitrary rotation to the rounded bounding box;
 * the floor never exceeds it, so the frame is always inside what libvips produced.
 */
export function turnedSize(master: Size, recipe: Pick<PageRecipe, 'region' | 'rotation' | 'deskewAngle'>): Size {
  const inner = regionSize(master, recipe);
  const angle = totalAngle(recipe);
  if (isQuarterTurn(angle)) {
    const swap = Math.round(angle / 90) % 2 !== 0;
    return swap ? { width: inner.height, height: inner.width } : inner;
  }
  const e = turnedExtent(inner, angle);
  return { width: Math.floor(e.width), height: Math.floor(e.height) };
}

/** The rendered page's size. */
export function outputSize(master: Size, recipe: PageRecipe): Size {
  return recipe.crop ? { width: recipe.crop.width, height: recipe.crop.height } : turnedSize(master, recipe);
}

/** A crop clamped into the turned frame (a crop saved for one angle can outgrow the frame of another). */
export function clampCrop(crop: Box, frame: Size): Box | null {
  const x = Math.min(Math.max(0, crop.x), frame.width - 1);
  const y = Math.min(Math.max(0, crop.y), frame.height - 1);
  const width = Math.min(crop.width, frame.width - x);
  const height = Math.min(crop.height, frame.height - y);
  if (width < 1 || height < 1) return null;
  if (x === 0 && y === 0 && width === frame.width && height === frame.height) return null;
  return { x, y, width, height };
}

/** Maps a master pixel position into the rendered page (it may fall outside it when cropped away). */
export function masterToOutput(master: Size, recipe: PageRecipe, point: { x: number; y: number }): { x: number; y: number } {
  const inner = regionSize(master, recipe);
  const angle = totalAngle(recipe);
  const extent = isQuarterTurn(angle) ? turnedSize(master, recipe) : turnedExtent(inner, angle);
  const r = (angle * Math.PI) / 180;
  const vx = point.x - (recipe.region?.x ?? 0) - inner.width / 2;
  const vy = point.y - (recipe.region?.y ?? 0) - inner.height / 2;
  // Clockwise on screen (y down).
  const x = vx * Math.cos(r) - vy * Math.sin(r) + extent.width / 2;
  const y = vx * Math.sin(r) + vy * Math.cos(r) + extent.height / 2;
  return { x: x - (recipe.crop?.x ?? 0), y: y - (recipe.crop?.y ?? 0) };
}

/** The bounding box in the rendered page of a master box, clipped to the page; null when cut away. */
export function masterBoxToOutput(master: Size, recipe: PageRecipe, box: Box): Box | null {
  return boundsOf(corners(box).map((c) => masterToOutput(master, recipe, c)), outputSize(master, recipe));
}

function corners(box: Box): Array<{ x: number; y: number }> {
  return [
    { x: box.x, y: box.y },
    { x: box.x + box.width, y: box.y },
    { x: box.x, y: box.y + box.height },
    { x: box.x + box.width, y: box.y + box.height },
  ];
}

/** The whole-pixel box around `points`, clipped to a frame of `limit`; null when nothing is left. */
function boundsOf(points: Array<{ x: number; y: number }>, limit: Size): Box | null {
  const x0 = Math.max(0, Math.floor(Math.min(...points.map((c) => c.x))));
  const y0 = Math.max(0, Math.floor(Math.min(...points.map((c) => c.y))));
  const x1 = Math.min(limit.width, Math.ceil(Math.max(...points.map((c) => c.x))));
  const y1 = Math.min(limit.height, Math.ceil(Math.max(...points.map((c) => c.y))));
  if (x1 <= x0 || y1 <= y0) return null;
  return { x: x0, y: y0, width: x1 - x0, height: y1 - y0 };
}

/** The master pixel position a rendered page point comes from (the inverse of masterToOutput). */
export function outputToMaster(master: Size, recipe: PageRecipe, point: { x: number; y: number }): { x: number; y: number } {
  const inner = regionSize(master, recipe);
  const angle = totalAngle(recipe);
  const extent = isQuarterTurn(angle) ? turnedSize(master, recipe) : turnedExtent(inner, angle);
  const r = (angle * Math.PI) / 180;
  const vx = point.x + (recipe.crop?.x ?? 0) - extent.width / 2;
  const vy = point.y + (recipe.crop?.y ?? 0) - extent.height / 2;
  const x = vx * Math.cos(r) + vy * Math.sin(r) + inner.width / 2;
  const y = -vx * Math.sin(r) + vy * Math.cos(r) + inner.height / 2;
  return { x: x + (recipe.region?.x ?? 0), y: y + (recipe.region?.y ?? 0) };
}

/** The master box (bounding, clipped to the master) that a rendered page box comes from. */
export function outputBoxToMaster(master: Size, recipe: PageRecipe, box: Box): Box | null {
  return boundsOf(corners(box).map((c) => outputToMaster(master, recipe, c)), master);
}
