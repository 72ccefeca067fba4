import { afterEach, describe, expect, it } from 'vitest';
import { insertPages, storeBefore } from '../../support/temp-database';

const cleanups: Array<() => void> = [];
afterEach(() => cleanups.splice(0).forEach((f) => f()));

describe('migration 008 (store safety)', () => {
  it('keeps the pages, none missing, and adds the store id, quarantine and recycle bin tables with their checks', () => {
    const { db, upgrade } = storeBefore(8, cleanups);
    insertPages(db, 2);
    upgrade();
    expect(db.prepare('SELECT id, missing_since FROM pages ORDER BY id').all()).toEqual([
      { id: 1, missing_since: null },
      { id: 2, missing_since: null },
    ]);
    expect(db.prepare('SELECT count(*) AS n FROM store_identity').get()).toEqual({ n: 0 });

    db.prepare("INSERT INTO store_identity (id, store_id, created_at) VALUES (1, ?, 't')").run('0'.repeat(32));
    expect(db.prepare('SELECT marker_written FROM store_identity').get()).toEqual({ marker_written: 0 });
    // One store id per database, of the right length.
    expect(() => db.prepare("INSERT INTO store_identity (id, store_id, created_at) VALUES (2, ?, 't')").run('1'.repeat(32))).toThrow(/CHECK/);
    expect(() => db.prepare("UPDATE store_identity SET store_id = 'short'").run()).toThrow(/CHECK/);

    const quarantine = db.prepare("INSERT INTO quarantine (sha256, bytes, written_at, quarantined_at) VALUES (?, 5, 't', 't')");
    quarantine.run('c'.repeat(64));
    expect(() => quarantine.run('c'.repeat(64))).toThrow(/UNIQUE/);

    const recycle = db.prepare(
      "INSERT INTO recycled_pages (page_id, document_id, ordinal, sha256, source, row, words, reason, deleted_at) VALUES (?, 1, 1, ?, 'a.png', ?, '[]', ?, 't')",
    );
    recycle.run(7, 'a'.repeat(64), '{"id":7}', 'deleted');
    expect(() => recycle.run(8, 'a'.repeat(64), '{"id":8}', 'lost')).toThrow(/CHECK/);
    expect(() => recycle.run(9, 'a'.repeat(64), 'not json', 'deleted')).toThrow(/CHECK/);
    expect(() => db.prepare("INSERT INTO recycled_pages (page_id, document_id, ordinal, sha256, source, row, words, reason, deleted_at) VALUES (10, 99, 1, ?, 'a', '{}', '[]', 'deleted', 't')").run('a'.repeat(64))).toThrow(/FOREIGN KEY/);
  });
});
