import { describe, expect, it } from 'vitest';
import { procedureCodesFromPayload, separatorFromPayload } from '../../../main/contract/separators';

describe('separatorFromPayload', () => {
  it.each([
    ['SOHOA-SEP|H49.64.33.2001.160', { kind: 'dossier', fileCode: 'H49.64.33.2001.160' }],
    ['  SOHOA-DOC\n', { kind: 'document' }],
    ['https://dichvucong.gov.vn/tra-cuu?maHoSo=1', null],
    ['Ordinary text', null],
  ])('%j', (payload, expected) => {
    expect(separatorFromPayload(payload)).toEqual(expected);
  });

  it('calls a SOHOA- payload that is not one of the two malformed, naming what it carried', () => {
    expect(separatorFromPayload('SOHOA-SEP|H49 64/33')).toEqual({ kind: 'unreadable', why: expect.stringContaining('«H49 64/33»') });
    expect(separatorFromPayload('SOHOA-SEP|')).toEqual({ kind: 'unreadable', why: expect.stringContaining('không hợp lệ') });
    expect(separatorFromPayload('SOHOA-XYZ')).toEqual({ kind: 'unreadable', why: expect.stringContaining('SOHOA-XYZ') });
  });
});

describe('procedureCodesFromPayload', () => {
  const all = { procedureFileCode: '000.00.14.H49-240315-0001', procedureCode: '1.004227', identityCode: '001085012345' };
  it.each([
    ['labelled lines', 'Mã hồ sơ: 000.00.14.H49-240315-0001\nMã TTHC: 1.004227\nMã định danh: 001085012345', all],
    ['one line with bars', 'Số hồ sơ=000.00.14.H49-240315-0001|Mã thủ tục=1.004227|CCCD=001085012345', all],
    ['JSON', JSON.stringify({ maHoSo: '000.00.14.H49-240315-0001', maTTHC: '1.004227', maDinhDanh: '001085012345' }), all],
    ['a look-up address', 'https://dichvucong.gov.vn/p/home/dvc-tra-cuu-ho-so.html?maHoSo=000.00.14.H49-240315-0001&maTTHC=1.004227', { ...all, identityCode: null }],
    ['a local procedure code', 'Mã TTHC: 2.000748.000.00.00.H49', { procedureFileCode: null, procedureCode: '2.000748.000.00.00.H49', identityCode: null }],
  ])('%s', (_name, payload, expected) => {
    expect(procedureCodesFromPayload(payload)).toEqual(expected);
  });

  it('takes no value that does not have its code’s shape, and nothing from other QR codes', () => {
    expect(procedureCodesFromPayload('Mã TTHC: một thủ tục')).toBeNull();
    expect(procedureCodesFromPayload('https://example.com/?q=1')).toBeNull();
    expect(procedureCodesFromPayload('WIFI:S:cơ quan;T:WPA;P:secret;;')).toBeNull();
  });
});
