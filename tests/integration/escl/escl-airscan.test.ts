// Cross-check of the loopback eSCL peer with Debian's independent eSCL client, sane-airscan
// (through `scanimage`). Nothing is skipped: without sane-airscan the tests fail and say how to install it.
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import sharp from 'sharp';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { EsclPeer, type EsclPeerOptions } from '../../../main/capture/escl/escl-peer';
import { tempDir } from '../../support/temp-dir';

// Asynchronous on purpose: the peer runs in this process and must keep answering while scanimage runs.
const run = promisify(execFile);
const INSTALL_HINT = 'sane-airscan / scanimage missing: install them with `apt-get update && apt-get install -y sane-utils sane-airscan` (shared/docs/scanners.md)';
const AIRSCAN_LIBS = ['/usr/lib/x86_64-linux-gnu/sane/libsane-airscan.so.1', '/usr/lib/aarch64-linux-gnu/sane/libsane-airscan.so.1', '/usr/lib/sane/libsane-airscan.so.1'];

let work: { dir: string; remove: () => void };
const peers: EsclPeer[] = [];
let counter = 0;

beforeAll(() => {
  work = tempDir('sohoa-escl-airscan-');
});
afterAll(() => work.remove());
afterEach(async () => {
  await Promise.all(peers.splice(0).map((p) => p.close()));
});

function requireAirscan(): void {
  const scanimage = ['/usr/bin/scanimage', '/usr/local/bin/scanimage'].some((p) => existsSync(p));
  const backend = AIRSCAN_LIBS.some((p) => existsSync(p));
  if (!scanimage || !backend) throw new Error(INSTALL_HINT);
}

/** A peer and a SANE configuration that names only it (no discovery, only the airscan backend). */
async function setup(options: EsclPeerOptions): Promise<{ peer: EsclPeer; env: NodeJS.ProcessEnv; dir: string }> {
  requireAirscan();
  const peer = await EsclPeer.start(options);
  peers.push(peer);
  const dir = path.join(work.dir, `run-${++counter}`);
  mkdirSync(dir);
  writeFileSync(path.join(dir, 'dll.conf'), 'airscan\n');
  writeFileSync(path.join(dir, 'airscan.conf'), `[devices]\n"Peer" = ${peer.url}\n\n[options]\ndiscovery = disable\n`);
  return { peer, env: { ...process.env, SANE_CONFIG_DIR: dir }, dir };
}

async function scanimage(env: NodeJS.ProcessEnv, args: string[], cwd: string): Promise<{ stdout: string; stderr: string; code: number }> {
  try {
    const { stdout, stderr } = await run('scanimage', args, { env, cwd, timeout: 120_000, maxBuffer: 64 * 1024 * 1024 });
    return { stdout, stderr, code: 0 };
  } catch (error) {
    const e = error as { stdout?: string; stderr?: string; code?: number | string };
    if (e.code === 'ENOENT') throw new Error(INSTALL_HINT, { cause: error });
    return { stdout: e.stdout ?? '', stderr: e.stderr ?? '', code: typeof e.code === 'number' ? e.code : -1 };
  }
}

const DEVICE = 'airscan:e0:Peer';

describe('sane-airscan (Debian) scans from the loopback eSCL peer', () => {
  it('lists the peer and offers its sources, modes and resolutions', async () => {
    const { env, dir } = await setup({ adf: { sheets: 3, duplex: true } });
    const list = await scanimage(env, ['-L'], dir);
    expect(list.stdout).toContain(`\`${DEVICE}'`);
    const help = await scanimage(env, ['-d', DEVICE, '--help'], dir);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/--source Flatbed\|ADF\|ADF Duplex/);
    expect(help.stdout).toMatch(/--mode Color\|Gray/);
    expect(help.stdout).toMatch(/--resolution [0-9|]*300[0-9|]*dpi/);
  });

  it('scanimage --resolution 300 --mode Color from an A4 flatbed: PNG of 2480 × 3508', async () => {
    const { peer, env, dir } = await setup({ maxWidth: 2480, maxHeight: 3508, adf: false });
    const res = await scanimage(env, ['-d', DEVICE, '--resolution', '300', '--mode', 'Color', '--format=png', '-o', 'out.png'], dir);
    expect(res.code, res.stderr).toBe(0);
    const meta = await sharp(path.join(dir, 'out.png')).metadata();
    expect(Math.abs((meta.width ?? 0) - 2480)).toBeLessThanOrEqual(2);
    expect(Math.abs((meta.height ?? 0) - 3508)).toBeLessThanOrEqual(2);
    expect(meta.channels).toBe(3);
    // airscan went through the 503 (not ready) and got the page.
    const next = peer.requests.filter((r) => r.path.endsWith('/NextDocument')).length;
    expect(next).toBeGreaterThanOrEqual(2);
    expect(peer.pagesDelivered).toBe(1);
  });

  it('an A4 area of a larger flatbed (-x 210 -y 297): 2480 × 3508', async () => {
    const { env, dir } = await setup({ adf: false });
    const res = await scanimage(env, ['-d', DEVICE, '--resolution', '300', '--mode', 'Color', '-x', '210', '-y', '297', '--format=png', '-o', 'a4.png'], dir);
    expect(res.code, res.stderr).toBe(0);
    const meta = await sharp(path.join(dir, 'a4.png')).metadata();
    expect(Math.abs((meta.width ?? 0) - 2480)).toBeLessThanOrEqual(2);
    expect(Math.abs((meta.height ?? 0) - 3508)).toBeLessThanOrEqual(2);
  });

  it('an ADF batch (--batch --source ADF): 4 sheets → 4 pages, then "out of documents"', async () => {
    const { peer, env, dir } = await setup({ adf: { sheets: 4 } });
    const res = await scanimage(env, ['-d', DEVICE, '--source', 'ADF', '--resolution', '150', '--mode', 'Gray', '-x', '210', '-y', '297', '--format=png', '--batch=p%d.png'], dir);
    expect(res.code, res.stderr).toBe(0);
    expect(res.stderr).toMatch(/4 pages scanned/);
    const files = readdirSync(dir).filter((f) => /^p\d+\.png$/.test(f)).sort();
    expect(files).toEqual(['p1.png', 'p2.png', 'p3.png', 'p4.png']);
    for (const f of files) {
      const meta = await sharp(path.join(dir, f)).metadata();
      expect(meta.width).toBe(1240);
      expect(Math.abs((meta.height ?? 0) - 1754)).toBeLessThanOrEqual(1);
    }
    expect(peer.sheetsLoaded).toBe(0);
  });

  it('an ADF Duplex batch: 3 sheets → 6 pages', async () => {
    const { env, dir } = await setup({ adf: { sheets: 3, duplex: true } });
    const res = await scanimage(env, ['-d', DEVICE, '--source', 'ADF Duplex', '--resolution', '75', '--mode', 'Color', '--format=png', '--batch=d%d.png'], dir);
    expect(res.code, res.stderr).toBe(0);
    expect(readdirSync(dir).filter((f) => /^d\d+\.png$/.test(f))).toHaveLength(6);
  });

  it('a jam after page 2: airscan reports the jam (from ScannerStatus) and keeps pages 1–2', async () => {
    const { env, dir } = await setup({ adf: { sheets: 5 }, jamAfterPage: 2 });
    const res = await scanimage(env, ['-d', DEVICE, '--source', 'ADF', '--resolution', '75', '--mode', 'Gray', '--format=png', '--batch=j%d.png'], dir);
    expect(res.stderr).toMatch(/jammed/i);
    expect(readdirSync(dir).filter((f) => /^j\d+\.png$/.test(f)).sort()).toEqual(['j1.png', 'j2.png']);
  });
});
