// Secrecy and urgency marks of Nghị định 30 (docs/domain.md §5.6): stamped in a box under the number, or
// at the top of the first page, alone on their line. The most secret (most urgent) mark found wins.
import type { LayoutWord, MarkFound, SecrecyMark, UrgencyMark } from '../contract/metadata-proposals';
import { SECRECY_MARKS, URGENCY_MARKS } from '../contract/metadata-proposals';
import { evidence, type PrintedLine } from './layout-lines';
import { foldKey, trimNoise } from './ocr-mending';

/** Marks are in the top part of the first page. */
const MARK_PART = 0.45;

/** The box's edges read as letters (| I l [ ]) around the mark. */
const BOX_EDGES = /^[|Il1[\]()]+$/;

function markOf<M extends string>(line: PrintedLine, marks: readonly M[]): MarkFound<M> | null {
  const words: LayoutWord[] = line.words.filter((w) => !BOX_EDGES.test(trimNoise(w.text)) && trimNoise(w.text) !== '');
  const key = foldKey(words.map((w) => trimNoise(w.text)).join(' '));
  const mark = [...marks].reverse().find((m) => foldKey(m) === key);
  if (!mark) return null;
  const found = evidence(mark, line.pageId, words, words.map((w) => trimNoise(w.text)).join(' ') !== mark);
  return { mark, confidence: found.confidence, words: found.words };
}

export function readMarks(lines: readonly PrintedLine[], page: { height: number }): { secrecy: MarkFound<SecrecyMark> | null; urgency: MarkFound<UrgencyMark> | null } {
  const top = lines.filter((line) => line.y1 < page.height * MARK_PART);
  const strongest = <M extends string>(marks: readonly M[]): MarkFound<M> | null =>
    top
      .map((line) => markOf(line, marks))
      .filter((found): found is MarkFound<M> => found !== null)
      .sort((a, b) => marks.indexOf(b.mark) - marks.indexOf(a.mark))[0] ?? null;
  return { secrecy: strongest(SECRECY_MARKS), urgency: strongest(URGENCY_MARKS) };
}
