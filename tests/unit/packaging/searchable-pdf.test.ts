import { execFileSync, spawnSync } from 'node:child_process';
import { promises as fs, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PDFDocument, PDFName, PDFString, PDFHexString } from 'pdf-lib';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildSearchablePdf, type PdfPageInput, type PdfWord } from '../../../main/packaging/searchable-pdf';

const DATASET = path.resolve(__dirname, '../../../../shared/datasets/vn-admin-real');

let dir: string;
let counter = 0;

async function save(pdf: Uint8Array): Promise<string> {
  const file = path.join(dir, `out-${++counter}.pdf`);
  await fs.writeFile(file, pdf);
  return file;
}

/** pdftotext -layout, with runs of spaces collapsed: layout mode pads columns with extra spaces. */
function pdftotext(file: string): string {
  return execFileSync('pdftotext', ['-layout', '-enc', 'UTF-8', file, '-'], { encoding: 'utf8' }).replace(/[ \t]+/g, ' ');
}

/** Lays lines of text out as word boxes the way OCR reports them: px, origin top-left. */
function layOut(lines: string[], options: { left?: number; top?: number; right?: number; height?: number } = {}): PdfWord[] {
  const { left = 150, top = 150, right = 1500, height = 34 } = options;
  const words: PdfWord[] = [];
  let y = top;
  for (const line of lines) {
    let x = left;
    for (const text of line.split(/\s+/).filter(Boolean)) {
      const width = Math.round(text.length * height * 0.5);
      if (x + width > right) {
        x = left;
        y += height * 1.5;
      }
      // Descenders make some boxes taller than others, as on a real page.
      const drop = /[gpqyj,;]/.test(text) ? Math.round(height * 0.25) : 0;
      words.push({ text, x0: x, y0: y, x1: x + width, y1: y + height + drop });
      x += width + Math.round(height * 0.4);
    }
    y += height * 1.5;
  }
  return words;
}

async function whitePage(width: number, height: number, dpi: number, words: PdfWord[]): Promise<PdfPageInput> {
  const image = await sharp({ create: { width, height, channels: 3, background: '#ffffff' } }).png().toBuffer();
  return { image, format: 'png', width, height, dpi, words };
}

beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'searchable-pdf-'));
});

afterAll(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

describe('buildSearchablePdf', () => {
  const lines = [
    'Cộng hòa xã hội chủ nghĩa Việt Nam',
    'Độc lập - Tự do - Hạnh phúc',
    // Decomposed (NFD) input, as some OCR engines and macOS file names give it.
    'Luật đất đai năm 2024 về quyền sử dụng đất'.normalize('NFD'),
  ];

  it('gives back the Vietnamese words, diacritics intact, in NFC, with spaces and in line order', async () => {
    const page = await whitePage(1654, 2339, 200, layOut(lines));
    const file = await save(await buildSearchablePdf({ title: 'Thử nghiệm' }, [page]));

    const text = pdftotext(file);

    const positions = ['Cộng hòa xã hội chủ nghĩa Việt Nam', 'Độc lập - Tự do - Hạnh phúc', 'Luật đất đai năm 2024 về quyền sử dụng đất'].map((phrase) =>
      text.indexOf(phrase),
    );
    expect(positions.every((p) => p >= 0), text).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    expect(text).toContain('đất đai');
    expect(text.normalize('NFC')).toBe(text);
  });

  it('keeps words of a line together when their boxes differ in height and small marks sit lower', async () => {
    // Real OCR boxes: a hyphen's box is a thin strip at mid-height, not a full word box.
    const words: PdfWord[] = [
      { text: 'Độc', x0: 890, y0: 213, x1: 954, y1: 249 },
      { text: 'lập', x0: 967, y0: 212, x1: 1017, y1: 258 },
      { text: '-', x0: 1029, y0: 229, x1: 1040, y1: 233 },
      { text: 'Tự', x0: 1051, y0: 213, x1: 1101, y1: 249 },
      { text: 'do', x0: 1112, y0: 212, x1: 1152, y1: 249 },
      { text: '-', x0: 1163, y0: 228, x1: 1173, y1: 233 },
      { text: 'Hạnh', x0: 1185, y0: 212, x1: 1270, y1: 250 },
      { text: 'phúc', x0: 1282, y0: 212, x1: 1355, y1: 258 },
      { text: 'Hà', x0: 860, y0: 288, x1: 905, y1: 317 },
      { text: 'Nội,', x0: 915, y0: 288, x1: 980, y1: 322 },
    ];
    const file = await save(await buildSearchablePdf({ title: 'Dòng' }, [await whitePage(1654, 2339, 200, words)]));

    const rows = pdftotext(file)
      .split('\n')
      .map((row) => row.trim())
      .filter(Boolean);

    expect(rows).toEqual(['Độc lập - Tự do - Hạnh phúc', 'Hà Nội,']);
  });

  it('embeds only fonts that are embedded and subset, and passes qpdf --check', async () => {
    const file = await save(await buildSearchablePdf({ title: 'Phông chữ' }, [await whitePage(1654, 2339, 200, layOut(lines))]));

    const fonts = execFileSync('pdffonts', [file], { encoding: 'utf8' }).trim().split('\n').slice(2);
    expect(fonts.length).toBeGreaterThan(0);
    for (const row of fonts) {
      // name, type (two words), encoding, emb, sub, uni, object, generation
      const columns = row.trim().split(/\s+/);
      const [emb, sub] = columns.slice(-5, -3);
      expect(columns[0]).toMatch(/^[A-Z]{6}\+DejaVuSans$/);
      expect({ emb, sub }).toEqual({ emb: 'yes', sub: 'yes' });
    }

    const check = spawnSync('qpdf', ['--check', file], { encoding: 'utf8' });
    expect(check.status, check.stdout + check.stderr).toBe(0);
    expect(check.stdout).toContain('No syntax or stream encoding errors');
  });

  it('keeps the text layer invisible over the image', async () => {
    const file = await save(await buildSearchablePdf({ title: 'Ẩn' }, [await whitePage(827, 1169, 100, layOut(lines, { left: 60, top: 60, right: 780, height: 30 }))]));
    expect(pdftotext(file)).toContain('Độc lập');

    const prefix = path.join(dir, `render-${counter}`);
    execFileSync('pdftoppm', ['-r', '50', '-gray', '-png', '-singlefile', file, prefix]);
    const { channels } = await sharp(`${prefix}.png`).stats();

    expect(channels[0]!.min).toBeGreaterThan(250);
  });

  it('sizes each page as its image at its resolution and embeds JPEG and PNG pixels unchanged', async () => {
    const jpeg = await sharp({ create: { width: 2480, height: 3508, channels: 3, background: '#f4f0e8' } }).jpeg({ quality: 80 }).toBuffer();
    const tiff = await sharp({ create: { width: 1700, height: 1100, channels: 3, background: '#ffffff' } }).tiff().toBuffer();
    const noise = Buffer.alloc(1654 * 2339 * 3);
    for (let i = 0; i < noise.length; i++) noise[i] = (i * 7919) % 251;
    const png = await sharp(noise, { raw: { width: 1654, height: 2339, channels: 3 } }).png().toBuffer();
    const pages: PdfPageInput[] = [
      { image: png, format: 'png', width: 1654, height: 2339, dpi: 200, words: layOut(['Trang một']) },
      { image: jpeg, format: 'jpeg', width: 2480, height: 3508, dpi: 300, words: layOut(['Trang hai']) },
      { image: tiff, format: 'tiff', width: 1700, height: 1100, dpi: 150, words: layOut(['Trang ba'], { left: 50, right: 1600 }) },
    ];
    const pdf = await buildSearchablePdf({ title: 'Kích thước' }, pages);
    const file = await save(pdf);

    const doc = await PDFDocument.load(pdf);
    const sizes = doc.getPages().map((p) => p.getSize());
    expect(sizes).toHaveLength(3);
    pages.forEach((page, i) => {
      expect(sizes[i]!.width).toBeCloseTo((page.width / page.dpi) * 72, 2);
      expect(sizes[i]!.height).toBeCloseTo((page.height / page.dpi) * 72, 2);
    });
    expect(Buffer.from(pdf).includes(jpeg)).toBe(true);
    expect(pdftotext(file)).toMatch(/Trang một[\s\S]*Trang hai[\s\S]*Trang ba/);
    expect(spawnSync('qpdf', ['--check', file]).status).toBe(0);

    // The PNG page's pixels come back out of the PDF exactly.
    const prefix = path.join(dir, `page1-${counter}`);
    execFileSync('pdfimages', ['-f', '1', '-l', '1', '-png', file, prefix]);
    const extracted = await sharp(`${prefix}-000.png`).raw().toBuffer();
    expect(extracted.equals(await sharp(png).raw().toBuffer())).toBe(true);
  });

  it('writes the document information', async () => {
    const creationDate = new Date('2024-08-05T09:30:00+07:00');
    const pdf = await buildSearchablePdf(
      {
        title: 'Quyết định về việc giao đất'.normalize('NFD'),
        author: 'Ủy ban nhân dân tỉnh Bắc Ninh',
        subject: 'Giao đất ở',
        keywords: ['H49.64.33.2001.160', 'đất đai'],
        creationDate,
      },
      [await whitePage(100, 100, 200, [])],
    );

    const doc = await PDFDocument.load(pdf, { updateMetadata: false });
    expect(doc.getTitle()).toBe('Quyết định về việc giao đất');
    expect(doc.getAuthor()).toBe('Ủy ban nhân dân tỉnh Bắc Ninh');
    expect(doc.getSubject()).toBe('Giao đất ở');
    expect(doc.getKeywords()).toBe('H49.64.33.2001.160; đất đai');
    expect(doc.getCreator()).toBe('Trạm số hóa');
    expect(doc.getProducer()).toContain('Trạm số hóa');
    expect(doc.getCreationDate()?.getTime()).toBe(creationDate.getTime());
    const lang = doc.catalog.get(PDFName.of('Lang'));
    expect(lang instanceof PDFString || lang instanceof PDFHexString ? lang.decodeText() : lang).toBe('vi-VN');
  });

  it('skips empty and degenerate word boxes', async () => {
    const words: PdfWord[] = [
      { text: '  ', x0: 10, y0: 10, x1: 50, y1: 30 },
      { text: 'rỗng', x0: 60, y0: 10, x1: 60, y1: 30 },
      { text: 'phẳng', x0: 60, y0: 40, x1: 90, y1: 40 },
      { text: 'thật', x0: 100, y0: 10, x1: 160, y1: 40 },
    ];
    const file = await save(await buildSearchablePdf({ title: 'Biên' }, [await whitePage(400, 200, 200, words)]));

    expect(pdftotext(file).trim()).toBe('thật');
  });

  it('builds a real 200 dpi page with about 400 words', async () => {
    const record = readFileSync(path.join(DATASET, 'ground-truth.jsonl'), 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as { doc_id: string; text: string })
      .find((r) => r.doc_id === 'real_qd_729_ttg');
    const words = layOut(record!.text.split('\n').filter((l) => l.trim()), { left: 150, top: 100, right: 1550, height: 30 });
    expect(words.length).toBeGreaterThan(300);
    const image = await fs.readFile(path.join(DATASET, 'pages/real_qd_729_ttg_p1.png'));

    const started = performance.now();
    const pdf = await buildSearchablePdf({ title: 'Quyết định 729/QĐ-TTg' }, [{ image, format: 'png', width: 1670, height: 2356, dpi: 200, words }]);
    const elapsed = performance.now() - started;
    const file = await save(pdf);

    expect(elapsed).toBeLessThan(20_000);
    const text = pdftotext(file);
    expect(text).toContain('Phê chuẩn kết quả bầu chức vụ Chủ tịch');
    expect(text).toContain('Ủy ban nhân dân thành phố Đà Nẵng nhiệm kỳ 2026 - 2031');
    const size = (await PDFDocument.load(pdf)).getPage(0).getSize();
    expect(size.width).toBeCloseTo(601.2, 2);
    expect(size.height).toBeCloseTo(848.16, 2);
  });
});
