// Corrections held through an edit of the page (issue 14, item 3), on a real SQLite file: an edit clears
// the page's words, and its next reading takes back each correction whose word is in its place again,
// including those of a split half merged back; the others come back as dropped, none is lost unsaid.
import { afterEach, describe, expect, it } from 'vitest';
import type { WordView } from '../../../main/contract/domain';
import { IDENTITY_RECIPE } from '../../../main/contract/page-recipe';
import { Records } from '../../../main/services/records';
import { tempRecords } from '../../support/temp-records';

const cleanups: Array<() => void> = [];
afterEach(() => cleanups.splice(0).forEach((f) => f()));

function setup(): { records: Records; pageId: number } {
  const { records, documentId } = tempRecords(cleanups);
  const page = records.addPage({ documentId, sha256: 'a'.repeat(64), format: 'png', width: 400, height: 100, dpi: 300, dpiAssumed: false, bytes: 1, source: 'trai-phai.png' });
  return { records, pageId: page.id };
}

const word = (text: string, x0: number): WordView => ({ text, x0, y0: 20, x1: x0 + 60, y1: 45, confidence: 55, line: 0 });
const reading = (...words: WordView[]) => ({ text: words.map((w) => w.text).join(' '), confidence: 55, words });
const half = (x: number) => ({ recipe: { ...IDENTITY_RECIPE, region: { x, y: 0, width: 200, height: 100 } }, size: { width: 200, height: 100 }, analysis: null });

describe('corrections held through an edit', () => {
  it('go back to the words found in their place by the next reading; the others are returned as dropped', () => {
    const { records, pageId } = setup();
    records.saveRecognition(pageId, reading(word('Quyet', 10), word('dlnh', 80), word('so', 150)));
    records.correctWord(pageId, 1, 'định', 'tran.b');
    records.correctWord(pageId, 2, 'số', 'tran.b');
    records.editPage(pageId, { recipe: { ...IDENTITY_RECIPE, recognition: { ...IDENTITY_RECIPE.recognition, despeckle: true } }, size: { width: 400, height: 100 }, analysis: null }, 'tran.b');
    // Cleared until the page is read again: no words, no text.
    expect(records.words(pageId)).toEqual([]);
    expect(records.pageText(pageId)).toBe('');

    const saved = records.saveRecognition(pageId, reading(word('Quyet', 11), word('dinh', 81)));
    expect(saved!.droppedCorrections).toMatchObject([{ engineText: 'so', correctedText: 'số', correctedBy: 'tran.b' }]);
    expect(records.words(pageId)[1]).toMatchObject({ text: 'định', engineText: 'dinh', correctedBy: 'tran.b' });
    expect(records.pageText(pageId)).toBe('Quyet định');
    // Taken back once: a further reading has nothing held.
    expect(records.saveRecognition(pageId, reading(word('Quyet', 11), word('dinh', 81)))).toEqual({ droppedCorrections: [] });
  });

  it("of a split half merged back, are found on the merged page at the half's place", () => {
    const { records, pageId } = setup();
    const split = records.splitPage(pageId, half(0), half(200), 'tran.b')!;
    records.saveRecognition(split.left.id, reading(word('Quyet', 10)));
    records.saveRecognition(split.right.id, reading(word('dlnh', 30)));
    records.correctWord(split.left.id, 0, 'Quyết', 'tran.b');
    records.correctWord(split.right.id, 0, 'định', 'le.c');

    expect(records.undoEdit(split.left.id)!.removedPageId).toBe(split.right.id);
    const saved = records.saveRecognition(pageId, reading(word('Quyet', 10), word('dinh', 230)));
    expect(saved).toEqual({ droppedCorrections: [] });
    expect(records.words(pageId).map((w) => [w.text, w.correctedBy])).toEqual([
      ['Quyết', 'tran.b'],
      ['định', 'le.c'],
    ]);
  });
});
