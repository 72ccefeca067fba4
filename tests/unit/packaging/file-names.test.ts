// Output names derived from input names: short enough in bytes for every suffix, free of the characters
// that hide what a name is (bidi overrides) or that a file system refuses.
import { describe, expect, it } from 'vitest';
import { docIdFor } from '../../../main/cli/process-command';
import { safeFileStem, truncateBytes } from '../../../main/packaging/file-names';
import { altoFileName } from '../../../main/services/export-service';
import { LONG_NAME, RTL_NAME } from '../../support/hostile-corpus';

describe('output names from input names', () => {
  it('shortens a 254-byte name by bytes so that every output name, temp names included, fits in 255 bytes', () => {
    expect(Buffer.byteLength(LONG_NAME)).toBe(254);
    const taken = new Set<string>();
    const first = docIdFor(LONG_NAME, taken);
    const second = docIdFor(LONG_NAME, taken);
    expect(second).toBe(`${first}-2`);
    for (const id of [first, second]) {
      for (const name of [`${id}.pdf`, `${id}.json`, altoFileName(id, 1234, 1234)]) {
        // The outbox writer's temp file is `.<name>.<8 hex>.part`.
        expect(Buffer.byteLength(`.${name}.0123abcd.part`)).toBeLessThanOrEqual(255);
      }
    }
    // A prefix of the name, cut between letters: no broken UTF-8, no lone combining mark.
    expect(LONG_NAME.startsWith(first)).toBe(true);
    expect(first).toBe(first.normalize('NFC'));
    expect(Buffer.from(first, 'utf8').toString('utf8')).toBe(first);
  });

  it('drops a right-to-left override and other invisible characters', () => {
    expect(RTL_NAME).toContain('\u202E');
    const id = docIdFor(RTL_NAME, new Set());
    expect(id).toBe('bien-ban-gpj.exe');
    expect(safeFileStem('a\u2066b\u200Fc\u0007d\u200Be\u2028f', 100)).toBe('abcdef');
  });

  it('keeps Vietnamese, replaces what Windows refuses, and avoids hidden and device names', () => {
    expect(docIdFor('Quyết định 15\\QĐ-UBND: "khẩn".pdf', new Set())).toBe('Quyết định 15_QĐ-UBND_ _khẩn_');
    expect(docIdFor('..ẩn.png', new Set())).toBe('ẩn');
    expect(docIdFor('CON.png', new Set())).toBe('CON_');
    expect(docIdFor('\u202E.png', new Set())).toBe('document');
    expect(docIdFor('báo cáo. .png', new Set())).toBe('báo cáo');
  });

  it('cuts by bytes, never inside a letter with its marks', () => {
    // "ệ" written as e + dot below + circumflex (NFD) is one letter of 5 bytes.
    const decomposed = 'ae\u0323\u0302b';
    expect(truncateBytes(decomposed, 3)).toBe('a');
    expect(truncateBytes(decomposed, 6)).toBe('ae\u0323\u0302');
    expect(truncateBytes('đường', 4)).toBe('đư');
  });
});
