// The rules of auto-indexing on a real SQLite file: proposals kept with their words, applied where no
// person set the field, a person's value (an emptied field too) never replaced, a new reading replacing
// the proposals and what they filled but not a person's values; the lifecycle followed, not forced.
import { afterEach, describe, expect, it } from 'vitest';
import { AuditLog } from '../../../main/accounts/audit-log';
import { EMPTY_METADATA } from '../../../main/contract/archival-fields';
import type { LayoutReading } from '../../../main/contract/metadata-proposals';
import { readTextProposalEvidence } from '../../../main/recognition/text-proposal-evidence';
import { WorkstationEvents } from '../../../main/services/events';
import { IndexingService } from '../../../main/services/indexing-service';
import { layOutText, realTranscriptions } from '../../support/laid-out-words';
import { tempRecords } from '../../support/temp-records';

const cleanups: Array<() => void> = [];
afterEach(() => cleanups.splice(0).forEach((f) => f()));

const clerk = { userId: null, name: 'cli:lan.pt', user: null };
const system = { userId: null, name: 'system', user: null };
const TB_453 = realTranscriptions().get('real_hanoi_tb_453_flag')!;

function setup(reader = readTextProposalEvidence) {
  const { db, records, documentId } = tempRecords(cleanups);
  const audit = new AuditLog(db);
  const indexing = new IndexingService(records, audit, new WorkstationEvents(), reader, 'text-evidence');
  const pageId = records.addPage({ documentId, sha256: 'a'.repeat(64), format: 'png', width: 2480, height: 3508, dpi: 300, dpiAssumed: false, bytes: 1, source: 'a.png' }).id;
  const recognize = (text: string, confidence?: (word: string) => number) => records.saveRecognition(pageId, { text, confidence: 90, words: layOutText(text, confidence) });
  const autoIndexRows = () =>
    (db.prepare("SELECT detail FROM audit_log WHERE action = 'document.auto-index' ORDER BY id").pluck().all() as string[]).map((d) => JSON.parse(d) as { changes: Array<{ field: string }>; kept: string[]; reader: string });
  return { db, records, indexing, documentId, pageId, recognize, autoIndexRows };
}

describe('auto-indexing a document', () => {
  it('sets the secrecy and urgency marks read on the page, and Mật as the access mode even over a person’s', () => {
    const marked = (pages: Parameters<typeof readTextProposalEvidence>[0]): LayoutReading => {
      const words = [{ pageId: pages[0]!.pageId, index: 0 }];
      return { ...readTextProposalEvidence(pages), secrecy: { mark: 'TỐI MẬT', confidence: 88, words }, urgency: { mark: 'HỎA TỐC', confidence: 75, words } };
    };
    const { records, indexing, documentId, recognize } = setup(marked);
    recognize(TB_453);
    records.metadataIndex.setByPerson(documentId, { ...EMPTY_METADATA, mode: '01' }, clerk);
    indexing.indexDocument(system, documentId);
    expect(records.document(documentId).metadata).toMatchObject({ secrecyMark: 'TỐI MẬT', urgencyMark: 'HỎA TỐC', mode: '03' });
    expect(indexing.view(documentId).origins).toMatchObject({ secrecyMark: { origin: 'proposal' }, mode: { origin: 'proposal' } });

    // A person who clears the mark itself is obeyed, and the next reading does not put it back.
    records.metadataIndex.setByPerson(documentId, { ...records.document(documentId).metadata, secrecyMark: null, mode: '01' }, clerk);
    indexing.indexDocument(system, documentId);
    expect(records.document(documentId).metadata).toMatchObject({ secrecyMark: null, mode: '01', urgencyMark: 'HỎA TỐC' });
  });

  it('keeps each proposal with its confidence and words, fills the fields, indexes the document and audits what it filled', () => {
    const { records, indexing, documentId, pageId, recognize, autoIndexRows } = setup();
    recognize(TB_453, (word) => (word === 'Võ' ? 38 : 92));
    expect(records.metadataIndex.dueDocuments(null)).toEqual([documentId]);
    indexing.indexDue(system, null, (warning) => expect.fail(warning.messageVi));
    const document = records.document(documentId);
    expect(document.state).toBe('indexed');
    expect(document.metadata).toMatchObject({ typeName: 'Thông báo', codeNotation: 'TB-UBND', place: 'Hà Nội', signerName: 'Võ Tuấn Anh' });
    const view = indexing.view(documentId);
    expect(view.proposals.signerName).toMatchObject({ value: 'Võ Tuấn Anh', confidence: 38, reader: 'text-evidence' });
    expect(view.proposals.signerName!.words.map((w) => records.words(pageId)[w.index]!.text)).toEqual(['Võ', 'Tuấn', 'Anh']);
    expect(view.origins.signerName).toMatchObject({ origin: 'proposal' });
    const [row] = autoIndexRows();
    expect(row!.changes.map((c) => c.field).sort()).toEqual(Object.keys(view.proposals).sort());
    expect(row).toMatchObject({ kept: [], reader: 'text-evidence' });
    // Nothing due any more: a second pass does nothing.
    expect(indexing.indexDue(system, null, () => undefined)).toEqual([]);
    expect(autoIndexRows()).toHaveLength(1);
  });

  it('never replaces a person’s value, an emptied field included, and says what it left', () => {
    const { records, indexing, documentId, recognize, autoIndexRows } = setup();
    recognize(TB_453);
    // A person types the place and the signer's name and empties the subject before indexing runs.
    records.metadataIndex.setByPerson(documentId, { ...EMPTY_METADATA, place: 'Hà Nội (TP)', signerName: 'Võ Tuấn Anh' }, clerk);
    records.metadataIndex.setByPerson(documentId, { ...records.document(documentId).metadata, signerName: null }, clerk);
    indexing.indexDocument(system, documentId);
    const document = records.document(documentId);
    expect(document.metadata).toMatchObject({ place: 'Hà Nội (TP)', signerName: null, typeName: 'Thông báo' });
    expect(indexing.view(documentId).origins).toMatchObject({
      place: { origin: 'person', setBy: 'cli:lan.pt' },
      signerName: { origin: 'person', setBy: 'cli:lan.pt' },
      typeName: { origin: 'proposal' },
    });
    // The proposals are kept all the same: the form can still show what was read.
    expect(indexing.view(documentId).proposals.signerName?.value).toBe('Võ Tuấn Anh');
    expect(autoIndexRows()[0]!.kept.sort()).toEqual(['place', 'signerName']);
    expect(autoIndexRows()[0]!.changes.map((c) => c.field)).not.toContain('place');
  });

  it('treats a value entered before auto-indexing existed as a person’s', () => {
    const { records, indexing, documentId, recognize } = setup();
    recognize(TB_453);
    records.updateMetadata(documentId, { ...EMPTY_METADATA, codeNotation: '453/TB-UBND-cũ' });
    indexing.indexDocument(system, documentId);
    expect(records.document(documentId).metadata.codeNotation).toBe('453/TB-UBND-cũ');
    expect(indexing.view(documentId).origins.codeNotation).toBeUndefined();
  });

  it('after a page is recognized again, replaces the proposals and what they filled, but not a person’s values', () => {
    const { records, indexing, documentId, recognize } = setup();
    recognize(TB_453);
    indexing.indexDue(system, null, () => undefined);
    records.metadataIndex.setByPerson(documentId, { ...records.document(documentId).metadata, subject: 'Treo cờ Tổ quốc (sửa tay)' }, clerk);
    // The new reading has no signature block and another notation.
    const reread = TB_453.replace('TB-UBND', 'TB-VP').split('Nơi nhận')[0]!;
    recognize(reread);
    expect(records.metadataIndex.dueDocuments(null)).toEqual([documentId]);
    indexing.indexDue(system, null, () => undefined);
    const { metadata } = records.document(documentId);
    expect(metadata).toMatchObject({ codeNotation: 'TB-VP', subject: 'Treo cờ Tổ quốc (sửa tay)', signerName: null, signerPosition: null });
    const view = indexing.view(documentId);
    expect(view.proposals.signerName).toBeUndefined();
    expect(view.origins.signerName).toBeUndefined();
    expect(view.proposals.codeNotation?.value).toBe('TB-VP');
    expect(view.origins.subject).toMatchObject({ origin: 'person' });
  });

  it('waits until no page of the document is left to read, and does not force the lifecycle', () => {
    const { records, indexing, documentId, recognize } = setup();
    const second = records.addPage({ documentId, sha256: 'b'.repeat(64), format: 'png', width: 10, height: 10, dpi: 300, dpiAssumed: false, bytes: 1, source: 'b.png' }).id;
    recognize(TB_453);
    expect(records.metadataIndex.dueDocuments(null)).toEqual([]);
    records.setPageState(second, 'failed');
    // Recognition is over (a failed page is not waiting), but the document is not recognized: no 'index'.
    expect(records.metadataIndex.dueDocuments(null)).toEqual([documentId]);
    const outcome = indexing.indexDocument(system, documentId);
    expect(outcome.indexed).toBe(false);
    expect(records.document(documentId).state).toBe('captured');
    expect(records.document(documentId).metadata.typeName).toBe('Thông báo');
  });

  it('stores only values the field accepts, and changes nothing when the reading gives what is there', () => {
    const reading: LayoutReading = {
      proposals: {
        issuedDate: { value: '2026-02-30', confidence: 90, words: [] },
        codeNumber: { value: '123456789012345', confidence: 90, words: [] },
        subject: { value: ' Về việc treo cờ ', confidence: 140, words: [{ pageId: 1, index: 0 }] },
      },
      secrecy: null,
      urgency: null,
    };
    const { db, indexing, documentId, recognize } = setup(() => reading);
    recognize(TB_453);
    indexing.indexDocument(system, documentId);
    expect(Object.keys(indexing.view(documentId).proposals)).toEqual(['subject']);
    expect(indexing.view(documentId).proposals.subject).toMatchObject({ value: 'Về việc treo cờ', confidence: 100 });
    const version = () => db.prepare('SELECT content_version FROM documents WHERE id = ?').pluck().get(documentId);
    const before = version();
    recognize(TB_453);
    indexing.indexDocument(system, documentId);
    expect(version()).toBe(before);
  });
});
