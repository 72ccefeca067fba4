// The parts of a PDF/A-2b file (ISO 19005-2, level B) that pdf-lib does not write by itself: the XMP
// metadata packet that claims the conformance, the document information that must agree with it, the
// sRGB output intent that gives DeviceRGB and DeviceGray images a defined colour, and the file
// identifier in the trailer.
import { XMLBuilder } from 'fast-xml-parser';
import { PDFHexString, PDFName, PDFString, type PDFDocument } from 'pdf-lib';
import sharp from 'sharp';
import { maxPixels } from '../imaging/image-limits';

/** One set of values for both the Info dictionary and the XMP packet, so the two cannot disagree. */
export interface ArchivalMetadata {
  title: string;
  author?: string;
  subject?: string;
  keywords?: string;
  /** The application that made the content: Info Creator, xmp:CreatorTool. */
  creator: string;
  producer: string;
  /** BCP 47, e.g. vi-VN: the catalog's /Lang and dc:language. */
  language: string;
  /** Whole seconds: the Info dictionary's dates cannot hold less, and XMP must say the same instant. */
  created: Date;
  modified: Date;
}

const NS = {
  x: 'adobe:ns:meta/',
  rdf: 'http://www.w3.org/1999/02/22-rdf-syntax-ns#',
  pdfaid: 'http://www.aiim.org/pdfa/ns/id/',
  dc: 'http://purl.org/dc/elements/1.1/',
  pdf: 'http://ns.adobe.com/pdf/1.3/',
  xmp: 'http://ns.adobe.com/xap/1.0/',
};

/** The packet wrapper's id is a fixed value from the XMP specification; `begin` holds a BOM (UTF-8). */
const PACKET_BEGIN = '<?xpacket begin="\uFEFF" id="W5M0MpCehiHzreSzNTczkc9d"?>';
const PACKET_END = '<?xpacket end="w"?>';

const SRGB = 'sRGB IEC61966-2.1';

/** XMP dates carry the time zone, as PDF/A asks; UTC, the same instant pdf-lib writes as D:…Z in Info. */
export function xmpDate(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

const langAlt = (text: string) => ({ 'rdf:Alt': { 'rdf:li': { '@_xml:lang': 'x-default', '#text': text } } });

/**
 * Only properties of schemas that PDF/A predefines (Dublin Core, Adobe PDF, XMP basic, PDF/A
 * identification), so no extension schema description is needed. Each Info entry has its twin here:
 * Title–dc:title, Author–dc:creator, Subject–dc:description, Keywords–pdf:Keywords,
 * Producer–pdf:Producer, Creator–xmp:CreatorTool, CreationDate–xmp:CreateDate, ModDate–xmp:ModifyDate.
 */
export function xmpPacket(meta: ArchivalMetadata): string {
  const description = {
    '@_rdf:about': '',
    '@_xmlns:pdfaid': NS.pdfaid,
    '@_xmlns:dc': NS.dc,
    '@_xmlns:pdf': NS.pdf,
    '@_xmlns:xmp': NS.xmp,
    'pdfaid:part': 2,
    'pdfaid:conformance': 'B',
    'dc:format': 'application/pdf',
    'dc:title': langAlt(meta.title),
    ...(meta.author ? { 'dc:creator': { 'rdf:Seq': { 'rdf:li': meta.author } } } : {}),
    ...(meta.subject ? { 'dc:description': langAlt(meta.subject) } : {}),
    'dc:language': { 'rdf:Bag': { 'rdf:li': meta.language } },
    ...(meta.keywords ? { 'pdf:Keywords': meta.keywords } : {}),
    'pdf:Producer': meta.producer,
    'xmp:CreatorTool': meta.creator,
    'xmp:CreateDate': xmpDate(meta.created),
    'xmp:ModifyDate': xmpDate(meta.modified),
    'xmp:MetadataDate': xmpDate(meta.modified),
  };
  // The builder escapes &, <, >, " and ' in text and attribute values.
  const builder = new XMLBuilder({ ignoreAttributes: false, attributeNamePrefix: '@_', format: true, indentBy: ' ' });
  const body = builder.build({
    'x:xmpmeta': { '@_xmlns:x': NS.x, 'rdf:RDF': { '@_xmlns:rdf': NS.rdf, 'rdf:Description': description } },
  }) as string;
  return `${PACKET_BEGIN}\n${body}${PACKET_END}`;
}

/**
 * The Info dictionary and the catalog's /Metadata stream from the same values. The stream stays
 * uncompressed (PDF/A forbids a Filter on it) so that any tool can find the conformance claim.
 */
export function writeArchivalMetadata(pdf: PDFDocument, meta: ArchivalMetadata): void {
  pdf.setTitle(meta.title, { showInWindowTitleBar: true });
  if (meta.author) pdf.setAuthor(meta.author);
  if (meta.subject) pdf.setSubject(meta.subject);
  // One string: pdf-lib would join several keywords with bare spaces.
  if (meta.keywords) pdf.setKeywords([meta.keywords]);
  pdf.setCreator(meta.creator);
  pdf.setProducer(meta.producer);
  pdf.setLanguage(meta.language);
  pdf.setCreationDate(meta.created);
  pdf.setModificationDate(meta.modified);

  const xmp = pdf.context.stream(new TextEncoder().encode(xmpPacket(meta)), { Type: 'Metadata', Subtype: 'XML' });
  pdf.catalog.set(PDFName.of('Metadata'), pdf.context.register(xmp));
}

/**
 * What PDF/A asks of an output intent's profile (ISO 19005-2, 6.2.3): an ICC header ('acsp' signature),
 * a monitor or printer class, RGB data, a version below 5. Checked because the bytes come from the
 * image library, which a dependency update could change.
 */
function assertRgbOutputProfile(icc: Buffer): void {
  const ascii = (start: number) => icc.subarray(start, start + 4).toString('latin1');
  const ok = icc.length >= 128 && ascii(36) === 'acsp' && ['mntr', 'prtr'].includes(ascii(12)) && ascii(16) === 'RGB ' && icc[8]! < 5;
  if (!ok) throw new Error('The sRGB profile from libvips is not usable as a PDF/A output intent.');
}

/**
 * The sRGB ICC profile (about 500 bytes) comes from libvips inside sharp, not from a file on disk: sharp
 * ships libvips with its built-in sRGB profile on every platform (the app also runs on Windows, where
 * Debian's /usr/share/color/icc does not exist), so the app carries its profile with it. libvips only
 * hands it out attached to an image, hence the 1×1 pixel; the result never changes, so it is made once
 * per process and shared. A failure is not cached, the next export tries again.
 */
let srgbProfileBytes: Promise<Buffer> | undefined;
export function srgbProfile(): Promise<Buffer> {
  srgbProfileBytes ??= (async () => {
    const pixel = await sharp({ create: { width: 1, height: 1, channels: 3, background: '#ffffff' }, limitInputPixels: maxPixels() })
      .withIccProfile('srgb')
      .png()
      .toBuffer();
    const { icc } = await sharp(pixel, { limitInputPixels: maxPixels() }).metadata();
    if (!icc) throw new Error('libvips attached no sRGB profile.');
    assertRgbOutputProfile(icc);
    return icc;
  })().catch((error: unknown) => {
    srgbProfileBytes = undefined;
    throw error;
  });
  return srgbProfileBytes;
}

/**
 * The output intent says the page images' DeviceRGB (and DeviceGray) values are sRGB, which PDF/A needs
 * before device colour may be used at all. With it, pages whose PNG carries an alpha channel (an SMask)
 * need no page-level transparency group either: ISO 19005-2, 6.2.10 asks for one only in files without
 * an output intent.
 */
export async function addSrgbOutputIntent(pdf: PDFDocument): Promise<void> {
  const profile = pdf.context.register(pdf.context.stream(await srgbProfile(), { N: 3 }));
  const intent = pdf.context.obj({
    Type: 'OutputIntent',
    S: 'GTS_PDFA1',
    OutputConditionIdentifier: PDFString.of(SRGB),
    Info: PDFString.of(SRGB),
    RegistryName: PDFString.of('http://www.color.org'),
    DestOutputProfile: profile,
  });
  pdf.catalog.set(PDFName.of('OutputIntents'), pdf.context.obj([intent]));
}

/**
 * The trailer /ID PDF/A requires (pdf-lib writes none by itself). Both halves are the same for a new
 * file; taken from a digest of the content rather than from the clock so the same document gives the
 * same identifier.
 */
export function setFileId(pdf: PDFDocument, digest: Uint8Array): void {
  const hex = Buffer.from(digest.subarray(0, 16)).toString('hex').toUpperCase();
  pdf.context.trailerInfo.ID = pdf.context.obj([PDFHexString.of(hex), PDFHexString.of(hex)]);
}
