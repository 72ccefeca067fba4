import { afterEach, describe, expect, it } from 'vitest';
import { storeBefore } from '../../support/temp-database';

const cleanups: Array<() => void> = [];
afterEach(() => cleanups.splice(0).forEach((f) => f()));

describe('migration 011 (sign-in lock-out)', () => {
  it('starts existing accounts unlocked with no failures, and refuses negative counts', () => {
    const { db, upgrade } = storeBefore(11, cleanups);
    db.exec("INSERT INTO users (username, full_name, role, password_hash, created_at) VALUES ('vanthu', 'Trần Thị B', 'clerk', 'scrypt$32768$8$1$a$b', 't')");
    upgrade();
    expect(db.prepare('SELECT failed_logins, lock_count, locked_until FROM users').get()).toEqual({ failed_logins: 0, lock_count: 0, locked_until: null });
    db.prepare("UPDATE users SET failed_logins = 5, lock_count = 1, locked_until = '2026-03-02T08:15:00.000Z'").run();
    expect(() => db.prepare('UPDATE users SET failed_logins = -1').run()).toThrow(/CHECK/);
    expect(() => db.prepare("UPDATE users SET locked_until = 'soon'").run()).toThrow(/CHECK/);
  });
});
