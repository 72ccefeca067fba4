import { ScannerError } from '../../main/capture/scanner-errors';
import type { ScannedPage } from '../../main/capture/scanner-source';

/**
 * Pages of a scan until it ends, and the ScannerError that ended it if one did (anything else is
 * rethrown). `onPage` runs between pages, while the scanner waits for the next request.
 */
export async function collectScan(
  pages: AsyncIterable<ScannedPage>,
  onPage?: (page: ScannedPage, index: number) => void | Promise<void>,
): Promise<{ pages: ScannedPage[]; error: ScannerError | null }> {
  const got: ScannedPage[] = [];
  try {
    for await (const page of pages) {
      got.push(page);
      await onPage?.(page, got.length - 1);
    }
  } catch (error) {
    if (!(error instanceof ScannerError)) throw error;
    return { pages: got, error };
  }
  return { pages: got, error: null };
}
