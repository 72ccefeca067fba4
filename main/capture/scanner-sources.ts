// Which scanner sources this workstation has, from its platform and configuration.
import path from 'node:path';
import { WatchedFolderSource } from './folder/watched-folder-source';
import { SaneSource } from './sane/sane-source';
import type { ScannerSource } from './scanner-source';

export interface CaptureConfig {
  /** Hot folders of wide-format scanners (SOHOA_HOT_FOLDERS, separated like PATH). */
  hotFolders: string[];
  /** eSCL roots of network scanners mDNS cannot see (SOHOA_ESCL_URLS, separated by spaces). */
  esclUrls: string[];
}

export function captureConfigFromEnv(env: NodeJS.ProcessEnv = process.env): CaptureConfig {
  return {
    hotFolders: (env.SOHOA_HOT_FOLDERS ?? '').split(path.delimiter).filter(Boolean).map((p) => path.resolve(p)),
    esclUrls: (env.SOHOA_ESCL_URLS ?? '').split(/\s+/).filter(Boolean),
  };
}

export function createScannerSources(config: CaptureConfig): ScannerSource[] {
  const sources: ScannerSource[] = [new WatchedFolderSource(config.hotFolders)];
  // SANE exists on Linux only; its addon is loaded when first asked, so a missing build is a message.
  if (process.platform === 'linux') sources.push(new SaneSource());
  return sources;
}
