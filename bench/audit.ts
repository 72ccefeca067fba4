// `npm run bench:audit`: verifying the audit log's hash chain at 100,000 rows.
//
//   Builds a temporary workstation database through the real migrations and appends the rows through
//   AuditLog.record (in transactions of 5,000, so that filling does not wait on 100,000 fsyncs; each
//   record still reads the chain's end, hashes and checks its row), with details the size the services
//   write. Then: a full verification (at open, `sohoa status`), an incremental one after 100 more rows
//   (the periodic check), and one with nothing new. Wall and CPU milliseconds of this process.
//
// `--rows N` for another size. Prints figures and a JSON line; asserts nothing: this is not a test.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { AuditLog } from '../main/accounts/audit-log';
import { AuditVerifier } from '../main/accounts/audit-verifier';
import { openDatabase } from '../main/storage/database';

const rowsArg = process.argv.indexOf('--rows');
const ROWS = rowsArg > 0 ? Number(process.argv[rowsArg + 1]) : 100_000;
const actor = { userId: null, name: 'cli:bench', user: null };

function timed<T>(work: () => T): { value: T; wallMs: number; cpuMs: number } {
  const cpu = process.cpuUsage();
  const start = performance.now();
  const value = work();
  const used = process.cpuUsage(cpu);
  return { value, wallMs: Math.round(performance.now() - start), cpuMs: Math.round((used.user + used.system) / 1000) };
}

const dir = mkdtempSync(path.join(os.tmpdir(), 'sohoa-bench-audit-'));
try {
  const db = openDatabase(path.join(dir, 'workstation.sqlite'));
  const audit = new AuditLog(db);
  const append = (count: number, from: number) => {
    for (let n = from; n < from + count; n++) {
      audit.record(actor, 'pages.import', `dossier:H49.64.33.2026.${n % 1000}`, { pagesAdded: n % 40, inputs: 1 + (n % 3), job: n });
    }
  };
  const fill = timed(() => {
    for (let at = 0; at < ROWS; at += 5000) db.transaction(() => append(Math.min(5000, ROWS - at), at))();
  });
  const verifier = new AuditVerifier(db, path.join(dir, 'audit-anchor.json'));
  const full = timed(() => verifier.verify({ mode: 'full', advance: true }));
  db.transaction(() => append(100, ROWS))();
  const incremental = timed(() => verifier.verify({ mode: 'incremental', advance: true }));
  const idle = timed(() => verifier.verify({ mode: 'incremental', advance: true }));
  db.close();

  const line = (name: string, t: { wallMs: number; cpuMs: number; value: { checked: number; intact: boolean } }) =>
    `${name.padEnd(34)} ${String(t.wallMs).padStart(6)} ms wall ${String(t.cpuMs).padStart(6)} ms CPU  (${t.value.checked} rows hashed, ${t.value.intact ? 'intact' : 'BROKEN'})`;
  process.stdout.write(`audit chain, ${ROWS} rows (filled in ${fill.wallMs} ms: ${Math.round((ROWS / fill.wallMs) * 1000)} records/s inside transactions)\n`);
  process.stdout.write(`${line('full verification', full)}\n${line('incremental, 100 new rows', incremental)}\n${line('incremental, nothing new', idle)}\n`);
  process.stdout.write(
    `${JSON.stringify({ rows: ROWS, fillMs: fill.wallMs, fullMs: full.wallMs, fullCpuMs: full.cpuMs, incrementalMs: incremental.wallMs, idleMs: idle.wallMs })}\n`,
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}
