// Which key presses belong to the page (shortcuts) and which to the field being typed in.

/** The parts of an event target this module reads (structural, so it is testable without a DOM). */
export interface TargetLike {
  tagName?: string;
  type?: string;
  isContentEditable?: boolean;
}

const NON_TEXT_INPUTS = new Set(['button', 'checkbox', 'radio', 'range', 'submit', 'reset', 'file', 'color', 'image']);

/** True when a plain key press would type into the target rather than trigger a shortcut. */
export function isTypingTarget(target: TargetLike | null | undefined): boolean {
  if (!target) return false;
  if (target.isContentEditable) return true;
  const tag = (target.tagName ?? '').toUpperCase();
  if (tag === 'TEXTAREA' || tag === 'SELECT') return true;
  if (tag === 'INPUT') return !NON_TEXT_INPUTS.has((target.type ?? 'text').toLowerCase());
  return false;
}

export type ZoomCommand = 'in' | 'out' | 'fit' | 'actual';

/** Viewer zoom keys: +/= in, - out, 0 fit, 1 actual size. */
export function zoomCommandFor(key: string): ZoomCommand | null {
  switch (key) {
    case '+':
    case '=':
      return 'in';
    case '-':
    case '_':
      return 'out';
    case '0':
      return 'fit';
    case '1':
      return 'actual';
    default:
      return null;
  }
}

/** The parts of a key event the shortcuts read. */
export interface KeyLike {
  key: string;
  code?: string;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
}

/**
 * Ctrl+K or Ctrl+F (⌘ on a Mac) opens the search, from anywhere, even while typing: the workstation has
 * no page text for the browser's own find to search. By `code` too, for keyboard layouts without Latin keys.
 */
export function isSearchShortcut(event: KeyLike): boolean {
  if (!(event.ctrlKey || event.metaKey) || event.altKey) return false;
  const key = event.key.toLowerCase();
  return key === 'k' || key === 'f' || event.code === 'KeyK' || event.code === 'KeyF';
}
