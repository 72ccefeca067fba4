// The one contract between the UI and main: every channel the renderer may call, its argument
// schema (validated in main), who may call it, and its result type. Free of Electron and Node imports:
// main validates with it, preload and the development host route by it, the renderer imports its types.
import { z } from 'zod';
import { dossierEditSchema, dossierFieldsSchema } from './archival-fields';
import type { CatalogueFileView, CatalogueImportResult } from './catalogue';
import type { DocumentIndexView } from './metadata-index';
import { recipeChangeSchema } from './page-recipe';
import type { BatchSeparationView } from './separators';
import { tilePlacementSchema, type StitchRegistration } from './stitch';
import {
  LOW_CONFIDENCE,
  ROLES,
  documentMetadataSchema,
  captureSourcesSchema,
  exportFolderSchema,
  scanProfileSchema,
  stationNameSchema,
  type AuditEntryView,
  type AuditVerificationView,
  type BatchView,
  type CaptureSources,
  type DeviceCapabilities,
  type DeviceList,
  type DocumentView,
  type DossierDetail,
  type DossierView,
  type ExportFoldersView,
  type JobView,
  type LowConfidenceWords,
  type PageDetail,
  type PageSearchResult,
  type PageView,
  type ProgressSummary,
  type QuarantinedBlobView,
  type RecycledPageView,
  type Role,
  type ScanProfileView,
  type SessionView,
  type StationView,
  type UserAccountView,
  type UserView,
  type WordView,
} from './domain';

/** Who may call a channel: anyone (sign-in screens), anyone signed in, or the listed roles. */
export type Access = 'public' | 'signed-in' | readonly Role[];

const id = z.number().int().positive();
const username = z
  .string()
  .trim()
  .min(3, { message: 'Tên đăng nhập cần ít nhất 3 ký tự' })
  .max(40)
  .regex(/^[a-z0-9._-]+$/, { message: 'Tên đăng nhập chỉ gồm chữ thường không dấu, số, dấu chấm, gạch' });
const password = z.string().min(10, { message: 'Mật khẩu cần ít nhất 10 ký tự' }).max(200);
const fullName = z.string().trim().min(1, { message: 'Cần họ và tên' }).max(100);
/** Mã hồ sơ: dot-separated parts of letters and digits (agency code, year, number). */
export const fileCodeSchema = dossierFieldsSchema.shape.fileCode;
const absolutePath = z.string().min(1).max(4096);
const deviceId = z.string().regex(/^(sane|escl|twain|folder):.+$/, { message: 'Mã máy quét không hợp lệ' }).max(4096);

const STAFF = ['clerk', 'reviewer', 'supervisor'] as const satisfies readonly Role[];
const CAPTURE = ['clerk', 'supervisor'] as const satisfies readonly Role[];
const SUPERVISOR = ['supervisor'] as const satisfies readonly Role[];
const REVIEW = ['reviewer', 'supervisor'] as const satisfies readonly Role[];
/** Who may see page images and tiles (served by the app protocol and the host, outside the channels). */
export const PAGE_IMAGE_ROLES: readonly Role[] = STAFF;

/** `channel<Result>()(access, args)`: the result type is named, the argument schema inferred. */
function channel<R>() {
  return <A extends z.ZodType>(access: Access, args: A) => ({ access, args, result: undefined as unknown as R });
}

export const contract = {
  'session:get': channel<SessionView>()('public', z.object({})),
  'auth:setup': channel<UserView>()(
    'public',
    z.object({ username, fullName, password }),
  ),
  'auth:login': channel<UserView>()(
    'public',
    z.object({ username: z.string().trim().max(40), password: z.string().max(200) }),
  ),
  'auth:logout': channel<null>()('signed-in', z.object({})),
  'user:list': channel<UserAccountView[]>()(SUPERVISOR, z.object({})),
  'user:create': channel<UserView>()(SUPERVISOR, z.object({ username, fullName, password, role: z.enum(ROLES) })),
  /** Lifts the lock an account got from repeated failed sign-ins. */
  'user:unlock': channel<UserAccountView>()(SUPERVISOR, z.object({ userId: id })),

  'batch:list': channel<BatchView[]>()(STAFF, z.object({})),
  'batch:create': channel<BatchView>()(CAPTURE, z.object({ name: z.string().trim().min(1).max(200) })),

  'dossier:list': channel<DossierView[]>()(STAFF, z.object({ batchId: id.optional() })),
  'dossier:create': channel<DossierView>()(CAPTURE, dossierFieldsSchema.pick({ fileCode: true, title: true }).extend({ batchId: id })),
  'dossier:get': channel<DossierDetail>()(STAFF, z.object({ dossierId: id })),
  /** Every archival field of the dossier but its code (fixed at creation), audited with old and new values. */
  'dossier:update': channel<DossierView>()(CAPTURE, z.object({ dossierId: id, fields: dossierEditSchema })),

  'page:list': channel<PageView[]>()(STAFF, z.object({ dossierId: id })),
  'page:get': channel<PageDetail>()(STAFF, z.object({ pageId: id })),

  /**
   * Pages whose recognized text matches `query`, diacritics optional (`dat dai` finds `đất đai`), pages
   * spelled as typed first; "quoted words" are a phrase; the last word is a prefix while it is typed.
   */
  'search:pages': channel<PageSearchResult>()(
    STAFF,
    z.object({
      query: z.string().max(200),
      scope: z.union([z.object({ dossierId: id }), z.object({ batchId: id })]).optional(),
      limit: z.number().int().min(1).max(100).default(20),
      offset: z.number().int().min(0).max(10_000).default(0),
    }),
  ),
  /** The words of a dossier recognized with less confidence than `threshold`, in reading order. */
  'words:lowConfidence': channel<LowConfidenceWords>()(
    STAFF,
    z.object({
      dossierId: id,
      threshold: z.number().min(0).max(100).default(LOW_CONFIDENCE),
      limit: z.number().int().min(1).max(5000).default(1000),
      offset: z.number().int().min(0).default(0),
    }),
  ),

  /**
   * A person corrects a recognized word (`index` in PageDetail.words): the engine's reading is kept beside
   * it; the page's text, search and export use the correction. The engine's own text removes the correction.
   * `seen` (the word's text as shown) refuses it with CONFLICT when the page was read again meanwhile.
   */
  'word:correct': channel<WordView>()(
    STAFF,
    z.object({
      pageId: id,
      index: z.number().int().min(0),
      // One line: a word may be corrected into two ("đấtđai" → "đất đai"), never into a line break.
      text: z.string().trim().min(1, { message: 'Cần nội dung của từ' }).max(200).transform((text) => text.replace(/\s+/g, ' ')),
      seen: z.string().max(200).optional(),
    }),
  ),

  'document:updateMetadata': channel<DocumentView>()(STAFF, z.object({ documentId: id, metadata: documentMetadataSchema })),
  /** What auto-indexing kept for the document: each field's latest proposal (value, confidence, words) and its value's origin. */
  'document:proposeMetadata': channel<DocumentIndexView>()(STAFF, z.object({ documentId: id })),
  /** Lifecycle transitions (main/archive/document-lifecycle.ts checks the state and the role once more). */
  'document:submitReview': channel<DocumentView>()(CAPTURE, z.object({ documentId: id })),
  'document:approve': channel<DocumentView>()(REVIEW, z.object({ documentId: id })),
  'document:return': channel<DocumentView>()(REVIEW, z.object({ documentId: id, reason: z.string().trim().min(1).max(1000) })),

  /** Moves the page to the recycle bin (restorable; purged only by a supervisor). */
  'page:delete': channel<PageView>()(CAPTURE, z.object({ pageId: id })),
  'page:move': channel<PageView>()(CAPTURE, z.object({ pageId: id, toOrdinal: z.number().int().min(1) })),
  /** One change to chosen pages, or every page of a dossier or of a batch; each page gets an undoable edit. */
  'page:edit': channel<PageView[]>()(
    CAPTURE,
    z.object({
      scope: z.union([z.object({ pageIds: z.array(id).min(1).max(10_000) }), z.object({ dossierId: id }), z.object({ batchId: id })]),
      change: recipeChangeSchema,
    }),
  ),
  'page:undo': channel<PageView>()(CAPTURE, z.object({ pageId: id })),
  /** Without `force`, a page that does not look like a two-page spread is refused with NOT_A_SPREAD (the UI asks first). */
  'page:split': channel<{ left: PageView; right: PageView }>()(CAPTURE, z.object({ pageId: id, atX: z.number().int().min(1).optional(), force: z.boolean().optional() })),
  /** The clerk sets or clears a page's blank flag by hand; it then stays through every recognition. */
  'page:setBlank': channel<PageView>()(CAPTURE, z.object({ pageId: id, blank: z.boolean() })),
  /** The page and those after it become a new document right after its own: both documents, as they are now. */
  'document:split': channel<DocumentView[]>()(CAPTURE, z.object({ pageId: id })),
  /** Merges the document with its previous or next one; the earlier keeps its id and metadata. */
  'document:merge': channel<DocumentView>()(CAPTURE, z.object({ documentId: id, with: z.enum(['previous', 'next']) })),
  /** Moves pages into another document of the dossier, the first at `position` (1-based; the end when absent). */
  'document:movePages': channel<DocumentView[]>()(CAPTURE, z.object({ pageIds: z.array(id).min(1).max(10_000), documentId: id, position: z.number().int().min(1).optional() })),
  /** Undoes the dossier's last split, merge or move of pages. */
  'document:undoReshape': channel<DocumentView[]>()(CAPTURE, z.object({ dossierId: id })),
  /** Keeps a page proposed as the start of a new document (an NĐ 30 header) in its document. */
  'page:dismissNewDocument': channel<PageView>()(CAPTURE, z.object({ pageId: id })),

  'scanner:list': channel<DeviceList>()(CAPTURE, z.object({})),
  'scanner:capabilities': channel<DeviceCapabilities>()(CAPTURE, z.object({ deviceId })),
  'captureSources:get': channel<CaptureSources>()(SUPERVISOR, z.object({})),
  'captureSources:save': channel<CaptureSources>()(SUPERVISOR, captureSourcesSchema),
  'profile:list': channel<ScanProfileView[]>()(STAFF, z.object({})),
  'profile:save': channel<ScanProfileView>()(SUPERVISOR, z.object({ profileId: id.nullable(), profile: scanProfileSchema })),
  'profile:delete': channel<null>()(SUPERVISOR, z.object({ profileId: id })),
  'scan:start': channel<JobView>()(
    CAPTURE,
    z.object({
      dossierId: id,
      deviceId,
      profileId: id,
      documentId: id.nullable(),
      placement: z.discriminatedUnion('kind', [
        z.object({ kind: z.literal('append') }),
        z.object({ kind: z.literal('after'), pageId: id }),
        z.object({ kind: z.literal('replace'), pageId: id }),
      ]),
      maxPages: z.number().int().min(1).max(10_000).optional(),
      /** «Tách theo tờ phân cách»: split the run by its separator sheets (a new document, appended). */
      separate: z.boolean().optional(),
    }),
  ),

  'import:start': channel<JobView>()(
    CAPTURE,
    z.object({
      dossierId: id,
      paths: z.array(absolutePath).min(1).max(10_000),
      /** The paths are overlapping passes of one sheet, to stitch into one page. */
      stitch: z.object({ placements: z.array(tilePlacementSchema).min(2).max(6).nullable() }).optional(),
      /** «Tách theo tờ phân cách»: the paths, in order, are one scanned batch to split by its separator sheets. */
      separate: z.boolean().optional(),
    }),
  ),
  /** A batch's separator pages (kept with it, in no document) and the flags not yet cleared. */
  'separation:get': channel<BatchSeparationView>()(STAFF, z.object({ batchId: id })),
  'separation:clearFlag': channel<null>()(CAPTURE, z.object({ flagId: id })),
  /** Writes the separator sheets of the batch's dossiers (and `documentSheets` + `patchT` sheets) as an A4 PDF to the outbox. */
  'separators:print': channel<{ file: string; sheets: number }>()(
    CAPTURE,
    z.object({ batchId: id, documentSheets: z.number().int().min(0).max(100).default(0), patchT: z.number().int().min(0).max(100).default(0) }),
  ),
  /** Registers 2–6 passes of one sheet; the clerk checks, adjusts by hand, then imports with `stitch`. */
  'stitch:register': channel<StitchRegistration>()(CAPTURE, z.object({ paths: z.array(absolutePath).min(2).max(6) })),
  'ocr:start': channel<JobView>()(STAFF, z.object({ dossierId: id })),
  /** `outboxDir` must be the default outbox or inside a folder a supervisor allowed (`exportFolders:*`). */
  'export:start': channel<JobView>()(
    STAFF,
    z.object({ dossierId: id, outboxDir: absolutePath.optional() }),
  ),
  /** Mục lục hồ sơ of the batch as .xlsx, written where `export:start` may write (`outboxDir` likewise). */
  'catalogue:exportDossiers': channel<CatalogueFileView>()(STAFF, z.object({ batchId: id, outboxDir: absolutePath.optional() })),
  /** Mục lục văn bản of the dossier as .xlsx, written where `export:start` may write. */
  'catalogue:exportDocuments': channel<CatalogueFileView>()(STAFF, z.object({ dossierId: id, outboxDir: absolutePath.optional() })),
  /** A dossier in the batch for each good row of the .xlsx catalogue at `path`; the rows at fault come back by number. */
  'catalogue:import': channel<CatalogueImportResult>()(CAPTURE, z.object({ batchId: id, path: absolutePath })),
  'exportFolders:get': channel<ExportFoldersView>()(STAFF, z.object({})),
  'exportFolders:add': channel<ExportFoldersView>()(SUPERVISOR, z.object({ folder: exportFolderSchema })),
  'exportFolders:remove': channel<ExportFoldersView>()(SUPERVISOR, z.object({ folder: z.string().min(1).max(1000) })),
  'job:list': channel<JobView[]>()(STAFF, z.object({})),
  /** Only the person who started the job, or a supervisor. */
  'job:cancel': channel<JobView>()(STAFF, z.object({ jobId: id })),

  'progress:summary': channel<ProgressSummary>()(STAFF, z.object({})),
  'audit:list': channel<AuditEntryView[]>()(
    SUPERVISOR,
    z.object({ limit: z.number().int().min(1).max(1000).default(200) }),
  ),
  /** Verifies the whole audit log's hash chain now (about 0.6 s at 100,000 rows). */
  'audit:verify': channel<AuditVerificationView>()(SUPERVISOR, z.object({})),
  /** The recycle bin: deleted pages and pages replaced by a rescan, newest first. */
  'trash:list': channel<RecycledPageView[]>()(STAFF, z.object({ dossierId: id.optional() })),
  /** Puts the page back into its document, at its old position when it still exists, else at the end. */
  'trash:restore': channel<PageView>()(CAPTURE, z.object({ recycledId: id })),
  /** Deletes the page for good; its master too when nothing else names it. */
  'trash:purge': channel<null>()(SUPERVISOR, z.object({ recycledId: id })),
  /** Blobs no page named, moved aside by the start-up check (never deleted by it). */
  'quarantine:list': channel<QuarantinedBlobView[]>()(SUPERVISOR, z.object({})),
  /** Restores blobs as the pages of a new document «Khôi phục từ kho cách ly» of the dossier. */
  'quarantine:restore': channel<DocumentView>()(SUPERVISOR, z.object({ ids: z.array(id).min(1).max(1000), dossierId: id })),
  'quarantine:purge': channel<null>()(SUPERVISOR, z.object({ id })),
  'settings:get': channel<{ outboxDir: string; dataDir: string }>()(STAFF, z.object({})),
  /** This station's id and name (every audit row carries them). */
  'station:get': channel<StationView>()('signed-in', z.object({})),
  'station:rename': channel<StationView>()(SUPERVISOR, z.object({ name: stationNameSchema })),
} as const;

export type Contract = typeof contract;
export type Channel = keyof Contract;
export const CHANNELS = Object.keys(contract) as Channel[];
export type ChannelArgs<C extends Channel> = z.input<Contract[C]['args']>;
export type ParsedArgs<C extends Channel> = z.output<Contract[C]['args']>;
export type ChannelResult<C extends Channel> = Contract[C]['result'];

export function isChannel(name: unknown): name is Channel {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(contract, name);
}

/** Events main pushes to the UI. */
export interface Events {
  'job:progress': JobView;
  'dossier:changed': { dossierId: number };
}
export type EventName = keyof Events;
export const EVENT_NAMES = ['job:progress', 'dossier:changed'] as const satisfies readonly EventName[];

/** Page image variants the UI may load (served by the app protocol or the development host). */
/** `master` is the page as scanned, before its recipe (the before/after view). */
export const PAGE_IMAGE_VARIANTS = ['thumb', 'view', 'master'] as const;
export type PageImageVariant = (typeof PAGE_IMAGE_VARIANTS)[number];
/** Pages above this many pixels (A2 at 300 dpi and up) are viewed through their tile pyramid. */
export const DEEP_ZOOM_PIXELS = 30_000_000;

/**
 * Same-origin relative URL of a page's deep-zoom pyramid descriptor; its tiles are beside it under
 * `page_files/`. The version is in the path so that the tiles' URLs carry it too.
 */
export function pageTilesPath(pageId: number, version: string): string {
  return `page-tiles/${pageId}/${version || '0'}/page.dzi`;
}

/**
 * Same-origin relative URL of a page image; both the Electron protocol and the host serve it. The
 * page's `imageVersion` changes with its recipe, so that an edited page is not shown from the cache.
 */
export function pageImagePath(pageId: number, variant: PageImageVariant, version?: string): string {
  return `page-image/${pageId}/${variant}${version ? `?v=${version}` : ''}`;
}
