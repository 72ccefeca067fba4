// A PNG page image goes into the PDF without being decoded: PDF's FlateDecode filter with the PNG
// predictors reads the PNG's own compressed rows (its IDAT data), the way img2pdf does it. pdf-lib's
// embedPng decodes the whole image into JavaScript arrays and deflates it again in JavaScript: about a
// second per A4 page at 300 dpi, and gigabytes for an A0 sheet. PNGs the predictors cannot carry
// (alpha, 16 bits, palette, interlaced) are first rewritten by libvips as plain 8-bit grey or RGB.
import { PDFName, PDFNumber, type PDFDocument, type PDFRef } from 'pdf-lib';
import sharp from 'sharp';
import { maxPixels } from '../imaging/image-limits';

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

interface PlainPng {
  width: number;
  height: number;
  /** 1 for grey, 3 for RGB. */
  colours: 1 | 3;
  /** The concatenated IDAT chunks: one zlib stream of filtered rows. */
  data: Buffer;
}

/** The PNG's rows as they are, when they are 8-bit grey or RGB, not interlaced; null otherwise. */
export function plainPng(png: Buffer): PlainPng | null {
  if (png.length < 33 || !png.subarray(0, 8).equals(SIGNATURE)) return null;
  let offset = 8;
  let header: { width: number; height: number; depth: number; type: number; interlace: number } | null = null;
  const idat: Buffer[] = [];
  while (offset + 12 <= png.length) {
    const length = png.readUInt32BE(offset);
    const type = png.toString('latin1', offset + 4, offset + 8);
    const data = png.subarray(offset + 8, offset + 8 + length);
    if (type === 'IHDR') header = { width: data.readUInt32BE(0), height: data.readUInt32BE(4), depth: data[8]!, type: data[9]!, interlace: data[12]! };
    else if (type === 'IDAT') idat.push(data);
    else if (type === 'IEND') break;
    offset += 12 + length;
  }
  if (!header || idat.length === 0 || header.depth !== 8 || header.interlace !== 0) return null;
  if (header.type !== 0 && header.type !== 2) return null;
  return { width: header.width, height: header.height, colours: header.type === 0 ? 1 : 3, data: Buffer.concat(idat) };
}

/** Rewrites a PNG as 8-bit grey or RGB without alpha (a scan has nothing behind it: white). */
async function asPlainPng(png: Buffer): Promise<PlainPng> {
  const image = sharp(png, { limitInputPixels: maxPixels() });
  const { channels } = await image.metadata();
  const plain = await image
    .flatten({ background: '#ffffff' })
    .toColourspace(channels <= 2 ? 'b-w' : 'srgb')
    .png({ compressionLevel: 6 })
    .toBuffer();
  const parsed = plainPng(plain);
  if (!parsed) throw new Error('libvips wrote a PNG that is not plain 8-bit grey or RGB');
  return parsed;
}

/** Adds the PNG as an image XObject and returns its reference. */
export async function embedPngImage(pdf: PDFDocument, png: Buffer): Promise<PDFRef> {
  const image = plainPng(png) ?? (await asPlainPng(png));
  const stream = pdf.context.stream(image.data, {
    Type: 'XObject',
    Subtype: 'Image',
    Width: image.width,
    Height: image.height,
    ColorSpace: image.colours === 1 ? 'DeviceGray' : 'DeviceRGB',
    BitsPerComponent: 8,
    Filter: 'FlateDecode',
    DecodeParms: { Predictor: 15, Colors: image.colours, BitsPerComponent: 8, Columns: image.width },
  });
  // pdf-lib keeps a dictionary's Length from the bytes given, which are already compressed.
  stream.dict.set(PDFName.of('Length'), PDFNumber.of(image.data.length));
  return pdf.context.register(stream);
}
