// A file size in the interface language: bytes under 1 KB, then kB, MB, GB with one decimal at most.
import type { Lang } from './lang';

const UNITS = ['kilobyte', 'megabyte', 'gigabyte'] as const;

export function formatByteSize(bytes: number, lang: Lang): string {
  const locale = lang === 'vi' ? 'vi-VN' : 'en-GB';
  if (!(bytes >= 1000)) return new Intl.NumberFormat(locale, { style: 'unit', unit: 'byte', unitDisplay: 'short' }).format(Math.max(0, Math.round(bytes || 0)));
  let value = bytes / 1000;
  let unit = 0;
  while (value >= 1000 && unit < UNITS.length - 1) {
    value /= 1000;
    unit++;
  }
  return new Intl.NumberFormat(locale, { style: 'unit', unit: UNITS[unit], unitDisplay: 'short', maximumFractionDigits: 1 }).format(value);
}
