import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { LayoutPage, LayoutReading, LayoutWord } from '../../../main/contract/metadata-proposals';
import { readDocumentLayout } from '../../../main/recognition/nd30-layout';
import { characterErrorRate } from '../../support/cer';
import { nd30DocumentSet, plannedWords, type Nd30Document } from '../../support/nd30-generator';
import { REAL_PAGE_TRUTH } from '../../support/real-page-truth';
import { REPO_ROOT } from '../../support/temp-dir';

const FIELDS = ['typeName', 'typeNamePrinted', 'codeNumber', 'codeNotation', 'issuedDate', 'place', 'organName', 'subject', 'signerPosition', 'signerName'] as const;
const documents = nd30DocumentSet({ seed: 15, count: 44 });
const pagesOf = (doc: Nd30Document): LayoutPage[] => doc.pages.map((page, i) => plannedWords(page, doc.dpi, i + 1));
const values = (reading: LayoutReading) => Object.fromEntries(FIELDS.map((f) => [f, reading.proposals[f]?.value ?? null]));
const truthOf = (doc: Nd30Document) => Object.fromEntries(FIELDS.map((f) => [f, doc.truth[f]]));
const find = (predicate: (doc: Nd30Document) => boolean): Nd30Document => {
  const doc = documents.find(predicate);
  if (!doc) throw new Error('the generated set has no such document');
  return doc;
};
const textOf = (page: LayoutPage, refs: readonly { pageId: number; index: number }[]): string =>
  refs.map((ref) => page.words[ref.index]?.text ?? '?').join(' ');

/** One page's words with `edit` applied to each (OCR-like damage). */
function damaged(page: LayoutPage, edit: (word: LayoutWord) => LayoutWord | null): LayoutPage {
  return { ...page, words: page.words.map(edit).filter((w): w is LayoutWord => w !== null) };
}

describe('readDocumentLayout on the generated documents, words where the renderer put them', () => {
  it('covers every common type, both resolutions, two-page documents and marks', () => {
    expect(documents.length).toBeGreaterThanOrEqual(40);
    expect(new Set(documents.map((d) => d.truth.typeName))).toEqual(
      new Set(['Quyết định', 'Công văn', 'Thông báo', 'Kế hoạch', 'Báo cáo', 'Tờ trình', 'Nghị quyết', 'Giấy mời', 'Khác', 'Chỉ thị', 'Hướng dẫn']),
    );
    expect(new Set(documents.map((d) => d.dpi))).toEqual(new Set([200, 300]));
    expect(documents.some((d) => d.pages.length === 2)).toBe(true);
    expect(documents.some((d) => d.truth.secrecy) && documents.some((d) => d.truth.urgency)).toBe(true);
    expect(documents.some((d) => d.truth.codeNumber === null) && documents.some((d) => d.truth.issuedDate === null)).toBe(true);
  });

  for (const doc of documents) {
    it(`${doc.id}: every field and mark`, () => {
      const reading = readDocumentLayout(pagesOf(doc));
      expect(values(reading)).toEqual(truthOf(doc));
      expect(reading.secrecy?.mark ?? null).toBe(doc.truth.secrecy);
      expect(reading.urgency?.mark ?? null).toBe(doc.truth.urgency);
    });
  }

  it('gives each value the words it was read from, and their least confidence', () => {
    const doc = find((d) => d.truth.codeNumber !== null && d.truth.typeName === 'Quyết định');
    const [page] = pagesOf(doc);
    const sure = damaged(page!, (w) => ({ ...w, confidence: w.text === doc.truth.organName.split(' ')[0] ? 71 : 93 }));
    const reading = readDocumentLayout([sure]);
    expect(textOf(sure, reading.proposals.organName?.words ?? [])).toBe(doc.truth.organName);
    expect(reading.proposals.organName?.confidence).toBe(71);
    expect(textOf(sure, reading.proposals.subject?.words ?? [])).toBe(doc.truth.subject);
    expect(textOf(sure, reading.proposals.codeNotation?.words ?? [])).toContain(doc.truth.codeNotation);
  });

  it('reads the signature block of a two-page document from its second page', () => {
    const doc = find((d) => d.pages.length === 2);
    const reading = readDocumentLayout(pagesOf(doc));
    expect(reading.proposals.signerName).toMatchObject({ value: doc.truth.signerName });
    expect(reading.proposals.signerName?.words.every((w) => w.pageId === 2)).toBe(true);
    expect(reading.proposals.organName?.words.every((w) => w.pageId === 1)).toBe(true);
    // Its first page alone has no signature block.
    expect(readDocumentLayout(pagesOf(doc).slice(0, 1)).proposals.signerName).toBeUndefined();
  });

  it('reads a công văn: no type line, its abstract the V/v lines under the number', () => {
    const doc = find((d) => d.truth.typeName === 'Công văn' && d.truth.subject.length > 50);
    const reading = readDocumentLayout(pagesOf(doc));
    expect(reading.proposals.typeName?.value).toBe('Công văn');
    expect(reading.proposals.subject?.value).toBe(doc.truth.subject);
    expect(reading.proposals.subject?.value.startsWith('V/v ')).toBe(true);
  });

  it('maps a printed type outside the list to «Khác» and keeps the printed name', () => {
    const doc = find((d) => d.truth.typeNamePrinted === 'Thông tư');
    const [page, ...rest] = pagesOf(doc);
    expect(values(readDocumentLayout([page!, ...rest]))).toMatchObject({ typeName: 'Khác', typeNamePrinted: 'Thông tư', codeNotation: doc.truth.codeNotation });
    const decree = damaged(page!, (w) => (w.text === 'THÔNG' ? { ...w, text: 'NGHỊ' } : w.text === 'TƯ' ? { ...w, text: 'ĐỊNH' } : w));
    expect(values(readDocumentLayout([decree, ...rest]))).toMatchObject({ typeName: 'Khác', typeNamePrinted: 'Nghị định' });
  });

  it('reads the columns when OCR merged them into one line, and restores the diacritics it lost in the body’s name', () => {
    const doc = find((d) => d.truth.organName === 'ỦY BAN NHÂN DÂN TỈNH NGHỆ AN' || d.truth.organName.startsWith('ỦY BAN NHÂN DÂN TỈNH'));
    const [page, ...rest] = pagesOf(doc);
    const top = page!.words.filter((w) => w.y1 < page!.height * 0.2);
    const republicLine = top.find((w) => w.text === 'CỘNG')!.line;
    const organLine = top.find((w) => w.text === 'ỦY')!.line;
    const lost: Record<string, string> = { ỦY: 'UY', NHÂN: 'NHAN', DÂN: 'DAN', TỈNH: 'TINH' };
    const merged = damaged(page!, (w) => ({ ...w, line: w.line === organLine ? republicLine : w.line, text: lost[w.text] ?? w.text, confidence: lost[w.text] ? 62 : w.confidence }));
    const reading = readDocumentLayout([merged, ...rest]);
    expect(reading.proposals.organName?.value).toBe(doc.truth.organName);
    // Mended: less sure than the least sure word it came from.
    expect(reading.proposals.organName?.confidence).toBeLessThan(62);
    expect(values(reading)).toEqual(truthOf(doc));
  });

  it('keeps a stamp word beside the abstract out of it', () => {
    const doc = find((d) => d.truth.typeName === 'Quyết định');
    const [page, ...rest] = pagesOf(doc);
    const subjectStart = doc.truth.subject.split(' ')[0]!;
    const first = page!.words.find((w) => w.text === subjectStart && w.y0 > page!.height * 0.15)!;
    const height = first.y1 - first.y0;
    const stamp: LayoutWord = { index: page!.words.length, text: 'ĐẾN', x0: page!.width - 260, x1: page!.width - 140, y0: first.y0, y1: first.y0 + height, confidence: 40, line: first.line };
    const reading = readDocumentLayout([{ ...page!, words: [...page!.words, stamp] }, ...rest]);
    expect(reading.proposals.subject?.value).toBe(doc.truth.subject);
  });

  it('restores a position whose first letters the seal hid, and says it is less sure', () => {
    const doc = find((d) => d.truth.signerPosition === 'CHÁNH VĂN PHÒNG');
    const pages = pagesOf(doc);
    const last = pages.at(-1)!;
    const hidden = damaged(last, (w) => (w.text === 'CHÁNH' && w.y0 > last.height * 0.3 ? { ...w, text: 'ANH' } : w));
    const position = readDocumentLayout([...pages.slice(0, -1), hidden]).proposals.signerPosition;
    expect(position?.value).toBe('CHÁNH VĂN PHÒNG');
    expect(position?.confidence).toBeLessThan(92);
  });

  it('leaves a blank number and a blank day unproposed, and keeps the notation and place', () => {
    const blankNumber = find((d) => d.truth.codeNumber === null);
    expect(readDocumentLayout(pagesOf(blankNumber)).proposals).toMatchObject({ codeNotation: { value: blankNumber.truth.codeNotation } });
    expect(readDocumentLayout(pagesOf(blankNumber)).proposals.codeNumber).toBeUndefined();
    const blankDay = find((d) => d.truth.issuedDate === null);
    const proposals = readDocumentLayout(pagesOf(blankDay)).proposals;
    expect(proposals.issuedDate).toBeUndefined();
    expect(proposals.place?.value).toBe(blankDay.truth.place);
  });

  it('finds the secrecy and urgency marks in their stamped boxes, with their words', () => {
    const secret = find((d) => d.truth.secrecy !== null);
    const [page, ...rest] = pagesOf(secret);
    const reading = readDocumentLayout([page!, ...rest]);
    expect(reading.secrecy?.mark).toBe(secret.truth.secrecy);
    expect(textOf(page!, reading.secrecy?.words ?? [])).toBe(secret.truth.secrecy);
    const urgent = find((d) => d.truth.urgency !== null);
    expect(readDocumentLayout(pagesOf(urgent)).urgency?.mark).toBe(urgent.truth.urgency);
    expect(readDocumentLayout(pagesOf(find((d) => !d.truth.secrecy && !d.truth.urgency)))).toMatchObject({ secrecy: null, urgency: null });
  });

  it('proposes nothing for no pages, or a page without an NĐ 30 layout', () => {
    expect(readDocumentLayout([])).toEqual({ proposals: {}, secrecy: null, urgency: null });
    const doc = find((d) => d.pages.length === 2);
    const first = pagesOf(doc)[0]!;
    const bodyOnly = damaged(first, (w) => (w.y0 > first.height * 0.45 ? w : null));
    expect(readDocumentLayout([bodyOnly]).proposals).toEqual({});
  });
});

describe('readDocumentLayout on the nine real pages (words recorded from the workstation’s OCR)', () => {
  const dir = path.join(REPO_ROOT, 'tests/fixtures/real-page-words');
  const readings = Object.entries(REAL_PAGE_TRUTH).map(([docId, truth]) => {
    const page = JSON.parse(readFileSync(path.join(dir, `${docId}.json`), 'utf8')) as LayoutPage;
    return { docId, truth, page, reading: readDocumentLayout([page]) };
  });
  const right = (field: (typeof FIELDS)[number]) => readings.filter(({ truth, reading }) => (reading.proposals[field]?.value ?? null) === truth[field]).length;

  // What the reader reaches on these OCR words (bench:indexing prints the same): the misses are the
  // OCR's (handwritten numbers and days read as noise, a diacritic lost in the abstract), not the layout's.
  it.each([
    ['typeName', 9], ['typeNamePrinted', 9], ['organName', 9], ['place', 9], ['codeNotation', 8], ['signerPosition', 7], ['signerName', 7], ['issuedDate', 5], ['codeNumber', 4],
  ] as const)('%s right on at least %i of 9', (field, least) => {
    expect(right(field)).toBeGreaterThanOrEqual(least);
  });

  it('never proposes a signer for a first page without a signature block', () => {
    for (const { truth, reading } of readings.filter(({ truth }) => truth.signerName === null)) {
      expect(reading.proposals.signerName, truth.subject ?? '').toBeUndefined();
      expect(reading.proposals.signerPosition).toBeUndefined();
    }
  });

  it('reads the abstract’s lines under the type line, most characters right', () => {
    let errors = 0;
    let length = 0;
    for (const { truth, reading } of readings) {
      const cer = characterErrorRate(reading.proposals.subject?.value ?? '', truth.subject ?? '');
      expect(cer, truth.subject ?? '').toBeLessThan(0.15);
      errors += cer * (truth.subject ?? '').length;
      length += (truth.subject ?? '').length;
    }
    expect(errors / length).toBeLessThan(0.05);
  });

  it('names the words a proposal came from on the page', () => {
    const metro = readings.find(({ docId }) => docId === 'real_cv_3722_metro')!;
    expect(textOf(metro.page, metro.reading.proposals.codeNotation?.words ?? [])).toContain('3722/VPCP-CN');
    const flag = readings.find(({ docId }) => docId === 'real_hanoi_tb_453_flag')!;
    expect(textOf(flag.page, flag.reading.proposals.signerName?.words ?? [])).toBe('Võ Tuấn Anh');
  });
});
