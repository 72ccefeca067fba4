// The SQL side of the archival fields (main/contract/archival-fields.ts): column lists, assignments and
// the mapping between a row and the fields' values, derived from the description instead of spelled out
// in each query. Column names come from the description only, never from input.
// A derived field has no column: the writers skip it, and a reading computes it under its `column` name.
import { editableFields, type ArchivalField, type ArchivalValues, type EditableValues } from '../contract/archival-fields';

/** `x.type_name AS typeName, …`: the stored fields' columns of table alias `alias`, named by their keys. */
export function selectColumns(fields: readonly ArchivalField[], alias: string): string {
  return editableFields(fields).map((f) => `${alias}.${f.column} AS ${f.key}`).join(', ');
}

/** `type_name = ?, code_number = ?, …` of the stored fields, for an UPDATE whose parameters are `columnValues`. */
export function assignments(fields: readonly ArchivalField[]): string {
  return editableFields(fields).map((f) => `${f.column} = ?`).join(', ');
}

/**
 * The stored fields' values as SQLite stores them, in the fields' order: a boolean is 0 or 1, a
 * multi-valued code `01,03`, and nothing given is the column's default where it has one (NOT NULL).
 */
export function columnValues<const Fs extends readonly ArchivalField[]>(fields: Fs, values: EditableValues<Fs>): Array<string | number | null> {
  const source = values as Record<string, unknown>;
  return editableFields(fields).map((f) => {
    const value = source[f.key];
    if (value === null || value === undefined) return f.default ?? null;
    if (typeof value === 'boolean') return value ? 1 : 0;
    if (Array.isArray(value)) return value.length === 0 ? (f.default ?? null) : value.join(',');
    return value as string | number;
  });
}

/** The fields' values from a row that has each field's column (or computed value) under its column name. */
export function valuesFromRow<const Fs extends readonly ArchivalField[]>(fields: Fs, row: Readonly<Record<string, unknown>>): ArchivalValues<Fs> {
  return Object.fromEntries(
    fields.map((f) => {
      const value = row[f.column] ?? null;
      if (value === null) return [f.key, null];
      if (f.type === 'boolean') return [f.key, value === 1];
      if (f.multiple) return [f.key, String(value).split(',')];
      return [f.key, value];
    }),
  ) as ArchivalValues<Fs>;
}
