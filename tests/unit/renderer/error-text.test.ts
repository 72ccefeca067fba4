import { describe, expect, it } from 'vitest';
import { endsSession, errorText, errorTextWithSubject, unreachableError } from '../../../renderer/src/lib/error-text';
import { toLang } from '../../../renderer/src/lib/lang';

describe('errors and language', () => {
  it('shows the Vietnamese message unless English is chosen', () => {
    const error = { message: 'Không tìm thấy tệp', messageEn: 'File not found' };
    expect(errorText(error, 'vi')).toBe('Không tìm thấy tệp');
    expect(errorText(error, 'en')).toBe('File not found');
    expect(errorText({ message: 'Lỗi', messageEn: '' }, 'en')).toBe('Lỗi');
    expect(unreachableError().message).toMatch(/Không liên lạc được/);
  });

  it('sends an expired or missing session to the sign-in dialog, not to a notice', () => {
    expect(endsSession('SESSION_EXPIRED')).toBe(true);
    expect(endsSession('UNAUTHENTICATED')).toBe(true);
    expect(endsSession('ACCOUNT_LOCKED')).toBe(false);
    expect(endsSession('FORBIDDEN')).toBe(false);
  });

  it('defaults to Vietnamese', () => {
    expect(toLang(null)).toBe('vi');
    expect(toLang('fr')).toBe('vi');
    expect(toLang('en')).toBe('en');
  });
});

describe('errorTextWithSubject', () => {
  it('names the subject only when the message does not', () => {
    expect(errorTextWithSubject({ message: 'Tệp bị hỏng', messageEn: 'Corrupt file', subject: 'a.tif' }, 'vi')).toBe('Tệp bị hỏng (a.tif)');
    expect(errorTextWithSubject({ message: 'Tệp a.tif bị hỏng', messageEn: 'a.tif is corrupt', subject: 'a.tif' }, 'en')).toBe('a.tif is corrupt');
    expect(errorTextWithSubject({ message: 'Lỗi', messageEn: 'Error' }, 'vi')).toBe('Lỗi');
  });
});
