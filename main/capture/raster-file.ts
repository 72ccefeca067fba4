// A scanned page streamed to disk as it arrives, then encoded. Scanners deliver raw rows (SANE frames,
// TWAIN memory strips), sometimes without knowing the page's length; an A0 sheet at 600 dpi is 1.6 GB of
// RGB. So rows go straight into an uncompressed TIFF (samples first, from offset 8; the directory that
// describes them is appended when the page ends and its length is known), and libvips (sharp) encodes that
// TIFF to PNG strip by strip, never holding the page in JavaScript. TIFF rather than PNM because sharp's
// libvips reads TIFF and not PNM, and because TIFF takes the scanner's 16-bit byte order as it is.
import { promises as fs } from 'node:fs';
import sharp from 'sharp';
import { maxPixels } from '../imaging/image-limits';

export interface RasterShape {
  width: number;
  /** 1 (grey or line art) or 3 (RGB). */
  channels: 1 | 3;
  /** Bits per sample: 1 (line art, 1 = black as in SANE and TWAIN), 8 or 16. */
  depth: 1 | 8 | 16;
  /** Byte order of 16-bit samples as the scanner sends them (the machine's own for SANE). */
  littleEndian16?: boolean;
  dpi: number;
}

export function bytesPerRow(shape: Pick<RasterShape, 'width' | 'channels' | 'depth'>): number {
  return shape.depth === 1 ? Math.ceil(shape.width / 8) : shape.width * shape.channels * (shape.depth / 8);
}

/** Where the samples start: right after the 8-byte TIFF header. */
const DATA_OFFSET = 8;
/** Rows per TIFF strip: libvips then reads the page a few rows at a time. */
const ROWS_PER_STRIP = 64;

export class RasterFile {
  private bytes = 0;

  private constructor(
    readonly path: string,
    readonly shape: RasterShape,
    private readonly handle: fs.FileHandle,
  ) {}

  static async create(path: string, shape: RasterShape): Promise<RasterFile> {
    const handle = await fs.open(path, 'wx');
    return new RasterFile(path, shape, handle);
  }

  /** Appends samples in the scanner's row order. */
  async write(chunk: Buffer): Promise<void> {
    if (chunk.length === 0) return;
    await this.handle.write(chunk, 0, chunk.length, DATA_OFFSET + this.bytes);
    this.bytes += chunk.length;
  }

  /** Rows received so far (whole rows only). */
  get rows(): number {
    return Math.floor(this.bytes / bytesPerRow(this.shape));
  }

  /** Drops a trailing partial row, writes the header and directory for the rows received, closes the file. */
  async finish(): Promise<{ width: number; height: number }> {
    const height = this.rows;
    if (height === 0) throw new Error('the scanner delivered no complete row');
    const dataBytes = height * bytesPerRow(this.shape);
    const ifdOffset = DATA_OFFSET + dataBytes + ((DATA_OFFSET + dataBytes) % 2);
    const directory = tiffDirectory(this.shape, height, ifdOffset);
    const head = Buffer.alloc(DATA_OFFSET);
    head.write(this.shape.depth === 16 && this.shape.littleEndian16 === false ? 'MM' : 'II', 0, 'latin1');
    const be = this.shape.depth === 16 && this.shape.littleEndian16 === false;
    if (be) {
      head.writeUInt16BE(42, 2);
      head.writeUInt32BE(ifdOffset, 4);
    } else {
      head.writeUInt16LE(42, 2);
      head.writeUInt32LE(ifdOffset, 4);
    }
    await this.handle.truncate(DATA_OFFSET + dataBytes);
    await this.handle.write(head, 0, head.length, 0);
    await this.handle.write(be ? directory.be : directory.le, 0, directory.le.length, ifdOffset);
    await this.handle.close();
    return { width: this.shape.width, height };
  }

  async discard(): Promise<void> {
    await this.handle.close().catch(() => {});
    await fs.rm(this.path, { force: true });
  }
}

/** A baseline TIFF directory for uncompressed contiguous strips starting at DATA_OFFSET, in both byte orders. */
function tiffDirectory(shape: RasterShape, height: number, at: number): { le: Buffer; be: Buffer } {
  const rowBytes = bytesPerRow(shape);
  const strips = Math.ceil(height / ROWS_PER_STRIP);
  const offsets = Array.from({ length: strips }, (_, i) => DATA_OFFSET + i * ROWS_PER_STRIP * rowBytes);
  const counts = Array.from({ length: strips }, (_, i) => Math.min(ROWS_PER_STRIP, height - i * ROWS_PER_STRIP) * rowBytes);
  const bits = Array<number>(shape.channels).fill(shape.depth);
  // 1-bit: 1 is black (min-is-white); otherwise 0 is black, grey or RGB.
  const photometric = shape.depth === 1 ? 0 : shape.channels === 3 ? 2 : 1;
  const SHORT = 3;
  const LONG = 4;
  const RATIONAL = 5;
  const entries: Array<{ tag: number; type: number; values: number[] }> = [
    { tag: 256, type: LONG, values: [shape.width] },
    { tag: 257, type: LONG, values: [height] },
    { tag: 258, type: SHORT, values: bits },
    { tag: 259, type: SHORT, values: [1] },
    { tag: 262, type: SHORT, values: [photometric] },
    { tag: 273, type: LONG, values: offsets },
    { tag: 277, type: SHORT, values: [shape.channels] },
    { tag: 278, type: LONG, values: [ROWS_PER_STRIP] },
    { tag: 279, type: LONG, values: counts },
    { tag: 282, type: RATIONAL, values: [Math.round(shape.dpi * 100), 100] },
    { tag: 283, type: RATIONAL, values: [Math.round(shape.dpi * 100), 100] },
    { tag: 284, type: SHORT, values: [1] },
    { tag: 296, type: SHORT, values: [2] },
  ];
  const size = (e: { type: number; values: number[] }) => (e.type === SHORT ? 2 : 4) * e.values.length;
  const tableBytes = 2 + entries.length * 12 + 4;
  const total = tableBytes + entries.reduce((n, e) => n + (size(e) > 4 ? size(e) : 0), 0);
  const encode = (littleEndian: boolean): Buffer => {
    const buf = Buffer.alloc(total);
    const u16 = (v: number, o: number) => (littleEndian ? buf.writeUInt16LE(v, o) : buf.writeUInt16BE(v, o));
    const u32 = (v: number, o: number) => (littleEndian ? buf.writeUInt32LE(v, o) : buf.writeUInt32BE(v, o));
    const put = (e: { type: number; values: number[] }, o: number) => e.values.forEach((v, i) => (e.type === SHORT ? u16(v, o + 2 * i) : u32(v, o + 4 * i)));
    u16(entries.length, 0);
    let extra = tableBytes;
    entries.forEach((e, i) => {
      const o = 2 + i * 12;
      u16(e.tag, o);
      u16(e.type, o + 2);
      // A rational counts its numerator-denominator pairs.
      u32(e.type === RATIONAL ? e.values.length / 2 : e.values.length, o + 4);
      if (size(e) <= 4) {
        put(e, o + 8);
      } else {
        u32(at + extra, o + 8);
        put(e, extra);
        extra += size(e);
      }
    });
    u32(0, tableBytes - 4);
    return buf;
  };
  return { le: encode(true), be: encode(false) };
}

/**
 * Encodes raster files (one TIFF, or three single-channel planes of a three-pass scan) to a lossless PNG
 * carrying the scan resolution, and removes the sources. libvips turns everything into 8-bit sRGB unless
 * told otherwise, so grey stays grey and 16-bit stays 16-bit by naming the colour space.
 */
export async function encodeRasterToPng(sources: string[], target: string, shape: Pick<RasterShape, 'depth' | 'dpi'> & { channels: 1 | 3 }): Promise<void> {
  const [first, ...rest] = sources;
  if (!first) throw new Error('no raster to encode');
  let image = sharp(first, { limitInputPixels: maxPixels(), sequentialRead: true });
  if (rest.length > 0) image = image.joinChannel(rest);
  const wide = shape.depth === 16;
  const space = shape.channels === 3 ? (wide ? 'rgb16' : 'srgb') : wide ? 'grey16' : 'b-w';
  // Level 3 of zlib keeps most of the size gain of the default 6 at a fraction of its time on big scans.
  await image.toColourspace(space).withDensity(shape.dpi).png({ compressionLevel: 3 }).toFile(target);
  await Promise.all(sources.map((s) => fs.rm(s, { force: true })));
}
