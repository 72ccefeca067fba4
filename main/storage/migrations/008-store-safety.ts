import type { Migration } from './migration';

// The store never deletes by itself (issue 12).
//
// store_identity: the random id of this database's page store. The same id is written in the store's root
// marker (pages/.sohoa-store.json); a page folder without it, or naming another id, is not this database's
// store and nothing is changed. `marker_written` is 0 between recording the id and writing the marker, so
// that a process killed in between writes the marker at the next start instead of refusing the store.
//
// pages.missing_since: the page's master file was not found by the start-up check (when); the row and its
// words stay, and the flag is cleared when the file is back.
//
// quarantine: blobs no row names, moved by the start-up check into pages/quarantine/ instead of deleted:
// a supervisor restores them into a dossier or purges them.
//
// recycled_pages: the recycle bin. A deleted (or rescanned-over) page leaves the pages table, and so its
// document's page order, but its row and words stay here as JSON, so that restoring it gives back the very
// page (same id); its blob is never an orphan.
export const migration008: Migration = {
  version: 8,
  name: 'store-safety',
  up: `
    CREATE TABLE store_identity (
      id INTEGER PRIMARY KEY CHECK (id = 1),
      store_id TEXT NOT NULL CHECK (length(store_id) = 32),
      marker_written INTEGER NOT NULL DEFAULT 0 CHECK (marker_written IN (0, 1)),
      created_at TEXT NOT NULL
    ) STRICT;

    ALTER TABLE pages ADD COLUMN missing_since TEXT;
    CREATE INDEX pages_missing ON pages(missing_since) WHERE missing_since IS NOT NULL;

    CREATE TABLE quarantine (
      id INTEGER PRIMARY KEY AUTOINCREMENT,
      sha256 TEXT NOT NULL UNIQUE CHECK (length(sha256) = 64),
      bytes INTEGER NOT NULL CHECK (bytes >= 0),
      written_at TEXT NOT NULL,
      quarantined_at TEXT NOT NULL
    ) STRICT;

    CREATE TABLE recycled_pages (
      id INTEGER PRIMARY KEY AUTOINCREMENT,
      page_id INTEGER NOT NULL UNIQUE,
      document_id INTEGER NOT NULL REFERENCES documents(id),
      ordinal INTEGER NOT NULL CHECK (ordinal > 0),
      sha256 TEXT NOT NULL CHECK (length(sha256) = 64),
      source TEXT NOT NULL,
      row TEXT NOT NULL CHECK (json_valid(row)),
      words TEXT NOT NULL CHECK (json_valid(words)),
      reason TEXT NOT NULL CHECK (reason IN ('deleted', 'replaced')),
      deleted_by TEXT,
      deleted_at TEXT NOT NULL
    ) STRICT;
    CREATE INDEX recycled_pages_sha ON recycled_pages(sha256);
    CREATE INDEX recycled_pages_document ON recycled_pages(document_id);
  `,
};
