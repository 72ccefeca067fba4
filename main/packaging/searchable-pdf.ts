// The deliverable of TT 05/2025: one PDF per document with two layers, the scanned page image and an
// invisible text layer so that the archive can be searched and text copied out.
import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import { createRequire } from 'node:module';
import fontkit from '@pdf-lib/fontkit';
import {
  PDFDocument,
  TextRenderingMode,
  beginText,
  endText,
  popGraphicsState,
  pushGraphicsState,
  setCharacterSqueeze,
  setFontAndSize,
  setTextMatrix,
  setTextRenderingMode,
  showText,
  type PDFFont,
  type PDFImage,
  type PDFOperator,
  type PDFPage,
} from 'pdf-lib';
import sharp from 'sharp';
import type { ImageFormat } from '../capture/page-image-reader';

export interface PdfWord {
  text: string;
  /** Pixel coordinates on the page image, origin top-left. */
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

export interface PdfPageInput {
  image: Buffer;
  format: ImageFormat;
  width: number;
  height: number;
  dpi: number;
  words: PdfWord[];
}

export interface PdfDocumentInfo {
  title: string;
  author?: string;
  subject?: string;
  keywords?: string[];
  creationDate?: Date;
  language?: string;
}

const CREATOR = 'Trạm số hóa';
const PRODUCER = 'Trạm số hóa (pdf-lib)';

/**
 * DejaVu Sans covers every precomposed Vietnamese letter, so diacritics survive copy and search.
 * Resolved through the package, not a relative path, so it also works from the bundled out/main/*.js.
 */
let fontBytes: Promise<Buffer> | undefined;
function dejaVuSans(): Promise<Buffer> {
  fontBytes ??= fs.readFile(createRequire(import.meta.url).resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf'));
  return fontBytes;
}

/**
 * The PDF rules name a font subset TAG+Font with six capital letters, different for different subsets so
 * that tools merging documents never mix up two subsets. Derived from the text, so output is reproducible.
 */
function subsetTag(pages: PdfPageInput[]): string {
  const hash = createHash('sha256');
  for (const page of pages) for (const word of page.words) hash.update(`${word.text}\n`);
  return [...hash.digest().subarray(0, 6)].map((byte) => String.fromCharCode(65 + (byte % 26))).join('');
}

function nfc(text: string): string {
  return text.normalize('NFC');
}

export async function buildSearchablePdf(info: PdfDocumentInfo, pages: PdfPageInput[]): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  pdf.registerFontkit(fontkit);
  // Subset: only the glyphs used are stored, a few kB instead of the whole 700 kB font.
  const font = await pdf.embedFont(await dejaVuSans(), { subset: true, customName: `${subsetTag(pages)}+DejaVuSans` });

  const now = new Date();
  pdf.setTitle(nfc(info.title), { showInWindowTitleBar: true });
  if (info.author) pdf.setAuthor(nfc(info.author));
  if (info.subject) pdf.setSubject(nfc(info.subject));
  // pdf-lib joins keywords with bare spaces; a separator keeps multi-word keywords ("đất đai") apart.
  if (info.keywords?.length) pdf.setKeywords([info.keywords.map(nfc).join('; ')]);
  pdf.setCreator(CREATOR);
  pdf.setProducer(PRODUCER);
  pdf.setLanguage(info.language ?? 'vi-VN');
  pdf.setCreationDate(info.creationDate ?? now);
  pdf.setModificationDate(now);

  for (const input of pages) {
    // The page is exactly the scanned sheet: its pixels at its scanning resolution.
    const toPoints = 72 / input.dpi;
    const page = pdf.addPage([input.width * toPoints, input.height * toPoints]);
    page.drawImage(await embedImage(pdf, input), { x: 0, y: 0, width: page.getWidth(), height: page.getHeight() });
    addTextLayer(page, font, input.words, toPoints);
  }
  return pdf.save();
}

async function embedImage(pdf: PDFDocument, input: PdfPageInput): Promise<PDFImage> {
  switch (input.format) {
    // A JPEG goes in byte for byte: re-encoding would lose quality for nothing.
    case 'jpeg':
      return pdf.embedJpg(input.image);
    case 'png':
      return pdf.embedPng(input.image);
    // PDF has no TIFF filter; high-quality JPEG keeps the file a sensible size.
    case 'tiff':
      return pdf.embedJpg(await sharp(input.image, { limitInputPixels: false }).jpeg({ quality: 90 }).toBuffer());
  }
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/**
 * Groups words into text lines: a word joins a line when its vertical centre is within half a height of
 * the line's first word. The larger of the two heights lets hyphens and dots join their line; capping it
 * at the page's typical word height stops a tall stamp or seal fragment from swallowing two lines.
 * Lines come back top to bottom and words left to right, the order extractors read them in.
 */
function textLines(words: PdfWord[]): PdfWord[][] {
  const centre = (word: PdfWord) => (word.y0 + word.y1) / 2;
  const height = (word: PdfWord) => word.y1 - word.y0;
  const usable = words
    .map((word) => ({ ...word, text: nfc(word.text).trim() }))
    .filter((word) => word.text !== '' && word.x1 > word.x0 && word.y1 > word.y0)
    .sort((a, b) => centre(a) - centre(b));
  if (usable.length === 0) return [];
  const typical = median(usable.map(height));
  const lines: Array<{ seed: PdfWord; words: PdfWord[] }> = [];
  for (const word of usable) {
    const line = lines.find(({ seed }) => {
      const tolerance = Math.min(Math.max(height(seed), height(word)), typical) / 2;
      return Math.abs(centre(word) - centre(seed)) < tolerance;
    });
    if (line) line.words.push(word);
    else lines.push({ seed: word, words: [word] });
  }
  return lines.map((line) => line.words.sort((a, b) => a.x0 - b.x0));
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
function addTextLayer(page: PDFPage, font: PDFFont, words: PdfWord[], toPoints: number): void {
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
      const natural = font.widthOfTextAtSize(word.text, size);
      // Only combining marks, nothing with an advance to stretch over the box.
      if (!(natural > 0)) continue;
      const squeeze = (100 * (word.x1 - word.x0) * toPoints) / natural;
      // The trailing space is what makes extractors put a space between this word and the next.
      operators.push(
        setCharacterSqueeze(round(squeeze)),
        setTextMatrix(1, 0, 0, 1, round(word.x0 * toPoints), round(baseline)),
        showText(font.encodeText(`${word.text} `)),
      );
    }
  }
  operators.push(endText(), popGraphicsState());
  page.pushOperators(...operators);
}
