import { afterEach, describe, expect, it } from 'vitest';
import { assertUploadable } from '../../../main/archive/upload-eligibility';
import { EMPTY_METADATA } from '../../../main/contract/domain';
import { AppError } from '../../../main/contract/errors';
import { tempRecords } from '../../support/temp-records';

const cleanups: Array<() => void> = [];
afterEach(() => cleanups.splice(0).forEach((f) => f()));

function refusal(run: () => void): AppError {
  try {
    run();
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('not refused');
}

describe('assertUploadable: a secret document is never uploaded', () => {
  it('refuses a document with a secrecy mark, saying why and what to do, and that nothing was lost', () => {
    const { records, documentId } = tempRecords(cleanups);
    const document = records.updateMetadata(documentId, { ...EMPTY_METADATA, secrecyMark: 'TỐI MẬT', mode: '03' });
    const error = refusal(() => assertUploadable(document));
    expect(error.code).toBe('SECRET_DOCUMENT');
    expect(error.subject).toBe(document.docCode);
    expect(error.messageVi).toContain(`Không tải lên văn bản ${document.docCode}`);
    expect(error.messageVi).toContain('«TỐI MẬT»');
    expect(error.message).toContain('secrecy mark «TỐI MẬT»');
    expect(error.messageVi).toMatch(/không mất dữ liệu/);
    expect(error.messageVi).toMatch(/bàn giao theo quy trình văn bản mật/);
  });

  it('refuses a document whose access mode is 03 Mật without a mark: the mode says it is secret', () => {
    const { records, documentId } = tempRecords(cleanups);
    const document = records.updateMetadata(documentId, { ...EMPTY_METADATA, mode: '03' });
    const error = refusal(() => assertUploadable(document));
    expect(error.code).toBe('SECRET_DOCUMENT');
    expect(error.messageVi).toContain('chế độ sử dụng «Mật» (03)');
  });

  it('lets a public, a restricted and an unmarked document through', () => {
    const { records, documentId } = tempRecords(cleanups);
    expect(() => assertUploadable(records.document(documentId))).not.toThrow();
    for (const mode of ['01', '02'] as const) {
      expect(() => assertUploadable(records.updateMetadata(documentId, { ...EMPTY_METADATA, mode, urgencyMark: 'HỎA TỐC' }))).not.toThrow();
    }
  });
});
