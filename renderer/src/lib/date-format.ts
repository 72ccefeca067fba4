// Dates and times from ISO strings, in the interface language.
import type { Lang } from './lang';

const formatters = new Map<Lang, Intl.DateTimeFormat>();

export function formatDateTime(iso: string, lang: Lang): string {
  const time = Date.parse(iso);
  if (!Number.isFinite(time)) return iso;
  let formatter = formatters.get(lang);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat(lang === 'vi' ? 'vi-VN' : 'en-GB', { dateStyle: 'short', timeStyle: 'short' });
    formatters.set(lang, formatter);
  }
  return formatter.format(time);
}
