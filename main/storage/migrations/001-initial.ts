import type { Migration } from './migration';

// The first schema: accounts, the archival hierarchy (batch → dossier → document → page → words),
// persistent jobs and the append-only audit log. Field names follow Thông tư 05/2025/TT-BNV.
export const migration001: Migration = {
  version: 1,
  name: 'initial',
  up: `
    CREATE TABLE users (
      id INTEGER PRIMARY KEY,
      username TEXT NOT NULL UNIQUE,
      full_name TEXT NOT NULL,
      role TEXT NOT NULL CHECK (role IN ('clerk', 'reviewer', 'supervisor')),
      password_hash TEXT NOT NULL,
      disabled INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),
      created_at TEXT NOT NULL
    ) STRICT;

    CREATE TABLE batches (
      id INTEGER PRIMARY KEY,
      name TEXT NOT NULL,
      created_by INTEGER REFERENCES users(id),
      created_at TEXT NOT NULL
    ) STRICT;

    -- Hồ sơ. totalDoc and numberOfPage are derived from the documents and pages, never stored twice.
    CREATE TABLE dossiers (
      id INTEGER PRIMARY KEY,
      batch_id INTEGER NOT NULL REFERENCES batches(id),
      file_code TEXT NOT NULL UNIQUE CHECK (length(file_code) <= 100),
      title TEXT NOT NULL CHECK (length(title) <= 1000),
      maintenance TEXT CHECK (maintenance IN ('01','02','03','04','05','06','07')),
      mode TEXT CHECK (mode IN ('01','02','03')),
      language TEXT NOT NULL DEFAULT '01',
      start_date TEXT,
      end_date TEXT,
      keyword TEXT CHECK (length(keyword) <= 100),
      number_of_paper INTEGER,
      format TEXT CHECK (format IN ('01','02','03')),
      infor_sign TEXT CHECK (length(infor_sign) <= 30),
      confidence_level TEXT NOT NULL DEFAULT '02' CHECK (confidence_level IN ('01','02','03')),
      paper_file_code TEXT,
      risk_recovery INTEGER NOT NULL DEFAULT 0 CHECK (risk_recovery IN (0, 1)),
      risk_recovery_status TEXT CHECK (risk_recovery_status IN ('01','02')),
      description TEXT CHECK (length(description) <= 2000),
      created_at TEXT NOT NULL
    ) STRICT;
    CREATE INDEX dossiers_batch ON dossiers(batch_id);

    -- Văn bản. import_job_id lets an interrupted import find the document it was filling.
    CREATE TABLE documents (
      id INTEGER PRIMARY KEY,
      dossier_id INTEGER NOT NULL REFERENCES dossiers(id),
      ordinal INTEGER NOT NULL CHECK (ordinal > 0),
      source TEXT NOT NULL,
      state TEXT NOT NULL DEFAULT 'draft' CHECK (state IN ('draft', 'recognized', 'exported')),
      import_job_id INTEGER,
      type_name TEXT,
      code_number TEXT CHECK (length(code_number) <= 11),
      code_notation TEXT CHECK (length(code_notation) <= 30),
      issued_date TEXT,
      place TEXT CHECK (length(place) <= 100),
      organ_name TEXT CHECK (length(organ_name) <= 200),
      subject TEXT CHECK (length(subject) <= 500),
      signer_position TEXT CHECK (length(signer_position) <= 100),
      signer_name TEXT CHECK (length(signer_name) <= 50),
      language TEXT NOT NULL DEFAULT '01',
      mode TEXT CHECK (mode IN ('01','02','03')),
      confidence_level TEXT NOT NULL DEFAULT '02',
      autograph TEXT CHECK (length(autograph) <= 2000),
      format TEXT CHECK (format IN ('01','02','03')),
      description TEXT CHECK (length(description) <= 500),
      created_at TEXT NOT NULL,
      updated_at TEXT NOT NULL,
      UNIQUE (dossier_id, ordinal)
    ) STRICT;

    -- A page row is committed only after its image is durable in the content-addressed store.
    CREATE TABLE pages (
      id INTEGER PRIMARY KEY,
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
    CREATE INDEX pages_sha ON pages(sha256);

    CREATE TABLE words (
      page_id INTEGER NOT NULL REFERENCES pages(id) ON DELETE CASCADE,
      idx INTEGER NOT NULL,
      text TEXT NOT NULL,
      x0 INTEGER NOT NULL, y0 INTEGER NOT NULL, x1 INTEGER NOT NULL, y1 INTEGER NOT NULL,
      confidence REAL NOT NULL,
      line INTEGER NOT NULL,
      PRIMARY KEY (page_id, idx)
    ) STRICT, WITHOUT ROWID;
    CREATE INDEX words_low_confidence ON words(confidence);

    CREATE TABLE jobs (
      id INTEGER PRIMARY KEY,
      kind TEXT NOT NULL CHECK (kind IN ('import', 'ocr', 'export')),
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
    CREATE INDEX jobs_state ON jobs(state);

    -- Append-only: who did what, when. actor names the person (or the command-line user).
    CREATE TABLE audit_log (
      id INTEGER PRIMARY KEY,
      at TEXT NOT NULL,
      user_id INTEGER REFERENCES users(id),
      actor TEXT NOT NULL,
      action TEXT NOT NULL,
      subject TEXT,
      detail TEXT
    ) STRICT;
    CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
      BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
    CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
      BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
  `,
};
