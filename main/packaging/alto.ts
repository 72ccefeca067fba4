// ALTO 4.4 (Library of Congress): the recognized text of one page with every word's box and confidence,
// the layout format archives and digital libraries index beside the page image. Pure: the stored words
// of a page in, one XML document out.
import { XMLBuilder } from 'fast-xml-parser';
import { WORD_ASIDE, type WordAside, type WordView } from '../contract/domain';
import { boundingBox, median, type WordBox } from '../recognition/word-geometry';
import { xmlLine } from './xml-text';

/** A word as the page store keeps it: box in the page image's pixels, confidence 0–100, line in reading order. */
export type AltoWord = WordView;

export interface AltoPageInput {
  /** Size of the page image the boxes refer to, in pixels. */
  width: number;
  height: number;
  dpi: number;
  imageFileName: string;
  /** BCP 47 tag, e.g. 'vi'. */
  language: string;
  software: { name: string; version: string };
  processingDate: Date;
  words: AltoWord[];
  /** Mean word confidence 0–100, null when the page was never recognized. */
  confidence: number | null;
  /** Position of the page in its document (1-based): PHYSICAL_IMG_NR and the IDs' prefix. Defaults to 1. */
  pageNumber?: number;
}

type Box = WordBox;

interface Line extends Box {
  words: AltoWord[];
  /** Set aside from the page's text (all its words are, or none). */
  aside?: WordAside;
}

interface Block extends Box {
  lines: Line[];
}

const ALTO_NS = 'http://www.loc.gov/standards/alto/ns-v4#';
const ALTO_XSD = 'http://www.loc.gov/alto/v4/alto-4-4.xsd';
/** xsd:language, which LANG must match; anything else is left out rather than making the file invalid. */
const XSD_LANGUAGE = /^[a-zA-Z]{1,8}(-[a-zA-Z0-9]{1,8})*$/;

/** Words by their `line`, lines in reading order, words left to right; words with no text are dropped. */
function linesOf(words: AltoWord[]): Line[] {
  const byLine = new Map<number, AltoWord[]>();
  for (const word of words) {
    const text = xmlLine(word.text);
    if (!text) continue;
    const line = byLine.get(word.line) ?? [];
    line.push({ ...word, text });
    byLine.set(word.line, line);
  }
  return [...byLine.entries()]
    .sort(([a], [b]) => a - b)
    .map(([, line]) => {
      const sorted = line.sort((a, b) => a.x0 - b.x0);
      const aside = sorted.find((word) => word.aside)?.aside;
      return { ...boundingBox(sorted), words: sorted, ...(aside ? { aside } : {}) };
    });
}

/**
 * Whether a line, next in reading order, goes on in the current block. It does not when
 * - it starts above the middle of the block's last line: reading went back up, so it sits beside the
 *   block, as the right column of the national-motto header sits beside the issuing agency's;
 * - it shares no horizontal extent with the block: a jump sideways to another column;
 * - a gap taller than a typical line separates it from the line before: a new paragraph or section;
 * - it is set aside from the text (a stamp, specks) and the block is not, or the other way round.
 */
function continuesBlock(block: Block, line: Line, lineHeight: number): boolean {
  const last = block.lines.at(-1)!;
  if (last.aside !== line.aside) return false;
  const wentBackUp = line.y0 < (last.y0 + last.y1) / 2;
  const overlapsSideways = Math.min(block.x1, line.x1) > Math.max(block.x0, line.x0);
  const gap = line.y0 - last.y1;
  return !wentBackUp && overlapsSideways && gap <= lineHeight;
}

/** Consecutive lines grouped into blocks (see continuesBlock); reading order is kept. */
function blocksOf(lines: Line[]): Block[] {
  const lineHeight = median(lines.map((line) => line.y1 - line.y0));
  const blocks: Block[] = [];
  for (const line of lines) {
    const block = blocks.at(-1);
    if (block && continuesBlock(block, line, lineHeight)) {
      block.lines.push(line);
      Object.assign(block, boundingBox([block, line]));
    } else {
      blocks.push({ ...boundingBox([line]), lines: [line] });
    }
  }
  return blocks;
}

/** Hundredths of a pixel: boxes are whole pixels in practice, this only keeps float noise out. */
const px = (n: number) => Math.round(n * 100) / 100;

/** ALTO confidences are 0–1 (xsd:float with those bounds); ours are 0–100. */
function unitConfidence(confidence: number | null): number | undefined {
  if (confidence === null || !Number.isFinite(confidence)) return undefined;
  return Math.round(Math.min(Math.max(confidence / 100, 0), 1) * 1000) / 1000;
}

function boxAttributes(box: Box): Record<string, number> {
  return { HPOS: px(box.x0), VPOS: px(box.y0), WIDTH: px(Math.max(0, box.x1 - box.x0)), HEIGHT: px(Math.max(0, box.y1 - box.y0)) };
}

// fast-xml-parser's ordered form: needed because String and SP alternate inside a TextLine.
type XmlNode = Record<string, unknown>;

function element(name: string, attributes: Record<string, string | number | undefined>, children: XmlNode[] = []): XmlNode {
  const present = Object.entries(attributes).filter(([, value]) => value !== undefined);
  return { [name]: children, ':@': Object.fromEntries(present.map(([key, value]) => [`@_${key}`, value])) };
}

function textElement(name: string, value: string): XmlNode {
  return element(name, {}, [{ '#text': value }]);
}

/** Element IDs, unique within the page and prefixed with its number so that pages never clash. */
function idMaker(pageNumber: number): (kind: string) => string {
  const counts = new Map<string, number>();
  return (kind) => {
    const count = (counts.get(kind) ?? 0) + 1;
    counts.set(kind, count);
    return `p${pageNumber}_${kind}${count}`;
  };
}

/** Words of a line with an SP between each two, holding the gap between their boxes. */
function lineContent(line: Line, id: (kind: string) => string): XmlNode[] {
  const nodes: XmlNode[] = [];
  line.words.forEach((word, index) => {
    const previous = line.words[index - 1];
    if (previous) nodes.push(element('SP', { HPOS: px(previous.x1), VPOS: px(line.y0), WIDTH: px(Math.max(0, word.x0 - previous.x1)) }));
    nodes.push(element('String', { ID: id('w'), CONTENT: word.text, ...boxAttributes(word), WC: unitConfidence(word.confidence) }));
  });
  return nodes;
}

function description(input: AltoPageInput): XmlNode {
  // OCRProcessing is deprecated in 4.x in favour of Processing but still valid, and it is what most ALTO
  // readers look for.
  const step = element('ocrProcessingStep', {}, [
    textElement('processingCategory', 'contentGeneration'),
    textElement('processingDateTime', input.processingDate.toISOString()),
    textElement('processingStepSettings', `resolution: ${px(input.dpi)} dpi; language: ${xmlLine(input.language)}`),
    element('processingSoftware', {}, [textElement('softwareName', xmlLine(input.software.name)), textElement('softwareVersion', xmlLine(input.software.version))]),
  ]);
  return element('Description', {}, [
    textElement('MeasurementUnit', 'pixel'),
    element('sourceImageInformation', {}, [textElement('fileName', xmlLine(input.imageFileName))]),
    element('OCRProcessing', { ID: 'ocr1' }, [step]),
  ]);
}

/** The ID of the tag a block set aside from the text refers to (TAGREFS). */
const asideTag = (aside: WordAside) => `aside-${aside}`;

/**
 * Tags for the blocks set aside from the page's text, so that a reader of the ALTO can leave them out as
 * the page's text does. Null when the page has none (ALTO wants no empty Tags).
 */
function tags(words: AltoWord[]): XmlNode | null {
  const present = WORD_ASIDE.filter((aside) => words.some((word) => word.aside === aside));
  if (present.length === 0) return null;
  const described: Record<WordAside, string> = {
    stamp: "Incoming-document stamp (dấu ĐẾN): the receiving office's register, not the document's text",
    noise: 'Specks, rules or seal fragments read as marks: not text',
  };
  return element(
    'Tags',
    {},
    present.map((aside) => element('OtherTag', { ID: asideTag(aside), TYPE: 'aside', LABEL: aside, DESCRIPTION: described[aside] })),
  );
}

function layout(input: AltoPageInput, pageNumber: number): XmlNode {
  const id = idMaker(pageNumber);
  const lines = linesOf(input.words);
  const blocks = lines.length ? blocksOf(lines) : [];
  const blockNodes = blocks.map((block) =>
    element(
      'TextBlock',
      { ID: id('b'), ...boxAttributes(block), TAGREFS: block.lines[0]!.aside ? asideTag(block.lines[0]!.aside) : undefined },
      block.lines.map((line) => element('TextLine', { ID: id('l'), ...boxAttributes(line) }, lineContent(line, id))),
    ),
  );
  // An empty page has no printed area to give.
  const printSpace = element('PrintSpace', lines.length ? boxAttributes(boundingBox(lines)) : {}, blockNodes);
  const language = xmlLine(input.language);
  const page = element(
    'Page',
    {
      ID: `p${pageNumber}`,
      PHYSICAL_IMG_NR: pageNumber,
      WIDTH: px(input.width),
      HEIGHT: px(input.height),
      PC: unitConfidence(input.confidence),
      LANG: XSD_LANGUAGE.test(language) ? language : undefined,
    },
    [printSpace],
  );
  return element('Layout', {}, [page]);
}

/** One ALTO 4.4 document for one page, in pixels of its image. */
export function buildAltoPage(input: AltoPageInput): string {
  const pageNumber = input.pageNumber ?? 1;
  const root = element(
    'alto',
    { xmlns: ALTO_NS, 'xmlns:xsi': 'http://www.w3.org/2001/XMLSchema-instance', 'xsi:schemaLocation': `${ALTO_NS} ${ALTO_XSD}`, SCHEMAVERSION: '4.4' },
    [description(input), ...[tags(input.words)].filter((node) => node !== null), layout(input, pageNumber)],
  );
  const declaration = { '?xml': [{ '#text': '' }], ':@': { '@_version': '1.0', '@_encoding': 'UTF-8' } };
  // The builder escapes &, <, >, " and ' in text and attribute values.
  const builder = new XMLBuilder({ preserveOrder: true, ignoreAttributes: false, attributeNamePrefix: '@_', format: true, indentBy: ' ', suppressEmptyNode: true });
  return builder.build([declaration, root]) as string;
}
