// The document lifecycle on a real SQLite file: every (state, transition, party) triple is either made or
// refused with LIFECYCLE_REFUSED (nothing changed), and a change after approval or packaging is followed.
import { afterEach, describe, expect, it } from 'vitest';
import { TRANSITIONS, type LifecycleParty, type TransitionName } from '../../../main/archive/document-lifecycle';
import { DOCUMENT_STATES, ROLES, type DocumentState } from '../../../main/contract/domain';
import { Records } from '../../../main/services/records';
import type { Db } from '../../../main/storage/database';
import { thrownAppError } from '../../support/app-error';
import { tempRecords } from '../../support/temp-records';

const cleanups: Array<() => void> = [];
afterEach(() => cleanups.splice(0).forEach((f) => f()));

function setup(): { db: Db; records: Records; documentId: number; pageId: number } {
  const { db, records, documentId } = tempRecords(cleanups);
  const page = records.addPage({ documentId, sha256: 'a'.repeat(64), format: 'png', width: 10, height: 10, dpi: 300, dpiAssumed: false, bytes: 1, source: 'a.png' });
  return { db, records, documentId, pageId: page.id };
}

/** Puts the document in `state` directly: the test's starting point, not a transition under test. */
function force(db: Db, documentId: number, state: DocumentState): void {
  db.prepare('UPDATE documents SET lifecycle = ? WHERE id = ?').run(state, documentId);
}

const PARTIES: readonly LifecycleParty[] = [...ROLES, 'system'];
const NAMES = Object.keys(TRANSITIONS) as TransitionName[];

/** The lifecycle as the issue states it, written out independently of the module's table. */
const EXPECTED: Record<TransitionName, { from: DocumentState[]; to: DocumentState; by: LifecycleParty[] }> = {
  recognize: { from: ['captured'], to: 'recognized', by: ['system'] },
  recapture: { from: ['recognized', 'indexed'], to: 'captured', by: ['system'] },
  index: { from: ['recognized'], to: 'indexed', by: ['system'] },
  submitReview: { from: ['recognized', 'indexed', 'returned'], to: 'in_review', by: ['clerk', 'supervisor'] },
  approve: { from: ['in_review'], to: 'approved', by: ['reviewer', 'supervisor'] },
  return: { from: ['in_review'], to: 'returned', by: ['reviewer', 'supervisor'] },
  // From packaged or uploaded only with an outdated package (below); not outdated here.
  package: { from: ['approved'], to: 'packaged', by: ['system'] },
  upload: { from: ['packaged'], to: 'uploaded', by: ['system'] },
};

const triples = DOCUMENT_STATES.flatMap((state) => NAMES.flatMap((transition) => PARTIES.map((by) => ({ state, transition, by }))));

describe('document lifecycle', () => {
  it('names every transition the issue asks for, no more', () => {
    expect(NAMES.sort()).toEqual(Object.keys(EXPECTED).sort());
  });

  it.each(triples)('$transition from $state by $by', ({ state, transition, by }) => {
    const { db, records, documentId } = setup();
    force(db, documentId, state);
    const rule = EXPECTED[transition];
    const allowed = rule.from.includes(state) && rule.by.includes(by);
    expect(records.lifecycle.allows(documentId, transition, by)).toBe(allowed);
    const apply = () => records.lifecycle.apply(documentId, transition, by, 'Thiếu trang 3');
    if (allowed) {
      expect(apply()).toBe(rule.to);
      expect(records.document(documentId).state).toBe(rule.to);
    } else {
      const error = thrownAppError(apply);
      expect(error.code).toBe('LIFECYCLE_REFUSED');
      expect(error.messageVi).toMatch(/văn bản/);
      expect(records.document(documentId).state).toBe(state);
    }
  });

  it('returns a document only with a reason, kept for the clerk until it is submitted again', () => {
    const { db, records, documentId } = setup();
    force(db, documentId, 'in_review');
    expect(thrownAppError(() => records.lifecycle.apply(documentId, 'return', 'reviewer', '  ')).code).toBe('LIFECYCLE_REFUSED');
    expect(records.document(documentId).state).toBe('in_review');
    records.lifecycle.apply(documentId, 'return', 'reviewer', 'Thiếu trang 3');
    expect(records.document(documentId)).toMatchObject({ state: 'returned', returnReason: 'Thiếu trang 3' });
    records.lifecycle.apply(documentId, 'submitReview', 'clerk');
    expect(records.document(documentId)).toMatchObject({ state: 'in_review', returnReason: null });
  });

  it('follows recognition: all pages recognized, then a new page waits again', () => {
    const { records, documentId, pageId } = setup();
    expect(records.document(documentId).state).toBe('captured');
    expect(records.saveRecognition(pageId, { text: 'Quyết định', confidence: 90, words: [] })).toEqual({ droppedCorrections: [] });
    expect(records.document(documentId).state).toBe('recognized');
    records.addPage({ documentId, sha256: 'b'.repeat(64), format: 'png', width: 10, height: 10, dpi: 300, dpiAssumed: false, bytes: 1, source: 'b.png' });
    expect(records.document(documentId).state).toBe('captured');
  });

  it('sends an approved document back to review when a page, a word or a field changes', () => {
    const { db, records, documentId, pageId } = setup();
    records.saveRecognition(pageId, { text: 'Quyết định', confidence: 90, words: [{ text: 'Quyet', x0: 0, y0: 0, x1: 5, y1: 5, confidence: 40, line: 0 }] });
    records.lifecycle.apply(documentId, 'submitReview', 'clerk');
    const approve = () => {
      records.lifecycle.apply(documentId, 'approve', 'reviewer');
      expect(records.document(documentId).state).toBe('approved');
    };
    approve();
    records.updateMetadata(documentId, { ...records.document(documentId).metadata, subject: 'Về việc số hóa' });
    expect(records.document(documentId).state).toBe('in_review');
    approve();
    db.prepare("UPDATE words SET text = 'Quyết' WHERE page_id = ?").run(pageId);
    expect(records.document(documentId).state).toBe('in_review');
    approve();
    records.setBlankByHand(pageId, true, 'ngoc.nt');
    expect(records.document(documentId).state).toBe('in_review');
    approve();
    // Saving the same values again is no change.
    records.updateMetadata(documentId, records.document(documentId).metadata);
    expect(records.document(documentId).state).toBe('approved');
  });

  it('marks the package outdated after a change to a packaged or uploaded document, and packages a new version', () => {
    const { db, records, documentId, pageId } = setup();
    force(db, documentId, 'approved');
    records.lifecycle.apply(documentId, 'package', 'system');
    expect(records.document(documentId)).toMatchObject({ state: 'packaged', packageOutdated: false });
    const packagedAt = () => db.prepare('SELECT packaged_version AS v, packaged_at AS at FROM documents WHERE id = ?').get(documentId) as { v: number; at: string };
    const first = packagedAt();
    // Not outdated: a second package is refused.
    expect(thrownAppError(() => records.lifecycle.apply(documentId, 'package', 'system')).code).toBe('LIFECYCLE_REFUSED');

    records.lifecycle.apply(documentId, 'upload', 'system');
    records.updateMetadata(documentId, { ...records.document(documentId).metadata, subject: 'Về việc số hóa' });
    expect(records.document(documentId)).toMatchObject({ state: 'uploaded', packageOutdated: true });
    // The old package's record stays until a new version is packaged.
    expect(packagedAt()).toEqual(first);

    records.lifecycle.apply(documentId, 'package', 'system');
    expect(records.document(documentId)).toMatchObject({ state: 'packaged', packageOutdated: false });
    expect(packagedAt().v).toBeGreaterThan(first.v);
    records.setBlankByHand(pageId, true, 'ngoc.nt');
    expect(records.document(documentId)).toMatchObject({ state: 'packaged', packageOutdated: true });
  });

  it('exports as an action: an exported document keeps its state', () => {
    const { records, documentId, pageId } = setup();
    records.saveRecognition(pageId, { text: 'Quyết định', confidence: 90, words: [] });
    records.markExported(documentId, records.contentVersion(documentId));
    expect(records.document(documentId)).toMatchObject({ state: 'recognized', changedSinceExport: false });
    expect(records.document(documentId).exportedAt).not.toBeNull();
  });
});
