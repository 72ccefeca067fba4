// QR codes, read and written with zxing-wasm (ZXing-C++ compiled to WebAssembly). The WebAssembly is the
// package's own file, handed to the module before its first use, so nothing is ever fetched from the
// network (the workstation runs offline, and a fetch from a CDN would be a supply-chain hole).
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { prepareZXingModule, readBarcodes, writeBarcode } from 'zxing-wasm/full';

let ready: Promise<unknown> | undefined;

/** Loads the WebAssembly from the package once per thread (each worker thread has its own module). */
function zxing(): Promise<unknown> {
  ready ??= readFile(createRequire(import.meta.url).resolve('zxing-wasm/full/zxing_full.wasm')).then((bytes) =>
    prepareZXingModule({ overrides: { wasmBinary: bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer }, fireImmediately: true }),
  );
  return ready;
}

/** A QR symbol's modules, row by row, true for dark; without the quiet zone. */
export interface QrMatrix {
  size: number;
  dark: boolean[];
}

/**
 * The modules of a QR code for `text` at error correction H (30 % of the symbol may be lost: a staple, a
 * stamp, a fold across a separator sheet still reads).
 */
export async function qrMatrix(text: string): Promise<QrMatrix> {
  await zxing();
  const written = await writeBarcode(text, { format: 'QRCode', ecLevel: 'H', addQuietZones: false });
  if (written.error) throw new Error(`QR code not written: ${written.error}`);
  const { width, height, data } = written.symbol;
  if (width !== height) throw new Error(`QR symbol not square: ${width} × ${height}`);
  return { size: width, dark: Array.from(data, (v) => v === 0) };
}

/** One QR code found on an image: its text when it decoded, or why it did not. */
export interface FoundQr {
  text: string | null;
  error: string | null;
  /** The symbol's corners in the image's pixels. */
  corners: Array<{ x: number; y: number }>;
}

/**
 * Every QR code on a grey image (one byte a pixel), including those ZXing located but could not decode
 * (`text` null): a damaged separator must be flagged, not taken for a plain page.
 */
export async function readQrCodes(grey: Uint8Array, width: number, height: number): Promise<FoundQr[]> {
  await zxing();
  const rgba = new Uint8ClampedArray(width * height * 4);
  for (let i = 0, j = 0; i < grey.length; i++, j += 4) {
    rgba[j] = rgba[j + 1] = rgba[j + 2] = grey[i]!;
    rgba[j + 3] = 255;
  }
  const results = await readBarcodes({ data: rgba, width, height }, { formats: ['QRCode'], tryHarder: true, tryRotate: true, tryInvert: false, returnErrors: true, maxNumberOfSymbols: 8 });
  return results.map((r) => ({
    text: r.isValid ? r.text : null,
    error: r.isValid ? null : r.error || 'không giải mã được',
    corners: [r.position.topLeft, r.position.topRight, r.position.bottomRight, r.position.bottomLeft].map((p) => ({ x: p.x, y: p.y })),
  }));
}
