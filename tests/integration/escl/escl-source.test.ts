// The eSCL backend against the project's loopback eSCL peer (real HTTP, real images), through the same
// ScannerSource interface as every other scanner.
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { afterEach, describe, expect, it } from 'vitest';
import { EsclPeer, type EsclPeerOptions } from '../../../main/capture/escl/escl-peer';
import { EsclSource, esclUrlOf } from '../../../main/capture/escl/escl-source';
import type { ScanRequest, ScanSettings } from '../../../main/capture/scanner-source';
import { collectScan } from '../../support/scan';
import { tempDir } from '../../support/temp-dir';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const f of cleanups.splice(0).reverse()) await f();
});

async function setup(options: EsclPeerOptions = {}) {
  const peer = await EsclPeer.start(options);
  cleanups.push(() => peer.close());
  const t = tempDir();
  cleanups.push(t.remove);
  const workDir = path.join(t.dir, 'work');
  mkdirSync(workDir);
  const source = new EsclSource({ urls: [peer.url], browseMs: 0, client: { retryDelayMs: 10, maxRetryDelayMs: 50 } });
  const request = (settings: Partial<ScanSettings>, extra: Partial<ScanRequest> = {}): ScanRequest => ({
    deviceId: `escl:${peer.url}`,
    settings: { source: 'flatbed', colorMode: 'color', resolution: 300, widthMm: 210, heightMm: 297, ...settings },
    workDir,
    signal: new AbortController().signal,
    ...extra,
  });
  return { peer, source, request };
}


const deletes = (peer: EsclPeer) => peer.requests.filter((r) => r.method === 'DELETE').length;

describe('EsclSource with the loopback eSCL peer', () => {
  it('lists a configured scanner by its model, with its capabilities in the common terms', async () => {
    const { peer, source } = await setup({ makeAndModel: 'Máy quét mạng thử', adf: { sheets: 4, duplex: true } });
    expect(await source.listDevices()).toEqual([{ id: `escl:${peer.url}`, backend: 'escl', label: `Máy quét mạng thử (${peer.url})`, model: 'Máy quét mạng thử' }]);
    const caps = await source.capabilities(`escl:${peer.url}`);
    expect(caps.sources).toEqual(['flatbed', 'adf', 'adf-duplex']);
    expect(caps.colorModes).toEqual(['color', 'gray', 'lineart']);
    expect(caps.resolutions).toContain(300);
    expect(caps.maxWidthMm).toBeCloseTo(215.9, 0);
  });

  it('scans colour A4 at 300 dpi from the platen as a lossless PNG', async () => {
    const { source, request } = await setup();
    const { pages, error } = await collectScan(source.scan(request({})));
    expect(error).toBeNull();
    expect(pages).toHaveLength(1);
    expect(pages[0]).toMatchObject({ format: 'png', width: 2480, height: 3508, dpi: 300, side: 'front' });
    expect(await sharp(pages[0]!.file).metadata()).toMatchObject({ format: 'png', width: 2480, channels: 3 });
  });

  it('feeds the ADF until it is empty, and duplex gives front then back of each sheet', async () => {
    const simplex = await setup({ adf: { sheets: 3 } });
    const a = await collectScan(simplex.source.scan(simplex.request({ source: 'adf', resolution: 100 })));
    expect(a.error).toBeNull();
    expect(a.pages.map((p) => p.source)).toEqual([1, 2, 3].map((n) => `escl:${simplex.peer.url} #${n}`));

    const duplex = await setup({ adf: { sheets: 2, duplex: true } });
    const b = await collectScan(duplex.source.scan(duplex.request({ source: 'adf-duplex', resolution: 100 })));
    expect(b.pages.map((p) => p.side)).toEqual(['front', 'back', 'front', 'back']);
  });

  it('a jam after page 2 keeps pages 1–2 and reports the jam in Vietnamese', async () => {
    const { source, request } = await setup({ adf: { sheets: 5 }, jamAfterPage: 2 });
    const { pages, error } = await collectScan(source.scan(request({ source: 'adf', resolution: 100 })));
    expect(pages).toHaveLength(2);
    for (const p of pages) expect(existsSync(p.file)).toBe(true);
    expect(error?.code).toBe('SCANNER_JAMMED');
    expect(error?.messageVi).toMatch(/kẹt giấy/);
  });

  it('an empty feeder fails before the first page', async () => {
    const { source, request } = await setup({ adf: { sheets: 0 } });
    const { pages, error } = await collectScan(source.scan(request({ source: 'adf', resolution: 100 })));
    expect(pages).toHaveLength(0);
    expect(error?.code).toBe('SCANNER_FEEDER_EMPTY');
  });

  it('stopping after maxPages or an abort deletes the job on the scanner', async () => {
    const { peer, source, request } = await setup({ adf: { sheets: 5 } });
    const first = await collectScan(source.scan(request({ source: 'adf', resolution: 100, maxPages: 2 })));
    expect(first.pages).toHaveLength(2);
    expect(deletes(peer)).toBe(1);

    const controller = new AbortController();
    const second = await collectScan(source.scan(request({ source: 'adf', resolution: 100 }, { signal: controller.signal })), () => controller.abort());
    expect(second.pages).toHaveLength(1);
    expect(second.error?.code).toBe('SCAN_CANCELLED');
    expect(deletes(peer)).toBe(2);
  });

  it('a scanner that goes away mid-job is a lost connection, pages before it kept', async () => {
    const { peer, source, request } = await setup({ adf: { sheets: 5 } });
    const { pages, error } = await collectScan(source.scan(request({ source: 'adf', resolution: 100 })), (_page, index) => {
      if (index === 0) void peer.close();
    });
    expect(pages).toHaveLength(1);
    expect(error?.code).toBe('SCANNER_DISCONNECTED');
    expect(error?.messageVi).toMatch(/Mất kết nối với máy quét/);
  });

  it('builds the eSCL root from an mDNS announcement', () => {
    expect(esclUrlOf({ type: 'uscan', port: 8080, host: 'mfp.local', addresses: ['fe80::1', '192.168.1.20'], txt: { rs: '/eSCL/' } })).toBe('http://192.168.1.20:8080/eSCL');
    expect(esclUrlOf({ type: 'uscans', port: 443, host: 'mfp.local', addresses: [], txt: {} })).toBe('https://mfp.local:443/eSCL');
  });
});
