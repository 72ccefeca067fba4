// A child process that imports a folder and prints `ACK <pageId> <sha256>` after each page row commits.
// The crash-safety tests kill it with SIGKILL at arbitrary moments. By default it starts the import only
// into a new store (a restart resumes the interrupted job); with `new-job` it starts the same import again
// each time, as a clerk retrying `sohoa import` does.
import { Workstation } from '../../main/services/workstation';

const [dataDir, folder, mode] = process.argv.slice(2) as [string, string, string | undefined];
const actor = { userId: null, name: 'cli:crash-test', user: null };
const station = await Workstation.open({ dataDir, autoRecognize: false, ocrWorkers: 1 });
let dossier = station.records.dossierByCode('CRASH.2026.1');
if (!dossier) {
  const batch = station.records.batchNamed('crash', null);
  dossier = station.records.createDossier(batch.id, 'CRASH.2026.1', 'crash test');
  station.jobControl.startImport(actor, dossier.id, [folder]);
} else if (mode === 'new-job') {
  station.jobControl.startImport(actor, dossier.id, [folder]);
}
// Only pages this run commits are acknowledged by it.
let last = Math.max(0, ...station.records.listPages(dossier.id).map((page) => page.id));
station.events.on('dossier:changed', () => {
  for (const page of station.records.listPages(dossier.id)) {
    if (page.id > last) {
      last = page.id;
      process.stdout.write(`ACK ${page.id} ${page.sha256}\n`);
    }
  }
});
process.stdout.write('READY\n');
await station.jobs.idle();
process.stdout.write('DONE\n');
await station.close();
