import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { afterAll, describe, expect, it } from 'vitest';
import { buildAltoPage, type AltoPageInput, type AltoWord } from '../../../main/packaging/alto';
import { REPO_ROOT, tempDir } from '../../support/temp-dir';

// ../shared sits beside the repository, here and in CI.
const SCHEMA = path.resolve(REPO_ROOT, '../shared/schemas/alto-4-4.xsd');

const temp = tempDir('alto-');
afterAll(() => temp.remove());

let counter = 0;
/** xmllint against the ALTO 4.4 schema (offline: its XLink import points at a local copy). */
function validate(xml: string): { ok: boolean; output: string } {
  const file = path.join(temp.dir, `page-${++counter}.xml`);
  writeFileSync(file, xml);
  const result = spawnSync('xmllint', ['--noout', '--schema', SCHEMA, file], { encoding: 'utf8' });
  return { ok: result.status === 0 && result.stderr.includes('validates'), output: result.stderr };
}

type Attributes = Record<string, string>;
/** Attributes under `$`, children under their names, arrays where ALTO repeats. */
interface Parsed {
  $: Attributes;
}
interface ParsedLine extends Parsed {
  String: Parsed[];
  SP?: Parsed[];
}
interface ParsedBlock extends Parsed {
  TextLine: ParsedLine[];
}
interface ParsedPage extends Parsed {
  PrintSpace: Partial<Parsed> & { TextBlock?: ParsedBlock[] };
}

/** The parts of the document the tests look at; attribute values stay strings, as written. */
function parse(xml: string) {
  const parser = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '',
    attributesGroupName: '$',
    parseAttributeValue: false,
    parseTagValue: false,
    isArray: (name) => ['TextBlock', 'TextLine', 'String', 'SP', 'OtherTag'].includes(name),
  });
  const alto = parser.parse(xml).alto;
  const page = alto.Layout.Page as ParsedPage;
  const blocks = page.PrintSpace.TextBlock ?? [];
  const strings = blocks.flatMap((block) => block.TextLine.flatMap((line) => line.String));
  return { alto, page: page.$, blocks, strings };
}

const box = (element: Parsed) => ['HPOS', 'VPOS', 'WIDTH', 'HEIGHT'].map((key) => Number(element.$[key]));

/** Words of lines laid out left to right from `left`, one row per line from `top`. */
function layOut(lines: string[], options: { left: number; top: number; firstLine: number; height?: number; confidence?: number }): AltoWord[] {
  const { left, top, firstLine, height = 30, confidence = 91 } = options;
  return lines.flatMap((line, row) => {
    let x = left;
    return line.split(' ').map((text) => {
      const width = text.length * 16;
      const word = { text, x0: x, y0: top + row * 45, x1: x + width, y1: top + row * 45 + height, confidence, line: firstLine + row };
      x += width + 12;
      return word;
    });
  });
}

function page(words: AltoWord[], overrides: Partial<AltoPageInput> = {}): AltoPageInput {
  return {
    width: 1654,
    height: 2339,
    dpi: 200,
    imageFileName: 'H49.64.33.2001.160.1-p1.png',
    language: 'vi',
    software: { name: 'Trạm số hóa', version: '0.1.0' },
    processingDate: new Date('2025-07-01T08:00:00+07:00'),
    words,
    confidence: 87.5,
    ...overrides,
  };
}

describe('buildAltoPage', () => {
  it('writes a schema-valid page whose words, boxes and confidences come back as given', () => {
    const words: AltoWord[] = [
      { text: 'Quyết'.normalize('NFD'), x0: 150, y0: 300, x1: 240, y1: 334, confidence: 96.42, line: 0 },
      { text: 'định', x0: 252, y0: 301, x1: 322, y1: 335, confidence: 93, line: 0 },
      { text: 'A&B', x0: 334, y0: 300, x1: 400, y1: 334, confidence: 100, line: 0 },
      { text: '<điều>', x0: 150, y0: 350, x1: 260, y1: 390, confidence: 57.3, line: 1 },
      { text: '"trích"', x0: 272, y0: 351, x1: 380, y1: 386, confidence: 0, line: 1 },
      { text: "l'an", x0: 392, y0: 350, x1: 450, y1: 384, confidence: 120, line: 1 },
      { text: 'Đà Nẵng,', x0: 150, y0: 400, x1: 300, y1: 436, confidence: -1, line: 2 },
    ];
    const xml = buildAltoPage(page(words, { imageFileName: 'bản sao & <gốc>.png', pageNumber: 3 }));

    const validation = validate(xml);
    expect(validation.ok, validation.output).toBe(true);

    const { alto, page: parsedPage, blocks, strings } = parse(xml);
    expect(strings.map((s) => s.$.CONTENT)).toEqual(words.map((w) => w.text.normalize('NFC')));
    strings.forEach((string, i) => {
      const word = words[i]!;
      expect(box(string)).toEqual([word.x0, word.y0, word.x1 - word.x0, word.y1 - word.y0]);
      const wc = Number(string.$.WC);
      expect(wc).toBeGreaterThanOrEqual(0);
      expect(wc).toBeLessThanOrEqual(1);
      expect(wc).toBeCloseTo(Math.min(Math.max(word.confidence / 100, 0), 1), 3);
    });
    // One SP between each two words of a line, none after the last.
    const lines = blocks.flatMap((block) => block.TextLine);
    expect(lines.map((line) => [line.String.length, line.SP?.length ?? 0])).toEqual([
      [3, 2],
      [3, 2],
      [1, 0],
    ]);
    // A line's box is the union of its words'.
    expect(box(lines[1]!)).toEqual([150, 350, 300, 40]);

    expect(alto.Description.MeasurementUnit).toBe('pixel');
    expect(alto.Description.sourceImageInformation.fileName).toBe('bản sao & <gốc>.png');
    expect(alto.Description.OCRProcessing.ocrProcessingStep.processingSoftware).toEqual({ softwareName: 'Trạm số hóa', softwareVersion: '0.1.0' });
    expect(parsedPage).toMatchObject({ PHYSICAL_IMG_NR: '3', WIDTH: '1654', HEIGHT: '2339', PC: '0.875', LANG: 'vi' });

    const ids = [...xml.matchAll(/\sID="([^"]+)"/g)].map((m) => m[1]);
    expect(ids.length).toBe(1 + 1 + blocks.length + lines.length + words.length);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('puts the two header columns, and the body under them, in separate text blocks', () => {
    // Reading order as OCR gives it: the agency column, then the national motto beside it, then the body.
    const left = ['ỦY BAN NHÂN DÂN', 'TỈNH BẮC NINH', 'Số: 15/QĐ-UBND'];
    const right = ['CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', 'Độc lập - Tự do - Hạnh phúc', 'Bắc Ninh, ngày 5 tháng 8 năm 2024'];
    const body = ['QUYẾT ĐỊNH', 'Về việc giao đất ở cho hộ gia đình', 'CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH'];
    const words = [
      ...layOut(left, { left: 120, top: 120, firstLine: 0 }),
      ...layOut(right, { left: 760, top: 120, firstLine: 3 }),
      ...layOut(body, { left: 300, top: 420, firstLine: 6 }),
    ];
    const xml = buildAltoPage(page(words));

    const validation = validate(xml);
    expect(validation.ok, validation.output).toBe(true);
    const { blocks } = parse(xml);
    const text = (block: ParsedBlock) => block.TextLine.map((line) => line.String.map((s) => s.$.CONTENT).join(' '));
    expect(blocks.map(text)).toEqual([left, right, body]);
    // The blocks' boxes hold their lines and the two columns do not overlap.
    const [leftBox, rightBox] = blocks.map(box);
    expect(leftBox![0]! + leftBox![2]!).toBeLessThan(rightBox![0]!);
    expect(leftBox![1]).toBe(rightBox![1]);
  });

  it('puts the lines set aside from the text (a stamp, specks) in blocks of their own, tagged', () => {
    const body = layOut(['Căn cứ Luật Tổ chức chính quyền địa phương', 'Xét đề nghị của Sở Nội vụ'], { left: 200, top: 600, firstLine: 0 });
    // The stamp's lines follow the text's, right under its last line: only the tag separates them.
    const stamp = layOut(['CÔNG VĂN ĐẾN', 'Ngày 24/4'], { left: 200, top: 690, firstLine: 2, confidence: 40 }).map((w) => ({ ...w, aside: 'stamp' as const }));
    const specks = [{ text: '~', x0: 900, y0: 1500, x1: 910, y1: 1510, confidence: 3, line: 4, aside: 'noise' as const }];
    const xml = buildAltoPage(page([...body, ...stamp, ...specks]));
    const validation = validate(xml);
    expect(validation.ok, validation.output).toBe(true);
    const { alto, blocks } = parse(xml);
    expect(blocks.map((block) => [block.TextLine.length, block.$.TAGREFS])).toEqual([
      [2, undefined],
      [2, 'aside-stamp'],
      [1, 'aside-noise'],
    ]);
    expect(alto.Tags.OtherTag.map((tag: Parsed) => [tag.$.ID, tag.$.LABEL])).toEqual([
      ['aside-stamp', 'stamp'],
      ['aside-noise', 'noise'],
    ]);
    // A page with nothing set aside has no Tags.
    expect(parse(buildAltoPage(page(body))).alto.Tags).toBeUndefined();
  });

  it('separates columns by either sign alone: reading going back up, or a jump sideways', () => {
    const row = (text: string, x0: number, y0: number, line: number): AltoWord => ({ text, x0, y0, x1: x0 + 400, y1: y0 + 30, confidence: 90, line });
    // The columns' boxes overlap sideways (x 100–500 and 450–850): only going back up tells them apart.
    const overlapping = [row('trái một', 100, 100, 0), row('trái hai', 100, 145, 1), row('phải một', 450, 100, 2), row('phải hai', 450, 145, 3)];
    // The right column starts below the left one's last line, with no gap: only the sideways jump tells.
    const stepped = [row('trái một', 100, 100, 0), row('trái hai', 100, 145, 1), row('phải một', 600, 185, 2), row('phải hai', 600, 230, 3)];

    for (const words of [overlapping, stepped]) {
      const { blocks } = parse(buildAltoPage(page(words)));
      expect(blocks.map((block) => block.TextLine.map((line) => line.String.map((s) => s.$.CONTENT).join(' ')))).toEqual([
        ['trái một', 'trái hai'],
        ['phải một', 'phải hai'],
      ]);
    }
  });

  it('starts a new block after a clear vertical gap but keeps a paragraph together', () => {
    const first = ['Điều 1. Giao đất ở cho ông Nguyễn Văn A', 'tại thôn Đông, xã Tây, huyện Nam'];
    const second = ['Điều 2. Quyết định có hiệu lực từ ngày ký'];
    const words = [...layOut(first, { left: 150, top: 600, firstLine: 0 }), ...layOut(second, { left: 150, top: 600 + 45 * 2 + 60, firstLine: 2 })];

    const { blocks } = parse(buildAltoPage(page(words)));

    expect(blocks.map((block) => block.TextLine.length)).toEqual([2, 1]);
  });

  it('drops characters XML cannot carry, and words left with no text', () => {
    const words: AltoWord[] = [
      { text: 'Hà\u0000Nội', x0: 100, y0: 100, x1: 200, y1: 130, confidence: 90, line: 0 },
      { text: '\u0007 ', x0: 210, y0: 100, x1: 230, y1: 130, confidence: 10, line: 0 },
      { text: 'ngày\uFFFE', x0: 240, y0: 100, x1: 320, y1: 130, confidence: 90, line: 0 },
    ];
    const xml = buildAltoPage(page(words));

    const validation = validate(xml);
    expect(validation.ok, validation.output).toBe(true);
    expect(parse(xml).strings.map((s) => s.$.CONTENT)).toEqual(['HàNội', 'ngày']);
  });

  it('writes a valid page with no words at all', () => {
    const xml = buildAltoPage(page([], { confidence: null }));

    const validation = validate(xml);
    expect(validation.ok, validation.output).toBe(true);
    const { page: parsedPage, blocks } = parse(xml);
    expect(blocks).toEqual([]);
    expect(parsedPage.PC).toBeUndefined();
    expect(parsedPage.ID).toBe('p1');
  });

  it('is checked by a schema validation that does reject a broken page', () => {
    const xml = buildAltoPage(page(layOut(['Độc lập'], { left: 100, top: 100, firstLine: 0, confidence: 90 })));
    expect(xml).toContain('WC="0.9"');

    expect(validate(xml.replace('WC="0.9"', 'WC="90"')).ok).toBe(false);
  });
});
