import { describe, expect, it } from 'vitest';
import { adjacentExpression, buildSnippet, ftsExpression, markingsFor, markPositions, matchPositions, parseSearchQuery } from '../../../main/search/search-query';

describe('search query', () => {
  it('keeps only words: quoted ones as a phrase, the last one a prefix while typed', () => {
    expect(parseSearchQuery('Đất  đai')).toEqual({ groups: [['Đất'], ['đai']], prefix: true, exact: true });
    expect(parseSearchQuery('"quyền sử dụng" đất ')).toEqual({ groups: [['quyền', 'sử', 'dụng'], ['đất']], prefix: false, exact: true });
    expect(parseSearchQuery('dat dai"')).toEqual({ groups: [['dat'], ['dai']], prefix: false, exact: false });
    expect(parseSearchQuery('NEAR(a, b) OR -c*')).toEqual({ groups: [['NEAR'], ['a'], ['b'], ['OR'], ['c']], prefix: false, exact: false });
    expect(parseSearchQuery(' "" * ( ) - ')).toBeNull();
    expect(parseSearchQuery('từ '.repeat(40))!.groups).toHaveLength(32);
    expect(parseSearchQuery('từ '.repeat(40).trim())!.prefix).toBe(false);
  });

  it('writes FTS5 expressions of quoted word strings only', () => {
    const query = parseSearchQuery('Đất "sử dụng" QĐ-UB')!;
    expect(ftsExpression(query, 'folded')).toBe('"dất" AND "sử dụng" AND "Qd" AND "UB" *');
    expect(ftsExpression(query, 'exact')).toBe('"Đất" AND "sử dụng" AND "QĐ" AND "UB" *');
    expect(adjacentExpression(query)).toBe('"dất sử dụng Qd UB" *');
    expect(adjacentExpression(parseSearchQuery('"đất đai"')!)).toBeNull();
  });

  it('matches words folded or exact, phrases only when adjacent', () => {
    const words = ['Đất', 'đai', 'và', 'dát', 'dải', 'đất'];
    expect([...matchPositions(words, parseSearchQuery('dat dai ')!, 'folded')].sort()).toEqual([0, 1, 3, 4, 5]);
    expect([...matchPositions(words, parseSearchQuery('đất đai ')!, 'exact')].sort()).toEqual([0, 1, 5]);
    expect([...matchPositions(words, parseSearchQuery('"dai va"')!, 'folded')].sort()).toEqual([1, 2]);
    expect([...matchPositions(words, parseSearchQuery('"va dai"')!, 'folded')]).toEqual([]);
    expect([...matchPositions(words, parseSearchQuery('đấ')!, 'exact')].sort()).toEqual([0, 5]);
  });

  it('marks what put a page in its tier: the phrase where adjacent, the exact spelling where present', () => {
    const words = ['Đất', 'đai', 'và', 'dát', 'dải', 'đất'];
    const query = parseSearchQuery('đất đai ')!;
    const marked = (tiers: { exact: boolean; adjacent: boolean }) => [...markPositions(words, markingsFor(query, tiers))].sort();
    expect(marked({ exact: true, adjacent: true })).toEqual([0, 1]);
    expect(marked({ exact: true, adjacent: false })).toEqual([0, 1, 5]);
    expect(marked({ exact: false, adjacent: true })).toEqual([0, 1, 3, 4]);
    expect(marked({ exact: false, adjacent: false })).toEqual([0, 1, 3, 4, 5]);
    // Nothing matches the more specific markings: the next one is used.
    expect([...markPositions(['dat', 'x', 'dai'], markingsFor(query, { exact: true, adjacent: true }))].sort()).toEqual([0, 2]);
  });

  it('cuts a snippet around the first match, marked, on one line', () => {
    const text = `${'Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;\n'.repeat(3)}Xét đề nghị về\ngiao đất, cho thuê đất tại xã Tân Trào; ${'và các văn bản khác '.repeat(10)}`;
    const parts = buildSnippet(text, [{ query: parseSearchQuery('"giao dat"')!, mode: 'folded' }]);
    expect(parts[0]!.text.startsWith('… ')).toBe(true);
    expect(parts.filter((p) => p.match)).toEqual([{ text: 'giao đất', match: true }]);
    const flat = parts.map((p) => p.text).join('');
    expect(flat).toMatch(/^… .* Xét đề nghị về giao đất, cho thuê đất tại xã Tân Trào; .* …$/);
    expect(flat).not.toContain('\n');
    expect(buildSnippet('', [{ query: parseSearchQuery('dat')!, mode: 'folded' }])).toEqual([]);
  });
});
