import type { Migration } from './migration';

// Documents a clerk reshapes (issue 15): split a document at a page, merge two, move pages between the
// documents of a dossier, each undoable (main/archive/document-reshaping.ts).
//
// document_reshapes: one row per reshaping still undoable, newest last: its kind and, as JSON, what the
// undo puts back (where each page of the documents it touched was, the document it created or the row of
// the one it removed). The undo deletes the row; the audit log keeps the facts.
//
// pages.starts_document: auto-separation's proposal that the page starts a new document (an NĐ 30 header
// found on a page that is not the first of its document), 'proposed' until the clerk splits there or
// dismisses it ('dismissed', kept so that a later reading does not propose it again). A new column
// without a table rebuild.
export const migration023: Migration = {
  version: 23,
  name: 'document-reshaping',
  up: `
    CREATE TABLE document_reshapes (
      id INTEGER PRIMARY KEY AUTOINCREMENT,
      dossier_id INTEGER NOT NULL REFERENCES dossiers(id),
      kind TEXT NOT NULL CHECK (kind IN ('split', 'merge', 'move')),
      undo TEXT NOT NULL CHECK (json_valid(undo)),
      actor TEXT NOT NULL,
      created_at TEXT NOT NULL
    ) STRICT;
    CREATE INDEX document_reshapes_dossier ON document_reshapes(dossier_id, id);

    ALTER TABLE pages ADD COLUMN starts_document TEXT CHECK (starts_document IS NULL OR starts_document IN ('proposed', 'dismissed'));
  `,
};
