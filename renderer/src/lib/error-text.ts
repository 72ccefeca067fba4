// The text of an error in the chosen language, and the error shown when main cannot be reached.
import type { AppErrorView } from '../../../main/contract/errors';
import type { Lang } from './lang';

export function errorText(error: Pick<AppErrorView, 'message' | 'messageEn'>, lang: Lang): string {
  return lang === 'en' && error.messageEn ? error.messageEn : error.message;
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
  const text = errorText(error, lang);
  return error.subject && !text.includes(error.subject) ? `${text} (${error.subject})` : text;
}
