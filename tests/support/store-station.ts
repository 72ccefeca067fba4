// A workstation on a real data folder with a few real imported pages, for the store-safety tests.
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { commandLineActor } from '../../main/accounts/actor';
import type { DossierView } from '../../main/contract/domain';
import { Workstation, type WorkstationOptions } from '../../main/services/workstation';

export const actor = commandLineActor('tester');

/** Opens the data folder as the CLI does (jobs run, no automatic OCR), with an outbox beside it. */
export function openStation(dataDir: string, options: Partial<WorkstationOptions> = {}): Promise<Workstation> {
  return Workstation.open({ dataDir, outboxDir: path.join(path.dirname(dataDir), 'outbox'), autoRecognize: false, ocrWorkers: 1, ...options });
}

/** A folder of `count` small distinct PNG pages at 300 dpi (`tag` keeps folders of one test apart). */
export async function pageFolder(root: string, tag: string, count: number): Promise<string> {
  const folder = path.join(root, tag);
  mkdirSync(folder, { recursive: true });
  for (let i = 1; i <= count; i++) {
    const shade = (tag.charCodeAt(0) * 37 + i * 53) % 256;
    await sharp({ create: { width: 120 + i, height: 170, channels: 3, background: { r: shade, g: 255 - shade, b: (shade * 7) % 256 } } })
      .png()
      .withMetadata({ density: 300 })
      .toFile(path.join(folder, `trang-${i}.png`));
  }
  return folder;
}

/** Imports the folder as one document of the dossier `fileCode` (created when missing). */
export async function importFolder(station: Workstation, fileCode: string, folder: string): Promise<DossierView> {
  const dossier = station.records.dossierByCode(fileCode) ?? station.records.createDossier(station.records.batchNamed('Lô thử', null).id, fileCode, 'Hồ sơ thử');
  const job = station.jobControl.startImport(actor, dossier.id, [folder]);
  await station.jobs.idle();
  const done = station.jobs.get(job.id);
  if (done.state !== 'done') throw new Error(`import ${done.state}: ${JSON.stringify(done.error)}`);
  return station.records.dossier(dossier.id);
}

export function sha256Of(file: string): string {
  return createHash('sha256').update(readFileSync(file)).digest('hex');
}

/** Gives a page two recognized words, as OCR would. */
export function giveWords(station: Workstation, pageId: number, text = 'Điều khoản'): void {
  const words = text.split(' ').map((w, i) => ({ text: w, x0: 5 + i * 40, y0: 10, x1: 40 + i * 40, y1: 30, confidence: 91, line: 0 }));
  station.records.saveRecognition(pageId, { text, confidence: 91, words });
}
