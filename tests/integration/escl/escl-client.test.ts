// The eSCL client against the project's loopback eSCL peer: real HTTP, real JPEG/PNG pages.
import sharp from 'sharp';
import { afterEach, describe, expect, it } from 'vitest';
import { AppError } from '../../../main/contract/errors';
import { EsclClient, mmToThreeHundredths, parseCapabilities, scanSettingsXml } from '../../../main/capture/escl/escl-client';
import { EsclPeer, regionPixels, type EsclPeerOptions } from '../../../main/capture/escl/escl-peer';
import { parseXml, childText, child } from '../../../main/capture/escl/escl-xml';

const peers: EsclPeer[] = [];
async function startPeer(options: EsclPeerOptions = {}): Promise<EsclPeer> {
  const peer = await EsclPeer.start(options);
  peers.push(peer);
  return peer;
}
afterEach(async () => {
  await Promise.all(peers.splice(0).map((p) => p.close()));
});

const fast = { retryDelayMs: 10, maxRetryDelayMs: 50 };

async function collect(client: EsclClient, settings: Parameters<EsclClient['scan']>[0], signal?: AbortSignal) {
  const pages: Buffer[] = [];
  let error: unknown;
  try {
    await client.scan(settings, async (page, index) => {
      expect(index).toBe(pages.length);
      pages.push(page);
    }, signal);
  } catch (e) {
    error = e;
  }
  return { pages, error };
}

function nextDocumentStatuses(peer: EsclPeer): number {
  return peer.requests.filter((r) => r.path.endsWith('/NextDocument')).length;
}

describe('eSCL client ↔ loopback peer', () => {
  it('reads capabilities and status', async () => {
    const peer = await startPeer({ adf: { sheets: 4, duplex: true }, makeAndModel: 'Máy quét thử' });
    const client = new EsclClient(peer.url);
    const caps = await client.capabilities();
    expect(caps.makeAndModel).toBe('Máy quét thử');
    expect(caps.platen?.colorModes).toEqual(['BlackAndWhite1', 'Grayscale8', 'RGB24']);
    expect(caps.platen?.resolutions).toContain(300);
    expect(caps.platen?.maxWidth).toBe(2550);
    expect(caps.platen?.maxHeight).toBe(4200);
    expect(caps.platen?.formats).toEqual(expect.arrayContaining(['image/jpeg', 'image/png']));
    expect(caps.adfSimplex).toBeDefined();
    expect(caps.adfDuplex).toBeDefined();
    const status = await client.status();
    expect(status.state).toBe('Idle');
    expect(status.adfState).toBe('ScannerAdfLoaded');
  });

  it('parses a third-party capabilities document with other prefixes, ranges and AdfOptions duplex', () => {
    const caps = parseCapabilities(`<?xml version="1.0"?>
      <s:ScannerCapabilities xmlns:s="http://schemas.hp.com/imaging/escl/2011/05/03" xmlns:p="http://www.pwg.org/schemas/2010/12/sm">
        <p:Version>2.6</p:Version><p:MakeAndModel>HP LaserJet &amp; Co</p:MakeAndModel>
        <s:Adf><s:AdfSimplexInputCaps><s:MinWidth>8</s:MinWidth><s:MaxWidth>2550</s:MaxWidth>
          <s:MinHeight>8</s:MinHeight><s:MaxHeight>4200</s:MaxHeight>
          <s:SettingProfiles><s:SettingProfile><s:ColorModes><s:ColorMode>Grayscale8</s:ColorMode></s:ColorModes>
          <s:DocumentFormats><p:DocumentFormat>application/pdf</p:DocumentFormat></s:DocumentFormats>
          <s:SupportedResolutions><s:ResolutionRange><s:XResolution><s:Min>75</s:Min><s:Max>600</s:Max><s:Step>1</s:Step></s:XResolution>
          <s:YResolution><s:Min>75</s:Min><s:Max>600</s:Max><s:Step>1</s:Step></s:YResolution></s:ResolutionRange></s:SupportedResolutions>
          </s:SettingProfile></s:SettingProfiles></s:AdfSimplexInputCaps>
          <s:AdfOptions><s:AdfOption>Duplex</s:AdfOption></s:AdfOptions></s:Adf>
      </s:ScannerCapabilities>`);
    expect(caps.makeAndModel).toBe('HP LaserJet & Co');
    expect(caps.platen).toBeUndefined();
    expect(caps.adfSimplex?.resolutionRange).toEqual({ min: 75, max: 600, step: 1 });
    expect(caps.adfDuplex).toBe(caps.adfSimplex);
    expect(caps.adfSimplex?.formats).toEqual(['application/pdf']);
  });

  it('writes a ScanSettings document with both namespaces, region, source, mode, resolution and duplex', () => {
    const xml = scanSettingsXml({ source: 'Feeder', duplex: true, colorMode: 'Grayscale8', resolution: 200, width: 2480, height: 3508, format: 'image/png' });
    expect(xml).toContain('xmlns:scan="http://schemas.hp.com/imaging/escl/2011/05/03"');
    expect(xml).toContain('xmlns:pwg="http://www.pwg.org/schemas/2010/12/sm"');
    const root = parseXml(xml);
    expect(root.name).toBe('scan:ScanSettings');
    expect(childText(root, 'InputSource')).toBe('Feeder');
    expect(childText(root, 'ColorMode')).toBe('Grayscale8');
    expect(childText(root, 'XResolution')).toBe('200');
    expect(childText(root, 'YResolution')).toBe('200');
    expect(childText(root, 'Duplex')).toBe('true');
    expect(childText(root, 'DocumentFormatExt')).toBe('image/png');
    const region = child(root, 'ScanRegions', 'ScanRegion');
    expect(childText(region, 'ContentRegionUnits')).toBe('escl:ThreeHundredthsOfInches');
    expect(childText(region, 'Width')).toBe('2480');
    expect(childText(region, 'Height')).toBe('3508');
  });

  it('refuses malformed XML and decodes entities in well-formed XML', () => {
    expect(() => parseXml('<scan:ScannerCapabilities><pwg:Version>2.6</scan:ScannerCapabilities>')).toThrow(/XML/);
    expect(() => parseXml('<a/><b/>')).toThrow(/XML/);
    expect(childText(parseXml('<x:Root xmlns:x="u"><x:Model>Ricoh &amp; Co &#x1EA0;</x:Model></x:Root>'), 'Model')).toBe('Ricoh & Co Ạ');
  });

  it('scans A4 at 300 dpi in colour from the platen: one JPEG of 2480 × 3508 (after a 503 retry)', async () => {
    const peer = await startPeer();
    const client = new EsclClient(peer.url, fast);
    const { pages, error } = await collect(client, { source: 'Platen', colorMode: 'RGB24', resolution: 300, widthMm: 210, heightMm: 297 });
    expect(error).toBeUndefined();
    expect(pages).toHaveLength(1);
    const meta = await sharp(pages[0]).metadata();
    expect(meta.format).toBe('jpeg');
    expect(meta.channels).toBe(3);
    expect(Math.abs((meta.width ?? 0) - 2480)).toBeLessThanOrEqual(2);
    expect(Math.abs((meta.height ?? 0) - 3508)).toBeLessThanOrEqual(2);
    expect(meta.density).toBe(300);
    // First NextDocument: 503, second: the page, third: 404 (done).
    expect(nextDocumentStatuses(peer)).toBe(3);
    expect((await client.status()).state).toBe('Idle');
  });

  it('honours region, resolution, colour mode and format: grayscale PNG at 150 dpi, 100 × 50 mm', async () => {
    const peer = await startPeer();
    const client = new EsclClient(peer.url, fast);
    const { pages, error } = await collect(client, { source: 'Platen', colorMode: 'Grayscale8', resolution: 150, widthMm: 100, heightMm: 50, format: 'image/png' });
    expect(error).toBeUndefined();
    const meta = await sharp(pages[0]).metadata();
    expect(meta.format).toBe('png');
    expect(meta.channels).toBe(1);
    // 100 mm = 1181/300 in → 591 px at 150 dpi; 50 mm = 591/300 in → 296 px.
    expect(meta.width).toBe(regionPixels(mmToThreeHundredths(100), 150));
    expect(meta.width).toBe(591);
    expect(meta.height).toBe(296);
    expect(meta.density).toBe(150);
  });

  it('scans 5 pages from the feeder, each awaited before the next is requested', async () => {
    const peer = await startPeer({ adf: { sheets: 5 } });
    const client = new EsclClient(peer.url, fast);
    const seen: number[] = [];
    let inFlight = false;
    await client.scan({ source: 'Feeder', colorMode: 'Grayscale8', resolution: 100, widthMm: 210, heightMm: 297 }, async (page, index) => {
      expect(inFlight).toBe(false);
      inFlight = true;
      const delivered = peer.pagesDelivered;
      await new Promise((r) => setTimeout(r, 30));
      expect(peer.pagesDelivered).toBe(delivered); // the client did not fetch ahead
      const meta = await sharp(page).metadata();
      expect(meta.width).toBe(827);
      expect(meta.channels).toBe(1);
      seen.push(index);
      inFlight = false;
    });
    expect(seen).toEqual([0, 1, 2, 3, 4]);
    expect(peer.sheetsLoaded).toBe(0);
    expect((await client.status()).adfState).toBe('ScannerAdfEmpty');
  });

  it('scans 3 sheets in duplex into 6 pages', async () => {
    const peer = await startPeer({ adf: { sheets: 3, duplex: true } });
    const client = new EsclClient(peer.url, fast);
    const { pages, error } = await collect(client, { source: 'Feeder', duplex: true, colorMode: 'RGB24', resolution: 75 });
    expect(error).toBeUndefined();
    expect(pages).toHaveLength(6);
  });

  it('retries 503 (not ready) for every page and gives up after the bound', async () => {
    const peer = await startPeer({ adf: { sheets: 2 } });
    const client = new EsclClient(peer.url, fast);
    const { pages } = await collect(client, { source: 'Feeder', colorMode: 'Grayscale8', resolution: 75 });
    expect(pages).toHaveLength(2);
    // 2 × (503 + 200) + 404
    expect(nextDocumentStatuses(peer)).toBe(5);

    // A scanner that never gets ready: bounded retries, then a clear error.
    const stuck = await startPeer({ adf: { sheets: 2 } });
    (stuck as unknown as { nextDocument: (job: unknown, res: import('node:http').ServerResponse) => void }).nextDocument = (_job, res) => {
      res.writeHead(503, { 'Content-Length': 0 });
      res.end();
    };
    const impatient = new EsclClient(stuck.url, { retryDelayMs: 5, maxRetryDelayMs: 5, maxNotReadyRetries: 4 });
    const result = await collect(impatient, { source: 'Feeder', colorMode: 'Grayscale8', resolution: 75 });
    expect(result.error).toBeInstanceOf(AppError);
    expect((result.error as AppError).subject).toBe('not-ready');
    expect(nextDocumentStatuses(stuck)).toBe(5);
  });

  it('a jam after page 2: error "jammed" in Vietnamese, pages 1–2 delivered', async () => {
    const peer = await startPeer({ adf: { sheets: 5 }, jamAfterPage: 2 });
    const client = new EsclClient(peer.url, fast);
    const { pages, error } = await collect(client, { source: 'Feeder', colorMode: 'RGB24', resolution: 100 });
    expect(pages).toHaveLength(2);
    expect(error).toBeInstanceOf(AppError);
    const e = error as AppError;
    expect(e.subject).toBe('jammed');
    expect(e.code).toBe('SCANNER_JAMMED');
    expect(e.messageVi).toContain('kẹt giấy');
    expect((await client.status()).adfState).toBe('ScannerAdfJam');
  });

  it('an empty feeder: error "adf-empty"', async () => {
    const peer = await startPeer({ adf: { sheets: 0 } });
    const client = new EsclClient(peer.url, fast);
    const { pages, error } = await collect(client, { source: 'Feeder', colorMode: 'RGB24', resolution: 300 });
    expect(pages).toHaveLength(0);
    expect((error as AppError).subject).toBe('adf-empty');
    expect((error as AppError).messageVi).toContain('Khay nạp giấy trống');
  });

  it('a busy scanner: error "busy"', async () => {
    const peer = await startPeer({ busy: true });
    const { error } = await collect(new EsclClient(peer.url, fast), { source: 'Platen', colorMode: 'RGB24', resolution: 300 });
    expect((error as AppError).subject).toBe('busy');
    expect((error as AppError).messageVi).toContain('đang bận');
  });

  it('an unreachable scanner: error "unreachable"', async () => {
    const peer = await startPeer();
    const url = peer.url;
    await peer.close();
    peers.length = 0;
    const error = await new EsclClient(url).capabilities().catch((e: unknown) => e);
    expect((error as AppError).subject).toBe('unreachable');
    expect((error as AppError).messageVi).toContain('Mất kết nối với máy quét');
  });

  it('settings the scanner does not offer: NOT_SUPPORTED before any job is created', async () => {
    const peer = await startPeer({ adf: { sheets: 2 }, colorModes: ['Grayscale8', 'RGB24'] });
    const client = new EsclClient(peer.url, fast);
    for (const [settings, subject] of [
      [{ source: 'Feeder', duplex: true, colorMode: 'RGB24', resolution: 300 }, 'source'],
      [{ source: 'Platen', colorMode: 'BlackAndWhite1', resolution: 300 }, 'colorMode'],
      [{ source: 'Platen', colorMode: 'RGB24', resolution: 1200 }, 'resolution'],
      [{ source: 'Platen', colorMode: 'RGB24', resolution: 300, format: 'application/pdf' }, 'format'],
      [{ source: 'Platen', colorMode: 'RGB24', resolution: 300, widthMm: 420, heightMm: 594 }, 'size'],
    ] as const) {
      const { error } = await collect(client, settings);
      expect((error as AppError).code).toBe('NOT_SUPPORTED');
      expect((error as AppError).subject).toBe(subject);
    }
    expect(peer.requests.some((r) => r.method === 'POST')).toBe(false);
  });

  it('abort after the first page: DELETE {Location}, the first page kept, error "cancelled"', async () => {
    const peer = await startPeer({ adf: { sheets: 5 } });
    const client = new EsclClient(peer.url, fast);
    const controller = new AbortController();
    const pages: Buffer[] = [];
    const error = await client
      .scan({ source: 'Feeder', colorMode: 'Grayscale8', resolution: 75 }, async (page) => {
        pages.push(page);
        controller.abort();
      }, controller.signal)
      .catch((e: unknown) => e);
    expect(pages).toHaveLength(1);
    expect((error as AppError).subject).toBe('cancelled');
    const deletes = peer.requests.filter((r) => r.method === 'DELETE');
    expect(deletes).toHaveLength(1);
    expect(deletes[0]?.path).toMatch(/^\/eSCL\/ScanJobs\/[0-9a-f-]+$/);
    expect((await client.status()).state).toBe('Idle');
  });

  it('abort while waiting for a page that is not ready also deletes the job', async () => {
    const peer = await startPeer({ adf: { sheets: 5 } });
    const client = new EsclClient(peer.url, { retryDelayMs: 2000, maxRetryDelayMs: 2000 });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 200);
    const started = Date.now();
    const { pages, error } = await collect(client, { source: 'Feeder', colorMode: 'Grayscale8', resolution: 75 }, controller.signal);
    expect(Date.now() - started).toBeLessThan(1500);
    expect(pages).toHaveLength(0);
    expect((error as AppError).subject).toBe('cancelled');
    expect(peer.requests.some((r) => r.method === 'DELETE')).toBe(true);
  });
});
