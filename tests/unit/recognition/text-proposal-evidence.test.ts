// The text reader of auto-indexing on the nine real transcriptions laid out as words: it proposes what
// proposeMetadata reads from the text, and each value carries the words that spell it and the least
// confidence among them. (tests/integration/auto-indexing.test.ts runs it on a real page's OCR words.)
import { describe, expect, it } from 'vitest';
import { DOCUMENT_FIELDS, editableFields, EMPTY_METADATA } from '../../../main/contract/archival-fields';
import type { LayoutPage } from '../../../main/contract/metadata-proposals';
import { proposeMetadata } from '../../../main/recognition/metadata-proposal';
import { readTextProposalEvidence } from '../../../main/recognition/text-proposal-evidence';
import { layOutText, realTranscriptions } from '../../support/laid-out-words';

const transcriptions = realTranscriptions();

function page(pageId: number, text: string, confidence?: (word: string) => number): LayoutPage {
  return { pageId, width: 2480, height: 3508, words: layOutText(text, confidence).map((word, index) => ({ ...word, index })) };
}

/** The texts of the words a proposal names, in order. */
function spelled(pages: readonly LayoutPage[], refs: ReadonlyArray<{ pageId: number; index: number }>): string[] {
  return refs.map((ref) => pages.find((p) => p.pageId === ref.pageId)!.words.find((w) => w.index === ref.index)!.text);
}

describe('readTextProposalEvidence', () => {
  it.each([...transcriptions.keys()])('proposes from the words of %s what proposeMetadata reads from its text', (docId) => {
    const text = transcriptions.get(docId)!;
    const reading = readTextProposalEvidence([page(7, text)]);
    const fromText = proposeMetadata(text);
    const proposed = Object.fromEntries(Object.entries(reading.proposals).map(([field, proposal]) => [field, proposal.value]));
    const expected = Object.fromEntries(editableFields(DOCUMENT_FIELDS).filter((f) => fromText[f.key] !== null && JSON.stringify(fromText[f.key]) !== JSON.stringify(EMPTY_METADATA[f.key])).map((f) => [f.key, String(fromText[f.key])]));
    expect(proposed).toEqual(expected);
    expect(Object.keys(proposed).length).toBeGreaterThanOrEqual(5);
  });

  it('names the words of each value and takes the least sure of them as its confidence', () => {
    const unsure: Record<string, number> = { 'Dũng': 41, 'HÀ': 55 };
    const pages = [page(3, transcriptions.get('real_hanoi_qd_2280_water')!, (word) => unsure[word] ?? 93)];
    const { proposals } = readTextProposalEvidence(pages);
    expect(proposals.signerName).toMatchObject({ value: 'Trương Việt Dũng', confidence: 41 });
    expect(spelled(pages, proposals.signerName!.words)).toEqual(['Trương', 'Việt', 'Dũng']);
    expect(proposals.organName).toMatchObject({ value: 'ỦY BAN NHÂN DÂN THÀNH PHỐ HÀ NỘI', confidence: 55 });
    expect(spelled(pages, proposals.organName!.words)).toEqual(['ỦY', 'BAN', 'NHÂN', 'DÂN', 'THÀNH', 'PHỐ', 'HÀ', 'NỘI']);
    // The notation is part of the word `/QĐ-UBND`; the type line is two words.
    expect(spelled(pages, proposals.codeNotation!.words)).toEqual(['/QĐ-UBND']);
    expect(spelled(pages, proposals.typeName!.words)).toEqual(['QUYẾT', 'ĐỊNH']);
    expect(proposals.typeName!.confidence).toBe(93);
    for (const proposal of Object.values(proposals)) expect(proposal.words.every((ref) => ref.pageId === 3)).toBe(true);
  });

  it('finds the signer in the signature block, not where the name is cited before it, and a date by its printed spelling', () => {
    const pages = [page(1, transcriptions.get('real_cv_3722_metro')!)];
    const { proposals } = readTextProposalEvidence(pages);
    const name = proposals.signerName!;
    expect(spelled(pages, name.words)).toEqual(['Phạm', 'Mạnh', 'Cường']);
    const last = pages[0]!.words.length - 1;
    expect(name.words.map((ref) => ref.index)).toEqual([last - 2, last - 1, last]);
    expect(proposals.issuedDate!.value).toBe('2026-04-28');
    expect(spelled(pages, proposals.issuedDate!.words)).toEqual(['ngày', '28', 'tháng', '4', 'năm', '2026']);
    // A công văn's type is read from the V/v line, not spelled by any word: no evidence, confidence 0.
    expect(proposals.typeName).toEqual({ value: 'Công văn', confidence: 0, words: [] });
  });

  it('compares words without diacritics or case, in NFC or not, and across pages', () => {
    const text = transcriptions.get('real_qd_729_ttg')!;
    const [first, ...rest] = text.split('\n\n');
    // OCR lost marks and case on the header; the words come decomposed (NFD) as some engines give them.
    const header = page(11, first!.replace('THỦ TƯỚNG CHÍNH PHỦ', 'THU TUONG CHINH PHU').normalize('NFD'));
    const body = page(12, rest.join('\n\n'));
    const { proposals } = readTextProposalEvidence([header, body]);
    expect(proposals.organName?.value).toBe('THỦ TƯỚNG CHÍNH PHỦ');
    expect(proposals.organName?.words.map((ref) => ref.pageId)).toEqual([11, 11, 11, 11]);
    expect(proposals.codeNotation?.words.every((ref) => ref.pageId === 12)).toBe(true);
    expect(proposals.issuedDate?.words).toHaveLength(6);
  });
});
