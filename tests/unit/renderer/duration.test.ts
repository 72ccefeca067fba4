import { describe, expect, it } from 'vitest';
import { formatDuration, formatEta } from '../../../renderer/src/lib/duration';

describe('formatEta (Vietnamese)', () => {
  it('says it is still estimating when there is no rate yet', () => {
    expect(formatEta(null, 'vi')).toBe('đang ước tính thời gian còn lại');
    expect(formatEta(Number.NaN, 'vi')).toBe('đang ước tính thời gian còn lại');
    expect(formatEta(-5, 'vi')).toBe('đang ước tính thời gian còn lại');
  });

  it('rounds seconds coarsely', () => {
    expect(formatEta(0, 'vi')).toBe('sắp xong');
    expect(formatEta(9, 'vi')).toBe('sắp xong');
    expect(formatEta(12, 'vi')).toBe('còn khoảng 10 giây');
    expect(formatEta(43, 'vi')).toBe('còn khoảng 45 giây');
    expect(formatEta(59, 'vi')).toBe('còn khoảng 55 giây');
  });

  it('speaks in minutes under an hour', () => {
    expect(formatEta(60, 'vi')).toBe('còn khoảng 1 phút');
    expect(formatEta(125, 'vi')).toBe('còn khoảng 2 phút');
    expect(formatEta(3590, 'vi')).toBe('còn khoảng 1 giờ');
  });

  it('speaks in hours and five-minute steps beyond', () => {
    expect(formatEta(3600, 'vi')).toBe('còn khoảng 1 giờ');
    expect(formatEta(4800, 'vi')).toBe('còn khoảng 1 giờ 20 phút');
    expect(formatEta(2 * 3600 + 58 * 60, 'vi')).toBe('còn khoảng 3 giờ');
    expect(formatEta(86_400 + 3 * 3600, 'vi')).toBe('còn khoảng 1 ngày 3 giờ');
  });
});

describe('formatEta (English)', () => {
  it('uses singular and plural', () => {
    expect(formatEta(60, 'en')).toBe('about 1 minute left');
    expect(formatEta(125, 'en')).toBe('about 2 minutes left');
    expect(formatEta(3600, 'en')).toBe('about 1 hour left');
    expect(formatEta(4800, 'en')).toBe('about 1 h 20 min left');
    expect(formatEta(null, 'en')).toBe('estimating time left');
  });
});

describe('formatDuration', () => {
  it('writes exact durations', () => {
    expect(formatDuration(0, 'vi')).toBe('0 giây');
    expect(formatDuration(45.4, 'vi')).toBe('45 giây');
    expect(formatDuration(125, 'vi')).toBe('2 phút 5 giây');
    expect(formatDuration(120, 'vi')).toBe('2 phút');
    expect(formatDuration(3600 + 60 * 7 + 3, 'vi')).toBe('1 giờ 7 phút');
    expect(formatDuration(7200, 'vi')).toBe('2 giờ');
    expect(formatDuration(125, 'en')).toBe('2 min 5 s');
    expect(formatDuration(-3, 'vi')).toBe('0 giây');
  });
});
