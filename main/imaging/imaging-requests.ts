// What the main thread asks of an imaging worker thread, and what comes back: one discriminated union of
// requests (by `kind`), the result type of each kind, and the messages both sides post. Only plain data
// crosses (structured clone); Buffers arrive as Uint8Array and are made Buffers again by the pool.
import type { AnalysisStep, Box, PageRecipe, QuarterTurn } from '../contract/page-recipe';
import type { ErrorCode } from '../contract/errors';
import type { WordBox } from './word-box';
import type { BlankVerdict } from './blank-page';
import type { MasterInput } from './derivatives';
import type { PageAnalysis } from './page-analysis';
import type { Size } from './page-geometry';
import type { PageFinding } from '../contract/separators';
import type { StitchResult, TilePlacement } from './stitch';

export type ImagingRequest =
  | {
      kind: 'analyse-page';
      master: MasterInput;
      size: Size;
      dpi: number;
      base?: PageRecipe | undefined;
      steps?: readonly AnalysisStep[] | undefined;
      /** Whether the main thread has an orientation detector to ask (Tesseract lives in its own pool). */
      detectOrientation: boolean;
    }
  | { kind: 'find-spread'; master: MasterInput; size: Size; dpi: number }
  | { kind: 'find-separator'; master: MasterInput; size: Size; dpi: number }
  | { kind: 'thumbnail'; master: MasterInput; recipe: PageRecipe }
  | { kind: 'view-image'; master: MasterInput; recipe: PageRecipe }
  | { kind: 'page-image'; master: MasterInput; recipe: PageRecipe; format: 'png' | 'jpeg' }
  | { kind: 'recognition-image'; master: MasterInput; dpi: number; recipe: PageRecipe }
  | { kind: 'build-pyramid'; master: MasterInput; recipe: PageRecipe; dir: string }
  | { kind: 'register-tiles'; files: string[] }
  | { kind: 'stitch-tiles'; files: string[]; out: string; placements?: TilePlacement[] | undefined };

export type ImagingKind = ImagingRequest['kind'];

export interface RecognitionImage {
  data: Buffer;
  scale: number;
  blank: BlankVerdict;
  stamps: WordBox[];
}

/** The result of each kind of request, as the caller receives it. */
export interface ImagingResults {
  'analyse-page': PageAnalysis;
  'find-spread': { left: Box; right: Box } | null;
  'find-separator': PageFinding;
  thumbnail: Buffer;
  'view-image': Buffer;
  'page-image': Buffer;
  'recognition-image': RecognitionImage;
  'build-pyramid': string;
  'register-tiles': StitchResult;
  'stitch-tiles': StitchResult;
}

/** What Tesseract's orientation detection answered for the worker's grey PNG (null: it could not tell). */
export type OrientationAnswer = { rotation: QuarterTurn; confidence: number } | null;

/** An error thrown in the worker, as data: an AppError keeps its code and both messages. */
export type ThrownInWorker =
  | { kind: 'app'; code: ErrorCode; messageVi: string; messageEn: string; subject: string | undefined; stack: string | undefined }
  | { kind: 'error'; name: string; message: string; stack: string | undefined };

/** Main thread → worker. `stagingRoot` is the process's staging folder (staging.ts), null if unset. */
export type ToWorker =
  | { type: 'run'; id: number; request: ImagingRequest; stagingRoot: string | null }
  | { type: 'orientation'; id: number; answer: OrientationAnswer };

/** Worker → main thread. A worker runs one request at a time; `detect-orientation` is asked during it. */
export type FromWorker =
  | { type: 'done'; id: number; value: unknown }
  | { type: 'failed'; id: number; error: ThrownInWorker }
  | { type: 'detect-orientation'; id: number; png: Uint8Array };
