import type { Migration } from './migration';

// Non-destructive page editing. A page's master stays as scanned; `recipe` (JSON, null = as scanned)
// says how its derivatives are made, and out_width/out_height are the size of the page it renders
// (null = the master's). Words are stored in that rendered page's pixels.
//
// `analysis` lists the analysis steps still to run on the page (JSON array, null = none): new pages get
// the full analysis, which the recognition job runs before OCR; a clerk's "automatic deskew" on a
// hundred pages only queues the step there.
//
// page_edits is the undo history: each edit keeps the recipe the page had before it, and a split keeps
// the page it created, which undoing the split deletes again.
export const migration005: Migration = {
  version: 5,
  name: 'page-recipes',
  up: `
    ALTER TABLE pages ADD COLUMN recipe TEXT CHECK (recipe IS NULL OR json_valid(recipe));
    ALTER TABLE pages ADD COLUMN out_width INTEGER CHECK (out_width IS NULL OR out_width > 0);
    ALTER TABLE pages ADD COLUMN out_height INTEGER CHECK (out_height IS NULL OR out_height > 0);
    ALTER TABLE pages ADD COLUMN analysis TEXT CHECK (analysis IS NULL OR json_valid(analysis));

    CREATE TABLE page_edits (
      id INTEGER PRIMARY KEY AUTOINCREMENT,
      page_id INTEGER NOT NULL REFERENCES pages(id) ON DELETE CASCADE,
      before_recipe TEXT CHECK (before_recipe IS NULL OR json_valid(before_recipe)),
      before_analysis TEXT CHECK (before_analysis IS NULL OR json_valid(before_analysis)),
      before_out_width INTEGER,
      before_out_height INTEGER,
      split_page_id INTEGER REFERENCES pages(id) ON DELETE SET NULL,
      actor TEXT NOT NULL,
      created_at TEXT NOT NULL
    ) STRICT;
    CREATE INDEX page_edits_page ON page_edits(page_id, id);
  `,
};
