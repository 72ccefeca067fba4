import { describe, expect, it } from 'vitest';
import type { PageView } from '../../../main/contract/domain';
import { IDENTITY_RECIPE } from '../../../main/contract/page-recipe';
import { orderPages } from '../../../renderer/src/lib/page-order';

const page = (id: number, documentId: number, ordinal: number): PageView => ({
  id,
  documentId,
  ordinal,
  sha256: '',
  width: 2480,
  height: 3508,
  masterWidth: 2480,
  masterHeight: 3508,
  recipe: IDENTITY_RECIPE,
  splitFrom: null,
  analysisPending: false,
  canUndo: false,
  imageVersion: '',
  missingSince: null,
  dpi: 300,
  bytes: 1,
  source: `p${id}.tif`,
  state: 'imported',
  confidence: null,
  blank: null,
  blankSetBy: null,
});

describe('orderPages', () => {
  it('orders by document then page and numbers across the dossier', () => {
    const ordered = orderPages(
      [page(5, 20, 2), page(3, 10, 1), page(4, 20, 1), page(6, 10, 2)],
      [
        { id: 20, ordinal: 2 },
        { id: 10, ordinal: 1 },
      ],
    );
    expect(ordered.map((p) => [p.page.id, p.number, p.documentOrdinal])).toEqual([
      [3, 1, 1],
      [6, 2, 1],
      [4, 3, 2],
      [5, 4, 2],
    ]);
  });

  it('puts pages of unknown documents last', () => {
    const ordered = orderPages([page(1, 99, 1), page(2, 10, 1)], [{ id: 10, ordinal: 1 }]);
    expect(ordered.map((p) => p.page.id)).toEqual([2, 1]);
  });
});
