import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { AccountService } from '../../../main/accounts/account-service';
import { AuditLog } from '../../../main/accounts/audit-log';
import { userActor } from '../../../main/accounts/actor';
import { hashPassword, verifyPassword } from '../../../main/accounts/password';
import { openDatabase } from '../../../main/storage/database';
import { tempDir } from '../../support/temp-dir';

const cleanups: Array<() => void> = [];
afterEach(() => cleanups.splice(0).forEach((f) => f()));

function accounts() {
  const t = tempDir();
  cleanups.push(t.remove);
  const db = openDatabase(path.join(t.dir, 'db.sqlite'));
  cleanups.unshift(() => db.close());
  const audit = new AuditLog(db);
  return { db, audit, service: new AccountService(db, audit) };
}

describe('password hashing (scrypt)', () => {
  it('verifies the right password and refuses a wrong one', async () => {
    const hash = await hashPassword('mật khẩu rất dài');
    expect(hash).toMatch(/^scrypt\$32768\$8\$1\$/);
    expect(await verifyPassword('mật khẩu rất dài', hash)).toBe(true);
    expect(await verifyPassword('mật khẩu rất dàj', hash)).toBe(false);
    expect(await verifyPassword('x', 'garbage')).toBe(false);
  });

  it('salts: the same password hashes differently', async () => {
    expect(await hashPassword('abcdefghijk')).not.toBe(await hashPassword('abcdefghijk'));
  });
});

describe('AccountService', () => {
  it('creates the first supervisor once, then refuses a second setup', async () => {
    const { service } = accounts();
    expect(service.hasUsers()).toBe(false);
    const first = await service.setupFirstSupervisor({ username: 'giamsat', fullName: 'Nguyễn Văn A', password: '0123456789' });
    expect(first.role).toBe('supervisor');
    await expect(service.setupFirstSupervisor({ username: 'other', fullName: 'B', password: '0123456789' })).rejects.toMatchObject({ code: 'SETUP_ALREADY_DONE' });
  });

  it('signs in with the right password and names the user in the audit log', async () => {
    const { service, audit } = accounts();
    const boss = await service.setupFirstSupervisor({ username: 'giamsat', fullName: 'Nguyễn Văn A', password: '0123456789' });
    await service.create(userActor(boss), { username: 'vanthu', fullName: 'Trần Thị B', password: 'abcdefghij', role: 'clerk' });
    const clerk = await service.login('vanthu', 'abcdefghij');
    expect(clerk.role).toBe('clerk');
    await expect(service.login('vanthu', 'wrong-password')).rejects.toMatchObject({ code: 'INVALID_CREDENTIALS', messageVi: expect.stringContaining('không đúng') });
    await expect(service.login('nobody', 'abcdefghij')).rejects.toMatchObject({ code: 'INVALID_CREDENTIALS' });
    const actions = audit.list(10).map((e) => `${e.actor} ${e.action}`);
    expect(actions).toContain('vanthu account.login');
    expect(actions).toContain('giamsat account.create');
  });

  it('refuses a taken username', async () => {
    const { service } = accounts();
    const boss = await service.setupFirstSupervisor({ username: 'giamsat', fullName: 'A', password: '0123456789' });
    await expect(service.create(userActor(boss), { username: 'giamsat', fullName: 'B', password: '0123456789', role: 'clerk' })).rejects.toMatchObject({ code: 'CONFLICT' });
  });
});
