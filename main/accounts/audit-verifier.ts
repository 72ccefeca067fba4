// Verifies the audit log's hash chain (audit-chain.ts) and keeps the checkpoint of the last row found intact.
//
// Where the checkpoint lives, and why twice: in the audit_checkpoint table AND in a small file beside the
// database (<data>/audit-anchor.json, written durably). The chain alone only proves that the rows agree
// with each other: whoever can write the database can edit a row and recompute every hash after it, and
// the chain is consistent again. The anchor file, outside the database, still names the hash the
// checkpointed row had when it was verified; a recomputed chain changes that row's hash (every hash
// depends on all rows before it) and the verifier reports it. The table copy tells a deleted anchor file
// from a store that never had one. The limit: someone who can rewrite both the database and the anchor
// file (the same OS account, usually) can forge both; the anchor raises the bar from "edit one file with
// sqlite3" to "understand and rewrite two", and rows appended after the last checkpoint can always be cut
// off unseen. Keeping a copy of the anchor elsewhere (a supervisor's note, a backup) closes that gap.
import { closeSync, fsyncSync, openSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { AuditBreakKind, AuditBreakView, AuditVerificationView } from '../contract/domain';
import { nowIso, type Db } from '../storage/database';
import { GENESIS_HASH, chainFormat, rowHash, type StoredRow } from './audit-chain';

/** A row found intact: the chain up to it was verified. */
export interface AuditCheckpoint {
  rowId: number;
  rowHash: string;
}

export interface VerifyOptions {
  /**
   * 'incremental' hashes only the rows after the checkpoint (the periodic check: cheap at any size);
   * 'full' walks from the first row, so that a row edited behind the checkpoint without recomputing the
   * chain is found too (at open and in `sohoa status`).
   */
  mode: 'full' | 'incremental';
  /** Move the checkpoint to the last row when the chain is intact (never in read-only commands). */
  advance: boolean;
}

type Break = { kind: AuditBreakKind; rowId: number; missingFrom?: number };

export const AUDIT_ANCHOR_FILE = 'audit-anchor.json';

export class AuditVerifier {
  constructor(
    private readonly db: Db,
    /** The anchor file, in the data folder (outside the database). */
    private readonly anchorFile: string,
  ) {}

  verify(options: VerifyOptions): AuditVerificationView {
    // One read transaction: the count, the checkpoints and the rows come from the same snapshot while
    // other processes append.
    const outcome = this.db.transaction(() => this.walk(options.mode))();
    const moved = outcome.head.rowId !== outcome.anchored?.rowId || outcome.head.rowHash !== outcome.anchored.rowHash;
    if (outcome.broken === null && options.advance && outcome.head.rowId > 0 && moved) this.advance(outcome.head);
    return {
      intact: outcome.broken === null,
      rows: outcome.rows,
      checked: outcome.checked,
      mode: options.mode,
      broken: outcome.broken && describeBreak(outcome.broken),
      at: nowIso(),
    };
  }

  private walk(mode: VerifyOptions['mode']): { rows: number; checked: number; broken: Break | null; head: AuditCheckpoint; anchored: AuditCheckpoint | null } {
    const rows = (this.db.prepare('SELECT count(*) AS n FROM audit_log').get() as { n: number }).n;
    const table = this.db.prepare('SELECT row_id AS rowId, row_hash AS rowHash FROM audit_checkpoint WHERE id = 1').get() as AuditCheckpoint | undefined;
    const file = this.readAnchorFile();
    const anchored = file === 'unreadable' ? null : file;
    const done = (broken: Break | null, checked = 0, head: AuditCheckpoint = { rowId: 0, rowHash: GENESIS_HASH }) => ({ rows, checked, broken, head, anchored });
    // A row from before migration 019 was hashed without a station: the station its backfill gave it must
    // be this store's, and unnamed (its hash cannot vouch for those two columns). Before 019 there is none.
    const stationId = this.db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'station_identity'").get()
      ? (this.db.prepare('SELECT station_id FROM station_identity WHERE id = 1').pluck().get() as string)
      : null;
    const backfilledElsewhere = (row: StoredRow) => chainFormat(row) === 1 && ((row.station_id ?? null) !== stationId || (row.station_name ?? null) !== null);

    if (file === 'unreadable' || (file === null && table)) return done({ kind: 'anchor-missing', rowId: table?.rowId ?? 0 });
    // Both copies of the checkpoint must name an intact row (they differ when another process moved one).
    const points = [file, table].filter((p): p is AuditCheckpoint => Boolean(p)).sort((a, b) => a.rowId - b.rowId);

    // Incremental: start at the anchor file's row (the outside truth), checked on its own; full: at the start.
    let head: AuditCheckpoint = { rowId: 0, rowHash: GENESIS_HASH };
    const byId = this.db.prepare('SELECT * FROM audit_log WHERE id = ?').safeIntegers(true);
    const start = mode === 'incremental' && file ? file.rowId : 0;
    for (const point of points.filter((p) => p.rowId <= start)) {
      const row = byId.get(point.rowId) as StoredRow | undefined;
      if (!row) return done({ kind: 'checkpoint-missing', rowId: point.rowId });
      if (row.row_hash !== point.rowHash || rowHash(row) !== point.rowHash || backfilledElsewhere(row)) return done({ kind: 'checkpoint-changed', rowId: point.rowId });
    }
    if (start > 0) head = { rowId: start, rowHash: (file as AuditCheckpoint).rowHash };

    const ahead = points.filter((p) => p.rowId > start);
    let checked = 0;
    const after = this.db.prepare('SELECT * FROM audit_log WHERE id > ? ORDER BY id').safeIntegers(true);
    for (const row of after.iterate(head.rowId) as IterableIterator<StoredRow & { id: bigint }>) {
      const id = Number(row.id);
      // A checkpointed row the walk went past without meeting was removed.
      const passed = ahead.find((p) => p.rowId < id);
      if (passed) return done({ kind: 'checkpoint-missing', rowId: passed.rowId }, checked);
      checked++;
      const hash = rowHash(row);
      if (row.prev_hash !== head.rowHash) {
        return done(id > head.rowId + 1 ? { kind: 'rows-missing', rowId: id, missingFrom: head.rowId + 1 } : { kind: 'previous', rowId: id }, checked);
      }
      if (row.row_hash !== hash || backfilledElsewhere(row)) return done({ kind: 'content', rowId: id }, checked);
      const met = ahead.filter((p) => p.rowId === id);
      if (met.some((p) => p.rowHash !== hash)) return done({ kind: 'checkpoint-changed', rowId: id }, checked);
      for (const p of met) ahead.splice(ahead.indexOf(p), 1);
      head = { rowId: id, rowHash: hash };
    }
    // The log ends before a row that was verified earlier: it was cut off.
    if (ahead.length > 0) return done({ kind: 'checkpoint-missing', rowId: ahead[0]!.rowId }, checked);
    return done(null, checked, head);
  }

  private readAnchorFile(): AuditCheckpoint | null | 'unreadable' {
    let text: string;
    try {
      text = readFileSync(this.anchorFile, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      return 'unreadable';
    }
    try {
      const parsed = JSON.parse(text) as Partial<AuditCheckpoint>;
      if (Number.isSafeInteger(parsed.rowId) && typeof parsed.rowHash === 'string' && /^[0-9a-f]{64}$/.test(parsed.rowHash)) {
        return { rowId: parsed.rowId as number, rowHash: parsed.rowHash };
      }
    } catch {
      // Falls through: a file that is not the anchor is as good as none, and says so.
    }
    return 'unreadable';
  }

  /**
   * The anchor file first (temp, fsync, rename, fsync of the folder), then the table: a crash between
   * the two leaves the file ahead, which the next verification starts from. The table only moves forward
   * (another process may have verified further meanwhile).
   */
  private advance(head: AuditCheckpoint): void {
    const verifiedAt = nowIso();
    const temp = `${this.anchorFile}.${process.pid}.tmp`;
    writeFileSync(temp, `${JSON.stringify({ rowId: head.rowId, rowHash: head.rowHash, verifiedAt })}\n`, { mode: 0o600 });
    fsyncPath(temp);
    renameSync(temp, this.anchorFile);
    fsyncPath(path.dirname(this.anchorFile));
    this.db
      .prepare(
        `INSERT INTO audit_checkpoint (id, row_id, row_hash, verified_at) VALUES (1, ?, ?, ?)
         ON CONFLICT (id) DO UPDATE SET row_id = excluded.row_id, row_hash = excluded.row_hash, verified_at = excluded.verified_at
         WHERE excluded.row_id > audit_checkpoint.row_id`,
      )
      .run(head.rowId, head.rowHash, verifiedAt);
  }
}

function fsyncPath(file: string): void {
  const fd = openSync(file, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** The break in words, Vietnamese first, for the supervisor's screen, the log and `sohoa status`. */
function describeBreak(b: Break): AuditBreakView {
  const id = b.rowId;
  const texts: Record<AuditBreakKind, [string, string]> = {
    content: [`dòng ${id} đã bị sửa: nội dung không còn khớp với mã băm của nó`, `row ${id} was edited: its content no longer matches its hash`],
    previous: [
      `dòng ${id} không còn nối với dòng trước nó (có dòng bị chèn, xóa hoặc sửa ngay trước dòng này)`,
      `row ${id} no longer links to the row before it (a row was inserted, removed or edited just before it)`,
    ],
    'rows-missing': [
      b.missingFrom === id - 1 ? `thiếu dòng ${id - 1} (đã bị xóa)` : `thiếu các dòng ${b.missingFrom}–${id - 1} (đã bị xóa)`,
      b.missingFrom === id - 1 ? `row ${id - 1} is missing (deleted)` : `rows ${b.missingFrom}–${id - 1} are missing (deleted)`,
    ],
    'checkpoint-changed': [
      `dòng ${id} đã được xác minh trước đây nhưng nay đã khác (nhật ký có thể đã bị viết lại và tính lại mã băm)`,
      `row ${id} was verified earlier but has changed since (the log may have been rewritten and its hashes recomputed)`,
    ],
    'checkpoint-missing': [
      `dòng ${id} đã được xác minh trước đây nay không còn (nhật ký bị cắt bớt, hoặc cơ sở dữ liệu bị thay bằng một bản cũ hơn)`,
      `row ${id}, verified earlier, is gone (the log was cut short, or the database was replaced by an older copy)`,
    ],
    'anchor-missing': [
      `tệp mốc ${AUDIT_ANCHOR_FILE} trong thư mục dữ liệu bị mất hoặc hỏng${id > 0 ? ` (cơ sở dữ liệu ghi đã xác minh đến dòng ${id})` : ''}`,
      `the anchor file ${AUDIT_ANCHOR_FILE} in the data folder is missing or damaged${id > 0 ? ` (the database says rows up to ${id} were verified)` : ''}`,
    ],
  };
  const [message, messageEn] = texts[b.kind];
  return { kind: b.kind, rowId: id, message, messageEn };
}
