// Recognized words: their boxes are in master-image pixels, the viewer shows a smaller image.
import type { PageWordBox, WordView } from '../../../main/contract/domain';

export interface Box {
  left: number;
  top: number;
  width: number;
  height: number;
}

/** The word's box on the displayed image; one uniform scale = displayed width / master width. */
export function scaleBox(word: Pick<WordView, 'x0' | 'y0' | 'x1' | 'y1'>, displayedWidth: number, masterWidth: number): Box {
  const k = masterWidth > 0 ? displayedWidth / masterWidth : 0;
  const x0 = Math.min(word.x0, word.x1);
  const y0 = Math.min(word.y0, word.y1);
  return {
    left: x0 * k,
    top: y0 * k,
    width: Math.abs(word.x1 - word.x0) * k,
    height: Math.abs(word.y1 - word.y0) * k,
  };
}

export interface IndexedWord {
  word: WordView;
  /** Position in the page's word array (stable key for hovering). */
  index: number;
}

/** Words grouped by their line number, lines in order, words in reading order. */
export function groupWordsByLine(words: readonly WordView[]): IndexedWord[][] {
  const lines = new Map<number, IndexedWord[]>();
  words.forEach((word, index) => {
    const line = lines.get(word.line);
    if (line) line.push({ word, index });
    else lines.set(word.line, [{ word, index }]);
  });
  return [...lines.entries()].sort(([a], [b]) => a - b).map(([, ws]) => ws);
}

/**
 * Words to highlight on a page (what a search found, or the word a reviewer is checking), for the
 * rendering they were read on: after an edit the page's words move, and these boxes no longer apply.
 */
export interface PageHighlight {
  pageId: number;
  imageVersion: string;
  words: readonly PageWordBox[];
}

/** The highlight's words when it belongs to this page as rendered now, else none. */
export function highlightedWords(highlight: PageHighlight | null, page: { id: number; imageVersion: string } | null): readonly PageWordBox[] {
  if (!highlight || !page || highlight.pageId !== page.id || highlight.imageVersion !== page.imageVersion) return [];
  return highlight.words;
}
