import { describe, expect, it } from 'vitest';
import { planSeparation, type BatchPage } from '../../../main/capture/batch-separation';
import type { PageFinding, ProcedureCodes } from '../../../main/contract/separators';

// A batch written as letters, one a page: S:<code> a dossier sheet, D a document sheet (QR or Patch T),
// U an unreadable separator, . an ordinary page, Q an ordinary page carrying a TTHC result's QR code.
const TTHC: ProcedureCodes = { procedureFileCode: '000.00.14.H49-240315-0001', procedureCode: '1.004227', identityCode: '001085012345' };
function batch(...pages: string[]): BatchPage[] {
  return pages.map((p, i): BatchPage => {
    const finding: PageFinding =
      p.startsWith('S:') ? { separator: { kind: 'dossier', fileCode: p.slice(2) }, procedure: null }
      : p === 'D' ? { separator: { kind: 'document' }, procedure: null }
      : p === 'U' ? { separator: { kind: 'unreadable', why: 'mã QR hỏng' }, procedure: null }
      : p === 'Q' ? { separator: null, procedure: TTHC }
      : { separator: null, procedure: null };
    return { position: i + 1, finding };
  });
}
const A = 'H49.64.33.2001.160';
const B = 'H49.64.33.2001.161';

describe('planSeparation', () => {
  const cases: Array<{ name: string; pages: string[]; splits?: number[]; separators: number[]; documents: Array<[string | null, number[]]>; flags: Array<[string, number]>; dossiers?: string[] }> = [
    { name: 'two dossiers, documents by sheet', pages: [`S:${A}`, '.', '.', 'D', '.', `S:${B}`, '.', 'D', '.', '.'], separators: [1, 4, 6, 8], documents: [[A, [2, 3]], [A, [5]], [B, [7]], [B, [9, 10]]], flags: [], dossiers: [A, B] },
    { name: 'pages before the first separator are a document of their own, flagged', pages: ['.', '.', `S:${A}`, '.'], separators: [3], documents: [[null, [1, 2]], [A, [4]]], flags: [['before-first-separator', 1]] },
    { name: 'an unreadable separator stays, flagged, and the pages go on in the current document', pages: [`S:${A}`, '.', 'U', '.', '.'], separators: [1, 3], documents: [[A, [2, 4, 5]]], flags: [['unreadable-separator', 3]] },
    { name: 'a document sheet before any dossier sheet splits the scanned-into dossier', pages: ['.', 'D', '.'], separators: [2], documents: [[null, [1]], [null, [3]]], flags: [['before-first-separator', 1]] },
    { name: 'consecutive sheets make no empty document; a dossier with no pages is still named', pages: [`S:${A}`, `S:${B}`, 'D', 'D', '.'], separators: [1, 2, 3, 4], documents: [[B, [5]]], flags: [], dossiers: [A, B] },
    { name: 'a dossier named twice is one dossier, appended to', pages: [`S:${A}`, '.', `S:${B}`, '.', `S:${A}`, '.'], separators: [1, 3, 5], documents: [[A, [2]], [B, [4]], [A, [6]]], flags: [], dossiers: [A, B] },
    { name: 'no separator at all: one document, flagged', pages: ['.', '.', '.'], separators: [], documents: [[null, [1, 2, 3]]], flags: [['no-separator', 1]] },
    { name: 'header-based split points start documents, flagged', pages: [`S:${A}`, '.', '.', '.', '.'], splits: [4], separators: [1], documents: [[A, [2, 3]], [A, [4, 5]]], flags: [['header-split', 4]] },
    { name: 'a split point on a document’s first page changes nothing', pages: [`S:${A}`, '.', '.'], splits: [2], separators: [1], documents: [[A, [2, 3]]], flags: [] },
    { name: 'only separators: no document', pages: [`S:${A}`, 'D'], separators: [1, 2], documents: [], flags: [], dossiers: [A] },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const plan = planSeparation(batch(...c.pages), c.splits);
      expect(plan.separatorPages.map((s) => s.position)).toEqual(c.separators);
      expect(plan.documents.map((d) => [d.fileCode, d.pages])).toEqual(c.documents);
      expect(plan.flags.map((f) => [f.code, f.position])).toEqual(c.flags);
      if (c.dossiers) expect(plan.dossiers).toEqual(c.dossiers);
      // Every page is somewhere, once: in a document or among the separator pages.
      const placed = [...plan.separatorPages.map((s) => s.position), ...plan.documents.flatMap((d) => d.pages)].sort((a, b) => a - b);
      expect(placed).toEqual(c.pages.map((_, i) => i + 1));
    });
  }

  it('says in the unreadable flag that the following pages go on in the current document', () => {
    const [flag] = planSeparation(batch(`S:${A}`, 'U', '.')).flags;
    expect(flag?.messageVi).toContain('các trang sau vẫn tiếp tục trong văn bản hiện tại');
    expect(flag?.messageVi).toContain('mã QR hỏng');
  });

  it('gives a document the codes of the first TTHC QR code on its pages', () => {
    const plan = planSeparation(batch(`S:${A}`, '.', 'Q', 'D', '.'));
    expect(plan.documents.map((d) => d.procedure)).toEqual([TTHC, null]);
  });
});
