// A child process that imports a folder into a new dossier and recognizes it, as `sohoa import` does,
// printing after each file `FILE <index> <peak KiB>` — the peak resident memory (VmHWM) while that file
// was read, the peak being reset after each — then `OCR <peak KiB>` and one `RESULT <json>` line.
// The hostile-input test runs it under a memory limit and reads its lines.
import { readFileSync, writeFileSync } from 'node:fs';
import { Workstation } from '../../main/services/workstation';

const [dataDir, folder] = process.argv.slice(2) as [string, string];
const actor = { userId: null, name: 'cli:hostile-test', user: null };

function peakKiB(): number {
  return Number(/VmHWM:\s+(\d+)/.exec(readFileSync('/proc/self/status', 'utf8'))?.[1] ?? 0);
}

/** From now on VmHWM is the peak since this call (Linux ≥ 4.0: writing 5 to clear_refs resets it). */
function resetPeak(): void {
  writeFileSync('/proc/self/clear_refs', '5');
}

const station = await Workstation.open({ dataDir, ocrWorkers: 1, autoRecognize: true });
const batch = station.records.batchNamed('hostile', null);
const dossier = station.records.createDossier(batch.id, 'H49.64.33.2026.12', 'hostile corpus');
let filesDone = 0;
station.jobs.on('progress', (job) => {
  if (job.kind !== 'import' || job.done <= filesDone) return;
  for (; filesDone < job.done; filesDone++) process.stdout.write(`FILE ${filesDone} ${peakKiB()}\n`);
  resetPeak();
});
resetPeak();
const importJob = station.jobControl.startImport(actor, dossier.id, [folder]);
// The import queues recognition of what it stored; idle() waits for both.
let importDone = false;
station.jobs.on('progress', (job) => {
  if (job.id !== importJob.id || importDone || (job.state !== 'done' && job.state !== 'failed')) return;
  importDone = true;
  resetPeak();
});
await station.jobs.idle();
process.stdout.write(`OCR ${peakKiB()}\n`);
const jobs = station.jobs.list().filter((job) => job.dossierId === dossier.id);
const pages = station.records.listPages(dossier.id).map((page) => ({ source: page.source, state: page.state, width: page.width, height: page.height, dpi: page.dpi }));
await station.close();
process.stdout.write(`RESULT ${JSON.stringify({ jobs, pages })}\n`);
