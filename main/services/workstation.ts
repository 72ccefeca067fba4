import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { AccountService } from '../accounts/account-service';
import { AuditLog } from '../accounts/audit-log';
import { CaptureSourceSettings } from '../capture/capture-sources';
import { ScanProfiles, scanSettingsOf } from '../capture/scan-profiles';
import { ScannerRegistry } from '../capture/scanner-registry';
import type { ScannerSource } from '../capture/scanner-source';
import { captureConfigFromEnv, createScannerSources } from '../capture/scanner-sources';
import { documentMetadataSchema, type DocumentMetadata, type DocumentView, type PageView, type ScanPlacement } from '../contract/domain';
import { JobQueue } from '../jobs/job-queue';
import { proposeMetadata } from '../recognition/metadata-proposal';
import { RecognitionPool, defaultPoolSize } from '../recognition/recognition-pool';
import { PageSearch } from '../search/page-search';
import { BlobStore } from '../storage/blob-store';
import { openDatabase, type Db } from '../storage/database';
import { checkAndRepairStore, type IntegrityReport } from '../storage/integrity';
import { setStagingRoot } from '../imaging/staging';
import { configureValidationMessages } from '../contract/validation-messages';
import type { Actor } from '../accounts/actor';
import { CaptureService, type ScanPayload } from './capture-service';
import { WorkstationEvents } from './events';
import { ExportService, type ExportPayload } from './export-service';
import { ImportService, type ImportPayload } from './import-service';
import { silentLogger, type Logger } from './logger';
import { PageEditing } from './page-editing';
import { PageImages } from './page-images';
import { defaultOutboxDir } from './paths';
import { RecognitionService } from './recognition-service';
import { Records } from './records';

export interface WorkstationOptions {
  dataDir: string;
  outboxDir?: string;
  /** OCR workers; default from cores and free memory. */
  ocrWorkers?: number;
  /** Scanner sources; by default those of this platform, the saved hot folders and eSCL addresses, and SOHOA_HOT_FOLDERS / SOHOA_ESCL_URLS. */
  scanners?: ScannerSource[];
  /** Queue OCR as soon as an import or a scan adds pages (the clerk's usual flow). */
  autoRecognize?: boolean;
  /** Start running queued jobs now (false for read-only commands such as `sohoa status`). */
  runJobs?: boolean;
  logger?: Logger;
}

// Every main entry point (Electron shell, development host, `sohoa`) opens a Workstation: zod speaks
// Vietnamese in all of them from here on.
configureValidationMessages();

/**
 * The composition root: every domain service wired to one database and one page store. The Electron
 * shell, the development host and the `sohoa` command all open a Workstation; none of it imports Electron.
 */
export class Workstation {
  readonly db: Db;
  readonly blobs: BlobStore;
  readonly audit: AuditLog;
  readonly accounts: AccountService;
  readonly records: Records;
  readonly search: PageSearch;
  readonly events = new WorkstationEvents();
  readonly jobs: JobQueue;
  readonly pageImages: PageImages;
  readonly editing: PageEditing;
  readonly importer: ImportService;
  readonly recognition: RecognitionService;
  readonly exporter: ExportService;
  readonly scanners: ScannerRegistry;
  readonly profiles: ScanProfiles;
  readonly captureSources: CaptureSourceSettings;
  readonly capture: CaptureService;
  readonly pool: RecognitionPool;
  readonly logger: Logger;
  readonly dataDir: string;
  readonly outboxDir: string;
  integrity: IntegrityReport | null = null;

  private constructor(options: WorkstationOptions) {
    this.dataDir = path.resolve(options.dataDir);
    this.outboxDir = path.resolve(options.outboxDir ?? defaultOutboxDir());
    this.logger = options.logger ?? silentLogger();
    mkdirSync(this.dataDir, { recursive: true });
    this.db = openDatabase(path.join(this.dataDir, 'workstation.sqlite'));
    this.blobs = new BlobStore(path.join(this.dataDir, 'pages'));
    // Large-sheet render stages go inside the data folder (private, same disk as the masters), never os.tmpdir().
    setStagingRoot(path.join(this.dataDir, 'pages', 'tmp', 'staging'));
    this.audit = new AuditLog(this.db);
    this.accounts = new AccountService(this.db, this.audit);
    this.records = new Records(this.db);
    this.search = new PageSearch(this.db);
    this.pageImages = new PageImages(this.records, this.blobs, path.join(this.dataDir, 'derived'));
    this.pool = new RecognitionPool({ cacheDir: path.join(this.dataDir, 'ocr-cache'), size: options.ocrWorkers ?? defaultPoolSize() });
    const autoRecognize = options.autoRecognize ?? true;
    const recognizeAdded = (dossierId: number, context: { actor: Actor }) => {
      if (autoRecognize) this.jobs.enqueue('ocr', {}, { dossierId, actor: context.actor });
    };
    this.importer = new ImportService(this.records, this.blobs, this.audit, this.events, recognizeAdded);
    this.captureSources = new CaptureSourceSettings(this.db, this.audit);
    this.scanners = new ScannerRegistry(options.scanners ?? createScannerSources(captureConfigFromEnv(), () => this.captureSources.get()));
    this.profiles = new ScanProfiles(this.db, this.audit);
    this.capture = new CaptureService(this.records, this.blobs, this.scanners, this.audit, this.events, recognizeAdded);
    // An edited page is read again even when imports do not recognize automatically: its old words are gone.
    this.editing = new PageEditing(
      this.records,
      this.blobs,
      this.audit,
      this.events,
      (dossierId, actor) => this.queueRecognition(dossierId, actor),
      // A failed detection only means the page's own line analysis decides which way up it is.
      (png) =>
        this.pool.detectOrientation(png).catch((error: unknown) => {
          this.logger.warn({ err: error }, 'orientation detection failed');
          return null;
        }),
    );
    this.recognition = new RecognitionService(this.records, this.blobs, this.pool, this.audit, this.events, this.editing);
    this.exporter = new ExportService(this.records, this.blobs, this.audit, this.events);
    this.jobs = new JobQueue(this.db, {
      import: this.importer.handle,
      ocr: this.recognition.handle,
      export: this.exporter.handle,
      scan: this.capture.handle,
    });
    this.jobs.on('progress', (job) => {
      this.events.emit('job:progress', job);
      if (job.state === 'failed') this.logger.warn({ job: job.id, kind: job.kind, code: job.error?.code }, 'job failed');
    });
  }

  static async open(options: WorkstationOptions): Promise<Workstation> {
    const station = new Workstation(options);
    await station.blobs.init();
    // Orphans younger than an hour may belong to another process about to commit (the CLI beside the app).
    station.integrity = await checkAndRepairStore(station.db, station.blobs, { orphanAgeMs: 60 * 60 * 1000 });
    for (const page of station.integrity.pagesRemoved) {
      station.audit.record({ userId: null, name: 'system', user: null }, 'integrity.page-removed', `page:${page.pageId}`, { ...page });
    }
    station.logger.info({ integrity: { ...station.integrity, pagesRemoved: station.integrity.pagesRemoved.length } }, 'store checked');
    if (options.runJobs ?? true) station.jobs.start();
    return station;
  }

  startImport(actor: Actor, dossierId: number, paths: string[], stitch?: ImportPayload['stitch']) {
    this.records.dossier(dossierId);
    const payload: ImportPayload = { paths: paths.map((p) => path.resolve(p)), ...(stitch ? { stitch } : {}) };
    return this.jobs.enqueue('import', payload, { dossierId, actor });
  }

  startRecognition(actor: Actor, dossierId: number) {
    this.records.dossier(dossierId);
    return this.jobs.enqueue('ocr', {}, { dossierId, actor });
  }

  /** One recognition job per dossier at a time: a queued one picks up every page still unread. */
  private queueRecognition(dossierId: number, actor: Actor): void {
    const waiting = this.jobs.list().some((job) => job.kind === 'ocr' && job.dossierId === dossierId && job.state === 'queued');
    if (!waiting) this.jobs.enqueue('ocr', {}, { dossierId, actor });
  }

  startExport(actor: Actor, dossierId: number, outboxDir?: string) {
    this.records.dossier(dossierId);
    const payload: ExportPayload = { outboxDir: path.resolve(outboxDir ?? this.outboxDir) };
    return this.jobs.enqueue('export', payload, { dossierId, actor });
  }

  /** Queues a scan with a profile into a document of the dossier (a new one when `documentId` is null). */
  startScan(
    actor: Actor,
    request: { dossierId: number; deviceId: string; profileId: number; documentId: number | null; placement: ScanPlacement; maxPages?: number | undefined },
  ) {
    this.records.dossier(request.dossierId);
    this.scanners.sourceFor(request.deviceId);
    const profile = this.profiles.get(request.profileId);
    // A flatbed holds one sheet: "scan next page" is one page unless the clerk asks for more.
    const maxPages = request.maxPages ?? (profile.source === 'flatbed' ? 1 : undefined);
    const payload: ScanPayload = {
      deviceId: request.deviceId,
      profileName: profile.name,
      settings: scanSettingsOf(profile, maxPages),
      deviceOptions: profile.deviceOptions,
      documentId: request.documentId,
      placement: request.placement,
    };
    return this.jobs.enqueue('scan', payload, { dossierId: request.dossierId, actor });
  }

  deletePage(actor: Actor, pageId: number): PageView {
    const page = this.records.deletePage(pageId);
    this.audit.record(actor, 'page.delete', `page:${pageId}`, { documentId: page.documentId, ordinal: page.ordinal, sha256: page.sha256 });
    this.events.emit('dossier:changed', { dossierId: this.records.document(page.documentId).dossierId });
    return page;
  }

  movePage(actor: Actor, pageId: number, toOrdinal: number): PageView {
    const before = this.records.page(pageId);
    const page = this.records.movePage(pageId, toOrdinal);
    this.audit.record(actor, 'page.move', `page:${pageId}`, { documentId: page.documentId, from: before.ordinal, to: page.ordinal });
    this.events.emit('dossier:changed', { dossierId: this.records.document(page.documentId).dossierId });
    return page;
  }

  updateMetadata(actor: Actor, documentId: number, metadata: DocumentMetadata): DocumentView {
    const before = this.records.document(documentId).metadata;
    const after = this.records.updateMetadata(documentId, documentMetadataSchema.parse(metadata));
    const changed = (Object.keys(before) as Array<keyof DocumentMetadata>).filter((k) => before[k] !== after.metadata[k]);
    this.audit.record(actor, 'document.metadata', `document:${after.docCode}`, { changed });
    return after;
  }

  proposeMetadata(documentId: number): DocumentMetadata {
    return proposeMetadata(this.records.documentText(documentId));
  }

  async close(): Promise<void> {
    await this.jobs.stop();
    await this.scanners.close();
    await this.pool.close();
    this.db.close();
    this.logger.flush?.();
  }
}
