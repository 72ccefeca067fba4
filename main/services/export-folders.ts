// Where the interface may export to: the default outbox and the folders a supervisor allowed (stored in
// SQLite). A clerk or reviewer choosing any other folder is refused, so exports cannot be written over
// the system's or another person's files. The command line acts for the operating-system user and is
// not asked (it checks nothing here).
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { Actor } from '../accounts/actor';
import type { AuditLog } from '../accounts/audit-log';
import { exportFolderSchema, type ExportFoldersView } from '../contract/domain';
import { AppError, validationError } from '../contract/errors';
import { nowIso, type Db } from '../storage/database';

const KEY = 'export.folders';
const MAX_FOLDERS = 50;

/** True when `child` is `parent` or inside it (both absolute and normalised). */
export function isWithin(parent: string, child: string): boolean {
  const relative = path.relative(parent, child);
  return relative === '' || (relative !== '..' && !relative.startsWith(`..${path.sep}`) && !path.isAbsolute(relative));
}

/**
 * The real path of a folder that may not exist yet: symlinks resolved as far as the path exists, the
 * missing rest appended. `..` are gone before (path.resolve), so the rest cannot climb back out.
 */
export async function realPathAllowingMissing(folder: string): Promise<string> {
  let current = path.resolve(folder);
  const missing: string[] = [];
  for (;;) {
    try {
      return path.join(await fs.realpath(current), ...missing);
    } catch {
      const parent = path.dirname(current);
      if (parent === current) return path.resolve(folder);
      missing.unshift(path.basename(current));
      current = parent;
    }
  }
}

export class ExportFolderSettings {
  constructor(
    private readonly db: Db,
    private readonly audit: AuditLog,
    private readonly defaultOutbox: string,
    private readonly dataDir: string,
  ) {}

  get(): ExportFoldersView {
    return { defaultOutbox: this.defaultOutbox, folders: this.stored() };
  }

  add(actor: Actor, folder: string): ExportFoldersView {
    const resolved = this.parse(folder);
    if (isWithin(this.dataDir, resolved) || isWithin(resolved, this.dataDir)) {
      throw new AppError(
        'VALIDATION',
        `Thư mục «${resolved}» chứa hoặc nằm trong thư mục dữ liệu của trạm (${this.dataDir}); hãy chọn một thư mục khác để xuất.`,
        `Folder «${resolved}» holds or is inside the workstation's data folder; choose another folder for exports.`,
        'folder',
      );
    }
    const folders = this.stored();
    if (folders.includes(resolved) || resolved === this.defaultOutbox) return this.get();
    if (folders.length >= MAX_FOLDERS) {
      throw new AppError('VALIDATION', `Chỉ cho phép tối đa ${MAX_FOLDERS} thư mục xuất; hãy bỏ bớt thư mục không dùng.`, `At most ${MAX_FOLDERS} export folders.`, 'folder');
    }
    this.store(actor, [...folders, resolved]);
    this.audit.record(actor, 'settings.export-folder-added', KEY, { folder: resolved });
    return this.get();
  }

  remove(actor: Actor, folder: string): ExportFoldersView {
    const resolved = this.parse(folder);
    const folders = this.stored();
    if (!folders.includes(resolved)) return this.get();
    this.store(actor, folders.filter((f) => f !== resolved));
    this.audit.record(actor, 'settings.export-folder-removed', KEY, { folder: resolved });
    return this.get();
  }

  /**
   * The real folder an export asked for through the interface may write to, or FORBIDDEN. Symlinks and
   * `..` are resolved on both sides, so a link inside an allowed folder pointing elsewhere is refused.
   */
  async authorize(requested: string | undefined): Promise<string> {
    const target = await realPathAllowingMissing(requested ?? this.defaultOutbox);
    const allowed = await Promise.all([this.defaultOutbox, ...this.stored()].map((f) => realPathAllowingMissing(f)));
    const realData = await realPathAllowingMissing(this.dataDir);
    if (!isWithin(realData, target) && allowed.some((folder) => isWithin(folder, target))) return target;
    const shown = requested ?? this.defaultOutbox;
    throw new AppError(
      'FORBIDDEN',
      `Không được xuất vào thư mục «${shown}»: giám sát chưa cho phép thư mục này. Hãy chọn thư mục xuất mặc định hoặc một thư mục trong danh sách được phép, hoặc nhờ giám sát thêm thư mục. Chưa có tệp nào được ghi.`,
      `Exporting to «${shown}» is not allowed: a supervisor has not allowed this folder. Choose the default outbox or an allowed folder, or ask a supervisor to add it. Nothing was written.`,
      shown,
    );
  }

  private parse(folder: string): string {
    const parsed = exportFolderSchema.safeParse(folder);
    if (!parsed.success) throw validationError(parsed.error.issues.map((issue) => ({ ...issue, path: ['folder'] })));
    return path.resolve(parsed.data);
  }

  private stored(): string[] {
    const row = this.db.prepare('SELECT value FROM settings WHERE key = ?').get(KEY) as { value: string } | undefined;
    const value = row ? (JSON.parse(row.value) as { folders?: unknown }) : {};
    return Array.isArray(value.folders) ? value.folders.filter((f): f is string => typeof f === 'string') : [];
  }

  private store(actor: Actor, folders: string[]): void {
    this.db
      .prepare('INSERT INTO settings (key, value, updated_by, updated_at) VALUES (?, ?, ?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_by = excluded.updated_by, updated_at = excluded.updated_at')
      .run(KEY, JSON.stringify({ folders }), actor.userId, nowIso());
  }
}
