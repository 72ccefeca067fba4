import { afterEach, describe, expect, it } from 'vitest';
import { migrate, schemaVersion } from '../../../main/storage/database';
import { MIGRATIONS } from '../../../main/storage/migrations';
import { D_LETTERS } from '../../../main/search/text-folding';
import { tempDatabase } from '../../support/temp-database';

const cleanups: Array<() => void> = [];
afterEach(() => cleanups.splice(0).forEach((f) => f()));

const sha = 'a'.repeat(64);

function setUp() {
  const db = tempDatabase(cleanups);
  migrate(db, MIGRATIONS.slice(0, 5));
  db.exec(`
    INSERT INTO batches (name, created_at) VALUES ('Lô', 't');
    INSERT INTO dossiers (batch_id, file_code, title, created_at) VALUES (1, 'H49.1.2', 'Hồ sơ', 't');
    INSERT INTO documents (dossier_id, ordinal, source, created_at, updated_at) VALUES (1, 1, 'a', 't', 't');
  `);
  const addPage = db.prepare(
    `INSERT INTO pages (document_id, ordinal, sha256, format, width, height, dpi, bytes, source, text, created_at)
     VALUES (1, ?, '${sha}', 'png', 10, 10, 300, 1, 'a.png', ?, 't')`,
  );
  const folded = (query: string) =>
    (db.prepare('SELECT rowid FROM page_text_folded WHERE page_text_folded MATCH ? ORDER BY rowid').pluck().all(query) as number[]);
  const exact = (query: string) =>
    (db.prepare('SELECT rowid FROM page_text_exact WHERE page_text_exact MATCH ? ORDER BY rowid').pluck().all(query) as number[]);
  return { db, addPage: (ordinal: number, text: string | null) => Number(addPage.run(ordinal, text).lastInsertRowid), folded, exact };
}

describe('migration 006 (search)', () => {
  it('indexes the text of pages recognized before it, folded and exact', () => {
    const { db, addPage, folded, exact } = setUp();
    const land = addPage(1, 'Luật Đất đai năm 2024');
    const strip = addPage(2, 'dải đất dát vàng');
    addPage(3, null);
    migrate(db, MIGRATIONS.slice(0, 6));
    expect(schemaVersion(db)).toBe(6);
    expect(folded('"dat dai"')).toEqual([land]);
    expect(folded('dat')).toEqual([land, strip]);
    expect(exact('"đất đai"')).toEqual([land]);
    expect(exact('"dat"')).toEqual([]);
  });

  it('keeps the indexes in step with the text: recognized, read again, cleared, deleted', () => {
    const { db, addPage, folded, exact } = setUp();
    migrate(db, MIGRATIONS.slice(0, 6));
    const a = addPage(1, null);
    expect(folded('dat')).toEqual([]);
    db.prepare('UPDATE pages SET text = ? WHERE id = ?').run('Giấy chứng nhận quyền sử dụng đất', a);
    expect(folded('dat')).toEqual([a]);
    expect(exact('đất')).toEqual([a]);
    db.prepare('UPDATE pages SET text = ? WHERE id = ?').run('Biên bản bàn giao mốc giới', a);
    expect(folded('dat')).toEqual([]);
    expect(folded('"moc gioi"')).toEqual([a]);
    // Other columns change without touching the index.
    db.prepare("UPDATE pages SET state = 'recognized', confidence = 80 WHERE id = ?").run(a);
    expect(folded('"moc gioi"')).toEqual([a]);
    db.prepare('UPDATE pages SET text = NULL WHERE id = ?').run(a);
    expect(folded('"moc gioi"')).toEqual([]);
    // Clearing a page that has no text is harmless.
    db.prepare('UPDATE pages SET text = NULL WHERE id = ?').run(a);
    const b = addPage(2, 'Đất đai');
    expect(folded('"dat dai"')).toEqual([b]);
    db.prepare('DELETE FROM pages WHERE id = ?').run(b);
    expect(folded('"dat dai"')).toEqual([]);
    expect(exact('"đất đai"')).toEqual([]);
  });

  it('folds each of the d letters that text-folding folds', () => {
    const { db, addPage, folded } = setUp();
    migrate(db, MIGRATIONS.slice(0, 6));
    const ids = D_LETTERS.map((d, i) => addPage(i + 1, `${d}ất`));
    expect(folded('dat')).toEqual(ids);
  });
});
