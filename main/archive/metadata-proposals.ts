import { fieldChanges, type FieldChange } from '../accounts/audit-events';
import { DOCUMENT_FIELDS, EMPTY_METADATA, fieldSchema, type ArchivalField, type DocumentFieldKey, type DocumentMetadata } from '../contract/archival-fields';
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
  readonly keptByPerson: DocumentFieldKey[];
  /** Whether the document moved to 'indexed' (only from 'recognized'). */
  readonly indexed: boolean;
}

type Origins = Partial<Record<DocumentFieldKey, FieldOrigin['origin']>>;

/**
 * The value a proposal spells, as the field stores it (a number for a count, a boolean for a flag), or
 * null when the field's own schema refuses it: a proposal is never stored in a form the form would reject.
 */
export function proposedValue(field: ArchivalField<DocumentFieldKey>, value: string): DocumentMetadata[DocumentFieldKey] | null {
  const text = value.trim();
  if (text === '') return null;
  const input = field.type === 'integer' ? Number(text) : field.type === 'boolean' ? (text === 'true' ? true : text === 'false' ? false : text) : text;
  const parsed = fieldSchema(field).safeParse(input);
  return parsed.success ? (parsed.data as DocumentMetadata[DocumentFieldKey]) : null;
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
): { metadata: DocumentMetadata; fromProposal: DocumentFieldKey[]; emptied: DocumentFieldKey[]; keptByPerson: DocumentFieldKey[] } {
  const metadata: Record<string, unknown> = { ...current };
  const fromProposal: DocumentFieldKey[] = [];
  const emptied: DocumentFieldKey[] = [];
  const keptByPerson: DocumentFieldKey[] = [];
  for (const field of DOCUMENT_FIELDS) {
    const key = field.key;
    const origin = origins[key];
    const proposal = proposals[key];
    const value = proposal ? proposedValue(field, proposal.value) : null;
    const byPerson = origin === 'person' || (origin === undefined && current[key] !== EMPTY_METADATA[key]);
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
      const proposals = validProposals(reading.proposals);
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
    const proposals: Partial<Record<DocumentFieldKey, StoredProposal>> = {};
    const rows = this.db
      .prepare('SELECT field, value, confidence, words, proposed_at AS proposedAt, reader FROM metadata_proposals WHERE document_id = ?')
      .all(documentId) as Array<{ field: DocumentFieldKey; value: string; confidence: number; words: string; proposedAt: string; reader: string }>;
    for (const row of rows) proposals[row.field] = { ...row, words: JSON.parse(row.words) as WordRef[] };
    const origins: Partial<Record<DocumentFieldKey, FieldOrigin>> = {};
    const originRows = this.db
      .prepare('SELECT field, origin, set_by_name AS setBy, set_at AS setAt FROM metadata_origins WHERE document_id = ?')
      .all(documentId) as Array<{ field: DocumentFieldKey; origin: FieldOrigin['origin']; setBy: string | null; setAt: string }>;
    for (const row of originRows) origins[row.field] = row.origin === 'person' ? { origin: 'person', setBy: row.setBy ?? '', setAt: row.setAt } : { origin: 'proposal', setAt: row.setAt };
    return { documentId, proposals, origins };
  }

  private originKinds(documentId: number): Origins {
    const rows = this.db.prepare('SELECT field, origin FROM metadata_origins WHERE document_id = ?').all(documentId) as Array<{ field: DocumentFieldKey; origin: FieldOrigin['origin'] }>;
    return Object.fromEntries(rows.map((row) => [row.field, row.origin]));
  }
}

/** The proposals of known fields whose value the field accepts, their confidence within 0–100. */
function validProposals(proposals: DocumentProposals): Partial<Record<DocumentFieldKey, FieldProposal>> {
  const kept: Partial<Record<DocumentFieldKey, FieldProposal>> = {};
  for (const field of DOCUMENT_FIELDS) {
    const proposal = proposals[field.key];
    if (!proposal || proposedValue(field, proposal.value) === null) continue;
    const confidence = Number.isFinite(proposal.confidence) ? Math.min(100, Math.max(0, proposal.confidence)) : 0;
    kept[field.key] = { value: proposal.value.trim().normalize('NFC'), confidence, words: proposal.words };
  }
  return kept;
}
