import { afterEach, describe, expect, it } from 'vitest';
import { insertPages, storeBefore } from '../../support/temp-database';

const cleanups: Array<() => void> = [];
afterEach(() => cleanups.splice(0).forEach((f) => f()));

const SHA = 'f'.repeat(64);

describe('migration 010 (import identity)', () => {
  it('leaves earlier documents and pages without an origin, and takes a page origin only whole and well formed', () => {
    const { db, upgrade } = storeBefore(10, cleanups);
    insertPages(db, 2);
    upgrade();
    expect(db.prepare('SELECT source, source_path FROM documents').get()).toEqual({ source: 'a', source_path: null });
    expect(db.prepare('SELECT source, source_path, source_page, source_sha256 FROM pages WHERE id = 1').get()).toEqual({
      source: 'a.png',
      source_path: null,
      source_page: null,
      source_sha256: null,
    });

    db.prepare("UPDATE documents SET source_path = '/scans/ho-so' WHERE id = 1").run();
    db.prepare("UPDATE pages SET source_path = '/scans/ho-so/a.png', source_page = 1, source_sha256 = ? WHERE id = 1").run(SHA);
    expect(db.prepare('SELECT source_page, source_sha256 FROM pages WHERE id = 1').get()).toEqual({ source_page: 1, source_sha256: SHA });
    // A path without its hash, or a hash without its page number, would be a page that no retry can recognise.
    expect(() => db.prepare("UPDATE pages SET source_path = '/scans/ho-so/b.png' WHERE id = 2").run()).toThrow(/CHECK/);
    expect(() => db.prepare("UPDATE pages SET source_path = '/x', source_sha256 = ? WHERE id = 2").run(SHA)).toThrow(/CHECK/);
    expect(() => db.prepare("UPDATE pages SET source_path = '/x', source_page = 0, source_sha256 = ? WHERE id = 2").run(SHA)).toThrow(/CHECK/);
    expect(() => db.prepare("UPDATE pages SET source_path = '/x', source_page = 1, source_sha256 = 'abc' WHERE id = 2").run()).toThrow(/CHECK/);
    expect(() => db.prepare("UPDATE documents SET source_path = '' WHERE id = 1").run()).toThrow(/CHECK/);

    const indexes = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND name IN ('documents_source_path', 'pages_source')").all() as Array<{ name: string }>).map((r) => r.name);
    expect(indexes.sort()).toEqual(['documents_source_path', 'pages_source']);
  });
});
