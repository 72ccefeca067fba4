// Which scanner sources this workstation has, from its platform and configuration.
import path from 'node:path';
import type { CaptureSources } from '../contract/domain';
import { EsclSource } from './escl/escl-source';
import { WatchedFolderSource } from './folder/watched-folder-source';
import { SaneSource } from './sane/sane-source';
import type { ScannerSource } from './scanner-source';
import { TwainSource } from './twain/twain-source';

export interface CaptureConfig {
  /** Hot folders of wide-format scanners (SOHOA_HOT_FOLDERS, separated like PATH). */
  hotFolders: string[];
  /** eSCL roots of network scanners mDNS cannot see (SOHOA_ESCL_URLS, separated by spaces). */
  esclUrls: string[];
  /** Look for network scanners with mDNS (SOHOA_MDNS=0 turns it off, e.g. in tests on a shared network). */
  mdns: boolean;
  /** The TWAIN Data Source Manager (SOHOA_TWAIN_DSM); TWAINDSM.dll on Windows when unset, none elsewhere. */
  twainDsm: string | undefined;
}

export function captureConfigFromEnv(env: NodeJS.ProcessEnv = process.env): CaptureConfig {
  return {
    hotFolders: (env.SOHOA_HOT_FOLDERS ?? '').split(path.delimiter).filter(Boolean).map((p) => path.resolve(p)),
    esclUrls: (env.SOHOA_ESCL_URLS ?? '').split(/\s+/).filter(Boolean),
    mdns: env.SOHOA_MDNS !== '0',
    twainDsm: env.SOHOA_TWAIN_DSM || undefined,
  };
}

/** `saved` adds the places a supervisor set in the interface, read at each listing. */
export function createScannerSources(config: CaptureConfig, saved: () => CaptureSources = () => ({ hotFolders: [], esclUrls: [] })): ScannerSource[] {
  const sources: ScannerSource[] = [
    new WatchedFolderSource(() => [...new Set([...config.hotFolders, ...saved().hotFolders])]),
    new EsclSource({ urls: () => [...new Set([...config.esclUrls, ...saved().esclUrls])], browseMs: config.mdns ? 1500 : 0 }),
  ];
  // SANE exists on Linux only; its addon is loaded when first asked, so a missing build is a message.
  if (process.platform === 'linux') sources.push(new SaneSource());
  // TWAIN is Windows' scanner interface; elsewhere only a configured manager (the tests' fake) is used.
  if (process.platform === 'win32' || config.twainDsm) sources.push(new TwainSource(config.twainDsm ? { dsm: config.twainDsm } : {}));
  return sources;
}
