// Issue 12: the store never deletes by itself. A real data folder, real SQLite file, real imported pages,
// and the real `sohoa` command for what a clerk would run.
import { execFile } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, schemaVersion } from '../../main/storage/database';
import { MIGRATIONS } from '../../main/storage/migrations';
import { STORE_MARKER } from '../../main/storage/store-identity';
import { insertPages } from '../support/temp-database';
import { rejectedAppError } from '../support/app-error';
import { actor, giveWords, importFolder, openStation, pageFolder, sha256Of } from '../support/store-station';
import { REPO_ROOT, tempDir } from '../support/temp-dir';

const run = promisify(execFile);
const cleanups: Array<() => void | Promise<void>> = [];
afterEach(async () => {
  for (const f of cleanups.splice(0).reverse()) await f();
});

function sohoa(args: string[]) {
  return run(process.execPath, ['--import', 'tsx', path.join(REPO_ROOT, 'main/cli/sohoa.ts'), ...args], { cwd: REPO_ROOT, maxBuffer: 16 * 1024 * 1024 });
}

function workDir(): string {
  const t = tempDir('sohoa-store-');
  cleanups.push(t.remove);
  return t.dir;
}

/** A data folder with one dossier of `pages` imported pages; the station is closed again. */
async function populated(pages = 3): Promise<{ root: string; dataDir: string; dbFile: string }> {
  const root = workDir();
  const dataDir = path.join(root, 'data');
  const station = await openStation(dataDir);
  try {
    await importFolder(station, 'H49.64.33.2026.1', await pageFolder(root, 'a', pages));
  } finally {
    await station.close();
  }
  return { root, dataDir, dbFile: path.join(dataDir, 'workstation.sqlite') };
}

function blobFile(dataDir: string, sha256: string): string {
  return path.join(dataDir, 'pages', sha256.slice(0, 2), sha256);
}

describe('an unavailable page store stops everything before anything is changed', () => {
  it('a moved page folder: sohoa status exits non-zero in Vietnamese, open throws STORE_UNAVAILABLE, the database is unchanged; moved back, all is there', async () => {
    const { root, dataDir, dbFile } = await populated(3);
    const pagesDir = path.join(dataDir, 'pages');
    const before = sha256Of(dbFile);
    renameSync(pagesDir, path.join(root, 'pages-moved'));

    const failed = await sohoa(['--data', dataDir, 'status']).catch((error: { code: number; stderr: string }) => error);
    expect((failed as { code: number }).code).toBe(1);
    expect((failed as { stderr: string }).stderr).toMatch(/Kho ảnh trang «.*pages» không dùng được: không tìm thấy thư mục\..*ổ mạng đã kết nối chưa.*Trạm chưa thay đổi gì/s);
    const importing = await sohoa(['--data', dataDir, 'import', path.join(root, 'a'), '--dossier', 'H49.64.33.2026.1', '--no-ocr']).catch((error: { code: number; stderr: string }) => error);
    expect((importing as { code: number }).code).toBe(1);
    expect((importing as { stderr: string }).stderr).toMatch(/không dùng được/);

    const error = await rejectedAppError(() => openStation(dataDir));
    expect(error.code).toBe('STORE_UNAVAILABLE');
    expect(error.subject).toBe(pagesDir);
    expect(sha256Of(dbFile)).toBe(before);
    // Nothing was created in its place either.
    expect(existsSync(pagesDir)).toBe(false);

    renameSync(path.join(root, 'pages-moved'), pagesDir);
    const { stdout } = await sohoa(['--data', dataDir, 'status', '--json']);
    const status = JSON.parse(stdout);
    expect(status.summary).toMatchObject({ documents: 1, pages: 3 });
    expect(status.integrity).toMatchObject({ readOnly: true, pagesMissing: [], orphansQuarantined: [] });
    const station = await openStation(dataDir);
    try {
      const pages = station.records.listPages(station.records.dossierByCode('H49.64.33.2026.1')!.id);
      expect(pages).toHaveLength(3);
      for (const page of pages) expect(await station.blobs.verify(page.sha256)).toBe(true);
      expect(pages.every((p) => p.missingSince === null)).toBe(true);
    } finally {
      await station.close();
    }
  });

  it('a marker naming another database, or none in a folder that has one, is unavailable', async () => {
    const { dataDir, dbFile } = await populated(1);
    const marker = path.join(dataDir, 'pages', STORE_MARKER);
    const original = readFileSync(marker, 'utf8');
    const before = sha256Of(dbFile);
    writeFileSync(marker, JSON.stringify({ ...JSON.parse(original), storeId: 'f'.repeat(32) }));
    const other = await rejectedAppError(() => openStation(dataDir));
    expect(other.code).toBe('STORE_UNAVAILABLE');
    expect(other.message).toMatch(/another database's store/);
    rmSync(marker);
    expect((await rejectedAppError(() => openStation(dataDir))).messageVi).toMatch(/không có tệp nhận dạng kho/);
    writeFileSync(marker, '{ not json');
    expect((await rejectedAppError(() => openStation(dataDir, { readOnly: true }))).messageVi).toMatch(/không đọc được tệp nhận dạng kho/);
    expect(sha256Of(dbFile)).toBe(before);
    writeFileSync(marker, original);
    const station = await openStation(dataDir);
    await station.close();
  });

  it('a brand-new data folder gets its marker and id; a page folder with a marker and no database beside it is unavailable', async () => {
    const root = workDir();
    const dataDir = path.join(root, 'data');
    const station = await openStation(dataDir);
    const storeId = (station.db.prepare('SELECT store_id AS id FROM store_identity').get() as { id: string }).id;
    await station.close();
    expect(JSON.parse(readFileSync(path.join(dataDir, 'pages', STORE_MARKER), 'utf8'))).toMatchObject({ storeId, database: 'workstation.sqlite' });
    // Killed after recording the id, before the marker was durable: the next open writes the marker.
    const db = openDatabase(path.join(dataDir, 'workstation.sqlite'));
    db.prepare('UPDATE store_identity SET marker_written = 0').run();
    db.close();
    rmSync(path.join(dataDir, 'pages', STORE_MARKER));
    await (await openStation(dataDir)).close();
    expect(JSON.parse(readFileSync(path.join(dataDir, 'pages', STORE_MARKER), 'utf8')).storeId).toBe(storeId);
    renameSync(path.join(dataDir, 'workstation.sqlite'), path.join(root, 'elsewhere.sqlite'));
    expect((await rejectedAppError(() => openStation(dataDir))).code).toBe('STORE_UNAVAILABLE');
    expect(existsSync(path.join(dataDir, 'workstation.sqlite'))).toBe(false);
  });
});

describe('an installation from before the store marker', () => {
  /** A data folder written before migration 008: two pages, their masters in the folder when `withBlobs`. */
  function legacy(withBlobs: boolean): { dataDir: string; dbFile: string } {
    const dataDir = path.join(workDir(), 'data');
    mkdirSync(path.join(dataDir, 'pages'), { recursive: true });
    const dbFile = path.join(dataDir, 'workstation.sqlite');
    const db = openDatabase(dbFile, MIGRATIONS.slice(0, 7));
    insertPages(db, 2);
    db.close();
    if (withBlobs) {
      for (const letter of ['a', 'b']) {
        const file = blobFile(dataDir, letter.repeat(64));
        mkdirSync(path.dirname(file), { recursive: true });
        writeFileSync(file, letter);
      }
    }
    return { dataDir, dbFile };
  }

  it('gets its store id and marker at the first open when the page folder holds its pages', async () => {
    const { dataDir } = legacy(true);
    const station = await openStation(dataDir, { runJobs: false });
    try {
      expect(schemaVersion(station.db)).toBe(MIGRATIONS.at(-1)!.version);
      const { id } = station.db.prepare('SELECT store_id AS id FROM store_identity WHERE marker_written = 1').get() as { id: string };
      expect(JSON.parse(readFileSync(path.join(dataDir, 'pages', STORE_MARKER), 'utf8')).storeId).toBe(id);
      expect(station.integrity?.pagesMissing).toEqual([]);
    } finally {
      await station.close();
    }
  });

  it('is unavailable, and not migrated, when it has pages and the folder holds none of them', async () => {
    const { dataDir, dbFile } = legacy(false);
    const before = sha256Of(dbFile);
    const error = await rejectedAppError(() => openStation(dataDir));
    expect(error.code).toBe('STORE_UNAVAILABLE');
    expect(error.messageVi).toMatch(/cơ sở dữ liệu có 2 bản quét nhưng thư mục không chứa bản nào/);
    expect(sha256Of(dbFile)).toBe(before);
    expect(existsSync(path.join(dataDir, 'pages', STORE_MARKER))).toBe(false);
  });
});

describe('a database restored from an older backup loses no master', () => {
  it('keeps the newer masters, quarantines them after the grace age, and restores one as a page with the same sha256', async () => {
    const { root, dataDir, dbFile } = await populated(2);
    copyFileSync(dbFile, path.join(root, 'backup.sqlite'));
    let station = await openStation(dataDir);
    const dossier = await importFolder(station, 'H49.64.33.2026.1', await pageFolder(root, 'b', 3));
    const newer = station.records.listPages(dossier.id).slice(2).map((p) => p.sha256);
    await station.close();
    expect(newer).toHaveLength(3);
    copyFileSync(path.join(root, 'backup.sqlite'), dbFile);

    // Within the grace age nothing moves.
    station = await openStation(dataDir);
    expect(station.integrity).toMatchObject({ orphansQuarantined: [], orphansWaiting: 3 });
    await station.close();
    for (const sha of newer) expect(existsSync(blobFile(dataDir, sha))).toBe(true);

    station = await openStation(dataDir, { orphanAgeMs: 0 });
    try {
      expect(station.integrity?.orphansQuarantined.map((o) => o.sha256).sort()).toEqual([...newer].sort());
      for (const sha of newer) {
        expect(existsSync(blobFile(dataDir, sha))).toBe(false);
        expect(sha256Of(path.join(dataDir, 'pages', 'quarantine', sha))).toBe(sha);
      }
      const listed = station.quarantine.list();
      expect(listed.map((q) => q.sha256).sort()).toEqual([...newer].sort());
      expect(listed[0]!.bytes).toBeGreaterThan(0);
      expect(station.audit.list(50).filter((e) => e.action === 'integrity.orphan-quarantined')).toHaveLength(3);

      const chosen = listed.find((q) => q.sha256 === newer[1])!;
      const document = await station.recovery.restoreQuarantined(actor, [chosen.id], dossier.id);
      expect(document.source).toBe('Khôi phục từ kho cách ly');
      const [restored] = station.records.listDocumentPages(document.id);
      expect(restored!.sha256).toBe(newer[1]);
      expect(await station.blobs.verify(newer[1]!)).toBe(true);
      expect(station.quarantine.list()).toHaveLength(2);
      expect(station.audit.list(5).some((e) => e.action === 'quarantine.restore')).toBe(true);
    } finally {
      await station.close();
    }

    // Putting the newer database back moves its masters back out of the quarantine by itself.
    station = await openStation(dataDir, { orphanAgeMs: 0 });
    try {
      expect(station.integrity?.pagesMissing).toEqual([]);
      expect(station.quarantine.list()).toHaveLength(2);
    } finally {
      await station.close();
    }
  });
});

describe('a missing master never deletes its page', () => {
  it('flags the page missing (row and words kept), exports it as missing with a placeholder page, and clears the flag when the file is back', async () => {
    const { root, dataDir } = await populated(3);
    let station = await openStation(dataDir);
    const dossier = station.records.dossierByCode('H49.64.33.2026.1')!;
    const [first, second, third] = station.records.listPages(dossier.id);
    giveWords(station, first!.id);
    giveWords(station, second!.id, 'Quyết định');
    await station.close();
    const file = blobFile(dataDir, second!.sha256);
    const aside = path.join(root, 'aside.png');
    renameSync(file, aside);
    rmSync(blobFile(dataDir, third!.sha256));

    station = await openStation(dataDir);
    try {
      expect(station.integrity?.pagesMissing.map((p) => p.pageId)).toEqual([second!.id, third!.id]);
      const page = station.records.page(second!.id);
      expect(page.missingSince).not.toBeNull();
      expect(station.records.words(second!.id).map((w) => w.text)).toEqual(['Quyết', 'định']);
      expect(station.records.page(first!.id).missingSince).toBeNull();
      expect(station.audit.list(20).filter((e) => e.action === 'integrity.page-missing').map((e) => e.subject).sort()).toEqual([`page:${second!.id}`, `page:${third!.id}`].sort());

      // The unread missing page is skipped by OCR with a warning naming it.
      const ocr = station.jobControl.startRecognition(actor, dossier.id);
      await station.jobs.idle();
      const ocrDone = station.jobs.get(ocr.id);
      expect(ocrDone.state).toBe('done');
      expect(ocrDone.warnings).toEqual([expect.objectContaining({ code: 'PAGE_MISSING', subject: third!.source })]);
      expect(station.records.page(third!.id).state).toBe('imported');

      const outbox = path.join(root, 'outbox-missing');
      const job = station.jobControl.startExport(actor, dossier.id, outbox);
      await station.jobs.idle();
      const done = station.jobs.get(job.id);
      expect(done.state).toBe('done');
      expect(done.warnings.map((w) => w.code)).toEqual(['PAGE_MISSING', 'PAGE_MISSING']);
      // One folder per document, named like its files.
      const [folder] = readdirSync(outbox).filter((f) => !f.startsWith('.'));
      const json = path.join(outbox, folder!, `${folder!}.json`);
      const record = JSON.parse(readFileSync(json, 'utf8'));
      expect(record.pages.map((p: { missing?: boolean }) => p.missing ?? false)).toEqual([false, true, true]);
      expect(record.pages[1].text).toBe('Quyết định');
      const pdf = json.replace(/\.json$/, '.pdf');
      await run('qpdf', ['--check', pdf]);
      const { stdout: info } = await run('pdfinfo', [pdf]);
      expect(info).toMatch(/Pages:\s+3/);
      const { stdout: text } = await run('pdftotext', ['-f', '2', '-l', '2', '-enc', 'UTF-8', pdf, '-']);
      expect(text).toMatch(/THIẾU BẢN QUÉT CỦA TRANG NÀY/);
      expect(text).toMatch(/Quyết định/);
    } finally {
      await station.close();
    }

    renameSync(aside, file);
    station = await openStation(dataDir);
    try {
      expect(station.integrity?.pagesRestored.map((p) => p.pageId)).toEqual([second!.id]);
      expect(station.records.page(second!.id).missingSince).toBeNull();
      expect(station.records.page(third!.id).missingSince).not.toBeNull();
      expect(station.audit.list(5).some((e) => e.action === 'integrity.page-restored')).toBe(true);
    } finally {
      await station.close();
    }
  });
});

describe('a read-only open changes nothing', () => {
  it('leaves the database, temp files, orphans and missing pages as they are, and reports what a repair would do', async () => {
    const { dataDir, dbFile } = await populated(2);
    let station = await openStation(dataDir);
    const [, second] = station.records.listPages(station.records.dossierByCode('H49.64.33.2026.1')!.id);
    await station.close();
    rmSync(blobFile(dataDir, second!.sha256));
    const temp = path.join(dataDir, 'pages', 'tmp', 'half.part');
    writeFileSync(temp, 'half');
    const orphan = blobFile(dataDir, 'ab'.repeat(32));
    mkdirSync(path.dirname(orphan), { recursive: true });
    writeFileSync(orphan, 'an old orphan');
    const old = new Date(Date.now() - 3 * 60 * 60 * 1000);
    utimesSync(orphan, old, old);
    const before = sha256Of(dbFile);
    const modes = statSync(dataDir).mode;

    station = await openStation(dataDir, { readOnly: true, runJobs: false });
    try {
      expect(station.db.readonly).toBe(true);
      expect(station.integrity).toMatchObject({ readOnly: true, orphansQuarantined: [{ sha256: 'ab'.repeat(32) }] });
      expect(station.integrity?.pagesMissing.map((p) => p.pageId)).toEqual([second!.id]);
      expect(station.records.page(second!.id).missingSince).toBeNull();
    } finally {
      await station.close();
    }
    const { stdout } = await sohoa(['--data', dataDir, 'status']);
    expect(stdout).toMatch(/Trang thiếu bản quét: 1 \(mới phát hiện 1/);
    expect(stdout).toMatch(/Bản quét không thuộc trang nào: 1 sẽ được chuyển vào kho cách ly/);
    await sohoa(['--data', dataDir, 'devices', '--json']);

    expect(sha256Of(dbFile)).toBe(before);
    expect(existsSync(temp)).toBe(true);
    expect(existsSync(orphan)).toBe(true);
    expect(existsSync(path.join(dataDir, 'pages', 'quarantine'))).toBe(false);
    expect(statSync(dataDir).mode).toBe(modes);
  });

  it('creates nothing for a data folder that does not exist', async () => {
    const dataDir = path.join(workDir(), 'none');
    const station = await openStation(dataDir, { readOnly: true, runJobs: false });
    expect(station.records.summary().pages).toBe(0);
    await station.close();
    expect(existsSync(path.join(dataDir, 'workstation.sqlite'))).toBe(false);
    expect(existsSync(path.join(dataDir, 'pages'))).toBe(false);
  });
});

describe.runIf(process.platform === 'linux')('private files', () => {
  it('creates the data folder 0700, the database and masters 0600, and tightens an existing folder at open', async () => {
    const { dataDir, dbFile } = await populated(1);
    const mode = (file: string) => statSync(file).mode & 0o777;
    const station = await openStation(dataDir, { runJobs: false });
    const [page] = station.records.listPages(station.records.dossierByCode('H49.64.33.2026.1')!.id);
    await station.close();
    const blob = blobFile(dataDir, page!.sha256);
    expect(mode(dataDir)).toBe(0o700);
    expect(mode(dbFile)).toBe(0o600);
    expect(mode(blob)).toBe(0o600);
    expect(mode(path.dirname(blob))).toBe(0o700);
    expect(mode(path.join(dataDir, 'pages', STORE_MARKER))).toBe(0o600);

    // A data folder written by an older version (0755/0644) is tightened at the next writable open.
    const { chmodSync } = await import('node:fs');
    chmodSync(dataDir, 0o755);
    chmodSync(dbFile, 0o644);
    chmodSync(blob, 0o644);
    chmodSync(path.dirname(blob), 0o755);
    const reopened = await openStation(dataDir, { runJobs: false });
    expect(mode(path.join(dataDir, 'workstation.sqlite-wal'))).toBe(0o600);
    await reopened.close();
    expect([mode(dataDir), mode(dbFile), mode(blob), mode(path.dirname(blob))]).toEqual([0o700, 0o600, 0o600, 0o700]);
  });
});
