// What each job kind the contract knows reports when it is done: one zod schema per kind, which the job
// queue checks every result against (setResult) and from which JobView.result gets its type. A new kind
// adds one line here (its result schema) and one `jobs.register(...)` where it is wired; the jobs table
// has no list of kinds (migration 018), so no migration.
import { z } from 'zod';
import { SEPARATION_FLAG_CODES } from './separators';
import { tilePlacementSchema } from './stitch';

const stitchDoubtSchema = z.object({
  tile: z.number().int(),
  other: z.number().int().nullable(),
  reason: z.enum(['no-overlap', 'weak', 'ambiguous', 'contradictory']),
  region: z.object({ x: z.number(), y: z.number(), width: z.number(), height: z.number() }),
});

/** An import of files and folders: what each input became. */
const importedInputsSchema = z.object({
  pagesAdded: z.number().int().nonnegative(),
  pagesStored: z.number().int().nonnegative(),
  documents: z.array(
    z.object({
      source: z.string(),
      docCode: z.string(),
      pagesAdded: z.number().int().nonnegative(),
      pages: z.number().int().nonnegative(),
      status: z.enum(['new', 'completed', 'unchanged']),
    }),
  ),
  /** The inputs were one scanned batch split by its separator sheets (payload `separate`). */
  separation: z
    .object({
      runId: z.number().int(),
      /** 1-based positions in the batch. */
      separatorPages: z.array(z.number().int().positive()),
      documents: z.array(z.object({ fileCode: z.string(), docCode: z.string(), pages: z.array(z.number().int().positive()) })),
      dossiersCreated: z.array(z.string()),
      flags: z.array(z.object({ code: z.enum(SEPARATION_FLAG_CODES), position: z.number().int().positive(), messageVi: z.string(), messageEn: z.string() })),
    })
    .optional(),
});

/** An import of the passes of one large sheet, stitched into one page. */
const stitchedSheetSchema = z.object({
  pagesAdded: z.number().int().nonnegative(),
  stitch: z.object({
    width: z.number().int().positive(),
    height: z.number().int().positive(),
    unsure: z.boolean(),
    tiles: z.array(tilePlacementSchema),
    doubts: z.array(stitchDoubtSchema),
  }),
});

export const JOB_RESULT_SCHEMAS = {
  import: z.union([importedInputsSchema, stitchedSheetSchema]),
  ocr: z.object({
    pagesRecognized: z.number().int().nonnegative(),
    pagesFailed: z.number().int().nonnegative(),
    /** People's corrections the new reading could not keep (their word has gone); absent when none. */
    correctionsDropped: z.number().int().positive().optional(),
  }),
  export: z.object({ outboxDir: z.string(), files: z.array(z.string()), documents: z.number().int().nonnegative(), refused: z.number().int().nonnegative() }),
  /** documentId: the document the pages went into (null when a scan into a new document added none). */
  scan: z.object({ documentId: z.number().int().positive().nullable(), pagesAdded: z.number().int().nonnegative() }),
} as const;

/** Each known kind's result, as its schema gives it. */
export type JobResults = { [K in keyof typeof JOB_RESULT_SCHEMAS]: z.output<(typeof JOB_RESULT_SCHEMAS)[K]> };
