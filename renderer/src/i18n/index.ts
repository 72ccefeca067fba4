// i18next set-up: Vietnamese by default, English on request, the choice kept on this computer.
import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import { DEFAULT_LANG, toLang, type Lang } from '../lib/lang';
import { en } from './en';
import type { Messages } from './messages';
import { vi } from './vi';

declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'translation';
    resources: { translation: Messages };
  }
}

const STORAGE_KEY = 'tram-so-hoa.lang';

function storedLang(): Lang {
  try {
    return toLang(window.localStorage.getItem(STORAGE_KEY));
  } catch {
    return DEFAULT_LANG;
  }
}

export function setLanguage(lang: Lang): void {
  try {
    window.localStorage.setItem(STORAGE_KEY, lang);
  } catch {
    // Private mode or a locked profile: the switch still works for this session.
  }
  void i18next.changeLanguage(lang);
}

i18next.on('languageChanged', (lng) => {
  document.documentElement.lang = toLang(lng);
});

void i18next.use(initReactI18next).init({
  resources: { vi: { translation: vi }, en: { translation: en } },
  lng: storedLang(),
  fallbackLng: DEFAULT_LANG,
  supportedLngs: ['vi', 'en'],
  defaultNS: 'translation',
  // React escapes text itself.
  interpolation: { escapeValue: false },
  initAsync: false,
  returnNull: false,
});

export default i18next;
