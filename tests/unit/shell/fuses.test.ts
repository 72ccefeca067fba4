import { describe, expect, it } from 'vitest';
import { FUSES, FUSE_V1_INDEX, FUSE_WIRE_VERSION, electronFuseConfig } from '../../../main/shell/fuses';

describe('Electron fuses of a packaged workstation', () => {
  it('sets the nine fuses of the V1 wire, each explicitly, by its FuseV1Options index', () => {
    expect(FUSE_WIRE_VERSION).toBe('1');
    expect(FUSE_V1_INDEX).toEqual({
      RunAsNode: 0,
      EnableCookieEncryption: 1,
      EnableNodeOptionsEnvironmentVariable: 2,
      EnableNodeCliInspectArguments: 3,
      EnableEmbeddedAsarIntegrityValidation: 4,
      OnlyLoadAppFromAsar: 5,
      LoadBrowserProcessSpecificV8Snapshot: 6,
      GrantFileProtocolExtraPrivileges: 7,
      WasmTrapHandlers: 8,
    });
    expect(Object.keys(FUSES).sort()).toEqual(Object.keys(FUSE_V1_INDEX).sort());
  });

  it('turns off running as Node, NODE_OPTIONS, --inspect and file:// privileges; turns on cookie encryption and the asar checks', () => {
    expect(electronFuseConfig({ resetAdHocDarwinSignature: false })).toEqual({
      version: '1',
      strictlyRequireAllFuses: true,
      resetAdHocDarwinSignature: false,
      0: false, // RunAsNode
      1: true, // EnableCookieEncryption
      2: false, // EnableNodeOptionsEnvironmentVariable
      3: false, // EnableNodeCliInspectArguments
      4: true, // EnableEmbeddedAsarIntegrityValidation
      5: true, // OnlyLoadAppFromAsar
      6: false, // LoadBrowserProcessSpecificV8Snapshot (Electron's default)
      7: false, // GrantFileProtocolExtraPrivileges
      8: true, // WasmTrapHandlers (Electron's default)
    });
    expect(electronFuseConfig({ resetAdHocDarwinSignature: true }).resetAdHocDarwinSignature).toBe(true);
  });
});
