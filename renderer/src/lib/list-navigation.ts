// Keyboard movement in a grid of items laid out row by row (the thumbnail listbox).
export const NAV_KEYS = ['ArrowLeft', 'ArrowRight', 'ArrowUp', 'ArrowDown', 'Home', 'End', 'PageUp', 'PageDown'] as const;
export type NavKey = (typeof NAV_KEYS)[number];

export function isNavKey(key: string): key is NavKey {
  return (NAV_KEYS as readonly string[]).includes(key);
}

/**
 * The index a key moves to. `columns` items per row, `pageRows` rows per screen.
 * Stays inside [0, count - 1]; returns -1 for an empty list. A current index of -1 starts at the top.
 */
export function nextIndex(current: number, key: NavKey, count: number, columns: number, pageRows: number): number {
  if (count <= 0) return -1;
  const cols = Math.max(1, Math.floor(columns));
  const page = cols * Math.max(1, Math.floor(pageRows));
  const last = count - 1;
  if (current < 0 || current > last) return key === 'End' ? last : 0;
  const clamp = (i: number) => Math.min(last, Math.max(0, i));
  switch (key) {
    case 'ArrowLeft':
      return clamp(current - 1);
    case 'ArrowRight':
      return clamp(current + 1);
    case 'ArrowUp':
      return current - cols >= 0 ? current - cols : current;
    case 'ArrowDown':
      return current + cols <= last ? current + cols : Math.floor(current / cols) < Math.floor(last / cols) ? last : current;
    case 'Home':
      return 0;
    case 'End':
      return last;
    case 'PageUp':
      return clamp(current - page);
    case 'PageDown':
      return clamp(current + page);
  }
}
