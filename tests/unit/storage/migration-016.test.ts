import { afterEach, describe, expect, it } from 'vitest';
import { insertPages, storeBefore, tempDatabase } from '../../support/temp-database';

const cleanups: Array<() => void> = [];
afterEach(() => cleanups.splice(0).forEach((f) => f()));

const contentVersion = (db: ReturnType<typeof tempDatabase>) => (db.prepare('SELECT content_version AS v FROM documents WHERE id = 1').get() as { v: number }).v;

describe('migration 016 (word corrections)', () => {
  it('leaves existing words uncorrected, takes a correction only with who and when, and counts it as a content change', () => {
    const { db, upgrade } = storeBefore(16, cleanups);
    insertPages(db, 1);
    db.prepare("UPDATE pages SET text = 'Quyet dinh' WHERE id = 1").run();
    db.prepare("INSERT INTO words (page_id, idx, text, x0, y0, x1, y1, confidence, line) VALUES (1, 0, 'Quyet', 0, 0, 10, 5, 40, 0), (1, 1, 'dinh', 12, 0, 20, 5, 45, 0)").run();
    upgrade();
    expect(db.prepare('SELECT text, corrected_text, corrected_by, corrected_at FROM words ORDER BY idx').all()).toEqual([
      { text: 'Quyet', corrected_text: null, corrected_by: null, corrected_at: null },
      { text: 'dinh', corrected_text: null, corrected_by: null, corrected_at: null },
    ]);
    expect(db.prepare('SELECT text, engine_text FROM pages WHERE id = 1').get()).toEqual({ text: 'Quyet dinh', engine_text: null });

    // A correction without its author or time, or an empty one, is refused.
    expect(() => db.prepare("UPDATE words SET corrected_text = 'Quyết' WHERE idx = 0").run()).toThrow(/CHECK/);
    expect(() => db.prepare("UPDATE words SET corrected_text = ' ', corrected_by = 'b', corrected_at = 't' WHERE idx = 0").run()).toThrow(/CHECK/);
    const before = contentVersion(db);
    db.prepare("UPDATE words SET corrected_text = 'Quyết', corrected_by = 'tran.b', corrected_at = '2026-03-02T08:15:00.000Z' WHERE idx = 0").run();
    expect(contentVersion(db)).toBe(before + 1);
    // The same correction saved again is no change.
    db.prepare("UPDATE words SET corrected_text = 'Quyết' WHERE idx = 0").run();
    expect(contentVersion(db)).toBe(before + 1);

    // Held corrections belong to their page: they go with it.
    db.prepare("INSERT INTO held_corrections (page_id, engine_text, corrected_text, corrected_by, corrected_at, x0, y0, x1, y1, line) VALUES (1, 'dinh', 'định', 'tran.b', 't', 12, 0, 20, 5, 0)").run();
    db.prepare('DELETE FROM pages WHERE id = 1').run();
    expect(db.prepare('SELECT count(*) AS n FROM held_corrections').get()).toEqual({ n: 0 });
  });
});
