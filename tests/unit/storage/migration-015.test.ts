import { afterEach, describe, expect, it } from 'vitest';
import { migrate } from '../../../main/storage/database';
import { MIGRATIONS } from '../../../main/storage/migrations';
import { insertPages, storeBefore, tempDatabase } from '../../support/temp-database';

const cleanups: Array<() => void> = [];
afterEach(() => cleanups.splice(0).forEach((f) => f()));

describe('migration 015 (document lifecycle)', () => {
  it('carries draft, recognized and exported documents into the lifecycle, keeping the export record', () => {
    const { db, upgrade } = storeBefore(15, cleanups);
    insertPages(db, 1);
    db.exec(`
      INSERT INTO documents (dossier_id, ordinal, source, state, created_at, updated_at) VALUES (1, 2, 'b', 'recognized', 't', 't2');
      INSERT INTO documents (dossier_id, ordinal, source, state, created_at, updated_at, exported_version, exported_at) VALUES (1, 3, 'c', 'exported', 't', 't3', 4, 'x');
    `);
    upgrade();
    expect(db.prepare('SELECT lifecycle, lifecycle_at AS at, exported_version AS e, exported_at AS ea, packaged_version AS p FROM documents ORDER BY id').all()).toEqual([
      { lifecycle: 'captured', at: 't', e: null, ea: null, p: null },
      { lifecycle: 'recognized', at: 't2', e: null, ea: null, p: null },
      { lifecycle: 'recognized', at: 't3', e: 4, ea: 'x', p: null },
    ]);
    // A new document starts captured.
    db.prepare("INSERT INTO documents (dossier_id, ordinal, source, created_at, updated_at) VALUES (1, 4, 'd', 't', 't')").run();
    expect(db.prepare('SELECT lifecycle FROM documents WHERE ordinal = 4').pluck().get()).toBe('captured');
  });

  it('sends an approved document back to review at any change to its content, and only then', () => {
    const db = tempDatabase(cleanups);
    migrate(db, MIGRATIONS);
    insertPages(db, 1);
    const state = () => db.prepare('SELECT lifecycle FROM documents WHERE id = 1').pluck().get();
    db.prepare("UPDATE documents SET lifecycle = 'approved' WHERE id = 1").run();
    db.prepare("UPDATE pages SET state = 'recognized' WHERE id = 1").run();
    expect(state()).toBe('approved');
    db.prepare("UPDATE pages SET text = 'Quyết định' WHERE id = 1").run();
    expect(state()).toBe('in_review');
    db.prepare("UPDATE documents SET lifecycle = 'packaged', packaged_version = content_version WHERE id = 1").run();
    db.prepare("UPDATE pages SET text = 'Quyết định số 15' WHERE id = 1").run();
    expect(state()).toBe('packaged');
  });
});
