import { randomUUID } from 'node:crypto';
import { AUDIT_TRIGGERS_SQL } from '../../accounts/audit-chain';
import type { Migration } from './migration';

// Every audit row names the station that wrote it, so that statistics can later be computed across
// stations from their logs.
//
// station_identity: this installation's id, made here once (a new data folder runs every migration when
// its database is created), and the name a supervisor gives it (main/accounts/station-identity.ts). It is
// not store_identity's id: that one pairs the database with its page folder, is written only at the
// first writable open (after this step) and belongs to the page store's safety checks. The station id
// belongs to the data folder as a whole: a data folder restored from a backup is the same station going on
// (its audit chain goes on too); a new data folder is a new station.
//
// audit_log gets station_id and station_name (the name at the time of the row), and chain_format, which
// says how the row was serialized for its hash (audit-chain.ts). The rows already there get this
// station's id; their hashes were computed without it, so they stay format 1 (chain_format NULL), whose
// hash leaves the station columns out, and the verifier checks those against station_identity instead.
// The update trigger is dropped for the backfill and recreated with the others.
export const migration019: Migration = {
  version: 19,
  name: 'station-identity',
  up: `
    CREATE TABLE station_identity (
      id INTEGER PRIMARY KEY CHECK (id = 1),
      station_id TEXT NOT NULL CHECK (length(station_id) = 36),
      name TEXT CHECK (name IS NULL OR length(name) BETWEEN 1 AND 100),
      created_at TEXT NOT NULL,
      renamed_at TEXT,
      renamed_by INTEGER REFERENCES users(id)
    ) STRICT;
    ALTER TABLE audit_log ADD COLUMN station_id TEXT;
    ALTER TABLE audit_log ADD COLUMN station_name TEXT;
    ALTER TABLE audit_log ADD COLUMN chain_format INTEGER;
    DROP TRIGGER audit_log_no_update;
    DROP TRIGGER audit_log_no_delete;
    DROP TRIGGER audit_log_chained;
  `,
  run(db) {
    const stationId = randomUUID();
    db.prepare("INSERT INTO station_identity (id, station_id, created_at) VALUES (1, ?, strftime('%Y-%m-%dT%H:%M:%fZ'))").run(stationId);
    db.prepare('UPDATE audit_log SET station_id = ?').run(stationId);
    db.exec(AUDIT_TRIGGERS_SQL);
  },
};
