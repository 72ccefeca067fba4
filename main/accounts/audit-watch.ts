import type { Logger } from 'pino';
import type { AuditVerificationView } from '../contract/domain';
import type { Actor } from './actor';
import type { AuditLog } from './audit-log';
import type { AuditVerifier } from './audit-verifier';

/** How often a running workstation verifies the audit chain's new rows. */
const AUDIT_CHECK_INTERVAL_MS = 10 * 60 * 1000;
const SYSTEM: Actor = { userId: null, name: 'system', user: null };

/**
 * The audit chain watched while a workstation that writes runs: verified at start and every ten
 * minutes, and whenever a supervisor looks at the log. Read-only commands verify on their own.
 */
export class AuditWatch {
  /** The last verification of this process (null before the first). */
  status: AuditVerificationView | null = null;
  #timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly verifier: AuditVerifier,
    private readonly audit: AuditLog,
    private readonly logger: Logger,
  ) {}

  /** Verifies the audit chain now and every AUDIT_CHECK_INTERVAL_MS. */
  start(): void {
    const check = () => {
      try {
        this.check();
      } catch (error) {
        this.logger.error({ err: error }, 'audit chain verification failed');
      }
    };
    check();
    this.#timer = setInterval(check, AUDIT_CHECK_INTERVAL_MS);
    this.#timer.unref();
  }

  stop(): void {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = null;
  }

  /**
   * One verification of the audit chain, moving the checkpoint when intact. The first one walks the whole
   * chain (an old row edited without recomputing the hashes after it is found only so); later ones hash
   * only the new rows, unless `whole` (a supervisor looking at the log). A broken chain stays broken for
   * this process: every later check walks it all again, and its first finding is logged and written to the
   * audit log itself, where supervisors look.
   */
  check(whole = false): AuditVerificationView {
    const previous = this.status;
    const mode = previous?.intact && !whole ? 'incremental' : 'full';
    let status: AuditVerificationView;
    try {
      status = this.verifier.verify({ mode, advance: true });
    } catch (error) {
      // A checkpoint that could not be written (a full disk) stays where it was; the next check moves it.
      this.logger.error({ err: error }, 'audit checkpoint not moved');
      status = this.verifier.verify({ mode, advance: false });
    }
    this.status = status;
    if (status.broken) {
      const known = previous?.broken?.kind === status.broken.kind && previous.broken.rowId === status.broken.rowId;
      this.logger.error({ audit: status.broken }, 'audit chain broken');
      if (!known) this.audit.record(SYSTEM, 'audit.chain-broken', `audit:${status.broken.rowId}`, { kind: status.broken.kind, rowId: status.broken.rowId });
    }
    return status;
  }
}
