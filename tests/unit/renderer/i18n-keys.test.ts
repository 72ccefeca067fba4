import { describe, expect, it } from 'vitest';
import { en } from '../../../renderer/src/i18n/en';
import { vi } from '../../../renderer/src/i18n/vi';
import {
  compareKeySets,
  comparePlaceholders,
  findEmptyMessages,
  flattenMessages,
  placeholdersOf,
  pluralFormGaps,
} from '../../../renderer/src/lib/i18n-keys';

describe('dictionaries', () => {
  it('Vietnamese and English have exactly the same keys', () => {
    expect(compareKeySets(vi, en)).toEqual({ onlyInA: [], onlyInB: [] });
  });

  it('give each plural key exactly the forms its language has (English one/other, Vietnamese other)', () => {
    expect(pluralFormGaps(vi, 'vi')).toEqual([]);
    expect(pluralFormGaps(en, 'en')).toEqual([]);
    expect(flattenMessages(en).get('pages.count_one')).toBe('{{count}} page');
  });

  it('have no "(s)" plurals left', () => {
    expect([...flattenMessages(en)].filter(([, text]) => text.includes('(s)')).map(([key]) => key)).toEqual([]);
  });

  it('have no empty messages', () => {
    expect(findEmptyMessages(vi)).toEqual([]);
    expect(findEmptyMessages(en)).toEqual([]);
  });

  it('use the same placeholders in both languages', () => {
    expect(comparePlaceholders(vi, en)).toEqual([]);
  });

  it('write the core terms in proper Vietnamese', () => {
    const all = [...flattenMessages(vi).values()].join('\n');
    for (const term of ['Hồ sơ', 'Văn bản', 'Trang', 'Nhận dạng chữ (OCR)', 'Xuất hồ sơ', 'Đăng nhập', 'Lô số hóa']) {
      expect(all).toContain(term);
    }
    expect(vi.app.title).toBe('Trạm số hóa');
  });
});

describe('key-set helpers', () => {
  it('flattens nested keys with dots', () => {
    expect([...flattenMessages({ a: 'x', b: { c: 'y', d: { e: 'z' } } }).keys()]).toEqual(['a', 'b.c', 'b.d.e']);
  });

  it('reports keys missing on either side', () => {
    expect(compareKeySets({ a: 'x', b: { c: 'y' } }, { a: 'x', b: { d: 'y' } })).toEqual({ onlyInA: ['b.c'], onlyInB: ['b.d'] });
  });

  it('counts a plural key once, whatever forms each language gives it', () => {
    expect(compareKeySets({ a_other: 'x' }, { a_one: 'x', a_other: 'y' })).toEqual({ onlyInA: [], onlyInB: [] });
    expect(compareKeySets({ a_other: 'x' }, { b_one: 'x', b_other: 'y' })).toEqual({ onlyInA: ['a'], onlyInB: ['b'] });
  });

  it('names plural keys missing a form of the language, or with a form it does not have', () => {
    expect(pluralFormGaps({ a_other: 'x', b: { c_one: 'x', c_other: 'y' } }, 'en')).toEqual(['a']);
    expect(pluralFormGaps({ a_one: 'x', a_other: 'y', b_other: 'z' }, 'vi')).toEqual(['a']);
  });

  it('finds blank messages', () => {
    expect(findEmptyMessages({ a: ' ', b: { c: 'ok', d: '' } })).toEqual(['a', 'b.d']);
  });

  it('reads placeholders, ignoring format suffixes', () => {
    expect(placeholdersOf('{{done}}/{{total}} trang, {{ done }} {{when, datetime}}')).toEqual(['done', 'total', 'when']);
    expect(comparePlaceholders({ a: '{{n}} trang' }, { a: '{{count}} pages' })).toEqual(['a']);
  });
});
