import path from 'node:path';
import type { Actor } from '../accounts/actor';
import type { AuditLog } from '../accounts/audit-log';
import { scanSettingsOf, type ScanProfiles } from '../capture/scan-profiles';
import type { ScannerRegistry } from '../capture/scanner-registry';
import type { JobView, ScanPlacement } from '../contract/domain';
import { AppError } from '../contract/errors';
import type { JobQueue } from '../jobs/job-queue';
import type { Db } from '../storage/database';
import type { ScanPayload } from './capture-service';
import type { ExportPayload } from './export-service';
import type { ImportPayload } from './import-service';
import type { Records } from './records';

/**
 * The jobs a person starts and cancels (import, recognition, export, scan): each checks what it names
 * before it is queued, and a cancel is allowed to the person who started the job or a supervisor, and
 * audited. The app's channels and the `sohoa` command both come here.
 */
export class JobControl {
  constructor(
    private readonly db: Db,
    private readonly records: Records,
    private readonly jobs: JobQueue,
    private readonly scanners: ScannerRegistry,
    private readonly profiles: ScanProfiles,
    private readonly audit: AuditLog,
    private readonly outboxDir: string,
  ) {}

  /** `separate`: the inputs are one scanned batch, split by its separator sheets (ImportPayload.separate). */
  startImport(actor: Actor, dossierId: number, paths: string[], stitch?: ImportPayload['stitch'], separate = false) {
    this.records.dossier(dossierId);
    const payload: ImportPayload = { paths: paths.map((p) => path.resolve(p)), ...(stitch ? { stitch } : {}), ...(separate ? { separate } : {}) };
    return this.jobs.enqueue('import', payload, { dossierId, actor });
  }

  startRecognition(actor: Actor, dossierId: number) {
    this.records.dossier(dossierId);
    return this.jobs.enqueue('ocr', {}, { dossierId, actor });
  }

  /** One recognition job per dossier at a time: a queued one picks up every page still unread. */
  queueRecognition(dossierId: number, actor: Actor): void {
    // Looked at and queued under the write lock: the app and the CLI editing one dossier queue one job.
    this.db
      .transaction(() => {
        const waiting = this.jobs.list().some((job) => job.kind === 'ocr' && job.dossierId === dossierId && job.state === 'queued');
        if (!waiting) this.jobs.enqueue('ocr', {}, { dossierId, actor });
      })
      .immediate();
  }

  startExport(actor: Actor, dossierId: number, outboxDir?: string) {
    this.records.dossier(dossierId);
    const payload: ExportPayload = { outboxDir: path.resolve(outboxDir ?? this.outboxDir) };
    return this.jobs.enqueue('export', payload, { dossierId, actor });
  }

  /** Queues a scan with a profile into a document of the dossier (a new one when `documentId` is null). */
  startScan(
    actor: Actor,
    request: { dossierId: number; deviceId: string; profileId: number; documentId: number | null; placement: ScanPlacement; maxPages?: number | undefined; separate?: boolean | undefined },
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
      ...(request.separate ? { separate: true } : {}),
    };
    return this.jobs.enqueue('scan', payload, { dossierId: request.dossierId, actor });
  }

  /** Cancels a job for the person who started it, or for a supervisor; audited. */
  cancel(actor: Actor, jobId: number): JobView {
    const target = this.jobs.get(jobId);
    if (actor.user?.role !== 'supervisor' && target.userId !== actor.userId) {
      throw new AppError(
        'FORBIDDEN',
        'Chỉ người đã bắt đầu công việc này hoặc giám sát mới hủy được nó. Công việc vẫn tiếp tục.',
        'Only the person who started this job, or a supervisor, may cancel it. The job goes on.',
        `job:${target.id}`,
      );
    }
    const job = this.jobs.cancel(jobId);
    this.audit.record(actor, 'job.cancel', `job:${job.id}`);
    return job;
  }
}
