import type { Migration } from './migration';

// Whether a document's export is still current (issue 13: "document states follow the pages").
//
// documents.content_version counts every change to what an export writes: its metadata, its pages (added,
// removed, moved, rescanned, edited, recognized, flagged blank or missing) and their words' text. Triggers
// keep it, so that every writer (the app, the CLI, the start-up check, a future correction screen) does.
// An export records the version it read (exported_version) and when (exported_at): the document has
// changed since its export when its content_version is past its exported_version. Page state changes
// alone (recognizing, failed), analysis bookkeeping and a value saved again unchanged do not count.
//
// Documents exported before this migration are taken as current: nothing recorded says otherwise.
export const migration014: Migration = {
  version: 14,
  name: 'export-currency',
  up: `
    ALTER TABLE documents ADD COLUMN content_version INTEGER NOT NULL DEFAULT 0 CHECK (content_version >= 0);
    ALTER TABLE documents ADD COLUMN exported_version INTEGER CHECK (exported_version IS NULL OR exported_version >= 0);
    ALTER TABLE documents ADD COLUMN exported_at TEXT;
    UPDATE documents SET exported_version = 0, exported_at = updated_at WHERE state = 'exported';

    CREATE TRIGGER pages_content_insert AFTER INSERT ON pages
      BEGIN UPDATE documents SET content_version = content_version + 1 WHERE id = NEW.document_id; END;
    CREATE TRIGGER pages_content_delete AFTER DELETE ON pages
      BEGIN UPDATE documents SET content_version = content_version + 1 WHERE id = OLD.document_id; END;
    CREATE TRIGGER pages_content_update AFTER UPDATE OF document_id, ordinal, sha256, recipe, text, blank, missing_since ON pages
      WHEN OLD.document_id IS NOT NEW.document_id OR OLD.ordinal IS NOT NEW.ordinal OR OLD.sha256 IS NOT NEW.sha256 OR OLD.recipe IS NOT NEW.recipe OR OLD.text IS NOT NEW.text OR OLD.blank IS NOT NEW.blank OR OLD.missing_since IS NOT NEW.missing_since
      BEGIN UPDATE documents SET content_version = content_version + 1 WHERE id IN (OLD.document_id, NEW.document_id); END;
    CREATE TRIGGER words_content_update AFTER UPDATE OF text ON words
      WHEN OLD.text IS NOT NEW.text
      BEGIN UPDATE documents SET content_version = content_version + 1 WHERE id = (SELECT document_id FROM pages WHERE id = NEW.page_id); END;
    CREATE TRIGGER documents_content_update
      AFTER UPDATE OF type_name, code_number, code_notation, issued_date, place, organ_name, subject, signer_position, signer_name,
        language, mode, confidence_level, autograph, format, description ON documents
      WHEN OLD.type_name IS NOT NEW.type_name OR OLD.code_number IS NOT NEW.code_number OR OLD.code_notation IS NOT NEW.code_notation OR OLD.issued_date IS NOT NEW.issued_date OR OLD.place IS NOT NEW.place OR OLD.organ_name IS NOT NEW.organ_name OR OLD.subject IS NOT NEW.subject OR OLD.signer_position IS NOT NEW.signer_position
        OR OLD.signer_name IS NOT NEW.signer_name OR OLD.language IS NOT NEW.language OR OLD.mode IS NOT NEW.mode OR OLD.confidence_level IS NOT NEW.confidence_level OR OLD.autograph IS NOT NEW.autograph OR OLD.format IS NOT NEW.format OR OLD.description IS NOT NEW.description
      BEGIN UPDATE documents SET content_version = content_version + 1 WHERE id = NEW.id; END;
  `,
};
