// Hostile files for the import, generated into a folder: decompression bombs (by header and by content),
// truncated and mislabelled files, encrypted and attachment PDFs, extreme sizes and resolutions, hostile
// names — each with what the workstation must do with it. The bombs are written as streams of deflated
// zero rows, so the generator never holds one decoded either.
import { execFileSync } from 'node:child_process';
import { createWriteStream, promises as fs } from 'node:fs';
import path from 'node:path';
import { once } from 'node:events';
import { crc32, createDeflate } from 'node:zlib';
import { PDFDocument, StandardFonts, concatTransformationMatrix, drawObject, popGraphicsState, pushGraphicsState } from 'pdf-lib';
import sharp, { type Sharp } from 'sharp';
import type { ErrorCode } from '../../main/contract/errors';
import { textPage } from './page-generator';

export interface CorpusEntry {
  /** The file's name in the corpus folder, as the import reports it. */
  name: string;
  /** What it is, for the report. */
  what: string;
  /** Refused with this code, or imported as this many pages (with this warning, when one is due). */
  expect: { refused: ErrorCode } | { pages: number; warning?: ErrorCode; recognized: boolean };
}

// ------------------------------------------------------------------------------------------------- PNG

function chunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}

/**
 * A valid greyscale PNG of `width` × `height` zero pixels, written row band by row band through a
 * streaming deflate: 60,000² at 1 bit is 450 MB of rows and a few hundred KB of file.
 */
export async function writeZeroPng(file: string, width: number, height: number, bitDepth: 1 | 8): Promise<void> {
  const out = createWriteStream(file);
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([bitDepth, 0, 0, 0, 0], 8);
  out.write(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  out.write(chunk('IHDR', ihdr));
  const deflate = createDeflate({ level: 9 });
  deflate.on('data', (data: Buffer) => out.write(chunk('IDAT', data)));
  const rowBytes = Math.ceil((width * bitDepth) / 8) + 1;
  const rowsPerBand = Math.max(1, Math.floor((8 << 20) / rowBytes));
  const band = Buffer.alloc(rowBytes * rowsPerBand);
  for (let row = 0; row < height; row += rowsPerBand) {
    const rows = Math.min(rowsPerBand, height - row);
    if (!deflate.write(band.subarray(0, rows * rowBytes))) await once(deflate, 'drain');
  }
  deflate.end();
  await once(deflate, 'end');
  out.end(chunk('IEND', Buffer.alloc(0)));
  await once(out, 'finish');
}

/** The zlib stream of `bytes` zero bytes, deflated as a stream (for a PDF image's FlateDecode data). */
async function deflatedZeros(bytes: number): Promise<Buffer> {
  const deflate = createDeflate({ level: 9 });
  const parts: Buffer[] = [];
  deflate.on('data', (data: Buffer) => parts.push(data));
  const band = Buffer.alloc(8 << 20);
  for (let done = 0; done < bytes; done += band.length) {
    if (!deflate.write(band.subarray(0, Math.min(band.length, bytes - done)))) await once(deflate, 'drain');
  }
  deflate.end();
  await once(deflate, 'end');
  return Buffer.concat(parts);
}

// ------------------------------------------------------------------------------------------------ TIFF

interface TiffPage {
  width: number;
  height: number;
  /** 8-bit grey rows, or null for a header whose strip points at nothing (a bomb by header). */
  pixels: Buffer | null;
  /** XResolution = YResolution as a rational, in dpi; null for none. */
  dpi: [number, number] | null;
}

/** A little-endian baseline TIFF, one uncompressed strip per page, written field by field. */
export function tiffBytes(pages: TiffPage[]): Buffer {
  const parts: Buffer[] = [];
  let offset = 8;
  const header = Buffer.alloc(8);
  header.write('II', 0, 'latin1');
  header.writeUInt16LE(42, 2);
  parts.push(header);
  const links: Array<{ part: Buffer; at: number }> = [{ part: header, at: 4 }];
  for (const page of pages) {
    const stripOffset = offset;
    if (page.pixels) {
      parts.push(page.pixels);
      offset += page.pixels.length;
    }
    const rational = Buffer.alloc(8);
    if (page.dpi) {
      rational.writeUInt32LE(page.dpi[0], 0);
      rational.writeUInt32LE(page.dpi[1], 4);
      parts.push(rational, rational);
    }
    const xres = offset;
    const yres = offset + 8;
    if (page.dpi) offset += 16;
    const entries: Array<[tag: number, type: number, value: number]> = [
      [256, 4, page.width],
      [257, 4, page.height],
      [258, 3, 8],
      [259, 3, 1],
      [262, 3, 1],
      [273, 4, page.pixels ? stripOffset : 8],
      [277, 3, 1],
      [278, 4, page.height],
      [279, 4, page.width * page.height],
      ...(page.dpi
        ? ([
            [282, 5, xres],
            [283, 5, yres],
            [296, 3, 2],
          ] as Array<[number, number, number]>)
        : []),
    ];
    const ifd = Buffer.alloc(2 + entries.length * 12 + 4);
    ifd.writeUInt16LE(entries.length, 0);
    entries.forEach(([tag, type, value], i) => {
      const at = 2 + i * 12;
      ifd.writeUInt16LE(tag, at);
      ifd.writeUInt16LE(type, at + 2);
      ifd.writeUInt32LE(1, at + 4);
      if (type === 3) ifd.writeUInt16LE(value, at + 8);
      else ifd.writeUInt32LE(value, at + 8);
    });
    const previous = links[links.length - 1]!;
    previous.part.writeUInt32LE(offset, previous.at);
    links.push({ part: ifd, at: ifd.length - 4 });
    parts.push(ifd);
    offset += ifd.length;
  }
  return Buffer.concat(parts);
}

// ------------------------------------------------------------------------------------------------- PDF

async function pdfWithText(size: [number, number], text: string): Promise<PDFDocument> {
  const pdf = await PDFDocument.create();
  const font = await pdf.embedFont(StandardFonts.Helvetica);
  const page = pdf.addPage(size);
  page.drawText(text, { x: 20, y: size[1] - 40, size: 14, font });
  return pdf;
}

/** An A4 page whose only content is a 30,000² grey image of zeros (FlateDecode, under 1 MB). */
async function pdfWithHugeImage(): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  const page = pdf.addPage([595.28, 841.89]);
  const side = 30_000;
  const image = pdf.context.stream(await deflatedZeros(side * side), {
    Type: 'XObject',
    Subtype: 'Image',
    Width: side,
    Height: side,
    ColorSpace: 'DeviceGray',
    BitsPerComponent: 8,
    Filter: 'FlateDecode',
  });
  const name = page.node.newXObject('Bom', pdf.context.register(image));
  page.pushOperators(pushGraphicsState(), concatTransformationMatrix(595.28, 0, 0, 841.89, 0, 0), drawObject(name), popGraphicsState());
  return pdf.save();
}

// ----------------------------------------------------------------------------------------------- names

/** A file name of exactly `bytes` bytes of UTF-8 (Vietnamese letters, then ASCII to fill), ending `.png`. */
export function nameOfBytes(bytes: number): string {
  const words = 'Quyết định về việc phê duyệt kế hoạch số hóa tài liệu lưu trữ của Ủy ban nhân dân tỉnh ';
  let stem = '';
  for (const char of words.repeat(10)) {
    if (Buffer.byteLength(`${stem}${char}.png`) > bytes) break;
    stem += char;
  }
  stem = stem.trimEnd();
  return `${stem}${'x'.repeat(bytes - Buffer.byteLength(`${stem}.png`))}.png`;
}

export const LONG_NAME = nameOfBytes(254);
/** Shows as "bien-ban-gnp.exe…" turned around: a right-to-left override hides what the name ends with. */
export const RTL_NAME = 'bien-ban-\u202Egpj.exe.png';
/** Latin-1 "trang-é.png": not UTF-8, so Node cannot hand it back by a string name. */
const LATIN1_NAME = Buffer.concat([Buffer.from('trang-'), Buffer.from([0xe9]), Buffer.from('.png')]);
export const LATIN1_NAME_AS_READ = LATIN1_NAME.toString('utf8');

// -------------------------------------------------------------------------------------------- the corpus

function noise(width: number, height: number): Sharp {
  const data = Buffer.alloc(width * height * 3);
  for (let i = 0; i < data.length; i++) data[i] = (i * 2654435761) >>> 24;
  return sharp(data, { raw: { width, height, channels: 3 } });
}

function plain(width: number, height: number): Sharp {
  return sharp({ create: { width, height, channels: 3, background: '#ffffff' } });
}

const cut = (data: Buffer) => data.subarray(0, Math.floor(data.length * 0.6));

/** Writes the corpus into `dir` (which must exist) and returns what each file is expected to give. */
export async function writeHostileCorpus(dir: string): Promise<CorpusEntry[]> {
  const entries: CorpusEntry[] = [];
  const put = async (name: string, what: string, data: Buffer | Uint8Array | null, expect: CorpusEntry['expect']) => {
    if (data) await fs.writeFile(path.join(dir, name), data);
    entries.push({ name, what, expect });
  };
  const tooLarge = { refused: 'IMAGE_TOO_LARGE' } as const;
  const corrupt = { refused: 'IMAGE_CORRUPT' } as const;

  await writeZeroPng(path.join(dir, 'bom-60000x60000-1bit.png'), 60_000, 60_000, 1);
  await put('bom-60000x60000-1bit.png', 'PNG 60 000² 1 bit (bom theo tiêu đề)', null, tooLarge);
  await writeZeroPng(path.join(dir, 'bom-30000x30000.png'), 30_000, 30_000, 8);
  await put('bom-30000x30000.png', 'PNG 30 000² 8 bit (bom theo nội dung)', null, tooLarge);
  await put('bom-tieu-de-60000.tif', 'TIFF tiêu đề 60 000², không có điểm ảnh', tiffBytes([{ width: 60_000, height: 60_000, pixels: null, dpi: [300, 1] }]), tooLarge);
  await put(
    'tiff-nhieu-trang.tif',
    'TIFF 2 trang, trang 2 tiêu đề 60 000²',
    tiffBytes([
      { width: 400, height: 300, pixels: Buffer.alloc(400 * 300, 255), dpi: [300, 1] },
      { width: 60_000, height: 60_000, pixels: null, dpi: [300, 1] },
    ]),
    tooLarge,
  );
  const jpeg = await noise(64, 64).jpeg().toBuffer();
  const sof = jpeg.indexOf(Buffer.from([0xff, 0xc0]));
  jpeg.writeUInt16BE(65_000, sof + 5);
  jpeg.writeUInt16BE(65_000, sof + 7);
  await put('jpeg-sof-65000.jpg', 'JPEG khai báo 65 000² trong SOF', jpeg, tooLarge);
  const progressive = await noise(64, 64).jpeg({ progressive: true }).toBuffer();
  const sof2 = progressive.indexOf(Buffer.from([0xff, 0xc2]));
  progressive.writeUInt16BE(6_000, sof2 + 5);
  progressive.writeUInt16BE(30_000, sof2 + 7);
  await put('jpeg-tien-trinh-180mp.jpg', 'JPEG lũy tiến khai báo 30 000 × 6 000', progressive, tooLarge);

  await put('cat-cut.png', 'PNG bị cắt cụt', cut(await noise(300, 300).png().toBuffer()), corrupt);
  await put('cat-cut.jpg', 'JPEG bị cắt cụt', cut(await noise(300, 300).jpeg().toBuffer()), corrupt);
  await put('cat-cut.tif', 'TIFF bị cắt cụt', cut(await noise(300, 300).tiff({ compression: 'none' }).toBuffer()), corrupt);
  await put('van-ban.png', 'tệp chữ đặt tên .png', Buffer.from('Đây là một tệp văn bản, không phải ảnh.\n'.repeat(20)), corrupt);
  await put('anh-gif.png', 'GIF đặt tên .png', await noise(64, 64).gif().toBuffer(), { refused: 'UNSUPPORTED_FORMAT' });
  await put('anh-webp.png', 'WebP đặt tên .png', await noise(64, 64).webp().toBuffer(), { refused: 'UNSUPPORTED_FORMAT' });
  await put('rong.png', 'tệp rỗng', Buffer.alloc(0), corrupt);
  await put('png-doi-ten.jpg', 'PNG đặt tên .jpg', await plain(400, 300).png().toBuffer(), { pages: 1, recognized: true });

  await put('mediabox-qua-lon.pdf', 'PDF trang 14 400 × 14 400 pt', await (await pdfWithText([14_400, 14_400], 'Trang rat lon')).save(), tooLarge);
  await put('anh-nhung-30000.pdf', 'PDF chứa ảnh 30 000²', await pdfWithHugeImage(), tooLarge);
  const locked = path.join(dir, 'co-mat-khau.pdf');
  const open = path.join(dir, 'co-mat-khau.src.tmp');
  await fs.writeFile(open, await (await pdfWithText([300, 200], 'Bi mat')).save());
  execFileSync('qpdf', ['--encrypt', 'nguoi-dung', 'chu-so-huu', '256', '--', open, locked]);
  await fs.rm(open);
  await put('co-mat-khau.pdf', 'PDF có mật khẩu', null, { refused: 'PDF_ENCRYPTED' });
  const attached = await pdfWithText([300, 200], 'Co dinh kem');
  await attached.attach(Buffer.from('hang,so tien\n1,1000\n'), 'bang-ke-kinh-phi.csv', { mimeType: 'text/csv', description: 'Bảng kê' });
  await put('co-dinh-kem.pdf', 'PDF có tệp đính kèm', await attached.save(), { pages: 1, warning: 'PDF_ATTACHMENTS_SKIPPED', recognized: true });

  await put('1x1.png', 'PNG 1 × 1', await plain(1, 1).png().toBuffer(), { pages: 1, recognized: false });
  await put('100000x1.png', 'PNG 100 000 × 1', await plain(100_000, 1).png().toBuffer(), { pages: 1, recognized: false });
  await put('100000dpi.png', 'PNG khai báo 100 000 dpi', await plain(600, 400).withDensity(100_000).png().toBuffer(), { pages: 1, warning: 'RESOLUTION_UNTRUSTED', recognized: true });
  await put('0dpi.tif', 'TIFF khai báo 0 dpi', tiffBytes([{ width: 600, height: 400, pixels: Buffer.alloc(600 * 400, 255), dpi: [0, 1] }]), { pages: 1, warning: 'RESOLUTION_UNTRUSTED', recognized: true });
  await put(LONG_NAME, 'tên tệp 254 byte', await plain(400, 300).png().toBuffer(), { pages: 1, recognized: true });
  await put(RTL_NAME, 'tên có U+202E', await plain(400, 300).png().toBuffer(), { pages: 1, recognized: true });
  await fs.writeFile(Buffer.concat([Buffer.from(`${dir}/`), LATIN1_NAME]), await plain(400, 300).png().toBuffer());
  await put(LATIN1_NAME_AS_READ, 'tên không phải UTF-8', null, { refused: 'FILE_NAME_UNUSABLE' });

  for (const [n, firstLine] of [
    [1, 0],
    [2, 30],
  ] as const) {
    await put(`trang-tot-${n}.png`, 'trang văn bản bình thường', await withDpi(textPage({ dpi: 150, lines: 10, firstLine }).png, 150), { pages: 1, recognized: true });
  }
  return entries;
}

/** The generator's canvas PNG declares no resolution; a real scanner's page says what it was scanned at. */
function withDpi(png: Buffer, dpi: number): Promise<Buffer> {
  return sharp(png).withDensity(dpi).png().toBuffer();
}
