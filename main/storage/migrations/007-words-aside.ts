import type { Migration } from './migration';

// Words set aside from a page's text (WordView.aside): 'stamp', read inside an incoming-document stamp,
// and 'noise', a line with no sure text (specks, rules, a seal's fragments read as marks). They keep their
// boxes for the viewer, the PDF text layer and ALTO; the page's `text`, and so its search index, leaves
// them out. Words recognized before this migration have none.
export const migration007: Migration = {
  version: 7,
  name: 'words-aside',
  up: `
    ALTER TABLE words ADD COLUMN aside TEXT CHECK (aside IS NULL OR aside IN ('stamp', 'noise'));
  `,
};
