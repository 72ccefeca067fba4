import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { continuedDocument, displaySources, storedSuccessor } from '../../../main/services/import-identity';

const A = 'a'.repeat(64);
const B = 'b'.repeat(64);
const p = (...parts: string[]) => path.resolve('/', ...parts);

describe('displaySources', () => {
  it('keeps a base name that is unique, and adds as many parent folders as tell same names apart', () => {
    expect(displaySources([p('scans', 'ho-so')], [])).toEqual(['ho-so']);
    expect(displaySources([p('a', 'ho-so'), p('b', 'ho-so')], [])).toEqual(['a/ho-so', 'b/ho-so']);
    expect(displaySources([p('x', 'a', 'ho-so'), p('y', 'a', 'ho-so')], [])).toEqual(['x/a/ho-so', 'y/a/ho-so']);
  });

  it('tells a new input apart from the dossier’s documents of that name, and keeps the name of one already imported', () => {
    const existing = [
      { source: 'ho-so', sourcePath: p('a', 'ho-so') },
      { source: 'scan.png', sourcePath: null },
    ];
    expect(displaySources([p('a', 'ho-so'), p('b', 'ho-so'), p('c', 'scan.png')], existing)).toEqual(['ho-so', 'b/ho-so', 'c/scan.png']);
  });
});

describe('continuedDocument', () => {
  const files = [
    { path: p('f', '1.png'), sha256: A },
    { path: p('f', '2.png'), sha256: A },
  ];

  it('continues the newest document whose pages still match, or one still empty', () => {
    const older = { id: 1, origins: [{ pageId: 1, path: p('f', '1.png'), page: 1, sha256: A }] };
    const empty = { id: 2, origins: [] };
    expect(continuedDocument([empty, older], files)).toEqual({ continued: empty, changed: null });
    expect(continuedDocument([older], files)).toEqual({ continued: older, changed: null });
  });

  it('reports the newest candidate as changed when a file has other bytes now, or when no page is shared', () => {
    const rewritten = { id: 3, origins: [{ pageId: 5, path: p('f', '2.png'), page: 1, sha256: B }] };
    const elsewhere = { id: 4, origins: [{ pageId: 6, path: p('f', 'old.png'), page: 1, sha256: A }] };
    expect(continuedDocument([rewritten], files)).toEqual({ continued: null, changed: rewritten });
    expect(continuedDocument([elsewhere, rewritten], files)).toEqual({ continued: null, changed: elsewhere });
    expect(continuedDocument([], files)).toEqual({ continued: null, changed: null });
  });
});

describe('storedSuccessor', () => {
  it('is the first stored page after the missing one in source order, or null to append', () => {
    const fileIndex = new Map([
      [p('f', '1.tif'), 0],
      [p('f', '2.png'), 1],
    ]);
    const stored = [
      { pageId: 10, path: p('f', '1.tif'), page: 1, sha256: A },
      { pageId: 12, path: p('f', '1.tif'), page: 3, sha256: A },
      { pageId: 20, path: p('f', '2.png'), page: 1, sha256: A },
      // A page of a file no longer in the input says nothing about the order.
      { pageId: 30, path: p('f', 'gone.png'), page: 1, sha256: A },
    ];
    expect(storedSuccessor({ path: p('f', '1.tif'), page: 2 }, stored, fileIndex)).toBe(12);
    expect(storedSuccessor({ path: p('f', '1.tif'), page: 4 }, stored, fileIndex)).toBe(20);
    expect(storedSuccessor({ path: p('f', '2.png'), page: 2 }, stored, fileIndex)).toBeNull();
  });
});
