// A child process that imports one page, stores its recognition (the words of a real transcription,
// laid out), then starts the OCR job, whose start indexes the document: it prints `INDEXING` from inside
// the indexing transaction, after the proposals and the metadata are written and before the commit, and
// waits there to be killed with SIGKILL (tests/integration/auto-indexing-crash.test.ts). With `recognized`
// it prints `INDEXING` and waits as soon as the recognition is committed, before any job would index it.
import { writeSync } from 'node:fs';
import { Workstation } from '../../main/services/workstation';
import { layOutText, realTranscriptions } from './laid-out-words';

const [dataDir, pageFile, mode] = process.argv.slice(2) as [string, string, string | undefined];
const actor = { userId: null, name: 'cli:crash-test', user: null };
const station = await Workstation.open({ dataDir, autoRecognize: false, ocrWorkers: 1 });
const batch = station.records.batchNamed('crash', null);
const dossier = station.records.createDossier(batch.id, 'CRASH.2026.21', 'crash test');
station.jobControl.startImport(actor, dossier.id, [pageFile]);
await station.jobs.idle();
const [page] = station.records.listPages(dossier.id);
if (!page) throw new Error('the page was not imported');
const text = realTranscriptions().get('real_hanoi_tb_453_flag')!;
station.records.saveRecognition(page.id, { text, confidence: 90, words: layOutText(text) });
const waitToBeKilled = (documentId: number) => {
  writeSync(1, `INDEXING ${documentId}\n`);
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0);
};
if (mode === 'recognized') waitToBeKilled(page.documentId);

const lifecycle = station.records.lifecycle;
const follow = lifecycle.follow.bind(lifecycle);
lifecycle.follow = (documentId, transition) => {
  if (transition === 'index') waitToBeKilled(documentId);
  return follow(documentId, transition);
};
station.jobControl.startRecognition(actor, dossier.id);
await station.jobs.idle();
writeSync(1, 'DONE\n');
