// Every scanner source the workstation has, behind one lookup: devices are named `<backend>:…`, so a
// device id says which source drives it.
import type { DeviceCapabilities, DeviceList } from '../contract/domain';
import { AppError, toErrorView } from '../contract/errors';
import type { ScannerSource } from './scanner-source';

export class ScannerRegistry {
  constructor(private readonly sources: readonly ScannerSource[]) {}

  /** Asks every source at once; a source that fails (a driver missing, a network down) is reported, not fatal. */
  async listDevices(): Promise<DeviceList> {
    const answers = await Promise.allSettled(this.sources.map((source) => source.listDevices()));
    const list: DeviceList = { devices: [], problems: [] };
    for (const answer of answers) {
      if (answer.status === 'fulfilled') list.devices.push(...answer.value);
      else list.problems.push(toErrorView(answer.reason));
    }
    return list;
  }

  sourceFor(deviceId: string): ScannerSource {
    const backend = deviceId.slice(0, deviceId.indexOf(':'));
    const source = this.sources.find((s) => s.backend === backend);
    if (!source) {
      throw new AppError('NOT_FOUND', `Không tìm thấy máy quét «${deviceId}». Hãy bấm Tìm máy quét để cập nhật danh sách.`, `No scanner «${deviceId}».`, deviceId);
    }
    return source;
  }

  capabilities(deviceId: string): Promise<DeviceCapabilities> {
    return this.sourceFor(deviceId).capabilities(deviceId);
  }

  async close(): Promise<void> {
    await Promise.allSettled(this.sources.map((s) => s.close()));
  }
}
