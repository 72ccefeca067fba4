import { mkdirSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';

/**
 * Writes `count` distinct PNG pages of patterned noise into a new `folder`: incompressible enough that
 * storing each one takes a while, so a child process can be killed part-way through an import.
 * Pages are named `<prefix><nnn>.png`, in natural order.
 */
export async function writeNoisePages(
  folder: string,
  count: number,
  options: { width: number; height: number; seed?: number; prefix?: string },
): Promise<void> {
  const { width, height, seed = 0, prefix = 'page-' } = options;
  mkdirSync(folder);
  for (let i = 1; i <= count; i++) {
    const noise = Buffer.alloc(width * height * 3);
    for (let j = 0; j < noise.length; j++) noise[j] = (j * 7 + (i + seed) * 131) % 251;
    await sharp(noise, { raw: { width, height, channels: 3 } })
      .png({ compressionLevel: 1 })
      .withMetadata({ density: 300 })
      .toFile(path.join(folder, `${prefix}${String(i).padStart(3, '0')}.png`));
  }
}
