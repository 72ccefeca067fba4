import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { PageImageVariant } from '../contract/channels';
import { thumbnail, viewImage } from '../imaging/derivatives';
import type { BlobStore } from '../storage/blob-store';
import type { Records } from './records';

/**
 * Derived images for the UI, cached on disk by content hash: a page's master never changes, so its
 * derivatives never go stale. Both the Electron protocol and the development host serve these.
 */
export class PageImages {
  private readonly inFlight = new Map<string, Promise<Buffer>>();

  constructor(
    private readonly records: Records,
    private readonly blobs: BlobStore,
    private readonly cacheDir: string,
  ) {}

  async get(pageId: number, variant: PageImageVariant): Promise<{ data: Buffer; contentType: string }> {
    const page = this.records.page(pageId);
    const file = path.join(this.cacheDir, `${page.sha256}.${variant}.jpg`);
    const key = `${page.sha256}.${variant}`;
    let pending = this.inFlight.get(key);
    if (!pending) {
      pending = this.load(file, page.sha256, variant).finally(() => this.inFlight.delete(key));
      this.inFlight.set(key, pending);
    }
    return { data: await pending, contentType: 'image/jpeg' };
  }

  private async load(file: string, sha256: string, variant: PageImageVariant): Promise<Buffer> {
    try {
      return await fs.readFile(file);
    } catch {
      const master = await this.blobs.read(sha256);
      const data = variant === 'thumb' ? await thumbnail(master) : await viewImage(master);
      await fs.mkdir(this.cacheDir, { recursive: true });
      const tmp = `${file}.${process.pid}.part`;
      await fs.writeFile(tmp, data);
      await fs.rename(tmp, file);
      return data;
    }
  }
}
