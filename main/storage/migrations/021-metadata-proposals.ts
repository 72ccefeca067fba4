import type { Migration } from './migration';

// Auto-indexing keeps what it proposed and where each field's value came from (main/archive/metadata-proposals.ts).
//
// metadata_proposals: the reader's latest proposal for a document's field, with its confidence and the
// words it was read from (a JSON array of {pageId, index}), when and by which reader. A new reading of
// the document replaces all of its rows.
//
// metadata_origins: who set a field's current value. 'person' (set_by_name, and set_by when the person
// has an account) wins over every later proposal, an emptied field included; 'proposal' says the value
// was applied from the proposal of the same field. A field with a value and no row was filled before
// this migration (or by hand before auto-indexing existed) and is treated as a person's.
//
// metadata_index_due: documents with a page recognized since their last indexing. The row is written by
// the trigger below in the same transaction as the page's recognition, and removed in the transaction
// that stores the proposals: a process killed in between leaves it, and the next start indexes the
// document.
export const migration021: Migration = {
  version: 21,
  name: 'metadata-proposals',
  up: `
    CREATE TABLE metadata_proposals (
      document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
      field TEXT NOT NULL CHECK (length(field) BETWEEN 1 AND 64),
      value TEXT NOT NULL,
      confidence REAL NOT NULL CHECK (confidence BETWEEN 0 AND 100),
      words TEXT NOT NULL CHECK (json_valid(words) AND json_type(words) = 'array'),
      proposed_at TEXT NOT NULL,
      reader TEXT NOT NULL CHECK (length(reader) BETWEEN 1 AND 64),
      PRIMARY KEY (document_id, field)
    ) STRICT;
    CREATE TABLE metadata_origins (
      document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
      field TEXT NOT NULL CHECK (length(field) BETWEEN 1 AND 64),
      origin TEXT NOT NULL CHECK (origin IN ('person', 'proposal')),
      set_by INTEGER REFERENCES users(id),
      set_by_name TEXT,
      set_at TEXT NOT NULL,
      CHECK (origin = 'proposal' OR set_by_name IS NOT NULL),
      PRIMARY KEY (document_id, field)
    ) STRICT;
    CREATE TABLE metadata_index_due (
      document_id INTEGER PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,
      since TEXT NOT NULL
    ) STRICT;
    CREATE TRIGGER pages_recognized_index_due AFTER UPDATE OF state ON pages
    WHEN NEW.state = 'recognized'
    BEGIN
      INSERT INTO metadata_index_due (document_id, since) VALUES (NEW.document_id, strftime('%Y-%m-%dT%H:%M:%fZ'))
        ON CONFLICT (document_id) DO NOTHING;
    END;
    INSERT INTO metadata_index_due (document_id, since)
      SELECT DISTINCT document_id, strftime('%Y-%m-%dT%H:%M:%fZ') FROM pages WHERE state = 'recognized';
  `,
};
