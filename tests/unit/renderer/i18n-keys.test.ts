import { describe, expect, it } from 'vitest';
import { en } from '../../../renderer/src/i18n/en';
import { vi } from '../../../renderer/src/i18n/vi';
import {
  compareKeySets,
  comparePlaceholders,
  findEmptyMessages,
  flattenMessages,
  placeholdersOf,
} from '../../../renderer/src/lib/i18n-keys';

describe('dictionaries', () => {
  it('Vietnamese and English have exactly the same keys', () => {
    expect(compareKeySets(vi, en)).toEqual({ onlyInA: [], onlyInB: [] });
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

  it('finds blank messages', () => {
    expect(findEmptyMessages({ a: ' ', b: { c: 'ok', d: '' } })).toEqual(['a', 'b.d']);
  });

  it('reads placeholders, ignoring format suffixes', () => {
    expect(placeholdersOf('{{done}}/{{total}} trang, {{ done }} {{when, datetime}}')).toEqual(['done', 'total', 'when']);
    expect(comparePlaceholders({ a: '{{n}} trang' }, { a: '{{count}} pages' })).toEqual(['a']);
  });
});
