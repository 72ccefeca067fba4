import type { Migration } from './migration';

// Job kinds become an open registry (main/jobs/job-queue.ts: JobQueue.register): the jobs table loses its
// CHECK on the list of kinds, so that a new kind needs no migration. SQLite cannot drop a CHECK, so the
// table is rebuilt one last time (create, copy, drop, rename, indexes again), with foreign keys off
// (rebuildsTables) so that a table referencing jobs keeps its rows and its reference, which names the
// table by name and so points at the rebuilt one. The kind keeps a shape check only: a short name.
// Every other column, default and CHECK is as migrations 002 and 009 left it.
export const migration018: Migration = {
  version: 18,
  name: 'open-job-kinds',
  rebuildsTables: true,
  up: `
    CREATE TABLE jobs_new (
      id INTEGER PRIMARY KEY,
      kind TEXT NOT NULL CHECK (length(kind) BETWEEN 1 AND 64),
      state TEXT NOT NULL CHECK (state IN ('queued', 'running', 'done', 'failed', 'cancelled')),
      dossier_id INTEGER REFERENCES dossiers(id),
      payload TEXT NOT NULL,
      done INTEGER NOT NULL DEFAULT 0,
      total INTEGER NOT NULL DEFAULT 0,
      error TEXT,
      warnings TEXT NOT NULL DEFAULT '[]',
      result TEXT,
      attempts INTEGER NOT NULL DEFAULT 0,
      user_id INTEGER REFERENCES users(id),
      actor TEXT NOT NULL,
      created_at TEXT NOT NULL,
      started_at TEXT,
      finished_at TEXT,
      owner TEXT,
      heartbeat_at INTEGER,
      cancel_requested INTEGER NOT NULL DEFAULT 0 CHECK (cancel_requested IN (0, 1))
    ) STRICT;
    INSERT INTO jobs_new (id, kind, state, dossier_id, payload, done, total, error, warnings, result, attempts, user_id, actor,
                          created_at, started_at, finished_at, owner, heartbeat_at, cancel_requested)
      SELECT id, kind, state, dossier_id, payload, done, total, error, warnings, result, attempts, user_id, actor,
             created_at, started_at, finished_at, owner, heartbeat_at, cancel_requested FROM jobs;
    DROP TABLE jobs;
    ALTER TABLE jobs_new RENAME TO jobs;
    CREATE INDEX jobs_state ON jobs(state);
    CREATE INDEX jobs_owner ON jobs(owner, state);
  `,
};
