import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { BlobStore } from '../../../main/storage/blob-store';
import { tempDir } from '../../support/temp-dir';

const cleanups: Array<() => void> = [];
afterEach(() => cleanups.splice(0).forEach((f) => f()));

const OWNER = 'a1b2c3d4e5f6-4242-tram-1';
const OTHER = '0f0e0d0c0b0a-4343-tram-2';

async function store(owner = OWNER, root?: string): Promise<BlobStore> {
  if (!root) {
    const t = tempDir();
    cleanups.push(t.remove);
    root = path.join(t.dir, 'pages');
  }
  const blobs = new BlobStore(root, owner);
  await blobs.init();
  return blobs;
}

describe('BlobStore', () => {
  it('stores by sha256 and reads back the same bytes', async () => {
    const blobs = await store();
    const data = Buffer.from('trang một');
    const { sha256, bytes } = await blobs.put(data);
    expect(sha256).toBe(createHash('sha256').update(data).digest('hex'));
    expect(bytes).toBe(data.length);
    expect((await blobs.read(sha256)).equals(data)).toBe(true);
    expect(blobs.pathOf(sha256)).toContain(path.join(sha256.slice(0, 2), sha256));
    expect(await blobs.verify(sha256)).toBe(true);
  });

  it('is idempotent for the same content and leaves no temp files', async () => {
    const blobs = await store();
    const a = await blobs.put(Buffer.from('x'));
    const b = await blobs.put(Buffer.from('x'));
    expect(a.sha256).toBe(b.sha256);
    expect((await blobs.list()).length).toBe(1);
    expect(readdirSync(path.join(blobs.root, 'tmp'))).toEqual([OWNER]);
    expect(readdirSync(blobs.tempDir)).toEqual([]);
  });

  it('detects a damaged blob', async () => {
    const blobs = await store();
    const { sha256 } = await blobs.put(Buffer.from('original'));
    writeFileSync(blobs.pathOf(sha256), 'tampered');
    expect(await blobs.verify(sha256)).toBe(false);
  });

  it('writes temp files under its owner folder and cleans only dead owners’ folders and old loose files', async () => {
    const blobs = await store();
    const other = await store(OTHER, blobs.root);
    expect(blobs.tempDir).toBe(path.join(blobs.root, 'tmp', OWNER));
    const mine = await blobs.workFolder();
    const theirs = await other.workFolder();
    expect(path.dirname(mine)).toBe(blobs.tempDir);
    expect(path.dirname(theirs)).toBe(other.tempDir);
    writeFileSync(path.join(theirs, 'half.tif'), 'half');
    const tmp = path.join(blobs.root, 'tmp');
    // Left by a version before owner folders: one just written (maybe by a live process), one long ago.
    writeFileSync(path.join(tmp, 'recent.part'), 'half');
    const old = path.join(tmp, 'work-legacy');
    mkdirSync(old);
    writeFileSync(path.join(old, 'page.tif'), 'half');
    const hourAgo = new Date(Date.now() - 3600_000);
    utimesSync(path.join(old, 'page.tif'), hourAgo, hourAgo);
    utimesSync(old, hourAgo, hourAgo);

    // Both owners live: only the old loose folder goes.
    expect(await blobs.removeTemporaries(() => new Set([OWNER, OTHER]), 30_000)).toBe(1);
    expect(readdirSync(tmp).sort()).toEqual([OTHER, OWNER, 'recent.part'].sort());
    expect(readdirSync(theirs)).toEqual(['half.tif']);
    // The other owner is dead: its folder goes, with what it held; this owner's stays.
    expect(await blobs.removeTemporaries(() => new Set([OWNER]), 30_000)).toBe(1);
    expect(readdirSync(tmp).sort()).toEqual([OWNER, 'recent.part']);
    expect(existsSync(mine)).toBe(true);
  });

  it('adopts a finished file from its work folder by moving it, and a duplicate by dropping it', async () => {
    const blobs = await store();
    const work = await blobs.workFolder();
    const data = Buffer.alloc(3 * 1024 * 1024, 7);
    const file = path.join(work, 'page-1.png');
    writeFileSync(file, data);
    const { sha256, bytes } = await blobs.adopt(file);
    expect(sha256).toBe(createHash('sha256').update(data).digest('hex'));
    expect(bytes).toBe(data.length);
    expect(existsSync(file)).toBe(false);
    expect(await blobs.verify(sha256)).toBe(true);
    writeFileSync(file, data);
    expect((await blobs.adopt(file)).sha256).toBe(sha256);
    expect(existsSync(file)).toBe(false);
    expect((await blobs.list()).length).toBe(1);
    // A work folder left by a killed scan goes with its dead owner's folder.
    writeFileSync(path.join(work, 'half.ppm'), 'half');
    expect(await blobs.removeTemporaries(() => new Set(), 30_000)).toBe(1);
    expect(existsSync(work)).toBe(false);
  });

  it('rejects names that are not sha256', async () => {
    const blobs = await store();
    expect(() => blobs.pathOf('../../etc/passwd')).toThrow();
  });
});
