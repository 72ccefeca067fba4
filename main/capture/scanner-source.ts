// One interface for every way pages reach the workstation from a device: SANE (Linux), eSCL (network
// scanners), TWAIN (Windows) and watched folders. The capture service speaks only to this interface.
//
// Pages travel as files, never as one decoded buffer: an A0 sheet at 600 dpi is about 1.6 GB of raw RGB,
// so a backend streams it to an encoded image file in the work folder it is given, and the capture service
// moves that file into the page store.
import type { ColorMode, DeviceCapabilities, DeviceInfo, PaperSource, ScannerBackend } from '../contract/domain';
import type { AppError } from '../contract/errors';

export type { ColorMode, DeviceCapabilities, DeviceInfo, PaperSource, ScannerBackend } from '../contract/domain';

export interface ScanSettings {
  source: PaperSource;
  colorMode: ColorMode;
  /** dpi, the same in both directions. */
  resolution: number;
  /** Scan area from the top-left corner, in millimetres. `heightMm` null: until the paper ends. */
  widthMm: number;
  heightMm: number | null;
  /** Stop after this many pages (a flatbed scan is always one). */
  maxPages?: number;
}

export interface ScannedPage {
  /** An encoded image file inside the work folder; from now on it belongs to the caller. */
  file: string;
  format: 'png' | 'jpeg' | 'tiff';
  width: number;
  height: number;
  dpi: number;
  /** Which face of the sheet, for duplex. */
  side: 'front' | 'back';
  /** What the device or folder called it, for the page's `source`. */
  source: string;
}

export interface ScanRequest {
  deviceId: string;
  settings: ScanSettings;
  /** An existing folder on the same file system as the page store, where page files are written. */
  workDir: string;
  /** Aborting cancels the scan at the device; pages already yielded stay the caller's. */
  signal: AbortSignal;
  /**
   * Backend-specific options by the backend's own names (a SANE option, a TWAIN capability), applied
   * after `settings`: vendor features a profile cannot name, and the SANE test backend's fault injection.
   */
  deviceOptions?: Readonly<Record<string, string | number | boolean>>;
  /** A problem with one input that does not stop the scan (a corrupt file in a hot folder). */
  onWarning?: (warning: AppError) => void;
}

/**
 * A backend. `scan` yields each page as soon as it is complete. When the device fails mid-batch
 * (jam, cover open, disconnected …) the iterator throws a `ScannerError` after the pages it already
 * yielded, so nothing captured is lost; an ADF that runs out of paper simply ends the iteration, and an
 * empty feeder before the first page throws `feeder-empty`.
 */
export interface ScannerSource {
  readonly backend: ScannerBackend;
  /** Devices present now. May take seconds (network probes): never call it on a UI thread. */
  listDevices(): Promise<DeviceInfo[]>;
  capabilities(deviceId: string): Promise<DeviceCapabilities>;
  scan(request: ScanRequest): AsyncIterable<ScannedPage>;
  /** Releases what the backend holds (open handles, workers, sockets). */
  close(): Promise<void>;
}
