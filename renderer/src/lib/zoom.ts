// Zoom of the page viewer: "fit" follows the viewer size, otherwise a scale of the image's own pixels.
export const ZOOM_STEPS = [0.1, 0.125, 0.25, 0.33, 0.5, 0.67, 0.75, 1, 1.25, 1.5, 2, 3, 4] as const;
export const MIN_ZOOM = ZOOM_STEPS[0];
export const MAX_ZOOM = ZOOM_STEPS[ZOOM_STEPS.length - 1] ?? 4;

export type Zoom = { mode: 'fit' } | { mode: 'scale'; scale: number };

export function clampZoom(scale: number): number {
  return Math.min(MAX_ZOOM, Math.max(MIN_ZOOM, scale));
}

/** The next step strictly above the current scale. */
export function zoomInFrom(scale: number): number {
  return ZOOM_STEPS.find((s) => s > scale + 1e-6) ?? MAX_ZOOM;
}

/** The next step strictly below the current scale. */
export function zoomOutFrom(scale: number): number {
  return [...ZOOM_STEPS].reverse().find((s) => s < scale - 1e-6) ?? MIN_ZOOM;
}

/** Scale that shows the whole image inside the box (never 0, never above the largest step). */
export function fitScale(imageWidth: number, imageHeight: number, boxWidth: number, boxHeight: number): number {
  if (imageWidth <= 0 || imageHeight <= 0 || boxWidth <= 0 || boxHeight <= 0) return 1;
  return clampZoom(Math.min(boxWidth / imageWidth, boxHeight / imageHeight));
}

export function formatZoom(scale: number): string {
  return `${Math.round(scale * 100)}%`;
}
