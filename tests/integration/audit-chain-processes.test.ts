import { spawn } from 'node:child_process';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { AuditVerifier } from '../../main/accounts/audit-verifier';
import { openDatabase } from '../../main/storage/database';
import { REPO_ROOT, tempDir } from '../support/temp-dir';

const cleanups: Array<() => void> = [];
afterEach(() => cleanups.splice(0).forEach((f) => f()));

const ROWS_EACH = 300;

function appender(dataDir: string, name: string) {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(REPO_ROOT, 'tests/support/audit-append-child.ts'), dataDir, name, String(ROWS_EACH)], {
    cwd: REPO_ROOT,
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  cleanups.push(() => child.kill('SIGKILL'));
  let out = '';
  const seen = (word: string) =>
    new Promise<void>((resolve, reject) => {
      const check = () => (out.includes(word) ? resolve() : undefined);
      child.stdout.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        check();
      });
      child.once('exit', (code) => (out.includes(word) ? resolve() : reject(new Error(`${name} exited ${code} before ${word}: ${out}`))));
      check();
    });
  return { child, ready: seen('READY'), done: seen('DONE') };
}

describe('one audit chain, two processes', () => {
  it('two processes appending at the same time leave one intact chain with every row', async () => {
    const t = tempDir();
    cleanups.push(t.remove);
    // The schema is created first: the children only append.
    openDatabase(path.join(t.dir, 'workstation.sqlite')).close();
    const a = appender(t.dir, 'a');
    const b = appender(t.dir, 'b');
    await Promise.all([a.ready, b.ready]);
    a.child.stdin.write('GO\n');
    b.child.stdin.write('GO\n');
    await Promise.all([a.done, b.done]);

    const db = openDatabase(path.join(t.dir, 'workstation.sqlite'));
    cleanups.unshift(() => db.close());
    const result = new AuditVerifier(db, path.join(t.dir, 'audit-anchor.json')).verify({ mode: 'full', advance: false });
    expect(result).toMatchObject({ intact: true, rows: 2 * ROWS_EACH, checked: 2 * ROWS_EACH });
    const actors = db.prepare('SELECT actor, count(*) AS n FROM audit_log GROUP BY actor ORDER BY actor').all();
    expect(actors).toEqual([{ actor: 'cli:a', n: ROWS_EACH }, { actor: 'cli:b', n: ROWS_EACH }]);
    // They really interleaved: the writers took turns, not one after the other.
    const switches = db.prepare('SELECT count(*) FROM audit_log AS r JOIN audit_log AS p ON p.id = r.id - 1 WHERE p.actor <> r.actor').pluck().get() as number;
    expect(switches).toBeGreaterThan(1);
  }, 120_000);
});
