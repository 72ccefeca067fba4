import { afterEach, describe, expect, it } from 'vitest';
import { insertPages, storeBefore } from '../../support/temp-database';

const cleanups: Array<() => void> = [];
afterEach(() => cleanups.splice(0).forEach((f) => f()));

describe('migration 005 (page recipes)', () => {
  it('keeps existing pages as scanned, checks JSON, and undoing a split page survives its deletion', () => {
    const { db, upgrade } = storeBefore(5, cleanups);
    insertPages(db);
    upgrade();
    expect(db.prepare('SELECT recipe, out_width, out_height, analysis FROM pages').get()).toEqual({ recipe: null, out_width: null, out_height: null, analysis: null });
    expect(() => db.prepare("UPDATE pages SET recipe = 'not json'").run()).toThrow(/CHECK/);
    expect(() => db.prepare('UPDATE pages SET out_width = 0').run()).toThrow(/CHECK/);
    db.exec(`
      INSERT INTO pages (document_id, ordinal, sha256, format, width, height, dpi, bytes, source, created_at)
        VALUES (1, 2, '${'a'.repeat(64)}', 'png', 10, 10, 300, 1, 'a.png', 't');
      INSERT INTO page_edits (page_id, before_recipe, split_page_id, actor, created_at) VALUES (1, NULL, 2, 'u', 't');
      DELETE FROM pages WHERE id = 2;
    `);
    expect(db.prepare('SELECT page_id, split_page_id FROM page_edits').get()).toEqual({ page_id: 1, split_page_id: null });
    db.exec('DELETE FROM pages WHERE id = 1');
    expect(db.prepare('SELECT count(*) AS n FROM page_edits').get()).toEqual({ n: 0 });
  });
});
