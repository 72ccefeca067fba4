import { existsSync } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { AccountService } from '../accounts/account-service';
import { AuditLog } from '../accounts/audit-log';
import { AUDIT_ANCHOR_FILE, AuditVerifier } from '../accounts/audit-verifier';
import { AuditWatch } from '../accounts/audit-watch';
import { SessionPolicy, sessionIdleMsFromEnv } from '../accounts/session-policy';
import { StationIdentity } from '../accounts/station-identity';
import { CaptureSourceSettings } from '../capture/capture-sources';
import { ScanProfiles } from '../capture/scan-profiles';
import { ScannerRegistry } from '../capture/scanner-registry';
import type { ScannerSource } from '../capture/scanner-source';
import { captureConfigFromEnv, createScannerSources } from '../capture/scanner-sources';
import { JobQueue } from '../jobs/job-queue';
import { JOB_RESULT_SCHEMAS } from '../contract/job-results';
import { RecognitionPool, defaultPoolSize } from '../recognition/recognition-pool';
import { PageSearch } from '../search/page-search';
import { BlobStore } from '../storage/blob-store';
import type { Db } from '../storage/database';
import { releaseDeadOwners } from '../storage/dead-owners';
import { checkAndRepairStore, inspectStore, type IntegrityReport } from '../storage/integrity';
import { tightenPermissions } from '../storage/private-files';
import { ProcessLease, type ProcessLeaseOptions } from '../storage/process-lease';
import { PAGES_FOLDER, openStoreDatabase, recordStoreIdentity } from '../storage/store-identity';
import { setStagingRoot } from '../imaging/staging';
import { configureValidationMessages } from '../contract/validation-messages';
import type { Actor } from '../accounts/actor';
import { CaptureService } from './capture-service';
import { CatalogueService } from './catalogue-service';
import { WorkstationEvents } from './events';
import { ExportFolderSettings } from './export-folders';
import { ExportService } from './export-service';
import { SeparationService } from './separation-service';
import { ImportService } from './import-service';
import { silentLogger, type Logger } from './logger';
import { PageEditing } from './page-editing';
import { PageImages } from './page-images';
import { defaultOutboxDir } from './paths';
import { Quarantine } from './quarantine';
import { RecognitionService } from './recognition-service';
import { WordCorrectionService } from './word-correction-service';
import { Records } from './records';
import { ArchiveService } from './archive-service';
import { DocumentEditing } from './document-editing';
import { JobControl } from './job-control';
import { RecoveryService } from './recovery-service';
import { RecycleBin } from '../archive/recycle-bin';
import { readDocumentLayout } from '../recognition/nd30-layout';
import { IndexingService } from './indexing-service';

const SYSTEM: Actor = { userId: null, name: 'system', user: null };

export interface WorkstationOptions {
  dataDir: string;
  outboxDir?: string;
  /** OCR workers; default from cores and free memory. */
  ocrWorkers?: number;
  /** Scanner sources; by default those of this platform, the saved hot folders and eSCL addresses, and SOHOA_HOT_FOLDERS / SOHOA_ESCL_URLS. */
  scanners?: ScannerSource[];
  /** Queue OCR as soon as an import or a scan adds pages (the clerk's usual flow). */
  autoRecognize?: boolean;
  /**
   * Start running queued jobs now (false for commands that only look or act, such as `sohoa devices`).
   * A station that runs no jobs holds no process lease, cleans no temp files and adopts no jobs.
   */
  runJobs?: boolean;
  /** The process lease's heartbeat and timeout (tests shorten them). */
  lease?: Pick<ProcessLeaseOptions, 'timeoutMs' | 'heartbeatMs'>;
  /**
   * Change nothing (`sohoa status`, `sohoa devices`): a read-only database connection, no repair, no
   * quarantine move, no requeue, no temp cleanup, no audit row, no marker, no job started; `integrity`
   * reports what a repair would do.
   */
  readOnly?: boolean;
  /** Unnamed blobs younger than this stay where they are (another process may be committing them); 1 h by default. */
  orphanAgeMs?: number;
  logger?: Logger;
  /** How long a signed-in session may stay idle; default SOHOA_SESSION_IDLE_MINUTES or 30 minutes. */
  sessionIdleMs?: number;
  /** The clock of sign-in locks and session expiry (tests move it). */
  clock?: () => number;
}

/** The audit action of each lifecycle transition a person makes. */

// Every main entry point (Electron shell, development host, `sohoa`) opens a Workstation: zod speaks
// Vietnamese in all of them from here on.
configureValidationMessages();

/**
 * The composition root: every domain service wired to one database and one page store. The Electron
 * shell, the development host and the `sohoa` command all open a Workstation; none of it imports Electron.
 */
export class Workstation {
  readonly db: Db;
  /** This process's claim on its jobs and temp files in a store the app, the CLI and the host share. */
  readonly lease: ProcessLease;
  readonly blobs: BlobStore;
  readonly audit: AuditLog;
  readonly auditVerifier: AuditVerifier;
  /** The audit chain verified while this process writes, and when a supervisor looks. */
  readonly auditWatch: AuditWatch;
  /** This station's id and name, carried by every audit row. */
  readonly identity: StationIdentity;
  readonly accounts: AccountService;
  readonly sessions: SessionPolicy;
  readonly exportFolders: ExportFolderSettings;
  readonly records: Records;
  readonly recycleBin: RecycleBin;
  readonly quarantine: Quarantine;
  readonly search: PageSearch;
  readonly events = new WorkstationEvents();
  readonly jobs: JobQueue;
  /** The jobs a person starts and cancels. */
  readonly jobControl: JobControl;
  /** A person's changes to batches, dossiers, documents and the order of pages. */
  readonly archive: ArchiveService;
  /** Documents split, merged, pages moved between them, and the undo of each. */
  readonly documentEditing: DocumentEditing;
  /** The recycle bin and the quarantine, for the people who bring things back. */
  readonly recovery: RecoveryService;
  readonly pageImages: PageImages;
  readonly editing: PageEditing;
  readonly importer: ImportService;
  readonly separation: SeparationService;
  readonly recognition: RecognitionService;
  /** Auto-indexing after recognition: proposals kept, applied where no person set the field. */
  readonly indexing: IndexingService;
  readonly corrections: WordCorrectionService;
  readonly exporter: ExportService;
  /** Mục lục hồ sơ in Excel: written from a batch or a dossier, read into a batch. */
  readonly catalogue: CatalogueService;
  readonly scanners: ScannerRegistry;
  readonly profiles: ScanProfiles;
  readonly captureSources: CaptureSourceSettings;
  readonly capture: CaptureService;
  readonly pool: RecognitionPool;
  readonly logger: Logger;
  readonly dataDir: string;
  readonly outboxDir: string;
  readonly readOnly: boolean;
  integrity: IntegrityReport | null = null;

  private constructor(options: WorkstationOptions, db: Db) {
    this.dataDir = path.resolve(options.dataDir);
    this.outboxDir = path.resolve(options.outboxDir ?? defaultOutboxDir());
    this.logger = options.logger ?? silentLogger();
    this.readOnly = options.readOnly ?? false;
    // Read first: a mistyped setting stops the start before any service is made.
    const idleMs = options.sessionIdleMs ?? sessionIdleMsFromEnv(process.env);
    this.db = db;
    this.lease = new ProcessLease(this.db, { ...options.lease, onError: (error) => this.logger.warn({ err: error }, 'process lease heartbeat failed') });
    this.blobs = new BlobStore(path.join(this.dataDir, PAGES_FOLDER), this.lease.owner);
    this.audit = new AuditLog(this.db);
    this.auditVerifier = new AuditVerifier(this.db, path.join(this.dataDir, AUDIT_ANCHOR_FILE));
    this.auditWatch = new AuditWatch(this.auditVerifier, this.audit, this.logger);
    this.identity = new StationIdentity(this.db, this.audit);
    const clock = options.clock ?? Date.now;
    this.accounts = new AccountService(this.db, this.audit, { now: clock });
    this.sessions = new SessionPolicy(this.audit, idleMs, clock);
    this.exportFolders = new ExportFolderSettings(this.db, this.audit, this.outboxDir, this.dataDir);
    this.records = new Records(this.db);
    this.recycleBin = new RecycleBin(this.db, this.records.pages, this.records.lifecycle, this.blobs);
    this.quarantine = new Quarantine(this.db, this.records, this.blobs);
    this.search = new PageSearch(this.db);
    this.pageImages = new PageImages(this.records, this.blobs, path.join(this.dataDir, 'derived'));
    this.pool = new RecognitionPool({ cacheDir: path.join(this.dataDir, 'ocr-cache'), size: options.ocrWorkers ?? defaultPoolSize() });
    const autoRecognize = options.autoRecognize ?? true;
    const recognizeAdded = (dossierId: number, context: { actor: Actor }) => {
      if (autoRecognize) this.jobs.enqueue('ocr', {}, { dossierId, actor: context.actor });
    };
    this.separation = new SeparationService(this.records, this.blobs, this.audit);
    this.importer = new ImportService(this.records, this.blobs, this.audit, this.events, recognizeAdded, this.separation);
    this.captureSources = new CaptureSourceSettings(this.db, this.audit);
    this.scanners = new ScannerRegistry(options.scanners ?? createScannerSources(captureConfigFromEnv(), () => this.captureSources.get()));
    this.profiles = new ScanProfiles(this.db, this.audit);
    this.capture = new CaptureService(this.records, this.blobs, this.scanners, this.audit, this.events, recognizeAdded, this.separation);
    // An edited page is read again even when imports do not recognize automatically: its old words are gone.
    this.editing = new PageEditing(
      this.records,
      this.blobs,
      this.audit,
      this.events,
      (dossierId, actor) => this.jobControl.queueRecognition(dossierId, actor),
      // A failed detection only means the page's own line analysis decides which way up it is.
      (png) =>
        this.pool.detectOrientation(png).catch((error: unknown) => {
          this.logger.warn({ err: error }, 'orientation detection failed');
          return null;
        }),
    );
    // The layout reader auto-indexing runs (the NĐ 30 layout reader replaces it: this one line).
    this.indexing = new IndexingService(this.records, this.audit, this.events, readDocumentLayout, 'nd30-layout');
    this.recognition = new RecognitionService(this.records, this.blobs, this.pool, this.audit, this.events, this.editing, (dossierId, actor, warn) =>
      this.indexing.indexDue(actor, dossierId, warn),
    );
    this.corrections = new WordCorrectionService(this.records, this.audit, this.events);
    this.exporter = new ExportService(this.records, this.blobs, this.audit, this.events);
    this.catalogue = new CatalogueService(this.db, this.records, this.audit, this.events, () => this.identity.find()?.name ?? null);
    this.jobs = new JobQueue(this.db, this.lease);
    this.jobControl = new JobControl(this.db, this.records, this.jobs, this.scanners, this.profiles, this.audit, this.outboxDir);
    this.archive = new ArchiveService(this.records, this.audit, this.events);
    this.documentEditing = new DocumentEditing(this.records, this.audit, this.events);
    this.recovery = new RecoveryService(this.records, this.recycleBin, this.quarantine, this.audit, this.events, (dossierId, actor) =>
      this.jobControl.queueRecognition(dossierId, actor),
    );
    this.jobs.register({ kind: 'import', unit: 'file', result: JOB_RESULT_SCHEMAS.import, handle: this.importer.handle });
    this.jobs.register({ kind: 'ocr', unit: 'page', result: JOB_RESULT_SCHEMAS.ocr, handle: this.recognition.handle });
    this.jobs.register({ kind: 'export', unit: 'document', result: JOB_RESULT_SCHEMAS.export, handle: this.exporter.handle });
    this.jobs.register({ kind: 'scan', unit: 'page', result: JOB_RESULT_SCHEMAS.scan, handle: this.capture.handle });
    this.jobs.on('adopted', (job) => {
      this.logger.info({ job: job.id, kind: job.kind, state: job.state }, 'job adopted from a process that is gone');
      if (job.kind === 'ocr' && job.dossierId !== null) this.recognition.releaseInterrupted(job.dossierId);
    });
    this.jobs.on('warning', ({ jobId, kind, warning, cause }) => {
      this.logger.warn({ job: jobId, kind, code: warning.code, subject: warning.subject, ...(cause === undefined ? {} : { err: cause }) }, 'job warning');
    });
    this.jobs.on('progress', (job) => {
      this.events.emit('job:progress', job);
      if (job.state === 'failed') this.logger.warn({ job: job.id, kind: job.kind, code: job.error?.code }, 'job failed');
    });
  }

  /**
   * This process's own temp folder inside the page store (`<data>/pages/tmp/<owner>`): private staging
   * files go here, on the store's file system, and are removed with the folder if the process dies.
   */
  get tempDir(): string {
    return this.blobs.tempDir;
  }

  /**
   * Opens the data folder. Its page store is checked first (store-identity.ts): missing, unreadable or
   * another database's, it is unavailable and this throws STORE_UNAVAILABLE before anything is changed.
   */
  static async open(options: WorkstationOptions): Promise<Workstation> {
    const dataDir = path.resolve(options.dataDir);
    const readOnly = options.readOnly ?? false;
    const { db, check } = await openStoreDatabase(dataDir, { readOnly });
    let station: Workstation;
    try {
      station = new Workstation(options, db);
    } catch (error) {
      db.close();
      throw error;
    }
    // A writer holds a lease: its jobs and its temp folder are its own, and it cleans and adopts only what
    // dead processes left. A read-only look, or a station that runs no jobs, takes none of that.
    const writer = !readOnly && (options.runJobs ?? true);
    // Orphans younger than an hour may belong to another process about to commit (the CLI beside the app).
    const integrityOptions = { orphanAgeMs: options.orphanAgeMs ?? 60 * 60 * 1000 };
    let temporariesRemoved = 0;
    try {
      if (readOnly) {
        // A data folder with no store yet has nothing to inspect.
        station.integrity = existsSync(station.blobs.root) ? await inspectStore(db, station.blobs, integrityOptions) : null;
      } else {
        const outside = path.relative(dataDir, station.outboxDir).startsWith('..') ? [] : [station.outboxDir];
        await tightenPermissions(dataDir, outside);
        await recordStoreIdentity(db, station.blobs.root, check);
        await station.blobs.init();
        if (writer) {
          station.lease.acquire();
          await mkdir(station.tempDir, { recursive: true, mode: 0o700 });
          // Large-sheet render stages are this process's temp files: private, on the masters' disk, never
          // os.tmpdir(), and removed with its folder should the process die.
          setStagingRoot(path.join(station.tempDir, 'staging'));
          temporariesRemoved = await releaseDeadOwners(station.lease, station.blobs);
          station.lease.on('beat', () => {
            releaseDeadOwners(station.lease, station.blobs).catch((error: unknown) => station.logger.warn({ err: error }, 'cleaning dead processes’ temp files failed'));
          });
        }
        station.integrity = await checkAndRepairStore(db, station.blobs, integrityOptions);
        station.auditIntegrity(station.integrity);
      }
    } catch (error) {
      await station.close();
      throw error;
    }
    const { integrity } = station;
    station.logger.info(
      {
        integrity: integrity && { ...integrity, pagesMissing: integrity.pagesMissing.length, pagesNewlyMissing: integrity.pagesNewlyMissing.length, pagesRestored: integrity.pagesRestored.length, orphansQuarantined: integrity.orphansQuarantined.length },
        temporariesRemoved,
      },
      'store checked',
    );
    if (writer) {
      station.auditWatch.start();
      station.jobs.start();
      // Documents whose indexing a killed process did not finish (their recognition committed, their
      // proposals not): indexed now, whether or not a job resumes for their dossier.
      station.indexing.indexDue(SYSTEM, null, (warning, cause) => station.logger.warn({ err: cause, code: warning.code, subject: warning.subject }, 'auto-indexing failed'));
    }
    return station;
  }

  private auditIntegrity(report: IntegrityReport): void {
    for (const page of report.pagesNewlyMissing) this.audit.record(SYSTEM, 'integrity.page-missing', `page:${page.pageId}`, { ...page });
    for (const page of report.pagesRestored) this.audit.record(SYSTEM, 'integrity.page-restored', `page:${page.pageId}`, { ...page });
    for (const blob of report.orphansQuarantined) this.audit.record(SYSTEM, 'integrity.orphan-quarantined', `blob:${blob.sha256}`, { ...blob });
    if (report.blobsUnquarantined > 0) this.audit.record(SYSTEM, 'integrity.blobs-unquarantined', null, { count: report.blobsUnquarantined });
  }

  /** Stops everything and closes the database; a second call (a failed open, then the caller's cleanup) does nothing. */
  async close(): Promise<void> {
    if (!this.db.open) return;
    this.auditWatch.stop();
    await this.jobs.stop();
    if (this.lease.held) await rm(this.tempDir, { recursive: true, force: true });
    this.lease.release();
    await this.scanners.close();
    await this.pool.close();
    this.db.close();
    this.logger.flush?.();
  }
}
