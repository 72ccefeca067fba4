import { describe, expect, it } from 'vitest';
import { formatByteSize } from '../../../renderer/src/lib/byte-size';

describe('formatByteSize', () => {
  it('names bytes, kB, MB and GB in the interface language', () => {
    expect(formatByteSize(512, 'en')).toBe('512 byte');
    expect(formatByteSize(1_500, 'en')).toBe('1.5 kB');
    expect(formatByteSize(24_300_000, 'en')).toBe('24.3 MB');
    expect(formatByteSize(3_000_000_000, 'en')).toBe('3 GB');
    expect(formatByteSize(24_300_000, 'vi')).toBe('24,3 MB');
  });
});
