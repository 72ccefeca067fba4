import { cpSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT, tempDir } from '../support/temp-dir';

// @doyensec/electronegativity over the sources (not the bundles in out/, which would only repeat them).
// Its programmatic API is used because its command line breaks on the project's newer commander.
// Every finding that remains must be listed here AND explained in the README's security section.
const EXPLAINED = new Set([
  // The window options come from mainWindowOptions(), which the tool cannot follow; a unit test checks them.
  'CONTEXT_ISOLATION_JS_CHECK main/shell/main.ts',
  'SANDBOX_JS_CHECK main/shell/main.ts',
  'AUXCLICK_JS_CHECK main/shell/main.ts',
  // script-src 'self' would be weak if the origin served user content or JSONP; ours serves neither.
  'CSP_GLOBAL_CHECK renderer/index.html',
]);

const require = createRequire(import.meta.url);
type Issue = { id: string; file: string; location: { line: number }; severity: { name: string } };
const run = require('@doyensec/electronegativity') as (options: Record<string, unknown>) => Promise<{ issues: Issue[]; errors: unknown[] }>;

describe('electronegativity', () => {
  it('reports no finding that is not explained', async () => {
    const electronVersion = (require('electron/package.json') as { version: string }).version;
    // One scan over a copy of the three source folders: the global checks need to see them together.
    const scan = tempDir('sohoa-electronegativity-');
    let issues: Issue[];
    try {
      for (const entry of ['package.json', 'main', 'preload', 'renderer']) cpSync(path.join(REPO_ROOT, entry), path.join(scan.dir, entry), { recursive: true });
      ({ issues } = await run({ input: scan.dir, isSarif: false, severitySet: undefined, confidenceSet: undefined, isRelative: true, isVerbose: false, electronVersionOverride: electronVersion, parserPlugins: [] }));
    } finally {
      scan.remove();
    }
    const unique = [...new Set(issues.map((issue) => `${issue.id} ${issue.file}`))].sort();
    console.log(`electronegativity findings:\n  ${unique.join('\n  ') || '(none)'}`);
    expect(unique.filter((f) => !EXPLAINED.has(f))).toEqual([]);
  });
});
