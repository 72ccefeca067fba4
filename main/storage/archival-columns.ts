// The SQL side of the archival fields (main/contract/archival-fields.ts): column lists, assignments and
// the mapping between a row and the fields' values, derived from the description instead of spelled out
// in each query. Column names come from the description only, never from input.
import type { ArchivalField, ArchivalValues } from '../contract/archival-fields';

/** `x.type_name AS typeName, …`: the fields' columns of table alias `alias`, named by their keys. */
export function selectColumns(fields: readonly ArchivalField[], alias: string): string {
  return fields.map((f) => `${alias}.${f.column} AS ${f.key}`).join(', ');
}

/** `type_name = ?, code_number = ?, …`, for an UPDATE whose parameters are `columnValues`. */
export function assignments(fields: readonly ArchivalField[]): string {
  return fields.map((f) => `${f.column} = ?`).join(', ');
}

/** The fields' values as SQLite stores them, in the fields' order (a boolean is 0 or 1). */
export function columnValues<const Fs extends readonly ArchivalField[]>(fields: Fs, values: ArchivalValues<Fs>): Array<string | number | null> {
  const source = values as Record<string, unknown>;
  return fields.map((f) => {
    const value = source[f.key];
    if (value === null || value === undefined) return null;
    if (typeof value === 'boolean') return value ? 1 : 0;
    return value as string | number;
  });
}

/** The fields' values from a row that has each field's column under its column name. */
export function valuesFromRow<const Fs extends readonly ArchivalField[]>(fields: Fs, row: Readonly<Record<string, unknown>>): ArchivalValues<Fs> {
  return Object.fromEntries(
    fields.map((f) => {
      const value = row[f.column] ?? null;
      return [f.key, f.type === 'boolean' && value !== null ? value === 1 : value];
    }),
  ) as ArchivalValues<Fs>;
}
