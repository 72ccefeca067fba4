// The deliverable of TT 05/2025: one PDF/A per document with two layers, the scanned page image and an
// invisible text layer so that the archive can be searched and text copied out.
//
// PDF/A-2b (ISO 19005-2, level B). What the tests check with real tools: qpdf --check, every font embedded
// (pdffonts), XMP with pdfaid part 2 / conformance B agreeing with the Info dictionary, the sRGB output
// intent and its ICC header, the trailer /ID, the binary comment on line 2, no encryption, CIDToGIDMap
// present and no CIDSet, no .notdef glyph shown, JPEG bytes passed through, no DeviceCMYK, and every page
// box within PDF's implementation limits of 3 to 14,400 units a side (ISO 32000-1 Annex C, which
// ISO 19005-2 6.1.13 makes a rule): a sheet larger than 200 inches is given a /UserUnit (ISO 32000-1
// 14.11.2, allowed in PDF/A-2) so that it keeps its true size, and a page smaller than 3 points (a 1 × 1
// pixel scan) is padded with paper to the minimum, its image at its true size in the top-left corner.
// NOT verified here (no veraPDF offline), to be checked with a PDF/A validator on real exports:
// - that the fontkit subset of DejaVu Sans is a well-formed TrueType program by the letter of ISO 19005-2
//   6.2.11 (widths of W against the program are only exempt while the text stays invisible, mode 3);
// - that the XMP packet is accepted by a validator's RDF parser (here it is only parsed as XML);
// - PNG and JPEG pages that carry their own ICC profile (Adobe RGB scans): pdf-lib drops it, so their
//   values are read as sRGB through the output intent: valid, but the colours are not the original's;
// - every other object-level rule (stream keyword spacing, implementation limits) beyond what qpdf checks.
import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import { createRequire } from 'node:module';
import fontkit from '@pdf-lib/fontkit';
import {
  PDFDocument,
  PDFName,
  PDFNumber,
  TextRenderingMode,
  beginText,
  concatTransformationMatrix,
  drawObject,
  endText,
  popGraphicsState,
  pushGraphicsState,
  rgb,
  setCharacterSqueeze,
  setFontAndSize,
  setTextMatrix,
  setTextRenderingMode,
  showText,
  type PDFFont,
  type PDFOperator,
  type PDFPage,
} from 'pdf-lib';
import sharp from 'sharp';
import { maxPixels, plausibleDpi } from '../imaging/image-limits';
import type { ImageFormat } from '../capture/page-image-reader';
import { intoRows, median } from '../recognition/word-geometry';
import { embedPngImage } from './pdf-png-image';
import { addSrgbOutputIntent, setFileId, writeArchivalMetadata, type ArchivalMetadata } from './pdfa';
import { xmlLine } from './xml-text';

export interface PdfWord {
  text: string;
  /** Pixel coordinates on the page image, origin top-left. */
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

export interface PdfImagePage {
  image: Buffer;
  format: ImageFormat;
  width: number;
  height: number;
  dpi: number;
  words: PdfWord[];
}

/**
 * A page whose scan is missing from the store: the same size, the lines of `placeholder` printed on it in
 * place of the image (so the document keeps its page count and the reader sees what is missing), and the
 * stored words as the text layer.
 */
export interface PdfPlaceholderPage {
  placeholder: string[];
  width: number;
  height: number;
  dpi: number;
  words: PdfWord[];
}

export type PdfPageInput = PdfImagePage | PdfPlaceholderPage;

function isPlaceholder(page: PdfPageInput): page is PdfPlaceholderPage {
  return 'placeholder' in page;
}

export interface PdfDocumentInfo {
  title: string;
  author?: string;
  subject?: string;
  keywords?: string[];
  creationDate?: Date;
  /** Now when not given; with creationDate too the whole file is reproducible byte for byte. */
  modificationDate?: Date;
  language?: string;
}

const CREATOR = 'Trạm số hóa';
const PRODUCER = 'Trạm số hóa (pdf-lib)';

/**
 * DejaVu Sans covers every precomposed Vietnamese letter, so diacritics survive copy and search.
 * Resolved through the package, not a relative path, so it also works from the bundled out/main/*.js.
 */
let fontBytes: Promise<Buffer> | undefined;
export function dejaVuSans(): Promise<Buffer> {
  fontBytes ??= fs.readFile(createRequire(import.meta.url).resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf'));
  return fontBytes;
}

/**
 * The PDF rules name a font subset TAG+Font with six capital letters, different for different subsets so
 * that tools merging documents never mix up two subsets. Derived from the text, so output is reproducible.
 */
function subsetTag(pages: PdfPageInput[]): string {
  const hash = createHash('sha256');
  for (const page of pages) {
    for (const word of page.words) hash.update(`${word.text}\n`);
    if (isPlaceholder(page)) for (const line of page.placeholder) hash.update(`${line}\n`);
  }
  return [...hash.digest().subarray(0, 6)].map((byte) => String.fromCharCode(65 + (byte % 26))).join('');
}

function nfc(text: string): string {
  return text.normalize('NFC');
}

/** Info and XMP text must be the same on both sides, so both take it cleaned once here. */
function archivalMetadata(info: PdfDocumentInfo, now: Date): ArchivalMetadata {
  const wholeSeconds = (date: Date) => new Date(Math.floor(date.getTime() / 1000) * 1000);
  const optional = (text: string | undefined) => (text ? xmlLine(text) || undefined : undefined);
  return {
    title: xmlLine(info.title),
    author: optional(info.author),
    subject: optional(info.subject),
    // A separator keeps multi-word keywords ("đất đai") apart.
    keywords: optional(info.keywords?.map(xmlLine).filter(Boolean).join('; ')),
    creator: CREATOR,
    producer: PRODUCER,
    language: xmlLine(info.language ?? 'vi-VN'),
    created: wholeSeconds(info.creationDate ?? now),
    modified: wholeSeconds(info.modificationDate ?? now),
  };
}

/** What the file is made of, dates left out: the same document exported twice keeps its file /ID. */
function contentDigest(meta: ArchivalMetadata, pages: PdfPageInput[]): Buffer {
  const hash = createHash('sha256');
  hash.update(JSON.stringify({ ...meta, created: undefined, modified: undefined }));
  for (const page of pages) {
    if (isPlaceholder(page)) {
      hash.update(JSON.stringify(['placeholder', page.placeholder, page.width, page.height, page.dpi, page.words]));
      continue;
    }
    hash.update(JSON.stringify([page.format, page.width, page.height, page.dpi, page.words]));
    hash.update(createHash('sha256').update(page.image).digest());
  }
  return hash.digest();
}

export async function buildSearchablePdf(info: PdfDocumentInfo, pages: PdfPageInput[]): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  pdf.registerFontkit(fontkit);
  // Subset: only the glyphs used are stored, a few kB instead of the whole 700 kB font.
  const font = await pdf.embedFont(await dejaVuSans(), { subset: true, customName: `${subsetTag(pages)}+DejaVuSans` });
  const drawable = drawableIn(font);

  const meta = archivalMetadata(info, new Date());
  writeArchivalMetadata(pdf, meta);
  await addSrgbOutputIntent(pdf);
  setFileId(pdf, contentDigest(meta, pages));

  for (const input of pages) {
    const geometry = pageGeometry(input);
    const page = pdf.addPage([geometry.pageWidth, geometry.pageHeight]);
    if (geometry.userUnit !== 1) page.node.set(PDFName.of('UserUnit'), PDFNumber.of(geometry.userUnit));
    if (isPlaceholder(input)) drawPlaceholder(page, font, input.placeholder.map(drawable));
    else await drawPageImage(pdf, page, input, geometry);
    addTextLayer(page, font, input.words, geometry.toUnits, drawable);
  }
  return pdf.save();
}

/** ISO 32000-1 Annex C: a page box is 3 to 14,400 units on each side. */
const MIN_PAGE_UNITS = 3;
const MAX_PAGE_UNITS = 14_400;
/** A resolution no scan has (stored before such values were set aside) is the scanning rules' minimum. */
const FALLBACK_DPI = 200;

export interface PageGeometry {
  /** Points per unit (1 unless the sheet is larger than 14,400 points). */
  userUnit: number;
  /** Units per image pixel. */
  toUnits: number;
  pageWidth: number;
  pageHeight: number;
  imageWidth: number;
  imageHeight: number;
}

/**
 * The page is exactly the scanned sheet, its pixels at its scanning resolution, as long as PDF's limits
 * allow: beyond 14,400 points a /UserUnit keeps the true size, below 3 units the page is padded.
 */
export function pageGeometry(input: Pick<PdfPageInput, 'width' | 'height' | 'dpi'>): PageGeometry {
  const toPoints = 72 / (plausibleDpi(input.dpi) ? input.dpi : FALLBACK_DPI);
  const longest = Math.max(input.width, input.height) * toPoints;
  // Rounded up to thousandths, so that the longest side stays within the limit after the division.
  const userUnit = longest > MAX_PAGE_UNITS ? Math.ceil((longest / MAX_PAGE_UNITS) * 1000) / 1000 : 1;
  const toUnits = toPoints / userUnit;
  const imageWidth = input.width * toUnits;
  const imageHeight = input.height * toUnits;
  return { userUnit, toUnits, imageWidth, imageHeight, pageWidth: Math.max(MIN_PAGE_UNITS, imageWidth), pageHeight: Math.max(MIN_PAGE_UNITS, imageHeight) };
}

/**
 * PDF/A-2 forbids showing the .notdef glyph, even invisibly (ISO 19005-2, 6.2.11.8), and a character the
 * font lacks would be shown as exactly that. DejaVu Sans covers Vietnamese and far more; anything else
 * OCR may return becomes U+FFFD, so the text layer still marks where a character was, and invisible
 * format characters (zero-width joiners and the like) are dropped.
 */
function drawableIn(font: PDFFont): (text: string) => string {
  const covered = new Set(font.getCharacterSet());
  const replacement = covered.has(0xfffd) ? '\uFFFD' : '';
  return (text) => Array.from(text, (char) => (covered.has(char.codePointAt(0)!) ? char : /\p{C}/u.test(char) ? '' : replacement)).join('');
}

/**
 * A framed notice in the upper part of the page, in visible text sized to the page's width: the first line
 * is the title, larger.
 */
function drawPlaceholder(page: PDFPage, font: PDFFont, lines: string[]): void {
  const width = page.getWidth();
  const height = page.getHeight();
  const margin = width * 0.1;
  const room = width - 2 * margin;
  const fit = (line: string, most: number) => Math.min(most, room / Math.max(1e-6, font.widthOfTextAtSize(line, 1)));
  const [title = '', ...body] = lines;
  const size = Math.min(...body.map((line) => fit(line, width / 40)), width / 40);
  const titleSize = fit(title, size * 1.6);
  const grey = rgb(0.25, 0.25, 0.25);
  let y = height - margin - titleSize;
  page.drawText(title, { x: margin, y, size: titleSize, font, color: grey });
  y -= titleSize * 0.6;
  for (const line of body) {
    y -= size * 1.6;
    page.drawText(line, { x: margin, y, size, font, color: grey });
  }
  const pad = margin / 3;
  page.drawRectangle({ x: margin - pad, y: y - pad, width: room + 2 * pad, height: height - margin + pad - (y - pad), borderColor: grey, borderWidth: Math.max(0.5, size / 8) });
}

/** The scanned image over the whole page (from its top-left corner when the page is padded). */
async function drawPageImage(pdf: PDFDocument, page: PDFPage, input: PdfImagePage, geometry: PageGeometry): Promise<void> {
  const whole = { x: 0, y: geometry.pageHeight - geometry.imageHeight, width: geometry.imageWidth, height: geometry.imageHeight };
  switch (input.format) {
    // A JPEG goes in byte for byte: re-encoding would lose quality for nothing. Except a CMYK one: PDF/A
    // allows DeviceCMYK only under a CMYK output intent, and ours is sRGB (libvips converts it).
    case 'jpeg':
      page.drawImage(await pdf.embedJpg((await isCmyk(input.image)) ? await toJpeg(input.image) : input.image), whole);
      return;
    // PDF has no TIFF filter; high-quality JPEG keeps the file a sensible size.
    case 'tiff':
      page.drawImage(await pdf.embedJpg(await toJpeg(input.image)), whole);
      return;
    // A PNG's compressed rows go in as they are (see pdf-png-image.ts).
    case 'png': {
      const name = page.node.newXObject('Image', await embedPngImage(pdf, input.image));
      page.pushOperators(pushGraphicsState(), concatTransformationMatrix(whole.width, 0, 0, whole.height, whole.x, whole.y), drawObject(name), popGraphicsState());
      return;
    }
  }
}

/** Four channels in a JPEG are CMYK (or YCCK, CMYK once decoded); reading the header is enough. */
async function isCmyk(jpeg: Buffer): Promise<boolean> {
  return (await sharp(jpeg, { limitInputPixels: maxPixels() }).metadata()).channels === 4;
}

/** High-quality JPEG; libvips writes CMYK input as sRGB. */
function toJpeg(image: Buffer): Promise<Buffer> {
  return sharp(image, { limitInputPixels: maxPixels() }).jpeg({ quality: 90 }).toBuffer();
}

/** The words as text lines (see intoRows), top to bottom and left to right: the order extractors read. */
function textLines(words: PdfWord[]): PdfWord[][] {
  return intoRows(words.map((word) => ({ ...word, text: nfc(word.text).trim() })).filter((word) => word.text !== '' && word.x1 > word.x0 && word.y1 > word.y0));
}

/** Hundredths of a point are far below a pixel and keep the content stream short. */
const round = (n: number) => Math.round(n * 100) / 100;

/**
 * Invisible text (rendering mode 3, which viewers and extractors treat as real text, unlike a
 * transparent fill) over the image. Each line shares one baseline and size, so extractors keep it on
 * one line: the baseline is the median word bottom and the size puts the font's ascender at the median
 * word top, medians so that one stray box does not tilt the line. Each word is then stretched
 * horizontally (Tz) to cover its own box.
 */
function addTextLayer(page: PDFPage, font: PDFFont, words: PdfWord[], toPoints: number, drawable: (text: string) => string): void {
  // `toPoints` is units per pixel; the image's top is the page's top, so rows count down from there.
  const lines = textLines(words);
  if (lines.length === 0) return;
  const fontName = page.node.newFontDictionary(font.name, font.ref);
  const ascentPerPoint = font.heightAtSize(1, { descender: false });
  const pageHeight = page.getHeight();
  const operators: PDFOperator[] = [pushGraphicsState(), beginText(), setTextRenderingMode(TextRenderingMode.Invisible)];
  for (const line of lines) {
    const top = median(line.map((w) => w.y0));
    const bottom = median(line.map((w) => w.y1));
    const size = ((bottom - top) * toPoints) / ascentPerPoint;
    const baseline = pageHeight - bottom * toPoints;
    operators.push(setFontAndSize(fontName, round(size)));
    for (const word of line) {
      const text = drawable(word.text);
      const natural = font.widthOfTextAtSize(text, size);
      // Only combining marks, nothing with an advance to stretch over the box.
      if (!(natural > 0)) continue;
      const squeeze = (100 * (word.x1 - word.x0) * toPoints) / natural;
      // The trailing space is what makes extractors put a space between this word and the next.
      operators.push(
        setCharacterSqueeze(round(squeeze)),
        setTextMatrix(1, 0, 0, 1, round(word.x0 * toPoints), round(baseline)),
        showText(font.encodeText(`${text} `)),
      );
    }
  }
  operators.push(endText(), popGraphicsState());
  page.pushOperators(...operators);
}
