import { useTranslation } from 'react-i18next';
import { toLang, type Lang } from '../lib/lang';

/** The interface language currently shown. */
export function useLang(): Lang {
  const { i18n } = useTranslation();
  return toLang(i18n.resolvedLanguage ?? i18n.language);
}
