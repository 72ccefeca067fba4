// The imaging worker thread: runs one ImagingRequest at a time with the same functions the main thread
// used to call, so that their loops over grey images (analysis, blank and stamp detection, stitching's
// registration) never hold up the main thread's event loop. Started by imaging-pool.ts.
import { parentPort } from 'node:worker_threads';
import { isAppError } from '../contract/errors';
import { pageImage, recognitionImage, thumbnail, viewImage } from './derivatives';
import type { FromWorker, ImagingRequest, OrientationAnswer, ThrownInWorker, ToWorker } from './imaging-requests';
import { analysePage, findSpread } from './page-analysis';
import { findSeparator } from './separator-detection';
import { setStagingRoot, stagingRootSetting } from './staging';
import { registerTiles, stitchTiles } from './stitch';
import { buildPyramid } from './tile-pyramid';

const port = parentPort;
if (!port) throw new Error('imaging-worker.ts runs as a worker thread (see imaging-pool.ts)');

/** The main thread's answer to the running request's orientation question. */
let answerOrientation: ((answer: OrientationAnswer) => void) | null = null;

function askOrientation(id: number, png: Buffer): Promise<OrientationAnswer> {
  return new Promise((resolve) => {
    answerOrientation = resolve;
    post({ type: 'detect-orientation', id, png }, ownedBuffer(png));
  });
}

function perform(id: number, request: ImagingRequest): Promise<unknown> {
  switch (request.kind) {
    case 'analyse-page':
      return analysePage(request.master, request.size, request.dpi, {
        base: request.base,
        steps: request.steps,
        detectOrientation: request.detectOrientation ? (png) => askOrientation(id, png) : undefined,
      });
    case 'find-spread':
      return findSpread(request.master, request.size, request.dpi);
    case 'find-separator':
      return findSeparator(request.master, request.size, request.dpi);
    case 'thumbnail':
      return thumbnail(request.master, request.recipe);
    case 'view-image':
      return viewImage(request.master, request.recipe);
    case 'page-image':
      return pageImage(request.master, request.recipe, request.format);
    case 'recognition-image':
      return recognitionImage(request.master, request.dpi, request.recipe);
    case 'build-pyramid':
      return buildPyramid(request.master, request.recipe, request.dir);
    case 'register-tiles':
      return registerTiles(request.files);
    case 'stitch-tiles':
      return stitchTiles(request.files, request.out, request.placements);
  }
}

/**
 * The ArrayBuffer to transfer with a Buffer, when the Buffer is all of it (sharp's outputs are): moved,
 * not copied. A slice of Node's shared pool is copied instead; transferring it would detach its neighbours.
 */
function ownedBuffer(data: Uint8Array): ArrayBuffer[] {
  return data.byteOffset === 0 && data.byteLength === data.buffer.byteLength && data.buffer instanceof ArrayBuffer ? [data.buffer] : [];
}

function transfers(value: unknown): ArrayBuffer[] {
  if (value instanceof Uint8Array) return ownedBuffer(value);
  if (typeof value === 'object' && value !== null && 'data' in value && value.data instanceof Uint8Array) return ownedBuffer(value.data);
  return [];
}

function thrown(error: unknown): ThrownInWorker {
  if (isAppError(error)) return { kind: 'app', code: error.code, messageVi: error.messageVi, messageEn: error.message, subject: error.subject, stack: error.stack };
  if (error instanceof Error) return { kind: 'error', name: error.name, message: error.message, stack: error.stack };
  return { kind: 'error', name: 'Error', message: String(error), stack: undefined };
}

function post(message: FromWorker, transferList: ArrayBuffer[] = []): void {
  port!.postMessage(message, transferList);
}

port.on('message', (message: ToWorker) => {
  if (message.type === 'orientation') {
    const answer = answerOrientation;
    answerOrientation = null;
    answer?.(message.answer);
    return;
  }
  // Large-sheet stages go where the main thread's Workstation put them (module state is per thread).
  if (message.stagingRoot !== null && message.stagingRoot !== stagingRootSetting()) setStagingRoot(message.stagingRoot);
  perform(message.id, message.request).then(
    (value) => post({ type: 'done', id: message.id, value }, transfers(value)),
    (error: unknown) => post({ type: 'failed', id: message.id, error: thrown(error) }),
  );
});
