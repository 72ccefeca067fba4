// Domain shapes shared by main, preload and renderer. Isomorphic: imports nothing but zod.
import { z } from 'zod';

export const ROLES = ['clerk', 'reviewer', 'supervisor'] as const;
export type Role = (typeof ROLES)[number];

/** Thông tư 05/2025/TT-BNV document types (typeName), code → Vietnamese name. */
export const DOCUMENT_TYPES = [
  ['01', 'Nghị quyết'], ['02', 'Quyết định'], ['03', 'Chỉ thị'], ['04', 'Quy chế'], ['05', 'Quy định'],
  ['06', 'Thông cáo'], ['07', 'Thông báo'], ['08', 'Hướng dẫn'], ['09', 'Chương trình'], ['10', 'Kế hoạch'],
  ['11', 'Phương án'], ['12', 'Đề án'], ['13', 'Dự án'], ['14', 'Báo cáo'], ['15', 'Tờ trình'],
  ['16', 'Giấy ủy quyền'], ['17', 'Phiếu gửi'], ['18', 'Phiếu chuyển'], ['19', 'Phiếu báo'], ['20', 'Biên bản'],
  ['21', 'Hợp đồng'], ['22', 'Công văn'], ['23', 'Công điện'], ['24', 'Bản ghi nhớ'], ['25', 'Bản thỏa thuận'],
  ['26', 'Giấy mời'], ['27', 'Giấy giới thiệu'], ['28', 'Giấy nghỉ phép'], ['29', 'Thư công'], ['30', 'Bản đồ'],
  ['31', 'Bản vẽ kỹ thuật'], ['32', 'Khác'],
] as const;
export type DocumentTypeName = (typeof DOCUMENT_TYPES)[number][1];
const TYPE_NAMES = DOCUMENT_TYPES.map(([, name]) => name) as [DocumentTypeName, ...DocumentTypeName[]];

function isRealDate(value: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return false;
  const [, y, m, d] = match.map(Number) as [number, number, number, number];
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d && y >= 1900;
}

const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max, { message: `Tối đa ${max} ký tự` })
    .transform((s) => (s === '' ? null : s.normalize('NFC')))
    .nullable();

/**
 * A document's archival metadata (văn bản, TT 05/2025 keys). Lengths are the circular's maxima.
 * Empty strings become null so that "unknown" has one spelling.
 */
export const documentMetadataSchema = z.object({
  typeName: z.enum(TYPE_NAMES, { message: 'Loại văn bản không có trong danh mục' }).nullable(),
  codeNumber: optionalText(11).refine((v) => v === null || /^[0-9A-Za-z.]+$/.test(v), {
    message: 'Số văn bản chỉ gồm chữ số (và chữ cái)',
  }),
  codeNotation: optionalText(30).refine((v) => v === null || /^[\p{L}\d]+(?:[-/.][\p{L}\d]+)*$/u.test(v), {
    message: 'Ký hiệu không hợp lệ (ví dụ QĐ-UBND)',
  }),
  issuedDate: z
    .string()
    .trim()
    .transform((s) => (s === '' ? null : s))
    .nullable()
    .refine((v) => v === null || isRealDate(v), { message: 'Ngày ban hành phải có dạng YYYY-MM-DD và là ngày có thật' }),
  place: optionalText(100),
  organName: optionalText(200),
  subject: optionalText(500),
  signerPosition: optionalText(100),
  signerName: optionalText(50),
});
export type DocumentMetadataInput = z.input<typeof documentMetadataSchema>;
export type DocumentMetadata = z.output<typeof documentMetadataSchema>;

export const EMPTY_METADATA: DocumentMetadata = {
  typeName: null, codeNumber: null, codeNotation: null, issuedDate: null, place: null,
  organName: null, subject: null, signerPosition: null, signerName: null,
};

export interface UserView {
  id: number;
  username: string;
  fullName: string;
  role: Role;
}

export interface SessionView {
  user: UserView | null;
  /** True on the first run: no account exists yet and the first supervisor must be created. */
  needsFirstSupervisor: boolean;
}

export interface BatchView {
  id: number;
  name: string;
  createdAt: string;
  dossierCount: number;
}

export interface DossierView {
  id: number;
  batchId: number;
  /** Mã hồ sơ, e.g. H49.64.33.2001.160 */
  fileCode: string;
  title: string;
  createdAt: string;
  documentCount: number;
  pageCount: number;
  recognizedPageCount: number;
}

export const DOCUMENT_STATES = ['draft', 'recognized', 'exported'] as const;
export type DocumentState = (typeof DOCUMENT_STATES)[number];

export interface DocumentView {
  id: number;
  dossierId: number;
  /** 1-based order inside the dossier (số thứ tự). */
  ordinal: number;
  /** Mã hồ sơ + ordinal padded to 7 digits. */
  docCode: string;
  source: string;
  metadata: DocumentMetadata;
  pageCount: number;
  state: DocumentState;
}

export const PAGE_STATES = ['imported', 'recognizing', 'recognized', 'failed'] as const;
export type PageState = (typeof PAGE_STATES)[number];

export interface PageView {
  id: number;
  documentId: number;
  /** 1-based order inside the document. */
  ordinal: number;
  sha256: string;
  width: number;
  height: number;
  dpi: number;
  bytes: number;
  /** Where the page came from: a file name, with `#n` for the n-th page of a multi-page file. */
  source: string;
  state: PageState;
  /** Mean word confidence 0–100, null until recognized. */
  confidence: number | null;
}

export interface WordView {
  text: string;
  x0: number;
  y0: number;
  x1: number;
  y1: number;
  /** 0–100 */
  confidence: number;
  line: number;
}

export interface PageDetail extends PageView {
  text: string;
  words: WordView[];
}

export interface DossierDetail {
  dossier: DossierView;
  documents: DocumentView[];
}

export const JOB_KINDS = ['import', 'ocr', 'export'] as const;
export type JobKind = (typeof JOB_KINDS)[number];
export const JOB_STATES = ['queued', 'running', 'done', 'failed', 'cancelled'] as const;
export type JobState = (typeof JOB_STATES)[number];

export interface JobView {
  id: number;
  kind: JobKind;
  state: JobState;
  dossierId: number | null;
  done: number;
  total: number;
  /** What `done` and `total` count: files for an import, pages for OCR, documents for an export. */
  unit: 'file' | 'page' | 'document';
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  /** Seconds left, estimated from the rate so far; null until there is a rate. */
  etaSeconds: number | null;
  error: import('./errors').AppErrorView | null;
  /** Per-item problems that did not stop the job (a corrupt file among good ones). */
  warnings: import('./errors').AppErrorView[];
  /** Job-specific result, e.g. the files an export wrote. */
  result: Record<string, unknown> | null;
}

export interface ProgressSummary {
  batches: number;
  dossiers: number;
  documents: number;
  pages: number;
  recognizedPages: number;
  exportedDocuments: number;
  activeJobs: number;
  failedJobs: number;
}

export interface AuditEntryView {
  id: number;
  at: string;
  actor: string;
  action: string;
  subject: string | null;
  detail: Record<string, unknown> | null;
}
