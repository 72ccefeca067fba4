import type { Migration } from './migration';

// Several processes on one store (the app, the CLI, the development host). Each process that writes
// holds a lease: a row it refreshes every few seconds (heartbeat_at, milliseconds since the epoch, so a
// survivor compares numbers) and deletes on a clean close. A process is dead when its heartbeat is older
// than the timeout or, on the same host, its pid is gone.
//
// Jobs belong to the process that runs them (owner, no foreign key: a dead owner's lease row is deleted
// while its jobs wait to be adopted). heartbeat_at is when the owner last vouched for a running job;
// cancel_requested lets one process cancel a job another process runs: the owner aborts it at its next
// heartbeat. Jobs from before this migration have no owner: the first process that runs jobs adopts them.
export const migration009: Migration = {
  version: 9,
  name: 'process-leases',
  up: `
    CREATE TABLE process_leases (
      owner TEXT PRIMARY KEY,
      pid INTEGER NOT NULL CHECK (pid > 0),
      host TEXT NOT NULL,
      started_at TEXT NOT NULL,
      heartbeat_at INTEGER NOT NULL
    ) STRICT;

    ALTER TABLE jobs ADD COLUMN owner TEXT;
    ALTER TABLE jobs ADD COLUMN heartbeat_at INTEGER;
    ALTER TABLE jobs ADD COLUMN cancel_requested INTEGER NOT NULL DEFAULT 0 CHECK (cancel_requested IN (0, 1));
    CREATE INDEX jobs_owner ON jobs(owner, state);
  `,
};
