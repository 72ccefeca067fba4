import { AppError } from '../contract/errors';
import type { Role, UserAccountView, UserView } from '../contract/domain';
import { nowIso, type Db } from '../storage/database';
import { anonymousActor, userActor, type Actor } from './actor';
import type { AuditLog } from './audit-log';
import { CURRENT_SCRYPT, hashPassword, needsRehash, scryptParametersOf, verifyPassword } from './password';

interface UserRow {
  id: number;
  username: string;
  full_name: string;
  role: Role;
  password_hash: string;
  disabled: number;
  failed_logins: number;
  lock_count: number;
  locked_until: string | null;
}

const toView = (row: UserRow): UserView => ({ id: row.id, username: row.username, fullName: row.full_name, role: row.role });

/** Failed sign-ins in a row that lock an account. */
export const MAX_FAILED_LOGINS = 5;
const FIRST_LOCK_MS = 15 * 60 * 1000;
const MAX_LOCK_MS = 24 * 60 * 60 * 1000;
/** Unknown usernames tried, remembered so that they lock exactly as real accounts do. */
const MAX_UNKNOWN_TRACKED = 1000;

/** How long the n-th lock in a row lasts: 15 minutes, then twice as long each time, at most a day. */
export function lockDurationMs(lockCount: number): number {
  return Math.min(FIRST_LOCK_MS * 2 ** Math.max(0, lockCount - 1), MAX_LOCK_MS);
}

interface Attempts {
  failures: number;
  lockCount: number;
  lockedUntilMs: number | null;
}

export interface AccountServiceOptions {
  /** The clock locks are measured with (tests move it). */
  now?: () => number;
}

/** Where a sign-in attempt came from (the connection), for the audit log. */
export interface LoginSource {
  callerId?: string;
}

// A fixed hash to compare against when the user does not exist, so timing does not reveal usernames.
let decoyHash: Promise<string> | undefined;

/** Local accounts. The first run creates the first supervisor; supervisors create everyone else. */
export class AccountService {
  private readonly now: () => number;
  private readonly unknown = new Map<string, Attempts>();

  constructor(
    private readonly db: Db,
    private readonly audit: AuditLog,
    options: AccountServiceOptions = {},
  ) {
    this.now = options.now ?? Date.now;
  }

  hasUsers(): boolean {
    return this.db.prepare('SELECT 1 FROM users LIMIT 1').get() !== undefined;
  }

  async setupFirstSupervisor(input: { username: string; fullName: string; password: string }): Promise<UserView> {
    const hash = await hashPassword(input.password);
    // Checked and inserted in one transaction holding the write lock: two first-run forms, in one process
    // or two, cannot both win.
    const user = this.db.transaction(() => {
      if (this.hasUsers()) {
        throw new AppError('SETUP_ALREADY_DONE', 'Tài khoản giám sát đầu tiên đã được tạo; hãy đăng nhập.', 'The first supervisor already exists; sign in.');
      }
      return this.insert(input.username, input.fullName, 'supervisor', hash);
    }).immediate();
    this.audit.record(userActor(user), 'account.setup', `user:${user.id}`, { username: user.username });
    return user;
  }

  async create(actor: Actor, input: { username: string; fullName: string; password: string; role: Role }): Promise<UserView> {
    const hash = await hashPassword(input.password);
    if (this.db.prepare('SELECT 1 FROM users WHERE username = ?').get(input.username)) {
      throw new AppError('CONFLICT', `Tên đăng nhập «${input.username}» đã có người dùng.`, `Username «${input.username}» is taken.`, 'username');
    }
    const user = this.insert(input.username, input.fullName, input.role, hash);
    this.audit.record(actor, 'account.create', `user:${user.id}`, { username: user.username, role: user.role });
    return user;
  }

  /**
   * Signs in, or refuses with INVALID_CREDENTIALS or ACCOUNT_LOCKED. An unknown username is answered
   * exactly as a wrong password is — same message, same scrypt work, and it locks after the same number
   * of tries — so that neither the words nor the timing tell which usernames exist.
   */
  async login(username: string, password: string, source: LoginSource = {}): Promise<UserView> {
    const name = username.trim();
    const row = this.row(name);
    const now = this.now();
    const before = row ? attemptsOf(row) : (this.unknown.get(name) ?? { failures: 0, lockCount: 0, lockedUntilMs: null });
    const subject = row ? `user:${row.id}` : null;
    const from = source.callerId ? { callerId: source.callerId } : {};

    if (before.lockedUntilMs !== null && before.lockedUntilMs > now) {
      this.audit.record(anonymousActor(), 'account.login-failed', subject, { username: name, reason: 'locked', ...from });
      throw lockedError(before.lockedUntilMs - now);
    }

    decoyHash ??= hashPassword('decoy-password-never-used');
    const ok = await verifyPassword(password, row?.password_hash ?? (await decoyHash));
    if (!row || !ok || row.disabled) {
      const reason = !row ? 'unknown-user' : row.disabled ? 'disabled' : 'wrong-password';
      const after = row ? this.countFailure(row.id, now) : this.countUnknownFailure(name, before, now);
      this.audit.record(anonymousActor(), 'account.login-failed', subject, { username: name, reason, failures: after.failures, ...from });
      if (after.lockedUntilMs !== null) {
        this.audit.record(anonymousActor(), 'account.locked', subject, {
          username: name,
          until: new Date(after.lockedUntilMs).toISOString(),
          lockCount: after.lockCount,
        });
        throw lockedError(after.lockedUntilMs - now);
      }
      throw new AppError('INVALID_CREDENTIALS', 'Tên đăng nhập hoặc mật khẩu không đúng.', 'Wrong username or password.');
    }

    this.db.prepare('UPDATE users SET failed_logins = 0, lock_count = 0, locked_until = NULL WHERE id = ?').run(row.id);
    const user = toView(row);
    if (needsRehash(row.password_hash)) await this.rehash(user, row.password_hash, password);
    this.audit.record(userActor(user), 'account.login', `user:${user.id}`, from.callerId ? from : undefined);
    return user;
  }

  logout(user: UserView): void {
    this.audit.record(userActor(user), 'account.logout', `user:${user.id}`);
  }

  /** A supervisor lifts a lock (and forgets the failures before it). */
  unlock(actor: Actor, userId: number): UserAccountView {
    const row = this.db.prepare('SELECT * FROM users WHERE id = ?').get(userId) as UserRow | undefined;
    if (!row) throw new AppError('NOT_FOUND', `Không tìm thấy tài khoản số ${userId}.`, `No account ${userId}.`, String(userId));
    this.db.prepare('UPDATE users SET failed_logins = 0, lock_count = 0, locked_until = NULL WHERE id = ?').run(userId);
    this.audit.record(actor, 'account.unlock', `user:${userId}`, { username: row.username, wasLockedUntil: row.locked_until });
    return { ...toView(row), lockedUntil: null };
  }

  list(): UserAccountView[] {
    const now = this.now();
    return (this.db.prepare('SELECT * FROM users ORDER BY username').all() as UserRow[]).map((row) => {
      const until = attemptsOf(row).lockedUntilMs;
      return { ...toView(row), lockedUntil: until !== null && until > now ? row.locked_until : null };
    });
  }

  private row(username: string): UserRow | undefined {
    return this.db.prepare('SELECT * FROM users WHERE username = ?').get(username) as UserRow | undefined;
  }

  /** One more failure, counted in the row itself so that attempts at the same moment all count. */
  private countFailure(userId: number, now: number): Attempts {
    return this.db.transaction((): Attempts => {
      const counted = this.db
        .prepare('UPDATE users SET failed_logins = failed_logins + 1 WHERE id = ? RETURNING failed_logins, lock_count')
        .get(userId) as { failed_logins: number; lock_count: number };
      if (counted.failed_logins < MAX_FAILED_LOGINS) return { failures: counted.failed_logins, lockCount: counted.lock_count, lockedUntilMs: null };
      const lockCount = counted.lock_count + 1;
      const until = now + lockDurationMs(lockCount);
      this.db
        .prepare('UPDATE users SET failed_logins = 0, lock_count = ?, locked_until = ? WHERE id = ?')
        .run(lockCount, new Date(until).toISOString(), userId);
      return { failures: counted.failed_logins, lockCount, lockedUntilMs: until };
    }).immediate();
  }

  private countUnknownFailure(name: string, before: Attempts, now: number): Attempts {
    const failures = before.failures + 1;
    const locks = failures >= MAX_FAILED_LOGINS;
    const lockCount = locks ? before.lockCount + 1 : before.lockCount;
    const after: Attempts = { failures, lockCount, lockedUntilMs: locks ? now + lockDurationMs(lockCount) : null };
    // Most recent last, oldest forgotten first: a bounded memory whatever is typed.
    this.unknown.delete(name);
    this.unknown.set(name, locks ? { ...after, failures: 0 } : after);
    if (this.unknown.size > MAX_UNKNOWN_TRACKED) this.unknown.delete(this.unknown.keys().next().value as string);
    return after;
  }

  /** A hash made with older, weaker parameters is replaced now that the password is known. */
  private async rehash(user: UserView, oldHash: string, password: string): Promise<void> {
    const hash = await hashPassword(password);
    this.db.prepare('UPDATE users SET password_hash = ? WHERE id = ? AND password_hash = ?').run(hash, user.id, oldHash);
    const from = scryptParametersOf(oldHash);
    this.audit.record(userActor(user), 'account.password-rehashed', `user:${user.id}`, {
      from: from ? `scrypt N=${from.n} r=${from.r} p=${from.p}` : 'unknown',
      to: `scrypt N=${CURRENT_SCRYPT.n} r=${CURRENT_SCRYPT.r} p=${CURRENT_SCRYPT.p}`,
    });
  }

  private insert(username: string, fullName: string, role: Role, hash: string): UserView {
    const info = this.db
      .prepare('INSERT INTO users (username, full_name, role, password_hash, created_at) VALUES (?, ?, ?, ?, ?)')
      .run(username, fullName, role, hash, nowIso());
    return { id: Number(info.lastInsertRowid), username, fullName, role };
  }
}

function attemptsOf(row: UserRow): Attempts {
  const until = row.locked_until === null ? null : Date.parse(row.locked_until);
  return { failures: row.failed_logins, lockCount: row.lock_count, lockedUntilMs: until !== null && Number.isFinite(until) ? until : null };
}

/** "15 phút", "2 giờ", "1 giờ 30 phút": how long is left, rounded up to the minute. */
export function lockRemainingVi(ms: number): string {
  const minutes = Math.max(1, Math.ceil(ms / 60_000));
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  if (hours === 0) return `${minutes} phút`;
  return rest === 0 ? `${hours} giờ` : `${hours} giờ ${rest} phút`;
}

function lockedError(remainingMs: number): AppError {
  const minutes = Math.max(1, Math.ceil(remainingMs / 60_000));
  return new AppError(
    'ACCOUNT_LOCKED',
    `Tài khoản tạm khóa vì đăng nhập sai ${MAX_FAILED_LOGINS} lần liên tiếp. Hãy thử lại sau ${lockRemainingVi(remainingMs)}, hoặc nhờ giám sát mở khóa.`,
    `The account is locked after ${MAX_FAILED_LOGINS} failed sign-ins in a row. Try again in ${minutes} min, or ask a supervisor to unlock it.`,
  );
}
