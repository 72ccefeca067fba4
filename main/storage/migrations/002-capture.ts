import type { Migration } from './migration';

// Capture from scanners: named scan profiles (what a clerk picks per kind of record; supervisors edit
// them), and 'scan' jobs. SQLite cannot change a CHECK constraint, so the jobs table is rebuilt.
//
// The built-in profiles meet Thông tư 05/2025/TT-BNV: 24-bit colour, at least 200 dpi, 300 dpi for maps
// and drawings. Office documents also get 300 dpi because Vietnamese diacritics OCR markedly better
// there than at the 200 dpi minimum. A roll-fed wide-format scanner does not know the sheet's length, so
// the large-format profile has no height (scan until the paper ends).
export const migration002: Migration = {
  version: 2,
  name: 'capture',
  up: `
    CREATE TABLE scan_profiles (
      id INTEGER PRIMARY KEY,
      name TEXT NOT NULL UNIQUE CHECK (length(name) BETWEEN 1 AND 100),
      record_kind TEXT NOT NULL CHECK (record_kind IN ('document', 'stapled', 'large-format', 'other')),
      source TEXT NOT NULL CHECK (source IN ('flatbed', 'adf', 'adf-duplex')),
      color_mode TEXT NOT NULL CHECK (color_mode IN ('color', 'gray', 'lineart')),
      resolution INTEGER NOT NULL CHECK (resolution BETWEEN 50 AND 2400),
      paper_size TEXT NOT NULL CHECK (paper_size IN ('A5', 'A4', 'A3', 'A2', 'A1', 'A0', 'custom')),
      width_mm REAL NOT NULL CHECK (width_mm > 0 AND width_mm <= 5000),
      height_mm REAL CHECK (height_mm IS NULL OR (height_mm > 0 AND height_mm <= 50000)),
      device_options TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(device_options)),
      updated_by INTEGER REFERENCES users(id),
      updated_at TEXT NOT NULL
    ) STRICT;

    INSERT INTO scan_profiles (name, record_kind, source, color_mode, resolution, paper_size, width_mm, height_mm, updated_at) VALUES
      ('A4 văn bản – ADF hai mặt', 'document', 'adf-duplex', 'color', 300, 'A4', 210, 297, strftime('%Y-%m-%dT%H:%M:%fZ')),
      ('Hồ sơ đóng ghim – mặt kính', 'stapled', 'flatbed', 'color', 300, 'A4', 210, 297, strftime('%Y-%m-%dT%H:%M:%fZ')),
      ('Bản đồ / bản vẽ khổ lớn – 300 dpi', 'large-format', 'flatbed', 'color', 300, 'A0', 841, NULL, strftime('%Y-%m-%dT%H:%M:%fZ'));

    CREATE TABLE jobs_new (
      id INTEGER PRIMARY KEY,
      kind TEXT NOT NULL CHECK (kind IN ('import', 'ocr', 'export', 'scan')),
      state TEXT NOT NULL CHECK (state IN ('queued', 'running', 'done', 'failed', 'cancelled')),
      dossier_id INTEGER REFERENCES dossiers(id),
      payload TEXT NOT NULL,
      done INTEGER NOT NULL DEFAULT 0,
      total INTEGER NOT NULL DEFAULT 0,
      error TEXT,
      warnings TEXT NOT NULL DEFAULT '[]',
      result TEXT,
      attempts INTEGER NOT NULL DEFAULT 0,
      user_id INTEGER REFERENCES users(id),
      actor TEXT NOT NULL,
      created_at TEXT NOT NULL,
      started_at TEXT,
      finished_at TEXT
    ) STRICT;
    INSERT INTO jobs_new SELECT * FROM jobs;
    DROP TABLE jobs;
    ALTER TABLE jobs_new RENAME TO jobs;
    CREATE INDEX jobs_state ON jobs(state);
  `,
};
