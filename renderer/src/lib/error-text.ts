// The text of an error in the chosen language, and the error shown when main cannot be reached.
import type { AppErrorView } from '../../../main/contract/errors';
import type { Lang } from './lang';

/** The part of i18next that words an error (the app's instance, or a test's). */
export interface ErrorDictionary {
  exists(key: string): boolean;
  t(key: string, options: Record<string, unknown>): string;
}

export function errorText(error: Pick<AppErrorView, 'message' | 'messageEn'>, lang: Lang): string {
  return lang === 'en' && error.messageEn ? error.messageEn : error.message;
}

/**
 * An error worded from the dictionary by its code and parameters (`errors.<CODE>`) in the interface
 * language; codes without a key (their wording depends on the case) keep the message main wrote.
 */
export function translatedError(error: AppErrorView, lang: Lang, dictionary: ErrorDictionary): string {
  const key = `errors.${error.code}`;
  if (!dictionary.exists(key)) return errorText(error, lang);
  return dictionary.t(key, { lng: lang, subject: error.subject ?? '', ...error.params });
}

/** Main signed this window out (idle too long, or restarted): the sign-in dialog answers, not a notice. */
export function endsSession(code: AppErrorView['code']): boolean {
  return code === 'UNAUTHENTICATED' || code === 'SESSION_EXPIRED';
}

export function unreachableError(): AppErrorView {
  return {
    code: 'INTERNAL',
    message: 'Không liên lạc được với phần xử lý của trạm. Dữ liệu đã nhập vẫn còn trên màn hình; hãy thử lại sau giây lát.',
    messageEn: 'The workstation service could not be reached. What you typed is still on screen; try again in a moment.',
  };
}

/** The message, followed by the file or field it is about when the message does not name it already. */
export function errorTextWithSubject(error: Pick<AppErrorView, 'message' | 'messageEn' | 'subject'>, lang: Lang): string {
  return withSubject(errorText(error, lang), error.subject);
}

export function withSubject(text: string, subject: string | undefined): string {
  return subject && !text.includes(subject) ? `${text} (${subject})` : text;
}
