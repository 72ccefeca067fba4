// The audit log's hash chain: how one row is serialized and hashed, and how it links to the row before.
// Shared by AuditLog.record (new rows), migration 012 (rows written before the chain) and the verifier,
// so that all three hash a row the same way.
import { createHash } from 'node:crypto';
import type { Db } from '../storage/database';

/** The previous-row hash of the first row of the chain. */
export const GENESIS_HASH = '0'.repeat(64);

/**
 * The serialization of the rows written now, stored in each row's `chain_format` (and so hashed with it).
 * Format 1 (chain_format NULL: the rows written before migration 019) leaves out the station columns that
 * migration backfilled after those rows were hashed; the verifier checks them against the station instead.
 */
export const CHAIN_FORMAT = 2;
const BACKFILLED_INTO_FORMAT_1 = new Set(['station_id', 'station_name']);

/** An audit row as SQLite stores it, read with safe integers: INTEGER as bigint, REAL as number. */
export type StoredRow = Record<string, unknown>;

/**
 * The row's canonical form: every column but `row_hash` (so `prev_hash`, which links the chain, is
 * covered), in column-name order, each as [name, SQLite storage class, value as text] — so NULL, '' and 0
 * stay three different things, and 1 differs from 1.0. A NULL column is left out: a column added to the
 * table later reads NULL in the older rows, and their hashes stay valid. A column added later must
 * therefore be nullable with no default (its value is given at insert); AuditLog.record checks each row
 * it writes against this function, so a default it does not know of fails loudly instead of breaking the
 * chain.
 */
export function canonicalRow(row: StoredRow): string {
  const format = chainFormat(row);
  const fields: Array<[string, string, string]> = [];
  for (const name of Object.keys(row).sort()) {
    if (name === 'row_hash' || (format === 1 && BACKFILLED_INTO_FORMAT_1.has(name))) continue;
    const value = row[name];
    if (value === null || value === undefined) continue;
    fields.push([name, ...typedValue(name, value)]);
  }
  return `sohoa-audit-row/${format}\n${JSON.stringify(fields)}`;
}

/** The row's serialization format: 1 for the rows from before migration 019, else what it names. */
export function chainFormat(row: StoredRow): number {
  const format = row.chain_format;
  return format === null || format === undefined ? 1 : Number(format);
}

function typedValue(name: string, value: unknown): [string, string] {
  if (typeof value === 'bigint') return ['integer', value.toString()];
  if (typeof value === 'number') return ['real', Object.is(value, -0) ? '-0' : String(value)];
  if (typeof value === 'string') return ['text', value];
  if (value instanceof Uint8Array) return ['blob', Buffer.from(value).toString('hex')];
  throw new Error(`audit_log.${name}: unexpected value of type ${typeof value} (read rows with safeIntegers)`);
}

/** SHA-256 (hex) of the row's canonical form: the value its `row_hash` must hold. */
export function rowHash(row: StoredRow): string {
  return createHash('sha256').update(canonicalRow(row), 'utf8').digest('hex');
}

/**
 * The chain's end: the last row's id and stored hash, which the next row links to (0 and GENESIS_HASH when
 * the log is empty). A last row without a hash (written behind the triggers' back) links like the start,
 * as the insert guard below does: the verifier reports that row, and recording goes on meanwhile.
 */
export function chainHead(db: Db): { id: number; rowHash: string } {
  const last = db.prepare('SELECT id, row_hash FROM audit_log ORDER BY id DESC LIMIT 1').get() as { id: number; row_hash: string | null } | undefined;
  return { id: last?.id ?? 0, rowHash: last?.row_hash ?? GENESIS_HASH };
}

/**
 * Guards the chain inside SQLite, for writers that bypass AuditLog (another tool, a forgotten code path):
 * a new row must carry both hashes, take the next id and name the current last row's hash. Two writers
 * therefore cannot fork the chain even outside an IMMEDIATE transaction. It cannot check the row's own
 * hash (SQLite has no SHA-256); the verifier does.
 */
export const AUDIT_TRIGGERS_SQL = `
  CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
    BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
  CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
    BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
  CREATE TRIGGER audit_log_chained BEFORE INSERT ON audit_log
    WHEN NEW.row_hash IS NULL
      OR NEW.id IS NOT (SELECT coalesce(max(id), 0) + 1 FROM audit_log)
      OR NEW.prev_hash IS NOT coalesce((SELECT row_hash FROM audit_log ORDER BY id DESC LIMIT 1), '${GENESIS_HASH}')
    BEGIN SELECT RAISE(ABORT, 'audit_log rows must extend the hash chain (AuditLog.record)'); END;
`;
