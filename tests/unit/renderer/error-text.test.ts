import i18next from 'i18next';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../../main/contract/errors';
import { en } from '../../../renderer/src/i18n/en';
import { vi } from '../../../renderer/src/i18n/vi';
import { endsSession, errorText, errorTextWithSubject, translatedError, unreachableError, type ErrorDictionary } from '../../../renderer/src/lib/error-text';
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

describe('translatedError', () => {
  // The app's dictionaries in a real i18next instance, set up as renderer/src/i18n/index.ts does.
  const dictionary = i18next.createInstance() as unknown as ErrorDictionary & typeof i18next;
  void (dictionary as typeof i18next).init({
    resources: { vi: { translation: vi }, en: { translation: en } },
    lng: 'vi',
    fallbackLng: 'vi',
    interpolation: { escapeValue: false },
    initAsync: false,
  });

  it('words a keyed code from the dictionary, with the parameters main sent, in either language', () => {
    const expired = new AppError('SESSION_EXPIRED', 'khác', 'other', undefined, { params: { minutes: 30 } }).toView();
    expect(expired.params).toEqual({ minutes: 30 });
    expect(translatedError(expired, 'vi', dictionary)).toBe(
      'Phiên làm việc đã hết hạn sau 30 phút không thao tác. Hãy đăng nhập lại; dữ liệu đã lưu không bị mất.',
    );
    expect(translatedError(expired, 'en', dictionary)).toBe('The session expired after 30 minutes without activity. Sign in again; saved data is intact.');
  });

  it("keeps main's message for a code without a key", () => {
    const refused = { code: 'FORBIDDEN' as const, message: 'Không được xuất vào «/x».', messageEn: 'Exporting to «/x» is not allowed.' };
    expect(translatedError(refused, 'vi', dictionary)).toBe('Không được xuất vào «/x».');
    expect(translatedError(refused, 'en', dictionary)).toBe('Exporting to «/x» is not allowed.');
  });

  it('words a plural by count (English one/other, Vietnamese one form)', () => {
    const t = (dictionary as typeof i18next).t;
    expect(t('pages.count', { count: 1, lng: 'en' })).toBe('1 page');
    expect(t('pages.count', { count: 3, lng: 'en' })).toBe('3 pages');
    expect(t('pages.count', { count: 1, lng: 'vi' })).toBe('1 trang');
    expect(t('batch.dossierCount', { count: 2, lng: 'vi' })).toBe('2 hồ sơ');
  });
});
