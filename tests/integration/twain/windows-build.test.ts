// The TWAIN client's Windows code (message-only window, message pump, LoadLibrary) cannot run here, but
// it must compile, warning-free, for 64-bit Windows and for the 32-bit helper that reaches 32-bit drivers.
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT, tempDir } from '../../support/temp-dir';

const run = promisify(execFile);

describe('TWAIN client for Windows', () => {
  it.each(['x86_64-w64-mingw32-gcc', 'i686-w64-mingw32-gcc'])('compiles with %s, warnings as errors', async (compiler) => {
    const t = tempDir();
    try {
      const out = path.join(t.dir, 'twain-helper.exe');
      const source = path.join(REPO_ROOT, 'native/twain/src/twain_helper.c');
      await run(compiler, ['-std=c11', '-Wall', '-Wextra', '-Werror', '-o', out, source, '-luser32']);
      const { stdout } = await run('file', [out]).catch(() => ({ stdout: '' }));
      if (stdout) expect(stdout).toMatch(compiler.startsWith('x86_64') ? /PE32\+/ : /PE32 executable/);
    } finally {
      t.remove();
    }
  });
});
