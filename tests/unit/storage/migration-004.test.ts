import { afterEach, describe, expect, it } from 'vitest';
import { migrate, schemaVersion } from '../../../main/storage/database';
import { MIGRATIONS } from '../../../main/storage/migrations';
import { tempDatabase } from '../../support/temp-database';

const cleanups: Array<() => void> = [];
afterEach(() => cleanups.splice(0).forEach((f) => f()));

describe('migration 004 (page analysis)', () => {
  it('adds a nullable blank flag to existing pages and refuses other values', () => {
    const db = tempDatabase(cleanups);
    migrate(db, MIGRATIONS.slice(0, 3));
    db.exec(`
      INSERT INTO batches (name, created_at) VALUES ('Lô', 't');
      INSERT INTO dossiers (batch_id, file_code, title, created_at) VALUES (1, 'H49.1.2', 'Hồ sơ', 't');
      INSERT INTO documents (dossier_id, ordinal, source, created_at, updated_at) VALUES (1, 1, 'a', 't', 't');
      INSERT INTO pages (document_id, ordinal, sha256, format, width, height, dpi, bytes, source, created_at)
        VALUES (1, 1, '${'a'.repeat(64)}', 'png', 10, 10, 300, 1, 'a.png', 't');
    `);
    migrate(db, MIGRATIONS.slice(0, 4));
    expect(schemaVersion(db)).toBe(4);
    expect(db.prepare('SELECT blank FROM pages').get()).toEqual({ blank: null });
    db.prepare('UPDATE pages SET blank = 1').run();
    expect(() => db.prepare('UPDATE pages SET blank = 2').run()).toThrow(/CHECK/);
  });
});
