// What `sohoa import` and `sohoa process` exit with, so that a script can tell a clean run from one where
// a file was refused or a page could not be read: 0 everything done, 2 done with some failures (each
// named on stderr), 1 nothing done.
import type { AppErrorView, ErrorCode } from '../contract/errors';

export const EXIT_DONE = 0;
export const EXIT_NOTHING_DONE = 1;
export const EXIT_SOME_FAILED = 2;

/**
 * Warnings where nothing failed: a page read all the same (a resolution set aside), an input already
 * imported whole (a retry adds nothing), a source whose content changed (imported as a new document).
 */
const NOTICES: ReadonlySet<ErrorCode> = new Set(['RESOLUTION_UNTRUSTED', 'ALREADY_IMPORTED', 'SOURCE_CHANGED']);

export function isFailure(warning: AppErrorView): boolean {
  return !NOTICES.has(warning.code);
}

export function exitCodeFor(somethingDone: boolean, warnings: readonly AppErrorView[]): number {
  if (!somethingDone) return EXIT_NOTHING_DONE;
  return warnings.some(isFailure) ? EXIT_SOME_FAILED : EXIT_DONE;
}

/** "2 tệp bị từ chối hoặc trang lỗi" — the count for the closing line. */
export function failureCount(warnings: readonly AppErrorView[]): number {
  return warnings.filter(isFailure).length;
}
