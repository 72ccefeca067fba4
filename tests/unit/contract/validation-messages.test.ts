// zod's own messages reach people inside VALIDATION errors: in main they are Vietnamese, with the
// English of the same issue beside them; the contract's own Vietnamese messages stay as written.
import { beforeAll, describe, expect, it } from 'vitest';
import { contract } from '../../../main/contract/channels';
import { validationError } from '../../../main/contract/errors';
import { configureValidationMessages } from '../../../main/contract/validation-messages';

beforeAll(() => configureValidationMessages());

function errorFor(channel: keyof typeof contract, args: unknown) {
  const parsed = contract[channel].args.safeParse(args);
  expect(parsed.success).toBe(false);
  return validationError(parsed.success ? [] : parsed.error.issues);
}

describe('validation messages', () => {
  it('words zod’s built-in checks in Vietnamese, and in English for the switch', () => {
    const tooLong = errorFor('dossier:create', { batchId: 1, fileCode: 'H49.64.33.2001.160', title: 'x'.repeat(5000) });
    expect(tooLong.messageVi).toMatch(/^Dữ liệu không hợp lệ ở trường «title»: Quá lớn/);
    expect(tooLong.message).toMatch(/^Invalid input in «title»: Too big/);

    const wrongType = errorFor('dossier:create', { batchId: 'một', fileCode: 'H49.64.33.2001.160', title: 'Hồ sơ' });
    expect(wrongType.messageVi).toMatch(/«batchId»: Đầu vào không hợp lệ: mong đợi số, nhận được string/);
    expect(wrongType.message).toBe('Invalid input in «batchId»: Invalid input: expected number');
    expect(`${tooLong.messageVi} ${wrongType.messageVi}`).not.toMatch(/Too big|expected|received/);
  });

  it('keeps the contract’s own Vietnamese message in both languages', () => {
    const badCode = errorFor('dossier:create', { batchId: 1, fileCode: 'khong hop le', title: 'Hồ sơ' });
    expect(badCode.messageVi).toMatch(/Mã hồ sơ gồm/);
    expect(badCode.message).toMatch(/Mã hồ sơ gồm/);
  });
});
