import { afterEach, describe, expect, it } from 'vitest';
import { insertPages, storeBefore } from '../../support/temp-database';

const cleanups: Array<() => void> = [];
afterEach(() => cleanups.splice(0).forEach((f) => f()));

const SHA = 'f'.repeat(64);

describe('migration 022 (separator pages)', () => {
  it('keeps separator pages with the batch, their finding consistent, and flags with who cleared them', () => {
    const { db, upgrade } = storeBefore(22, cleanups);
    insertPages(db, 2);
    upgrade();
    // The pages already there are untouched.
    expect(db.prepare('SELECT count(*) AS n FROM pages').get()).toEqual({ n: 2 });

    db.prepare("INSERT INTO separation_runs (batch_id, dossier_id, job_id, pages, created_at) VALUES (1, 1, NULL, 5, 't')").run();
    const separator = db.prepare(
      "INSERT INTO separator_pages (run_id, position, sha256, format, width, height, dpi, source, finding, file_code, why, created_at) VALUES (1, ?, ?, 'png', 10, 10, 200, 's.png', ?, ?, ?, 't')",
    );
    separator.run(1, SHA, 'dossier', 'H49.64.33.2001.160', null);
    separator.run(3, SHA, 'document', null, null);
    separator.run(4, SHA, 'unreadable', null, 'mã QR hỏng');
    // A dossier sheet names its dossier, an unreadable one says why, and nothing else carries either.
    expect(() => separator.run(5, SHA, 'dossier', null, null)).toThrow(/CHECK/);
    expect(() => separator.run(5, SHA, 'document', 'H49.1', null)).toThrow(/CHECK/);
    expect(() => separator.run(5, SHA, 'unreadable', null, null)).toThrow(/CHECK/);
    expect(() => separator.run(5, SHA, 'patch', null, null)).toThrow(/CHECK/);
    // One page a position in a run.
    expect(() => separator.run(3, SHA, 'document', null, null)).toThrow(/UNIQUE/);
    expect(() => db.prepare("INSERT INTO separator_pages (run_id, position, sha256, format, width, height, dpi, source, finding, created_at) VALUES (9, 6, ?, 'png', 1, 1, 1, 's', 'document', 't')").run(SHA)).toThrow(/FOREIGN KEY/);

    const flag = db.prepare("INSERT INTO separation_flags (run_id, position, code, document_id, separator_page_id, message_vi, message_en, created_at) VALUES (1, ?, ?, ?, ?, 'vi', 'en', 't')");
    flag.run(4, 'unreadable-separator', null, 3);
    flag.run(2, 'before-first-separator', 1, null);
    expect(() => flag.run(2, 'guess', 1, null)).toThrow(/CHECK/);
    expect(() => db.prepare("UPDATE separation_flags SET cleared_at = 't' WHERE id = 1").run()).toThrow(/CHECK/);
    db.prepare("UPDATE separation_flags SET cleared_at = 't', cleared_by = 'tran.b' WHERE id = 1").run();

    // A document removed later leaves its flag, no longer pointing at it.
    db.prepare('DELETE FROM pages').run();
    db.prepare('DELETE FROM documents WHERE id = 1').run();
    expect(db.prepare('SELECT document_id FROM separation_flags WHERE id = 2').get()).toEqual({ document_id: null });
  });
});
