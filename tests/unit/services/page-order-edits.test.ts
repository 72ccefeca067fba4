// Page placement for the flatbed loop (append, insert after, rescan in place), delete and reorder, on a
// real SQLite file: ordinals stay 1..n without gaps or duplicates, and words go with their page.
import { afterEach, describe, expect, it } from 'vitest';
import { Records } from '../../../main/services/records';
import type { Db } from '../../../main/storage/database';
import { thrownAppError } from '../../support/app-error';
import { tempRecords } from '../../support/temp-records';

const cleanups: Array<() => void> = [];
afterEach(() => cleanups.splice(0).forEach((f) => f()));

function setup(): { db: Db; records: Records; documentId: number; add: (name: string, placement?: Parameters<Records['addPage']>[1]) => number } {
  const { db, records, documentId } = tempRecords(cleanups);
  const document = { id: documentId };
  const add = (name: string, placement?: Parameters<Records['addPage']>[1]) =>
    records.addPage({ documentId: document.id, sha256: name.padEnd(64, '0'), format: 'png', width: 10, height: 10, dpi: 300, dpiAssumed: false, bytes: 1, source: name }, placement).id;
  return { db, records, documentId: document.id, add };
}

function order(records: Records, documentId: number): string[] {
  return records.listDocumentPages(documentId).map((p) => `${p.ordinal}:${p.source}`);
}

describe('page order edits', () => {
  it('appends, inserts after a page and rescans a page in place', () => {
    const { records, documentId, add } = setup();
    const a = add('a');
    add('b');
    const c = add('c');
    add('x', { kind: 'after', pageId: a });
    expect(order(records, documentId)).toEqual(['1:a', '2:x', '3:b', '4:c']);
    add('c2', { kind: 'replace', pageId: c });
    expect(order(records, documentId)).toEqual(['1:a', '2:x', '3:b', '4:c2']);
    expect(thrownAppError(() => records.page(c)).code).toBe('NOT_FOUND');
  });

  it('a rescan deletes the old page words with it', () => {
    const { db, records, documentId, add } = setup();
    const a = add('a');
    records.saveRecognition(a, { text: 'Hạnh phúc', confidence: 90, words: [{ text: 'Hạnh', x0: 0, y0: 0, x1: 1, y1: 1, confidence: 90, line: 0 }] });
    expect(records.document(documentId).state).toBe('recognized');
    const a2 = add('a2', { kind: 'replace', pageId: a });
    expect((db.prepare('SELECT count(*) AS n FROM words').get() as { n: number }).n).toBe(0);
    expect(order(records, documentId)).toEqual(['1:a2']);
    // The new page is not recognized yet, so neither is its document.
    expect(records.document(documentId).state).toBe('captured');
    // OCR finishing on the page that was replaced meanwhile stores nothing.
    expect(records.saveRecognition(a, { text: 'cũ', confidence: 50, words: [] })).toBeNull();
    expect(records.saveRecognition(a2, { text: 'mới', confidence: 80, words: [] })).toEqual({ droppedCorrections: [] });
    expect(records.document(documentId).state).toBe('recognized');
  });

  it('an edit during OCR discards the words read from the old rendering', () => {
    const { records, add } = setup();
    const a = add('a');
    const before = records.page(a).imageVersion;
    records.editPage(a, { recipe: { ...records.page(a).recipe, rotation: 90 }, size: { width: 10, height: 10 }, analysis: null }, 'tester');
    expect(records.saveRecognition(a, { text: 'cũ', confidence: 50, words: [] }, before)).toBeNull();
    expect(records.page(a).state).toBe('imported');
    expect(records.saveRecognition(a, { text: 'mới', confidence: 80, words: [] }, records.page(a).imageVersion)).toEqual({ droppedCorrections: [] });
  });

  it('an analysis that finishes after an edit does not overwrite the edit', () => {
    const { records, add } = setup();
    const a = add('a');
    const seen = records.page(a);
    records.editPage(a, { recipe: { ...seen.recipe, recognition: { ...seen.recipe.recognition, sealDropout: true } }, size: { width: 10, height: 10 }, analysis: ['deskew'] }, 'tester');
    expect(records.completeAnalysis(a, { ...seen.recipe, deskewAngle: 1.2 }, { width: 10, height: 10 }, seen.imageVersion)).toBe(false);
    expect(records.page(a).recipe.recognition.sealDropout).toBe(true);
    expect(records.pendingAnalysis(a)).toEqual(['deskew']);
    const now = records.page(a);
    expect(records.completeAnalysis(a, { ...now.recipe, deskewAngle: 1.2 }, { width: 10, height: 10 }, now.imageVersion)).toBe(true);
    expect(records.page(a).recipe).toMatchObject({ deskewAngle: 1.2, recognition: { sealDropout: true } });
    expect(records.pendingAnalysis(a)).toEqual([]);
  });

  it('deletes a page and closes the gap', () => {
    const { records, documentId, add } = setup();
    add('a');
    const b = add('b');
    add('c');
    add('d');
    records.deletePage(b, 'tester');
    expect(order(records, documentId)).toEqual(['1:a', '2:c', '3:d']);
    add('e');
    expect(order(records, documentId)).toEqual(['1:a', '2:c', '3:d', '4:e']);
  });

  it('moves a page forward and back, clamping to the document', () => {
    const { records, documentId, add } = setup();
    const a = add('a');
    add('b');
    add('c');
    const d = add('d');
    records.movePage(a, 3);
    expect(order(records, documentId)).toEqual(['1:b', '2:c', '3:a', '4:d']);
    records.movePage(d, 1);
    expect(order(records, documentId)).toEqual(['1:d', '2:b', '3:c', '4:a']);
    records.movePage(d, 99);
    expect(order(records, documentId)).toEqual(['1:b', '2:c', '3:a', '4:d']);
    expect(records.movePage(d, 4).ordinal).toBe(4);
  });

  it('refuses to place a page relative to a page of another document', () => {
    const { records, add } = setup();
    const a = add('a');
    const dossierId = records.document(records.page(a).documentId).dossierId;
    const other = records.documentForJob(dossierId, 2, 'sane:test:1');
    expect(
      thrownAppError(() =>
        records.addPage({ documentId: other.id, sha256: 'f'.repeat(64), format: 'png', width: 1, height: 1, dpi: 300, dpiAssumed: false, bytes: 1, source: 'z' }, { kind: 'after', pageId: a }),
      ).messageVi,
    ).toMatch(/không thuộc văn bản/);
    expect(records.pageCount(other.id)).toBe(0);
  });
});
