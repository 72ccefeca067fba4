// `npm run bench:indexing`: how well auto-indexing reads a document's archival fields from its scans.
// A generated set of NĐ 30 documents (tests/support/nd30-generator.ts: every common type and issuer,
// công văn with V/v, one and two pages, marks, blank numbers and days, scanned at 300 and 200 dpi with
// a scanner's damage) and the nine real pages of vn-admin-real (truth: tests/support/real-page-truth.ts)
// are recognized by the workstation's own recognition (bench/indexing-pages.ts, cached on disk by image
// hash), read by the layout reader, and compared field by field with the truth.
//
// Exact match per field (NFC, spaces folded); an empty proposal counts as wrong where the truth has a
// value, and any proposal as wrong where the truth is empty. Subject also: characters right (1 − CER).
// Marks (secrecy, urgency) are scored on the generated set, the only one whose truth names them.
// Figures beside the issue's targets, not assertions. `--docs N` sets the generated set's size (≥ 40).
import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { LayoutPage, LayoutReading } from '../main/contract/metadata-proposals';
import { readDocumentLayout } from '../main/recognition/nd30-layout';
import { RecognitionPool } from '../main/recognition/recognition-pool';
import { characterErrorRate } from '../tests/support/cer';
import { nd30DocumentSet, scanNd30Document } from '../tests/support/nd30-generator';
import { REAL_PAGE_TRUTH } from '../tests/support/real-page-truth';
import { REAL_PAGES_DIR } from '../tests/support/temp-dir';
import { OCR_CACHE_DIR, recognizedPage } from './indexing-pages';

const FIELDS = ['typeName', 'codeNumber', 'codeNotation', 'issuedDate', 'place', 'organName', 'signerPosition', 'signerName', 'subject'] as const;
type Field = (typeof FIELDS)[number];
const TARGET: Record<Field, number> = {
  typeName: 95, codeNumber: 95, codeNotation: 95, issuedDate: 95, place: 95, organName: 95, signerPosition: 95, signerName: 95, subject: 85,
};
const SUBJECT_CHARACTERS_TARGET = 97;
const REAL_DPI = 200;

interface Case {
  id: string;
  set: 'generated' | 'real';
  truth: Record<Field | 'typeNamePrinted' | 'secrecy' | 'urgency', string | null>;
  pages: LayoutPage[];
}

const argument = (name: string): string | undefined => {
  const at = process.argv.indexOf(name);
  return at >= 0 ? process.argv[at + 1] : undefined;
};
const documentCount = Math.max(40, Number(argument('--docs') ?? 40));
const normal = (value: string | null | undefined): string => (value ?? '').normalize('NFC').replace(/\s+/g, ' ').trim();
const percent = (part: number, whole: number): number => (whole === 0 ? 100 : Math.round((1000 * part) / whole) / 10);

async function cases(pool: RecognitionPool): Promise<Case[]> {
  const all: Case[] = [];
  const generated = nd30DocumentSet({ seed: 15, count: documentCount });
  // Two documents at a time, one per worker.
  for (let i = 0; i < generated.length; i += 2) {
    await Promise.all(
      generated.slice(i, i + 2).map(async (doc) => {
        const pages: LayoutPage[] = [];
        for (const [n, scan] of (await scanNd30Document(doc)).entries()) pages.push({ ...(await recognizedPage(pool, scan.data, scan.dpi)), pageId: n + 1 });
        all.push({ id: `${doc.id} (${doc.dpi} dpi, ${doc.pages.length} p.)`, set: 'generated', truth: { ...doc.truth }, pages });
      }),
    );
  }
  await Promise.all(
    Object.entries(REAL_PAGE_TRUTH).map(async ([docId, truth]) => {
      const image = readFileSync(path.join(REAL_PAGES_DIR, `${docId}_p1.png`));
      all.push({ id: docId, set: 'real', truth: { ...truth, secrecy: null, urgency: null }, pages: [await recognizedPage(pool, image, REAL_DPI)] });
    }),
  );
  return all.sort((a, b) => a.set.localeCompare(b.set) || a.id.localeCompare(b.id));
}

interface Score {
  right: Record<Field, number>;
  subjectCharacters: number;
  subjectLength: number;
  count: number;
}

function score(list: readonly { c: Case; reading: LayoutReading }[]): Score {
  const right = Object.fromEntries(FIELDS.map((f) => [f, 0])) as Record<Field, number>;
  let errors = 0;
  let length = 0;
  for (const { c, reading } of list) {
    for (const field of FIELDS) if (normal(reading.proposals[field]?.value) === normal(c.truth[field])) right[field] += 1;
    const truth = normal(c.truth.subject);
    errors += Math.min(1, characterErrorRate(normal(reading.proposals.subject?.value), truth)) * truth.length;
    length += truth.length;
  }
  return { right, subjectCharacters: length === 0 ? 100 : Math.round(1000 * (1 - errors / length)) / 10, subjectLength: length, count: list.length };
}

const pool = new RecognitionPool({ cacheDir: path.join(os.tmpdir(), 'sohoa-bench-indexing-models'), size: 2 });
try {
  const started = Date.now();
  const all = await cases(pool);
  const readings = all.map((c) => ({ c, reading: readDocumentLayout(c.pages) }));
  console.log(`${all.length} documents recognized in ${Math.round((Date.now() - started) / 1000)} s (OCR cache: ${OCR_CACHE_DIR})`);
  const generated = readings.filter((r) => r.c.set === 'generated');
  const real = readings.filter((r) => r.c.set === 'real');
  const [both, gen, rea] = [score(readings), score(generated), score(real)];
  const cell = (s: Score, f: Field) => `${percent(s.right[f], s.count).toFixed(1).padStart(6)} %`;
  console.log(`\n${'field'.padEnd(16)}${'all'.padStart(9)}${'generated'.padStart(11)}${'real'.padStart(9)}   target`);
  for (const field of FIELDS) {
    const met = percent(both.right[field], both.count) >= TARGET[field] ? 'met' : 'BELOW';
    console.log(`${field.padEnd(16)}${cell(both, field)}${cell(gen, field).padStart(11)}${cell(rea, field)}   ≥ ${TARGET[field]} % exact  ${met}`);
  }
  const charsMet = both.subjectCharacters >= SUBJECT_CHARACTERS_TARGET ? 'met' : 'BELOW';
  console.log(`${'subject chars'.padEnd(16)}${`${both.subjectCharacters.toFixed(1)} %`.padStart(9)}${`${gen.subjectCharacters.toFixed(1)} %`.padStart(11)}${`${rea.subjectCharacters.toFixed(1)} %`.padStart(9)}   ≥ ${SUBJECT_CHARACTERS_TARGET} % right  ${charsMet}`);
  const marks = (key: 'secrecy' | 'urgency') => generated.filter(({ c, reading }) => normal(reading[key]?.mark) === normal(c.truth[key])).length;
  console.log(`${'secrecy mark'.padEnd(16)}${''.padStart(9)}${`${percent(marks('secrecy'), generated.length).toFixed(1)} %`.padStart(11)}`);
  console.log(`${'urgency mark'.padEnd(16)}${''.padStart(9)}${`${percent(marks('urgency'), generated.length).toFixed(1)} %`.padStart(11)}`);
  const printed = readings.filter(({ c }) => c.truth.typeName === 'Khác');
  console.log(`${'typeNamePrinted'.padEnd(16)}${`${percent(printed.filter(({ c, reading }) => normal(reading.proposals.typeNamePrinted?.value) === normal(c.truth.typeNamePrinted)).length, printed.length).toFixed(1)} %`.padStart(9)}   (of ${printed.length} «Khác» documents)`);
  console.log(`(${gen.count} generated documents, ${rea.count} real pages)`);
  if (process.argv.includes('--misses')) {
    for (const { c, reading } of readings) {
      for (const field of [...FIELDS, 'typeNamePrinted'] as const) {
        const got = normal(reading.proposals[field]?.value);
        if (got !== normal(c.truth[field])) console.log(`  ${c.id} ${field}: ${JSON.stringify(got || null)} ≠ ${JSON.stringify(c.truth[field])}`);
      }
    }
  }
} finally {
  await pool.close();
}
