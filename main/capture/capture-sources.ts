// Where scanners are besides those that announce themselves: hot folders and eSCL addresses. A
// supervisor sets them in the interface (stored in SQLite); SOHOA_HOT_FOLDERS / SOHOA_ESCL_URLS add
// machine-wide ones. Sources read them at each device listing, so a change needs no restart.
import type { Actor } from '../accounts/actor';
import type { AuditLog } from '../accounts/audit-log';
import { captureSourcesSchema, type CaptureSources } from '../contract/domain';
import { validationError } from '../contract/errors';
import { nowIso, type Db } from '../storage/database';

const KEY = 'capture.sources';

export class CaptureSourceSettings {
  constructor(
    private readonly db: Db,
    private readonly audit: AuditLog,
  ) {}

  get(): CaptureSources {
    const row = this.db.prepare('SELECT value FROM settings WHERE key = ?').get(KEY) as { value: string } | undefined;
    const parsed = captureSourcesSchema.safeParse(row ? JSON.parse(row.value) : {});
    return parsed.success ? parsed.data : { hotFolders: [], esclUrls: [] };
  }

  save(actor: Actor, input: CaptureSources): CaptureSources {
    const parsed = captureSourcesSchema.safeParse(input);
    if (!parsed.success) throw validationError(parsed.error.issues);
    // One spelling per place: duplicates and blank lines go.
    const value = { hotFolders: [...new Set(parsed.data.hotFolders)], esclUrls: [...new Set(parsed.data.esclUrls)] };
    this.db
      .prepare('INSERT INTO settings (key, value, updated_by, updated_at) VALUES (?, ?, ?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_by = excluded.updated_by, updated_at = excluded.updated_at')
      .run(KEY, JSON.stringify(value), actor.userId, nowIso());
    this.audit.record(actor, 'settings.capture-sources', KEY, value);
    return value;
  }
}
