// Errors as text in the interface language, worded by code from the dictionaries where they have the code.
import { useCallback, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { AppErrorView } from '../../../main/contract/errors';
import { useLang } from '../app/use-lang';
import { translatedError, withSubject, type ErrorDictionary } from '../lib/error-text';

export interface ErrorTexts {
  text(error: AppErrorView): string;
  /** Followed by the file or field it is about, when the text does not name it already. */
  withSubject(error: AppErrorView): string;
}

export function useErrorText(): ErrorTexts {
  const { i18n } = useTranslation();
  const lang = useLang();
  // The dictionary's keys are typed; an error code is only known to be a key once `exists` says so.
  const dictionary = i18n as unknown as ErrorDictionary;
  const text = useCallback((error: AppErrorView) => translatedError(error, lang, dictionary), [lang, dictionary]);
  const subjectText = useCallback((error: AppErrorView) => withSubject(text(error), error.subject), [text]);
  return useMemo(() => ({ text, withSubject: subjectText }), [text, subjectText]);
}
