// Every fact the audit log may hold: its action name and the zod schema of its detail. AuditLog.record
// accepts only these (at compile time through the types, at run time through the schemas), so that the
// rows of every station can later be counted by action and read by field without guessing their shape.
// A new fact is one entry here. Field changes carry the old and the new value of each changed field.
import { z } from 'zod';
import { DOCUMENT_STATES, ROLES, captureSourcesSchema, scanProfileSchema } from '../contract/domain';
import { recipeChangeSchema } from '../contract/page-recipe';

const id = z.number().int();
const count = z.number().int().nonnegative();
const sha256 = z.string().regex(/^[0-9a-f]{64}$/);
const pageRef = z.strictObject({ pageId: id, documentId: id, source: z.string(), sha256 });
/** Where a page was: its document and its place in it. */
const pagePlacement = z.strictObject({ pageId: id, documentId: id, ordinal: count });

/** A field's value in a change: a multi-valued code field (language) is its list of codes. */
const fieldValue = z.union([z.string(), z.number(), z.boolean(), z.array(z.string()), z.null()]);
/** One changed field: its key, the value before and the value after (null: empty). */
export const fieldChangeSchema = z.strictObject({ field: z.string().min(1), old: fieldValue, new: fieldValue });
export type FieldChange = z.infer<typeof fieldChangeSchema>;
/** A save that changed nothing is recorded too, with no change (the person did save). */
const changedFields = z.strictObject({ changes: z.array(fieldChangeSchema) });

/** A document moved through its lifecycle by a person (main/archive/document-lifecycle.ts). */
const lifecycleMove = z.strictObject({ from: z.enum(DOCUMENT_STATES), to: z.enum(DOCUMENT_STATES), reason: z.string().min(1).optional() });

/** The events with no detail. */
const none = z.undefined();

export const AUDIT_EVENTS = {
  // Accounts and sessions.
  'account.setup': z.strictObject({ username: z.string() }),
  'account.create': z.strictObject({ username: z.string(), role: z.enum(ROLES) }),
  'account.login': z.strictObject({ callerId: z.string() }).optional(),
  'account.login-failed': z.strictObject({
    username: z.string(),
    reason: z.enum(['locked', 'unknown-user', 'disabled', 'wrong-password']),
    failures: count.optional(),
    callerId: z.string().optional(),
  }),
  'account.locked': z.strictObject({ username: z.string(), until: z.string(), lockCount: count }),
  'account.unlock': z.strictObject({ username: z.string(), wasLockedUntil: z.string().nullable() }),
  'account.logout': none,
  'account.session-expired': z.strictObject({ callerId: z.string(), idleMinutes: count }),
  'account.password-rehashed': z.strictObject({ from: z.string(), to: z.string() }),
  // The station itself.
  'station.rename': changedFields,
  // Batches, dossiers, documents.
  'batch.create': z.strictObject({ name: z.string() }),
  'dossier.create': none,
  'dossier.update': changedFields,
  'dossier.export': z.strictObject({ outboxDir: z.string(), files: count, refused: count, job: id }),
  /** Mục lục hồ sơ (a batch's dossiers) or mục lục văn bản (a dossier's documents) written to an .xlsx file. */
  'catalogue.export': z.strictObject({ list: z.enum(['dossiers', 'documents']), file: z.string(), rows: count }),
  /** A catalogue read from an .xlsx file into a batch: its data rows, the dossiers created, the rows refused (by number). */
  'catalogue.import': z.strictObject({ file: z.string(), sheet: z.string(), rows: count, created: count, rejected: z.array(count).readonly() }),
  'document.metadata': changedFields,
  /**
   * Auto-indexing after recognition: the fields it filled or emptied (changes), the fields whose proposal
   * it left because a person had set them (kept), and the reader that proposed (absent in rows before 021).
   */
  'document.auto-index': changedFields.extend({ kept: z.array(z.string().min(1)).optional(), reader: z.string().min(1).optional() }),
  'document.submit-review': lifecycleMove,
  'document.approve': lifecycleMove,
  'document.return': lifecycleMove.extend({ reason: z.string().min(1) }),
  // Documents reshaped by a clerk (main/archive/document-reshaping.ts): each carries where every page of
  // the documents it touched was before (`before`) and its undo record (`reshape`), so that the row alone
  // says how to put them back.
  'document.split': z.strictObject({ documentId: id, at: id, created: id, createdDocCode: z.string(), pages: z.array(id), before: z.array(pagePlacement), reshape: id }),
  /** The first document keeps its id and metadata; `dropped` lists the second's values it did not keep (old: the second's, new: the first's). */
  'document.merge': z.strictObject({ kept: id, removed: id, removedDocCode: z.string(), pages: z.array(id), dropped: z.array(fieldChangeSchema), before: z.array(pagePlacement), reshape: id }),
  'document.move-pages': z.strictObject({ pages: z.array(id), to: id, at: count, before: z.array(pagePlacement), reshape: id }),
  'document.reshape-undo': z.strictObject({ kind: z.enum(['split', 'merge', 'move']), reshape: id, removed: id.nullable() }),
  /** The clerk keeps a page proposed as the start of a new document (an NĐ 30 header) in its document. */
  'page.new-document-dismissed': z.strictObject({ documentId: id, ordinal: count }),
  // Pages.
  'pages.import': z.strictObject({ pagesAdded: count, inputs: count, job: id }),
  /** A scanned batch split by its separator sheets (archive/separations.ts). */
  'pages.separate': z.strictObject({ run: id, pages: count, separatorPages: count, documents: count, dossiersCreated: z.array(z.string()), flags: count, job: id.nullable() }),
  'pages.separation-flag-cleared': none,
  /** Separator sheets printed for a batch's dossiers (packaging/separator-sheets.ts). */
  'separators.print': z.strictObject({ sheets: count, file: z.string() }),
  'pages.stitch': z.strictObject({ passes: count, manual: z.boolean(), unsure: z.boolean(), job: id }),
  'pages.scan': z.strictObject({ device: z.string(), profile: z.string(), placement: z.enum(['append', 'after', 'replace']), pagesAdded: count, job: id }),
  'pages.recognize': z.strictObject({ pages: count, failed: count, job: id }),
  // Words: a person's correction beside the engine's reading (main/archive/word-corrections.ts).
  'word.correct': z.strictObject({ word: count, engineText: z.string(), before: z.string(), after: z.string() }),
  'word.correctionsDropped': z.strictObject({
    job: id,
    dropped: z.array(z.strictObject({ engineText: z.string(), correctedText: z.string(), correctedBy: z.string(), correctedAt: z.string() })),
  }),
  'page.edit': z.strictObject({ change: recipeChangeSchema, pages: count }),
  'page.blank': z.strictObject({ blank: z.boolean(), byHand: z.literal(true) }),
  'page.undo': z.strictObject({ removedPage: id.nullable() }),
  'page.split': z.strictObject({ at: z.number(), right: id, automatic: z.literal(true).optional() }),
  'page.move': z.strictObject({ documentId: id, from: id, to: id }),
  'page.delete': z.strictObject({ documentId: id, ordinal: id, sha256, recycledId: id }),
  'trash.restore': z.strictObject({ recycledId: id, documentId: id, ordinal: id, sha256 }),
  'trash.purge': z.strictObject({ recycledId: id, documentId: id, sha256, source: z.string(), blobDeleted: z.boolean() }),
  'quarantine.restore': z.strictObject({ ids: z.array(id).readonly(), pages: z.array(z.strictObject({ pageId: id, sha256 })) }),
  'quarantine.purge': z.strictObject({ id, bytes: count, writtenAt: z.string(), quarantinedAt: z.string() }),
  // Jobs.
  'job.cancel': none,
  // Settings and scan profiles.
  'settings.export-folder-added': z.strictObject({ folder: z.string() }),
  'settings.export-folder-removed': z.strictObject({ folder: z.string() }),
  'settings.capture-sources': captureSourcesSchema.strict(),
  'profile.create': scanProfileSchema,
  'profile.update': scanProfileSchema,
  'profile.delete': none,
  // The store's own checks.
  'integrity.page-missing': pageRef,
  'integrity.page-restored': pageRef,
  'integrity.orphan-quarantined': z.strictObject({ sha256, bytes: count }),
  'integrity.blobs-unquarantined': z.strictObject({ count }),
  'audit.chain-broken': z.strictObject({ kind: z.string(), rowId: id }),
} as const satisfies Record<string, z.ZodType>;

export type AuditEventName = keyof typeof AUDIT_EVENTS;
/** What an event's detail must be (undefined for the events that have none). */
export type AuditDetail<E extends AuditEventName> = z.input<(typeof AUDIT_EVENTS)[E]>;

/** `record`'s detail argument: required when the event has one, absent when it has none, optional when optional. */
export type AuditDetailArgs<E extends AuditEventName> = undefined extends AuditDetail<E>
  ? [AuditDetail<E>] extends [undefined]
    ? []
    : [detail?: AuditDetail<E>]
  : [detail: AuditDetail<E>];

export function isAuditEvent(name: string): name is AuditEventName {
  return Object.hasOwn(AUDIT_EVENTS, name);
}

/** The old and new value of each field that differs between two versions of a record. */
export function fieldChanges<T extends Record<string, FieldChange['old']>>(before: T, after: T): FieldChange[] {
  // Lists (language) are compared by their codes, not by identity.
  return Object.keys(before)
    .filter((field) => JSON.stringify(before[field] ?? null) !== JSON.stringify(after[field] ?? null))
    .map((field) => ({ field, old: before[field] ?? null, new: after[field] ?? null }));
}
