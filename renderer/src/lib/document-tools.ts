// The keys of the document tools (split, merge, move pages, keep a proposed page, undo): plain keys, Ctrl only with Z.

export type DocumentTool = 'split' | 'mergePrevious' | 'mergeNext' | 'move' | 'keep' | 'undo';

/** The tool a key asks for (plain keys; Ctrl only with Z). */
export function documentToolFor(key: string, modifiers: { shift: boolean; ctrl: boolean }): DocumentTool | null {
  if (modifiers.ctrl) return !modifiers.shift && (key === 'z' || key === 'Z') ? 'undo' : null;
  switch (key) {
    case 'n':
    case 'N':
      return 'split';
    case 'm':
      return 'mergePrevious';
    case 'M':
      return modifiers.shift ? 'mergeNext' : 'mergePrevious';
    case 'v':
    case 'V':
      return 'move';
    case 'k':
    case 'K':
      return 'keep';
    default:
      return null;
  }
}
