// The NĐ 30 header detector on recognized words recorded once from real pages and generated ones
// (tests/support/record-real-page-words.ts, record-body-page-words.ts): each of the nine real pages is the first page of a document
// and must be found; body pages drawn by tests/support/page-generator.ts must not, even the one that
// carries a header's lines set as running text in one column.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { LayoutPage, LayoutWord } from '../../../main/contract/metadata-proposals';
import { findNd30Header, startsNewDocument } from '../../../main/recognition/nd30-header';
import { REPO_ROOT } from '../../support/temp-dir';

const fixtures = (folder: string): Array<[string, LayoutPage]> => {
  const dir = path.join(REPO_ROOT, 'tests', 'fixtures', folder);
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => [f.replace(/\.json$/, ''), JSON.parse(readFileSync(path.join(dir, f), 'utf8')) as LayoutPage]);
};

const realPages = fixtures('real-page-words');
const bodyPages = fixtures('body-page-words');
const textOf = (page: LayoutPage, indices: readonly number[]) => indices.map((i) => page.words[i]!.text).join(' ');

describe('NĐ 30 header detector', () => {
  it('has the nine real pages and the generated body pages', () => {
    expect(realPages).toHaveLength(9);
    expect(bodyPages.length).toBeGreaterThanOrEqual(5);
  });

  it.each(realPages)('finds the header of the real page %s (issuing body, Quốc hiệu, Số line)', (_, page) => {
    expect(startsNewDocument(page.words, page.width, page.height)).toBe(true);
    const header = findNd30Header(page.words, page.width, page.height)!;
    expect(textOf(page, header.republic)).toMatch(/NGH[ĨI]A|VI[ỆE]T|H[ỘO]I/);
    expect(textOf(page, header.number)).toMatch(/^S\S*:?/);
    expect(textOf(page, header.organ)).toMatch(/^[\p{Lu} .]+$/u);
  });

  it.each(bodyPages)('finds no header on the generated body page %s', (_, page) => {
    expect(startsNewDocument(page.words, page.width, page.height)).toBe(false);
  });

  it('needs each of the three parts: without the right column, the Số line or the issuing body above it, a real first page is not a header', () => {
    const [, page] = realPages.find(([name]) => name === 'real_hanoi_qd_2280_water')!;
    const header = findNd30Header(page.words, page.width, page.height)!;
    const republicX = Math.min(...header.republic.map((i) => page.words[i]!.x0));
    const numberY = Math.min(...header.number.map((i) => page.words[i]!.y0));
    const top = (w: LayoutWord) => w.y0 < page.height * 0.3;
    const without = (drop: (w: LayoutWord) => boolean) => page.words.filter((w) => !drop(w));
    // The Quốc hiệu and the motto under it (the whole right column of the header) gone.
    expect(startsNewDocument(without((w) => top(w) && w.x0 >= republicX - 20), page.width, page.height)).toBe(false);
    expect(startsNewDocument(without((w) => header.number.includes(w.index)), page.width, page.height)).toBe(false);
    expect(startsNewDocument(without((w) => w.y0 < numberY && w.x1 <= republicX), page.width, page.height)).toBe(false);
    // With all three, the same words are a header.
    expect(startsNewDocument(page.words, page.width, page.height)).toBe(true);
  });

  it('reads the header only in the top part of the page: the same words lower down are not one', () => {
    const [, page] = realPages.find(([name]) => name === 'real_qd_729_ttg')!;
    const lowered: LayoutWord[] = page.words.map((w) => ({ ...w, y0: w.y0 + page.height / 2, y1: w.y1 + page.height / 2 }));
    expect(startsNewDocument(lowered, page.width, page.height * 1.5)).toBe(false);
  });
});
