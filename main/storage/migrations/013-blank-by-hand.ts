import type { Migration } from './migration';

// The blank flag set by a person. `blank_set_by` is the name of the clerk or supervisor who set or
// cleared it by hand (null: the detector's verdict), `blank_set_at` when (ISO time). A flag set by hand
// is never overridden by the detector when the page is recognized again. Existing flags are the
// detector's.
export const migration013: Migration = {
  version: 13,
  name: 'blank-by-hand',
  up: `
    ALTER TABLE pages ADD COLUMN blank_set_by TEXT CHECK (blank_set_by IS NULL OR length(blank_set_by) BETWEEN 1 AND 200);
    ALTER TABLE pages ADD COLUMN blank_set_at TEXT CHECK (blank_set_at IS NULL OR length(blank_set_at) BETWEEN 20 AND 30);
  `,
};
