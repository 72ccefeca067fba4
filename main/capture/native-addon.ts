// Finds and loads one of the project's own addons in native/. The same lookup works from the sources
// (tests), from the electron-vite bundle in out/main and from an installed package: walk up from this
// module to the folder that holds native/<name>/build/Release/<file>.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { scannerError } from './scanner-errors';

const requireHere = createRequire(import.meta.url);

export function nativeAddonPath(name: string, file: string): string | null {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = path.join(dir, 'native', name, 'build', 'Release', file);
    if (existsSync(candidate)) return candidate;
    const parent = path.dirname(dir);
    if (parent === dir) return null;
    dir = parent;
  }
}

/** Loads `native/<name>`'s addon, or says in Vietnamese why this kind of scanner cannot be used here. */
export function loadNativeAddon<T>(name: string, file: string, platformOk: boolean, what: string): T {
  if (!platformOk) throw scannerError('unavailable', `${what}: không có trên ${process.platform}`);
  const found = nativeAddonPath(name, file);
  if (!found) throw scannerError('unavailable', `${what}: chưa biên dịch phần mở rộng native/${name} (chạy npm run build:native)`);
  return requireHere(found) as T;
}
