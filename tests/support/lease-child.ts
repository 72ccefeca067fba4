// A child process that holds a store beside the test: it writes files in its own temp folder (a staging
// file and a scan's work folder), queues one import per folder given, and after its first page commits
// stops dead (its event loop blocked, its heartbeat too) until the gate file exists, so the test can open
// other Workstations on the store or SIGKILL it mid-job. Prints `OWNER <owner> <tempDir>`, `JOB <id>`,
// `ACK <pageId>`, `HOLD`, `DONE`.
import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Workstation } from '../../main/services/workstation';

const [dataDir, gate, ...folders] = process.argv.slice(2) as [string, string, ...string[]];
const actor = { userId: null, name: 'cli:lease-test', user: null };
// A quick heartbeat: a cancel asked by another process is noticed soon after the gate opens.
const station = await Workstation.open({ dataDir, autoRecognize: false, ocrWorkers: 1, lease: { heartbeatMs: 200 } });
writeFileSync(path.join(station.tempDir, 'staging.tif'), 'staging');
const work = await station.blobs.workFolder();
writeFileSync(path.join(work, 'page-0001.tif'), 'rows of a page being scanned');
process.stdout.write(`OWNER ${station.lease.owner} ${station.tempDir}\n`);

const batch = station.records.batchNamed('lease', null);
const dossier = station.records.createDossier(batch.id, 'LEASE.2026.1', 'lease test');
for (const folder of folders) process.stdout.write(`JOB ${station.jobControl.startImport(actor, dossier.id, [folder]).id}\n`);

let last = 0;
let held = false;
const sleeper = new Int32Array(new SharedArrayBuffer(4));
station.events.on('dossier:changed', () => {
  for (const page of station.records.listPages(dossier.id)) {
    if (page.id <= last) continue;
    last = page.id;
    process.stdout.write(`ACK ${page.id}\n`);
  }
  if (held) return;
  held = true;
  process.stdout.write('HOLD\n');
  while (!existsSync(gate)) Atomics.wait(sleeper, 0, 0, 25);
});
await station.jobs.idle();
process.stdout.write('DONE\n');
await station.close();
