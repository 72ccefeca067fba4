// Several thumbnails chosen at once (to move them to another document): a click chooses one page, Ctrl+click
// adds or removes one, Shift+click or Shift+arrows choose every page from the anchor (the last page chosen
// alone or with Ctrl) to the one reached. Indices are places in the dossier's ordered page list.

export interface PageSelection {
  /** Where a Shift range starts. */
  readonly anchor: number;
  /** The chosen indices, ascending. */
  readonly indices: readonly number[];
}

export const NO_SELECTION: PageSelection = { anchor: -1, indices: [] };

/** The selection after the page at `index` is reached by a click or a key, with Shift and/or Ctrl held. */
export function selectPage(selection: PageSelection, index: number, modifiers: { shift: boolean; ctrl: boolean }): PageSelection {
  if (index < 0) return selection;
  if (modifiers.shift && selection.anchor >= 0) {
    const from = Math.min(selection.anchor, index);
    const to = Math.max(selection.anchor, index);
    const range = Array.from({ length: to - from + 1 }, (_, i) => from + i);
    const kept = modifiers.ctrl ? selection.indices.filter((i) => i < from || i > to) : [];
    return { anchor: selection.anchor, indices: [...kept, ...range].sort((a, b) => a - b) };
  }
  if (modifiers.ctrl) {
    const indices = selection.indices.includes(index) ? selection.indices.filter((i) => i !== index) : [...selection.indices, index].sort((a, b) => a - b);
    return { anchor: index, indices };
  }
  return { anchor: index, indices: [index] };
}

