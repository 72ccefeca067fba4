import { execFileSync, spawnSync } from 'node:child_process';
import { promises as fs, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { PDFDocument, PDFName, PDFString, PDFHexString } from 'pdf-lib';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildSearchablePdf, type PdfPageInput, type PdfWord } from '../../../main/packaging/searchable-pdf';
import { plainPng } from '../../../main/packaging/pdf-png-image';
import { textPage } from '../../support/page-generator';

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

  it('keeps every page box within 3–14,400 units: a huge sheet keeps its true size through /UserUnit, a 1 × 1 scan is padded', async () => {
    const pages: PdfPageInput[] = [
      await whitePage(1, 1, 200, []),
      await whitePage(100_000, 1, 200, []),
      await whitePage(60_000, 100, 200, layOut(['Bản đồ địa chính'], { left: 59_000, top: 10, right: 59_990, height: 30 })),
      await whitePage(1654, 2339, 200, layOut(['Trang thường'])),
    ];
    const pdf = await buildSearchablePdf({ title: 'Khổ giấy' }, pages);
    const file = await save(pdf);
    expect(spawnSync('qpdf', ['--check', file]).status).toBe(0);

    const doc = await PDFDocument.load(pdf);
    const boxes = doc.getPages().map((page) => {
      const { width, height } = page.getMediaBox();
      const unit = page.node.get(PDFName.of('UserUnit'));
      return { width, height, userUnit: unit ? Number(unit.toString()) : 1 };
    });
    for (const box of boxes) {
      for (const side of [box.width, box.height]) {
        expect(side).toBeGreaterThanOrEqual(3);
        expect(side).toBeLessThanOrEqual(14_400);
      }
    }
    // 1 × 1 px at 200 dpi is 0.36 pt: padded to the minimum.
    expect(boxes[0]).toEqual({ width: 3, height: 3, userUnit: 1 });
    // 100,000 px at 200 dpi is 36,000 pt: 14,400 units of 2.5 pt, its true length.
    expect(boxes[1]!.userUnit).toBe(2.5);
    expect(boxes[1]!.width * boxes[1]!.userUnit).toBeCloseTo(36_000, 1);
    expect(boxes[2]!.userUnit).toBe(1.5);
    expect(boxes[2]!.width * 1.5).toBeCloseTo(21_600, 1);
    expect(boxes[2]!.height * 1.5).toBeCloseTo(36, 1);
    expect(boxes[3]).toMatchObject({ userUnit: 1 });
    expect(boxes[3]!.width).toBeCloseTo((1654 / 200) * 72, 2);
    // The text layer follows the image on the scaled sheet.
    expect(pdftotext(file)).toMatch(/Bản đồ địa chính[\s\S]*Trang thường/);
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

type Dict = Record<string, unknown>;

/** qpdf's JSON view of a file (version 2): every object by reference, stream data decoded. */
function qpdfObjects(file: string) {
  const json = JSON.parse(execFileSync('qpdf', ['--json', '--json-stream-data=inline', file], { encoding: 'utf8', maxBuffer: 512 << 20 }));
  const objects = json.qpdf[1] as Record<string, { value?: unknown; stream?: { dict: Dict; data?: string } }>;
  const entry = (ref: unknown) => {
    const found = objects[`obj:${ref as string}`];
    if (!found) throw new Error(`no object ${String(ref)}`);
    return found;
  };
  /** A dictionary, or a stream's dictionary; direct dictionaries are returned as they are. */
  const dict = (refOrDict: unknown): Dict => (typeof refOrDict === 'string' ? ((entry(refOrDict).value ?? entry(refOrDict).stream!.dict) as Dict) : (refOrDict as Dict));
  const data = (ref: unknown) => Buffer.from(entry(ref).stream!.data!, 'base64');
  const trailer = objects.trailer!.value as Dict;
  const all = Object.keys(objects)
    .filter((key) => key.startsWith('obj:'))
    .map((key) => key.slice(4));
  return { dict, data, trailer, all, catalog: dict(trailer['/Root']), info: dict(trailer['/Info']) };
}

/** qpdf writes text strings as "u:<text>". */
const pdfText = (value: unknown) => (value as string).replace(/^u:/, '');

/** A PDF date (D:YYYYMMDDHHmmSS with Z or +HH'mm'), which must name its time zone. */
function pdfDate(value: unknown): Date {
  const match = /^D:(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(Z|([+-])(\d{2})'(\d{2})'?)$/.exec(pdfText(value));
  if (!match) throw new Error(`not a dated PDF date with time zone: ${String(value)}`);
  const [, y, mo, d, h, mi, s, zone, sign, zh, zm] = match;
  const offset = zone === 'Z' ? 'Z' : `${sign}${zh}:${zm}`;
  return new Date(`${y}-${mo}-${d}T${h}:${mi}:${s}${offset}`);
}

/** The catalog's XMP packet, checked well-formed by xmllint, and its rdf:Description parsed. */
function xmpOf(file: string) {
  const pdf = qpdfObjects(file);
  const packet = pdf.data(pdf.catalog['/Metadata']).toString('utf8');
  const xmpFile = `${file}.xmp`;
  writeFileSync(xmpFile, packet);
  const wellFormed = spawnSync('xmllint', ['--noout', xmpFile], { encoding: 'utf8' });
  expect(wellFormed.status, wellFormed.stderr).toBe(0);
  const parsed = new XMLParser({ ignoreAttributes: false, parseTagValue: false }).parse(packet);
  return { pdf, packet, description: parsed['x:xmpmeta']['rdf:RDF']['rdf:Description'] };
}

/** Character IDs shown by the text operators of every page, from the decoded content streams. */
function shownGlyphs(file: string): string[] {
  const pdf = qpdfObjects(file);
  const pages = pdf.all.map((ref) => ({ ref, dict: pdf.dict(ref) })).filter(({ dict }) => dict['/Type'] === '/Page');
  return pages.flatMap(({ dict }) => {
    const contents = ([] as unknown[]).concat(dict['/Contents']);
    const text = contents.map((ref) => pdf.data(ref).toString('latin1')).join('\n');
    return [...text.matchAll(/<([0-9A-Fa-f]*)>\s*Tj/g)].flatMap((m) => m[1]!.match(/.{4}/g) ?? []);
  });
}

describe('buildSearchablePdf: PDF/A-2b', () => {
  const lines = ['Cộng hòa xã hội chủ nghĩa Việt Nam', 'Độc lập - Tự do - Hạnh phúc'];
  const creationDate = new Date('2024-08-05T09:30:00+07:00');
  const modificationDate = new Date('2025-07-01T14:05:09+07:00');
  const info = {
    title: 'Quyết định "giao đất" & <thu hồi> đất'.normalize('NFD'),
    author: 'Ủy ban nhân dân tỉnh Bắc Ninh',
    subject: 'Giao đất ở cho hộ gia đình',
    keywords: ['H49.64.33.2001.160', 'đất đai'],
    creationDate,
    modificationDate,
  };

  it('claims PDF/A-2b in an uncompressed XMP packet whose every property agrees with the Info dictionary', async () => {
    const bytes = await buildSearchablePdf(info, [await whitePage(827, 1169, 100, layOut(lines, { left: 60, top: 60, right: 780, height: 30 }))]);
    const file = await save(bytes);

    const { pdf, packet, description: xmp } = xmpOf(file);
    // Uncompressed: the packet is there as plain text in the file.
    expect(Buffer.from(bytes).includes(Buffer.from('<?xpacket begin="\uFEFF" id="W5M0MpCehiHzreSzNTczkc9d"?>'))).toBe(true);
    expect(packet.trimEnd().endsWith('<?xpacket end="w"?>')).toBe(true);
    expect(pdf.dict(pdf.catalog['/Metadata'])).toMatchObject({ '/Type': '/Metadata', '/Subtype': '/XML' });
    expect(xmp['pdfaid:part']).toBe('2');
    expect(xmp['pdfaid:conformance']).toBe('B');
    expect(xmp['dc:title']['rdf:Alt']['rdf:li']).toEqual({ '#text': 'Quyết định "giao đất" & <thu hồi> đất', '@_xml:lang': 'x-default' });
    expect(xmp['dc:language']['rdf:Bag']['rdf:li']).toBe(pdfText(pdf.catalog['/Lang']));

    const twins: Record<string, unknown> = {
      '/Title': xmp['dc:title']['rdf:Alt']['rdf:li']['#text'],
      '/Author': xmp['dc:creator']['rdf:Seq']['rdf:li'],
      '/Subject': xmp['dc:description']['rdf:Alt']['rdf:li']['#text'],
      '/Keywords': xmp['pdf:Keywords'],
      '/Producer': xmp['pdf:Producer'],
      '/Creator': xmp['xmp:CreatorTool'],
    };
    const infoDict = pdf.info;
    expect(Object.keys(infoDict).sort()).toEqual([...Object.keys(twins), '/CreationDate', '/ModDate'].sort());
    for (const [key, twin] of Object.entries(twins)) expect({ key, value: pdfText(infoDict[key]) }).toEqual({ key, value: twin });
    expect(pdfText(infoDict['/Keywords'])).toBe('H49.64.33.2001.160; đất đai');
    // The same instants on both sides, each with its time zone.
    expect(xmp['xmp:CreateDate']).toMatch(/(Z|[+-]\d{2}:\d{2})$/);
    expect(xmp['xmp:ModifyDate']).toMatch(/(Z|[+-]\d{2}:\d{2})$/);
    expect(pdfDate(infoDict['/CreationDate']).getTime()).toBe(creationDate.getTime());
    expect(new Date(xmp['xmp:CreateDate']).getTime()).toBe(creationDate.getTime());
    expect(pdfDate(infoDict['/ModDate']).getTime()).toBe(modificationDate.getTime());
    expect(new Date(xmp['xmp:ModifyDate']).getTime()).toBe(modificationDate.getTime());
  });

  it('leaves out of both Info and XMP what the document does not have', async () => {
    const file = await save(await buildSearchablePdf({ title: 'Công văn' }, [await whitePage(200, 200, 200, [])]));

    const { pdf, description: xmp } = xmpOf(file);
    expect(Object.keys(pdf.info).sort()).toEqual(['/CreationDate', '/Creator', '/ModDate', '/Producer', '/Title']);
    expect(xmp['dc:creator']).toBeUndefined();
    expect(xmp['dc:description']).toBeUndefined();
    expect(xmp['pdf:Keywords']).toBeUndefined();
    expect(pdfDate(pdf.info['/ModDate']).getTime()).toBe(new Date(xmp['xmp:ModifyDate']).getTime());
  });

  it('has an sRGB output intent carrying a valid RGB ICC profile', async () => {
    const file = await save(await buildSearchablePdf(info, [await whitePage(200, 200, 200, [])]));

    const pdf = qpdfObjects(file);
    const intents = pdf.catalog['/OutputIntents'] as Dict[];
    expect(intents).toHaveLength(1);
    const intent = pdf.dict(intents[0]);
    expect(intent).toMatchObject({ '/Type': '/OutputIntent', '/S': '/GTS_PDFA1' });
    expect(pdfText(intent['/OutputConditionIdentifier'])).toBe('sRGB IEC61966-2.1');
    expect(pdf.dict(intent['/DestOutputProfile'])['/N']).toBe(3);

    const icc = pdf.data(intent['/DestOutputProfile']);
    const ascii = (offset: number) => icc.subarray(offset, offset + 4).toString('latin1');
    expect(icc.readUInt32BE(0)).toBe(icc.length);
    expect(ascii(36)).toBe('acsp');
    expect(ascii(16)).toBe('RGB ');
    expect(['mntr', 'prtr']).toContain(ascii(12));
    expect(icc[8]).toBeGreaterThanOrEqual(2);
    expect(icc[8]).toBeLessThan(5);
  });

  it('has a binary comment on line 2, a trailer /ID from its content, no encryption, and is reproducible', async () => {
    const pages = [await whitePage(400, 300, 200, layOut(['Hạnh phúc'], { left: 20, top: 20, right: 380 }))];
    const first = await buildSearchablePdf(info, pages);
    const again = await buildSearchablePdf(info, pages);
    const other = await buildSearchablePdf(info, [await whitePage(400, 300, 200, layOut(['Tự do'], { left: 20, top: 20, right: 380 }))]);
    const file = await save(first);

    const header = Buffer.from(first.subarray(0, 32));
    const lineTwo = header.indexOf(0x0a) + 1;
    expect(header.subarray(0, lineTwo).toString('latin1')).toMatch(/^%PDF-1\.[0-7]\r?\n$/);
    expect(header[lineTwo]).toBe(0x25);
    expect([...header.subarray(lineTwo + 1, lineTwo + 5)].every((byte) => byte > 127)).toBe(true);

    const id = qpdfObjects(file).trailer['/ID'] as string[];
    expect(id).toHaveLength(2);
    expect(id[0]).toMatch(/^b:[0-9a-f]{32}$/);
    expect(qpdfObjects(await save(other)).trailer['/ID']).not.toEqual(id);
    expect(Buffer.from(again).equals(Buffer.from(first))).toBe(true);

    const check = spawnSync('qpdf', ['--check', file], { encoding: 'utf8' });
    expect(check.status, check.stdout + check.stderr).toBe(0);
    expect(check.stdout).toContain('File is not encrypted');
    expect(qpdfObjects(file).trailer['/Encrypt']).toBeUndefined();
  });

  it('embeds its CID font with a CIDToGIDMap and no partial CIDSet, and passes qpdf and pdffonts', async () => {
    const file = await save(await buildSearchablePdf(info, [await whitePage(1654, 2339, 200, layOut(lines))]));

    const pdf = qpdfObjects(file);
    const fonts = pdf.all.map((ref) => pdf.dict(ref)).filter((dict) => dict['/Type'] === '/Font');
    const cidFonts = fonts.filter((font) => font['/Subtype'] === '/CIDFontType2');
    expect(cidFonts.length).toBeGreaterThan(0);
    for (const font of cidFonts) {
      expect(font['/CIDToGIDMap']).toBe('/Identity');
      const descriptor = pdf.dict(font['/FontDescriptor']);
      expect(descriptor['/FontFile2']).toBeDefined();
      expect(descriptor['/CIDSet']).toBeUndefined();
    }
    const rows = execFileSync('pdffonts', [file], { encoding: 'utf8' }).trim().split('\n').slice(2);
    expect(rows.length).toBe(fonts.filter((font) => font['/Subtype'] === '/Type0').length);
    for (const row of rows) expect(row.trim().split(/\s+/).slice(-5, -3)).toEqual(['yes', 'yes']);
    expect(spawnSync('qpdf', ['--check', file]).status).toBe(0);
    expect(pdftotext(file)).toMatch(/Cộng hòa xã hội chủ nghĩa Việt Nam[\s\S]*Độc lập - Tự do - Hạnh phúc/);
  });

  it('never shows the .notdef glyph: a character the font lacks becomes U+FFFD, an invisible one is dropped', async () => {
    const words: PdfWord[] = [
      { text: 'Chữ', x0: 20, y0: 20, x1: 80, y1: 50 },
      { text: '漢字', x0: 90, y0: 20, x1: 150, y1: 50 },
      { text: 'Hán\u200B', x0: 160, y0: 20, x1: 220, y1: 50 },
    ];
    const file = await save(await buildSearchablePdf(info, [await whitePage(400, 200, 200, words)]));

    const glyphs = shownGlyphs(file);
    expect(glyphs.length).toBeGreaterThan(0);
    expect(glyphs).not.toContain('0000');
    const text = pdftotext(file);
    expect(text).toContain('Chữ');
    expect(text).toContain('\uFFFD\uFFFD');
    expect(text).toContain('Hán');
    expect(text).not.toContain('\u200B');
  });

  it('keeps JPEG bytes, turns a CMYK JPEG into RGB, and lays a PNG with alpha on white', async () => {
    const rgbJpeg = await sharp({ create: { width: 300, height: 200, channels: 3, background: '#f4f0e8' } }).jpeg({ quality: 80 }).toBuffer();
    const cmykJpeg = await sharp({ create: { width: 300, height: 200, channels: 3, background: '#336699' } }).toColourspace('cmyk').jpeg().toBuffer();
    const alphaPng = await sharp({ create: { width: 300, height: 200, channels: 4, background: { r: 0, g: 0, b: 0, alpha: 0.5 } } }).png().toBuffer();
    const pages: PdfPageInput[] = [
      { image: rgbJpeg, format: 'jpeg', width: 300, height: 200, dpi: 100, words: [] },
      { image: cmykJpeg, format: 'jpeg', width: 300, height: 200, dpi: 100, words: [] },
      { image: alphaPng, format: 'png', width: 300, height: 200, dpi: 100, words: [] },
    ];
    const bytes = await buildSearchablePdf(info, pages);
    const file = await save(bytes);

    expect(Buffer.from(bytes).includes(rgbJpeg)).toBe(true);
    const pdf = qpdfObjects(file);
    const images = pdf.all.map((ref) => pdf.dict(ref)).filter((dict) => dict['/Subtype'] === '/Image');
    expect(images.map((image) => image['/ColorSpace'])).not.toContain('/DeviceCMYK');
    // A scan has nothing behind it: half-transparent black becomes mid grey on white, with no soft mask.
    expect(images.some((image) => image['/SMask'] !== undefined)).toBe(false);
    const third = execFileSync('pdftoppm', ['-f', '3', '-l', '3', '-r', '100', '-png', file]);
    const { data } = await sharp(third).greyscale().raw().toBuffer({ resolveWithObject: true });
    expect(Math.abs(data[data.length >> 1]! - 128)).toBeLessThan(6);
    expect(spawnSync('qpdf', ['--check', file]).status).toBe(0);
  });

  it("puts a plain PNG's compressed rows in as they are, and they decode to the same pixels", async () => {
    const grey = await sharp(textPage({ dpi: 100, lines: 6 }).png).removeAlpha().greyscale().png().toBuffer();
    const colour = await sharp({ create: { width: 120, height: 90, channels: 3, background: '#c0392b' } }).png().toBuffer();
    const bytes = await buildSearchablePdf(info, [
      { image: grey, format: 'png', width: 827, height: 1169, dpi: 100, words: [] },
      { image: colour, format: 'png', width: 120, height: 90, dpi: 100, words: [] },
    ]);
    // The IDAT data of each PNG appears byte for byte in the file.
    expect(Buffer.from(bytes).includes(plainPng(grey)!.data)).toBe(true);
    expect(Buffer.from(bytes).includes(plainPng(colour)!.data)).toBe(true);
    const file = await save(bytes);
    expect(spawnSync('qpdf', ['--check', file]).status).toBe(0);
    // pdfimages extracts the first page's image exactly: the predictors decode to the scanned pixels.
    const prefix = path.join(path.dirname(file), 'extracted');
    execFileSync('pdfimages', ['-f', '1', '-l', '1', '-png', file, prefix]);
    const extracted = await sharp(`${prefix}-000.png`).greyscale().raw().toBuffer();
    const original = await sharp(grey).greyscale().raw().toBuffer();
    expect(extracted.equals(original)).toBe(true);
  });
});
