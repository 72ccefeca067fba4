// Separator sheets: what their QR codes say, what a page is found to be, and the administrative-procedure
// codes read from the QR code of a TTHC result. Shared by the printing (packaging/separator-sheets.ts), the
// finding (imaging/separator-detection.ts) and the splitting of a batch (capture/batch-separation.ts).
import { DOSSIER_FIELDS } from './archival-fields';

/** QR payload of a sheet that starts a new dossier: `SOHOA-SEP|<mã hồ sơ>`. */
export const DOSSIER_SEPARATOR_PREFIX = 'SOHOA-SEP|';
/** QR payload of a sheet that starts a new document in the current dossier. */
export const DOCUMENT_SEPARATOR_PAYLOAD = 'SOHOA-DOC';
/** Every payload of ours starts so: one that does and is not one of the two above is malformed. */
export const SEPARATOR_PAYLOAD_PREFIX = 'SOHOA-';

const fileCodeField = DOSSIER_FIELDS.find((f) => f.key === 'fileCode')!;

/** Whether `code` is a dossier code as the descriptor (archival-fields.ts fileCode) accepts it. */
export function isFileCode(code: string): boolean {
  const { min = 0, max = Infinity, pattern } = fileCodeField as { min?: number; max?: number; pattern?: { regex: RegExp } };
  return code.length >= min && code.length <= max && (pattern?.regex.test(code) ?? true);
}

/** What a page is, as a separator: null when it is none of ours (an ordinary page). */
export type SeparatorFinding =
  | { kind: 'dossier'; fileCode: string }
  | { kind: 'document' }
  /** It looks like one of our sheets but cannot be read: the clerk decides; nothing is dropped. */
  | { kind: 'unreadable'; why: string };

/** The codes printed as a QR code on an administrative-procedure result (Thông tư 01/2023/TT-VPCP). */
export interface ProcedureCodes {
  /** Mã hồ sơ TTHC: the procedure file's number in the one-stop system. */
  procedureFileCode: string | null;
  /** Mã TTHC: the procedure's code in the national database (e.g. 1.004227). */
  procedureCode: string | null;
  /** Mã định danh: the applicant's personal (12 digits) or organization identifier. */
  identityCode: string | null;
}

/** What one page of a scanned batch was found to carry. */
export interface PageFinding {
  separator: SeparatorFinding | null;
  procedure: ProcedureCodes | null;
}

/** The separator a decoded QR text stands for, or null when it is not one of ours. */
export function separatorFromPayload(text: string): SeparatorFinding | null {
  const payload = text.trim();
  if (!payload.toUpperCase().startsWith(SEPARATOR_PAYLOAD_PREFIX)) return null;
  if (payload === DOCUMENT_SEPARATOR_PAYLOAD) return { kind: 'document' };
  if (payload.startsWith(DOSSIER_SEPARATOR_PREFIX)) {
    const code = payload.slice(DOSSIER_SEPARATOR_PREFIX.length).trim();
    if (isFileCode(code)) return { kind: 'dossier', fileCode: code };
    return { kind: 'unreadable', why: `mã QR của tờ phân cách mang mã hồ sơ không hợp lệ «${code}»` };
  }
  return { kind: 'unreadable', why: `mã QR «${payload.slice(0, 60)}» không phải tờ phân cách hồ sơ hay văn bản` };
}

// The payload of a TTHC result's QR code is not fixed by one public format that we could find: the
// one-stop systems print either labelled lines ("Mã hồ sơ: …"), a JSON object, or a look-up address with
// the codes as query parameters. Each of these is read; the values are then checked against the shapes the
// codes have (mã TTHC `1.004227` or `1.004227.000.00.00.H49`, a 12-digit citizen identity number, a
// procedure file number such as `000.00.14.H49-240315-0001`).
const LABELS: Record<keyof ProcedureCodes, RegExp> = {
  procedureFileCode: /^(m[aã]\s*h[oồ]\s*s[oơ](\s*tthc)?|s[oố]\s*h[oồ]\s*s[oơ]|mahoso|sohoso|hoso|ma_ho_so|dossierno|filecode)$/iu,
  procedureCode: /^(m[aã]\s*(tthc|th[uủ]\s*t[uụ]c(\s*h[aà]nh\s*ch[ií]nh)?)|matthc|mathutuc|ma_tthc|procedurecode)$/iu,
  identityCode: /^(m[aã]\s*[dđ][iị]nh\s*danh(\s*c[aá]\s*nh[aâ]n)?|s[oố]\s*(cccd|[dđ][iị]nh\s*danh)|cccd|madinhdanh|ma_dinh_danh|identitycode|identity)$/iu,
};
const PROCEDURE_CODE = /^[12]\.\d{6}(\.\d{3}\.\d{2}\.\d{2}\.[A-Z]\d{2})?$/;
const IDENTITY_CODE = /^(\d{12}|\d{9}|[A-Z0-9.-]{6,40})$/;
const FILE_CODE = /^[A-Za-z0-9][A-Za-z0-9.\-/]{5,59}$/;

function labelOf(key: string): keyof ProcedureCodes | null {
  const k = key.trim().normalize('NFC');
  for (const [field, regex] of Object.entries(LABELS) as Array<[keyof ProcedureCodes, RegExp]>) if (regex.test(k)) return field;
  return null;
}

function pairs(text: string): Array<[string, string]> {
  const trimmed = text.trim();
  if (trimmed.startsWith('{')) {
    try {
      const parsed = JSON.parse(trimmed) as unknown;
      if (parsed && typeof parsed === 'object') return Object.entries(parsed).filter((e): e is [string, string | number] => typeof e[1] === 'string' || typeof e[1] === 'number').map(([k, v]) => [k, String(v)]);
    } catch {
      return [];
    }
  }
  if (/^https?:\/\//i.test(trimmed)) {
    try {
      return [...new URL(trimmed).searchParams.entries()];
    } catch {
      return [];
    }
  }
  return trimmed
    .split(/[\r\n|;]+/)
    .map((part) => /^([^:=]{2,40})[:=](.+)$/u.exec(part.trim()))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => [m[1]!, m[2]!.trim()]);
}

const VALID: Record<keyof ProcedureCodes, RegExp> = { procedureFileCode: FILE_CODE, procedureCode: PROCEDURE_CODE, identityCode: IDENTITY_CODE };

/** The procedure codes a QR text carries, or null when it carries none of them. */
export function procedureCodesFromPayload(text: string): ProcedureCodes | null {
  const found: ProcedureCodes = { procedureFileCode: null, procedureCode: null, identityCode: null };
  for (const [key, value] of pairs(text)) {
    const field = labelOf(key);
    if (field && found[field] === null && VALID[field].test(value)) found[field] = value;
  }
  return found.procedureFileCode || found.procedureCode || found.identityCode ? found : null;
}

/** Why a separation flag asks the clerk to look (migration 022 separation_flags.code). */
export const SEPARATION_FLAG_CODES = ['before-first-separator', 'no-separator', 'unreadable-separator', 'header-split'] as const;
export type SeparationFlagCode = (typeof SEPARATION_FLAG_CODES)[number];

/** A separator sheet kept with its batch: its image is a page-store blob, shown by its sha256. */
export interface SeparatorPageView {
  id: number;
  runId: number;
  /** 1-based position in the scanned batch (the run). */
  position: number;
  sha256: string;
  width: number;
  height: number;
  dpi: number;
  source: string;
  finding: SeparatorFinding;
}

export interface SeparationFlagView {
  id: number;
  runId: number;
  position: number;
  code: SeparationFlagCode;
  documentId: number | null;
  separatorPageId: number | null;
  messageVi: string;
  messageEn: string;
  clearedAt: string | null;
  clearedBy: string | null;
}

/** What the batch view shows of a batch's separation: its separator pages and the flags still open. */
export interface BatchSeparationView {
  batchId: number;
  separatorPages: SeparatorPageView[];
  flags: SeparationFlagView[];
}
