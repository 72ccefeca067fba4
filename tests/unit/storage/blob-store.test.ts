import { createHash } from 'node:crypto';
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { BlobStore } from '../../../main/storage/blob-store';
import { tempDir } from '../../support/temp-dir';

const cleanups: Array<() => void> = [];
afterEach(() => cleanups.splice(0).forEach((f) => f()));

async function store(): Promise<BlobStore> {
  const t = tempDir();
  cleanups.push(t.remove);
  const blobs = new BlobStore(path.join(t.dir, 'pages'));
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
    expect(readdirSync(path.join(blobs.root, 'tmp'))).toEqual([]);
  });

  it('detects a damaged blob and cleans temporaries', async () => {
    const blobs = await store();
    const { sha256 } = await blobs.put(Buffer.from('original'));
    writeFileSync(blobs.pathOf(sha256), 'tampered');
    expect(await blobs.verify(sha256)).toBe(false);
    writeFileSync(path.join(blobs.root, 'tmp', 'half.part'), 'half');
    expect(await blobs.removeTemporaries()).toBe(1);
    expect(existsSync(path.join(blobs.root, 'tmp', 'half.part'))).toBe(false);
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
    // A work folder left by a killed scan is a temporary like any other.
    writeFileSync(path.join(work, 'half.ppm'), 'half');
    expect(await blobs.removeTemporaries()).toBe(1);
    expect(existsSync(work)).toBe(false);
  });

  it('rejects names that are not sha256', async () => {
    const blobs = await store();
    expect(() => blobs.pathOf('../../etc/passwd')).toThrow();
  });
});
