// The typed face of native/sane (Node-API binding of libsane, see native/sane/src/sane_addon.c). Every
// call that may wait on a device runs on libuv's worker threads, so the JavaScript thread never blocks
// on a scanner; it only moves finished chunks to disk.
import { loadNativeAddon } from '../native-addon';

export interface SaneDeviceEntry {
  name: string;
  vendor: string;
  model: string;
  type: string;
}

export type SaneConstraint =
  | { type: 'range'; min: number; max: number; quant: number }
  | { type: 'list'; values: number[] }
  | { type: 'strings'; values: string[] }
  | null;

export interface SaneOption {
  name: string;
  title: string;
  type: 'bool' | 'int' | 'fixed' | 'string' | 'button' | 'group';
  unit: string;
  count: number;
  active: boolean;
  settable: boolean;
  constraint: SaneConstraint;
  value: boolean | number | number[] | string | null;
}

export interface SaneParameters {
  format: 'GRAY' | 'RGB' | 'RED' | 'GREEN' | 'BLUE' | string;
  lastFrame: boolean;
  bytesPerLine: number;
  pixelsPerLine: number;
  /** -1 when the length is not known until the end (hand scanners, roll feeders). */
  lines: number;
  depth: number;
}

/** Errors from the addon carry the SANE status by name: JAMMED, NO_DOCS, COVER_OPEN … */
export interface SaneError extends Error {
  status: string;
}

export interface SaneDevice {
  options(): SaneOption[];
  getOption(name: string): SaneOption['value'];
  setOption(name: string, value: boolean | number | string | null): Promise<{ inexact: boolean; reloadOptions: boolean; reloadParams: boolean }>;
  start(): Promise<SaneParameters>;
  /** Up to `maxBytes` of the current frame; null at its end. */
  read(maxBytes?: number): Promise<Buffer | null>;
  cancel(): void;
  close(): void;
  isOpen(): boolean;
}

export interface SaneAddon {
  listDevices(): Promise<SaneDeviceEntry[]>;
  open(name: string): Promise<SaneDevice>;
  version(): { major: number; minor: number; build: number; initialized: boolean };
}

let addon: SaneAddon | undefined;

export function saneAddon(): SaneAddon {
  addon ??= loadNativeAddon<SaneAddon>('sane', 'sane_addon.node', process.platform === 'linux', 'SANE');
  return addon;
}

export function isSaneError(error: unknown): error is SaneError {
  return error instanceof Error && typeof (error as Partial<SaneError>).status === 'string';
}
