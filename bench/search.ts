// `npm run bench:search`: full-text search over 100,000 pages of recognized Vietnamese text.
//
//   Builds a temporary workstation database through the real migrations: 1,000 dossiers of 5 documents
//   of 20 pages, each page ~300 words made from the lines of the nine real administrative documents in
//   /work/shared/datasets/vn-admin-real (ground-truth.jsonl) with variation — other numbers and dates, other
//   communes, hamlets, people and subjects, and OCR-like damage (a word's marks lost, đ read as d) on a
//   few words — and every page's OCR words with boxes, as recognition stores them.
//   Indexing: the pages' text is written as recognition writes it (UPDATE pages SET text), so its time is
//   that of the FTS5 triggers of migration 006.
//   Queries, each kind several times through PageSearch (ranking, then snippets and word boxes of the
//   first 20 hits; the IPC hop is not included): folded common and rare words, exact diacritics, quoted
//   phrases, a last word being typed (prefix), scoped to a dossier and to a batch. p50 / p95 / max in
//   milliseconds of wall time per kind, and p50 of this process's CPU time (the machine may be shared).
//
// `--pages N` for another size. Prints figures and a JSON line; asserts nothing: this is not a test.
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PageSearch, type SearchScope } from '../main/search/page-search';
import { ftsExpression, parseSearchQuery } from '../main/search/search-query';
import { foldText } from '../main/search/text-folding';
import { Records } from '../main/services/records';
import { openDatabase, type Db } from '../main/storage/database';
import { REPO_ROOT } from '../tests/support/temp-dir';

const pagesArg = process.argv.indexOf('--pages');
const PAGES = pagesArg > 0 ? Number(process.argv[pagesArg + 1]) : 100_000;
const PAGES_PER_DOCUMENT = 20;
const DOCUMENTS_PER_DOSSIER = 5;
const DOSSIERS_PER_BATCH = 100;
const RUNS = 15;

const GROUND_TRUTH = path.resolve(REPO_ROOT, '../shared/datasets/vn-admin-real/ground-truth.jsonl');

// Seeded, so that every run searches the same corpus.
let seed = 0x5eed;
function random(): number {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
const between = (lo: number, hi: number) => lo + Math.floor(random() * (hi - lo + 1));

const REAL_LINES = readFileSync(GROUND_TRUTH, 'utf8')
  .split('\n')
  .filter((l) => l.trim() !== '')
  .flatMap((l) => (JSON.parse(l) as { text: string }).text.split('\n'))
  .map((l) => l.trim())
  .filter((l) => l.length > 0);

const COMMUNES = [
  'Tân Trào', 'Nà Hang', 'Hòa Bình', 'Kim Sơn', 'Yên Thế', 'Đông Anh', 'Sóc Sơn', 'Ba Vì', 'Thạch Thất', 'Quốc Oai',
  'Phúc Thọ', 'Đan Phượng', 'Mê Linh', 'Thanh Oai', 'Ứng Hòa', 'Mỹ Đức', 'Phú Xuyên', 'Thường Tín', 'Chương Mỹ', 'Gia Lâm',
  'Hương Sơn', 'Cẩm Giàng', 'Thuận Thành', 'Gia Bình', 'Lương Tài', 'Quế Võ', 'Tiên Du', 'Yên Phong', 'Từ Sơn', 'Đình Bảng',
];
// Hamlets of the northern highlands: 100 names, each on a few hundred pages (the rare words).
const HAMLET_FIRST = ['Nà', 'Pác', 'Khuổi', 'Lũng', 'Phìn', 'Sín', 'Cốc', 'Tà', 'Mường', 'Hua'];
const HAMLET_SECOND = ['Pồng', 'Mạ', 'Chải', 'Vài', 'Lìn', 'Hẩu', 'Khoang', 'Nưa', 'Tỉnh', 'Luông'];
const SURNAMES = ['Nguyễn', 'Trần', 'Lê', 'Phạm', 'Hoàng', 'Huỳnh', 'Phan', 'Vũ', 'Võ', 'Đặng', 'Bùi', 'Đỗ', 'Hồ', 'Ngô', 'Dương', 'Lý'];
const MIDDLE = ['Văn', 'Thị', 'Hữu', 'Đức', 'Minh', 'Thanh', 'Quốc', 'Ngọc', 'Xuân', 'Thu', 'Hoài', 'Đình'];
const GIVEN = ['An', 'Bình', 'Cường', 'Dũng', 'Đạt', 'Giang', 'Hà', 'Hải', 'Hạnh', 'Hùng', 'Hương', 'Khánh', 'Lan', 'Linh', 'Long', 'Mai', 'Nam', 'Nga', 'Phong', 'Quân', 'Sơn', 'Tâm', 'Thảo', 'Trang', 'Tuấn', 'Việt', 'Yến'];
const SUBJECTS = [
  'giao đất, cho thuê đất', 'thu hồi đất để thực hiện dự án', 'cấp giấy chứng nhận quyền sử dụng đất', 'bồi thường, hỗ trợ và tái định cư',
  'điều chỉnh quy hoạch sử dụng đất', 'giải quyết tranh chấp đất đai', 'phê duyệt kế hoạch sử dụng đất năm', 'xử phạt vi phạm hành chính trong lĩnh vực đất đai',
  'đăng ký biến động đất đai', 'công nhận kết quả bầu cử', 'kiện toàn Ban chỉ đạo', 'phân bổ dự toán ngân sách', 'tổ chức lễ hội truyền thống',
  'phòng, chống thiên tai', 'cải cách thủ tục hành chính', 'chuyển đổi số trong cơ quan nhà nước', 'tuyển dụng công chức cấp xã',
];

/** Damage OCR does to a few words: the marks lost, or đ read as d. */
function damaged(word: string): string {
  const r = random();
  if (r < 0.015) return foldText(word);
  if (r < 0.025) return word.replace(/đ/g, 'd').replace(/Đ/g, 'D');
  return word;
}

function varied(line: string): string {
  return line
    .replace(/\d+/g, (digits) => String(between(1, digits.length > 2 ? 2026 : 31)))
    .split(' ')
    .map(damaged)
    .join(' ');
}

function pageText(): string {
  const lines: string[] = [];
  const target = between(260, 360);
  let words = 0;
  if (random() < 0.3) lines.push(`Thôn ${pick(HAMLET_FIRST)} ${pick(HAMLET_SECOND)}, xã ${pick(COMMUNES)}`);
  while (words < target) {
    const r = random();
    const line =
      r < 0.06
        ? `Về việc ${pick(SUBJECTS)} tại xã ${pick(COMMUNES)}`
        : r < 0.1
          ? `${pick(SURNAMES)} ${pick(MIDDLE)} ${pick(GIVEN)}, ${pick(['Chủ tịch', 'Phó Chủ tịch', 'Trưởng phòng', 'Cán bộ địa chính'])} xã ${pick(COMMUNES)}`
          : pick(REAL_LINES);
    const text = varied(line);
    lines.push(text);
    words += text.split(' ').length;
  }
  return lines.join('\n');
}

type WordRow = [text: string, x0: number, y0: number, x1: number, y1: number, confidence: number, line: number];

/** OCR words of a page: its text split at spaces, laid out in lines, confidences mostly high. */
function wordsOf(text: string): WordRow[] {
  const out: WordRow[] = [];
  text.split('\n').forEach((line, lineNo) => {
    let x = 120;
    for (const word of line.split(' ').filter(Boolean)) {
      const width = 14 * word.length + 8;
      const y = 140 + lineNo * 52;
      out.push([word, x, y, x + width, y + 38, random() < 0.06 ? between(20, 59) : between(60, 97), lineNo]);
      x += width + 16;
    }
  });
  return out;
}

function build(db: Db): { rowsSeconds: number; indexSeconds: number } {
  const now = new Date().toISOString();
  const sha = 'a'.repeat(64);
  const insertBatch = db.prepare('INSERT INTO batches (name, created_at) VALUES (?, ?)');
  const insertDossier = db.prepare('INSERT INTO dossiers (batch_id, file_code, title, created_at) VALUES (?, ?, ?, ?)');
  const insertDocument = db.prepare('INSERT INTO documents (dossier_id, ordinal, source, created_at, updated_at) VALUES (?, ?, ?, ?, ?)');
  const insertPage = db.prepare(
    `INSERT INTO pages (document_id, ordinal, sha256, format, width, height, dpi, bytes, source, state, confidence, created_at)
     VALUES (?, ?, ?, 'png', 2480, 3508, 300, 1, ?, 'recognized', 88, ?)`,
  );
  const insertWord = db.prepare('INSERT INTO words (page_id, idx, text, x0, y0, x1, y1, confidence, line) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)');
  const setText = db.prepare('UPDATE pages SET text = ? WHERE id = ?');

  let rowsMs = 0;
  let indexMs = 0;
  const perTransaction = 2000;
  let made = 0;
  let batchId = 0;
  let dossierNo = 0;
  while (made < PAGES) {
    const chunk: Array<{ pageId: number; text: string }> = [];
    const started = performance.now();
    db.transaction(() => {
      while (chunk.length < perTransaction && made < PAGES) {
        if (dossierNo % DOSSIERS_PER_BATCH === 0) batchId = Number(insertBatch.run(`Lô ${dossierNo / DOSSIERS_PER_BATCH + 1}`, now).lastInsertRowid);
        dossierNo++;
        const dossierId = Number(insertDossier.run(batchId, `H49.64.33.2026.${dossierNo}`, `Hồ sơ ${pick(SUBJECTS)} xã ${pick(COMMUNES)}`, now).lastInsertRowid);
        for (let d = 1; d <= DOCUMENTS_PER_DOSSIER && made < PAGES; d++) {
          const documentId = Number(insertDocument.run(dossierId, d, `van-ban-${d}.pdf`, now, now).lastInsertRowid);
          for (let p = 1; p <= PAGES_PER_DOCUMENT && made < PAGES; p++) {
            const pageId = Number(insertPage.run(documentId, p, sha, `van-ban-${d}.pdf#${p}`, now).lastInsertRowid);
            const text = pageText();
            wordsOf(text).forEach((w, idx) => insertWord.run(pageId, idx, ...w));
            chunk.push({ pageId, text });
            made++;
          }
        }
      }
    })();
    rowsMs += performance.now() - started;
    const indexing = performance.now();
    db.transaction(() => {
      for (const { pageId, text } of chunk) setText.run(text, pageId);
    })();
    indexMs += performance.now() - indexing;
    if (made % 20_000 === 0) process.stdout.write(`  ${made.toLocaleString('en')} pages\n`);
  }
  return { rowsSeconds: rowsMs / 1000, indexSeconds: indexMs / 1000 };
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}
const round = (v: number, d = 1) => Math.round(v * 10 ** d) / 10 ** d;
const sizeMb = (file: string) => {
  try {
    return statSync(file).size / 2 ** 20;
  } catch {
    return 0;
  }
};

interface Kind {
  kind: string;
  queries: Array<{ query: string; scope?: SearchScope }>;
}

function main(): void {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'sohoa-bench-search-'));
  const file = path.join(dir, 'workstation.sqlite');
  try {
    // The workstation's own settings (WAL, synchronous=FULL) and all migrations.
    const db = openDatabase(file);
    process.stdout.write(`Building ${PAGES.toLocaleString('en')} pages…\n`);
    const built = build(db);
    db.pragma('wal_checkpoint(TRUNCATE)');
    const records = new Records(db);
    const search = new PageSearch(db);

    const indexMb = (() => {
      try {
        const rows = db.prepare("SELECT name, sum(pgsize) AS bytes FROM dbstat WHERE name LIKE 'page_text_%' GROUP BY name").all() as Array<{ name: string; bytes: number }>;
        const sum = (prefix: string) => round(rows.filter((r) => r.name.startsWith(prefix)).reduce((n, r) => n + r.bytes, 0) / 2 ** 20);
        return { folded: sum('page_text_folded'), exact: sum('page_text_exact') };
      } catch {
        return null;
      }
    })();

    const dossierCount = Math.ceil(PAGES / PAGES_PER_DOCUMENT / DOCUMENTS_PER_DOSSIER);
    const someDossier = { dossierId: Math.max(1, Math.floor(dossierCount / 2)) };
    const someBatch = { batchId: 1 };
    const kinds: Kind[] = [
      { kind: 'folded, common words', queries: [{ query: 'uy ban nhan dan ' }, { query: 'quyet dinh ' }, { query: 'dat dai ' }] },
      { kind: 'folded, rare words', queries: [{ query: 'khuoi luong ' }, { query: 'phin chai ' }, { query: 'sin hau ' }] },
      { kind: 'exact diacritics', queries: [{ query: 'đất đai ' }, { query: 'Ủy ban nhân dân ' }, { query: 'Khuổi Luông ' }] },
      { kind: 'quoted phrase', queries: [{ query: '"đất đai"' }, { query: '"uy ban nhan dan thanh pho"' }, { query: '"Phìn Chải"' }] },
      { kind: 'prefix (word being typed)', queries: [{ query: 'quyet đi' }, { query: 'thu hoi da' }, { query: 'tái định c' }, { query: 'khuoi l' }] },
      { kind: 'scoped to one dossier', queries: [{ query: 'dat dai ', scope: someDossier }, { query: 'Ủy ban ', scope: someDossier }] },
      { kind: 'scoped to one batch', queries: [{ query: 'dat dai ', scope: someBatch }, { query: 'Ủy ban ', scope: someBatch }] },
    ];

    const load = os.loadavg()[0]!;
    const matching = (query: string) =>
      (db.prepare('SELECT count(*) AS n FROM page_text_folded WHERE page_text_folded MATCH ?').get(ftsExpression(parseSearchQuery(query)!, 'folded')) as { n: number }).n;
    const figures: Record<string, { p50: number; p95: number; max: number; cpuP50: number; pagesMatching: number[] }> = {};
    process.stdout.write(`\nQueries (${RUNS} runs of each, first 20 hits with snippets and word boxes; load average ${round(load, 2)} on ${os.cpus().length} CPUs):\n`);
    for (const { kind, queries } of kinds) {
      const wall: number[] = [];
      const cpu: number[] = [];
      for (let run = 0; run < RUNS; run++) {
        for (const q of queries) {
          const cpuBefore = process.cpuUsage();
          const started = performance.now();
          search.search({ query: q.query, scope: q.scope, limit: 20, offset: 0 });
          wall.push(performance.now() - started);
          const used = process.cpuUsage(cpuBefore);
          cpu.push((used.user + used.system) / 1000);
        }
      }
      wall.sort((a, b) => a - b);
      cpu.sort((a, b) => a - b);
      const figure = {
        p50: round(percentile(wall, 50)),
        p95: round(percentile(wall, 95)),
        max: round(wall.at(-1)!),
        cpuP50: round(percentile(cpu, 50)),
        pagesMatching: queries.map((q) => (q.scope ? -1 : matching(q.query))),
      };
      figures[kind] = figure;
      process.stdout.write(
        `  ${kind.padEnd(27)} p50 ${String(figure.p50).padStart(5)} ms  p95 ${String(figure.p95).padStart(5)} ms  max ${String(figure.max).padStart(5)} ms` +
          `  (CPU p50 ${figure.cpuP50} ms)${queries.some((q) => q.scope) ? '' : `  pages matching: ${figure.pagesMatching.join(', ')}`}\n`,
      );
    }

    // What the folded query puts first: đất đai, or the two words side by side spelled otherwise (OCR damage).
    const top = search.search({ query: 'dat dai ', limit: 20, offset: 0 }).hits.map((h) => records.pageText(h.pageId));
    const spelled = top.filter((text) => /đất đai/i.test(text)).length;
    const sideBySide = top.filter((text) => foldText(text).replace(/\s+/g, ' ').includes('dat dai')).length;
    const summary = {
      pages: PAGES,
      rowsSeconds: round(built.rowsSeconds),
      indexSeconds: round(built.indexSeconds),
      indexPagesPerSecond: Math.round(PAGES / built.indexSeconds),
      databaseMb: round(sizeMb(file) + sizeMb(`${file}-wal`)),
      indexMb,
      loadAverage: round(load, 2),
      datDaiTop20: { spelledĐấtĐai: spelled, sideBySide },
      queries: figures,
    };
    process.stdout.write(
      `\nIndexing: ${summary.indexSeconds} s for ${PAGES.toLocaleString('en')} pages (${summary.indexPagesPerSecond.toLocaleString('en')} pages/s);` +
        ` page and word rows ${summary.rowsSeconds} s\n` +
        `Database: ${summary.databaseMb} MB` +
        (indexMb ? ` (search indexes: folded ${indexMb.folded} MB, exact ${indexMb.exact} MB)` : '') +
        `\n"dat dai", first 20 hits: ${sideBySide} have the two words side by side, ${spelled} of them spelled "đất đai"\n`,
    );
    process.stdout.write(`${JSON.stringify(summary)}\n`);
    db.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main();
