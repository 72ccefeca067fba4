// One button that switches between Vietnamese and English; the current language is shown bold.
import { useTranslation } from 'react-i18next';
import { setLanguage } from '../i18n/index';
import { useLang } from './use-lang';

export function LanguageSwitch() {
  const { t } = useTranslation();
  const lang = useLang();
  const other = lang === 'vi' ? 'en' : 'vi';
  return (
    <button
      type="button"
      className="lang-switch"
      data-testid="lang-switch"
      data-lang={lang}
      aria-label={t('header.switchLanguage')}
      title={t('header.switchLanguage')}
      onClick={() => setLanguage(other)}
    >
      <span className={lang === 'vi' ? 'lang-current' : undefined} lang="vi">
        VI
      </span>
      <span aria-hidden="true">/</span>
      <span className={lang === 'en' ? 'lang-current' : undefined} lang="en">
        EN
      </span>
    </button>
  );
}
