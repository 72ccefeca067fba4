import { afterEach, describe, expect, it } from 'vitest';
import { migrate, schemaVersion } from '../../../main/storage/database';
import { MIGRATIONS } from '../../../main/storage/migrations';
import { insertPages, tempDatabase } from '../../support/temp-database';

const cleanups: Array<() => void> = [];
afterEach(() => cleanups.splice(0).forEach((f) => f()));

describe('migration 004 (page analysis)', () => {
  it('adds a nullable blank flag to existing pages and refuses other values', () => {
    const db = tempDatabase(cleanups);
    migrate(db, MIGRATIONS.slice(0, 3));
    insertPages(db);
    migrate(db, MIGRATIONS.slice(0, 4));
    expect(schemaVersion(db)).toBe(4);
    expect(db.prepare('SELECT blank FROM pages').get()).toEqual({ blank: null });
    db.prepare('UPDATE pages SET blank = 1').run();
    expect(() => db.prepare('UPDATE pages SET blank = 2').run()).toThrow(/CHECK/);
  });
});
