import { describe, expect, it } from 'vitest';
import { formatDeviceOptions, parseDeviceOptions } from '../../../renderer/src/lib/device-options';

describe('device options text', () => {
  it('reads name=value lines with typed values, skipping blanks and comments', () => {
    const text = '# tùy chọn riêng\nhand-scanner = true\nread-limit-size=32\n\nread-return-value=SANE_STATUS_JAMMED\nthree-pass=false';
    expect(parseDeviceOptions(text)).toEqual({
      options: { 'hand-scanner': true, 'read-limit-size': 32, 'read-return-value': 'SANE_STATUS_JAMMED', 'three-pass': false },
      badLines: [],
    });
  });

  it('names the lines that are not name=value', () => {
    expect(parseDeviceOptions('ok=1\nkhông có dấu bằng\n=giá trị').badLines).toEqual([2, 3]);
  });

  it('round-trips what it formats', () => {
    const options = { source: 'ADF Duplex', resolution: 300, preview: false };
    expect(parseDeviceOptions(formatDeviceOptions(options)).options).toEqual(options);
  });
});
