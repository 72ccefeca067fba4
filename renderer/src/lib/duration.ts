// Durations and time-left estimates in plain words, as a clerk would say them.
import type { Lang } from './lang';

function wholeSeconds(seconds: number): number {
  return Math.max(0, Math.round(seconds));
}

/** An exact duration, e.g. "2 phút 5 giây" / "2 min 5 s" (used for finished jobs). */
export function formatDuration(seconds: number, lang: Lang): string {
  const total = Number.isFinite(seconds) ? wholeSeconds(seconds) : 0;
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const u = lang === 'vi' ? { h: 'giờ', m: 'phút', s: 'giây' } : { h: 'h', m: 'min', s: 's' };
  if (h > 0) return m > 0 ? `${h} ${u.h} ${m} ${u.m}` : `${h} ${u.h}`;
  if (m > 0) return s > 0 ? `${m} ${u.m} ${s} ${u.s}` : `${m} ${u.m}`;
  return `${s} ${u.s}`;
}

/**
 * A rough time-left estimate, e.g. "còn khoảng 2 phút" / "about 2 minutes left".
 * Rounded coarsely on purpose: an estimate that jumps by seconds reads as noise.
 */
export function formatEta(seconds: number | null | undefined, lang: Lang): string {
  const vi = lang === 'vi';
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds) || seconds < 0) {
    return vi ? 'đang ước tính thời gian còn lại' : 'estimating time left';
  }
  const total = wholeSeconds(seconds);
  if (total < 10) return vi ? 'sắp xong' : 'almost done';
  if (total < 60) {
    const s = Math.min(55, Math.max(10, Math.round(total / 5) * 5));
    return vi ? `còn khoảng ${s} giây` : `about ${s} seconds left`;
  }
  if (total < 3600) {
    const m = Math.max(1, Math.round(total / 60));
    if (m === 60) return vi ? 'còn khoảng 1 giờ' : 'about 1 hour left';
    return vi ? `còn khoảng ${m} phút` : `about ${m} ${m === 1 ? 'minute' : 'minutes'} left`;
  }
  if (total < 86_400) {
    let h = Math.floor(total / 3600);
    let m = Math.round((total % 3600) / 60 / 5) * 5;
    if (m === 60) {
      h += 1;
      m = 0;
    }
    if (h === 24) return vi ? 'còn khoảng 1 ngày' : 'about 1 day left';
    if (vi) return m > 0 ? `còn khoảng ${h} giờ ${m} phút` : `còn khoảng ${h} giờ`;
    return m > 0 ? `about ${h} h ${m} min left` : `about ${h} ${h === 1 ? 'hour' : 'hours'} left`;
  }
  let d = Math.floor(total / 86_400);
  let h = Math.round((total % 86_400) / 3600);
  if (h === 24) {
    d += 1;
    h = 0;
  }
  if (vi) return h > 0 ? `còn khoảng ${d} ngày ${h} giờ` : `còn khoảng ${d} ngày`;
  return h > 0 ? `about ${d} d ${h} h left` : `about ${d} ${d === 1 ? 'day' : 'days'} left`;
}
