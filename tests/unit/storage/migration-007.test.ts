import { afterEach, describe, expect, it } from 'vitest';
import { insertPages, storeBefore } from '../../support/temp-database';

const cleanups: Array<() => void> = [];
afterEach(() => cleanups.splice(0).forEach((f) => f()));

describe('migration 007 (words set aside)', () => {
  it('keeps the words recognized before it as text, and takes only the known reasons', () => {
    const { db, upgrade } = storeBefore(7, cleanups);
    insertPages(db);
    db.exec("INSERT INTO words (page_id, idx, text, x0, y0, x1, y1, confidence, line) VALUES (1, 0, 'Điều', 0, 0, 5, 5, 90, 0)");
    upgrade();
    expect(db.prepare('SELECT text, aside FROM words').get()).toEqual({ text: 'Điều', aside: null });
    db.prepare("INSERT INTO words (page_id, idx, text, x0, y0, x1, y1, confidence, line, aside) VALUES (1, 1, 'ĐẾN', 0, 0, 5, 5, 30, 1, 'stamp')").run();
    expect(() => db.prepare("UPDATE words SET aside = 'seal' WHERE idx = 0").run()).toThrow(/CHECK/);
  });
});
