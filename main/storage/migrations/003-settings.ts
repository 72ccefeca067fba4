import type { Migration } from './migration';

// Workstation settings a supervisor changes from the interface (e.g. the hot folders of wide-format
// scanners and the addresses of network scanners mDNS cannot see), one JSON value per key.
export const migration003: Migration = {
  version: 3,
  name: 'settings',
  up: `
    CREATE TABLE settings (
      key TEXT PRIMARY KEY CHECK (length(key) BETWEEN 1 AND 100),
      value TEXT NOT NULL CHECK (json_valid(value)),
      updated_by INTEGER REFERENCES users(id),
      updated_at TEXT NOT NULL
    ) STRICT;
  `,
};
