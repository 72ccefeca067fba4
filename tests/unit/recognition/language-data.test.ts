import { existsSync, readdirSync, statSync, truncateSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../../../main/contract/errors';
import { ensureLanguageData } from '../../../main/recognition/language-data';
import { tempDir } from '../../support/temp-dir';

const require = createRequire(import.meta.url);
const packaged = (language: string) =>
  require.resolve(`@tesseract.js-data/${language}/4.0.0/${language}.traineddata.gz`);

describe('ensureLanguageData', () => {
  let cache: ReturnType<typeof tempDir>;
  beforeEach(() => {
    cache = tempDir('sohoa-tessdata-');
  });
  afterEach(() => cache.remove());

  it('copies the Vietnamese and English models into <cacheDir>/tessdata and returns that folder', async () => {
    const folder = await ensureLanguageData(cache.dir);
    expect(folder).toBe(path.join(cache.dir, 'tessdata'));
    expect(path.isAbsolute(folder)).toBe(true);
    expect(readdirSync(folder).sort()).toEqual(['eng.traineddata.gz', 'vie.traineddata.gz']);
    for (const language of ['vie', 'eng']) {
      expect(statSync(path.join(folder, `${language}.traineddata.gz`)).size).toBe(statSync(packaged(language)).size);
    }
  });

  it('is idempotent: a second call keeps the files it finds and leaves no temporary file', async () => {
    const folder = await ensureLanguageData(cache.dir);
    const before = statSync(path.join(folder, 'vie.traineddata.gz'));
    await expect(ensureLanguageData(cache.dir)).resolves.toBe(folder);
    const after = statSync(path.join(folder, 'vie.traineddata.gz'));
    // An atomic copy renames a new file into place: the same inode means nothing was copied.
    expect(after.ino).toBe(before.ino);
    expect(readdirSync(folder).sort()).toEqual(['eng.traineddata.gz', 'vie.traineddata.gz']);
  });

  it('copies again a model whose size differs (an interrupted or older copy)', async () => {
    const folder = await ensureLanguageData(cache.dir, ['vie']);
    const model = path.join(folder, 'vie.traineddata.gz');
    truncateSync(model, 1000);
    await ensureLanguageData(cache.dir, ['vie']);
    expect(statSync(model).size).toBe(statSync(packaged('vie')).size);
  });

  it('fails clearly, before copying anything, when a language is not installed', async () => {
    const attempt = ensureLanguageData(cache.dir, ['vie', 'xyz']);
    await expect(attempt).rejects.toBeInstanceOf(AppError);
    await expect(attempt).rejects.toMatchObject({ code: 'OCR_FAILED', subject: 'xyz' });
    await expect(attempt).rejects.toThrow(/xyz/);
    expect(existsSync(path.join(cache.dir, 'tessdata'))).toBe(false);
  });

  it('refuses something that is not a language code instead of resolving it as a path', async () => {
    await expect(ensureLanguageData(cache.dir, ['../../etc/passwd'])).rejects.toMatchObject({ code: 'OCR_FAILED' });
  });
});
