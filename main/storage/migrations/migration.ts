import type Database from 'better-sqlite3';

/**
 * A numbered, forward-only schema step. `up` runs inside one transaction with the version bump; `run`,
 * when present, runs after `up` in that same transaction, for the steps SQL cannot do alone (computing
 * hashes of existing rows). A failure in either rolls the whole step back.
 */
export interface Migration {
  version: number;
  name: string;
  up: string;
  run?: (db: Database.Database) => void;
}
