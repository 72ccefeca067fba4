// The layer rule lives in eslint.config.js; this lints source text as if it were a file of each inner layer,
// through ESLint's own API and the project's config, so that the rule cannot be dropped or weakened unnoticed.
import { join } from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '../../..');
const eslint = new ESLint({ cwd: root });
const RULE = '@typescript-eslint/no-restricted-imports';

/** The messages of the import rule for `code` placed at `file` (relative to the repository). */
async function importErrors(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: join(root, file) });
  return result!.messages.filter((message) => message.ruleId === RULE).map((message) => message.message);
}

describe('inner layers may not import the layers built on them', () => {
  it.each([
    ['main/imaging/layer-fixture.ts', "import { Records } from '../services/records';\nexport const r = Records;\n"],
    ['main/imaging/layer-fixture.ts', "import type { Records } from '../services/records';\nexport type R = Records;\n"],
    ['main/recognition/layer-fixture.ts', "import { Dispatcher } from '../ipc/dispatcher';\nexport const d = Dispatcher;\n"],
    ['main/archive/layer-fixture.ts', "import { startDevHost } from '../host/dev-host';\nexport const h = startDevHost;\n"],
    ['main/archive/nested/layer-fixture.ts', "export { startShell } from '../../shell/main';\n"],
    ['main/search/layer-fixture.ts', "import { documentCode } from '../services/records';\nexport const c = documentCode;\n"],
  ])('refuses %s importing upward: %j', async (file, code) => {
    expect(await importErrors(file, code)).toEqual([expect.stringMatching(/may not import services, ipc, shell or host/)]);
  });

  it('refuses imaging importing recognition, types included', async () => {
    const code = "import type { WordBox } from '../recognition/word-geometry';\nexport type B = WordBox;\n";
    expect(await importErrors('main/imaging/layer-fixture.ts', code)).toEqual([expect.stringMatching(/Imaging may not import recognition/)]);
  });

  it('lets recognition use imaging and every inner layer use the contract and storage', async () => {
    expect(await importErrors('main/recognition/layer-fixture.ts', "import { maxPixels } from '../imaging/image-limits';\nexport const m = maxPixels;\n")).toEqual([]);
    expect(await importErrors('main/imaging/layer-fixture.ts', "import { AppError } from '../contract/errors';\nexport const e = AppError;\n")).toEqual([]);
    expect(await importErrors('main/search/layer-fixture.ts', "import type { Db } from '../storage/database';\nexport type D = Db;\n")).toEqual([]);
  });

  it('still refuses electron at runtime in an inner layer (the layer block repeats the main/ rule)', async () => {
    expect(await importErrors('main/imaging/layer-fixture.ts', "import { app } from 'electron';\nexport const a = app;\n")).toEqual([
      expect.stringMatching(/Only main\/shell/),
    ]);
  });

  it('finds nothing in the inner layers as they are', async () => {
    const results = await eslint.lintFiles(['main/archive', 'main/imaging', 'main/recognition', 'main/search'].map((folder) => join(root, folder)));
    expect(results.flatMap((result) => result.messages.filter((message) => message.ruleId === RULE))).toEqual([]);
  });
});
