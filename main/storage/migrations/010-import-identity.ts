import type { Migration } from './migration';

// Where an imported document and its pages came from, so that a retried import (the same job resumed, or
// the clerk running the same import again as a new job) finds what is already stored instead of adding it
// twice. A document keeps the absolute path of the input it was imported from (a file, or a folder of page
// images); a page keeps the absolute path of its source file, its number within that file (the n-th page
// of a multi-page TIFF or PDF) and the SHA-256 of the file's bytes: the same path with the same content is
// the same page, identical bytes at another path (two blank backs) are another page, and a file whose bytes
// changed since is new content. Scanned, stitched and pre-010 pages have none (all three null together).
export const migration010: Migration = {
  version: 10,
  name: 'import-identity',
  up: `
    ALTER TABLE documents ADD COLUMN source_path TEXT CHECK (source_path IS NULL OR length(source_path) > 0);
    ALTER TABLE pages ADD COLUMN source_path TEXT CHECK (source_path IS NULL OR length(source_path) > 0);
    ALTER TABLE pages ADD COLUMN source_page INTEGER CHECK (source_page IS NULL OR source_page > 0);
    ALTER TABLE pages ADD COLUMN source_sha256 TEXT CHECK (
      (source_sha256 IS NULL OR length(source_sha256) = 64)
      AND (source_path IS NULL) = (source_sha256 IS NULL)
      AND (source_page IS NULL) = (source_sha256 IS NULL)
    );
    CREATE INDEX documents_source_path ON documents(dossier_id, source_path) WHERE source_path IS NOT NULL;
    CREATE INDEX pages_source ON pages(document_id, source_path, source_page) WHERE source_path IS NOT NULL;
  `,
};
