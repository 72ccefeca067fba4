// A child process that imports one page, stores its recognition (the page's real words, recorded once by
// tests/support/record-real-page-words.ts), then starts the OCR job, whose start indexes the document: it prints `INDEXING` from inside
// the indexing transaction, after the proposals and the metadata are written and before the commit, and
// waits there to be killed with SIGKILL (tests/integration/auto-indexing-crash.test.ts). With `recognized`
// it prints `INDEXING` and waits as soon as the recognition is committed, before any job would index it.
import { readFileSync, writeSync } from 'node:fs';
import path from 'node:path';
import type { LayoutPage } from '../../main/contract/metadata-proposals';
import { Workstation } from '../../main/services/workstation';
import { REPO_ROOT } from './temp-dir';

const [dataDir, pageFile, mode] = process.argv.slice(2) as [string, string, string | undefined];
const actor = { userId: null, name: 'cli:crash-test', user: null };
const station = await Workstation.open({ dataDir, autoRecognize: false, ocrWorkers: 1 });
const batch = station.records.batchNamed('crash', null);
const dossier = station.records.createDossier(batch.id, 'CRASH.2026.21', 'crash test');
station.jobControl.startImport(actor, dossier.id, [pageFile]);
await station.jobs.idle();
const [page] = station.records.listPages(dossier.id);
if (!page) throw new Error('the page was not imported');
const recorded = JSON.parse(readFileSync(path.join(REPO_ROOT, 'tests/fixtures/real-page-words/real_hanoi_tb_453_flag.json'), 'utf8')) as LayoutPage;
const words = recorded.words.map(({ index: _index, ...word }) => word);
station.records.saveRecognition(page.id, { text: words.map((w) => w.text).join(' '), confidence: 90, words });
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
