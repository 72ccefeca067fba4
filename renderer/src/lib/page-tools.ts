// Plain-key shortcuts of the page tools (no modifier, outside text fields), beside the zoom keys.

export type PageTool = 'rotateLeft' | 'rotateRight' | 'orient' | 'deskew' | 'crop' | 'clean' | 'split' | 'blank' | 'undo' | 'reset' | 'before';

/** [ ] turn, O orientation, D deskew, C crop, L clean, S split, T blank flag (trang trắng), B before/after, Ctrl+Z undo. */
export function pageToolFor(key: string, ctrl: boolean): PageTool | null {
  if (ctrl) return key === 'z' || key === 'Z' ? 'undo' : null;
  switch (key) {
    case '[':
      return 'rotateLeft';
    case ']':
      return 'rotateRight';
    case 'o':
    case 'O':
      return 'orient';
    case 'd':
    case 'D':
      return 'deskew';
    case 'c':
    case 'C':
      return 'crop';
    case 'l':
    case 'L':
      return 'clean';
    case 's':
    case 'S':
      return 'split';
    case 't':
    case 'T':
      return 'blank';
    case 'b':
    case 'B':
      return 'before';
    default:
      return null;
  }
}
