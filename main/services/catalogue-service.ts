// Mục lục hồ sơ in Excel: a batch's dossier catalogue and a dossier's document list written to .xlsx, and
// a catalogue read from .xlsx into a batch as new dossiers with their fields filled. The app's channels
// and the `sohoa catalogue` command both come here.
import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { Actor } from '../accounts/actor';
import type { AuditLog } from '../accounts/audit-log';
import type { DossierFields } from '../contract/archival-fields';
import type { CatalogueFileView, CatalogueImportResult, CatalogueProblem } from '../contract/catalogue';
import { AppError, isAppError } from '../contract/errors';
import { catalogueTooLarge, MAX_CATALOGUE_BYTES, readCatalogue } from '../packaging/catalogue-reader';
import { documentListWorkbook, dossierCatalogueWorkbook, type TitleBlock } from '../packaging/catalogue-workbook';
import { safeFileStem } from '../packaging/file-names';
import { outboxError } from '../packaging/outbox-writer';
import type { Db } from '../storage/database';
import { writeFileDurably } from '../storage/durable-write';
import type { WorkstationEvents } from './events';
import type { Records } from './records';

/** Where a catalogue goes: into a folder, under its own name, or to the file named (the command line). */
export type CatalogueTarget = { dir: string } | { file: string };

/** Bytes of a batch or dossier name kept in a file name. */
const NAME_BYTES = 150;

export class CatalogueService {
  constructor(
    private readonly db: Db,
    private readonly records: Records,
    private readonly audit: AuditLog,
    private readonly events: WorkstationEvents,
    /** The agency named atop each catalogue: the station's name, when it has one. */
    private readonly agency: () => string | null,
  ) {}

  /** Mục lục hồ sơ of the batch: its dossiers in the order they were made, every field. */
  async exportDossierCatalogue(actor: Actor, batchId: number, target: CatalogueTarget): Promise<CatalogueFileView> {
    const batch = this.records.batch(batchId);
    const dossiers = this.records.listDossiers(batchId).reverse().map((d) => d.metadata);
    const data = await dossierCatalogueWorkbook(this.block([`Lô: ${batch.name}`]), dossiers);
    const file = await this.write(target, `Mục lục hồ sơ - ${safeFileStem(batch.name, NAME_BYTES) || `lô ${batch.id}`}.xlsx`, data);
    this.audit.record(actor, 'catalogue.export', `batch:${batch.id}`, { list: 'dossiers', file, rows: dossiers.length });
    return { path: file, rows: dossiers.length };
  }

  /** Mục lục văn bản of the dossier: its documents in order, with where their pages stand. */
  async exportDocumentList(actor: Actor, dossierId: number, target: CatalogueTarget): Promise<CatalogueFileView> {
    const dossier = this.records.dossier(dossierId);
    const documents = this.records.listDocuments(dossierId).map((d) => ({ metadata: d.metadata, pageCount: d.pageCount }));
    const data = await documentListWorkbook(this.block([`Hồ sơ: ${dossier.fileCode}`, dossier.title]), documents);
    const file = await this.write(target, `Mục lục văn bản - ${safeFileStem(dossier.fileCode, NAME_BYTES)}.xlsx`, data);
    this.audit.record(actor, 'catalogue.export', `dossier:${dossier.fileCode}`, { list: 'documents', file, rows: documents.length });
    return { path: file, rows: documents.length };
  }

  /**
   * Creates a dossier in the batch for each good row of the catalogue at `file`. A row at fault (a field
   * the descriptors refuse, a code already in the store or earlier in the file) is reported by its number
   * and the other rows are still imported. All the good rows are committed in one transaction, each in a
   * savepoint of its own: a row the database still refuses is rolled back alone and reported.
   */
  async importCatalogue(actor: Actor, batchId: number, file: string): Promise<CatalogueImportResult> {
    const batch = this.records.batch(batchId);
    const read = await readCatalogue(await readCatalogueFile(file));
    const created: CatalogueImportResult['created'] = [];
    const rejected: CatalogueImportResult['rejected'] = read.rows.filter((r) => r.fields === null).map(({ row, fileCode, problems }) => ({ row, fileCode, problems }));
    const firstRowOf = new Map<string, number>();
    const createOne = this.db.transaction((fields: DossierFields) => {
      const dossier = this.records.dossiers.createDossierWithFields(batch.id, fields);
      this.audit.record(actor, 'dossier.create', `dossier:${dossier.fileCode}`);
      return dossier;
    });
    this.db
      .transaction(() => {
        for (const row of read.rows) {
          const fields = row.fields;
          if (fields === null) continue;
          const earlier = firstRowOf.get(fields.fileCode);
          const stored = earlier === undefined ? this.records.dossierByCode(fields.fileCode) : undefined;
          if (earlier !== undefined || stored !== undefined) {
            const where = earlier !== undefined ? { vi: `trùng với dòng ${earlier}`, en: `same as row ${earlier}` } : { vi: 'đã có trong kho', en: 'already in the store' };
            rejected.push({ row: row.row, fileCode: fields.fileCode, problems: [duplicate(fields.fileCode, where, read.columns)] });
            continue;
          }
          firstRowOf.set(fields.fileCode, row.row);
          try {
            const dossier = createOne(fields);
            created.push({ row: row.row, fileCode: dossier.fileCode, dossierId: dossier.id });
          } catch (error) {
            if (!isAppError(error) && !(error instanceof Error && error.name === 'SqliteError')) throw error;
            const message = isAppError(error) ? error.messageVi : error.message;
            rejected.push({ row: row.row, fileCode: fields.fileCode, problems: [{ field: 'fileCode', heading: codeHeading(read.columns), message, messageEn: error.message }] });
          }
        }
        rejected.sort((a, b) => a.row - b.row);
        this.audit.record(actor, 'catalogue.import', `batch:${batch.id}`, {
          file: path.basename(file),
          sheet: read.sheet,
          rows: read.rows.length,
          created: created.length,
          rejected: rejected.map((r) => r.row),
        });
      })
      .immediate();
    for (const { dossierId } of created) this.events.emit('dossier:changed', { dossierId });
    return { file: path.resolve(file), sheet: read.sheet, headerRow: read.headerRow, columns: read.columns, ignored: read.ignored, created, rejected };
  }

  private block(lines: string[]): TitleBlock {
    return { agency: this.agency(), lines, date: new Date() };
  }

  /** Writes the workbook whole or not at all (temp file, fsync, rename), into the folder or to the file. */
  private async write(target: CatalogueTarget, name: string, data: Buffer): Promise<string> {
    const file = 'file' in target ? path.resolve(target.file) : path.join(target.dir, name);
    const dir = path.dirname(file);
    try {
      await fs.mkdir(dir, { recursive: true });
      // Named as the outbox's recovery knows leftovers (`.<name>.<8 hex>.part`), so a killed write is cleaned.
      await writeFileDurably(file, data, path.join(dir, `.${path.basename(file)}.${randomBytes(4).toString('hex')}.part`));
    } catch (error) {
      throw outboxError(error, dir);
    }
    return file;
  }
}

/** The heading the file gave the dossier code's column. */
function codeHeading(columns: CatalogueImportResult['columns']): string {
  return columns.find((c) => c.field === 'fileCode')?.heading ?? 'Mã hồ sơ';
}

function duplicate(fileCode: string, where: { vi: string; en: string }, columns: CatalogueImportResult['columns']): CatalogueProblem {
  return {
    field: 'fileCode',
    heading: codeHeading(columns),
    message: `Mã hồ sơ «${fileCode}» ${where.vi}: hồ sơ không được tạo lần nữa.`,
    messageEn: `Dossier code «${fileCode}» is ${where.en}: the dossier was not created again.`,
  };
}

/** The file's bytes, once its size is known to be under the cap. */
async function readCatalogueFile(file: string): Promise<Buffer> {
  let size: number;
  try {
    const stat = await fs.stat(file);
    if (!stat.isFile()) throw Object.assign(new Error('not a file'), { code: 'EISDIR' });
    size = stat.size;
  } catch (error) {
    throw new AppError('PATH_NOT_FOUND', `Không tìm thấy tệp mục lục «${file}». Hãy kiểm tra đường dẫn; chưa có hồ sơ nào được tạo.`, `Catalogue file «${file}» not found. Check the path; no dossier was created.`, file, {
      cause: error,
    });
  }
  if (size > MAX_CATALOGUE_BYTES) throw catalogueTooLarge('bytes', size);
  return fs.readFile(file);
}
