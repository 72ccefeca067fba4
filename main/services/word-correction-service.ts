import type { Actor } from '../accounts/actor';
import type { AuditLog } from '../accounts/audit-log';
import type { WordView } from '../contract/domain';
import type { WorkstationEvents } from './events';
import type { Records } from './records';

/** A person's corrections of recognized words: stored beside the engine's reading, audited with both texts. */
export class WordCorrectionService {
  constructor(
    private readonly records: Records,
    private readonly audit: AuditLog,
    private readonly events: WorkstationEvents,
  ) {}

  /**
   * Corrects the text of a page's word (`index` in PageDetail.words); the engine's reading is kept.
   * `seen` is the word's text as the person saw it (see Records.correctWord).
   */
  correct(actor: Actor, pageId: number, index: number, text: string, seen?: string): WordView {
    const change = this.records.correctWord(pageId, index, text, actor.name, seen);
    // The word already read so: nothing changed, nothing to record.
    if (change.before === change.after) return change.word;
    this.audit.record(actor, 'word.correct', `page:${pageId}`, { word: index, engineText: change.engineText, before: change.before, after: change.after });
    this.events.emit('dossier:changed', { dossierId: this.records.document(change.documentId).dossierId });
    return change.word;
  }
}
