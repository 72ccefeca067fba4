import { execFile, execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { realisticScan, realisticScanOfPrint } from '../support/page-generator';
import { renderedSheets } from '../support/separator-scans';
import { REAL_PAGES_DIR, REPO_ROOT, tempDir } from '../support/temp-dir';

const run = promisify(execFile);
type CommandFailure = { code: number; stdout: string; stderr: string };
let work: { dir: string; remove: () => void };

function sohoa(args: string[]) {
  return run(process.execPath, ['--import', 'tsx', path.join(REPO_ROOT, 'main/cli/sohoa.ts'), ...args], { cwd: REPO_ROOT, env: process.env, maxBuffer: 16 * 1024 * 1024 });
}

beforeAll(() => {
  work = tempDir('sohoa-separate-');
});
afterAll(() => work.remove());

const A = 'H49.64.33.2001.160';
const B = 'H49.64.33.2001.161';

describe('sohoa separators', () => {
  it('prints one A4 page per sheet, and refuses a dossier code the descriptor does not accept', async () => {
    const out = path.join(work.dir, 'to-phan-cach.pdf');
    const { stdout } = await sohoa(['separators', '--dossier', A, B, '--document-sheets', '1', '--patch-t', '2', '--out', out]);
    expect(stdout).toContain('(5 tờ)');
    const info = execFileSync('pdfinfo', [out], { encoding: 'utf8' });
    expect(info).toMatch(/Pages:\s+5/);
    expect(info).toMatch(/Page size:\s+595\.28 x 841\.89 pts \(A4\)/);
    expect(execFileSync('pdftotext', ['-f', '1', '-l', '1', out, '-'], { encoding: 'utf8' })).toContain(`TỜ PHÂN CÁCH HỒ SƠ ${A} — không số hóa`);

    const bad = path.join(work.dir, 'bad.pdf');
    const refused = (await sohoa(['separators', '--dossier', 'H49 64/33', '--out', bad]).catch((e: unknown) => e)) as CommandFailure;
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('«H49 64/33» không phải mã hồ sơ hợp lệ');
    expect(existsSync(bad)).toBe(false);
  });
});

describe('sohoa process --separate', () => {
  it('splits a scanned folder into dossiers and documents by its separator sheets and writes batch.json', async () => {
    const dpi = 200;
    const [sepA, sepB, patchT] = await renderedSheets([{ kind: 'dossier', fileCode: A }, { kind: 'dossier', fileCode: B }, { kind: 'patch-t' }], dpi);
    const folder = path.join(work.dir, 'lo-quet');
    mkdirSync(folder);
    const letter = (seed: number) => realisticScan({ seed, kind: 'letter', dpi });
    const batch = [
      await realisticScanOfPrint({ seed: 1, print: sepA!, dpi, paper: [250, 236, 150] }),
      await letter(2),
      await realisticScanOfPrint({ seed: 3, print: patchT!, dpi, turn: 180 }),
      await letter(4),
      await realisticScanOfPrint({ seed: 5, print: sepB!, dpi, skewDegrees: 3 }),
      await letter(6),
      // A dossier sheet whose QR code was torn away with most of its data: kept in the batch, flagged.
      await realisticScanOfPrint({
        seed: 7,
        print: sepB!,
        dpi,
        damage: (ctx, width, height) => {
          ctx.fillStyle = '#fff';
          ctx.fillRect(width * 0.45, height * 0.43, width * 0.105, height * 0.21);
          ctx.fillRect(width * 0.37, height * 0.51, width * 0.26, height * 0.05);
        },
      }),
      await letter(8),
      // A real decision with its NĐ 30 header and no separator before it: headless, a new document starts there, flagged.
      { data: readFileSync(path.join(REAL_PAGES_DIR, 'real_hanoi_tb_453_flag_p1.png')), extension: 'png' },
    ];
    batch.forEach((scan, i) => writeFileSync(path.join(folder, `trang-${i + 1}.${scan.extension}`), scan.data));
    const out = path.join(work.dir, 'ket-qua');

    const { stdout, stderr } = await sohoa(['process', folder, '--separate', '--out', out, '--json']);
    const summary = JSON.parse(stdout);
    const expected = {
      separatorPages: [1, 3, 5, 7],
      documents: [
        { fileCode: A, docId: `${A}.0000001`, pages: [2] },
        { fileCode: A, docId: `${A}.0000002`, pages: [4] },
        { fileCode: B, docId: `${B}.0000001`, pages: [6] },
        // Page 8 went on after the unreadable sheet, but it is a letter with its own header: a document of its own.
        { fileCode: B, docId: `${B}.0000002`, pages: [8] },
        { fileCode: B, docId: `${B}.0000003`, pages: [9] },
      ],
    };
    expect(JSON.parse(readFileSync(path.join(out, 'batch.json'), 'utf8'))).toEqual(expected);
    expect(summary.batch).toMatchObject(expected);
    // The unreadable sheet is flagged and said so: the page after it went on in the current document.
    expect(summary.batch.flags).toEqual([
      { code: 'unreadable-separator', position: 7, message: expect.stringContaining('các trang sau vẫn tiếp tục trong văn bản hiện tại') },
      { code: 'header-split', position: 8, message: expect.stringContaining('theo phần đầu văn bản') },
      { code: 'header-split', position: 9, message: expect.stringContaining('theo phần đầu văn bản') },
    ]);
    expect(stderr).toContain('Cần kiểm tra: Trang 7 giống tờ phân cách');

    // Each document's outputs as `sohoa process` writes them, its pages the batch's letters, no separator among them.
    for (const { docId, pages } of expected.documents) {
      expect(existsSync(path.join(out, docId, `${docId}.pdf`))).toBe(true);
      const record = JSON.parse(readFileSync(path.join(out, docId, `${docId}.json`), 'utf8'));
      expect(record.docId).toBe(docId);
      expect(record.pages.map((p: { source: string }) => p.source)).toEqual(pages.map((n) => `trang-${n}.${batch[n - 1]!.extension}`));
    }
    expect(summary.documents.map((d: { docId: string }) => d.docId)).toEqual(expected.documents.map((d) => d.docId));
  }, 600_000);
});
