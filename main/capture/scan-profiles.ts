// Named scan profiles: what a clerk picks for each kind of record. Supervisors edit them; saving one
// enforces Thông tư 05/2025 through `scanProfileSchema`.
import type { Actor } from '../accounts/actor';
import type { AuditLog } from '../accounts/audit-log';
import { scanProfileSchema, type ScanProfileInput, type ScanProfileView } from '../contract/domain';
import { AppError, validationError } from '../contract/errors';
import { nowIso, type Db } from '../storage/database';
import type { ScanSettings } from './scanner-source';

interface ProfileRow {
  id: number;
  name: string;
  record_kind: ScanProfileView['recordKind'];
  source: ScanProfileView['source'];
  color_mode: ScanProfileView['colorMode'];
  resolution: number;
  paper_size: ScanProfileView['paperSize'];
  width_mm: number;
  height_mm: number | null;
  device_options: string;
  updated_at: string;
}

export class ScanProfiles {
  constructor(
    private readonly db: Db,
    private readonly audit: AuditLog,
  ) {}

  list(): ScanProfileView[] {
    return (this.db.prepare('SELECT * FROM scan_profiles ORDER BY id').all() as ProfileRow[]).map(toView);
  }

  get(id: number): ScanProfileView {
    const row = this.db.prepare('SELECT * FROM scan_profiles WHERE id = ?').get(id) as ProfileRow | undefined;
    if (!row) throw notFound(String(id));
    return toView(row);
  }

  /** By name, ignoring case and Unicode composition, as a clerk types it on the command line. */
  byName(name: string): ScanProfileView {
    const wanted = name.normalize('NFC').trim().toLocaleLowerCase('vi');
    const found = this.list().find((p) => p.name.toLocaleLowerCase('vi') === wanted);
    if (!found) throw notFound(name);
    return found;
  }

  /** Creates a profile (`id` null) or replaces one; names are unique. */
  save(actor: Actor, id: number | null, input: ScanProfileInput): ScanProfileView {
    const parsed = scanProfileSchema.safeParse(input);
    if (!parsed.success) throw validationError(parsed.error.issues);
    const p = parsed.data;
    const clash = this.db.prepare('SELECT id FROM scan_profiles WHERE name = ? AND id IS NOT ?').get(p.name, id) as { id: number } | undefined;
    if (clash) {
      throw new AppError('CONFLICT', `Đã có hồ sơ quét tên «${p.name}».`, `A scan profile named «${p.name}» already exists.`, 'name');
    }
    const values = [p.name, p.recordKind, p.source, p.colorMode, p.resolution, p.paperSize, p.widthMm, p.heightMm, JSON.stringify(p.deviceOptions), actor.userId, nowIso()];
    let profileId: number;
    if (id === null) {
      const info = this.db
        .prepare(
          `INSERT INTO scan_profiles (name, record_kind, source, color_mode, resolution, paper_size, width_mm, height_mm, device_options, updated_by, updated_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(...values);
      profileId = Number(info.lastInsertRowid);
    } else {
      const info = this.db
        .prepare(
          `UPDATE scan_profiles SET name = ?, record_kind = ?, source = ?, color_mode = ?, resolution = ?, paper_size = ?, width_mm = ?,
             height_mm = ?, device_options = ?, updated_by = ?, updated_at = ? WHERE id = ?`,
        )
        .run(...values, id);
      if (info.changes === 0) throw notFound(String(id));
      profileId = id;
    }
    const saved = this.get(profileId);
    this.audit.record(actor, id === null ? 'profile.create' : 'profile.update', `profile:${saved.name}`, { ...p });
    return saved;
  }

  remove(actor: Actor, id: number): void {
    const profile = this.get(id);
    if (this.list().length === 1) {
      throw new AppError('CONFLICT', 'Không xóa được hồ sơ quét cuối cùng: cán bộ cần ít nhất một hồ sơ để quét.', 'The last scan profile cannot be deleted.', profile.name);
    }
    this.db.prepare('DELETE FROM scan_profiles WHERE id = ?').run(id);
    this.audit.record(actor, 'profile.delete', `profile:${profile.name}`);
  }
}

/** What a profile asks of the scanner. */
export function scanSettingsOf(profile: ScanProfileView, maxPages?: number): ScanSettings {
  const settings: ScanSettings = {
    source: profile.source,
    colorMode: profile.colorMode,
    resolution: profile.resolution,
    widthMm: profile.widthMm,
    heightMm: profile.heightMm,
  };
  if (maxPages !== undefined) settings.maxPages = maxPages;
  return settings;
}

function toView(row: ProfileRow): ScanProfileView {
  return {
    id: row.id,
    name: row.name,
    recordKind: row.record_kind,
    source: row.source,
    colorMode: row.color_mode,
    resolution: row.resolution,
    paperSize: row.paper_size,
    widthMm: row.width_mm,
    heightMm: row.height_mm,
    deviceOptions: JSON.parse(row.device_options) as ScanProfileView['deviceOptions'],
    updatedAt: row.updated_at,
  };
}

function notFound(what: string): AppError {
  return new AppError('NOT_FOUND', `Không tìm thấy hồ sơ quét «${what}».`, `No scan profile «${what}».`, what);
}
