import { afterEach, describe, expect, it } from 'vitest';
import { insertPages, storeBefore } from '../../support/temp-database';

const cleanups: Array<() => void> = [];
afterEach(() => cleanups.splice(0).forEach((f) => f()));

describe('migration 004 (page analysis)', () => {
  it('adds a nullable blank flag to existing pages and refuses other values', () => {
    const { db, upgrade } = storeBefore(4, cleanups);
    insertPages(db);
    upgrade();
    expect(db.prepare('SELECT blank FROM pages').get()).toEqual({ blank: null });
    db.prepare('UPDATE pages SET blank = 1').run();
    expect(() => db.prepare('UPDATE pages SET blank = 2').run()).toThrow(/CHECK/);
  });
});
