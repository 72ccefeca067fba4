// `npm run bench:capture`: how fast pages reach the page store from a scanner, and how much memory a
// huge page costs, with the real SANE test scanner (the project's tests/fixtures/sane configuration).
//
//   A4 300 dpi colour from the ADF (10 sheets), through the Workstation's scan job into a real store:
//   pages per minute, from the job's start to its last committed page.
//   A0 600 dpi colour (19,866 × 28,087 px, 1.67 GB of RGB) streamed to disk and encoded to PNG: time and
//   peak memory of this process (VmHWM). The page never becomes one JavaScript buffer.
//   A hand-scanner page (length unknown until its end) through the same path.
//
// Prints one line per figure and a JSON line at the end. Figures, not assertions: this is not a test.
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { commandLineActor } from '../main/accounts/actor';
import { SaneSource } from '../main/capture/sane/sane-source';
import { paperSizeMm } from '../main/capture/paper-sizes';
import type { ScanSettings } from '../main/capture/scanner-source';
import { Workstation } from '../main/services/workstation';

const here = path.dirname(fileURLToPath(import.meta.url));
process.env.SANE_CONFIG_DIR ??= path.join(here, '..', 'tests', 'fixtures', 'sane');

function peakRssMb(): number {
  const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'));
  return match ? Math.round(Number(match[1]) / 1024) : Math.round(process.memoryUsage().rss / 2 ** 20);
}

async function a4PagesPerMinute(): Promise<{ pages: number; seconds: number; pagesPerMinute: number; megabytesPerPage: number }> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'sohoa-bench-'));
  const station = await Workstation.open({ dataDir, autoRecognize: false, scanners: [new SaneSource()] });
  try {
    const actor = commandLineActor('bench');
    const dossier = station.records.createDossier(station.records.createBatch('Bench', null).id, 'BENCH.2026.1', 'Bench');
    const profile = station.profiles.save(actor, null, { name: 'A4 ADF 300 dpi', recordKind: 'document', source: 'adf', colorMode: 'color', resolution: 300, paperSize: 'A4', widthMm: 210, heightMm: 297, deviceOptions: { 'test-picture': 'Color pattern' } });
    const started = performance.now();
    const job = station.jobControl.startScan(actor, { dossierId: dossier.id, deviceId: 'sane:test:0', profileId: profile.id, documentId: null, placement: { kind: 'append' } });
    await station.jobs.idle();
    const seconds = (performance.now() - started) / 1000;
    const done = station.jobs.get(job.id);
    if (done.state !== 'done') throw new Error(`scan job ended ${done.state}: ${done.error?.messageEn ?? ''}`);
    const pages = done.done;
    const bytes = station.records.listPages(dossier.id).reduce((n, p) => n + p.bytes, 0);
    return { pages, seconds: round(seconds), pagesPerMinute: round((pages / seconds) * 60), megabytesPerPage: round(bytes / pages / 2 ** 20) };
  } finally {
    await station.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function onePage(settings: ScanSettings, deviceOptions: Record<string, string | number | boolean>) {
  const workDir = mkdtempSync(path.join(os.tmpdir(), 'sohoa-bench-page-'));
  try {
    const started = performance.now();
    for await (const page of new SaneSource().scan({ deviceId: 'sane:test:1', settings, workDir, signal: new AbortController().signal, deviceOptions })) {
      return { width: page.width, height: page.height, seconds: round((performance.now() - started) / 1000), pngMegabytes: round(statSync(page.file).size / 2 ** 20), peakRssMb: peakRssMb() };
    }
    throw new Error('no page');
  } finally {
    rmSync(workDir, { recursive: true, force: true });
  }
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}

const a4 = await a4PagesPerMinute();
console.log(`A4 300 dpi colour, ADF, into the store: ${a4.pages} pages in ${a4.seconds} s = ${a4.pagesPerMinute} pages/min (${a4.megabytesPerPage} MB PNG per page)`);
const hand = await onePage({ source: 'flatbed', colorMode: 'color', resolution: 600, widthMm: 841, heightMm: null }, { 'hand-scanner': true, 'test-picture': 'Color pattern' });
console.log(`Hand-scanner page (length unknown until the end), 600 dpi: ${hand.width} × ${hand.height} px in ${hand.seconds} s`);
const a0Size = paperSizeMm('A0');
const a0 = await onePage({ source: 'flatbed', colorMode: 'color', resolution: 600, widthMm: a0Size.widthMm, heightMm: a0Size.heightMm }, { 'test-picture': 'Color pattern' });
console.log(`A0 600 dpi colour: ${a0.width} × ${a0.height} px (${round((a0.width * a0.height * 3) / 2 ** 30)} GiB raw) in ${a0.seconds} s, PNG ${a0.pngMegabytes} MB, peak RSS of the process ${a0.peakRssMb} MB`);
console.log(JSON.stringify({ a4, handScanner: hand, a0 }));
