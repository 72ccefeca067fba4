// A deep-zoom tile pyramid of a page as its recipe renders it, for smooth pan and zoom over sheets of
// hundreds of megapixels (maps, drawings up to A0). libvips writes it in one streaming pass (dzsave),
// so the sheet is never whole in memory. Written beside and renamed into place: a reader never sees a
// half-written pyramid.
import { randomUUID } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { PageRecipe } from '../contract/page-recipe';
import { masterSize, withRenderedPage, type MasterInput } from './derivatives';

/** 512 px tiles with 1 px overlap: fewer requests than 256, and seamless at every zoom level. */
export const TILE_SIZE = 512;

/** Builds `<dir>/page.dzi` and `<dir>/page_files/…` unless they exist. Returns the directory. */
export async function buildPyramid(master: MasterInput, recipe: PageRecipe, dir: string): Promise<string> {
  try {
    await fs.access(path.join(dir, 'page.dzi'));
    return dir;
  } catch {
    // Not built yet.
  }
  const scratch = `${dir}.${randomUUID()}.part`;
  await fs.mkdir(scratch, { recursive: true });
  try {
    const size = await masterSize(master);
    await withRenderedPage(master, size, recipe, 1, 'lanczos3', (image) =>
      image.jpeg({ quality: 85 }).tile({ size: TILE_SIZE, overlap: 1, layout: 'dz', container: 'fs' }).toFile(path.join(scratch, 'page.dz')),
    );
    await fs.rename(scratch, dir).catch(async (error: NodeJS.ErrnoException) => {
      // Another request built it meanwhile: theirs is as good as ours.
      if (error.code !== 'ENOTEMPTY' && error.code !== 'EEXIST') throw error;
      await fs.rm(scratch, { recursive: true, force: true });
    });
    return dir;
  } catch (error) {
    await fs.rm(scratch, { recursive: true, force: true });
    throw error;
  }
}
