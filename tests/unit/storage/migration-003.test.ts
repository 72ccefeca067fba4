import { afterEach, describe, expect, it } from 'vitest';
import { storeBefore } from '../../support/temp-database';

const cleanups: Array<() => void> = [];
afterEach(() => cleanups.splice(0).forEach((f) => f()));

describe('migration 003 (settings)', () => {
  it('adds a STRICT key/value table that only takes JSON values', () => {
    const { db, upgrade } = storeBefore(3, cleanups);
    upgrade();
    expect((db.prepare("SELECT sql FROM sqlite_master WHERE name = 'settings'").get() as { sql: string }).sql).toMatch(/STRICT/);
    db.prepare("INSERT INTO settings (key, value, updated_at) VALUES ('a', '{\"x\":1}', 't')").run();
    expect(() => db.prepare("INSERT INTO settings (key, value, updated_at) VALUES ('b', 'not json', 't')").run()).toThrow(/CHECK/);
    expect(() => db.prepare("INSERT INTO settings (key, value, updated_at) VALUES ('a', '1', 't')").run()).toThrow(/UNIQUE|PRIMARY/);
  });
});
