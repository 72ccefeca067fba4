// Driverless network scanners (eSCL / AirScan): found by mDNS (`_uscan._tcp`, `_uscans._tcp` for TLS)
// or configured by address, and driven with the project's eSCL client.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { Bonjour, type Service } from 'bonjour-service';
import sharp from 'sharp';
import { maxPixels } from '../../imaging/image-limits';
import type { ColorMode, DeviceCapabilities, DeviceInfo, PaperSource } from '../../contract/domain';
import { scannerError } from '../scanner-errors';
import type { ScannedPage, ScannerSource, ScanRequest } from '../scanner-source';
import { EsclClient, type EsclCapabilities, type EsclClientOptions, type EsclColorMode, type EsclInputCaps } from './escl-client';

export interface EsclSourceOptions {
  /** eSCL roots of scanners mDNS cannot see (another subnet), e.g. `http://10.0.3.20/eSCL`; read at each listing. */
  urls?: readonly string[] | (() => readonly string[]);
  /** How long a device search listens for mDNS answers; 0 turns discovery off. */
  browseMs?: number;
  client?: EsclClientOptions;
}

const COLOR: Readonly<Record<ColorMode, EsclColorMode>> = { color: 'RGB24', gray: 'Grayscale8', lineart: 'BlackAndWhite1' };
const MM_PER_THREE_HUNDREDTH = 25.4 / 300;

/** A service announced on mDNS as the eSCL root it names: scheme from the service type, path from TXT `rs`. */
export function esclUrlOf(service: Pick<Service, 'type' | 'port' | 'host' | 'addresses' | 'txt'>): string {
  const txt = (service.txt ?? {}) as Record<string, string | undefined>;
  const root = (txt.rs ?? 'eSCL').replace(/^\/+|\/+$/g, '');
  const ipv4 = service.addresses?.find((a) => /^\d+\.\d+\.\d+\.\d+$/.test(a));
  const host = ipv4 ?? service.host;
  const scheme = service.type === 'uscans' ? 'https' : 'http';
  return `${scheme}://${host}:${service.port}/${root}`;
}

function urlOf(deviceId: string): string {
  if (!deviceId.startsWith('escl:')) throw scannerError('unavailable', `${deviceId} không phải máy quét eSCL`);
  return deviceId.slice('escl:'.length);
}

export class EsclSource implements ScannerSource {
  readonly backend = 'escl' as const;
  private readonly clients = new Map<string, EsclClient>();
  private readonly browseMs: number;

  constructor(private readonly options: EsclSourceOptions = {}) {
    this.browseMs = options.browseMs ?? 1500;
  }

  async listDevices(): Promise<DeviceInfo[]> {
    const found = new Map<string, DeviceInfo>();
    const urls = typeof this.options.urls === 'function' ? this.options.urls() : (this.options.urls ?? []);
    for (const url of urls) found.set(url, { id: `escl:${url}`, backend: 'escl', label: url });
    for (const device of await this.browse()) found.set(urlOf(device.id), device);
    // Configured scanners are named by what they say they are, when they answer.
    await Promise.all(
      [...found.entries()].map(async ([url, device]) => {
        if (device.label !== url) return;
        const caps = await this.client(url).capabilities().catch(() => undefined);
        if (caps?.makeAndModel) found.set(url, { ...device, label: `${caps.makeAndModel} (${url})`, model: caps.makeAndModel });
      }),
    );
    return [...found.values()];
  }

  async capabilities(deviceId: string): Promise<DeviceCapabilities> {
    const caps = await this.client(urlOf(deviceId)).capabilities();
    const inputs = inputsOf(caps);
    const all = inputs.map(([, input]) => input);
    return {
      sources: inputs.map(([source]) => source),
      colorModes: (Object.keys(COLOR) as ColorMode[]).filter((mode) => all.some((i) => i.colorModes.includes(COLOR[mode]))),
      resolutions: [...new Set(all.flatMap((i) => i.resolutions))].sort((a, b) => a - b),
      maxWidthMm: Math.max(0, ...all.map((i) => i.maxWidth * MM_PER_THREE_HUNDREDTH)),
      maxHeightMm: Math.max(0, ...all.map((i) => i.maxHeight * MM_PER_THREE_HUNDREDTH)),
    };
  }

  async *scan(request: ScanRequest): AsyncGenerator<ScannedPage> {
    const { deviceId, settings, signal } = request;
    const client = this.client(urlOf(deviceId));
    const caps = await client.capabilities();
    const input = inputsOf(caps).find(([source]) => source === settings.source)?.[1];
    if (!input) throw scannerError('unsupported', `nguồn giấy ${settings.source}`);
    // Lossless when the scanner offers it; a PDF would have to be rasterised again, so it is refused.
    const format = input.formats.includes('image/png') ? 'image/png' : input.formats.includes('image/jpeg') ? 'image/jpeg' : undefined;
    if (!format) throw scannerError('unsupported', `định dạng ảnh: máy chỉ trả ${input.formats.join(', ') || 'không rõ'}`);
    const duplex = settings.source === 'adf-duplex';
    const maxPages = settings.maxPages ?? (settings.source === 'flatbed' ? 1 : Number.POSITIVE_INFINITY);
    let delivered = 0;
    const pages = client.pages(
      {
        source: settings.source === 'flatbed' ? 'Platen' : 'Feeder',
        duplex,
        colorMode: COLOR[settings.colorMode],
        resolution: settings.resolution,
        widthMm: settings.widthMm,
        ...(settings.heightMm === null ? {} : { heightMm: settings.heightMm }),
        format,
      },
      signal,
    );
    for await (const page of pages) {
      const file = path.join(request.workDir, `escl-${page.index + 1}.${format === 'image/png' ? 'png' : 'jpg'}`);
      await fs.writeFile(file, page.data);
      const meta = await sharp(file, { limitInputPixels: maxPixels() }).metadata().catch((error: unknown) => {
        throw scannerError('device-error', `trang ${page.index + 1} không phải ảnh đọc được`, error);
      });
      yield {
        file,
        format: format === 'image/png' ? 'png' : 'jpeg',
        width: meta.width,
        height: meta.height,
        // JPEGs from scanners often carry no density: the resolution asked for is the one delivered.
        dpi: meta.density && meta.density !== 72 ? meta.density : settings.resolution,
        side: duplex && page.index % 2 === 1 ? 'back' : 'front',
        source: `${deviceId} #${page.index + 1}`,
      };
      if (++delivered >= maxPages) return;
    }
  }

  async close(): Promise<void> {
    this.clients.clear();
  }

  private client(url: string): EsclClient {
    let client = this.clients.get(url);
    if (!client) {
      client = new EsclClient(url, this.options.client);
      this.clients.set(url, client);
    }
    return client;
  }

  /** Scanners answering mDNS within `browseMs`. */
  private async browse(): Promise<DeviceInfo[]> {
    if (this.browseMs <= 0) return [];
    const bonjour = new Bonjour();
    const found = new Map<string, DeviceInfo>();
    const add = (service: Service) => {
      const url = esclUrlOf(service);
      const txt = (service.txt ?? {}) as Record<string, string | undefined>;
      const model = txt.ty ?? txt.mdl ?? service.name;
      const tls = service.type === 'uscans' ? ' (TLS)' : '';
      found.set(url, { id: `escl:${url}`, backend: 'escl', label: `${model}${tls}`, model });
    };
    try {
      bonjour.find({ type: 'uscan' }, add);
      bonjour.find({ type: 'uscans' }, add);
      await new Promise((resolve) => setTimeout(resolve, this.browseMs));
    } finally {
      bonjour.destroy();
    }
    return [...found.values()];
  }
}

function inputsOf(caps: EsclCapabilities): Array<[PaperSource, EsclInputCaps]> {
  const inputs: Array<[PaperSource, EsclInputCaps]> = [];
  if (caps.platen) inputs.push(['flatbed', caps.platen]);
  if (caps.adfSimplex) inputs.push(['adf', caps.adfSimplex]);
  if (caps.adfDuplex) inputs.push(['adf-duplex', caps.adfDuplex]);
  return inputs;
}
