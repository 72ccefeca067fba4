// mDNS discovery of eSCL scanners for real, inside a private network namespace (never on a shared
// network): a peer announces `_uscan._tcp` with bonjour-service and EsclSource finds it and reads it.
import { execFile, execFileSync } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../support/temp-dir';

const run = promisify(execFile);

function namespacesAvailable(): string | null {
  try {
    execFileSync('unshare', ['--net', 'true'], { stdio: 'ignore' });
    return null;
  } catch {
    return 'unshare --net is not permitted here (needs root, as on the project machines and CI)';
  }
}

const unavailable = namespacesAvailable();
if (unavailable) console.warn(`mDNS test skipped: ${unavailable}`);

describe('eSCL mDNS discovery', () => {
  it.skipIf(unavailable !== null)('finds a scanner announced as _uscan._tcp and reads its capabilities', async () => {
    const setup = 'ip link set lo up && ip link set lo multicast on && ip route add 224.0.0.0/4 dev lo';
    const probe = `node --import tsx ${JSON.stringify(path.join(REPO_ROOT, 'tests/support/mdns-probe.ts'))}`;
    const { stdout } = await run('unshare', ['--net', 'sh', '-c', `${setup} && ${probe}`], { cwd: REPO_ROOT });
    const result = JSON.parse(stdout.trim().split('\n').at(-1)!) as { devices: Array<{ id: string; label: string }>; caps: { sources: string[] }; peerUrl: string };
    const port = new URL(result.peerUrl).port;
    expect(result.devices).toEqual([{ id: `escl:http://localhost:${port}/eSCL`, backend: 'escl', label: 'Máy quét mDNS thử', model: 'Máy quét mDNS thử' }]);
    expect(result.caps.sources).toEqual(['flatbed', 'adf']);
  });
});
