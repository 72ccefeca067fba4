import type { Migration } from './migration';

// Words with provenance (issue 14, item 3): a word keeps what the engine read (words.text, confidence)
// and, beside it, a person's correction with who made it and when. The three correction columns are all
// set or all empty; words recognized before this migration have none.
//
// pages.engine_text: the engine's text of a page whose words were corrected; pages.text is then the text
// with the corrections (what search, export and the metadata proposal read), rebuilt from engine_text.
// NULL when pages.text is the engine's own.
//
// held_corrections: the corrections of a page whose words are gone until it is read again (an edit of its
// recipe clears its recognition). The next reading keeps those whose word is still there and reports the
// others as dropped. The boxes are in the pixels of the rendering the correction was made on.
//
// A correction changes what an export writes even on a word set aside from the text (the PDF text layer
// and ALTO carry those), so it counts as a content change (migration 014) by itself.
export const migration016: Migration = {
  version: 16,
  name: 'word-corrections',
  up: `
    ALTER TABLE words ADD COLUMN corrected_text TEXT CHECK (corrected_text IS NULL OR length(trim(corrected_text)) > 0);
    ALTER TABLE words ADD COLUMN corrected_by TEXT CHECK ((corrected_by IS NULL) = (corrected_text IS NULL));
    ALTER TABLE words ADD COLUMN corrected_at TEXT CHECK ((corrected_at IS NULL) = (corrected_text IS NULL));
    ALTER TABLE pages ADD COLUMN engine_text TEXT;

    CREATE TABLE held_corrections (
      id INTEGER PRIMARY KEY,
      page_id INTEGER NOT NULL REFERENCES pages(id) ON DELETE CASCADE,
      engine_text TEXT NOT NULL,
      corrected_text TEXT NOT NULL CHECK (length(trim(corrected_text)) > 0),
      corrected_by TEXT NOT NULL,
      corrected_at TEXT NOT NULL,
      x0 INTEGER NOT NULL, y0 INTEGER NOT NULL, x1 INTEGER NOT NULL, y1 INTEGER NOT NULL,
      line INTEGER NOT NULL
    ) STRICT;
    CREATE INDEX held_corrections_page ON held_corrections(page_id);

    CREATE TRIGGER words_correction_content AFTER UPDATE OF corrected_text ON words
      WHEN OLD.corrected_text IS NOT NEW.corrected_text
      BEGIN UPDATE documents SET content_version = content_version + 1 WHERE id = (SELECT document_id FROM pages WHERE id = NEW.page_id); END;
  `,
};
