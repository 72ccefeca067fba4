// Tesseract language models for offline recognition.
// The models ship inside npm packages (@tesseract.js-data/<lang>); tesseract.js takes ONE folder
// (langPath) for all languages, so each model is copied next to the others under the app's cache.
// Nothing is fetched: the pool always passes this folder as langPath, and tesseract.js only falls
// back to its CDN when langPath is empty.
import { randomUUID } from 'node:crypto';
import { copyFile, mkdir, rename, rm, stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { AppError } from '../contract/errors';

// The standard models (tessdata 4.0.0): an integer LSTM network, plus the legacy engine's data, which
// orientation detection (`osd`) needs. On the nine real pages of vn-admin-real they read as well as the
// `best_int` variant (CER 11.72 % against 11.73 %) in half the time, so recognition uses them too.
const MODEL_VARIANT = '4.0.0';

// Resolved from this file, not from the working directory, so that it also works from the bundle in
// out/main (node_modules stays external there and is found by walking up the folders).
const requireFromHere = createRequire(import.meta.url);

/** Tesseract language codes: `vie`, `eng`, `chi_sim`. Anything else is refused before it reaches a path. */
const LANGUAGE_CODE = /^[a-z]{3}(?:_[a-z]+)?$/;

const LANGUAGE_FOLDER = 'tessdata';

function modelFileName(language: string): string {
  return `${language}.traineddata.gz`;
}

function missingLanguage(language: string, cause?: unknown): AppError {
  return new AppError(
    'OCR_FAILED',
    `Thiếu dữ liệu nhận dạng chữ cho ngôn ngữ "${language}". Hãy cài lại phần mềm hoặc báo cho quản trị viên.`,
    `Recognition data for language "${language}" is missing (package @tesseract.js-data/${language}). Reinstall the application or tell the administrator.`,
    language,
    { cause },
  );
}

function packagedModel(language: string): string {
  if (!LANGUAGE_CODE.test(language)) throw missingLanguage(language);
  try {
    return requireFromHere.resolve(`@tesseract.js-data/${language}/${MODEL_VARIANT}/${modelFileName(language)}`);
  } catch (cause) {
    throw missingLanguage(language, cause);
  }
}

async function sizeOf(file: string): Promise<number | null> {
  try {
    return (await stat(file)).size;
  } catch {
    return null;
  }
}

/** Copies through a temporary name so that a crash or a concurrent reader never sees half a model. */
async function copyAtomically(source: string, target: string): Promise<void> {
  const temporary = `${target}.${process.pid}.${randomUUID()}.tmp`;
  try {
    await copyFile(source, temporary);
    await rename(temporary, target);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}

/**
 * Makes sure `<cacheDir>/tessdata/` holds the gzipped model of every language and returns that
 * folder (absolute). A model is copied when it is missing or its size differs from the packaged one
 * (an interrupted copy or a newer package). Throws AppError OCR_FAILED naming the language when a
 * model is not installed.
 */
export async function ensureLanguageData(cacheDir: string, languages: readonly string[] = ['vie', 'eng']): Promise<string> {
  const sources = languages.map((language) => ({ language, source: packagedModel(language) }));
  const folder = path.resolve(cacheDir, LANGUAGE_FOLDER);
  await mkdir(folder, { recursive: true });
  for (const { language, source } of sources) {
    const sourceSize = await sizeOf(source);
    if (sourceSize === null) throw missingLanguage(language);
    const target = path.join(folder, modelFileName(language));
    if ((await sizeOf(target)) !== sourceSize) await copyAtomically(source, target);
  }
  return folder;
}
