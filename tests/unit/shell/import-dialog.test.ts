// The native picker offers what each import reads: page images and PDFs, or one Excel catalogue.
import { describe, expect, it } from 'vitest';
import { IMPORT_EXTENSIONS, importDialogOptions } from '../../../main/shell/ipc-binding';

describe('import dialog', () => {
  it('offers page files (and folders on macOS) by default, one .xlsx for a catalogue', () => {
    expect(importDialogOptions('linux')).toMatchObject({ properties: ['openFile', 'multiSelections'], filters: [{ extensions: [...IMPORT_EXTENSIONS] }] });
    expect(importDialogOptions('darwin').properties).toContain('openDirectory');
    expect(importDialogOptions('win32', 'catalogue')).toMatchObject({ properties: ['openFile'], filters: [{ name: 'Bảng tính Excel', extensions: ['xlsx'] }] });
  });
});
