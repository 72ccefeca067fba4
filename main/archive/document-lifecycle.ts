import type { DocumentState, Role } from '../contract/domain';
import { AppError } from '../contract/errors';
import { nowIso, type Db } from '../storage/database';
import { notFound } from './not-found';

/** Who makes a transition: a person by their role, or the workstation itself (recognition, auto-indexing, jobs). */
export type LifecycleParty = Role | 'system';

interface Transition {
  from: readonly DocumentState[];
  to: DocumentState;
  by: readonly LifecycleParty[];
}

/**
 * Every transition of a document's lifecycle and who may make it. The one rule not made by a call here: a
 * change to a page, a word or a field of an approved document sends it back to review (the trigger
 * `documents_reopen_after_approval` of migration 015, so that every writer obeys it); after packaging the
 * same change makes the package outdated (`packageOutdated`), and `package` makes a new one.
 */
export const TRANSITIONS = {
  /** Every page of the document is recognized. */
  recognize: { from: ['captured'], to: 'recognized', by: ['system'] },
  /** A page was added, edited or restored unrecognized: the document waits for recognition again. */
  recapture: { from: ['recognized', 'indexed'], to: 'captured', by: ['system'] },
  /** Auto-indexing proposed and stored its metadata once recognition was over (IndexingService). */
  index: { from: ['recognized'], to: 'indexed', by: ['system'] },
  submitReview: { from: ['recognized', 'indexed', 'returned'], to: 'in_review', by: ['clerk', 'supervisor'] },
  approve: { from: ['in_review'], to: 'approved', by: ['reviewer', 'supervisor'] },
  /** Back to the clerk, with the reviewer's reason. */
  return: { from: ['in_review'], to: 'returned', by: ['reviewer', 'supervisor'] },
  /** From packaged or uploaded only when the package is outdated: a new version, the old record replaced. */
  package: { from: ['approved', 'packaged', 'uploaded'], to: 'packaged', by: ['system'] },
  upload: { from: ['packaged'], to: 'uploaded', by: ['system'] },
} as const satisfies Record<string, Transition>;

export type TransitionName = keyof typeof TRANSITIONS;

const STATE_VI: Record<DocumentState, string> = {
  captured: 'đã nhập trang',
  recognized: 'đã nhận dạng',
  indexed: 'đã lập chỉ mục',
  in_review: 'đang chờ duyệt',
  approved: 'đã duyệt',
  returned: 'bị trả lại',
  packaged: 'đã đóng gói',
  uploaded: 'đã nộp lưu',
};

const TRANSITION_VI: Record<TransitionName, string> = {
  recognize: 'đánh dấu đã nhận dạng',
  recapture: 'đưa về chờ nhận dạng',
  index: 'lập chỉ mục',
  submitReview: 'gửi duyệt',
  approve: 'duyệt',
  return: 'trả lại',
  package: 'đóng gói',
  upload: 'nộp lưu',
};

const PARTY_VI: Record<LifecycleParty, string> = {
  clerk: 'nhân viên số hóa',
  reviewer: 'người kiểm tra',
  supervisor: 'người giám sát',
  system: 'hệ thống',
};

interface LifecycleRow {
  lifecycle: DocumentState;
  content_version: number;
  packaged_version: number | null;
}

/**
 * The lifecycle column of `documents` (migration 015): the only code that reads or writes it. Every
 * transition is checked against `TRANSITIONS` for the document's state and the party making it.
 */
export class DocumentLifecycle {
  constructor(private readonly db: Db) {}

  state(documentId: number): DocumentState {
    return this.row(documentId).lifecycle;
  }

  /** Whether `by` may make `transition` on the document now. */
  allows(documentId: number, transition: TransitionName, by: LifecycleParty): boolean {
    return refusal(this.row(documentId), transition, by) === null;
  }

  /**
   * Makes the transition, or refuses with LIFECYCLE_REFUSED (nothing changed). `reason` is required to
   * return a document and kept for the clerk until it is submitted again.
   */
  apply(documentId: number, transition: TransitionName, by: LifecycleParty, reason?: string): DocumentState {
    return this.db.transaction(() => {
      const row = this.row(documentId);
      const refused = refusal(row, transition, by);
      if (refused) throw refused;
      if (transition === 'return' && !reason?.trim()) {
        throw new AppError('LIFECYCLE_REFUSED', 'Hãy ghi lý do trả lại văn bản. Văn bản chưa bị trả lại.', 'Give the reason for returning the document. It was not returned.', 'reason');
      }
      this.write(documentId, transition, row, reason?.trim() ?? null);
      return TRANSITIONS[transition].to;
    }).immediate();
  }

  /**
   * A transition the workstation makes when what it follows happens (all pages recognized, a page added):
   * made when the document is in a state it leaves from, else nothing. True when made.
   */
  follow(documentId: number, transition: 'recognize' | 'recapture' | 'index'): boolean {
    const row = this.read(documentId);
    if (!row || refusal(row, transition, 'system')) return false;
    this.write(documentId, transition, row, null);
    return true;
  }

  private write(documentId: number, transition: TransitionName, row: LifecycleRow, reason: string | null): void {
    const now = nowIso();
    this.db
      .prepare('UPDATE documents SET lifecycle = ?, lifecycle_at = ?, return_reason = ?, updated_at = ? WHERE id = ?')
      .run(TRANSITIONS[transition].to, now, transition === 'return' ? reason : null, now, documentId);
    if (transition === 'package') this.db.prepare('UPDATE documents SET packaged_version = ?, packaged_at = ? WHERE id = ?').run(row.content_version, now, documentId);
  }

  private row(documentId: number): LifecycleRow {
    const row = this.read(documentId);
    if (!row) throw notFound('văn bản', documentId);
    return row;
  }

  private read(documentId: number): LifecycleRow | undefined {
    return this.db.prepare('SELECT lifecycle, content_version, packaged_version FROM documents WHERE id = ?').get(documentId) as LifecycleRow | undefined;
  }
}

/** Packaged, then changed: the package no longer holds what the document says. */
export function packageOutdated(row: { content_version: number; packaged_version: number | null }): boolean {
  return row.packaged_version !== null && row.content_version > row.packaged_version;
}

function refusal(row: LifecycleRow, transition: TransitionName, by: LifecycleParty): AppError | null {
  const t: Transition = TRANSITIONS[transition];
  const state = row.lifecycle;
  const action = TRANSITION_VI[transition];
  if (!t.by.includes(by)) {
    return new AppError(
      'LIFECYCLE_REFUSED',
      `${capitalize(PARTY_VI[by])} không được ${action} văn bản. Văn bản giữ nguyên trạng thái «${STATE_VI[state]}».`,
      `A ${by} may not ${transition} a document. It stays ${state}.`,
      transition,
    );
  }
  const repackage = transition === 'package' && state !== 'approved';
  if (!t.from.includes(state) || (repackage && !packageOutdated(row))) {
    return new AppError(
      'LIFECYCLE_REFUSED',
      `Không thể ${action} văn bản đang ở trạng thái «${STATE_VI[state]}». Không có gì bị thay đổi.`,
      `A document that is ${state} cannot ${transition}. Nothing was changed.`,
      transition,
    );
  }
  return null;
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
