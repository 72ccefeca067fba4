// The document metadata form: what the inputs hold (strings), how it is checked with the
// contract's schema, and how a proposal from the recognized text is merged in.
import { DOCUMENT_FIELDS, documentMetadataSchema, type ArchivalField, type DocumentFieldKey, type DocumentMetadata } from '../../../main/contract/archival-fields';
import type { DocumentIndexView } from '../../../main/contract/metadata-index';
import type { WordRef } from '../../../main/contract/metadata-proposals';
import { LOW_CONFIDENCE } from './confidence';
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
  proposal: Partial<Record<MetadataField, DocumentMetadata[MetadataField]>>,
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

/** The stored proposals' values (a code field's stored form), as mergeProposal takes them. */
export function proposalValues(view: DocumentIndexView): Partial<Record<MetadataField, string>> {
  const values: Partial<Record<MetadataField, string>> = {};
  for (const field of METADATA_FIELDS) {
    const proposal = view.proposals[field];
    if (proposal) values[field] = proposal.value;
  }
  return values;
}

/** A field whose value came from auto-indexing: how sure the reading was, and the words it came from. */
export interface ProposalMark {
  confidence: number;
  /** Below LOW_CONFIDENCE: read from unsure words, to be checked. */
  low: boolean;
  words: readonly WordRef[];
}

/**
 * The fields to mark as proposed: their value was applied from a proposal (not set by a person) and the
 * form still shows that value (what is typed over it is the person's own).
 */
export function proposalMarks(view: DocumentIndexView | null, values: MetadataFormValues): Partial<Record<MetadataField, ProposalMark>> {
  const marks: Partial<Record<MetadataField, ProposalMark>> = {};
  if (!view) return marks;
  for (const field of METADATA_FIELDS) {
    const proposal = view.proposals[field];
    if (!proposal || view.origins[field]?.origin !== 'proposal' || values[field] !== proposal.value) continue;
    marks[field] = { confidence: proposal.confidence, low: proposal.confidence < LOW_CONFIDENCE, words: proposal.words };
  }
  return marks;
}
