// The document metadata form: what the inputs hold (strings), how it is checked with the
// contract's schema, and how a proposal from the recognized text is merged in.
import {
  DOCUMENT_FIELDS,
  documentMetadataSchema,
  editableFields,
  EMPTY_METADATA,
  type ArchivalField,
  type DocumentEditableKey,
  type DocumentFieldKey,
  type DocumentMetadata,
  type DocumentValues,
} from '../../../main/contract/archival-fields';
import type { DocumentIndexView } from '../../../main/contract/metadata-index';
import type { WordRef } from '../../../main/contract/metadata-proposals';
import { LOW_CONFIDENCE } from './confidence';
import { fieldIssues, type FieldIssue } from './validation-issues';

export type MetadataField = DocumentFieldKey;
/** The form's fields as described, in the description's order (widened: the form handles every type). */
export const METADATA_FORM_FIELDS: ReadonlyArray<ArchivalField<MetadataField>> = DOCUMENT_FIELDS;
export const METADATA_FIELDS: readonly MetadataField[] = METADATA_FORM_FIELDS.map((f) => f.key);
/** The fields a person types (the derived ones are shown read-only and never sent). */
export const EDITABLE_METADATA_FIELDS: readonly DocumentEditableKey[] = editableFields(DOCUMENT_FIELDS).map((f) => f.key);

export type MetadataFormValues = Record<MetadataField, string>;

/** Any archival values as the inputs hold them: a multi-valued code as `01,09`, nothing as ''. */
export function formValuesOf<K extends string>(fields: ReadonlyArray<ArchivalField<K>>, values: Readonly<Partial<Record<K, unknown>>>): Record<K, string> {
  const form = {} as Record<K, string>;
  for (const f of fields) {
    const value = values[f.key];
    form[f.key] = Array.isArray(value) ? value.join(',') : String(value ?? '');
  }
  return form;
}

/** The view's metadata (derived fields included) or a person's values (derived ones then empty). */
export function toFormValues(metadata: DocumentMetadata | DocumentValues): MetadataFormValues {
  return formValuesOf(METADATA_FORM_FIELDS, metadata);
}

export function sameFormValues(a: MetadataFormValues, b: MetadataFormValues): boolean {
  return METADATA_FIELDS.every((field) => a[field] === b[field]);
}

export type MetadataValidation =
  | { ok: true; metadata: DocumentMetadata }
  | { ok: false; errors: Partial<Record<MetadataField, FieldIssue>> };

/** What the inputs hold, as the schema reads it: texts and dates as typed, the rest converted. */
export function schemaInput<K extends string>(fields: ReadonlyArray<ArchivalField<K>>, values: Record<K, string>): Record<string, unknown> {
  const input: Record<string, unknown> = { ...values };
  for (const field of fields) {
    const value = values[field.key];
    // A select's "none" option and an empty number are empty strings; the schema spells "unknown" as null.
    if (field.type === 'code' && field.multiple) input[field.key] = value.split(',').filter((code) => code !== '');
    else if (field.type === 'code') input[field.key] = value === '' ? null : value;
    else if (field.type === 'integer') input[field.key] = value.trim() === '' ? null : Number(value);
    else if (field.type === 'boolean') input[field.key] = value === '' ? null : value === 'true';
  }
  return input;
}

export function validateMetadataForm(values: MetadataFormValues): MetadataValidation {
  const parsed = documentMetadataSchema.safeParse(schemaInput(METADATA_FORM_FIELDS, values));
  if (parsed.success) return { ok: true, metadata: parsed.data };
  return { ok: false, errors: fieldIssues(parsed.error.issues) as Partial<Record<MetadataField, FieldIssue>> };
}

/**
 * Fills the empty fields from a proposal. What the clerk already typed is never replaced.
 * Returns the new values and the fields that were filled.
 */
export function mergeProposal(
  values: MetadataFormValues,
  proposal: Partial<Record<DocumentEditableKey, unknown>>,
): { values: MetadataFormValues; filled: MetadataField[] } {
  const next = { ...values };
  // A proposal's values are in the fields' stored form (proposalValues), as the form's own values are.
  const proposed = toFormValues({ ...EMPTY_METADATA, ...proposal } as DocumentMetadata);
  const filled: MetadataField[] = [];
  for (const field of EDITABLE_METADATA_FIELDS) {
    if (values[field].trim() === '' && proposed[field].trim() !== '') {
      next[field] = proposed[field];
      filled.push(field);
    }
  }
  return { values: next, filled };
}

/** A group of the document form: what a clerk fills together, in the order of the paper. */
export interface MetadataGroup {
  readonly id: 'identity' | 'access' | 'description' | 'procedure';
  readonly fields: readonly MetadataField[];
}

const GROUPED: ReadonlyArray<MetadataGroup> = [
  {
    id: 'identity',
    fields: ['typeName', 'typeNamePrinted', 'codeNumber', 'codeNotation', 'issuedDate', 'place', 'organName', 'subject', 'signerPosition', 'signerName'],
  },
  { id: 'access', fields: ['secrecyMark', 'urgencyMark', 'mode', 'confidenceLevel', 'format', 'language'] },
  { id: 'description', fields: ['docCode', 'numberOfPage', 'inforSign', 'keyword', 'autograph', 'description'] },
  { id: 'procedure', fields: ['procedureFileCode', 'procedureCode', 'identityCode'] },
];

/**
 * The form's groups, every field in exactly one: a field the groups do not name yet (a new line in the
 * description) is shown at the end of the description group rather than left out.
 */
export const METADATA_GROUPS: ReadonlyArray<MetadataGroup> = (() => {
  const named = new Set(GROUPED.flatMap((g) => g.fields));
  const rest = METADATA_FIELDS.filter((f) => !named.has(f));
  return GROUPED.map((g) => (g.id === 'description' ? { ...g, fields: [...g.fields, ...rest] } : g));
})();

/** The NĐ 30 marks the form and the list show in red: the secrecy mark, then the urgency mark. */
export function documentMarks(values: Readonly<Partial<Record<'secrecyMark' | 'urgencyMark', string | null>>>): string[] {
  return [values.secrecyMark, values.urgencyMark].filter((m): m is string => typeof m === 'string' && m !== '');
}

/** The stored proposals' values (a code field's stored form), as mergeProposal takes them. */
export function proposalValues(view: DocumentIndexView): Partial<Record<DocumentEditableKey, string>> {
  const values: Partial<Record<DocumentEditableKey, string>> = {};
  for (const field of EDITABLE_METADATA_FIELDS) {
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
