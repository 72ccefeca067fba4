// What a PDF holds besides what pdfjs renders, read from its object tree before any page is rendered:
// the size of every image a page draws (so that a 30,000² image is refused from its dictionary, before
// its stream is inflated), and the names of the files it carries (embedded files and file-attachment
// annotations), which the import leaves out and the clerk is told about. pdf-lib reads dictionaries and
// never decodes a stream it is not asked for; pdfjs's getAttachments() would inflate every attachment,
// and its maxImageSize drops an image silently (its operator-list error is swallowed before render
// resolves), so it is only the backstop for images this walk cannot see (inline images).
import { PDFArray, PDFDict, PDFDocument, PDFHexString, PDFName, PDFNumber, PDFStream, PDFString, type PDFObject } from 'pdf-lib';

/** Nesting deeper than this (forms in forms, name-tree levels) is malformed or made to loop. */
const MAX_DEPTH = 32;

export interface PdfImageSize {
  /** 1-based page number. */
  page: number;
  width: number;
  height: number;
}

export interface PdfInspection {
  /** The largest image each page draws, for the pages that draw any. */
  largestImages: PdfImageSize[];
  /** The attachments' names, in document order, without duplicates. */
  attachments: string[];
}

function text(value: PDFObject | undefined): string | undefined {
  return value instanceof PDFString || value instanceof PDFHexString ? value.decodeText() : undefined;
}

/** A file specification's name: its Unicode name, else its file name, else the name tree's key. */
function fileSpecName(spec: PDFObject | undefined, key: string | undefined): string | undefined {
  if (spec instanceof PDFDict) return text(spec.lookup(PDFName.of('UF'))) ?? text(spec.lookup(PDFName.of('F'))) ?? key;
  return text(spec) ?? key;
}

function walkNameTree(node: PDFDict, depth: number, seen: Set<PDFDict>, out: string[]): void {
  if (depth > MAX_DEPTH || seen.has(node)) return;
  seen.add(node);
  const names = node.lookupMaybe(PDFName.of('Names'), PDFArray);
  for (let i = 0; names && i + 1 < names.size(); i += 2) {
    const name = fileSpecName(names.lookup(i + 1), text(names.lookup(i)));
    if (name) out.push(name);
  }
  const kids = node.lookupMaybe(PDFName.of('Kids'), PDFArray);
  for (let i = 0; kids && i < kids.size(); i++) {
    const kid = kids.lookup(i);
    if (kid instanceof PDFDict) walkNameTree(kid, depth + 1, seen, out);
  }
}

function numberIn(dict: PDFDict, ...keys: string[]): number {
  for (const key of keys) {
    const value = dict.lookup(PDFName.of(key));
    if (value instanceof PDFNumber) return value.asNumber();
  }
  return 0;
}

/** Every image reachable from a resource dictionary: its XObjects, forms within forms, and patterns. */
function imagesIn(resources: PDFObject | undefined, depth: number, seen: Set<PDFObject>, out: Array<{ width: number; height: number }>): void {
  if (!(resources instanceof PDFDict) || depth > MAX_DEPTH || seen.has(resources)) return;
  seen.add(resources);
  for (const group of ['XObject', 'Pattern']) {
    const entries = resources.lookupMaybe(PDFName.of(group), PDFDict);
    for (const [, ref] of entries?.entries() ?? []) {
      const object = resources.context.lookup(ref);
      if (seen.has(object!)) continue;
      seen.add(object!);
      const dict = object instanceof PDFStream ? object.dict : object instanceof PDFDict ? object : undefined;
      if (!dict) continue;
      if (dict.lookup(PDFName.of('Subtype')) === PDFName.of('Image')) out.push({ width: numberIn(dict, 'Width', 'W'), height: numberIn(dict, 'Height', 'H') });
      else imagesIn(dict.lookup(PDFName.of('Resources')), depth + 1, seen, out);
    }
  }
}

/** Annotation appearances are forms drawn on the page too (a stamp annotation can hold a scan). */
function appearanceImages(page: PDFDict, seen: Set<PDFObject>, out: Array<{ width: number; height: number }>): string[] {
  const attachments: string[] = [];
  const annotations = page.lookupMaybe(PDFName.of('Annots'), PDFArray);
  for (let i = 0; annotations && i < annotations.size(); i++) {
    const annotation = annotations.lookup(i);
    if (!(annotation instanceof PDFDict)) continue;
    if (annotation.lookup(PDFName.of('Subtype')) === PDFName.of('FileAttachment')) {
      const name = fileSpecName(annotation.lookup(PDFName.of('FS')), undefined);
      if (name) attachments.push(name);
    }
    const normal = annotation.lookupMaybe(PDFName.of('AP'), PDFDict)?.lookup(PDFName.of('N'));
    const streams = normal instanceof PDFStream ? [normal] : normal instanceof PDFDict ? normal.values().map((v) => page.context.lookup(v)) : [];
    for (const stream of streams) if (stream instanceof PDFStream) imagesIn(stream.dict.lookup(PDFName.of('Resources')), 1, seen, out);
  }
  return attachments;
}

/**
 * Reads a PDF's images and attachments. A PDF whose structure pdf-lib cannot read is still rendered by
 * pdfjs (with its pixel caps), so this then reports nothing rather than failing.
 */
export async function inspectPdf(data: Uint8Array): Promise<PdfInspection> {
  const result: PdfInspection = { largestImages: [], attachments: [] };
  let document: PDFDocument;
  try {
    document = await PDFDocument.load(data, { ignoreEncryption: true, updateMetadata: false, throwOnInvalidObject: false });
  } catch {
    return result;
  }
  const attachments: string[] = [];
  try {
    const tree = document.catalog.lookupMaybe(PDFName.of('Names'), PDFDict)?.lookupMaybe(PDFName.of('EmbeddedFiles'), PDFDict);
    if (tree) walkNameTree(tree, 0, new Set(), attachments);
    for (const [index, page] of document.getPages().entries()) {
      const images: Array<{ width: number; height: number }> = [];
      const seen = new Set<PDFObject>();
      imagesIn(page.node.Resources(), 0, seen, images);
      attachments.push(...appearanceImages(page.node, seen, images));
      const largest = images.reduce<{ width: number; height: number } | null>((a, b) => (a && a.width * a.height >= b.width * b.height ? a : b), null);
      if (largest) result.largestImages.push({ page: index + 1, ...largest });
    }
  } catch {
    // A malformed tree or resource dictionary: keep what was found before it.
  }
  result.attachments = [...new Set(attachments)];
  return result;
}
