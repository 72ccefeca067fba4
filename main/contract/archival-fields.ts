// The archival fields of a dossier (hồ sơ) and of a document (văn bản), Thông tư 05/2025/TT-BNV, each
// described once: its key, SQL column, labels, type, maximum length, code list and whether it must be
// given. The zod schemas, the empty values, the SQL column lists and row mapping (main/storage/
// archival-columns.ts), the metadata form and the JSON record are derived from these lists, so that a new
// field is one line here plus the migration that adds its column. Isomorphic: imports nothing but zod.
import { z } from 'zod';

export type ArchivalFieldType = 'text' | 'date' | 'integer' | 'code' | 'boolean';

/** One entry of a field's code list: the circular's code and its names. */
export interface ArchivalCode {
  readonly code: string;
  readonly vi: string;
  readonly en: string;
}

export interface ArchivalField<K extends string = string> {
  readonly key: K;
  /** The column in the field's table (dossiers or documents). */
  readonly column: string;
  readonly vi: string;
  readonly en: string;
  readonly type: ArchivalFieldType;
  /** Characters at most (text), the circular's maximum and the column's CHECK. */
  readonly max?: number;
  /** Characters at least, for a required text. */
  readonly min?: number;
  /** The allowed codes of a code field. */
  readonly codes?: readonly ArchivalCode[];
  /** What a code field stores: the code ('01'), or its Vietnamese name (typeName stores «Quyết định»). */
  readonly stores?: 'code' | 'name';
  /** A person must give it (the column is NOT NULL without a default). */
  readonly required: boolean;
  /** What the column holds when nothing was given (NOT NULL DEFAULT). */
  readonly default?: string | number;
  /** The shape a text must have, with the message of a value that does not, in both languages. */
  readonly pattern?: { readonly regex: RegExp; readonly vi: string; readonly en: string };
}

// ---- code lists

/** Loại văn bản (typeName): code, Vietnamese name (what is stored), English name. */
export const DOCUMENT_TYPE_CODES = [
  { code: '01', vi: 'Nghị quyết', en: 'Resolution' },
  { code: '02', vi: 'Quyết định', en: 'Decision' },
  { code: '03', vi: 'Chỉ thị', en: 'Directive' },
  { code: '04', vi: 'Quy chế', en: 'Regulations' },
  { code: '05', vi: 'Quy định', en: 'Rules' },
  { code: '06', vi: 'Thông cáo', en: 'Communiqué' },
  { code: '07', vi: 'Thông báo', en: 'Notice' },
  { code: '08', vi: 'Hướng dẫn', en: 'Guidance' },
  { code: '09', vi: 'Chương trình', en: 'Programme' },
  { code: '10', vi: 'Kế hoạch', en: 'Plan' },
  { code: '11', vi: 'Phương án', en: 'Action plan' },
  { code: '12', vi: 'Đề án', en: 'Scheme' },
  { code: '13', vi: 'Dự án', en: 'Project' },
  { code: '14', vi: 'Báo cáo', en: 'Report' },
  { code: '15', vi: 'Tờ trình', en: 'Submission' },
  { code: '16', vi: 'Giấy ủy quyền', en: 'Letter of authorization' },
  { code: '17', vi: 'Phiếu gửi', en: 'Dispatch slip' },
  { code: '18', vi: 'Phiếu chuyển', en: 'Transfer slip' },
  { code: '19', vi: 'Phiếu báo', en: 'Notification slip' },
  { code: '20', vi: 'Biên bản', en: 'Minutes' },
  { code: '21', vi: 'Hợp đồng', en: 'Contract' },
  { code: '22', vi: 'Công văn', en: 'Official letter' },
  { code: '23', vi: 'Công điện', en: 'Official telegram' },
  { code: '24', vi: 'Bản ghi nhớ', en: 'Memorandum of understanding' },
  { code: '25', vi: 'Bản thỏa thuận', en: 'Agreement' },
  { code: '26', vi: 'Giấy mời', en: 'Invitation' },
  { code: '27', vi: 'Giấy giới thiệu', en: 'Letter of introduction' },
  { code: '28', vi: 'Giấy nghỉ phép', en: 'Leave permit' },
  { code: '29', vi: 'Thư công', en: 'Official correspondence' },
  { code: '30', vi: 'Bản đồ', en: 'Map' },
  { code: '31', vi: 'Bản vẽ kỹ thuật', en: 'Technical drawing' },
  { code: '32', vi: 'Khác', en: 'Other' },
] as const satisfies readonly ArchivalCode[];

const MAINTENANCE_CODES = [
  { code: '01', vi: 'Vĩnh viễn', en: 'Permanent' },
  { code: '02', vi: '70 năm', en: '70 years' },
  { code: '03', vi: '50 năm', en: '50 years' },
  { code: '04', vi: '30 năm', en: '30 years' },
  { code: '05', vi: '20 năm', en: '20 years' },
  { code: '06', vi: '10 năm', en: '10 years' },
  { code: '07', vi: 'Khác', en: 'Other' },
] as const satisfies readonly ArchivalCode[];

const ACCESS_MODE_CODES = [
  { code: '01', vi: 'Công khai', en: 'Public' },
  { code: '02', vi: 'Sử dụng có điều kiện', en: 'Restricted use' },
  { code: '03', vi: 'Mật', en: 'Confidential' },
] as const satisfies readonly ArchivalCode[];

const PHYSICAL_STATE_CODES = [
  { code: '01', vi: 'Tốt', en: 'Good' },
  { code: '02', vi: 'Bình thường', en: 'Fair' },
  { code: '03', vi: 'Hỏng', en: 'Damaged' },
] as const satisfies readonly ArchivalCode[];

const CONFIDENCE_LEVEL_CODES = [
  { code: '01', vi: 'Gốc điện tử', en: 'Born-digital original' },
  { code: '02', vi: 'Số hóa', en: 'Digitized' },
  { code: '03', vi: 'Hỗn hợp', en: 'Mixed' },
] as const satisfies readonly ArchivalCode[];

const RISK_RECOVERY_STATUS_CODES = [
  { code: '01', vi: 'Đã dự phòng', en: 'Backup copy made' },
  { code: '02', vi: 'Chưa dự phòng', en: 'No backup copy yet' },
] as const satisfies readonly ArchivalCode[];

// ---- the fields

/** Hồ sơ: every column of the dossiers table (migration 001). totalDoc and numberOfPage are counted, not stored. */
export const DOSSIER_FIELDS = [
  {
    key: 'fileCode', column: 'file_code', vi: 'Mã hồ sơ', en: 'Dossier code', type: 'text', min: 3, max: 100, required: true,
    pattern: { regex: /^[A-Za-z0-9]+(\.[A-Za-z0-9]+)+$/, vi: 'Mã hồ sơ gồm các phần chữ/số cách nhau bằng dấu chấm, ví dụ H49.64.33.2001.160',
      en: 'A dossier code is parts of letters/digits separated by dots, e.g. H49.64.33.2001.160' },
  },
  { key: 'title', column: 'title', vi: 'Tiêu đề hồ sơ', en: 'Dossier title', type: 'text', min: 1, max: 1000, required: true },
  { key: 'maintenance', column: 'maintenance', vi: 'Thời hạn bảo quản', en: 'Retention period', type: 'code', codes: MAINTENANCE_CODES, required: false },
  { key: 'mode', column: 'mode', vi: 'Chế độ sử dụng', en: 'Access', type: 'code', codes: ACCESS_MODE_CODES, required: false },
  // Multi-valued codes (01 Tiếng Việt … 09 Hán Nôm … 11 Khác): the list comes with the metadata issue.
  { key: 'language', column: 'language', vi: 'Ngôn ngữ', en: 'Language', type: 'text', required: false, default: '01' },
  { key: 'startDate', column: 'start_date', vi: 'Thời gian bắt đầu', en: 'Start date', type: 'date', required: false },
  { key: 'endDate', column: 'end_date', vi: 'Thời gian kết thúc', en: 'End date', type: 'date', required: false },
  { key: 'keyword', column: 'keyword', vi: 'Từ khóa', en: 'Keywords', type: 'text', max: 100, required: false },
  { key: 'numberOfPaper', column: 'number_of_paper', vi: 'Số lượng tờ', en: 'Number of sheets', type: 'integer', required: false },
  { key: 'format', column: 'format', vi: 'Tình trạng vật lý', en: 'Physical condition', type: 'code', codes: PHYSICAL_STATE_CODES, required: false },
  { key: 'inforSign', column: 'infor_sign', vi: 'Ký hiệu thông tin', en: 'Information sign', type: 'text', max: 30, required: false },
  {
    key: 'confidenceLevel', column: 'confidence_level', vi: 'Mức độ tin cậy', en: 'Confidence level', type: 'code', codes: CONFIDENCE_LEVEL_CODES,
    required: false, default: '02',
  },
  { key: 'paperFileCode', column: 'paper_file_code', vi: 'Mã hồ sơ giấy gốc', en: 'Paper original code', type: 'text', required: false },
  { key: 'riskRecovery', column: 'risk_recovery', vi: 'Chế độ dự phòng', en: 'Backup copy', type: 'boolean', required: false, default: 0 },
  {
    key: 'riskRecoveryStatus', column: 'risk_recovery_status', vi: 'Tình trạng dự phòng', en: 'Backup status', type: 'code', codes: RISK_RECOVERY_STATUS_CODES,
    required: false,
  },
  { key: 'description', column: 'description', vi: 'Ghi chú', en: 'Notes', type: 'text', max: 2000, required: false },
] as const satisfies readonly ArchivalField[];

/**
 * Văn bản: the document metadata the workstation keeps today, in the order of the form and of the JSON
 * record. A new field here also needs its column in a migration, and that migration must add the column to
 * the documents_content_update trigger (migration 014) so that a change to it counts as a change since export.
 */
export const DOCUMENT_FIELDS = [
  { key: 'typeName', column: 'type_name', vi: 'Loại văn bản', en: 'Document type', type: 'code', codes: DOCUMENT_TYPE_CODES, stores: 'name', required: false },
  {
    key: 'codeNumber', column: 'code_number', vi: 'Số', en: 'Number', type: 'text', max: 11, required: false,
    pattern: { regex: /^[0-9A-Za-z.]+$/, vi: 'Số văn bản chỉ gồm chữ số (và chữ cái)', en: 'A document number has digits (and letters) only' },
  },
  {
    key: 'codeNotation', column: 'code_notation', vi: 'Ký hiệu', en: 'Notation', type: 'text', max: 30, required: false,
    pattern: { regex: /^[\p{L}\d]+(?:[-/.][\p{L}\d]+)*$/u, vi: 'Ký hiệu không hợp lệ (ví dụ QĐ-UBND)', en: 'Invalid notation (e.g. QĐ-UBND)' },
  },
  { key: 'issuedDate', column: 'issued_date', vi: 'Ngày ban hành', en: 'Date issued', type: 'date', required: false },
  { key: 'place', column: 'place', vi: 'Địa danh', en: 'Place', type: 'text', max: 100, required: false },
  { key: 'organName', column: 'organ_name', vi: 'Cơ quan ban hành', en: 'Issuing body', type: 'text', max: 200, required: false },
  { key: 'subject', column: 'subject', vi: 'Trích yếu nội dung', en: 'Subject (abstract)', type: 'text', max: 500, required: false },
  { key: 'signerPosition', column: 'signer_position', vi: 'Chức vụ người ký', en: 'Signer’s position', type: 'text', max: 100, required: false },
  { key: 'signerName', column: 'signer_name', vi: 'Người ký', en: 'Signer', type: 'text', max: 50, required: false },
] as const satisfies readonly ArchivalField[];

// ---- derived types

type FieldOutput<F> = F extends { type: 'code'; stores: 'name'; codes: readonly (infer C)[] }
  ? C extends { vi: infer N } ? N : never
  : F extends { type: 'code'; codes: readonly (infer C)[] }
    ? C extends { code: infer V } ? V : never
    : F extends { type: 'integer' }
      ? number
      : F extends { type: 'boolean' }
        ? boolean
        : string;

type FieldValue<F> = F extends { required: true } ? FieldOutput<F> : FieldOutput<F> | null;

/** The values of a list of fields, by key: what its schema outputs and its SQL row maps to. */
export type ArchivalValues<Fs extends readonly ArchivalField[]> = { [F in Fs[number] as F['key']]: FieldValue<F> };

/** The zod shape of a list of fields, by key. */
export type ArchivalShape<Fs extends readonly ArchivalField[]> = {
  [F in Fs[number] as F['key']]: z.ZodType<FieldValue<F>, F extends { required: true } ? string : unknown>;
};

// ---- derived schemas and values

function isRealDate(value: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return false;
  const [, y, m, d] = match.map(Number) as [number, number, number, number];
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d && y >= 1900;
}

/** The values a code field accepts: its codes, or their Vietnamese names when it stores those. */
export function codeValues(field: ArchivalField): [string, ...string[]] {
  const codes = field.codes ?? [];
  if (codes.length === 0) throw new Error(`Trường mã «${field.key}» chưa có danh mục mã`);
  return codes.map((c) => (field.stores === 'name' ? c.vi : c.code)) as [string, ...string[]];
}

/** The fields that check more than a length: a pattern, a code list or a real date. */
type CheckedKey<Fs extends readonly ArchivalField[]> = Extract<Fs[number], { pattern: object } | { type: 'code' | 'date' }>['key'];

/** What a value failing the field's own check (its pattern, code list or calendar) is told, or undefined when it has none. */
export function checkMessage(field: ArchivalField, lang: 'vi' | 'en'): string | undefined {
  if (field.pattern) return field.pattern[lang];
  if (field.type === 'code') return lang === 'vi' ? `${field.vi} không có trong danh mục` : `${field.en}: not in the list`;
  if (field.type === 'date') return lang === 'vi' ? `${field.vi} phải có dạng YYYY-MM-DD và là ngày có thật` : `${field.en} must be YYYY-MM-DD and a real date`;
  return undefined;
}

/** The check messages of the fields that have one, by key: for the UI dictionaries. */
export function checkMessages<const Fs extends readonly ArchivalField[]>(fields: Fs, lang: 'vi' | 'en'): { readonly [K in CheckedKey<Fs>]: string } {
  return Object.fromEntries(fields.flatMap((f) => {
    const message = checkMessage(f, lang);
    return message === undefined ? [] : [[f.key, message]];
  })) as { readonly [K in CheckedKey<Fs>]: string };
}

/** The keys of the fields with a check message, in the list's order. */
export function checkedKeys<const Fs extends readonly ArchivalField[]>(fields: Fs): Array<CheckedKey<Fs>> {
  return fields.filter((f) => checkMessage(f, 'vi') !== undefined).map((f) => f.key as CheckedKey<Fs>);
}

/**
 * One field's schema. A field a person may leave out is nullable, and an empty text becomes null so that
 * "unknown" has one spelling; texts are stored in NFC.
 */
export function fieldSchema(field: ArchivalField): z.ZodType {
  switch (field.type) {
    case 'code': {
      const values = z.enum(codeValues(field), { message: checkMessage(field, 'vi') });
      return field.required ? values : values.nullable();
    }
    case 'integer': {
      const n = z.number().int().min(0);
      return field.required ? n : n.nullable();
    }
    case 'boolean':
      return field.required ? z.boolean() : z.boolean().nullable();
    case 'date': {
      const message = checkMessage(field, 'vi');
      if (field.required) return z.string().trim().refine(isRealDate, { message });
      return z
        .string()
        .trim()
        .transform((s) => (s === '' ? null : s))
        .nullable()
        .refine((v) => v === null || isRealDate(v), { message });
    }
    case 'text': {
      if (field.required) {
        let text = z.string().trim().min(field.min ?? 1);
        if (field.max !== undefined) text = text.max(field.max);
        return field.pattern ? text.regex(field.pattern.regex, { message: field.pattern.vi }) : text;
      }
      const base = z.string().trim();
      const optional = (field.max === undefined ? base : base.max(field.max, { message: `Tối đa ${field.max} ký tự` }))
        .transform((s) => (s === '' ? null : s.normalize('NFC')))
        .nullable();
      const pattern = field.pattern;
      return pattern ? optional.refine((v) => v === null || pattern.regex.test(v), { message: pattern.vi }) : optional;
    }
  }
}

/** The object schema of a list of fields, keys in the list's order. */
export function archivalSchema<const Fs extends readonly ArchivalField[]>(fields: Fs): z.ZodObject<ArchivalShape<Fs>> {
  return z.object(Object.fromEntries(fields.map((f) => [f.key, fieldSchema(f)]))) as unknown as z.ZodObject<ArchivalShape<Fs>>;
}

/** Nothing known yet: each field's default, or null. */
export function emptyValues<const Fs extends readonly ArchivalField[]>(fields: Fs): ArchivalValues<Fs> {
  return Object.fromEntries(fields.map((f) => [f.key, f.default === undefined ? null : f.type === 'boolean' ? f.default === 1 : f.default])) as ArchivalValues<Fs>;
}

/**
 * The values in the list's order, every key present (null when unknown): what the JSON record and a
 * view carry, whatever order or extra keys `values` had.
 */
export function orderedValues<const Fs extends readonly ArchivalField[]>(fields: Fs, values: ArchivalValues<Fs>): ArchivalValues<Fs> {
  const source = values as Record<string, unknown>;
  return Object.fromEntries(fields.map((f) => [f.key, source[f.key] ?? null])) as ArchivalValues<Fs>;
}

/** The fields named by `keys`, in the list's order. */
export function pickFields<const Fs extends readonly ArchivalField[], K extends Fs[number]['key']>(fields: Fs, keys: readonly K[]): Array<Extract<Fs[number], { key: K }>> {
  return fields.filter((f): f is Extract<Fs[number], { key: K }> => (keys as readonly string[]).includes(f.key));
}

/** Each field's label in one language, by key: for the UI dictionaries. */
export function fieldLabels<const Fs extends readonly ArchivalField[]>(fields: Fs, lang: 'vi' | 'en'): { readonly [F in Fs[number] as F['key']]: string } {
  return Object.fromEntries(fields.map((f) => [f.key, f[lang]])) as { readonly [F in Fs[number] as F['key']]: string };
}

export type DossierFieldKey = (typeof DOSSIER_FIELDS)[number]['key'];
export type DocumentFieldKey = (typeof DOCUMENT_FIELDS)[number]['key'];

/** A dossier's archival fields, as a person gives them. */
export const dossierFieldsSchema = archivalSchema(DOSSIER_FIELDS);
export type DossierFields = ArchivalValues<typeof DOSSIER_FIELDS>;

/** A document's archival metadata (văn bản, TT 05/2025 keys). */
export const documentMetadataSchema = archivalSchema(DOCUMENT_FIELDS);
export type DocumentMetadata = ArchivalValues<typeof DOCUMENT_FIELDS>;
export const EMPTY_METADATA: DocumentMetadata = emptyValues(DOCUMENT_FIELDS);
