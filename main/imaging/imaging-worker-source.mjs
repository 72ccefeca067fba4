// The imaging worker started from the TypeScript sources (vitest, `node --import tsx`, the benches): a
// worker thread does not inherit the parent's tsx loader on Node 20, so it registers its own, then runs
// imaging-worker.ts. The build runs out/main/imaging-worker.js instead (electron.vite.config.ts).
import { register } from 'tsx/esm/api';

register();
await import('./imaging-worker.ts');
