import { fieldChanges, type FieldChange } from '../accounts/audit-events';
import { DOCUMENT_FIELDS, editableFields, EMPTY_METADATA, fieldSchema, type ArchivalField, type DocumentEditableKey, type DocumentMetadata } from '../contract/archival-fields';
import type { DocumentView } from '../contract/domain';
import type { DocumentIndexView, FieldOrigin, StoredProposal } from '../contract/metadata-index';
import type { DocumentProposals, FieldProposal, LayoutReading, WordRef } from '../contract/metadata-proposals';
import { nowIso, type Db } from '../storage/database';
import type { DocumentLifecycle } from './document-lifecycle';
import type { Documents } from './documents';

/** Who changes a field by hand: their account (null for the command line) and the name the audit log shows. */
export interface FieldSetter {
  readonly userId: number | null;
  readonly name: string;
}

/** What one indexing of a document did. */
export interface IndexOutcome {
  readonly document: DocumentView;
  /** Fields whose value changed: filled from a proposal, or emptied because the new reading no longer proposes them. */
  readonly changes: FieldChange[];
  /** Fields with a proposal that were left as they were because a person had set them. */
  readonly keptByPerson: DocumentEditableKey[];
  /** Whether the document moved to 'indexed' (only from 'recognized'). */
  readonly indexed: boolean;
}

type Origins = Partial<Record<DocumentEditableKey, FieldOrigin['origin']>>;

/**
 * The value a proposal spells, as the field stores it (a number for a count, a boolean for a flag), or
 * null when the field's own schema refuses it: a proposal is never stored in a form the form would reject.
 */
export function proposedValue(field: ArchivalField<DocumentEditableKey>, value: string): DocumentMetadata[DocumentEditableKey] | null {
  const text = value.trim();
  if (text === '') return null;
  const input = field.type === 'integer' ? Number(text) : field.type === 'boolean' ? (text === 'true' ? true : text === 'false' ? false : text) : text;
  const parsed = fieldSchema(field).safeParse(input);
  return parsed.success ? (parsed.data as DocumentMetadata[DocumentEditableKey]) : null;
}

/**
 * The rules of auto-indexing, on one document's fields: a field a person set (emptied included) keeps
 * their value; a field filled before origins were kept counts as a person's; every other field takes
 * its proposal, and a field an earlier proposal filled that the new reading no longer proposes is
 * emptied (a wrong value is worse than an empty one). Returns the new values, the fields now holding
 * a proposal, and those a person's value kept from one.
 */
export function applyProposals(
  current: DocumentMetadata,
  origins: Origins,
  proposals: DocumentProposals,
): { metadata: DocumentMetadata; fromProposal: DocumentEditableKey[]; emptied: DocumentEditableKey[]; keptByPerson: DocumentEditableKey[] } {
  const metadata: Record<string, unknown> = { ...current };
  const fromProposal: DocumentEditableKey[] = [];
  const emptied: DocumentEditableKey[] = [];
  const keptByPerson: DocumentEditableKey[] = [];
  for (const field of editableFields(DOCUMENT_FIELDS)) {
    const key = field.key;
    const origin = origins[key];
    const proposal = proposals[key];
    const value = proposal ? proposedValue(field, proposal.value) : null;
    const byPerson = origin === 'person' || (origin === undefined && JSON.stringify(current[key]) !== JSON.stringify(EMPTY_METADATA[key]));
    if (byPerson) {
      if (value !== null) keptByPerson.push(key);
    } else if (value !== null) {
      metadata[key] = value;
      fromProposal.push(key);
    } else if (origin === 'proposal') {
      metadata[key] = EMPTY_METADATA[key];
      emptied.push(key);
    }
  }
  // A secrecy mark read on the page makes the document Mật even where a person chose another access mode:
  // a page stamped MẬT must never go out as public. A person who clears the mark itself is still obeyed.
  if (fromProposal.includes('secrecyMark') && metadata['mode'] !== '03') {
    metadata['mode'] = '03';
    fromProposal.push('mode');
    const kept = keptByPerson.indexOf('mode');
    if (kept >= 0) keptByPerson.splice(kept, 1);
  }
  return { metadata: metadata as DocumentMetadata, fromProposal, emptied, keptByPerson };
}

/**
 * Auto-indexing's tables (migration 021): the proposals kept for each document's fields, the origin of
 * each field's value, and the documents due for indexing since a page was recognized. The only code
 * that reads or writes them; the document's metadata itself is written through Documents.
 */
export class MetadataIndex {
  constructor(
    private readonly db: Db,
    private readonly documents: Documents,
    private readonly lifecycle: DocumentLifecycle,
  ) {}

  /**
   * The documents due for indexing (a page recognized since their last indexing) whose recognition is
   * over: no page waiting or being read, and at least one page read. In a dossier, or everywhere (null).
   */
  dueDocuments(dossierId: number | null): number[] {
    const rows = this.db
      .prepare(
        `SELECT due.document_id AS id FROM metadata_index_due due JOIN documents x ON x.id = due.document_id
         WHERE (? IS NULL OR x.dossier_id = ?)
           AND EXISTS (SELECT 1 FROM pages p WHERE p.document_id = x.id AND p.state = 'recognized')
           AND NOT EXISTS (SELECT 1 FROM pages p WHERE p.document_id = x.id AND p.state IN ('imported', 'recognizing'))
         ORDER BY x.dossier_id, x.ordinal`,
      )
      .all(dossierId, dossierId) as Array<{ id: number }>;
    return rows.map((row) => row.id);
  }

  /**
   * Keeps a new reading of the document and applies it by the rules of `applyProposals`, all in one
   * transaction that also ends the document's being due and follows the lifecycle's 'index' where its
   * state allows it: a process killed before the commit leaves the document due, untouched.
   */
  store(documentId: number, reading: LayoutReading, reader: string): IndexOutcome {
    return this.db.transaction(() => {
      const before = this.documents.document(documentId).metadata;
      const proposals = validProposals(markProposals(reading));
      const { metadata, fromProposal, emptied, keptByPerson } = applyProposals(before, this.originKinds(documentId), proposals);
      const now = nowIso();
      this.db.prepare('DELETE FROM metadata_proposals WHERE document_id = ?').run(documentId);
      const insert = this.db.prepare('INSERT INTO metadata_proposals (document_id, field, value, confidence, words, proposed_at, reader) VALUES (?, ?, ?, ?, ?, ?, ?)');
      for (const [field, proposal] of Object.entries(proposals)) {
        insert.run(documentId, field, proposal.value, proposal.confidence, JSON.stringify(proposal.words.map(({ pageId, index }) => ({ pageId, index }))), now, reader);
      }
      const setOrigin = this.db.prepare(
        `INSERT INTO metadata_origins (document_id, field, origin, set_by, set_by_name, set_at) VALUES (?, ?, 'proposal', NULL, NULL, ?)
         ON CONFLICT (document_id, field) DO UPDATE SET origin = 'proposal', set_by = NULL, set_by_name = NULL, set_at = excluded.set_at`,
      );
      for (const field of fromProposal) setOrigin.run(documentId, field, now);
      const dropOrigin = this.db.prepare("DELETE FROM metadata_origins WHERE document_id = ? AND field = ? AND origin = 'proposal'");
      for (const field of emptied) dropOrigin.run(documentId, field);
      const changes = fieldChanges(before, metadata);
      // Rewriting unchanged values would count as a change of the document (migration 014's trigger).
      if (changes.length > 0) this.documents.updateMetadata(documentId, metadata);
      this.db.prepare('DELETE FROM metadata_index_due WHERE document_id = ?').run(documentId);
      const indexed = this.lifecycle.follow(documentId, 'index');
      return { document: this.documents.document(documentId), changes, keptByPerson, indexed };
    }).immediate();
  }

  /**
   * A person's save of a document's fields (the form, `sohoa`): the fields it changed are theirs from
   * now on, an emptied one too, and no later proposal replaces them.
   */
  setByPerson(documentId: number, metadata: DocumentMetadata, setter: FieldSetter): { document: DocumentView; changes: FieldChange[] } {
    return this.db.transaction(() => {
      const before = this.documents.document(documentId).metadata;
      const document = this.documents.updateMetadata(documentId, metadata);
      const changes = fieldChanges(before, document.metadata);
      const setOrigin = this.db.prepare(
        `INSERT INTO metadata_origins (document_id, field, origin, set_by, set_by_name, set_at) VALUES (?, ?, 'person', ?, ?, ?)
         ON CONFLICT (document_id, field) DO UPDATE SET origin = 'person', set_by = excluded.set_by, set_by_name = excluded.set_by_name, set_at = excluded.set_at`,
      );
      const now = nowIso();
      for (const change of changes) setOrigin.run(documentId, change.field, setter.userId, setter.name, now);
      return { document, changes };
    }).immediate();
  }

  /** The proposals kept for the document and the origin of its fields' values. */
  view(documentId: number): DocumentIndexView {
    this.documents.document(documentId);
    const proposals: Partial<Record<DocumentEditableKey, StoredProposal>> = {};
    const rows = this.db
      .prepare('SELECT field, value, confidence, words, proposed_at AS proposedAt, reader FROM metadata_proposals WHERE document_id = ?')
      .all(documentId) as Array<{ field: DocumentEditableKey; value: string; confidence: number; words: string; proposedAt: string; reader: string }>;
    for (const row of rows) proposals[row.field] = { ...row, words: JSON.parse(row.words) as WordRef[] };
    const origins: Partial<Record<DocumentEditableKey, FieldOrigin>> = {};
    const originRows = this.db
      .prepare('SELECT field, origin, set_by_name AS setBy, set_at AS setAt FROM metadata_origins WHERE document_id = ?')
      .all(documentId) as Array<{ field: DocumentEditableKey; origin: FieldOrigin['origin']; setBy: string | null; setAt: string }>;
    for (const row of originRows) origins[row.field] = row.origin === 'person' ? { origin: 'person', setBy: row.setBy ?? '', setAt: row.setAt } : { origin: 'proposal', setAt: row.setAt };
    return { documentId, proposals, origins };
  }

  private originKinds(documentId: number): Origins {
    const rows = this.db.prepare('SELECT field, origin FROM metadata_origins WHERE document_id = ?').all(documentId) as Array<{ field: DocumentEditableKey; origin: FieldOrigin['origin'] }>;
    return Object.fromEntries(rows.map((row) => [row.field, row.origin]));
  }
}

/**
 * The reading's proposals with its NĐ 30 marks as proposals of their fields; a secrecy mark also proposes
 * Mật (03) as the access mode, which the mark requires.
 */
export function markProposals(reading: LayoutReading): DocumentProposals {
  const proposals: DocumentProposals = { ...reading.proposals };
  const { secrecy, urgency } = reading;
  if (secrecy) {
    proposals.secrecyMark = { value: secrecy.mark, confidence: secrecy.confidence, words: secrecy.words };
    proposals.mode = { value: '03', confidence: secrecy.confidence, words: secrecy.words };
  }
  if (urgency) proposals.urgencyMark = { value: urgency.mark, confidence: urgency.confidence, words: urgency.words };
  return proposals;
}

/** The proposals of known fields whose value the field accepts, their confidence within 0–100. */
function validProposals(proposals: DocumentProposals): Partial<Record<DocumentEditableKey, FieldProposal>> {
  const kept: Partial<Record<DocumentEditableKey, FieldProposal>> = {};
  for (const field of editableFields(DOCUMENT_FIELDS)) {
    const proposal = proposals[field.key];
    if (!proposal || proposedValue(field, proposal.value) === null) continue;
    const confidence = Number.isFinite(proposal.confidence) ? Math.min(100, Math.max(0, proposal.confidence)) : 0;
    kept[field.key] = { value: proposal.value.trim().normalize('NFC'), confidence, words: proposal.words };
  }
  return kept;
}
