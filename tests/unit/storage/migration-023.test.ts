import { afterEach, describe, expect, it } from 'vitest';
import { insertPages, storeBefore } from '../../support/temp-database';

const cleanups: Array<() => void> = [];
afterEach(() => cleanups.splice(0).forEach((f) => f()));

describe('migration 023 (document reshaping)', () => {
  it('keeps every page, with no new-document proposal, and adds the undo table of reshapings', () => {
    const { db, upgrade } = storeBefore(23, cleanups);
    insertPages(db, 3);
    upgrade();
    expect(db.prepare('SELECT id, starts_document FROM pages ORDER BY id').all()).toEqual([
      { id: 1, starts_document: null },
      { id: 2, starts_document: null },
      { id: 3, starts_document: null },
    ]);
    db.prepare("UPDATE pages SET starts_document = 'proposed' WHERE id = 2").run();
    db.prepare("UPDATE pages SET starts_document = 'dismissed' WHERE id = 3").run();
    expect(() => db.prepare("UPDATE pages SET starts_document = 'maybe' WHERE id = 1").run()).toThrow(/CHECK/);

    db.prepare("INSERT INTO document_reshapes (dossier_id, kind, undo, actor, created_at) VALUES (1, 'split', '{}', 'lan.pt', 't')").run();
    expect(() => db.prepare("INSERT INTO document_reshapes (dossier_id, kind, undo, actor, created_at) VALUES (1, 'rotate', '{}', 'lan.pt', 't')").run()).toThrow(/CHECK/);
    expect(() => db.prepare("INSERT INTO document_reshapes (dossier_id, kind, undo, actor, created_at) VALUES (1, 'merge', 'not json', 'lan.pt', 't')").run()).toThrow(/CHECK/);
    expect(() => db.prepare("INSERT INTO document_reshapes (dossier_id, kind, undo, actor, created_at) VALUES (99, 'move', '{}', 'lan.pt', 't')").run()).toThrow(/FOREIGN KEY/);
  });
});
