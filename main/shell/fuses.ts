// The Electron fuses of a packaged workstation: features compiled into the Electron binary that packaging
// switches off for good (https://www.electronjs.org/docs/latest/tutorial/fuses). Applied to a packaged
// binary by scripts/flip-fuses.ts with @electron/fuses; this module is only the configuration, free of
// any import, so that it is unit-tested without the package or the Electron binary.
//
// The indexes are @electron/fuses' FuseV1Options (2.1.3, src/config.ts), the position of each fuse on
// Electron's fuse wire; the script checks them against the installed package before flipping anything.

export const FUSE_V1_INDEX = {
  RunAsNode: 0,
  EnableCookieEncryption: 1,
  EnableNodeOptionsEnvironmentVariable: 2,
  EnableNodeCliInspectArguments: 3,
  EnableEmbeddedAsarIntegrityValidation: 4,
  OnlyLoadAppFromAsar: 5,
  LoadBrowserProcessSpecificV8Snapshot: 6,
  GrantFileProtocolExtraPrivileges: 7,
  WasmTrapHandlers: 8,
} as const;

export type FuseName = keyof typeof FUSE_V1_INDEX;

/** FuseVersion.V1: the fuse wire format the settings are for. */
export const FUSE_WIRE_VERSION = '1';

/**
 * Every fuse is set explicitly (with strictlyRequireAllFuses, an Electron that adds a fuse fails the
 * packaging step until it is decided here), and what each one costs:
 */
export const FUSES: Readonly<Record<FuseName, boolean>> = {
  // ELECTRON_RUN_AS_NODE would turn the signed app into a plain Node.js for anyone. Costs
  // child_process.fork() of the main process: main forks nothing (OCR runs in worker threads, the TWAIN
  // helper is its own executable).
  RunAsNode: false,
  // Chromium's cookie store encrypted with the OS key store (DPAPI, Keychain, libsecret/kwallet). The app
  // sets no cookie itself; one-way: turning it off later makes the store unreadable. On Linux without a
  // key store Chromium falls back to a fixed key (or asks to unlock the keyring at first start).
  EnableCookieEncryption: true,
  // NODE_OPTIONS=--require… would inject code into the main process. Costs setting V8 flags through the
  // environment: memory limits must be set in code (app.commandLine.appendSwitch('js-flags', …)).
  EnableNodeOptionsEnvironmentVariable: false,
  // --inspect would open a debugger on the main process (records, password hashes). Costs debugging the
  // packaged app; development runs an unflipped binary.
  EnableNodeCliInspectArguments: false,
  // app.asar checked against the hash recorded at packaging (macOS and Windows; Linux has no check). Needs
  // the packager to embed the asar integrity (electron-builder, Forge and @electron/packager do); without
  // it the packaged app does not start.
  EnableEmbeddedAsarIntegrityValidation: true,
  // Loads the app only from resources/app.asar, never from a resources/app folder someone drops beside it.
  // Needs the app packaged as an asar; native modules (better-sqlite3, sharp, the SANE addon) and the
  // TWAIN helper must be unpacked beside it (asarUnpack), as a binary cannot be loaded from inside one.
  OnlyLoadAppFromAsar: true,
  // Electron's default (one V8 snapshot for every process); the app ships no snapshot of its own.
  LoadBrowserProcessSpecificV8Snapshot: false,
  // Extra privileges of file:// pages (fetch, service workers): the UI is served from app://, so none is used.
  GrantFileProtocolExtraPrivileges: false,
  // Electron's default: WebAssembly bounds checks by trap handlers, which OCR (tesseract.js WASM) is fast with.
  WasmTrapHandlers: true,
};

/** The shape @electron/fuses' flipFuses takes for FuseVersion.V1, fuse settings keyed by wire index. */
export interface ElectronFuseConfig {
  version: typeof FUSE_WIRE_VERSION;
  strictlyRequireAllFuses: true;
  resetAdHocDarwinSignature: boolean;
  [fuseIndex: number]: boolean;
}

/**
 * The configuration to flip. `resetAdHocDarwinSignature` re-signs an Apple Silicon bundle ad hoc after
 * the flip (it would not launch otherwise) when it is not code-signed right after.
 */
export function electronFuseConfig(options: { resetAdHocDarwinSignature: boolean }): ElectronFuseConfig {
  const config: ElectronFuseConfig = { version: FUSE_WIRE_VERSION, strictlyRequireAllFuses: true, resetAdHocDarwinSignature: options.resetAdHocDarwinSignature };
  for (const [name, index] of Object.entries(FUSE_V1_INDEX) as Array<[FuseName, number]>) config[index] = FUSES[name];
  return config;
}
