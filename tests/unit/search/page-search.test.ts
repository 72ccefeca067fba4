// Full-text search over recognized text on a real SQLite file, written through Records as recognition
// writes it: diacritic-insensitive matching, exact spelling first, phrases, prefixes, hostile input,
// the index following re-recognition and deletion, and the word boxes to highlight.
import { afterEach, describe, expect, it } from 'vitest';
import type { PageSearchHit, WordView } from '../../../main/contract/domain';
import { PageSearch, RANK_WINDOW, type PageSearchRequest } from '../../../main/search/page-search';
import { Records } from '../../../main/services/records';
import { thrownAppError } from '../../support/app-error';
import { tempStore } from '../../support/temp-records';

const cleanups: Array<() => void> = [];
afterEach(() => cleanups.splice(0).forEach((f) => f()));

/** OCR words of a text: split at spaces, one line, each word 100 px wide. */
function wordsOf(text: string): WordView[] {
  return text
    .split(/\s+/)
    .filter(Boolean)
    .map((word, i) => ({ text: word, x0: 100 * i, y0: 10, x1: 100 * i + 90, y1: 40, confidence: 90, line: 0 }));
}

function setUp() {
  const { db } = tempStore(cleanups);
  const records = new Records(db);
  const search = new PageSearch(db);
  const batch = records.createBatch('Lô 1', null);
  let dossierNo = 0;
  const newDossier = (batchId = batch.id) => {
    dossierNo++;
    const dossier = records.createDossier(batchId, `H49.64.33.2026.${dossierNo}`, `Hồ sơ ${dossierNo}`);
    return { dossier, document: records.documentForJob(dossier.id, dossierNo, 'scan') };
  };
  const first = newDossier();
  let pageNo = 0;
  /** A page of the document, recognized with `text` (its words split from it unless given). */
  const page = (text: string, options: { documentId?: number; words?: WordView[] } = {}) => {
    pageNo++;
    const added = records.addPage({
      documentId: options.documentId ?? first.document.id,
      sha256: String(pageNo).padStart(64, '0'),
      format: 'png',
      width: 2480,
      height: 3508,
      dpi: 300,
      dpiAssumed: false,
      bytes: 1,
      source: `trang-${pageNo}.png`,
    });
    records.saveRecognition(added.id, { text, confidence: 90, words: options.words ?? wordsOf(text) });
    return added.id;
  };
  const find = (query: string, more: Partial<PageSearchRequest> = {}) => search.search({ query, limit: 20, offset: 0, ...more });
  const ids = (query: string, more: Partial<PageSearchRequest> = {}) => find(query, more).hits.map((h) => h.pageId);
  return { db, records, search, batch, first, newDossier, page, find, ids };
}

const marked = (hit: PageSearchHit) =>
  hit.snippet
    .filter((p) => p.match)
    .map((p) => p.text)
    .join('|');

describe('page search', () => {
  it('finds đất đai for dat dai, and gives the boxes of exactly the matched words', () => {
    const { page, find } = setUp();
    const land = page('Luật Đất đai năm 2024 quy định về đất ở');
    page('Biên bản họp Hội đồng nhân dân');
    const result = find('dat dai');
    expect(result.hits.map((h) => h.pageId)).toEqual([land]);
    const [hit] = result.hits;
    // Only where the words stand together: `đất` of `đất ở` matches `dat` but is not what was found.
    expect(hit!.words).toEqual([
      { index: 1, text: 'Đất', x0: 100, y0: 10, x1: 190, y1: 40 },
      { index: 2, text: 'đai', x0: 200, y0: 10, x1: 290, y1: 40 },
    ]);
    expect(marked(hit!)).toBe('Đất đai');
    // Each word alone marks every word it matches.
    expect(find('dat').hits[0]!.words.map((w) => w.index)).toEqual([1, 8]);
    expect(hit!.snippet.map((p) => p.text).join('')).toBe('Luật Đất đai năm 2024 quy định về đất ở');
    expect(hit).toMatchObject({ exact: false, pageOrdinal: 1, documentOrdinal: 1, docCode: 'H49.64.33.2026.1.0000001', fileCode: 'H49.64.33.2026.1' });
  });

  it('ranks the exact spelling first for a query typed with diacritics, then the folded-only pages', () => {
    const { page, find, ids } = setUp();
    // The folded-only pages say it more often and are shorter: bm25 alone would put them first.
    const lostStroke = page('Đất dai đất dai đất dai');
    const otherWords = page('dát dải dát dải');
    const exact = page('Hồ sơ giải quyết tranh chấp đất đai tại xã Tân Trào, huyện Sơn Dương');
    const typed = find('đất đai');
    expect(typed.hits.map((h) => [h.pageId, h.exact])).toEqual([
      [exact, true],
      [lostStroke, false],
      [otherWords, false],
    ]);
    // On the exact page only the exact spelling is marked; on the others every folded match.
    expect(marked(typed.hits[0]!)).toBe('đất đai');
    expect(typed.hits[1]!.words.map((w) => w.text)).toEqual(['Đất', 'dai', 'đất', 'dai', 'đất', 'dai']);
    // Without diacritics nothing is preferred for its marks: bm25 decides.
    expect(ids('dat dai')[2]).toBe(exact);
    expect(find('dat dai').hits.every((h) => !h.exact)).toBe(true);
  });

  it('reads quoted words as a phrase, and ranks adjacent words first without quotes', () => {
    const { page, ids } = setUp();
    const apart = page('đất nông nghiệp và đai an toàn đê điều');
    const reversed = page('dây đai đất sét');
    const together = page('quyền sử dụng đất đai');
    expect(ids('"đất đai"')).toEqual([together]);
    expect(ids('"dat dai"')).toEqual([together]);
    expect(ids('đất đai')[0]).toBe(together);
    expect(new Set(ids('đất đai'))).toEqual(new Set([together, apart, reversed]));
    // A quoted phrase and a loose word together.
    expect(ids('"su dung" dai')).toEqual([together]);
  });

  it('matches the last word as a prefix while it is being typed', () => {
    const { page, ids } = setUp();
    const decision = page('Quyết định số 15/QĐ-UBND');
    page('Quyết toán ngân sách');
    expect(ids('quyết đ')).toEqual([decision]);
    expect(ids('quyet dinh')).toEqual([decision]);
    expect(ids('"quyết đ')).toEqual([decision]);
    // A finished word (a space after it) is a whole word.
    expect(ids('quyết đ ')).toEqual([]);
  });

  it('never lets typed text become FTS5 syntax', () => {
    const { page, ids, find } = setUp();
    const land = page('Giấy chứng nhận quyền sử dụng đất');
    for (const query of ['"', '""', '"""', '*', '-', '(', ')', '()', 'NEAR(', 'NEAR(đất', 'đất NEAR/2 quyền', '^đất', 'text:đất', '{text}: đất', 'đất*', '-đất', '+đất', 'đất:', "đất' OR 1=1 --", '\\', '\u0000', '🙂', '  ', '']) {
      expect(() => find(query), query).not.toThrow();
    }
    // Operators are plain words: `-` does not exclude, `OR` is a word the page lacks.
    expect(ids('-đất')).toEqual([land]);
    expect(ids('NEAR(đất')).toEqual([]);
    expect(ids('đất OR biên')).toEqual([]);
    expect(ids('(đất)')).toEqual([land]);
    const pool = ['"', '*', '(', ')', '-', '+', ':', '^', '{', '}', '/', 'NEAR', 'AND', 'OR', 'NOT', ' ', 'đất', 'dat', 'a', '\u0301', "'", '\\', '🙂', 'ǅ', '\uFFFF', '\uD800'];
    let seed = 7;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31);
    for (let i = 0; i < 500; i++) {
      const query = Array.from({ length: 1 + (next() % 8) }, () => pool[next() % pool.length]).join('');
      expect(() => find(query), JSON.stringify(query)).not.toThrow();
    }
  });

  it('follows re-recognition, clearing and deletion of a page', () => {
    const { records, page, ids } = setUp();
    const id = page('Biên bản giao đất');
    expect(ids('giao dat')).toEqual([id]);
    records.saveRecognition(id, { text: 'Biên bản bàn giao mốc giới', confidence: 90, words: wordsOf('Biên bản bàn giao mốc giới') });
    expect(ids('giao dat')).toEqual([]);
    expect(ids('moc gioi')).toEqual([id]);
    // An edit clears the words read from the old rendering, and the page leaves the index with them.
    const before = records.page(id);
    records.editPage(id, { recipe: { ...before.recipe, rotation: 90 }, size: { width: 3508, height: 2480 }, analysis: null }, 'tester');
    expect(ids('moc gioi')).toEqual([]);
    records.saveRecognition(id, { text: 'mốc giới', confidence: 90, words: wordsOf('mốc giới') });
    expect(ids('moc gioi')).toEqual([id]);
    records.deletePage(id, 'tester');
    expect(ids('moc gioi')).toEqual([]);
    // A rescan in place replaces the page, and its text with it.
    const old = page('Tờ trình cũ');
    records.addPage(
      { documentId: records.page(old).documentId, sha256: 'f'.repeat(64), format: 'png', width: 10, height: 10, dpi: 300, dpiAssumed: false, bytes: 1, source: 'x.png' },
      { kind: 'replace', pageId: old },
    );
    expect(ids('to trinh')).toEqual([]);
  });

  it('stores decomposed OCR text composed, so the exact spelling still ranks first', () => {
    const { page, find } = setUp();
    const folded = page('dat dai');
    const nfd = page('Luật đất đai sửa đổi'.normalize('NFD'));
    const hits = find('đất đai').hits;
    expect(hits.map((h) => [h.pageId, h.exact])).toEqual([
      [nfd, true],
      [folded, false],
    ]);
    expect(marked(hits[0]!)).toBe('đất đai');
  });

  it('marks the OCR word holding a match, and a phrase running across words and punctuation', () => {
    const { page, find } = setUp();
    page('Số: 729/QĐ-TTg ngày 23, tháng 4', { words: wordsOf('Số: 729/QĐ-TTg ngày 23, tháng 4') });
    expect(find('qd ttg').hits[0]!.words.map((w) => [w.index, w.text])).toEqual([[1, '729/QĐ-TTg']]);
    expect(find('"ttg ngay 23"').hits[0]!.words.map((w) => w.text)).toEqual(['729/QĐ-TTg', 'ngày', '23,']);
    expect(find('"23 thang"').hits[0]!.words.map((w) => w.text)).toEqual(['23,', 'tháng']);
  });

  it('searches one dossier or one batch, a page of hits at a time', () => {
    const { records, page, first, newDossier, ids, find } = setUp();
    const inFirst = [page('Hợp đồng thuê đất'), page('Phụ lục hợp đồng thuê đất')];
    const second = newDossier();
    const inSecond = page('Hợp đồng thuê đất', { documentId: second.document.id });
    const otherBatch = newDossier(records.createBatch('Lô 2', null).id);
    const inOtherBatch = page('Hợp đồng thuê đất', { documentId: otherBatch.document.id });
    expect(new Set(ids('hop dong'))).toEqual(new Set([...inFirst, inSecond, inOtherBatch]));
    expect(new Set(ids('hop dong', { scope: { dossierId: first.dossier.id } }))).toEqual(new Set(inFirst));
    expect(new Set(ids('hop dong', { scope: { batchId: first.dossier.batchId } }))).toEqual(new Set([...inFirst, inSecond]));
    expect(ids('hop dong', { scope: { dossierId: newDossier().dossier.id } })).toEqual([]);
    const pageOne = find('hop dong', { limit: 3 });
    const pageTwo = find('hop dong', { limit: 3, offset: 3 });
    expect(pageOne.hits).toHaveLength(3);
    expect(pageOne.hasMore).toBe(true);
    expect(pageTwo.hits).toHaveLength(1);
    expect(pageTwo.hasMore).toBe(false);
    expect(new Set([...pageOne.hits, ...pageTwo.hits].map((h) => h.pageId))).toEqual(new Set([...inFirst, inSecond, inOtherBatch]));
  });

  it(`pages a broad query (over ${RANK_WINDOW} pages) newest first, window by window, without loss or repeat`, () => {
    const { db, page, find } = setUp();
    const total = RANK_WINDOW + 30;
    const added: number[] = [];
    db.transaction(() => {
      for (let i = 0; i < total; i++) added.push(page(i % 10 === 0 ? `Ủy ban nhân dân xã số ${i}` : `ban nhân dân ủy viên số ${i}`));
    })();
    const seen: number[] = [];
    for (let offset = 0; ; offset += 100) {
      const result = find('uy ban', { limit: 100, offset });
      seen.push(...result.hits.map((h) => h.pageId));
      if (!result.hasMore) break;
    }
    expect(seen).toHaveLength(total);
    expect(new Set(seen)).toEqual(new Set(added));
    // In the newest window, adjacent "ủy ban" pages first, each tier newest first.
    const newest = find('uy ban', { limit: 5 }).hits.map((h) => h.pageId);
    const adjacentNewest = added.filter((_, i) => i % 10 === 0).reverse().slice(0, 5);
    expect(newest).toEqual(adjacentNewest);
  });
});

describe('low-confidence words', () => {
  it('lists a dossier’s unsure words in reading order, with their boxes', () => {
    const { records, first, newDossier, page } = setUp();
    const words = (texts: Array<[string, number]>): WordView[] => texts.map(([text, confidence], i) => ({ text, x0: i * 50, y0: 5, x1: i * 50 + 40, y1: 30, confidence, line: 0 }));
    const second = records.documentForJob(first.dossier.id, 99, 'import');
    const p2 = page('x', { documentId: second.id, words: words([['Ðiều', 41], ['khoản', 95]]) });
    const p1 = page('x', { words: words([['Căn', 97], ['cú', 52], ['Luật', 88], ['Ðất', 12]]) });
    page('x', { documentId: newDossier().document.id, words: words([['khác', 10]]) });
    const list = records.lowConfidenceWords(first.dossier.id, 60, 100);
    expect(list.total).toBe(3);
    expect(list.words.map((w) => [w.pageId, w.documentOrdinal, w.index, w.text, w.confidence])).toEqual([
      [p1, 1, 1, 'cú', 52],
      [p1, 1, 3, 'Ðất', 12],
      [p2, 2, 0, 'Ðiều', 41],
    ]);
    expect(list.words[0]).toMatchObject({ x0: 50, y0: 5, x1: 90, y1: 30, pageOrdinal: 1 });
    expect(list.words[2]).toMatchObject({ pageOrdinal: 1, documentId: second.id });
    expect(records.lowConfidenceWords(first.dossier.id, 50, 100).words.map((w) => w.text)).toEqual(['Ðất', 'Ðiều']);
    const paged = records.lowConfidenceWords(first.dossier.id, 60, 1, 1);
    expect(paged).toEqual({ total: 3, words: [list.words[1]] });
    expect(thrownAppError(() => records.lowConfidenceWords(9999, 60, 10)).code).toBe('NOT_FOUND');
  });

  it('keeps words set aside from the text (stamp, specks) with their reason, off the list and out of the index', () => {
    const { records, first, page, ids } = setUp();
    const words: WordView[] = [
      { text: 'Điều', x0: 0, y0: 5, x1: 40, y1: 30, confidence: 41, line: 0 },
      { text: 'ĐẾN', x0: 0, y0: 50, x1: 40, y1: 80, confidence: 30, line: 1, aside: 'stamp' },
      { text: '~', x0: 60, y0: 90, x1: 70, y1: 99, confidence: 5, line: 2, aside: 'noise' },
    ];
    const pageId = page('Điều', { words });
    expect(records.words(pageId)).toEqual(words);
    expect(records.lowConfidenceWords(first.dossier.id, 60, 100).words.map((w) => w.text)).toEqual(['Điều']);
    expect(ids('đến')).toEqual([]);
    expect(ids('điều')).toEqual([pageId]);
  });
});
