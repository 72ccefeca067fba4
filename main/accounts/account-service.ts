import { AppError } from '../contract/errors';
import type { Role, UserView } from '../contract/domain';
import { nowIso, type Db } from '../storage/database';
import { userActor, type Actor } from './actor';
import type { AuditLog } from './audit-log';
import { hashPassword, verifyPassword } from './password';

interface UserRow {
  id: number;
  username: string;
  full_name: string;
  role: Role;
  password_hash: string;
  disabled: number;
}

const toView = (row: UserRow): UserView => ({ id: row.id, username: row.username, fullName: row.full_name, role: row.role });

// A fixed hash to compare against when the user does not exist, so timing does not reveal usernames.
let decoyHash: Promise<string> | undefined;

/** Local accounts. The first run creates the first supervisor; supervisors create everyone else. */
export class AccountService {
  constructor(
    private readonly db: Db,
    private readonly audit: AuditLog,
  ) {}

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

  async login(username: string, password: string): Promise<UserView> {
    const row = this.db.prepare('SELECT * FROM users WHERE username = ?').get(username.trim()) as UserRow | undefined;
    decoyHash ??= hashPassword('decoy-password-never-used');
    const ok = await verifyPassword(password, row?.password_hash ?? (await decoyHash));
    if (!row || !ok || row.disabled) {
      throw new AppError('INVALID_CREDENTIALS', 'Tên đăng nhập hoặc mật khẩu không đúng.', 'Wrong username or password.');
    }
    const user = toView(row);
    this.audit.record(userActor(user), 'account.login', `user:${user.id}`);
    return user;
  }

  logout(user: UserView): void {
    this.audit.record(userActor(user), 'account.logout', `user:${user.id}`);
  }

  list(): UserView[] {
    return (this.db.prepare('SELECT * FROM users ORDER BY username').all() as UserRow[]).map(toView);
  }

  private insert(username: string, fullName: string, role: Role, hash: string): UserView {
    const info = this.db
      .prepare('INSERT INTO users (username, full_name, role, password_hash, created_at) VALUES (?, ?, ?, ?, ?)')
      .run(username, fullName, role, hash, nowIso());
    return { id: Number(info.lastInsertRowid), username, fullName, role };
  }
}
