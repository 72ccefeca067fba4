import type { Migration } from './migration';

// Sign-in throttling: each account counts its failed sign-ins since the last success; after too many it
// is locked until `locked_until` (ISO time). `lock_count` is how many times it was locked since its last
// success or unlock, so that each further lock lasts longer. Accounts before this migration start clean.
export const migration011: Migration = {
  version: 11,
  name: 'sign-in-lockout',
  up: `
    ALTER TABLE users ADD COLUMN failed_logins INTEGER NOT NULL DEFAULT 0 CHECK (failed_logins >= 0);
    ALTER TABLE users ADD COLUMN lock_count INTEGER NOT NULL DEFAULT 0 CHECK (lock_count >= 0);
    ALTER TABLE users ADD COLUMN locked_until TEXT CHECK (locked_until IS NULL OR length(locked_until) BETWEEN 20 AND 30);
  `,
};
