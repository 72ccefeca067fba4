import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { PageImageVariant } from '../contract/channels';
import { AppError } from '../contract/errors';
import { IDENTITY_RECIPE, type PageRecipe } from '../contract/page-recipe';
import { imaging } from '../imaging/imaging-pool';
import type { BlobStore } from '../storage/blob-store';
import type { Records } from './records';

/**
 * Derived images for the UI, cached on disk by the master's content hash and the recipe's: a master
 * never changes, and an edited page has a new recipe, so a cached image never goes stale. `master` is
 * the page as scanned (the "before" of the before/after view). Both the Electron protocol and the
 * development host serve these.
 */
export class PageImages {
  private readonly inFlight = new Map<string, Promise<Buffer>>();
  private readonly pyramids = new Map<string, Promise<string>>();

  constructor(
    private readonly records: Records,
    private readonly blobs: BlobStore,
    private readonly cacheDir: string,
  ) {}

  async get(pageId: number, variant: PageImageVariant): Promise<{ data: Buffer; contentType: string }> {
    const page = this.records.page(pageId);
    const recipe = variant === 'master' ? IDENTITY_RECIPE : page.recipe;
    const key = `${page.sha256}.${recipeHash(recipe)}.${variant === 'thumb' ? 'thumb' : 'view'}`;
    const file = path.join(this.cacheDir, `${key}.jpg`);
    let pending = this.inFlight.get(key);
    if (!pending) {
      pending = this.load(file, page.sha256, recipe, variant).finally(() => this.inFlight.delete(key));
      this.inFlight.set(key, pending);
    }
    return { data: await pending, contentType: 'image/jpeg' };
  }

  /**
   * A file of the page's deep-zoom pyramid (`page.dzi` or `page_files/<level>/<col>_<row>.jpeg`),
   * building the pyramid on first use.
   */
  async tile(pageId: number, file: string): Promise<{ data: Buffer; contentType: string }> {
    const page = this.records.page(pageId);
    const key = `${page.sha256}.${recipeHash(page.recipe)}.tiles`;
    let pending = this.pyramids.get(key);
    if (!pending) {
      pending = imaging().buildPyramid(this.blobs.pathOf(page.sha256), page.recipe, path.join(this.cacheDir, key)).finally(() => this.pyramids.delete(key));
      this.pyramids.set(key, pending);
    }
    const dir = await pending;
    try {
      const data = await fs.readFile(path.join(dir, file));
      return { data, contentType: file.endsWith('.dzi') ? 'application/xml' : 'image/jpeg' };
    } catch {
      throw new AppError('NOT_FOUND', 'Không có ô ảnh này.', 'No such tile.', file);
    }
  }

  private async load(file: string, sha256: string, recipe: PageRecipe, variant: PageImageVariant): Promise<Buffer> {
    try {
      return await fs.readFile(file);
    } catch {
      const master = this.blobs.pathOf(sha256);
      const data = variant === 'thumb' ? await imaging().thumbnail(master, recipe) : await imaging().viewImage(master, recipe);
      await fs.mkdir(this.cacheDir, { recursive: true });
      const tmp = `${file}.${process.pid}.part`;
      await fs.writeFile(tmp, data);
      await fs.rename(tmp, file);
      return data;
    }
  }
}

function recipeHash(recipe: PageRecipe): string {
  return createHash('sha256').update(JSON.stringify(recipe)).digest('hex').slice(0, 16);
}
