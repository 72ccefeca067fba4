import { afterEach, describe, expect, it } from 'vitest';
import { insertPages, storeBefore, tempDatabase } from '../../support/temp-database';

const cleanups: Array<() => void> = [];
afterEach(() => cleanups.splice(0).forEach((f) => f()));

const version = (db: ReturnType<typeof tempDatabase>) =>
  db.prepare('SELECT content_version AS v, exported_version AS e FROM documents WHERE id = 1').get() as { v: number; e: number | null };

describe('migration 014 (export currency)', () => {
  it('takes documents exported before it as current, then counts every change to what an export writes', () => {
    const { db, upgrade } = storeBefore(14, cleanups);
    insertPages(db, 2);
    db.prepare("UPDATE documents SET state = 'exported' WHERE id = 1").run();
    upgrade();
    expect(version(db)).toEqual({ v: 0, e: 0 });

    // Not content: a page's state, a value saved again unchanged, analysis bookkeeping.
    db.prepare("UPDATE pages SET state = 'recognizing', analysis = NULL WHERE id = 1").run();
    db.prepare('UPDATE documents SET subject = subject, organ_name = NULL WHERE id = 1').run();
    expect(version(db).v).toBe(0);

    // Content: metadata, a page's text, a word's text, a page added, removed or moved.
    db.prepare("UPDATE documents SET subject = 'Về việc số hóa' WHERE id = 1").run();
    expect(version(db).v).toBe(1);
    db.prepare("UPDATE pages SET text = 'Quyết định' WHERE id = 1").run();
    expect(version(db).v).toBe(2);
    db.prepare("INSERT INTO words (page_id, idx, text, x0, y0, x1, y1, confidence, line) VALUES (1, 0, 'Quyet', 0, 0, 1, 1, 50, 0)").run();
    db.prepare("UPDATE words SET text = 'Quyết' WHERE page_id = 1").run();
    expect(version(db).v).toBe(3);
    db.prepare("INSERT INTO pages (document_id, ordinal, sha256, format, width, height, dpi, bytes, source, created_at) VALUES (1, 3, ?, 'png', 10, 10, 300, 1, 'c.png', 't')").run('c'.repeat(64));
    db.prepare('DELETE FROM pages WHERE id = 2').run();
    db.prepare('UPDATE pages SET ordinal = 2 WHERE id = 3').run();
    expect(version(db).v).toBe(6);
  });
});
