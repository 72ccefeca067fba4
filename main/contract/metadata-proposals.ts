// What auto-indexing proposes for a document, and what it reads it from. The layout reader
// (main/recognition) takes a document's pages as recognized words with their boxes and answers, for each
// archival field it could read, the value, how sure it is and the words the value came from, so that the
// form can mark a proposal read from unsure words and the viewer can show those words on the image.
// Isomorphic: types and constants only.
import type { DocumentEditableKey } from './archival-fields';

/** A word of a page by its place in the page's words (PageDetail.words, the `idx` of the words table). */
export interface WordRef {
  readonly pageId: number;
  readonly index: number;
}

/** One proposed value: as the field stores it (a code field's stored form), with its evidence. */
export interface FieldProposal {
  readonly value: string;
  /**
   * 0–100: the least sure of the words it came from, lowered where the value had to be mended. Below
   * LOW_CONFIDENCE (domain.ts) the form marks the proposal as read from unsure words.
   */
  readonly confidence: number;
  /** The words the value was read from, in reading order; empty for a value derived from other fields. */
  readonly words: readonly WordRef[];
}

/** The fields the layout reader proposes (a subset of the document fields a person gives), each at most once. */
export type DocumentProposals = Partial<Record<DocumentEditableKey, FieldProposal>>;

/** A recognized word with its box, in the pixels of its page. */
export interface LayoutWord {
  readonly index: number;
  readonly text: string;
  readonly x0: number;
  readonly y0: number;
  readonly x1: number;
  readonly y1: number;
  /** 0–100 */
  readonly confidence: number;
  /** Lines numbered in reading order, as recognition numbered them. */
  readonly line: number;
}

/** A page of a document as the layout reader takes it: its size and its words, in reading order. */
export interface LayoutPage {
  readonly pageId: number;
  readonly width: number;
  readonly height: number;
  readonly words: readonly LayoutWord[];
}

/** Secrecy marks (độ mật) of Nghị định 30, least secret first. A document carrying one is never uploaded. */
export const SECRECY_MARKS = ['MẬT', 'TỐI MẬT', 'TUYỆT MẬT'] as const;
export type SecrecyMark = (typeof SECRECY_MARKS)[number];

/** Urgency marks (độ khẩn) of Nghị định 30, least urgent first. */
export const URGENCY_MARKS = ['KHẨN', 'THƯỢNG KHẨN', 'HỎA TỐC'] as const;
export type UrgencyMark = (typeof URGENCY_MARKS)[number];

/** A mark found on a page, with its evidence. */
export interface MarkFound<M extends string> {
  readonly mark: M;
  readonly confidence: number;
  readonly words: readonly WordRef[];
}

/** What the layout reader answers for one document. */
export interface LayoutReading {
  readonly proposals: DocumentProposals;
  readonly secrecy: MarkFound<SecrecyMark> | null;
  readonly urgency: MarkFound<UrgencyMark> | null;
}
