import { describe, expect, it } from 'vitest';
import { appendImportPaths, parseImportPaths } from '../../../renderer/src/lib/import-paths';

describe('parseImportPaths', () => {
  it('takes one path per line, trimmed, without blanks', () => {
    expect(parseImportPaths('  /scan/a.tif \n\n/scan/b.pdf\r\n   \n')).toEqual(['/scan/a.tif', '/scan/b.pdf']);
  });

  it('removes the quotes Windows adds with "Copy as path"', () => {
    expect(parseImportPaths('"D:\\Scan\\HS 160"\n\'/home/scan/x y.tif\'')).toEqual(['D:\\Scan\\HS 160', '/home/scan/x y.tif']);
  });

  it('drops repeats and keeps order', () => {
    expect(parseImportPaths('/b\n/a\n/b\n"/a"')).toEqual(['/b', '/a']);
  });

  it('keeps Vietnamese folder names as typed', () => {
    expect(parseImportPaths('/home/scan/Hồ sơ đất đai')).toEqual(['/home/scan/Hồ sơ đất đai']);
  });

  it('is empty for empty input', () => {
    expect(parseImportPaths('')).toEqual([]);
    expect(parseImportPaths('""')).toEqual([]);
  });
});

describe('appendImportPaths', () => {
  it('adds picked paths under what was typed, once', () => {
    expect(appendImportPaths('/a\n', ['/b', '/a'])).toBe('/a\n/b');
    expect(appendImportPaths('', ['/x'])).toBe('/x');
  });
});
