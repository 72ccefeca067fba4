// Pages of a dossier in reading order, numbered across the whole dossier.
// PageView.ordinal counts inside its document, so the dossier-wide number is computed here.
import type { DocumentView, PageView } from '../../../main/contract/domain';

export interface OrderedPage {
  page: PageView;
  /** 1-based position in the dossier. */
  number: number;
  /** Ordinal of the page's document in the dossier (0 when the document is unknown). */
  documentOrdinal: number;
}

export function orderPages(pages: readonly PageView[], documents: readonly Pick<DocumentView, 'id' | 'ordinal'>[]): OrderedPage[] {
  const docOrdinal = new Map(documents.map((d) => [d.id, d.ordinal]));
  const indexed = pages.map((page, index) => {
    const ordinal = docOrdinal.get(page.documentId);
    // Pages of a document not (yet) in the list go last rather than first.
    return { page, index, documentOrdinal: ordinal ?? 0, sortKey: ordinal ?? Number.MAX_SAFE_INTEGER };
  });
  indexed.sort((a, b) => a.sortKey - b.sortKey || a.page.ordinal - b.page.ordinal || a.index - b.index);
  return indexed.map(({ page, documentOrdinal }, i) => ({ page, number: i + 1, documentOrdinal }));
}
