// The document metadata form: what the inputs hold (strings), how it is checked with the
// contract's schema, and how a proposal from the recognized text is merged in.
import { DOCUMENT_FIELDS, documentMetadataSchema, type ArchivalField, type DocumentFieldKey, type DocumentMetadata } from '../../../main/contract/archival-fields';
import { fieldIssues, type FieldIssue } from './validation-issues';

export type MetadataField = DocumentFieldKey;
/** The form's fields as described, in the description's order (widened: the form handles every type). */
export const METADATA_FORM_FIELDS: ReadonlyArray<ArchivalField<MetadataField>> = DOCUMENT_FIELDS;
export const METADATA_FIELDS: readonly MetadataField[] = METADATA_FORM_FIELDS.map((f) => f.key);

export type MetadataFormValues = Record<MetadataField, string>;

export function toFormValues(metadata: DocumentMetadata): MetadataFormValues {
  const values = {} as MetadataFormValues;
  for (const field of METADATA_FIELDS) values[field] = String(metadata[field] ?? '');
  return values;
}

export function sameFormValues(a: MetadataFormValues, b: MetadataFormValues): boolean {
  return METADATA_FIELDS.every((field) => a[field] === b[field]);
}

export type MetadataValidation =
  | { ok: true; metadata: DocumentMetadata }
  | { ok: false; errors: Partial<Record<MetadataField, FieldIssue>> };

/** What the inputs hold, as the schema reads it: texts and dates as typed, the rest converted. */
function schemaInput(values: MetadataFormValues): Record<string, unknown> {
  const input: Record<string, unknown> = { ...values };
  for (const field of METADATA_FORM_FIELDS) {
    const value = values[field.key];
    // A select's "none" option and an empty number are empty strings; the schema spells "unknown" as null.
    if (field.type === 'code') input[field.key] = value === '' ? null : value;
    else if (field.type === 'integer') input[field.key] = value.trim() === '' ? null : Number(value);
    else if (field.type === 'boolean') input[field.key] = value === '' ? null : value === 'true';
  }
  return input;
}

export function validateMetadataForm(values: MetadataFormValues): MetadataValidation {
  const parsed = documentMetadataSchema.safeParse(schemaInput(values));
  if (parsed.success) return { ok: true, metadata: parsed.data };
  return { ok: false, errors: fieldIssues(parsed.error.issues) as Partial<Record<MetadataField, FieldIssue>> };
}

/**
 * Fills the empty fields from a proposal. What the clerk already typed is never replaced.
 * Returns the new values and the fields that were filled.
 */
export function mergeProposal(
  values: MetadataFormValues,
  proposal: DocumentMetadata,
): { values: MetadataFormValues; filled: MetadataField[] } {
  const next = { ...values };
  const filled: MetadataField[] = [];
  for (const field of METADATA_FIELDS) {
    const proposed = String(proposal[field] ?? '');
    if (values[field].trim() === '' && proposed.trim() !== '') {
      next[field] = proposed;
      filled.push(field);
    }
  }
  return { values: next, filled };
}
