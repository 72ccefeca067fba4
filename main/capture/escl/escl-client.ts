// eSCL (AirScan) client: driverless network scanners, most office MFPs.
// Protocol: GET ScannerCapabilities / ScannerStatus, POST ScanJobs (201 + Location), then
// GET {Location}/NextDocument until 404; DELETE {Location} cancels. See shared/docs/scanners.md.
import { AppError } from '../../contract/errors';
import { ScannerError, type ScannerCondition } from '../scanner-errors';
import { child, childInt, childText, children, descendants, el, parseXml, xmlDocument, type XmlElement, type XmlNode } from './escl-xml';

export type EsclColorMode = 'BlackAndWhite1' | 'Grayscale8' | 'RGB24';
export type EsclDocumentFormat = 'image/jpeg' | 'image/png' | 'application/pdf';
export type EsclSourceKind = 'platen' | 'adfSimplex' | 'adfDuplex';

/** What one input source (platen, ADF simplex, ADF duplex) can do. Sizes in 1/300 inch. */
export interface EsclInputCaps {
  minWidth: number;
  maxWidth: number;
  minHeight: number;
  maxHeight: number;
  colorModes: string[];
  /** Discrete resolutions (dpi, X = Y), ascending; derived from a range's min/max when only a range is given. */
  resolutions: number[];
  resolutionRange?: { min: number; max: number; step: number };
  /** pwg:DocumentFormat and scan:DocumentFormatExt values, deduplicated. */
  formats: string[];
}

export interface EsclCapabilities {
  version: string | undefined;
  makeAndModel: string | undefined;
  manufacturer: string | undefined;
  serialNumber: string | undefined;
  uuid: string | undefined;
  platen?: EsclInputCaps;
  adfSimplex?: EsclInputCaps;
  adfDuplex?: EsclInputCaps;
}

export type EsclState = 'Idle' | 'Processing' | 'Testing' | 'Stopped' | 'Down' | string;

export interface EsclStatus {
  state: EsclState;
  /** e.g. ScannerAdfLoaded, ScannerAdfEmpty, ScannerAdfJam, ScannerAdfDoorOpen; undefined without a feeder. */
  adfState: string | undefined;
  jobs: { uri: string; state: string | undefined; imagesCompleted: number | undefined }[];
}

export interface EsclScanSettings {
  source: 'Platen' | 'Feeder';
  duplex?: boolean;
  colorMode: EsclColorMode;
  resolution: number;
  /** Scan area from the top-left corner; the source's maximum when omitted. */
  widthMm?: number;
  heightMm?: number;
  format?: EsclDocumentFormat;
}

export interface EsclPageInfo {
  contentType: string | undefined;
}

export interface EsclClientOptions {
  /** How many 503 (not ready) answers in a row are tolerated for one page before giving up. */
  maxNotReadyRetries?: number;
  /** First backoff after a 503, doubled each time up to `maxRetryDelayMs`. */
  retryDelayMs?: number;
  maxRetryDelayMs?: number;
  /** Time limit of each HTTP request. */
  requestTimeoutMs?: number;
}

/** A condition of the scanner, in the `subject` of the AppError. */
export type EsclCondition =
  | 'jammed'
  | 'adf-empty'
  | 'door-open'
  | 'busy'
  | 'unreachable'
  | 'not-ready'
  | 'stopped'
  | 'cancelled'
  | 'protocol';

/** eSCL conditions as the scanner conditions every backend reports (one set of Vietnamese messages). */
const SCANNER_CONDITION: Readonly<Record<EsclCondition, ScannerCondition>> = {
  jammed: 'jammed',
  'adf-empty': 'feeder-empty',
  'door-open': 'cover-open',
  busy: 'busy',
  unreachable: 'disconnected',
  'not-ready': 'device-error',
  stopped: 'device-error',
  cancelled: 'cancelled',
  protocol: 'device-error',
};

/** A ScannerError whose subject keeps the eSCL condition (for logs and tests). */
export function esclError(condition: EsclCondition, detail?: string, cause?: unknown): ScannerError {
  return new ScannerError(SCANNER_CONDITION[condition], detail, cause === undefined ? { subject: condition } : { cause, subject: condition });
}

function notSupported(what: string, detail: string): ScannerError {
  return new ScannerError('unsupported', `${what}: ${detail}`, { subject: what });
}

/** Millimetres to 1/300 inch, the unit of eSCL regions and capabilities. */
export function mmToThreeHundredths(mm: number): number {
  return Math.round((mm / 25.4) * 300);
}

function parseInputCaps(caps: XmlElement): EsclInputCaps {
  const colorModes = new Set<string>();
  const formats = new Set<string>();
  const resolutions = new Set<number>();
  let resolutionRange: EsclInputCaps['resolutionRange'];
  for (const profile of descendants(caps, 'SettingProfile')) {
    for (const mode of descendants(profile, 'ColorMode')) if (mode.text) colorModes.add(mode.text);
    for (const f of [...descendants(profile, 'DocumentFormat'), ...descendants(profile, 'DocumentFormatExt')]) {
      if (f.text) formats.add(f.text.toLowerCase());
    }
    for (const d of descendants(profile, 'DiscreteResolution')) {
      const x = childInt(d, 'XResolution');
      const y = childInt(d, 'YResolution');
      if (x !== undefined && x > 0 && (y === undefined || y === x)) resolutions.add(x);
    }
    for (const r of descendants(profile, 'ResolutionRange')) {
      const min = childInt(r, 'XResolution', 'Min');
      const max = childInt(r, 'XResolution', 'Max');
      if (min !== undefined && max !== undefined && min <= max) {
        resolutionRange = { min, max, step: childInt(r, 'XResolution', 'Step') ?? 1 };
      }
    }
  }
  if (resolutions.size === 0 && resolutionRange) {
    resolutions.add(resolutionRange.min);
    resolutions.add(resolutionRange.max);
  }
  const out: EsclInputCaps = {
    minWidth: childInt(caps, 'MinWidth') ?? 0,
    maxWidth: childInt(caps, 'MaxWidth') ?? 0,
    minHeight: childInt(caps, 'MinHeight') ?? 0,
    maxHeight: childInt(caps, 'MaxHeight') ?? 0,
    colorModes: [...colorModes],
    resolutions: [...resolutions].sort((a, b) => a - b),
    formats: [...formats],
  };
  if (resolutionRange) out.resolutionRange = resolutionRange;
  return out;
}

export function parseCapabilities(xml: string): EsclCapabilities {
  const root = parseXml(xml);
  if (root.local !== 'ScannerCapabilities') throw new Error(`expected ScannerCapabilities, got ${root.name}`);
  const caps: EsclCapabilities = {
    version: childText(root, 'Version'),
    makeAndModel: childText(root, 'MakeAndModel') ?? childText(root, 'ModelName'),
    manufacturer: childText(root, 'Manufacturer'),
    serialNumber: childText(root, 'SerialNumber'),
    uuid: childText(root, 'UUID'),
  };
  const platen = child(root, 'Platen', 'PlatenInputCaps');
  if (platen) caps.platen = parseInputCaps(platen);
  const adf = child(root, 'Adf');
  const simplex = child(adf, 'AdfSimplexInputCaps');
  const duplex = child(adf, 'AdfDuplexInputCaps');
  if (simplex) caps.adfSimplex = parseInputCaps(simplex);
  if (duplex) caps.adfDuplex = parseInputCaps(duplex);
  // Some scanners announce duplex only as an AdfOption and reuse the simplex capabilities.
  const options = descendants(child(adf, 'AdfOptions'), 'AdfOption').map((o) => o.text);
  if (!caps.adfDuplex && caps.adfSimplex && options.includes('Duplex')) caps.adfDuplex = caps.adfSimplex;
  return caps;
}

export function parseStatus(xml: string): EsclStatus {
  const root = parseXml(xml);
  if (root.local !== 'ScannerStatus') throw new Error(`expected ScannerStatus, got ${root.name}`);
  return {
    state: childText(root, 'State') ?? 'Unknown',
    adfState: childText(root, 'AdfState'),
    jobs: children(child(root, 'Jobs'), 'JobInfo').map((j) => ({
      uri: childText(j, 'JobUri') ?? '',
      state: childText(j, 'JobState'),
      imagesCompleted: childInt(j, 'ImagesCompleted'),
    })),
  };
}

/** The `scan:ScanSettings` document for a job. Region in 1/300 inch from the top-left corner. */
export function scanSettingsXml(settings: {
  source: 'Platen' | 'Feeder';
  duplex: boolean;
  colorMode: EsclColorMode;
  resolution: number;
  width: number;
  height: number;
  format: EsclDocumentFormat;
  version?: string;
}): string {
  const body: XmlNode[] = [
    el('pwg:Version', settings.version ?? '2.0'),
    el('scan:Intent', settings.colorMode === 'RGB24' ? 'TextAndGraphic' : 'Document'),
    el('pwg:ScanRegions', [
      el('pwg:ScanRegion', [
        el('pwg:ContentRegionUnits', 'escl:ThreeHundredthsOfInches'),
        el('pwg:XOffset', 0),
        el('pwg:YOffset', 0),
        el('pwg:Width', settings.width),
        el('pwg:Height', settings.height),
      ]),
    ], { 'pwg:MustHonor': 'true' }),
    el('pwg:InputSource', settings.source),
    el('scan:ColorMode', settings.colorMode),
    el('pwg:DocumentFormat', settings.format),
    el('scan:DocumentFormatExt', settings.format),
    el('scan:XResolution', settings.resolution),
    el('scan:YResolution', settings.resolution),
  ];
  if (settings.source === 'Feeder') body.push(el('scan:Duplex', settings.duplex));
  return xmlDocument(el('scan:ScanSettings', body));
}

const delay = (ms: number, signal?: AbortSignal): Promise<void> =>
  new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });

export class EsclClient {
  readonly baseUrl: string;
  private readonly options: Required<EsclClientOptions>;
  private cachedCaps: EsclCapabilities | undefined;

  /** `baseUrl` is the eSCL root, e.g. `http://192.168.1.20/eSCL` (mDNS TXT `rs`). */
  constructor(baseUrl: string, options: EsclClientOptions = {}) {
    this.baseUrl = baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`;
    this.options = {
      maxNotReadyRetries: options.maxNotReadyRetries ?? 40,
      retryDelayMs: options.retryDelayMs ?? 100,
      maxRetryDelayMs: options.maxRetryDelayMs ?? 1000,
      requestTimeoutMs: options.requestTimeoutMs ?? 60_000,
    };
  }

  private url(path: string): string {
    return new URL(path, this.baseUrl).toString();
  }

  private async request(method: string, url: string, init: { body?: string; signal?: AbortSignal } = {}): Promise<Response> {
    const timeout = AbortSignal.timeout(this.options.requestTimeoutMs);
    const signal = init.signal ? AbortSignal.any([init.signal, timeout]) : timeout;
    try {
      const requestInit: RequestInit = { method, signal };
      if (init.body !== undefined) {
        requestInit.body = init.body;
        requestInit.headers = { 'Content-Type': 'text/xml' };
      }
      return await fetch(url, requestInit);
    } catch (error) {
      if (init.signal?.aborted) throw error;
      throw esclError('unreachable', `${method} ${url}: ${(error as Error).message}`, error);
    }
  }

  private async getXml(path: string): Promise<string> {
    const res = await this.request('GET', this.url(path));
    const text = await res.text();
    if (res.status !== 200) throw esclError(res.status === 503 ? 'busy' : 'protocol', `GET ${path}: HTTP ${res.status}`);
    return text;
  }

  async capabilities(refresh = false): Promise<EsclCapabilities> {
    if (this.cachedCaps && !refresh) return this.cachedCaps;
    const xml = await this.getXml('ScannerCapabilities');
    try {
      this.cachedCaps = parseCapabilities(xml);
    } catch (error) {
      throw esclError('protocol', `ScannerCapabilities: ${(error as Error).message}`, error);
    }
    return this.cachedCaps;
  }

  async status(): Promise<EsclStatus> {
    const xml = await this.getXml('ScannerStatus');
    try {
      return parseStatus(xml);
    } catch (error) {
      throw esclError('protocol', `ScannerStatus: ${(error as Error).message}`, error);
    }
  }

  /** Status without throwing: used to explain a failure. */
  private async statusOrUndefined(): Promise<EsclStatus | undefined> {
    try {
      return await this.status();
    } catch {
      return undefined;
    }
  }

  /** The condition a status reports for a job on this source, or undefined when it reports none. */
  private static conditionOf(status: EsclStatus | undefined, feeder: boolean): EsclCondition | undefined {
    if (!status) return undefined;
    if (feeder) {
      if (status.adfState === 'ScannerAdfJam' || status.adfState === 'ScannerAdfMultipickDetected') return 'jammed';
      if (status.adfState === 'ScannerAdfDoorOpen') return 'door-open';
      if (status.adfState === 'ScannerAdfEmpty') return 'adf-empty';
    }
    if (status.state === 'Stopped' || status.state === 'Down') return 'stopped';
    if (status.state === 'Processing') return 'busy';
    return undefined;
  }

  private async explain(fallback: EsclCondition, detail: string, feeder: boolean): Promise<AppError> {
    const condition = EsclClient.conditionOf(await this.statusOrUndefined(), feeder) ?? fallback;
    return esclError(condition, detail);
  }

  /** Validates the settings against the capabilities and fills in the defaults. */
  private async resolve(settings: EsclScanSettings): Promise<Parameters<typeof scanSettingsXml>[0]> {
    const caps = await this.capabilities();
    const feeder = settings.source === 'Feeder';
    const duplex = feeder && settings.duplex === true;
    const input = !feeder ? caps.platen : duplex ? caps.adfDuplex : caps.adfSimplex;
    if (!input) throw notSupported('source', duplex ? 'Feeder duplex' : settings.source);
    if (!input.colorModes.includes(settings.colorMode)) throw notSupported('colorMode', settings.colorMode);
    const range = input.resolutionRange;
    const inRange = range !== undefined && settings.resolution >= range.min && settings.resolution <= range.max;
    if (!input.resolutions.includes(settings.resolution) && !inRange) throw notSupported('resolution', String(settings.resolution));
    const format = settings.format ?? (input.formats.includes('image/jpeg') ? 'image/jpeg' : (input.formats[0] as EsclDocumentFormat | undefined));
    if (!format || !input.formats.includes(format)) throw notSupported('format', format ?? 'none');
    const width = settings.widthMm === undefined ? input.maxWidth : mmToThreeHundredths(settings.widthMm);
    const height = settings.heightMm === undefined ? input.maxHeight : mmToThreeHundredths(settings.heightMm);
    if (width <= 0 || height <= 0 || (input.maxWidth > 0 && width > input.maxWidth) || (input.maxHeight > 0 && height > input.maxHeight)) {
      throw notSupported('size', `${settings.widthMm ?? '?'}×${settings.heightMm ?? '?'} mm`);
    }
    return { source: settings.source, duplex, colorMode: settings.colorMode, resolution: settings.resolution, width, height, format, version: '2.0' };
  }

  /**
   * Scans: creates a job, then fetches its pages one at a time, each only when the caller asks for the
   * next, until the scanner says the job is done (404). Throws an AppError (subject: the scanner
   * condition) on failure or abort; pages yielded before that stay delivered. On abort, or when the
   * caller stops early, the job is deleted on the scanner.
   */
  async *pages(settings: EsclScanSettings, signal?: AbortSignal): AsyncGenerator<{ data: Buffer; index: number; info: EsclPageInfo }> {
    const feeder = settings.source === 'Feeder';
    const resolved = await this.resolve(settings);
    if (signal?.aborted) throw esclError('cancelled', undefined, signal.reason);

    const created = await this.request('POST', this.url('ScanJobs'), signal ? { body: scanSettingsXml(resolved), signal } : { body: scanSettingsXml(resolved) }).catch((error: unknown) => {
      if (signal?.aborted) throw esclError('cancelled', undefined, signal.reason);
      throw error;
    });
    await created.arrayBuffer().catch(() => undefined);
    if (created.status === 503) throw await this.explain('busy', 'POST ScanJobs: HTTP 503', feeder);
    if (created.status !== 201) throw await this.explain('protocol', `POST ScanJobs: HTTP ${created.status}`, feeder);
    const locationHeader = created.headers.get('location');
    if (!locationHeader) throw esclError('protocol', 'POST ScanJobs: 201 without Location');
    const jobUrl = new URL(locationHeader, this.baseUrl).toString();
    const nextUrl = `${jobUrl}${jobUrl.endsWith('/') ? '' : '/'}NextDocument`;

    let index = 0;
    let finished = false;
    let cancelled = false;
    try {
      for (;;) {
        let notReady = 0;
        let backoff = this.options.retryDelayMs;
        let page: Buffer | undefined;
        let contentType: string | undefined;
        while (page === undefined) {
          const res = await this.request('GET', nextUrl, signal ? { signal } : {});
          if (res.status === 200) {
            page = Buffer.from(await res.arrayBuffer());
            contentType = res.headers.get('content-type') ?? undefined;
            if (page.length === 0) throw esclError('protocol', 'NextDocument: empty page');
          } else {
            await res.arrayBuffer().catch(() => undefined);
            if (res.status === 404) {
              finished = true;
              if (index === 0) {
                // A job that ends without a page: an empty feeder, or a failure the status explains.
                throw await this.explain(feeder ? 'adf-empty' : 'protocol', 'NextDocument: 404 before the first page', feeder);
              }
              return;
            }
            if (res.status !== 503) {
              throw await this.explain('protocol', `NextDocument: HTTP ${res.status}`, feeder);
            }
            // Not ready: retry unless the status shows a condition that will not clear by itself.
            const status = await this.statusOrUndefined();
            const condition = EsclClient.conditionOf(status, feeder);
            if (condition === 'jammed' || condition === 'door-open' || condition === 'stopped') throw esclError(condition, 'NextDocument: HTTP 503');
            notReady += 1;
            if (notReady > this.options.maxNotReadyRetries) throw esclError('not-ready', `NextDocument: ${notReady} × HTTP 503`);
            await delay(backoff, signal);
            backoff = Math.min(backoff * 2, this.options.maxRetryDelayMs);
          }
        }
        yield { data: page, index, info: { contentType } };
        index += 1;
        if (signal?.aborted) throw signal.reason;
      }
    } catch (error) {
      if (signal?.aborted) {
        if (!finished) await this.cancelJob(jobUrl);
        cancelled = true;
        throw esclError('cancelled', `${index} page(s) received`, signal.reason);
      }
      if (error instanceof AppError && !finished) {
        await this.cancelJob(jobUrl);
        cancelled = true;
      }
      throw error;
    } finally {
      // The caller stopped early (enough pages): the scanner must not keep feeding paper.
      if (!finished && !cancelled) await this.cancelJob(jobUrl);
    }
  }

  /** `pages` with a callback, awaited before the next page is fetched. */
  async scan(
    settings: EsclScanSettings,
    onPage: (page: Buffer, index: number, info: EsclPageInfo) => Promise<void>,
    signal?: AbortSignal,
  ): Promise<{ pages: number }> {
    let count = 0;
    for await (const page of this.pages(settings, signal)) {
      await onPage(page.data, page.index, page.info);
      count++;
    }
    return { pages: count };
  }

  /** DELETE {Location}: best effort (the job may already be gone). */
  private async cancelJob(jobUrl: string): Promise<void> {
    try {
      const res = await this.request('DELETE', jobUrl);
      await res.arrayBuffer().catch(() => undefined);
    } catch {
      // The scanner may be gone; nothing more to do.
    }
  }
}
