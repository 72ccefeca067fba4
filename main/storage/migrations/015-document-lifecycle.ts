import type { Migration } from './migration';

// One document lifecycle (issue 14, item 2): main/archive/document-lifecycle.ts owns the states and who may
// change them; this migration gives them a column of their own.
//
// documents.state (migration 001: draft | recognized | exported) cannot take new values (SQLite cannot alter
// its CHECK), so the lifecycle is a new column, without a CHECK, so that a later state is one line in the
// module and no table rebuild. The old column stays, written by nothing. Export is an action, not a state:
// an exported document is recognized, and its export stays recorded by migration 014's exported_version.
//
// packaged_version / packaged_at are the package record: the content version a package was made from.
// A later change (content_version past it) makes the package outdated; the record is kept until the new
// version is packaged.
//
// A change to what the document says (every change migration 014 counts, from every writer) after approval
// sends it back to review: a trigger, as for content_version, so that no writer can forget it.
export const migration015: Migration = {
  version: 15,
  name: 'document-lifecycle',
  up: `
    ALTER TABLE documents ADD COLUMN lifecycle TEXT NOT NULL DEFAULT 'captured';
    ALTER TABLE documents ADD COLUMN lifecycle_at TEXT;
    ALTER TABLE documents ADD COLUMN return_reason TEXT;
    ALTER TABLE documents ADD COLUMN packaged_version INTEGER CHECK (packaged_version IS NULL OR packaged_version >= 0);
    ALTER TABLE documents ADD COLUMN packaged_at TEXT;
    UPDATE documents SET lifecycle = CASE state WHEN 'draft' THEN 'captured' ELSE 'recognized' END, lifecycle_at = updated_at;
    CREATE INDEX documents_lifecycle ON documents(lifecycle);

    CREATE TRIGGER documents_reopen_after_approval AFTER UPDATE OF content_version ON documents
      WHEN NEW.lifecycle = 'approved' AND NEW.content_version > OLD.content_version
      BEGIN
        UPDATE documents SET lifecycle = 'in_review', lifecycle_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE id = NEW.id;
      END;
  `,
};
