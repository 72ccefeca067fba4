// Documents a clerk reshapes, on a real SQLite file through the service the channels call: split at a page,
// merge with a neighbour, pages moved to another document, each undone into exactly what it was; the
// lifecycle effects (an approved document back to review, a package outdated, recognition state following
// the pages), the refusals with their Vietnamese messages, and the new-document proposals of NĐ 30 headers.
import { afterEach, describe, expect, it } from 'vitest';
import { AuditLog } from '../../../main/accounts/audit-log';
import type { DocumentState } from '../../../main/contract/domain';
import { DocumentEditing } from '../../../main/services/document-editing';
import { WorkstationEvents } from '../../../main/services/events';
import type { Records } from '../../../main/services/records';
import type { Db } from '../../../main/storage/database';
import { thrownAppError } from '../../support/app-error';
import { tempRecords } from '../../support/temp-records';

const cleanups: Array<() => void> = [];
afterEach(() => cleanups.splice(0).forEach((f) => f()));

const clerk = { userId: null, name: 'cli:lan.pt', user: null };
let hash = 0;

function setup() {
  const { db, records, documentId: a } = tempRecords(cleanups);
  const dossierId = records.document(a).dossierId;
  const b = records.createDocument(dossierId, 'b').id;
  const events = new WorkstationEvents();
  const changed: number[] = [];
  events.on('dossier:changed', (e) => changed.push(e.dossierId));
  const editing = new DocumentEditing(records, new AuditLog(db), events);
  const pagesOfA = addPages(records, a, 5);
  const pagesOfB = addPages(records, b, 2);
  records.updateMetadata(a, { ...records.document(a).metadata, typeName: 'Quyết định', codeNumber: '15', codeNotation: 'QĐ-UBND', subject: 'Về việc thử' });
  records.updateMetadata(b, { ...records.document(b).metadata, typeName: 'Công văn', codeNumber: '7', subject: 'V/v họp' });
  return { db, records, editing, dossierId, a, b, pagesOfA, pagesOfB, changed };
}

/** `n` recognized pages, each with one word, at the end of the document. */
function addPages(records: Records, documentId: number, n: number, recognized = true): number[] {
  return Array.from({ length: n }, () => {
    hash += 1;
    const page = records.addPage({ documentId, sha256: hash.toString(16).padStart(64, '0'), format: 'png', width: 10, height: 10, dpi: 300, dpiAssumed: false, bytes: 1, source: `p${hash}.png` });
    if (recognized) records.saveRecognition(page.id, { text: `trang ${hash}`, confidence: 90, words: [{ text: `trang${hash}`, x0: 0, y0: 0, x1: 1, y1: 1, confidence: 90, line: 0 }] });
    return page.id;
  });
}

/** Each document of the dossier by id: ordinal, docCode, state, metadata and its pages in order. */
function snapshot(records: Records, dossierId: number) {
  return records.listDocuments(dossierId).map((d) => ({
    id: d.id,
    ordinal: d.ordinal,
    docCode: d.docCode,
    metadata: d.metadata,
    pages: records.listDocumentPages(d.id).map((p) => ({ id: p.id, ordinal: p.ordinal, text: records.pageText(p.id) })),
  }));
}

const pageIds = (records: Records, documentId: number) => records.listDocumentPages(documentId).map((p) => p.id);
const audit = (db: Db, action: string) => db.prepare('SELECT subject, detail FROM audit_log WHERE action = ? ORDER BY id').all(action) as Array<{ subject: string; detail: string }>;
const force = (db: Db, documentId: number, state: DocumentState) => db.prepare('UPDATE documents SET lifecycle = ? WHERE id = ?').run(state, documentId);

describe('split a document at a page', () => {
  it('makes the page and those after it a new document right after it, and undo gives back the same document, pages, ordinals and metadata', () => {
    const { db, records, editing, dossierId, a, b, pagesOfA, changed } = setup();
    const before = snapshot(records, dossierId);

    const [kept, created] = editing.split(clerk, pagesOfA[2]!);
    expect(kept!.id).toBe(a);
    expect(pageIds(records, a)).toEqual(pagesOfA.slice(0, 2));
    expect(pageIds(records, created!.id)).toEqual(pagesOfA.slice(2));
    expect(records.listDocumentPages(created!.id).map((p) => p.ordinal)).toEqual([1, 2, 3]);
    // Right after it: the next document moves down one, with its docCode.
    expect(records.listDocuments(dossierId).map((d) => d.id)).toEqual([a, created!.id, b]);
    expect(records.document(b).docCode).toBe('H49.64.33.2001.160.0000003');
    expect(created!.docCode).toBe('H49.64.33.2001.160.0000002');
    // The new document starts with no typed metadata (its docCode and page count are derived), recognized as its pages are.
    expect(created!.metadata).toMatchObject({ typeName: null, codeNumber: null, codeNotation: null, issuedDate: null, subject: null, organName: null, signerName: null });
    expect(created!.state).toBe('recognized');
    expect(created!.pageCount).toBe(3);
    expect(records.document(a).metadata.subject).toBe('Về việc thử');
    // Words travel with their pages.
    expect(records.pageText(pagesOfA[4]!)).toBe(before[0]!.pages[4]!.text);

    const [row] = audit(db, 'document.split');
    expect(row!.subject).toBe('document:H49.64.33.2001.160.0000001');
    expect(JSON.parse(row!.detail)).toMatchObject({ documentId: a, at: pagesOfA[2], created: created!.id, pages: pagesOfA.slice(2), before: pagesOfA.map((pageId, i) => ({ pageId, documentId: a, ordinal: i + 1 })) });
    expect(changed).toContain(dossierId);

    const undone = editing.undo(clerk, dossierId);
    expect(undone.map((d) => d.id)).toEqual([a]);
    expect(snapshot(records, dossierId)).toEqual(before);
    expect(thrownAppError(() => records.document(created!.id)).code).toBe('NOT_FOUND');
    expect(JSON.parse(audit(db, 'document.reshape-undo')[0]!.detail)).toEqual({ kind: 'split', reshape: 1, removed: created!.id });
  });

  it('refuses the first page of a document, in Vietnamese, changing nothing', () => {
    const { records, editing, dossierId, pagesOfA } = setup();
    const before = snapshot(records, dossierId);
    const error = thrownAppError(() => editing.split(clerk, pagesOfA[0]!));
    expect(error.code).toBe('VALIDATION');
    expect(error.messageVi).toMatch(/Không thể tách tại trang đầu tiên của văn bản.*không có gì bị thay đổi/);
    expect(snapshot(records, dossierId)).toEqual(before);
    expect(thrownAppError(() => editing.undo(clerk, dossierId)).messageVi).toMatch(/Không còn thao tác tách, gộp hay chuyển trang nào/);
  });

  it('sends an approved document back to review, makes a package outdated, and undo does not approve it again', () => {
    const { db, records, editing, dossierId, a, b, pagesOfA, pagesOfB } = setup();
    force(db, a, 'approved');
    editing.split(clerk, pagesOfA[3]!);
    expect(records.document(a).state).toBe('in_review');
    editing.undo(clerk, dossierId);
    expect(records.document(a).state).toBe('in_review');

    force(db, b, 'approved');
    records.lifecycle.apply(b, 'package', 'system');
    expect(records.document(b).packageOutdated).toBe(false);
    editing.split(clerk, pagesOfB[1]!);
    expect(records.document(b).packageOutdated).toBe(true);
    expect(records.document(b).state).toBe('packaged');
  });
});

describe('merge two documents', () => {
  it('appends the next document’s pages, keeps the first’s id and metadata, lists the second’s values in the audit row; undo brings the second back whole', () => {
    const { db, records, editing, dossierId, a, b, pagesOfA, pagesOfB } = setup();
    const c = records.createDocument(dossierId, 'c').id;
    addPages(records, c, 1);
    const before = snapshot(records, dossierId);

    const merged = editing.mergeWithNeighbour(clerk, b, 'previous');
    expect(merged.id).toBe(a);
    expect(pageIds(records, a)).toEqual([...pagesOfA, ...pagesOfB]);
    expect(records.listDocumentPages(a).map((p) => p.ordinal)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(merged.metadata).toMatchObject({ typeName: 'Quyết định', codeNumber: '15', subject: 'Về việc thử' });
    expect(thrownAppError(() => records.document(b)).code).toBe('NOT_FOUND');
    expect(records.document(c).ordinal).toBe(2);
    const detail = JSON.parse(audit(db, 'document.merge')[0]!.detail) as { kept: number; removed: number; dropped: unknown[]; pages: number[] };
    expect(detail).toMatchObject({ kept: a, removed: b, pages: pagesOfB, removedDocCode: 'H49.64.33.2001.160.0000002' });
    expect(detail.dropped).toEqual(
      expect.arrayContaining([
        { field: 'typeName', old: 'Công văn', new: 'Quyết định' },
        { field: 'codeNumber', old: '7', new: '15' },
        { field: 'subject', old: 'V/v họp', new: 'Về việc thử' },
      ]),
    );

    editing.undo(clerk, dossierId);
    expect(snapshot(records, dossierId)).toEqual(before);
    expect(records.document(b).source).toBe('b');
  });

  it('carries the second’s pages in the recycle bin into the first, and back on undo', () => {
    const { db, records, editing, dossierId, a, b, pagesOfB } = setup();
    const extra = addPages(records, b, 1)[0]!;
    const { recycledId } = records.deletePage(extra, 'lan.pt');
    editing.mergeWithNeighbour(clerk, a, 'next');
    const where = () => (db.prepare('SELECT document_id AS d FROM recycled_pages WHERE id = ?').get(recycledId) as { d: number }).d;
    expect(where()).toBe(a);
    editing.undo(clerk, dossierId);
    expect(where()).toBe(b);
    expect(pageIds(records, b)).toEqual(pagesOfB);
  });

  it('refuses documents of two dossiers, a document with no neighbour there, and documents not next to each other', () => {
    const { records, editing, dossierId, a, b } = setup();
    const other = records.createDossier(records.createBatch('Lô 2', null).id, 'H49.64.33.2001.161', 'Hồ sơ khác');
    const elsewhere = records.createDocument(other.id, 'x').id;
    addPages(records, elsewhere, 1);
    const c = records.createDocument(dossierId, 'c').id;
    addPages(records, c, 1);
    const before = snapshot(records, dossierId);

    const across = thrownAppError(() => editing.merge(clerk, b, elsewhere));
    expect(across.code).toBe('VALIDATION');
    expect(across.messageVi).toMatch(/thuộc hai hồ sơ khác nhau nên không gộp được/);
    expect(thrownAppError(() => editing.mergeWithNeighbour(clerk, a, 'previous')).messageVi).toMatch(/là văn bản đầu tiên của hồ sơ, không có văn bản liền trước/);
    expect(thrownAppError(() => editing.mergeWithNeighbour(clerk, c, 'next')).messageVi).toMatch(/là văn bản cuối cùng của hồ sơ/);
    expect(thrownAppError(() => editing.merge(clerk, a, c)).messageVi).toMatch(/không liền nhau nên không gộp được/);
    expect(snapshot(records, dossierId)).toEqual(before);
  });
});

describe('move pages to another document', () => {
  it('moves a selection, in reading order, to a position of the other document, renumbering both; undo puts each page back', () => {
    const { db, records, editing, dossierId, a, b, pagesOfA, pagesOfB } = setup();
    const before = snapshot(records, dossierId);
    editing.movePages(clerk, [pagesOfA[3]!, pagesOfA[1]!], b, 2);
    expect(pageIds(records, b)).toEqual([pagesOfB[0], pagesOfA[1], pagesOfA[3], pagesOfB[1]]);
    expect(records.listDocumentPages(b).map((p) => p.ordinal)).toEqual([1, 2, 3, 4]);
    expect(pageIds(records, a)).toEqual([pagesOfA[0], pagesOfA[2], pagesOfA[4]]);
    expect(records.listDocumentPages(a).map((p) => p.ordinal)).toEqual([1, 2, 3]);
    expect(JSON.parse(audit(db, 'document.move-pages')[0]!.detail)).toMatchObject({ pages: [pagesOfA[1], pagesOfA[3]], to: b, at: 2 });

    editing.undo(clerk, dossierId);
    expect(snapshot(records, dossierId)).toEqual(before);
  });

  it('the recognition state follows the pages: an unrecognized page makes its new document wait, its old one is recognized again', () => {
    const { records, editing, a, b } = setup();
    const [unread] = addPages(records, a, 1, false);
    expect(records.document(a).state).toBe('captured');
    editing.movePages(clerk, [unread!], b);
    expect(pageIds(records, b).at(-1)).toBe(unread);
    expect(records.document(a).state).toBe('recognized');
    expect(records.document(b).state).toBe('captured');
  });

  it('refuses a missing document, one of another dossier, pages already there, and emptying a document', () => {
    const { records, editing, dossierId, a, b, pagesOfA, pagesOfB } = setup();
    const other = records.createDossier(records.createBatch('Lô 2', null).id, 'H49.64.33.2001.161', 'Hồ sơ khác');
    const elsewhere = records.createDocument(other.id, 'x').id;
    const before = snapshot(records, dossierId);

    const missing = thrownAppError(() => editing.movePages(clerk, [pagesOfA[1]!], 9999));
    expect(missing.code).toBe('NOT_FOUND');
    expect(missing.messageVi).toBe('Không tìm thấy văn bản số 9999.');
    expect(thrownAppError(() => editing.movePages(clerk, [pagesOfA[1]!], elsewhere)).messageVi).toMatch(/Chỉ chuyển được trang sang văn bản của cùng hồ sơ/);
    expect(thrownAppError(() => editing.movePages(clerk, [pagesOfA[1]!, pagesOfB[0]!], b)).messageVi).toMatch(/đã nằm trong văn bản/);
    expect(thrownAppError(() => editing.movePages(clerk, pagesOfB, a)).messageVi).toMatch(/không còn trang nào. Hãy gộp văn bản đó/);
    expect(snapshot(records, dossierId)).toEqual(before);
  });
});

describe('undo', () => {
  it('undoes the last reshaping first, then the one before it', () => {
    const { records, editing, dossierId, a, b, pagesOfA, pagesOfB } = setup();
    const start = snapshot(records, dossierId);
    const [, created] = editing.split(clerk, pagesOfA[2]!);
    const afterSplit = snapshot(records, dossierId);
    editing.movePages(clerk, [pagesOfB[0]!], created!.id, 1);
    expect(editing.undo(clerk, dossierId).map((d) => d.id)).toEqual([b, created!.id]);
    expect(snapshot(records, dossierId)).toEqual(afterSplit);
    editing.undo(clerk, dossierId);
    expect(snapshot(records, dossierId)).toEqual(start);
    expect(pageIds(records, a)).toEqual(pagesOfA);
  });

  it('refuses when the documents changed since (a page deleted from the new document), changing nothing', () => {
    const { records, editing, dossierId, pagesOfA } = setup();
    const [, created] = editing.split(clerk, pagesOfA[2]!);
    records.deletePage(pagesOfA[4]!, 'lan.pt');
    const now = snapshot(records, dossierId);
    const error = thrownAppError(() => editing.undo(clerk, dossierId));
    expect(error.code).toBe('CONFLICT');
    expect(error.messageVi).toMatch(/đã thay đổi sau đó.*Không có gì bị thay đổi/);
    expect(snapshot(records, dossierId)).toEqual(now);
    expect(records.document(created!.id).pageCount).toBe(2);
  });
});

describe('new-document proposals (NĐ 30 headers)', () => {
  it('proposes a page that is not its document’s first, settles it by a split (back on undo), and never again once dismissed', () => {
    const { db, records, editing, dossierId, pagesOfA, pagesOfB } = setup();
    expect(records.reshaping.markHeader(pagesOfA[0]!, true)).toBe(false);
    expect(records.reshaping.markHeader(pagesOfA[2]!, true)).toBe(true);
    expect(records.page(pagesOfA[2]!).newDocumentProposed).toBe(true);
    expect(records.page(pagesOfA[1]!).newDocumentProposed).toBe(false);

    editing.split(clerk, pagesOfA[2]!);
    expect(records.page(pagesOfA[2]!).newDocumentProposed).toBe(false);
    editing.undo(clerk, dossierId);
    expect(records.page(pagesOfA[2]!).newDocumentProposed).toBe(true);

    editing.dismissProposal(clerk, pagesOfA[2]!);
    expect(records.page(pagesOfA[2]!).newDocumentProposed).toBe(false);
    expect(records.reshaping.markHeader(pagesOfA[2]!, true)).toBe(false);
    expect(JSON.parse(audit(db, 'page.new-document-dismissed')[0]!.detail)).toEqual({ documentId: records.page(pagesOfA[2]!).documentId, ordinal: 3 });
    expect(thrownAppError(() => editing.dismissProposal(clerk, pagesOfA[2]!)).code).toBe('CONFLICT');

    // Read again without a header: the proposal goes.
    expect(records.reshaping.markHeader(pagesOfA[3]!, true)).toBe(true);
    expect(records.reshaping.markHeader(pagesOfA[3]!, false)).toBe(false);
    expect(records.page(pagesOfA[3]!).newDocumentProposed).toBe(false);

    // A proposed page that becomes its document's first (the pages before it moved away) starts it already.
    expect(records.reshaping.markHeader(pagesOfA[3]!, true)).toBe(true);
    editing.movePages(clerk, pagesOfA.slice(0, 3), records.page(pagesOfB[0]!).documentId);
    expect(records.page(pagesOfA[3]!).ordinal).toBe(1);
    expect(records.page(pagesOfA[3]!).newDocumentProposed).toBe(false);
  });
});
