import { afterEach, describe, expect, it } from 'vitest';
import { insertPages, storeBefore } from '../../support/temp-database';

const cleanups: Array<() => void> = [];
afterEach(() => cleanups.splice(0).forEach((f) => f()));

describe('migration 013 (blank flag set by hand)', () => {
  it("keeps existing flags as the detector's, and takes a person's name and time", () => {
    const { db, upgrade } = storeBefore(13, cleanups);
    insertPages(db, 2);
    db.prepare('UPDATE pages SET blank = 1 WHERE id = 1').run();
    upgrade();
    expect(db.prepare('SELECT blank, blank_set_by, blank_set_at FROM pages ORDER BY id').all()).toEqual([
      { blank: 1, blank_set_by: null, blank_set_at: null },
      { blank: null, blank_set_by: null, blank_set_at: null },
    ]);
    db.prepare("UPDATE pages SET blank = 0, blank_set_by = 'Trần Thị B', blank_set_at = '2026-03-02T08:15:00.000Z' WHERE id = 1").run();
    expect(() => db.prepare("UPDATE pages SET blank_set_by = '' WHERE id = 1").run()).toThrow(/CHECK/);
    expect(() => db.prepare("UPDATE pages SET blank_set_at = 'today' WHERE id = 1").run()).toThrow(/CHECK/);
  });
});
