// Hot folders and network-scanner addresses set by a supervisor: validated, stored, audited, and seen
// by the scanner list at once (no restart).
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { commandLineActor } from '../../../main/accounts/actor';
import { EsclPeer } from '../../../main/capture/escl/escl-peer';
import { Workstation } from '../../../main/services/workstation';
import { thrownAppError } from '../../support/app-error';
import { tempDir } from '../../support/temp-dir';

const actor = commandLineActor('giamsat');
const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const f of cleanups.splice(0).reverse()) await f();
});

beforeAll(() => {
  // The platform's own sources, but no mDNS probes on the test machine's shared network.
  process.env.SOHOA_MDNS = '0';
  process.env.SANE_CONFIG_DIR = path.resolve(__dirname, '../../fixtures/sane');
});

describe('capture sources set in the interface', () => {
  it('a saved hot folder and eSCL address appear in the scanner list at once', async () => {
    const t = tempDir();
    cleanups.push(t.remove);
    const hot = path.join(t.dir, 'contex');
    mkdirSync(hot);
    const peer = await EsclPeer.start({ makeAndModel: 'MFP tầng 3' });
    cleanups.push(() => peer.close());
    const station = await Workstation.open({ dataDir: path.join(t.dir, 'data'), autoRecognize: false });
    cleanups.push(() => station.close());

    const before = (await station.scanners.listDevices()).devices.map((d) => d.id);
    expect(before).not.toContain(`folder:${hot}`);
    const saved = station.captureSources.save(actor, { hotFolders: [hot, hot], esclUrls: [peer.url] });
    expect(saved).toEqual({ hotFolders: [hot], esclUrls: [peer.url] });
    const { devices } = await station.scanners.listDevices();
    expect(devices).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ id: `folder:${hot}`, backend: 'folder' }),
        expect.objectContaining({ id: `escl:${peer.url}`, label: `MFP tầng 3 (${peer.url})` }),
        expect.objectContaining({ id: 'sane:test:0' }),
      ]),
    );
    expect(station.audit.list(1)[0]).toMatchObject({ action: 'settings.capture-sources', actor: 'cli:giamsat' });
  });

  it('refuses a relative folder or a malformed address, in Vietnamese', async () => {
    const t = tempDir();
    cleanups.push(t.remove);
    const station = await Workstation.open({ dataDir: t.dir, autoRecognize: false, scanners: [] });
    cleanups.push(() => station.close());
    expect(thrownAppError(() => station.captureSources.save(actor, { hotFolders: ['scan/contex'], esclUrls: [] })).messageVi).toMatch(/đường dẫn đầy đủ/);
    expect(thrownAppError(() => station.captureSources.save(actor, { hotFolders: [], esclUrls: ['10.0.3.20'] })).messageVi).toMatch(/http:\/\/10\.0\.3\.20\/eSCL/);
    expect(station.captureSources.get()).toEqual({ hotFolders: [], esclUrls: [] });
  });
});
