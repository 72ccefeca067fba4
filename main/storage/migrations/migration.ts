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
  /**
   * The step rebuilds a table other tables may reference (create, copy, drop, rename): it runs with
   * foreign keys off, as SQLite's procedure for such changes asks (dropping the parent would otherwise
   * delete or refuse for its children, and PRAGMA foreign_keys cannot change inside a transaction), and
   * PRAGMA foreign_key_check must find nothing before it commits.
   */
  rebuildsTables?: boolean;
}
