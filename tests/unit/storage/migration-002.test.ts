import { afterEach, describe, expect, it } from 'vitest';
import { migrate, schemaVersion } from '../../../main/storage/database';
import { migration001 } from '../../../main/storage/migrations/001-initial';
import { migration002 } from '../../../main/storage/migrations/002-capture';
import { insertPages, tempDatabase } from '../../support/temp-database';

const cleanups: Array<() => void> = [];
afterEach(() => cleanups.splice(0).forEach((f) => f()));

const freshDb = () => tempDatabase(cleanups);

describe('migration 002 (capture)', () => {
  it('keeps the jobs of a version-1 database and lets scan jobs in', () => {
    const db = freshDb();
    migrate(db, [migration001]);
    db.prepare("INSERT INTO jobs (kind, state, payload, done, total, actor, created_at) VALUES ('import', 'done', '{\"paths\":[]}', 3, 3, 'cli:root', 't')").run();
    expect(() => db.prepare("INSERT INTO jobs (kind, state, payload, actor, created_at) VALUES ('scan', 'queued', '{}', 'a', 't')").run()).toThrow(/CHECK/);

    migrate(db, [migration001, migration002]);
    expect(schemaVersion(db)).toBe(2);
    expect(db.prepare('SELECT kind, done, total, payload FROM jobs').all()).toEqual([{ kind: 'import', done: 3, total: 3, payload: '{"paths":[]}' }]);
    db.prepare("INSERT INTO jobs (kind, state, payload, actor, created_at) VALUES ('scan', 'queued', '{}', 'a', 't')").run();
    expect(() => db.prepare("INSERT INTO jobs (kind, state, payload, actor, created_at) VALUES ('print', 'queued', '{}', 'a', 't')").run()).toThrow(/CHECK/);
    const table = db.prepare("SELECT sql FROM sqlite_master WHERE name = 'jobs'").get() as { sql: string };
    expect(table.sql).toMatch(/STRICT/);
    expect(db.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND name = 'jobs_state'").get()).toBeDefined();
  });

  it('keeps pages and words, and never gives a new page the id of a deleted one', () => {
    const db = freshDb();
    migrate(db, [migration001]);
    insertPages(db, 2);
    db.exec("INSERT INTO words (page_id, idx, text, x0, y0, x1, y1, confidence, line) VALUES (2, 0, 'Hạnh', 0, 0, 1, 1, 90, 0)");
    migrate(db, [migration001, migration002]);
    expect(db.prepare('SELECT id, source FROM pages ORDER BY id').all()).toEqual([{ id: 1, source: 'a.png' }, { id: 2, source: 'b.png' }]);
    expect(db.prepare('SELECT page_id, text FROM words').all()).toEqual([{ page_id: 2, text: 'Hạnh' }]);
    expect(db.prepare('PRAGMA foreign_key_check').all()).toEqual([]);
    // Words still follow their page.
    db.prepare('DELETE FROM pages WHERE id = 2').run();
    expect(db.prepare('SELECT count(*) AS n FROM words').get()).toEqual({ n: 0 });
    db.prepare(`INSERT INTO pages (document_id, ordinal, sha256, format, width, height, dpi, bytes, source, created_at) VALUES (1, 2, '${'c'.repeat(64)}', 'png', 10, 10, 300, 1, 'c.png', 't')`).run();
    expect(db.prepare("SELECT id FROM pages WHERE source = 'c.png'").get()).toEqual({ id: 3 });
  });

  it('seeds the three built-in profiles, all within Thông tư 05/2025 (colour, ≥ 200 dpi, 300 dpi for maps)', () => {
    const db = freshDb();
    migrate(db, [migration001, migration002]);
    const profiles = db.prepare('SELECT name, record_kind, source, color_mode, resolution, width_mm, height_mm FROM scan_profiles ORDER BY id').all() as Array<{
      name: string; record_kind: string; source: string; color_mode: string; resolution: number; width_mm: number; height_mm: number | null;
    }>;
    expect(profiles.map((p) => p.name)).toEqual(['A4 văn bản – ADF hai mặt', 'Hồ sơ đóng ghim – mặt kính', 'Bản đồ / bản vẽ khổ lớn – 300 dpi']);
    for (const p of profiles) {
      expect(p.color_mode).toBe('color');
      expect(p.resolution).toBeGreaterThanOrEqual(p.record_kind === 'large-format' ? 300 : 200);
    }
    expect(profiles[0]?.source).toBe('adf-duplex');
    expect(profiles[1]?.source).toBe('flatbed');
    expect(profiles[2]?.height_mm).toBeNull();
  });

  it('refuses profiles outside the domain', () => {
    const db = freshDb();
    migrate(db, [migration001, migration002]);
    const insert = (source: string, options: string) =>
      db.prepare("INSERT INTO scan_profiles (name, record_kind, source, color_mode, resolution, paper_size, width_mm, device_options, updated_at) VALUES (?, 'other', ?, 'color', 300, 'A4', 210, ?, 't')").run(`p-${source}-${options}`, source, options);
    expect(() => insert('tray', '{}')).toThrow(/CHECK/);
    expect(() => insert('adf', 'not json')).toThrow(/CHECK/);
    expect(() => insert('adf', '{}')).not.toThrow();
  });
});
