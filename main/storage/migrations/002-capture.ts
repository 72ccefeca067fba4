import type { Migration } from './migration';

// Capture from scanners: named scan profiles (what a clerk picks per kind of record; supervisors edit
// them), and 'scan' jobs. SQLite cannot change a CHECK constraint, so the jobs table is rebuilt.
//
// Pages are rebuilt with AUTOINCREMENT: a rescan deletes a page and adds one, and without it SQLite
// hands the new page the deleted page's id, so a late OCR result or a cached thumbnail of the old page
// would land on the new one. Words are rebuilt first, pointing at the new pages table, so that dropping
// the old one cascades to nothing.
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

    CREATE TABLE pages_new (
      id INTEGER PRIMARY KEY AUTOINCREMENT,
      document_id INTEGER NOT NULL REFERENCES documents(id),
      ordinal INTEGER NOT NULL CHECK (ordinal > 0),
      sha256 TEXT NOT NULL CHECK (length(sha256) = 64),
      format TEXT NOT NULL CHECK (format IN ('png', 'jpeg', 'tiff')),
      width INTEGER NOT NULL CHECK (width > 0),
      height INTEGER NOT NULL CHECK (height > 0),
      dpi INTEGER NOT NULL CHECK (dpi > 0),
      dpi_assumed INTEGER NOT NULL DEFAULT 0 CHECK (dpi_assumed IN (0, 1)),
      bytes INTEGER NOT NULL CHECK (bytes > 0),
      source TEXT NOT NULL,
      state TEXT NOT NULL DEFAULT 'imported' CHECK (state IN ('imported', 'recognizing', 'recognized', 'failed')),
      confidence REAL,
      text TEXT,
      created_at TEXT NOT NULL,
      UNIQUE (document_id, ordinal)
    ) STRICT;
    INSERT INTO pages_new SELECT * FROM pages;
    CREATE TABLE words_new (
      page_id INTEGER NOT NULL REFERENCES pages_new(id) ON DELETE CASCADE,
      idx INTEGER NOT NULL,
      text TEXT NOT NULL,
      x0 INTEGER NOT NULL, y0 INTEGER NOT NULL, x1 INTEGER NOT NULL, y1 INTEGER NOT NULL,
      confidence REAL NOT NULL,
      line INTEGER NOT NULL,
      PRIMARY KEY (page_id, idx)
    ) STRICT, WITHOUT ROWID;
    INSERT INTO words_new SELECT * FROM words;
    DROP TABLE words;
    DROP TABLE pages;
    ALTER TABLE pages_new RENAME TO pages;
    ALTER TABLE words_new RENAME TO words;
    CREATE INDEX pages_sha ON pages(sha256);
    CREATE INDEX words_low_confidence ON words(confidence);
  `,
};
