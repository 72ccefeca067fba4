// A child process that exports one document and, at the named step of replacing its set in the outbox,
// prints `STAGE <step>` and stops there until it is killed: the export crash test SIGKILLs it at each step.
import { Workstation } from '../../main/services/workstation';

const [dataDir, outboxDir, fileCode, stopAt] = process.argv.slice(2) as [string, string, string, string];
const station = await Workstation.open({ dataDir, autoRecognize: false, runJobs: false, ocrWorkers: 1 });
const dossier = station.records.dossierByCode(fileCode)!;
const document = station.records.listDocuments(dossier.id)[0]!;
await station.exporter.exportDocument(document.id, outboxDir, `${fileCode}.${document.ordinal}`, {
  onStage: async (stage) => {
    if (stage !== stopAt) return;
    process.stdout.write(`STAGE ${stage}\n`);
    await new Promise(() => {});
  },
});
process.stdout.write('DONE\n');
await station.close();
