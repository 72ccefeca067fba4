// This installation's identity: the id migration 019 made once for the data folder, and the name a
// supervisor gives it. Every audit row carries both (AuditLog reads them as it writes), so that the rows of
// several stations can later be told apart and counted together.
import { stationNameSchema, type StationView } from '../contract/domain';
import { validationError } from '../contract/errors';
import { nowIso, type Db } from '../storage/database';
import type { Actor } from './actor';
import type { AuditLog } from './audit-log';

export class StationIdentity {
  constructor(
    private readonly db: Db,
    private readonly audit: AuditLog,
  ) {}

  get(): StationView {
    return this.db.prepare('SELECT station_id AS stationId, name, created_at AS createdAt FROM station_identity WHERE id = 1').get() as StationView;
  }

  /**
   * The station, or null in a database opened read-only before migration 019 made it (`sohoa status` on
   * a store the app has not opened since it was updated).
   */
  find(): StationView | null {
    const made = this.db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'station_identity'").get();
    return made ? this.get() : null;
  }

  /** Names the station; the audit row of the rename, and every row after it, carry the new name. */
  rename(actor: Actor, input: string): StationView {
    const parsed = stationNameSchema.safeParse(input);
    if (!parsed.success) throw validationError(parsed.error.issues);
    const name = parsed.data;
    const before = this.get();
    if (before.name === name) return before;
    this.db.transaction(() => {
      this.db.prepare('UPDATE station_identity SET name = ?, renamed_at = ?, renamed_by = ? WHERE id = 1').run(name, nowIso(), actor.userId);
      this.audit.record(actor, 'station.rename', `station:${before.stationId}`, { changes: [{ field: 'name', old: before.name, new: name }] });
    })();
    return this.get();
  }
}
