// Domain shapes shared by main, preload and renderer. Isomorphic: imports nothing but zod.
import { z } from 'zod';
import { DOCUMENT_TYPE_CODES, documentMetadataSchema, EMPTY_METADATA, type DocumentMetadata, type DocumentValues, type DossierValues } from './archival-fields';
import type { PageRecipe } from './page-recipe';
import { JOB_RESULT_SCHEMAS, type JobResults } from './job-results';

export const ROLES = ['clerk', 'reviewer', 'supervisor'] as const;
export type Role = (typeof ROLES)[number];

/** Thông tư 05/2025/TT-BNV document types (typeName), code → Vietnamese name (archival-fields.ts). */
export const DOCUMENT_TYPES = DOCUMENT_TYPE_CODES.map(({ code, vi }) => [code, vi] as const);
export type DocumentTypeName = (typeof DOCUMENT_TYPE_CODES)[number]['vi'];

export { documentMetadataSchema, EMPTY_METADATA, type DocumentMetadata, type DocumentValues, type DossierValues };
export type DocumentMetadataInput = z.input<typeof documentMetadataSchema>;

export interface UserView {
  id: number;
  username: string;
  fullName: string;
  role: Role;
}

/** An account as supervisors see it in the list: locked after repeated failed sign-ins until `lockedUntil`. */
export interface UserAccountView extends UserView {
  /** ISO time the lock ends, or null when the account is not locked now. */
  lockedUntil: string | null;
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
  /** Every archival field of the dossier (TT 05/2025), derived ones (totals, dates) computed from its documents. */
  metadata: DossierValues;
}

/**
 * A document's lifecycle (main/archive/document-lifecycle.ts owns the transitions): captured → recognized →
 * indexed (auto-indexing has run) → in_review → approved, or returned to the clerk → packaged → uploaded.
 * An export to a folder is an action, not a state (`exportedAt`, `changedSinceExport`).
 */
export const DOCUMENT_STATES = ['captured', 'recognized', 'indexed', 'in_review', 'approved', 'returned', 'packaged', 'uploaded'] as const;
export type DocumentState = (typeof DOCUMENT_STATES)[number];

export interface DocumentView {
  id: number;
  dossierId: number;
  /** 1-based order inside the dossier (số thứ tự). */
  ordinal: number;
  /** Mã hồ sơ + ordinal padded to 7 digits. */
  docCode: string;
  source: string;
  /** Every field, derived ones included: metadata.docCode is docCode, metadata.numberOfPage is pageCount. */
  metadata: DocumentValues;
  pageCount: number;
  state: DocumentState;
  /** When its files were last written to an outbox; null when never. */
  exportedAt: string | null;
  /** Its metadata, pages or text changed after that export: the outbox holds an older version. */
  changedSinceExport: boolean;
  /** Why a reviewer returned it to the clerk, while it is returned. */
  returnReason: string | null;
  /** Packaged (or uploaded), then changed: a new version must be packaged; the old package's record stays. */
  packageOutdated: boolean;
}

export const PAGE_STATES = ['imported', 'recognizing', 'recognized', 'failed'] as const;
export type PageState = (typeof PAGE_STATES)[number];

export interface PageView {
  id: number;
  documentId: number;
  /** 1-based order inside the document. */
  ordinal: number;
  sha256: string;
  /** The page as its recipe renders it; word boxes are in these pixels. */
  width: number;
  height: number;
  /** The archival master as scanned (never changed). */
  masterWidth: number;
  masterHeight: number;
  dpi: number;
  bytes: number;
  /** Where the page came from: a file name, with `#n` for the n-th page of a multi-page file. */
  source: string;
  /** How the page is derived from its master. */
  recipe: PageRecipe;
  /** For one half of a split two-page spread: the source image it was split from. */
  splitFrom: string | null;
  /** Analysis still to run on the page (it runs before OCR). */
  analysisPending: boolean;
  /** There is an edit of this page to undo. */
  canUndo: boolean;
  /** Changes whenever the page's rendering does (for image URLs). */
  imageVersion: string;
  state: PageState;
  /** Mean word confidence 0–100, null until recognized. */
  confidence: number | null;
  /**
   * Flagged as blank (never removed): by the detector when recognized (null until then), unless a
   * person set or cleared the flag by hand.
   */
  blank: boolean | null;
  /**
   * When the start-up check found the page's master file missing (null: it is there). The page keeps its
   * row and words, is exported as missing, skipped by OCR, and the flag clears when the file is back.
   */
  missingSince: string | null;
  /** Who set or cleared the blank flag by hand; null when it is the detector's verdict. */
  blankSetBy: string | null;
  /**
   * Auto-separation proposes that the page starts a new document (it carries an NĐ 30 header and is not
   * the first of its document); the clerk splits there or dismisses it. Absent or false: no proposal.
   */
  newDocumentProposed?: boolean;
}

export interface WordView {
  /** What counts: a person's correction where there is one, else what the engine read. */
  text: string;
  x0: number;
  y0: number;
  x1: number;
  y1: number;
  /** 0–100 */
  confidence: number;
  /** The word's line, lines numbered in reading order. */
  line: number;
  /**
   * Set aside from the page's text, though kept with its box (viewer, PDF text layer, ALTO): 'stamp',
   * read inside an incoming-document stamp (dấu ĐẾN: the receiving office's register, not the
   * document's text); 'noise', on a line with no sure text (specks, rules, a seal's fragments).
   */
  aside?: WordAside;
  /** With a correction only: what the engine read, and who corrected it (the actor's name) and when (ISO). */
  engineText?: string;
  correctedBy?: string;
  correctedAt?: string;
}

export const WORD_ASIDE = ['stamp', 'noise'] as const;
export type WordAside = (typeof WORD_ASIDE)[number];

export interface PageDetail extends PageView {
  text: string;
  words: WordView[];
}

/** Words recognized with less confidence than this (0–100) are marked for the reviewer to check. */
export const LOW_CONFIDENCE = 60;

/** One of a page's recognized words: its place in PageDetail.words and its box in the page's pixels. */
export interface PageWordBox {
  index: number;
  text: string;
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

/** A run of a search snippet; `match` marks what the query found. Plain text, never markup. */
export interface SnippetPart {
  text: string;
  match: boolean;
}

/** A page whose recognized text matches a search, where it is, and what to highlight on its image. */
export interface PageSearchHit {
  pageId: number;
  /** 1-based order inside its document. */
  pageOrdinal: number;
  documentId: number;
  documentOrdinal: number;
  docCode: string;
  dossierId: number;
  fileCode: string;
  dossierTitle: string;
  /** The page has the words spelled as typed, diacritics included (it ranks before folded-only matches). */
  exact: boolean;
  snippet: SnippetPart[];
  /** The words the query matched, for the viewer to highlight. */
  words: PageWordBox[];
  /** The page rendering the boxes belong to (PageView.imageVersion). */
  imageVersion: string;
}

export interface PageSearchResult {
  hits: PageSearchHit[];
  /** More hits follow the last one (ask again with a larger offset). */
  hasMore: boolean;
}

/** A word the OCR engine was unsure of, with its page, for the reviewer to check. */
export interface LowConfidenceWordView extends PageWordBox {
  pageId: number;
  pageOrdinal: number;
  documentId: number;
  documentOrdinal: number;
  /** 0–100 */
  confidence: number;
}

export interface LowConfidenceWords {
  words: LowConfidenceWordView[];
  /** All such words of the dossier (the list may hold fewer: limit and offset). */
  total: number;
}

export interface DossierDetail {
  dossier: DossierView;
  documents: DocumentView[];
}

/** The job kinds the contract knows: those with a result schema in job-results.ts. */
export type JobKind = keyof JobResults;
export const JOB_KINDS = Object.keys(JOB_RESULT_SCHEMAS) as JobKind[];
export const JOB_STATES = ['queued', 'running', 'done', 'failed', 'cancelled'] as const;
export type JobState = (typeof JOB_STATES)[number];
/** What a job's `done` and `total` count. */
export type JobUnit = 'file' | 'page' | 'document';

/** A job as every kind shows it; `kind` and `result` come with JobViewOf. */
export interface JobViewFields {
  id: number;
  state: JobState;
  dossierId: number | null;
  /** Who started it (null for the command line and the system): only they or a supervisor may cancel it. */
  userId: number | null;
  done: number;
  total: number;
  /** What `done` and `total` count: files for an import, pages for OCR, documents for an export. */
  unit: JobUnit;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  /** Seconds left, estimated from the rate so far; null until there is a rate. */
  etaSeconds: number | null;
  error: import('./errors').AppErrorView | null;
  /** Per-item problems that did not stop the job (a corrupt file among good ones). */
  warnings: import('./errors').AppErrorView[];
}

/**
 * A job of one of the kinds of `Results` (kind → result type), discriminated by `kind`: narrowing on the
 * kind types the result (an export's files, a scan's document).
 */
export type JobViewOf<Results, K extends keyof Results & string = keyof Results & string> = K extends unknown
  ? JobViewFields & { kind: K; result: Results[K] | null }
  : never;

export type JobView = JobViewOf<JobResults>;

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

/** A page in the recycle bin: out of its document's page order, its row, words and master kept. */
export interface RecycledPageView {
  id: number;
  /** The page's id, which it gets back when restored. */
  pageId: number;
  documentId: number;
  docCode: string;
  dossierId: number;
  fileCode: string;
  /** Its position in the document when it was deleted. */
  ordinal: number;
  source: string;
  sha256: string;
  /** Deleted by a person, or replaced by a rescan in place. */
  reason: 'deleted' | 'replaced';
  deletedBy: string | null;
  deletedAt: string;
  hasText: boolean;
}

/** A blob no page names, moved into the quarantine by the start-up check (never deleted by it). */
export interface QuarantinedBlobView {
  id: number;
  sha256: string;
  bytes: number;
  /** When the file was written into the store. */
  writtenAt: string;
  quarantinedAt: string;
}

export interface AuditEntryView {
  id: number;
  at: string;
  actor: string;
  action: string;
  subject: string | null;
  detail: Record<string, unknown> | null;
  /** The station that wrote the row (every row has one since migration 019). */
  stationId: string;
  /** The station's name when the row was written; null before a supervisor named it. */
  stationName: string | null;
}

/** A station's name as a supervisor types it: what people call the machine («Trạm 2 – Phòng lưu trữ»). */
export const stationNameSchema = z
  .string()
  .trim()
  .min(1, { message: 'Hãy nhập tên trạm' })
  .max(100, { message: 'Tên trạm tối đa 100 ký tự' })
  .transform((s) => s.normalize('NFC'));

/** This installation: a stable id made with its data folder, and the name a supervisor gives it. */
export interface StationView {
  stationId: string;
  name: string | null;
  createdAt: string;
}

/**
 * The first broken link of the audit chain: a row whose content no longer matches its hash, a row that
 * does not link to the one before it, rows missing, a row verified earlier that changed or vanished, or
 * the anchor kept outside the database gone.
 */
export type AuditBreakKind = 'content' | 'previous' | 'rows-missing' | 'checkpoint-changed' | 'checkpoint-missing' | 'anchor-missing';

export interface AuditBreakView {
  kind: AuditBreakKind;
  /** The row the break was found at (for rows-missing, the first row after the gap). */
  rowId: number;
  /** Vietnamese, for the supervisor and `sohoa status`. */
  message: string;
  messageEn: string;
}

export interface AuditVerificationView {
  intact: boolean;
  /** Rows in the audit log. */
  rows: number;
  /** Rows whose hashes this verification computed (an incremental one reads only those after the checkpoint). */
  checked: number;
  mode: 'full' | 'incremental';
  broken: AuditBreakView | null;
  at: string;
}

// ---- capture: scanners and scan profiles

export const SCANNER_BACKENDS = ['sane', 'escl', 'twain', 'folder'] as const;
export type ScannerBackend = (typeof SCANNER_BACKENDS)[number];
/** Where the paper lies. ADF duplex yields front and back of each sheet, in that order. */
export const PAPER_SOURCES = ['flatbed', 'adf', 'adf-duplex'] as const;
export type PaperSource = (typeof PAPER_SOURCES)[number];
/** 24-bit colour is what TT 05/2025 asks for; grey and line art exist for drivers and drafts. */
export const COLOR_MODES = ['color', 'gray', 'lineart'] as const;
export type ColorMode = (typeof COLOR_MODES)[number];
export const PAPER_SIZE_CHOICES = ['A5', 'A4', 'A3', 'A2', 'A1', 'A0', 'custom'] as const;
export type PaperSizeChoice = (typeof PAPER_SIZE_CHOICES)[number];
/** ISO 216 sizes in millimetres, portrait. */
export const PAPER_SIZE_MM: Readonly<Record<Exclude<PaperSizeChoice, 'custom'>, { widthMm: number; heightMm: number }>> = {
  A5: { widthMm: 148, heightMm: 210 },
  A4: { widthMm: 210, heightMm: 297 },
  A3: { widthMm: 297, heightMm: 420 },
  A2: { widthMm: 420, heightMm: 594 },
  A1: { widthMm: 594, heightMm: 841 },
  A0: { widthMm: 841, heightMm: 1189 },
};
export const RECORD_KINDS = ['document', 'stapled', 'large-format', 'other'] as const;
export type RecordKind = (typeof RECORD_KINDS)[number];

export interface DeviceInfo {
  /** Stable across runs, prefixed by the backend: `sane:test:0`, `escl:http://…/eSCL`, `twain:…`, `folder:/path`. */
  id: string;
  backend: ScannerBackend;
  /** What a clerk recognises: vendor and model, or the folder path. */
  label: string;
  vendor?: string;
  model?: string;
}

export interface DeviceCapabilities {
  sources: PaperSource[];
  colorModes: ColorMode[];
  /** Resolutions the device accepts, in dpi (a range is listed as its usual steps). */
  resolutions: number[];
  /** Largest scan area in millimetres; `maxHeightMm` null when the length is unknown (roll-fed, hand scanner). */
  maxWidthMm: number;
  maxHeightMm: number | null;
}

/** Devices found now, and the backends that could not be asked (each with its reason). */
export interface DeviceList {
  devices: DeviceInfo[];
  problems: import('./errors').AppErrorView[];
}

/**
 * A named scan profile. Saving one enforces Thông tư 05/2025: 24-bit colour, at least 200 dpi, and
 * 300 dpi for maps and technical drawings (record kind "large-format").
 */
export const scanProfileSchema = z
  .object({
    name: z.string().trim().min(1, { message: 'Cần tên hồ sơ quét' }).max(100).transform((s) => s.normalize('NFC')),
    recordKind: z.enum(RECORD_KINDS),
    source: z.enum(PAPER_SOURCES),
    colorMode: z.enum(COLOR_MODES),
    resolution: z.number().int().min(50).max(2400),
    paperSize: z.enum(PAPER_SIZE_CHOICES),
    widthMm: z.number().positive().max(5000),
    /** null: scan until the paper ends (roll-fed wide-format scanners). */
    heightMm: z.number().positive().max(50_000).nullable(),
    deviceOptions: z.record(z.string().max(100), z.union([z.string().max(200), z.number(), z.boolean()])).default({}),
  })
  .superRefine((p, ctx) => {
    if (p.colorMode !== 'color') {
      ctx.addIssue({ code: 'custom', path: ['colorMode'], message: 'Thông tư 05/2025 yêu cầu quét màu, tối thiểu 24 bit' });
    }
    if (p.resolution < 200) {
      ctx.addIssue({ code: 'custom', path: ['resolution'], message: 'Thông tư 05/2025 yêu cầu độ phân giải tối thiểu 200 dpi' });
    }
    if (p.recordKind === 'large-format' && p.resolution < 300) {
      ctx.addIssue({ code: 'custom', path: ['resolution'], message: 'Bản đồ, bản vẽ kỹ thuật phải quét tối thiểu 300 dpi' });
    }
  });
export type ScanProfileInput = z.input<typeof scanProfileSchema>;
export type ScanProfileFields = z.output<typeof scanProfileSchema>;

export interface ScanProfileView extends ScanProfileFields {
  id: number;
  updatedAt: string;
}

/** Where scanned pages go in a document: after its last page, after a given page, or in place of one. */
export type ScanPlacement =
  | { kind: 'append' }
  | { kind: 'after'; pageId: number }
  | { kind: 'replace'; pageId: number };

/**
 * Where scanners are besides those found by themselves: hot folders of wide-format scanners (absolute
 * paths) and eSCL roots of network scanners on other subnets.
 */
export const captureSourcesSchema = z.object({
  hotFolders: z
    .array(z.string().trim().min(1).max(1000).refine((p) => /^(\/|[A-Za-z]:[\\/]|\\\\)/.test(p), { message: 'Thư mục theo dõi phải là đường dẫn đầy đủ (ví dụ /srv/scan hoặc D:\\Scan)' }))
    .max(50),
  esclUrls: z
    .array(z.string().trim().max(500).regex(/^https?:\/\/[^\s/]+(\/\S*)?$/, { message: 'Địa chỉ máy quét mạng có dạng http://10.0.3.20/eSCL' }))
    .max(50),
});
export type CaptureSources = z.output<typeof captureSourcesSchema>;

/** A folder exports may be written to, as a supervisor types it: a full path. */
export const exportFolderSchema = z
  .string()
  .trim()
  .min(1, { message: 'Hãy nhập đường dẫn thư mục' })
  .max(1000)
  .refine((p) => /^(\/|[A-Za-z]:[\\/]|\\\\)/.test(p), { message: 'Thư mục xuất phải là đường dẫn đầy đủ (ví dụ /srv/xuat hoặc D:\\Xuat)' });

/** Where exports may go: the default outbox (always) and the folders a supervisor allowed. */
export interface ExportFoldersView {
  defaultOutbox: string;
  folders: string[];
}

/** The job's result typed as its kind's, or null when it has none yet or is of another kind. */
export function jobResult<K extends JobKind>(job: JobView, kind: K): JobResults[K] | null {
  return job.kind === kind ? (job.result as JobResults[K] | null) : null;
}
