import { spawn } from 'node:child_process';
import path from 'node:path';
import { REPO_ROOT } from './temp-dir';

/**
 * Runs tests/support/import-child.ts on `dataDir` and `folder` (with `newJob`, as a clerk retrying the
 * import), collecting its `ACK <pageId> <sha256>` lines, and SIGKILLs it `killDelayMs` after it has
 * acknowledged `killAfter` pages (Infinity: let it finish).
 */
export function runImportChild(
  dataDir: string,
  folder: string,
  options: { killAfter: number; killDelayMs?: number; newJob?: boolean },
): Promise<{ acks: Array<{ id: number; sha: string }>; killed: boolean }> {
  return new Promise((resolve, reject) => {
    const args = [path.join(REPO_ROOT, 'tests/support/import-child.ts'), dataDir, folder, ...(options.newJob ? ['new-job'] : [])];
    const child = spawn(process.execPath, ['--import', 'tsx', ...args], { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
    const acks: Array<{ id: number; sha: string }> = [];
    let buffer = '';
    let killing = false;
    child.stdout.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      let nl;
      while ((nl = buffer.indexOf('\n')) >= 0) {
        const line = buffer.slice(0, nl);
        buffer = buffer.slice(nl + 1);
        const m = /^ACK (\d+) ([0-9a-f]{64})$/.exec(line);
        if (m) acks.push({ id: Number(m[1]), sha: m[2]! });
        if (!killing && acks.length >= options.killAfter) {
          killing = true;
          setTimeout(() => child.kill('SIGKILL'), options.killDelayMs ?? 0);
        }
      }
    });
    child.on('error', reject);
    child.on('exit', (_code, signal) => resolve({ acks, killed: signal === 'SIGKILL' }));
  });
}
