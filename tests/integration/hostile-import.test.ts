// Issue 12, finding 2: hostile files are refused, bounded and explained. The generated corpus (bombs by
// header and by content, truncated and mislabelled files, encrypted and attachment PDFs, extreme sizes and
// resolutions, hostile names, two ordinary pages) is imported and recognized by a child process, as
// `sohoa import` would do it.
//
// Memory: an address-space cap (prlimit --as) cannot be used — V8 and WebAssembly reserve gigabytes of
// address space they never touch — and a data cap (RLIMIT_DATA) of 1.5 GB cannot either, since loading
// @napi-rs/canvas alone reserves about 1 GB of writable but untouched memory. So the child's peak
// resident memory (VmHWM, reset after each file) is measured and asserted under 1.5 GB, and RLIMIT_DATA
// is set at 3 GB only as a backstop: a bomb decoded by mistake then fails fast (and shows as a crash)
// instead of taking the machine's memory. The child runs the TypeScript sources through tsx, whose
// transform of pdfjs adds some 300 MB that the bundled app does not pay.
import { execFile } from 'node:child_process';
import { mkdirSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expandInput } from '../../main/capture/page-image-reader';
import type { JobView, PageState } from '../../main/contract/domain';
import { writeHostileCorpus, type CorpusEntry } from '../support/hostile-corpus';
import { REPO_ROOT, tempDir } from '../support/temp-dir';

const LIMIT_KIB = 1.5 * 1024 * 1024;
const BACKSTOP_BYTES = 3 * 1024 ** 3;

interface ChildRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

function runChild(args: string[], env: NodeJS.ProcessEnv): Promise<ChildRun> {
  return new Promise((resolve) => {
    execFile(
      'prlimit',
      [`--data=${BACKSTOP_BYTES}`, process.execPath, '--import', 'tsx', path.join(REPO_ROOT, 'tests/support/hostile-import-child.ts'), ...args],
      { cwd: REPO_ROOT, env, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const failure = error as (Error & { code?: number; signal?: NodeJS.Signals }) | null;
        resolve({ code: failure ? (failure.code ?? null) : 0, signal: failure?.signal ?? null, stdout, stderr });
      },
    );
  });
}

let work: { dir: string; remove: () => void };
let corpus: CorpusEntry[];
let order: string[];
let run: ChildRun;
let childTmp: string;
let dataDir: string;

beforeAll(async () => {
  work = tempDir('sohoa-hostile-');
  const folder = path.join(work.dir, 'ho-so-doc-hai');
  mkdirSync(folder);
  corpus = await writeHostileCorpus(folder);
  order = (await expandInput(folder)).map((f) => f.name);
  // The child's own temp folder, so that anything it leaves in os.tmpdir() is seen here.
  childTmp = path.join(work.dir, 'tmp');
  mkdirSync(childTmp);
  dataDir = path.join(work.dir, 'data');
  run = await runChild([dataDir, folder], { ...process.env, TMPDIR: childTmp });
}, 300_000);

afterAll(() => work.remove());

describe('importing the hostile corpus', () => {
  it('refuses every hostile file clearly, imports the rest, crashes on none and stays under 1.5 GB', () => {
    const lines = run.stdout.split('\n');
    const peaks = new Map(lines.filter((l) => l.startsWith('FILE ')).map((l) => l.split(' ')).map(([, index, kib]) => [order[Number(index)]!, Number(kib)]));
    const ocrPeak = Number(lines.find((l) => l.startsWith('OCR '))?.split(' ')[1] ?? NaN);
    const resultLine = lines.find((l) => l.startsWith('RESULT '));
    const result = resultLine ? (JSON.parse(resultLine.slice('RESULT '.length)) as { jobs: JobView[]; pages: Array<{ source: string; state: PageState }> }) : null;
    const warnings = result?.jobs.flatMap((job) => job.warnings) ?? [];
    const crashed = run.code !== 0 || run.signal !== null || result === null;

    const rows = corpus.map((entry) => {
      const warning = warnings.find((w) => w.subject === entry.name);
      const pages = result?.pages.filter((p) => p.source === entry.name || p.source.startsWith(`${entry.name}#`)) ?? [];
      const expected = entry.expect;
      const refusedClearly =
        'refused' in expected
          ? warning?.code === expected.refused && warning.message.includes(`«${entry.name}`) && pages.length === 0
          : pages.length === expected.pages &&
            (expected.warning === undefined || (warning?.code === expected.warning && warning.message.includes(`«${entry.name}`))) &&
            pages.every((p) => p.state === (expected.recognized ? 'recognized' : 'failed'));
      const lost = 'refused' in expected ? (warning ? 0 : 1) : expected.pages - pages.length;
      return { entry, warning, pages, refusedClearly, lost, peak: peaks.get(entry.name) };
    });

    const table = [
      'tệp | loại | kết quả | từ chối rõ ràng | sập | bộ nhớ đỉnh | mất',
      ...rows.map((r) =>
        [
          JSON.stringify(r.entry.name).slice(0, 48),
          r.entry.what,
          r.warning ? r.warning.code : `${r.pages.length} trang ${r.pages.map((p) => p.state).join(',')}`,
          r.refusedClearly ? 'có' : 'KHÔNG',
          crashed ? 'SẬP' : 'không',
          r.peak === undefined ? '?' : `${Math.round(r.peak / 1024)} MB`,
          r.lost,
        ].join(' | '),
      ),
      `nhận dạng (cả hồ sơ) | | | | ${crashed ? 'SẬP' : 'không'} | ${Math.round(ocrPeak / 1024)} MB |`,
    ];
    process.stdout.write(`\n${table.join('\n')}\n`);

    expect(run.stderr).not.toMatch(/bad_alloc|double free|Aborted|FATAL ERROR/);
    expect(crashed, run.stderr).toBe(false);
    expect(peaks.size).toBe(order.length);
    for (const row of rows) expect({ file: row.entry.name, refusedClearly: row.refusedClearly, lost: row.lost }).toEqual({ file: row.entry.name, refusedClearly: true, lost: 0 });
    // Every warning names a file of the corpus and is in Vietnamese.
    for (const warning of warnings) {
      expect(corpus.map((e) => e.name)).toContain(warning.subject);
      expect(warning.message).toMatch(/[ạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹđ]/);
    }
    for (const [name, kib] of peaks) expect({ name, underLimit: kib < LIMIT_KIB }).toEqual({ name, underLimit: true });
    expect(ocrPeak).toBeLessThan(LIMIT_KIB);
    // No page was left half-read, and recognition went on past the pages it could not read.
    expect(result!.pages.some((p) => p.state === 'recognizing' || p.state === 'imported')).toBe(false);
    expect(result!.jobs.map((j) => [j.kind, j.state])).toEqual(expect.arrayContaining([['import', 'done'], ['ocr', 'done']]));
  });

  it('leaves no staging file in the data folder nor in the system temp folder', () => {
    const staging = path.join(dataDir, 'pages', 'tmp', 'staging');
    expect(readdirOrEmpty(staging)).toEqual([]);
    // tsx keeps its compile cache there; nothing of the workstation's may be left beside it.
    expect(readdirOrEmpty(childTmp).filter((name) => !name.startsWith('tsx-'))).toEqual([]);
  });
});

function readdirOrEmpty(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}
