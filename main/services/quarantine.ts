import sharp from 'sharp';
import { resolution } from '../capture/page-image-reader';
import type { DocumentView, PageView, QuarantinedBlobView } from '../contract/domain';
import { AppError } from '../contract/errors';
import type { BlobStore } from '../storage/blob-store';
import type { Db } from '../storage/database';
import { blobNamed } from '../archive/recycle-bin';
import type { Records } from './records';

/** The source of the document quarantined blobs are restored into (the words of the issue, for the clerks). */
export const QUARANTINE_DOCUMENT_SOURCE = 'Khôi phục từ kho cách ly';

interface QuarantineRow {
  id: number;
  sha256: string;
  bytes: number;
  written_at: string;
  quarantined_at: string;
}

/**
 * Blobs the start-up check found without a row (a database put back from an older backup, a process killed
 * before its row committed): listed for the supervisor, restored as pages of a new document, or purged.
 */
export class Quarantine {
  constructor(
    private readonly db: Db,
    private readonly records: Records,
    private readonly blobs: BlobStore,
  ) {}

  list(): QuarantinedBlobView[] {
    return (this.db.prepare('SELECT * FROM quarantine ORDER BY id DESC').all() as QuarantineRow[]).map(toView);
  }

  private row(id: number): QuarantineRow {
    const row = this.db.prepare('SELECT * FROM quarantine WHERE id = ?').get(id) as QuarantineRow | undefined;
    if (!row) throw new AppError('NOT_FOUND', `Không có bản quét số ${id} trong kho cách ly.`, `No scan ${id} in the quarantine.`, String(id));
    return row;
  }

  /**
   * Restores quarantined blobs as the pages of a new document «Khôi phục từ kho cách ly» at the end of the
   * dossier, in the order given. Each blob moves back into the store before its page row commits (the
   * store's write order); the store is content-addressed, so the page names the very same bytes.
   */
  async restore(ids: readonly number[], dossierId: number): Promise<{ document: DocumentView; pages: PageView[] }> {
    this.records.dossier(dossierId);
    const entries = [];
    // Every blob is read first, so that one that is not an image changes nothing.
    for (const id of ids) {
      const row = this.row(id);
      entries.push({ row, image: await describe(this.blobs.quarantinePathOf(row.sha256), row.sha256) });
    }
    const document = this.records.createDocument(dossierId, QUARANTINE_DOCUMENT_SOURCE);
    const pages: PageView[] = [];
    for (const { row, image } of entries) {
      await this.blobs.moveBackFromQuarantine(row.sha256);
      pages.push(
        this.db.transaction(() => {
          this.db.prepare('DELETE FROM quarantine WHERE id = ?').run(row.id);
          return this.records.addPage({ documentId: document.id, sha256: row.sha256, bytes: row.bytes, source: `kho-cach-ly/${row.sha256.slice(0, 12)}`, ...image });
        })(),
      );
    }
    return { document: this.records.document(document.id), pages };
  }

  /** Deletes a quarantined blob for good (a supervisor's decision; the caller audits it). */
  async purge(id: number): Promise<QuarantinedBlobView> {
    const row = this.row(id);
    if (blobNamed(this.db, row.sha256)) {
      throw new AppError(
        'CONFLICT',
        'Bản quét này lại thuộc về một trang; lần kiểm tra kho tới sẽ đưa nó về kho. Không xóa.',
        'A page names this scan again; the next store check moves it back. Not deleted.',
        row.sha256,
      );
    }
    this.db.prepare('DELETE FROM quarantine WHERE id = ?').run(id);
    await this.blobs.removeQuarantined(row.sha256);
    return toView(row);
  }
}

/** What a page row needs to know of a master, read from its header. */
async function describe(file: string, sha256: string) {
  let metadata;
  try {
    metadata = await sharp(file).metadata();
  } catch (error) {
    throw new AppError(
      'IMAGE_CORRUPT',
      `Bản quét ${sha256.slice(0, 12)}… trong kho cách ly không đọc được như một ảnh; nó vẫn nằm trong kho cách ly.`,
      `Quarantined scan ${sha256.slice(0, 12)}… cannot be read as an image; it stays in the quarantine.`,
      sha256,
      { cause: error },
    );
  }
  const format = metadata.format === 'png' || metadata.format === 'jpeg' || metadata.format === 'tiff' ? metadata.format : undefined;
  if (!format) {
    throw new AppError(
      'UNSUPPORTED_FORMAT',
      `Bản quét ${sha256.slice(0, 12)}… trong kho cách ly không phải ảnh PNG, JPEG hay TIFF; nó vẫn nằm trong kho cách ly.`,
      `Quarantined scan ${sha256.slice(0, 12)}… is not a PNG, JPEG or TIFF image; it stays in the quarantine.`,
      sha256,
    );
  }
  const { dpi, dpiAssumed } = resolution(metadata);
  return { format, width: metadata.width, height: metadata.height, dpi, dpiAssumed };
}

function toView(row: QuarantineRow): QuarantinedBlobView {
  return { id: row.id, sha256: row.sha256, bytes: row.bytes, writtenAt: row.written_at, quarantinedAt: row.quarantined_at };
}
