// A loopback eSCL scanner of the project's own, for tests and demos (127.0.0.1, a free port).
// It follows eSCL 2.x closely enough for Debian's independent client (sane-airscan) to scan from it:
// ScannerCapabilities, ScannerStatus, POST ScanJobs → 201 + Location, NextDocument (real JPEG/PNG
// pages drawn with sharp at the requested region, resolution and colour mode; 503 first to exercise
// retries; 404 when done), DELETE cancels, and an injectable paper jam or empty feeder.
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import sharp from 'sharp';
import { maxPixels } from '../../imaging/image-limits';
import { child, childInt, childText, el, parseXml, xmlDocument, type XmlNode } from './escl-xml';

type ColorMode = 'BlackAndWhite1' | 'Grayscale8' | 'RGB24';
type Format = 'image/jpeg' | 'image/png';

export interface EsclPeerOptions {
  makeAndModel?: string;
  /** Offer a flatbed (default true). */
  platen?: boolean;
  /** Offer a document feeder holding `sheets` sheets (default: a simplex feeder with 5 sheets). `false` for none. */
  adf?: { sheets: number; duplex?: boolean } | false;
  colorModes?: ColorMode[];
  resolutions?: number[];
  formats?: Format[];
  /** Largest scan area in 1/300 inch (default 2550 × 4200: Letter width, Legal length; A4 fits). */
  maxWidth?: number;
  maxHeight?: number;
  /** Answer 503 to the first NextDocument of each page, as many real devices do (default true). */
  notReadyFirst?: boolean;
  /** Jam the feeder after this many pages of a job have been delivered. */
  jamAfterPage?: number;
  /** Report Processing and refuse new jobs with 503, as a scanner busy with someone else's job. */
  busy?: boolean;
}

export interface EsclPeerRequest {
  method: string;
  path: string;
}

interface Job {
  id: string;
  source: 'Platen' | 'Feeder';
  duplex: boolean;
  colorMode: ColorMode;
  format: Format;
  xRes: number;
  yRes: number;
  width: number;
  height: number;
  /** Pages this job will deliver (the feeder's pages are taken as they are scanned). */
  delivered: number;
  /** Whether the current page has already been answered with 503 once. */
  notReadyServed: boolean;
  state: 'Processing' | 'Completed' | 'Canceled' | 'Aborted';
  /** Back side still to deliver for the current sheet (duplex). */
  backPending: boolean;
}

const DEFAULT_RESOLUTIONS = [75, 100, 150, 200, 300, 600];

/** Pixel size of a region in 1/300 inch at a resolution. */
export function regionPixels(threeHundredths: number, dpi: number): number {
  return Math.max(1, Math.round((threeHundredths * dpi) / 300));
}

/** A page image: white, a black frame, page number `n` as n black squares, the back side striped. */
export async function renderPage(opts: {
  widthPx: number;
  heightPx: number;
  dpi: number;
  colorMode: ColorMode;
  format: Format;
  pageNumber: number;
  back: boolean;
}): Promise<Buffer> {
  const { widthPx: w, heightPx: h, colorMode } = opts;
  const channels = colorMode === 'RGB24' ? 3 : 1;
  const pixels = Buffer.alloc(w * h * channels, 255);
  const fill = (x0: number, y0: number, x1: number, y1: number, rgb: [number, number, number]): void => {
    const xa = Math.max(0, Math.floor(x0));
    const xb = Math.min(w, Math.ceil(x1));
    const ya = Math.max(0, Math.floor(y0));
    const yb = Math.min(h, Math.ceil(y1));
    const gray = Math.round(0.299 * rgb[0] + 0.587 * rgb[1] + 0.114 * rgb[2]);
    for (let y = ya; y < yb; y++) {
      const row = y * w * channels;
      if (channels === 1) pixels.fill(gray, row + xa, row + xb);
      else for (let x = xa; x < xb; x++) pixels.set(rgb, row + x * 3);
    }
  };
  const unit = opts.dpi / 10; // 2.54 mm
  const frame = Math.max(1, Math.round(opts.dpi / 50));
  fill(0, 0, w, frame, [0, 0, 0]);
  fill(0, h - frame, w, h, [0, 0, 0]);
  fill(0, 0, frame, h, [0, 0, 0]);
  fill(w - frame, 0, w, h, [0, 0, 0]);
  // Header band: red on the front, blue on the back (grey in gray modes).
  fill(frame, frame, w - frame, frame + unit, opts.back ? [40, 60, 200] : [200, 40, 40]);
  for (let i = 0; i < opts.pageNumber; i++) {
    const x = 2 * unit + (i % 10) * 2 * unit;
    const y = 3 * unit + Math.floor(i / 10) * 2 * unit;
    fill(x, y, x + unit, y + unit, [0, 0, 0]);
  }
  if (opts.back) for (let y = 6 * unit; y < h - unit; y += 4 * unit) fill(unit, y, w - unit, y + unit / 4, [128, 128, 128]);

  let image = sharp(pixels, { raw: { width: w, height: h, channels }, limitInputPixels: maxPixels() });
  if (colorMode === 'BlackAndWhite1') image = image.threshold(128);
  if (channels === 1) image = image.toColourspace('b-w');
  image = image.withDensity(opts.dpi);
  if (opts.format === 'image/png') {
    return image.png(colorMode === 'BlackAndWhite1' ? { palette: true, colours: 2 } : {}).toBuffer();
  }
  return image.jpeg({ quality: 85 }).toBuffer();
}

export class EsclPeer {
  readonly options: Required<Omit<EsclPeerOptions, 'jamAfterPage' | 'adf'>> & { adf: EsclPeerOptions['adf']; jamAfterPage: number | undefined };
  /** Every request the peer received, in order. */
  readonly requests: EsclPeerRequest[] = [];
  /** Sheets in the feeder now. */
  sheetsLoaded: number;
  jammed = false;
  private readonly jobs = new Map<string, Job>();
  private readonly server: http.Server;
  private port = 0;
  private pagesServed = 0;

  private constructor(options: EsclPeerOptions) {
    this.options = {
      makeAndModel: options.makeAndModel ?? 'Tram So Hoa eSCL Peer',
      platen: options.platen ?? true,
      adf: options.adf === undefined ? { sheets: 5 } : options.adf,
      colorModes: options.colorModes ?? ['BlackAndWhite1', 'Grayscale8', 'RGB24'],
      resolutions: options.resolutions ?? DEFAULT_RESOLUTIONS,
      formats: options.formats ?? ['image/jpeg', 'image/png'],
      maxWidth: options.maxWidth ?? 2550,
      maxHeight: options.maxHeight ?? 4200,
      notReadyFirst: options.notReadyFirst ?? true,
      jamAfterPage: options.jamAfterPage,
      busy: options.busy ?? false,
    };
    this.sheetsLoaded = this.options.adf ? this.options.adf.sheets : 0;
    this.server = http.createServer((req, res) => {
      this.handle(req, res).catch((error: unknown) => {
        if (!res.headersSent) this.send(res, 500, 'text/plain', Buffer.from(String(error)));
        else res.destroy();
      });
    });
  }

  /** Starts a peer on 127.0.0.1 with a free port. */
  static async start(options: EsclPeerOptions = {}): Promise<EsclPeer> {
    const peer = new EsclPeer(options);
    await new Promise<void>((resolve, reject) => {
      peer.server.once('error', reject);
      peer.server.listen(0, '127.0.0.1', () => resolve());
    });
    peer.port = (peer.server.address() as AddressInfo).port;
    return peer;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}/eSCL`;
  }

  get portNumber(): number {
    return this.port;
  }

  /** Total pages delivered (200 NextDocument answers) since start. */
  get pagesDelivered(): number {
    return this.pagesServed;
  }

  /** Puts sheets in the feeder and clears a jam. */
  loadFeeder(sheets: number): void {
    this.sheetsLoaded = sheets;
    this.jammed = false;
  }

  setJamAfterPage(page: number | undefined): void {
    this.options.jamAfterPage = page;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private get duplexCapable(): boolean {
    const adf = this.options.adf;
    return adf !== undefined && adf !== false && adf.duplex === true;
  }

  private inputCaps(name: string): XmlNode {
    const o = this.options;
    return el(name, [
      el('scan:MinWidth', 16),
      el('scan:MaxWidth', o.maxWidth),
      el('scan:MinHeight', 16),
      el('scan:MaxHeight', o.maxHeight),
      el('scan:MaxScanRegions', 1),
      el('scan:SettingProfiles', [
        el('scan:SettingProfile', [
          el('scan:ColorModes', o.colorModes.map((m) => el('scan:ColorMode', m))),
          el('scan:DocumentFormats', [
            ...o.formats.map((f) => el('pwg:DocumentFormat', f)),
            ...o.formats.map((f) => el('scan:DocumentFormatExt', f)),
          ]),
          el('scan:SupportedResolutions', [
            el('scan:DiscreteResolutions', o.resolutions.map((r) => el('scan:DiscreteResolution', [el('scan:XResolution', r), el('scan:YResolution', r)]))),
          ]),
          el('scan:ColorSpaces', [el('scan:ColorSpace', 'sRGB')]),
        ]),
      ]),
      el('scan:SupportedIntents', [el('scan:Intent', 'Document'), el('scan:Intent', 'TextAndGraphic'), el('scan:Intent', 'Photo'), el('scan:Intent', 'Preview')]),
      el('scan:MaxOpticalXResolution', Math.max(...o.resolutions)),
      el('scan:MaxOpticalYResolution', Math.max(...o.resolutions)),
      el('scan:RiskyLeftMargin', 0),
      el('scan:RiskyRightMargin', 0),
      el('scan:RiskyTopMargin', 0),
      el('scan:RiskyBottomMargin', 0),
    ]);
  }

  capabilitiesXml(): string {
    const body: XmlNode[] = [
      el('pwg:Version', '2.63'),
      el('pwg:MakeAndModel', this.options.makeAndModel),
      el('pwg:SerialNumber', 'TSH-0001'),
      el('scan:UUID', '4509a320-00a0-008f-00b6-002507510eca'),
      el('scan:AdminURI', `http://127.0.0.1:${this.port}/`),
    ];
    if (this.options.platen) body.push(el('scan:Platen', [this.inputCaps('scan:PlatenInputCaps')]));
    if (this.options.adf !== false) {
      const adf: XmlNode[] = [this.inputCaps('scan:AdfSimplexInputCaps')];
      if (this.duplexCapable) adf.push(this.inputCaps('scan:AdfDuplexInputCaps'));
      adf.push(el('scan:FeederCapacity', 50));
      adf.push(el('scan:AdfOptions', [el('scan:AdfOption', 'DetectPaperLoaded'), ...(this.duplexCapable ? [el('scan:AdfOption', 'Duplex')] : [])]));
      body.push(el('scan:Adf', adf));
    }
    return xmlDocument(el('scan:ScannerCapabilities', body));
  }

  private activeJob(): Job | undefined {
    return [...this.jobs.values()].find((j) => j.state === 'Processing');
  }

  statusXml(): string {
    const state = this.options.busy || this.activeJob() ? 'Processing' : this.jammed ? 'Stopped' : 'Idle';
    const body: XmlNode[] = [el('pwg:Version', '2.63'), el('pwg:State', state)];
    if (this.jammed) body.push(el('scan:StateReasons', [el('scan:StateReason', 'MediaJam')]));
    if (this.options.adf !== false) {
      body.push(el('scan:AdfState', this.jammed ? 'ScannerAdfJam' : this.sheetsLoaded > 0 ? 'ScannerAdfLoaded' : 'ScannerAdfEmpty'));
    }
    body.push(
      el('scan:Jobs', [...this.jobs.values()].map((j) => el('scan:JobInfo', [
        el('pwg:JobUri', `/eSCL/ScanJobs/${j.id}`),
        el('pwg:JobUuid', j.id),
        el('scan:Age', 0),
        el('pwg:ImagesCompleted', j.delivered),
        el('pwg:ImagesToTransfer', j.state === 'Processing' ? 1 : 0),
        el('pwg:JobState', j.state),
      ]))),
    );
    return xmlDocument(el('scan:ScannerStatus', body));
  }

  private send(res: http.ServerResponse, status: number, type?: string, body?: Buffer | string, headers: Record<string, string> = {}): void {
    const data = body === undefined ? Buffer.alloc(0) : Buffer.isBuffer(body) ? body : Buffer.from(body, 'utf8');
    const head: Record<string, string | number> = { 'Content-Length': data.length, ...headers };
    if (type) head['Content-Type'] = type;
    res.writeHead(status, head);
    res.end(data);
  }

  private async readBody(req: http.IncomingMessage): Promise<string> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks).toString('utf8');
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const method = req.method ?? 'GET';
    const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname.replace(/\/+$/, '');
    this.requests.push({ method, path });
    const xml = 'text/xml; charset=utf-8';
    if (method === 'GET' && path === '/eSCL/ScannerCapabilities') return this.send(res, 200, xml, this.capabilitiesXml());
    if (method === 'GET' && path === '/eSCL/ScannerStatus') return this.send(res, 200, xml, this.statusXml());
    if (method === 'POST' && path === '/eSCL/ScanJobs') return this.createJob(await this.readBody(req), res);
    const match = /^\/eSCL\/ScanJobs\/([^/]+)(\/NextDocument|\/ScanImageInfo)?$/.exec(path);
    const job = match ? this.jobs.get(match[1] ?? '') : undefined;
    if (match && !job) return this.send(res, 404);
    if (job && method === 'DELETE' && !match?.[2]) {
      if (job.state === 'Processing') job.state = 'Canceled';
      return this.send(res, 200);
    }
    if (job && method === 'GET' && match?.[2] === '/NextDocument') return this.nextDocument(job, res);
    if (job && method === 'GET' && match?.[2] === '/ScanImageInfo') {
      const info = xmlDocument(el('scan:ScanImageInfo', [
        el('pwg:JobUri', `/eSCL/ScanJobs/${job.id}`),
        el('pwg:JobUuid', job.id),
        el('scan:ActualWidth', regionPixels(job.width, job.xRes)),
        el('scan:ActualHeight', regionPixels(job.height, job.yRes)),
        el('scan:ActualBytesPerLine', regionPixels(job.width, job.xRes) * (job.colorMode === 'RGB24' ? 3 : 1)),
      ]));
      return this.send(res, 200, xml, info);
    }
    if (method !== 'GET' && method !== 'POST' && method !== 'DELETE') return this.send(res, 405);
    return this.send(res, 404);
  }

  private createJob(body: string, res: http.ServerResponse): void {
    if (this.options.busy || this.activeJob()) return this.send(res, 503);
    let settings;
    try {
      settings = parseXml(body);
    } catch {
      return this.send(res, 400);
    }
    if (settings.local !== 'ScanSettings') return this.send(res, 400);
    const source = (childText(settings, 'InputSource') ?? 'Platen') as string;
    if (source !== 'Platen' && source !== 'Feeder') return this.send(res, 409);
    const duplex = source === 'Feeder' && childText(settings, 'Duplex') === 'true';
    if (source === 'Platen' && !this.options.platen) return this.send(res, 409);
    if (source === 'Feeder') {
      if (this.options.adf === false || (duplex && !this.duplexCapable)) return this.send(res, 409);
      if (this.jammed) return this.send(res, 409);
      if (this.sheetsLoaded === 0) return this.send(res, 409);
    }
    const colorMode = (childText(settings, 'ColorMode') ?? 'RGB24') as ColorMode;
    if (!this.options.colorModes.includes(colorMode)) return this.send(res, 409);
    const format = (childText(settings, 'DocumentFormatExt') ?? childText(settings, 'DocumentFormat') ?? 'image/jpeg').toLowerCase() as Format;
    if (!this.options.formats.includes(format)) return this.send(res, 409);
    const xRes = childInt(settings, 'XResolution') ?? 300;
    const yRes = childInt(settings, 'YResolution') ?? xRes;
    if (!this.options.resolutions.includes(xRes) || !this.options.resolutions.includes(yRes)) return this.send(res, 409);
    const region = child(settings, 'ScanRegions', 'ScanRegion');
    const xOff = childInt(region, 'XOffset') ?? 0;
    const yOff = childInt(region, 'YOffset') ?? 0;
    const width = Math.min(childInt(region, 'Width') ?? this.options.maxWidth, this.options.maxWidth - xOff);
    const height = Math.min(childInt(region, 'Height') ?? this.options.maxHeight, this.options.maxHeight - yOff);
    if (width < 16 || height < 16) return this.send(res, 409);
    const id = randomUUID();
    this.jobs.set(id, {
      id, source, duplex, colorMode, format, xRes, yRes, width, height,
      delivered: 0, notReadyServed: false, state: 'Processing', backPending: false,
    });
    this.send(res, 201, undefined, undefined, { Location: `http://127.0.0.1:${this.port}/eSCL/ScanJobs/${id}` });
  }

  private async nextDocument(job: Job, res: http.ServerResponse): Promise<void> {
    if (job.state !== 'Processing') return this.send(res, 404);
    const jam = this.options.jamAfterPage;
    if (job.source === 'Feeder' && (this.jammed || (jam !== undefined && job.delivered >= jam))) {
      this.jammed = true;
      job.state = 'Aborted';
      return this.send(res, 409);
    }
    const more = job.source === 'Platen' ? job.delivered === 0 : job.backPending || this.sheetsLoaded > 0;
    if (!more) {
      job.state = 'Completed';
      return this.send(res, 404);
    }
    if (this.options.notReadyFirst && !job.notReadyServed) {
      job.notReadyServed = true;
      return this.send(res, 503, undefined, undefined, { 'Retry-After': '1' });
    }
    const back = job.source === 'Feeder' && job.backPending;
    if (job.source === 'Feeder') {
      if (back) job.backPending = false;
      else {
        this.sheetsLoaded -= 1;
        job.backPending = job.duplex;
      }
    }
    const page = await renderPage({
      widthPx: regionPixels(job.width, job.xRes),
      heightPx: regionPixels(job.height, job.yRes),
      dpi: job.xRes,
      colorMode: job.colorMode,
      format: job.format,
      pageNumber: job.delivered + 1,
      back,
    });
    job.delivered += 1;
    job.notReadyServed = false;
    this.pagesServed += 1;
    // A platen job has one page; completing it here lets the status go back to Idle at once.
    if (job.source === 'Platen') job.state = 'Completed';
    this.send(res, 200, job.format, page);
  }
}
