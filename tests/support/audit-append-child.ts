// A child process that appends audit rows to a store's database, for the test of several processes writing
// one audit chain. It waits for "GO" on stdin so that both children start together, and pauses a moment
// between rows as a working process does, so that the writers take turns instead of one draining first.
import path from 'node:path';
import { AuditLog } from '../../main/accounts/audit-log';
import { openDatabase } from '../../main/storage/database';

const [dataDir, name, count] = process.argv.slice(2) as [string, string, string];
const db = openDatabase(path.join(dataDir, 'workstation.sqlite'));
const audit = new AuditLog(db);
process.stdout.write('READY\n');
process.stdin.once('data', async () => {
  for (let n = 1; n <= Number(count); n++) {
    audit.record({ userId: null, name: `cli:${name}`, user: null }, 'batch.create', `${name}:${n}`, { name: `Lô ${n}` });
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
  db.close();
  process.stdout.write('DONE\n');
  process.exit(0);
});
