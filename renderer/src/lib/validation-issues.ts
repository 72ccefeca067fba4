// Zod issues into field messages in both languages. Vietnamese custom messages in the contract are
// shown as written; length limits get one wording; other issues fall back to a per-field explanation.
import { checkedKeys, DOCUMENT_FIELDS, DOSSIER_FIELDS } from '../../../main/contract/archival-fields';

/** The parts of a zod issue this module reads (structural, so it works with any zod 4 issue). */
export interface IssueLike {
  code: string;
  path: readonly PropertyKey[];
  message: string;
  minimum?: number | bigint;
  maximum?: number | bigint;
  origin?: string;
  /** A rule across fields (archival-fields.ts) gives its English wording here. */
  params?: Readonly<Record<string, unknown>>;
}

/** Fields with their own English explanation under `validation.field.*`: the archival ones from their description. */
export const EXPLAINED_FIELDS = ['username', ...checkedKeys(DOSSIER_FIELDS), ...checkedKeys(DOCUMENT_FIELDS)] as const;
export type ExplainedField = (typeof EXPLAINED_FIELDS)[number];

export type IssueKey =
  | 'validation.required'
  | 'validation.tooShort'
  | 'validation.tooLong'
  | 'validation.invalid'
  | `validation.field.${ExplainedField}`;

export interface FieldIssue {
  key: IssueKey;
  params: Record<string, number>;
  /** The message as the contract wrote it (Vietnamese when it is a custom message). */
  message: string;
  /** True when `message` is the contract's own Vietnamese wording and should be shown in Vietnamese. */
  useMessageInVietnamese: boolean;
  /** The contract's own English wording, for a rule across fields (no per-field explanation fits it). */
  messageEn?: string;
}

function explained(field: string): field is ExplainedField {
  return (EXPLAINED_FIELDS as readonly string[]).includes(field);
}

export function describeIssue(issue: IssueLike): FieldIssue {
  const field = String(issue.path[0] ?? '');
  if (issue.code === 'too_big' && issue.maximum !== undefined) {
    return { key: 'validation.tooLong', params: { max: Number(issue.maximum) }, message: issue.message, useMessageInVietnamese: false };
  }
  if (issue.code === 'too_small' && issue.minimum !== undefined) {
    const min = Number(issue.minimum);
    return min <= 1
      ? { key: 'validation.required', params: {}, message: issue.message, useMessageInVietnamese: false }
      : { key: 'validation.tooShort', params: { min }, message: issue.message, useMessageInVietnamese: false };
  }
  const custom = issue.code === 'custom' || issue.code === 'invalid_format' || issue.code === 'invalid_value';
  const en = issue.params?.['en'];
  if (issue.code === 'custom' && typeof en === 'string') return { key: 'validation.invalid', params: {}, message: issue.message, useMessageInVietnamese: true, messageEn: en };
  return {
    key: explained(field) ? `validation.field.${field}` : 'validation.invalid',
    params: {},
    message: issue.message,
    useMessageInVietnamese: custom,
  };
}

/** The first issue of each top-level field. */
export function fieldIssues(issues: readonly IssueLike[]): Record<string, FieldIssue> {
  const out: Record<string, FieldIssue> = {};
  for (const issue of issues) {
    const field = String(issue.path[0] ?? '');
    if (!(field in out)) out[field] = describeIssue(issue);
  }
  return out;
}
