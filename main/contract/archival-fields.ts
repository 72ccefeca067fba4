// The archival fields of a dossier (hồ sơ) and of a document (văn bản), Thông tư 05/2025/TT-BNV, each
// described once: its key, SQL column, labels, type, maximum length, code list and whether it must be
// given. The zod schemas, the empty values, the SQL column lists and row mapping (main/storage/
// archival-columns.ts), the metadata form and the JSON record are derived from these lists, so that a new
// field is one line here plus the migration that adds its column. A derived field (`derived: true`) is
// computed from other rows (the dossier's documents, the document's pages) and never typed: the input
// schemas, the forms and the SQL writers skip it, the views and records carry it. Isomorphic: imports
// nothing but zod and the marks of the auto-indexing contract.
import { z } from 'zod';
import { SECRECY_MARKS, URGENCY_MARKS } from './metadata-proposals';

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
  /**
   * A code field holding several codes (language: a dossier in Vietnamese and French): its value is the
   * list of codes, stored as `01,03`, in the list's order.
   */
  readonly multiple?: true;
  /**
   * Computed from other rows, never typed: no input schema, form input or SQL writer has it. Its `column`
   * is the name the store's reading computes it under, not a column of the table.
   */
  readonly derived?: true;
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

/**
 * Ngôn ngữ (language), multi-valued. The list of the brief (domain.md §4 gives 01, 09 and 11 only; the
 * circular's full annex could not be checked here): keep it to the circular's when it differs.
 */
export const LANGUAGE_CODES = [
  { code: '01', vi: 'Tiếng Việt', en: 'Vietnamese' },
  { code: '02', vi: 'Tiếng Anh', en: 'English' },
  { code: '03', vi: 'Tiếng Pháp', en: 'French' },
  { code: '04', vi: 'Tiếng Nga', en: 'Russian' },
  { code: '05', vi: 'Tiếng Trung', en: 'Chinese' },
  { code: '06', vi: 'Tiếng Đức', en: 'German' },
  { code: '07', vi: 'Tiếng Nhật', en: 'Japanese' },
  { code: '08', vi: 'Tiếng Hàn', en: 'Korean' },
  { code: '09', vi: 'Hán Nôm', en: 'Sino-Nom' },
  { code: '10', vi: 'Tiếng dân tộc thiểu số', en: 'Ethnic minority language' },
  { code: '11', vi: 'Khác', en: 'Other' },
] as const satisfies readonly ArchivalCode[];

/** Độ mật of Nghị định 30 (metadata-proposals.ts), stored as printed. */
const SECRECY_MARK_CODES = [
  { code: SECRECY_MARKS[0], vi: SECRECY_MARKS[0], en: 'Confidential' },
  { code: SECRECY_MARKS[1], vi: SECRECY_MARKS[1], en: 'Secret' },
  { code: SECRECY_MARKS[2], vi: SECRECY_MARKS[2], en: 'Top secret' },
] as const satisfies readonly ArchivalCode[];

/** Độ khẩn of Nghị định 30 (metadata-proposals.ts), stored as printed. */
const URGENCY_MARK_CODES = [
  { code: URGENCY_MARKS[0], vi: URGENCY_MARKS[0], en: 'Urgent' },
  { code: URGENCY_MARKS[1], vi: URGENCY_MARKS[1], en: 'Very urgent' },
  { code: URGENCY_MARKS[2], vi: URGENCY_MARKS[2], en: 'Immediate' },
] as const satisfies readonly ArchivalCode[];

const RISK_RECOVERY_STATUS_CODES = [
  { code: '01', vi: 'Đã dự phòng', en: 'Backup copy made' },
  { code: '02', vi: 'Chưa dự phòng', en: 'No backup copy yet' },
] as const satisfies readonly ArchivalCode[];

// ---- the fields

/**
 * Hồ sơ: every field of the circular, in the order of the form. totalDoc, numberOfPage, startDate and
 * endDate are derived from the dossier's documents (how many, their pages, their earliest and latest
 * date issued); numberOfPaper (sheets) is counted by hand from the paper.
 */
export const DOSSIER_FIELDS = [
  {
    key: 'fileCode', column: 'file_code', vi: 'Mã hồ sơ', en: 'Dossier code', type: 'text', min: 3, max: 100, required: true,
    pattern: { regex: /^[A-Za-z0-9]+(\.[A-Za-z0-9]+)+$/, vi: 'Mã hồ sơ gồm các phần chữ/số cách nhau bằng dấu chấm, ví dụ H49.64.33.2001.160',
      en: 'A dossier code is parts of letters/digits separated by dots, e.g. H49.64.33.2001.160' },
  },
  { key: 'title', column: 'title', vi: 'Tiêu đề hồ sơ', en: 'Dossier title', type: 'text', min: 1, max: 1000, required: true },
  { key: 'maintenance', column: 'maintenance', vi: 'Thời hạn bảo quản', en: 'Retention period', type: 'code', codes: MAINTENANCE_CODES, required: false },
  { key: 'mode', column: 'mode', vi: 'Chế độ sử dụng', en: 'Access', type: 'code', codes: ACCESS_MODE_CODES, required: false },
  { key: 'language', column: 'language', vi: 'Ngôn ngữ', en: 'Language', type: 'code', codes: LANGUAGE_CODES, multiple: true, required: false, default: '01' },
  { key: 'startDate', column: 'start_date', vi: 'Thời gian bắt đầu', en: 'Start date', type: 'date', required: false, derived: true },
  { key: 'endDate', column: 'end_date', vi: 'Thời gian kết thúc', en: 'End date', type: 'date', required: false, derived: true },
  { key: 'keyword', column: 'keyword', vi: 'Từ khóa', en: 'Keywords', type: 'text', max: 100, required: false },
  { key: 'totalDoc', column: 'total_doc', vi: 'Tổng số văn bản', en: 'Number of documents', type: 'integer', required: false, derived: true },
  { key: 'numberOfPaper', column: 'number_of_paper', vi: 'Số lượng tờ', en: 'Number of sheets', type: 'integer', required: false },
  { key: 'numberOfPage', column: 'number_of_page', vi: 'Số lượng trang', en: 'Number of pages', type: 'integer', required: false, derived: true },
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
 * Văn bản: every field of the circular, the NĐ 30 place and marks, and the Thông tư 01/2023/TT-VPCP codes
 * of an administrative-procedure result, in the order of the JSON record. A new field here also needs its
 * column in a migration, and that migration must add the column to the documents_content_update trigger
 * (migrations 014 and 020) so that a change to it counts as a change since export. docCode (mã hồ sơ +
 * ordinal) and numberOfPage (its pages) are derived.
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
  { key: 'docCode', column: 'doc_code', vi: 'Mã văn bản', en: 'Document code', type: 'text', max: 100, required: false, derived: true },
  { key: 'typeNamePrinted', column: 'type_name_printed', vi: 'Tên loại in trên văn bản', en: 'Type as printed', type: 'text', max: 100, required: false },
  { key: 'language', column: 'language', vi: 'Ngôn ngữ', en: 'Language', type: 'code', codes: LANGUAGE_CODES, multiple: true, required: false, default: '01' },
  { key: 'numberOfPage', column: 'number_of_page', vi: 'Số trang', en: 'Number of pages', type: 'integer', required: false, derived: true },
  { key: 'inforSign', column: 'infor_sign', vi: 'Ký hiệu thông tin', en: 'Information sign', type: 'text', max: 30, required: false },
  { key: 'keyword', column: 'keyword', vi: 'Từ khóa', en: 'Keywords', type: 'text', max: 100, required: false },
  { key: 'mode', column: 'mode', vi: 'Chế độ sử dụng', en: 'Access', type: 'code', codes: ACCESS_MODE_CODES, required: false },
  {
    key: 'confidenceLevel', column: 'confidence_level', vi: 'Mức độ tin cậy', en: 'Confidence level', type: 'code', codes: CONFIDENCE_LEVEL_CODES,
    required: false, default: '02',
  },
  { key: 'autograph', column: 'autograph', vi: 'Bút tích', en: 'Handwritten notes', type: 'text', max: 2000, required: false },
  { key: 'format', column: 'format', vi: 'Tình trạng vật lý', en: 'Physical condition', type: 'code', codes: PHYSICAL_STATE_CODES, required: false },
  { key: 'description', column: 'description', vi: 'Ghi chú', en: 'Notes', type: 'text', max: 500, required: false },
  { key: 'secrecyMark', column: 'secrecy_mark', vi: 'Độ mật', en: 'Secrecy', type: 'code', codes: SECRECY_MARK_CODES, required: false },
  { key: 'urgencyMark', column: 'urgency_mark', vi: 'Độ khẩn', en: 'Urgency', type: 'code', codes: URGENCY_MARK_CODES, required: false },
  { key: 'procedureFileCode', column: 'procedure_file_code', vi: 'Mã hồ sơ TTHC', en: 'Procedure dossier code', type: 'text', max: 50, required: false },
  { key: 'procedureCode', column: 'procedure_code', vi: 'Mã TTHC', en: 'Procedure code', type: 'text', max: 30, required: false },
  { key: 'identityCode', column: 'identity_code', vi: 'Mã định danh (TTHC)', en: 'Identity code (procedure)', type: 'text', max: 50, required: false },
] as const satisfies readonly ArchivalField[];

// ---- derived types

type FieldOutput<F> = F extends { type: 'code'; multiple: true; codes: readonly (infer C)[] }
  ? Array<C extends { code: infer V } ? V : never>
  : F extends { type: 'code'; stores: 'name'; codes: readonly (infer C)[] }
    ? C extends { vi: infer N } ? N : never
    : F extends { type: 'code'; codes: readonly (infer C)[] }
      ? C extends { code: infer V } ? V : never
      : F extends { type: 'integer' }
        ? number
        : F extends { type: 'boolean' }
          ? boolean
          : string;

type FieldValue<F> = F extends { required: true } ? FieldOutput<F> : FieldOutput<F> | null;

/** The fields a person gives (not derived), of a list of fields. */
type EditableOf<Fs extends readonly ArchivalField[]> = Exclude<Fs[number], { derived: true }>;

/** The values of a list of fields, by key, derived ones included: what a view and the JSON record carry. */
export type ArchivalValues<Fs extends readonly ArchivalField[]> = { [F in Fs[number] as F['key']]: FieldValue<F> };

/** The values a person gives, by key (no derived field): what the schema outputs and the SQL writers take. */
export type EditableValues<Fs extends readonly ArchivalField[]> = { [F in EditableOf<Fs> as F['key']]: FieldValue<F> };

/** The zod shape of a list of fields, by key: its fields a person gives. */
export type ArchivalShape<Fs extends readonly ArchivalField[]> = {
  [F in EditableOf<Fs> as F['key']]: z.ZodType<FieldValue<F>, F extends { required: true } ? string : unknown>;
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

/** The fields a person gives, in the list's order: what the schemas, the forms and the SQL writers take. */
export function editableFields<const Fs extends readonly ArchivalField[]>(fields: Fs): Array<EditableOf<Fs>> {
  return fields.filter((f): f is EditableOf<Fs> => f.derived !== true);
}

/** The fields that check more than a length: a pattern, a code list or a real date (derived ones are not checked). */
type CheckedKey<Fs extends readonly ArchivalField[]> = Extract<EditableOf<Fs>, { pattern: object } | { type: 'code' | 'date' }>['key'];

/** What a value failing the field's own check (its pattern, code list or calendar) is told, or undefined when it has none. */
export function checkMessage(field: ArchivalField, lang: 'vi' | 'en'): string | undefined {
  if (field.pattern) return field.pattern[lang];
  if (field.type === 'code') return lang === 'vi' ? `${field.vi} không có trong danh mục` : `${field.en}: not in the list`;
  if (field.type === 'date') return lang === 'vi' ? `${field.vi} phải có dạng YYYY-MM-DD và là ngày có thật` : `${field.en} must be YYYY-MM-DD and a real date`;
  return undefined;
}

/** The check messages of the fields that have one, by key: for the UI dictionaries. */
export function checkMessages<const Fs extends readonly ArchivalField[]>(fields: Fs, lang: 'vi' | 'en'): { readonly [K in CheckedKey<Fs>]: string } {
  return Object.fromEntries(editableFields(fields).flatMap((f) => {
    const message = checkMessage(f, lang);
    return message === undefined ? [] : [[f.key, message]];
  })) as { readonly [K in CheckedKey<Fs>]: string };
}

/** The keys of the fields with a check message, in the list's order. */
export function checkedKeys<const Fs extends readonly ArchivalField[]>(fields: Fs): Array<CheckedKey<Fs>> {
  return editableFields(fields).filter((f) => checkMessage(f, 'vi') !== undefined).map((f) => f.key as CheckedKey<Fs>);
}

/**
 * One field's schema. A field a person may leave out is nullable, and an empty text becomes null so that
 * "unknown" has one spelling; texts are stored in NFC.
 */
export function fieldSchema(field: ArchivalField): z.ZodType {
  switch (field.type) {
    case 'code': {
      const values = z.enum(codeValues(field), { message: checkMessage(field, 'vi') });
      if (field.multiple) {
        // Each code once, in the list's order, so that the same choice is stored one way; none is unknown.
        const order = codeValues(field);
        const list = z.array(values).transform((picked) => order.filter((code) => picked.includes(code)));
        return field.required ? list.refine((v) => v.length > 0, { message: checkMessage(field, 'vi') }) : list.transform((v) => (v.length === 0 ? null : v)).nullable();
      }
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

/** The object schema of the fields a person gives, keys in the list's order; a derived key given is dropped. */
export function archivalSchema<const Fs extends readonly ArchivalField[]>(fields: Fs): z.ZodObject<ArchivalShape<Fs>> {
  return z.object(Object.fromEntries(editableFields(fields).map((f) => [f.key, fieldSchema(f)]))) as unknown as z.ZodObject<ArchivalShape<Fs>>;
}

/** A field's default as its value (a boolean's 0/1 as false/true, a multi-valued code as its list). */
function defaultValue(field: ArchivalField): unknown {
  if (field.default === undefined) return null;
  if (field.type === 'boolean') return field.default === 1;
  if (field.multiple) return String(field.default).split(',');
  return field.default;
}

/** Nothing known yet: each field a person gives, at its default or null. */
export function emptyValues<const Fs extends readonly ArchivalField[]>(fields: Fs): EditableValues<Fs> {
  return Object.fromEntries(editableFields(fields).map((f) => [f.key, defaultValue(f)])) as EditableValues<Fs>;
}

/**
 * The values in the list's order, every key present (null when unknown), derived ones included: what the
 * JSON record and a view carry, whatever order or extra keys `values` had.
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
/** The document fields a person (or a proposal) gives: every key but the derived ones. */
export type DocumentEditableKey = EditableOf<typeof DOCUMENT_FIELDS>['key'];

// ---- rules across fields

/** A rule between fields of one record: when `holds` is false, `message` is told at `key`. */
export interface CrossFieldRule<V> {
  readonly key: string;
  readonly holds: (values: V) => boolean;
  readonly vi: string;
  readonly en: string;
}

/** The schema of `fields` that also checks `rules`, each failure at its field with its Vietnamese message. */
function withRules<Fs extends readonly ArchivalField[]>(schema: z.ZodObject<ArchivalShape<Fs>>, rules: ReadonlyArray<CrossFieldRule<EditableValues<Fs>>>) {
  return schema.superRefine((values, context) => {
    for (const rule of rules) {
      // The English wording rides along for the UI's language switch (renderer/src/lib/validation-issues.ts).
      if (!rule.holds(values as EditableValues<Fs>)) context.addIssue({ code: 'custom', path: [rule.key], message: rule.vi, params: { en: rule.en } });
    }
  });
}

/** The dossier's fields a person gives, each checked alone: its parts are picked by the channels. */
export const dossierFieldsSchema = archivalSchema(DOSSIER_FIELDS);
/** A dossier's archival fields, as a person gives them (no derived field). */
export type DossierFields = EditableValues<typeof DOSSIER_FIELDS>;
/** A dossier's archival fields as its view carries them: derived ones (totals, dates) included. */
export type DossierValues = ArchivalValues<typeof DOSSIER_FIELDS>;

/**
 * What a dossier's edit changes: every field a person gives but the dossier code, fixed at creation
 * because it names every document code and exported file of the dossier.
 */
export const DOSSIER_EDIT_FIELDS = DOSSIER_FIELDS.filter(
  (f): f is Exclude<(typeof DOSSIER_FIELDS)[number], { key: 'fileCode' }> => f.key !== 'fileCode',
);
export type DossierEdit = EditableValues<typeof DOSSIER_EDIT_FIELDS>;

/** A scan of paper (02 Số hóa) says which paper dossier it copies. */
export const DOSSIER_RULES: ReadonlyArray<CrossFieldRule<Pick<DossierFields, 'confidenceLevel' | 'paperFileCode'>>> = [
  {
    key: 'paperFileCode',
    holds: (v) => v.confidenceLevel !== '02' || v.paperFileCode !== null,
    vi: 'Hồ sơ số hóa (mức độ tin cậy 02) phải có mã hồ sơ giấy gốc: ghi mã lưu trữ . kho/giá/hộp . số hồ sơ giấy',
    en: 'A digitized dossier (confidence level 02) needs the code of its paper original: archive code . store/shelf/box . paper dossier number',
  },
];

/** A dossier's edit with the rules across its fields: what the channel and the service check. */
export const dossierEditSchema = withRules(archivalSchema(DOSSIER_EDIT_FIELDS), DOSSIER_RULES);

/** A document's archival metadata as a person gives it (văn bản, TT 05/2025 keys; no derived field). */
export type DocumentMetadata = EditableValues<typeof DOCUMENT_FIELDS>;
/** A document's metadata as its view and its JSON record carry it: docCode and numberOfPage included. */
export type DocumentValues = ArchivalValues<typeof DOCUMENT_FIELDS>;

/**
 * A secrecy mark is refused unless the access mode says Mật (03), rather than setting the mode: the mode
 * is the person's value and a contradiction between the two is shown, never resolved behind their back
 * (the form sets 03 when a mark is picked; auto-indexing proposes both). The printed type name is kept
 * only for a type the list has no code for (32 Khác).
 */
export const DOCUMENT_RULES: ReadonlyArray<CrossFieldRule<DocumentMetadata>> = [
  {
    key: 'mode',
    holds: (v) => v.secrecyMark === null || v.mode === '03',
    vi: 'Văn bản có độ mật phải có chế độ sử dụng «Mật» (03): chọn 03, hoặc bỏ độ mật nếu văn bản không mật',
    en: 'A document with a secrecy mark must have access «Confidential» (03): pick 03, or clear the mark if it is not secret',
  },
  {
    key: 'typeNamePrinted',
    holds: (v) => v.typeNamePrinted === null || v.typeName === 'Khác',
    vi: 'Tên loại in trên văn bản chỉ ghi khi loại văn bản là «Khác» (32): chọn «Khác» hoặc xóa tên loại in',
    en: 'The printed type is kept only when the document type is «Other» (32): pick «Other» or clear it',
  },
];

/** Each document field alone (its shape's parts check one value, as auto-indexing does). */
export const documentFieldsSchema = archivalSchema(DOCUMENT_FIELDS);
/** A document's metadata with the rules across fields: what the channels and the service check. */
export const documentMetadataSchema = withRules(documentFieldsSchema, DOCUMENT_RULES);
export const EMPTY_METADATA: DocumentMetadata = emptyValues(DOCUMENT_FIELDS);
