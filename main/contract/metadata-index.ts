// What auto-indexing kept for a document (main/archive/metadata-proposals.ts), as the form reads it:
// the latest proposal of each field, and where each field's current value came from. Isomorphic: types only.
import type { DocumentFieldKey } from './archival-fields';
import type { FieldProposal } from './metadata-proposals';

/** A proposal as stored: the reader's value, confidence and words, when and by which reader. */
export interface StoredProposal extends FieldProposal {
  readonly proposedAt: string;
  readonly reader: string;
}

/**
 * Who set a field's current value: a person (who, when; an emptied field too), or auto-indexing from
 * the field's proposal. A person's value is never replaced by a later proposal.
 */
export type FieldOrigin =
  | { readonly origin: 'person'; readonly setBy: string; readonly setAt: string }
  | { readonly origin: 'proposal'; readonly setAt: string };

export interface DocumentIndexView {
  readonly documentId: number;
  readonly proposals: Partial<Record<DocumentFieldKey, StoredProposal>>;
  readonly origins: Partial<Record<DocumentFieldKey, FieldOrigin>>;
}
