import { describe, expect, it } from 'vitest';
import { clampZoom, fitScale, formatZoom, MAX_ZOOM, MIN_ZOOM, zoomInFrom, zoomOutFrom } from '../../../renderer/src/lib/zoom';

describe('zoom', () => {
  it('steps in and out through fixed levels', () => {
    expect(zoomInFrom(1)).toBe(1.25);
    expect(zoomOutFrom(1)).toBe(0.75);
    expect(zoomInFrom(0.6)).toBe(0.67);
    expect(zoomOutFrom(0.6)).toBe(0.5);
    expect(zoomInFrom(MAX_ZOOM)).toBe(MAX_ZOOM);
    expect(zoomOutFrom(MIN_ZOOM)).toBe(MIN_ZOOM);
  });

  it('fits the whole page inside the box', () => {
    expect(fitScale(2000, 3000, 1000, 1000)).toBeCloseTo(1 / 3);
    expect(fitScale(1000, 500, 500, 1000)).toBe(0.5);
    expect(fitScale(0, 500, 500, 1000)).toBe(1);
    expect(fitScale(10, 10, 1000, 1000)).toBe(MAX_ZOOM);
  });

  it('clamps and formats', () => {
    expect(clampZoom(100)).toBe(MAX_ZOOM);
    expect(clampZoom(0)).toBe(MIN_ZOOM);
    expect(formatZoom(0.333)).toBe('33%');
    expect(formatZoom(1)).toBe('100%');
  });
});
