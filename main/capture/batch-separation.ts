// One scanned batch (an ADF run, a folder of page images, a multi-page file) split into dossiers and
// documents by the separator sheets found on its pages. Pure: the pages' findings in, the plan out; the
// archive applies it (archive/separations.ts). Separator pages never go into a document: they stay pages
// of the batch record, flagged, so that nothing scanned is dropped and the clerk can see every sheet.
import type { PageFinding, ProcedureCodes, SeparationFlagCode, SeparatorFinding } from '../contract/separators';

/** One page of the batch, in scan order: its 1-based position and what was found on it. */
export interface BatchPage {
  position: number;
  finding: PageFinding;
}

export interface SeparationFlag {
  code: SeparationFlagCode;
  /** The batch position the flag is about (the separator page, or the document's first page). */
  position: number;
  messageVi: string;
  messageEn: string;
}

export interface PlannedDocument {
  /** The dossier it goes into: a separator's code, or null for the dossier the batch was scanned into. */
  fileCode: string | null;
  /** Batch positions of its pages, in order. */
  pages: number[];
  /** The codes of the first TTHC result QR code on its pages (Thông tư 01/2023/TT-VPCP), if any. */
  procedure: ProcedureCodes | null;
}

export interface SeparationPlan {
  /** Every separator page (ours, or one that looks like ours and could not be read), in order. */
  separatorPages: Array<{ position: number; finding: SeparatorFinding }>;
  /** The dossier codes the separators name, in order of first appearance (each created if not there). */
  dossiers: string[];
  documents: PlannedDocument[];
  flags: SeparationFlag[];
}

/**
 * The plan for a batch. A dossier sheet starts a new dossier with its code (and a new document in it at
 * the next page), a document sheet or Patch T a new document in the current dossier; `extraSplits` are
 * batch positions where another reader (an NĐ 30 header on the page) proposes that a document starts —
 * applied as found and flagged. Pages before the first separator form a document of their own, flagged.
 * An unreadable separator is kept and flagged, and the pages after it go on in the current document.
 */
export function planSeparation(pages: readonly BatchPage[], extraSplits: readonly number[] = []): SeparationPlan {
  const plan: SeparationPlan = { separatorPages: [], dossiers: [], documents: [], flags: [] };
  const splits = new Set(extraSplits);
  const firstSeparator = pages.find((p) => p.finding.separator !== null)?.position ?? null;
  let fileCode: string | null = null;
  let open: PlannedDocument | null = null;
  for (const page of pages) {
    const separator = page.finding.separator;
    if (separator) {
      plan.separatorPages.push({ position: page.position, finding: separator });
      if (separator.kind === 'dossier') {
        fileCode = separator.fileCode;
        if (!plan.dossiers.includes(fileCode)) plan.dossiers.push(fileCode);
        open = null;
      } else if (separator.kind === 'document') {
        open = null;
      } else {
        plan.flags.push({
          code: 'unreadable-separator',
          position: page.position,
          messageVi: `Trang ${page.position} giống tờ phân cách nhưng không đọc được (${separator.why}). Trang được giữ trong lô; các trang sau vẫn tiếp tục trong văn bản hiện tại — hãy kiểm tra và tách lại nếu cần.`,
          messageEn: `Page ${page.position} looks like a separator sheet but cannot be read (${separator.why}). It is kept in the batch; the pages after it go on in the current document — check them and split again if needed.`,
        });
      }
      continue;
    }
    if (open && splits.has(page.position)) {
      open = null;
      plan.flags.push(headerSplitFlag(page.position));
    }
    if (!open) {
      open = { fileCode, pages: [], procedure: null };
      plan.documents.push(open);
      if (firstSeparator !== null && page.position < firstSeparator && plan.documents.length === 1) {
        plan.flags.push({
          code: 'before-first-separator',
          position: page.position,
          messageVi: `Các trang trước tờ phân cách đầu tiên (từ trang ${page.position}) được để thành một văn bản riêng trong hồ sơ đang quét — hãy kiểm tra xem chúng thuộc hồ sơ nào.`,
          messageEn: `The pages before the first separator sheet (from page ${page.position}) were made a document of their own in the dossier being scanned — check which dossier they belong to.`,
        });
      }
    }
    open.pages.push(page.position);
    open.procedure ??= page.finding.procedure;
  }
  if (firstSeparator === null && plan.documents.length > 0) {
    plan.flags.push({
      code: 'no-separator',
      position: plan.documents[0]!.pages[0]!,
      messageVi: 'Không tìm thấy tờ phân cách nào trong lô quét: các trang được giữ trong hồ sơ đang quét — hãy kiểm tra xem đã đặt tờ phân cách chưa.',
      messageEn: 'No separator sheet was found in the batch: the pages stay in the dossier being scanned — check that separator sheets were put in.',
    });
  }
  return plan;
}

/** The flag of a document started where a page carries an NĐ 30 header, without a separator sheet. */
export function headerSplitFlag(position: number): SeparationFlag {
  return {
    code: 'header-split',
    position,
    messageVi: `Văn bản mới bắt đầu ở trang ${position} theo phần đầu văn bản (không có tờ phân cách) — hãy xác nhận.`,
    messageEn: `A new document starts at page ${position} from its header (no separator sheet) — please confirm.`,
  };
}
