import type { Migration } from './migration';

// What the imaging analysis finds on a page. `blank` is null until the page has been analysed; a blank
// page is flagged for the clerk, never removed.
export const migration004: Migration = {
  version: 4,
  name: 'page-analysis',
  up: `
    ALTER TABLE pages ADD COLUMN blank INTEGER CHECK (blank IS NULL OR blank IN (0, 1));
  `,
};
