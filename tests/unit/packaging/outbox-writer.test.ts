// The outbox's one-set-per-document replacement on real folders: a new set replaces the old one whole,
// and what a killed process left (staging folders, an old set moved aside) is finished or undone by the
// next write, while the leftovers of a process still running are left alone.
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { recoverOutbox, writeDocumentSet } from '../../../main/packaging/outbox-writer';
import { tempDir } from '../../support/temp-dir';

const cleanups: Array<() => void> = [];
afterEach(() => cleanups.splice(0).forEach((f) => f()));

const HOST = os.hostname().replace(/[^A-Za-z0-9-]/g, '-').slice(0, 40);

function outbox(): string {
  const t = tempDir('sohoa-outbox-');
  cleanups.push(t.remove);
  return t.dir;
}

/** The pid of a process that has exited: what a process killed with SIGKILL leaves behind. */
function deadPid(): number {
  return spawnSync(process.execPath, ['-e', '0']).pid!;
}

/** A leftover folder named as `writeDocumentSet` names them, holding one file. */
function leftover(dir: string, docId: string, pid: number, kind: 'staging' | 'old', content: string): string {
  const name = `.${docId}.${pid}@${HOST}.0badcafe.${kind}`;
  mkdirSync(path.join(dir, name));
  writeFileSync(path.join(dir, name, `${docId}.json`), content);
  return name;
}

describe('writeDocumentSet', () => {
  it('puts the set in <docId>/ and replaces an older set whole, its extra files with it', async () => {
    const dir = outbox();
    await writeDocumentSet(dir, 'H49.1.1', [
      { name: 'H49.1.1.pdf', data: 'old pdf' },
      { name: 'H49.1.1.json', data: 'old json' },
      { name: 'H49.1.1.001.alto.xml', data: 'a' },
      { name: 'H49.1.1.002.alto.xml', data: 'b' },
    ]);
    // A flat set from the earlier layout, beside: stale once the folder holds the new set.
    writeFileSync(path.join(dir, 'H49.1.1.pdf'), 'flat');
    writeFileSync(path.join(dir, 'H49.1.10.pdf'), 'another document');
    const written = await writeDocumentSet(dir, 'H49.1.1', [
      { name: 'H49.1.1.pdf', data: 'new pdf' },
      { name: 'H49.1.1.json', data: 'new json' },
      { name: 'H49.1.1.001.alto.xml', data: 'c' },
    ]);
    expect(written.dir).toBe(path.join(dir, 'H49.1.1'));
    expect(written.paths).toEqual(['H49.1.1.pdf', 'H49.1.1.json', 'H49.1.1.001.alto.xml'].map((f) => path.join(dir, 'H49.1.1', f)));
    expect(readdirSync(path.join(dir, 'H49.1.1')).sort()).toEqual(['H49.1.1.001.alto.xml', 'H49.1.1.json', 'H49.1.1.pdf']);
    expect(readFileSync(written.paths[1]!, 'utf8')).toBe('new json');
    expect(readdirSync(dir).sort()).toEqual(['H49.1.1', 'H49.1.10.pdf']);
  });

  it('leaves the old set and no staging folder when writing fails part-way', async () => {
    const dir = outbox();
    await writeDocumentSet(dir, 'H49.1.2', [{ name: 'H49.1.2.json', data: 'old' }]);
    // Two files of one name: the second cannot be created.
    await expect(writeDocumentSet(dir, 'H49.1.2', [{ name: 'H49.1.2.json', data: 'new' }, { name: 'H49.1.2.json', data: 'again' }])).rejects.toMatchObject({ code: 'EXPORT_FAILED' });
    expect(readdirSync(dir)).toEqual(['H49.1.2']);
    expect(readFileSync(path.join(dir, 'H49.1.2', 'H49.1.2.json'), 'utf8')).toBe('old');
  });
});

describe('recoverOutbox', () => {
  it('removes a dead process’s staging folder, restores an old set it moved aside, drops one it had replaced', async () => {
    const dir = outbox();
    const dead = deadPid();
    leftover(dir, 'H49.1.3', dead, 'staging', 'half written');
    // Killed between moving the old set aside and moving the new one in: no H49.1.4/ folder.
    leftover(dir, 'H49.1.4', dead, 'old', 'old set');
    // Killed after the swap, before removing the old set.
    mkdirSync(path.join(dir, 'H49.1.5'));
    writeFileSync(path.join(dir, 'H49.1.5', 'H49.1.5.json'), 'new set');
    leftover(dir, 'H49.1.5', dead, 'old', 'old set');
    writeFileSync(path.join(dir, '.H49.1.6.pdf.0123abcd.part'), 'the earlier writer’s temp file');

    await recoverOutbox(dir);
    expect(readdirSync(dir).sort()).toEqual(['H49.1.4', 'H49.1.5']);
    expect(readFileSync(path.join(dir, 'H49.1.4', 'H49.1.4.json'), 'utf8')).toBe('old set');
    expect(readFileSync(path.join(dir, 'H49.1.5', 'H49.1.5.json'), 'utf8')).toBe('new set');
  });

  it('leaves alone what a live process is writing', async () => {
    const dir = outbox();
    const live = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)'], { stdio: 'ignore' });
    cleanups.push(() => live.kill('SIGKILL'));
    const staging = leftover(dir, 'H49.1.7', live.pid!, 'staging', 'being written');
    const aside = leftover(dir, 'H49.1.8', live.pid!, 'old', 'being swapped');
    await recoverOutbox(dir);
    await writeDocumentSet(dir, 'H49.1.7', [{ name: 'H49.1.7.json', data: 'mine' }]);
    expect(readdirSync(dir).sort()).toEqual([staging, aside, 'H49.1.7'].sort());
  });
});
