import { afterEach, describe, expect, it } from 'vitest';
import { insertPages, storeBefore } from '../../support/temp-database';

const cleanups: Array<() => void> = [];
afterEach(() => cleanups.splice(0).forEach((f) => f()));

const due = (db: ReturnType<typeof storeBefore>['db']) => db.prepare('SELECT document_id FROM metadata_index_due ORDER BY document_id').pluck().all();

describe('migration 021 (metadata proposals)', () => {
  it('makes the documents with a page already recognized due for indexing, and the others not', () => {
    const { db, upgrade } = storeBefore(21, cleanups);
    insertPages(db, 2);
    db.exec(`
      INSERT INTO documents (dossier_id, ordinal, source, created_at, updated_at) VALUES (1, 2, 'b', 't', 't');
      UPDATE pages SET state = 'recognized' WHERE id = 2;
    `);
    upgrade();
    expect(due(db)).toEqual([1]);
  });

  it('marks a document due in the transaction that records a page recognized, once however many pages', () => {
    const { db, upgrade } = storeBefore(21, cleanups);
    insertPages(db, 2);
    upgrade();
    expect(due(db)).toEqual([]);
    db.prepare("UPDATE pages SET state = 'recognizing' WHERE id = 1").run();
    db.prepare("UPDATE pages SET state = 'failed' WHERE id = 2").run();
    expect(due(db)).toEqual([]);
    const failing = db.transaction(() => {
      db.prepare("UPDATE pages SET state = 'recognized' WHERE id = 1").run();
      throw new Error('killed before commit');
    });
    expect(() => failing()).toThrow('killed before commit');
    expect(due(db)).toEqual([]);
    db.prepare("UPDATE pages SET state = 'recognized'").run();
    expect(due(db)).toEqual([1]);
  });

  it('keeps proposals and origins per document and field, checked, and drops them with their document', () => {
    const { db, upgrade } = storeBefore(21, cleanups);
    insertPages(db, 1);
    upgrade();
    const propose = db.prepare("INSERT INTO metadata_proposals (document_id, field, value, confidence, words, proposed_at, reader) VALUES (1, ?, ?, ?, ?, 't', 'text-evidence')");
    propose.run('subject', 'Về việc số hóa', 71.5, '[{"pageId":1,"index":3}]');
    expect(() => propose.run('subject', 'again', 50, '[]')).toThrow(/UNIQUE/);
    expect(() => propose.run('place', 'Huế', 101, '[]')).toThrow(/CHECK/);
    expect(() => propose.run('place', 'Huế', 50, '{"pageId":1}')).toThrow(/CHECK/);
    const origin = db.prepare("INSERT INTO metadata_origins (document_id, field, origin, set_by_name, set_at) VALUES (1, ?, ?, ?, 't')");
    origin.run('subject', 'proposal', null);
    origin.run('place', 'person', 'lan.pt');
    // A person's value says who set it; an unknown origin is refused.
    expect(() => origin.run('signerName', 'person', null)).toThrow(/CHECK/);
    expect(() => origin.run('signerName', 'ocr', 'x')).toThrow(/CHECK/);
    db.prepare("UPDATE pages SET state = 'recognized' WHERE id = 1").run();
    db.exec('DELETE FROM words; DELETE FROM pages; DELETE FROM documents');
    expect(db.prepare('SELECT (SELECT count(*) FROM metadata_proposals) + (SELECT count(*) FROM metadata_origins) + (SELECT count(*) FROM metadata_index_due)').pluck().get()).toBe(0);
  });
});
