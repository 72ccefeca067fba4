import type { Migration } from './migration';

// A scanned batch split by its separator sheets (capture/batch-separation.ts).
//
// separator_pages: the sheets themselves, kept as pages of the batch record and never of a document: the
// image stays in the page store (sha256, like a page's master; the store's integrity check counts it as
// referenced), with what was found on it and its 1-based position in the scanned batch. `run_id` groups
// the pages of one separation run (one import or scan), whose positions they are.
//
// separation_flags: what the clerk must look at — pages before the first separator, a batch without any,
// an unreadable separator, a split proposed from a document's header — with the message as it was said,
// the document it is about (when one), and who cleared it.
export const migration022: Migration = {
  version: 22,
  name: 'separator-pages',
  up: `
    CREATE TABLE separation_runs (
      id INTEGER PRIMARY KEY,
      batch_id INTEGER NOT NULL REFERENCES batches(id),
      dossier_id INTEGER NOT NULL REFERENCES dossiers(id),
      job_id INTEGER,
      pages INTEGER NOT NULL CHECK (pages >= 0),
      created_at TEXT NOT NULL
    ) STRICT;

    CREATE TABLE separator_pages (
      id INTEGER PRIMARY KEY,
      run_id INTEGER NOT NULL REFERENCES separation_runs(id),
      position INTEGER NOT NULL CHECK (position > 0),
      sha256 TEXT NOT NULL CHECK (length(sha256) = 64),
      format TEXT NOT NULL CHECK (format IN ('png', 'jpeg', 'tiff')),
      width INTEGER NOT NULL CHECK (width > 0),
      height INTEGER NOT NULL CHECK (height > 0),
      dpi INTEGER NOT NULL CHECK (dpi > 0),
      source TEXT NOT NULL,
      finding TEXT NOT NULL CHECK (finding IN ('dossier', 'document', 'unreadable')),
      file_code TEXT CHECK ((finding = 'dossier') = (file_code IS NOT NULL)),
      why TEXT CHECK ((finding = 'unreadable') = (why IS NOT NULL)),
      created_at TEXT NOT NULL,
      UNIQUE (run_id, position)
    ) STRICT;
    CREATE INDEX separator_pages_sha ON separator_pages(sha256);

    CREATE TABLE separation_flags (
      id INTEGER PRIMARY KEY,
      run_id INTEGER NOT NULL REFERENCES separation_runs(id),
      position INTEGER NOT NULL CHECK (position > 0),
      code TEXT NOT NULL CHECK (code IN ('before-first-separator', 'no-separator', 'unreadable-separator', 'header-split')),
      document_id INTEGER REFERENCES documents(id) ON DELETE SET NULL,
      separator_page_id INTEGER REFERENCES separator_pages(id),
      message_vi TEXT NOT NULL CHECK (length(message_vi) > 0),
      message_en TEXT NOT NULL CHECK (length(message_en) > 0),
      created_at TEXT NOT NULL,
      cleared_at TEXT,
      cleared_by TEXT,
      CHECK ((cleared_at IS NULL) = (cleared_by IS NULL))
    ) STRICT;
    CREATE INDEX separation_flags_document ON separation_flags(document_id);
  `,
};
