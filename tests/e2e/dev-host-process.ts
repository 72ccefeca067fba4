import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const REAL_PAGES_DIR = path.resolve(REPO_ROOT, '../shared/datasets/vn-admin-real/pages');

export interface RunningHost {
  url: string;
  signInUrl: string;
  work: string;
  outbox: string;
  stop(): Promise<void>;
}

/**
 * Starts the built development host (`out/main/host.js`) on a fresh data folder, as `npm run host` does;
 * `env` adds variables (e.g. SANE_CONFIG_DIR for the SANE test scanner). No mDNS probes: the test machine's
 * network is shared.
 */
export async function startHost(env: Record<string, string> = {}): Promise<RunningHost> {
  const hostJs = path.join(REPO_ROOT, 'out/main/host.js');
  if (!existsSync(hostJs)) throw new Error('out/main/host.js is missing: run `npm run build` first');
  const work = mkdtempSync(path.join(os.tmpdir(), 'sohoa-e2e-'));
  const info = path.join(work, 'host.json');
  const outbox = path.join(work, 'outbox');
  const child: ChildProcess = spawn(process.execPath, [hostJs], {
    cwd: REPO_ROOT,
    env: { ...process.env, SOHOA_DATA: path.join(work, 'data'), SOHOA_OUTBOX: outbox, SOHOA_HOST_INFO: info, SOHOA_HOST_PORT: '0', SOHOA_MDNS: '0', ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const deadline = Date.now() + 30_000;
  while (!existsSync(info)) {
    if (child.exitCode !== null) throw new Error(`host exited with ${child.exitCode}`);
    if (Date.now() > deadline) throw new Error('host did not start');
    await new Promise((r) => setTimeout(r, 100));
  }
  const { url, secret } = JSON.parse(readFileSync(info, 'utf8')) as { url: string; secret: string };
  return {
    url,
    signInUrl: `${url}/?token=${secret}`,
    work,
    outbox,
    async stop() {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
      rmSync(work, { recursive: true, force: true });
    },
  };
}
