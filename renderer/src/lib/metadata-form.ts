// The document metadata form: what the inputs hold (strings), how it is checked with the
// contract's schema, and how a proposal from the recognized text is merged in.
import { documentMetadataSchema, type DocumentMetadata } from '../../../main/contract/domain';
import { fieldIssues, type FieldIssue } from './validation-issues';

export const METADATA_FIELDS = [
  'typeName',
  'codeNumber',
  'codeNotation',
  'issuedDate',
  'place',
  'organName',
  'subject',
  'signerPosition',
  'signerName',
] as const satisfies readonly (keyof DocumentMetadata)[];
export type MetadataField = (typeof METADATA_FIELDS)[number];

export type MetadataFormValues = Record<MetadataField, string>;

export function toFormValues(metadata: DocumentMetadata): MetadataFormValues {
  const values = {} as MetadataFormValues;
  for (const field of METADATA_FIELDS) values[field] = metadata[field] ?? '';
  return values;
}

export function sameFormValues(a: MetadataFormValues, b: MetadataFormValues): boolean {
  return METADATA_FIELDS.every((field) => a[field] === b[field]);
}

export type MetadataValidation =
  | { ok: true; metadata: DocumentMetadata }
  | { ok: false; errors: Partial<Record<MetadataField, FieldIssue>> };

export function validateMetadataForm(values: MetadataFormValues): MetadataValidation {
  // The select's "none" option is an empty string; the schema spells "unknown" as null.
  const input = { ...values, typeName: values.typeName === '' ? null : values.typeName };
  const parsed = documentMetadataSchema.safeParse(input);
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
    const proposed = proposal[field];
    if (values[field].trim() === '' && proposed !== null && proposed.trim() !== '') {
      next[field] = proposed;
      filled.push(field);
    }
  }
  return { values: next, filled };
}
