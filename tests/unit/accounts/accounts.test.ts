import { randomBytes, scryptSync } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { AccountService, lockDurationMs, lockRemainingVi, MAX_FAILED_LOGINS } from '../../../main/accounts/account-service';
import { AuditLog } from '../../../main/accounts/audit-log';
import { userActor } from '../../../main/accounts/actor';
import { hashPassword, needsRehash, scryptParametersOf, verifyPassword } from '../../../main/accounts/password';
import { tempStore } from '../../support/temp-records';

const cleanups: Array<() => void> = [];
afterEach(() => cleanups.splice(0).forEach((f) => f()));

function accounts() {
  const { db } = tempStore(cleanups);
  const audit = new AuditLog(db);
  const clock = { now: Date.parse('2026-03-02T08:00:00Z') };
  return { db, audit, clock, service: new AccountService(db, audit, { now: () => clock.now }) };
}

/** A hash as the workstation made them before issue 12 (scrypt N=2^15), in the stored format. */
function oldHash(password: string): string {
  const salt = randomBytes(16);
  const key = scryptSync(password.normalize('NFC'), salt, 32, { N: 2 ** 15, r: 8, p: 1, maxmem: 64 * 1024 * 1024 });
  return ['scrypt', 2 ** 15, 8, 1, salt.toString('base64'), key.toString('base64')].join('$');
}

async function withClerk() {
  const context = accounts();
  const boss = await context.service.setupFirstSupervisor({ username: 'giamsat', fullName: 'Nguyễn Văn A', password: '0123456789' });
  const clerk = await context.service.create(userActor(boss), { username: 'vanthu', fullName: 'Trần Thị B', password: 'abcdefghij', role: 'clerk' });
  return { ...context, boss, clerk };
}

async function failures(service: AccountService, username: string, n: number): Promise<Array<{ code: string; messageVi: string }>> {
  const errors = [];
  for (let i = 0; i < n; i++) errors.push(await service.login(username, `sai-mat-khau-${i}`).then(() => ({ code: 'OK', messageVi: '' }), (e: { code: string; messageVi: string }) => e));
  return errors;
}

describe('password hashing (scrypt)', () => {
  it('verifies the right password and refuses a wrong one', async () => {
    const hash = await hashPassword('mật khẩu rất dài');
    // N=2^17, r=8, p=1 (128 MiB per hash): issue 12 raised it from 2^15.
    expect(hash).toMatch(/^scrypt\$131072\$8\$1\$/);
    expect(scryptParametersOf(hash)).toEqual({ n: 2 ** 17, r: 8, p: 1 });
    expect(needsRehash(hash)).toBe(false);
    expect(await verifyPassword('mật khẩu rất dài', hash)).toBe(true);
    expect(await verifyPassword('mật khẩu rất dàj', hash)).toBe(false);
    expect(await verifyPassword('x', 'garbage')).toBe(false);
  });

  it('refuses stored parameters that would take too much memory, without computing them', async () => {
    expect(await verifyPassword('x', 'scrypt$4194304$8$1$AAAA$AAAA')).toBe(false);
    expect(await verifyPassword('x', 'scrypt$131072$64$1$AAAA$AAAA')).toBe(false);
    expect(await verifyPassword('x', 'scrypt$100000$8$1$AAAA$AAAA')).toBe(false);
    expect(needsRehash(oldHash('abcdefghij'))).toBe(true);
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

describe('sign-in lock-out', () => {
  it(`locks an account after ${MAX_FAILED_LOGINS} failures, even for the right password, and says for how long`, async () => {
    const { service, audit, clock } = await withClerk();
    const errors = await failures(service, 'vanthu', MAX_FAILED_LOGINS);
    expect(errors.slice(0, -1).map((e) => e.code)).toEqual(Array(MAX_FAILED_LOGINS - 1).fill('INVALID_CREDENTIALS'));
    expect(errors.at(-1)).toMatchObject({ code: 'ACCOUNT_LOCKED', messageVi: expect.stringContaining('Hãy thử lại sau 15 phút') });
    await expect(service.login('vanthu', 'abcdefghij')).rejects.toMatchObject({ code: 'ACCOUNT_LOCKED', messageVi: expect.stringMatching(/tạm khóa.*15 phút.*giám sát mở khóa/) });
    expect(service.list().find((u) => u.username === 'vanthu')?.lockedUntil).toBe('2026-03-02T08:15:00.000Z');

    clock.now += 10 * 60_000;
    await expect(service.login('vanthu', 'abcdefghij')).rejects.toMatchObject({ code: 'ACCOUNT_LOCKED', messageVi: expect.stringContaining('sau 5 phút') });
    clock.now += 5 * 60_000;
    expect(service.list().find((u) => u.username === 'vanthu')?.lockedUntil).toBeNull();
    expect((await service.login('vanthu', 'abcdefghij')).username).toBe('vanthu');

    const entries = audit.list(100);
    const failed = entries.filter((e) => e.action === 'account.login-failed');
    expect(failed).toHaveLength(MAX_FAILED_LOGINS + 2);
    expect(failed.every((e) => e.actor === 'anonymous' && e.detail?.['username'] === 'vanthu')).toBe(true);
    expect(failed.filter((e) => e.detail?.['reason'] === 'locked')).toHaveLength(2);
    expect(entries.filter((e) => e.action === 'account.locked')).toHaveLength(1);
    expect(JSON.stringify(entries)).not.toMatch(/sai-mat-khau|abcdefghij/);
  });

  it('locks longer each time it is locked again, until a successful sign-in', async () => {
    const { service, clock } = await withClerk();
    await failures(service, 'vanthu', MAX_FAILED_LOGINS);
    clock.now += lockDurationMs(1);
    const again = await failures(service, 'vanthu', MAX_FAILED_LOGINS);
    expect(again.at(-1)).toMatchObject({ code: 'ACCOUNT_LOCKED', messageVi: expect.stringContaining('sau 30 phút') });
    expect(lockDurationMs(3)).toBe(60 * 60_000);
    expect(lockDurationMs(20)).toBe(24 * 60 * 60_000);
    expect(lockRemainingVi(90 * 60_000)).toBe('1 giờ 30 phút');
  });

  it('is lifted by a supervisor, audited', async () => {
    const { service, audit, boss, clerk } = await withClerk();
    await failures(service, 'vanthu', MAX_FAILED_LOGINS);
    expect(service.unlock(userActor(boss), clerk.id)).toMatchObject({ username: 'vanthu', lockedUntil: null });
    expect((await service.login('vanthu', 'abcdefghij')).id).toBe(clerk.id);
    expect(audit.list(5).find((e) => e.action === 'account.unlock')).toMatchObject({ actor: 'giamsat', subject: `user:${clerk.id}` });
    expect(() => service.unlock(userActor(boss), 999)).toThrow(expect.objectContaining({ code: 'NOT_FOUND' }));
  });

  it('answers an unknown username exactly as a wrong password, lock included', async () => {
    const { service } = await withClerk();
    const known = await failures(service, 'vanthu', MAX_FAILED_LOGINS + 1);
    const unknown = await failures(service, 'khong-ton-tai', MAX_FAILED_LOGINS + 1);
    expect(unknown).toEqual(known);
    expect(new Set(known.map((e) => e.messageVi)).size).toBe(2);
  });
});

describe('password upgrade', () => {
  it('rehashes an N=2^15 hash with the current parameters at the next successful sign-in, audited', async () => {
    const { service, db, audit, clerk } = await withClerk();
    db.prepare('UPDATE users SET password_hash = ? WHERE id = ?').run(oldHash('abcdefghij'), clerk.id);
    await expect(service.login('vanthu', 'wrong-password')).rejects.toMatchObject({ code: 'INVALID_CREDENTIALS' });
    const stored = () => (db.prepare('SELECT password_hash FROM users WHERE id = ?').get(clerk.id) as { password_hash: string }).password_hash;
    expect(scryptParametersOf(stored())?.n).toBe(2 ** 15);

    await service.login('vanthu', 'abcdefghij');
    expect(scryptParametersOf(stored())).toEqual({ n: 2 ** 17, r: 8, p: 1 });
    expect(await verifyPassword('abcdefghij', stored())).toBe(true);
    expect(audit.list(5).find((e) => e.action === 'account.password-rehashed')).toMatchObject({
      actor: 'vanthu',
      detail: { from: 'scrypt N=32768 r=8 p=1', to: 'scrypt N=131072 r=8 p=1' },
    });
    await service.login('vanthu', 'abcdefghij');
    expect(audit.list(20).filter((e) => e.action === 'account.password-rehashed')).toHaveLength(1);
  });
});
