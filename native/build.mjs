// Builds the project's own Node-API addons (every native/<name>/binding.gyp) with the project's node-gyp.
// Runs after `npm install`/`npm ci`. An addon that does not apply to this platform (its binding.gyp has
// no sources here) is built as an empty target and skipped by the loader with a Vietnamese message.
// Node-API is ABI-stable: the same build loads in Node and in Electron.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.dirname(fileURLToPath(import.meta.url));
const nodeGyp = path.join(root, '..', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js');
const only = process.argv.slice(2);
// Offline machines carry Node's headers (Debian's nodejs puts them in /usr/include/node); without them
// node-gyp would try to download them.
const nodedir = process.env.npm_config_nodedir ?? (existsSync('/usr/include/node/node_api.h') ? '/usr' : undefined);
let failed = 0;
for (const name of readdirSync(root)) {
  const dir = path.join(root, name);
  if (!existsSync(path.join(dir, 'binding.gyp')) || (only.length > 0 && !only.includes(name))) continue;
  console.log(`native/${name}: building`);
  const result = spawnSync(process.execPath, [nodeGyp, 'rebuild', '--directory', dir, ...(nodedir ? [`--nodedir=${nodedir}`] : [])], { stdio: 'inherit' });
  if (result.status !== 0) {
    failed++;
    console.error(`native/${name}: build failed (see above). Scanners of this kind will be reported as unavailable.`);
  }
}
// A failed addon must not stop the install: the workstation runs without that scanner family and says so.
if (failed > 0 && process.env.SOHOA_NATIVE_STRICT === '1') process.exit(1);
