import type { Migration } from './migration';

// Full-text search over the recognized text (pages.text), in two FTS5 indexes of the same text:
//
// - page_text_folded: no diacritics, so `dat dai` finds `đất đai`. `remove_diacritics 2` strips every
//   Vietnamese mark, precomposed or NFD; đ has no decomposition, so the d letters (đ Đ, and the eth ð Ð
//   that converted legacy text carries for Đ) are replaced first — the same letters as D_LETTERS in
//   main/search/text-folding.ts.
// - page_text_exact: diacritics kept (case folded), so a query typed with them can rank the pages
//   spelled that way above pages that only match once folded.
//
// Both are kept in sync by triggers on pages, not by Records: the text of a page changes through
// saveRecognition and clearRecognition, but pages also go by deletePage, a rescan in place, the start-up
// check's DELETE and foreign-key work, and a trigger sees every one of them, in the writer's transaction.
// Triggers use only built-in SQL (replace), so every connection — the app, the CLI, a test opening the file
// — keeps the index right; an application-defined SQL function would be missing on some of them.
//
// Contentless (content=''): the text lives once, in pages.text; snippets and highlighted words are
// computed from it and from the words table in JavaScript. contentless_delete lets a trigger remove a
// page's entry by rowid without supplying the old text. Prefix indexes of 1–3 characters: the search
// field matches the word being typed as a prefix, and without them `d*` merges the lists of every word
// starting with d (hundreds of milliseconds over 100,000 pages instead of one list read); they cost
// about 2.8 times the index size, small beside the page images.
//
// A later migration that rebuilds the pages table drops these triggers with it and must create them again.
export const migration006: Migration = {
  version: 6,
  name: 'search',
  up: `
    CREATE VIRTUAL TABLE page_text_folded USING fts5(
      text, content = '', contentless_delete = 1, prefix = '1 2 3', tokenize = 'unicode61 remove_diacritics 2'
    );
    CREATE VIRTUAL TABLE page_text_exact USING fts5(
      text, content = '', contentless_delete = 1, prefix = '1 2 3', tokenize = 'unicode61 remove_diacritics 0'
    );

    INSERT INTO page_text_folded (rowid, text)
      SELECT id, replace(replace(replace(replace(text, 'đ', 'd'), 'Đ', 'd'), 'ð', 'd'), 'Ð', 'd') FROM pages WHERE text IS NOT NULL;
    INSERT INTO page_text_exact (rowid, text) SELECT id, text FROM pages WHERE text IS NOT NULL;

    CREATE TRIGGER pages_text_search_insert AFTER INSERT ON pages WHEN new.text IS NOT NULL BEGIN
      INSERT INTO page_text_folded (rowid, text)
        VALUES (new.id, replace(replace(replace(replace(new.text, 'đ', 'd'), 'Đ', 'd'), 'ð', 'd'), 'Ð', 'd'));
      INSERT INTO page_text_exact (rowid, text) VALUES (new.id, new.text);
    END;

    CREATE TRIGGER pages_text_search_update AFTER UPDATE OF text ON pages BEGIN
      DELETE FROM page_text_folded WHERE rowid = old.id;
      DELETE FROM page_text_exact WHERE rowid = old.id;
      INSERT INTO page_text_folded (rowid, text)
        SELECT new.id, replace(replace(replace(replace(new.text, 'đ', 'd'), 'Đ', 'd'), 'ð', 'd'), 'Ð', 'd') WHERE new.text IS NOT NULL;
      INSERT INTO page_text_exact (rowid, text) SELECT new.id, new.text WHERE new.text IS NOT NULL;
    END;

    CREATE TRIGGER pages_text_search_delete AFTER DELETE ON pages WHEN old.text IS NOT NULL BEGIN
      DELETE FROM page_text_folded WHERE rowid = old.id;
      DELETE FROM page_text_exact WHERE rowid = old.id;
    END;
  `,
};
