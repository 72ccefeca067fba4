// Finding 7 of issue 12: an export killed (SIGKILL) between the files of a document's set. The outbox
// must hold the whole old set or the whole new one for the document, never a new PDF beside an old JSON,
// and the next export must finish or undo what the killed one left, with no temp file or staging folder.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commandLineActor } from '../../main/accounts/actor';
import { Workstation } from '../../main/services/workstation';
import { REPO_ROOT, tempDir } from '../support/temp-dir';

const actor = commandLineActor('tester');
const FILE_CODE = 'H49.64.33.2026.900';
const DOC_ID = `${FILE_CODE}.1`;
const SET = [`${DOC_ID}.001.alto.xml`, `${DOC_ID}.002.alto.xml`, `${DOC_ID}.json`, `${DOC_ID}.pdf`];
let work: { dir: string; remove: () => void };
let station: Workstation;
let outbox: string;
let dataDir: string;

beforeAll(async () => {
  work = tempDir('sohoa-export-crash-');
  dataDir = path.join(work.dir, 'data');
  outbox = path.join(work.dir, 'outbox');
  const folder = path.join(work.dir, 'ho-so');
  mkdirSync(folder);
  for (const n of [1, 2]) {
    await sharp({ create: { width: 300, height: 400, channels: 3, background: { r: 250, g: 240 - n * 20, b: 230 } } }).withDensity(150).png().toFile(path.join(folder, `trang-${n}.png`));
  }
  station = await Workstation.open({ dataDir, autoRecognize: false, ocrWorkers: 1, scanners: [] });
  const dossier = station.records.createDossier(station.records.createBatch('Lô', null).id, FILE_CODE, 'Hồ sơ');
  station.jobControl.startImport(actor, dossier.id, [folder]);
  await station.jobs.idle();
});
afterAll(async () => {
  await station.close();
  work.remove();
});

/** Gives every page the one word `word` as if recognized: each generation of the set carries its own. */
function recognizeAs(word: string): void {
  const dossier = station.records.dossierByCode(FILE_CODE)!;
  for (const page of station.records.listPages(dossier.id)) {
    station.records.saveRecognition(page.id, { text: word, confidence: 90, words: [{ text: word, x0: 20, y0: 20, x1: 200, y1: 60, confidence: 90, line: 0 }] });
  }
}

async function exportJob(): Promise<void> {
  const job = station.jobControl.startExport(actor, station.records.dossierByCode(FILE_CODE)!.id, outbox);
  await station.jobs.idle();
  expect(station.jobs.get(job.id)).toMatchObject({ state: 'done', warnings: [] });
}

/** The generation every file of the set in `dir` carries: throws if the set is partial or mixed. */
function generationOf(dir: string): string {
  expect(readdirSync(dir).sort()).toEqual(SET);
  const record = JSON.parse(readFileSync(path.join(dir, `${DOC_ID}.json`), 'utf8')) as { pages: Array<{ text: string }> };
  const generation = record.pages[0]!.text;
  expect(record.pages.map((p) => p.text)).toEqual([generation, generation]);
  for (const alto of SET.filter((f) => f.endsWith('.alto.xml'))) expect(readFileSync(path.join(dir, alto), 'utf8')).toContain(`CONTENT="${generation}"`);
  const text = execFileSync('pdftotext', ['-enc', 'UTF-8', path.join(dir, `${DOC_ID}.pdf`), '-']).toString();
  expect(text.match(new RegExp(generation, 'g'))).toHaveLength(2);
  return generation;
}

/** Runs the export in a child process and SIGKILLs it when it reports reaching `stage`. */
function exportKilledAt(stage: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(REPO_ROOT, 'tests/support/export-child.ts'), dataDir, outbox, FILE_CODE, stage], {
      cwd: REPO_ROOT,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes(`STAGE ${stage}\n`)) child.kill('SIGKILL');
    });
    child.on('error', reject);
    child.on('exit', (_code, signal) => (signal === 'SIGKILL' ? resolve() : reject(new Error(`export child ended without reaching ${stage}: ${out}`))));
  });
}

describe('an export killed between the files of a set', () => {
  it.each([`staged:${DOC_ID}.pdf`, `staged:${DOC_ID}.json`, `staged:${DOC_ID}.001.alto.xml`, 'staged', 'aside', 'swapped'])(
    'killed at %s: the outbox holds the whole old set or the whole new one; the next export leaves no temp',
    async (stage) => {
      recognizeAs('CU');
      await exportJob();
      expect(generationOf(path.join(outbox, DOC_ID))).toBe('CU');

      recognizeAs('MOI');
      await exportKilledAt(stage);
      const current = path.join(outbox, DOC_ID);
      const leftovers = readdirSync(outbox).filter((name) => name.startsWith('.'));
      if (existsSync(current)) {
        // Before the swap the old set is there, after it the new one: whole either way.
        expect(generationOf(current)).toBe(stage === 'swapped' ? 'MOI' : 'CU');
      } else {
        // Only between the two renames is there no folder: the old set waits whole beside, to be put back.
        expect(stage).toBe('aside');
        const aside = leftovers.find((name) => name.endsWith('.old'))!;
        expect(generationOf(path.join(outbox, aside))).toBe('CU');
      }
      expect(leftovers.length).toBeGreaterThan(0);

      recognizeAs('MOI2');
      await exportJob();
      expect(readdirSync(outbox)).toEqual([DOC_ID]);
      expect(generationOf(current)).toBe('MOI2');
      expect(station.records.listDocuments(station.records.dossierByCode(FILE_CODE)!.id)[0]!).toMatchObject({ state: 'recognized', changedSinceExport: false });
    },
  );

  it('a killed export is rolled back by the next export even when that one refuses the document', async () => {
    recognizeAs('CU');
    await exportJob();
    recognizeAs('MOI');
    await exportKilledAt('aside');
    expect(existsSync(path.join(outbox, DOC_ID))).toBe(false);
    // The next export of the outbox puts the old set back before anything else; a refused document is not rewritten.
    const dossier = station.records.dossierByCode(FILE_CODE)!;
    station.records.setPageState(station.records.listPages(dossier.id)[0]!.id, 'imported');
    const job = station.jobControl.startExport(actor, dossier.id, outbox);
    await station.jobs.idle();
    expect(station.jobs.get(job.id).warnings.map((w) => w.code)).toEqual(['EXPORT_NOT_RECOGNIZED']);
    expect(readdirSync(outbox)).toEqual([DOC_ID]);
    expect(generationOf(path.join(outbox, DOC_ID))).toBe('CU');
  });
});
