import { SPRING_FESTIVALS, SPRING_FESTIVAL_YEARS } from '../../catalog/springFestival.ts';
import { AppError } from '../../lib/errors.ts';

/** Date arithmetic on local calendar dates ('YYYY-MM-DD'), done in UTC so no zone shifts them. */

export interface DateWindow { from: string; to: string }
/** How far a comparison window lies behind the current one. */
export type Shift = { months: number } | { days: number };
export const COMPARE_KINDS = ['previous_period', 'previous_year', 'previous_year_lunar'] as const;
export type CompareKind = (typeof COMPARE_KINDS)[number];
/** What each comparison is, in words a download's reader sees. */
export const COMPARE_LABELS: Record<CompareKind, { zh: string; en: string }> = {
  previous_year: { zh: '同比（上年同期）', en: 'previous year' },
  previous_year_lunar: { zh: '同比（农历上年同期）', en: 'previous lunar year' },
  previous_period: { zh: '环比（上一等长时段）', en: 'previous period of the same length' },
};

const toDate = (s: string) => new Date(`${s}T00:00:00Z`);
const fmt = (d: Date) => d.toISOString().slice(0, 10);

export const addDays = (s: string, n: number) => { const d = toDate(s); d.setUTCDate(d.getUTCDate() + n); return fmt(d); };
export const monthStart = (s: string) => `${s.slice(0, 7)}-01`;
export const addMonths = (s: string, n: number) => {
  const d = toDate(monthStart(s)); d.setUTCMonth(d.getUTCMonth() + n);
  const day = Math.min(Number(s.slice(8, 10)), daysInMonth(fmt(d)));
  return `${fmt(d).slice(0, 8)}${String(day).padStart(2, '0')}`;
};
export const daysInMonth = (s: string) => {
  const d = toDate(monthStart(s)); d.setUTCMonth(d.getUTCMonth() + 1); d.setUTCDate(0); return d.getUTCDate();
};
export const monthEnd = (s: string) => `${s.slice(0, 8)}${String(daysInMonth(s)).padStart(2, '0')}`;
export const daysBetween = (a: string, b: string) => Math.round((toDate(b).getTime() - toDate(a).getTime()) / 86_400_000);
export const isValidDate = (s: string) => /^\d{4}-\d{2}-\d{2}$/.test(s) && !Number.isNaN(toDate(s).getTime()) && fmt(toDate(s)) === s;

/** Whole calendar months: month rollups can answer it. */
export const isMonthAligned = (w: DateWindow) => w.from === monthStart(w.from) && w.to === monthEnd(w.to);

/**
 * The comparison window and how far its buckets move to meet the current ones.
 *
 * - Day and week buckets move by whole days, so each day meets exactly one day: the window's
 *   length for previous_period, the distance to the same date a year before for previous_year;
 *   for weeks rounded to whole weeks (52 weeks for a year), so Monday meets Monday.
 * - Otherwise a window of whole months moves back by whole months (March compares with
 *   February, not with the 31 days before); any other window by its length in days, or by
 *   12 months for previous_year.
 */
export function comparisonWindow(w: DateWindow, kind: CompareKind, grain: string | null = null): DateWindow & { shift: Shift } {
  const len = daysBetween(w.from, w.to) + 1;
  const byDays = (days: number) => ({ from: addDays(w.from, -days), to: addDays(w.to, -days), shift: { days } });
  if (kind === 'previous_year_lunar') {
    const { days } = lunarShift(w);
    // Weeks move by whole weeks (the nearest number to the festivals' distance), so Monday meets Monday.
    return byDays(grain === 'week' ? Math.round(days / 7) * 7 : days);
  }
  if (grain === 'day') return byDays(kind === 'previous_year' ? daysBetween(addMonths(w.from, -12), w.from) : len);
  if (grain === 'week') return byDays(kind === 'previous_year' ? 364 : Math.ceil(len / 7) * 7);

  const aligned = isMonthAligned(w);
  if (kind === 'previous_year') {
    if (aligned) return { from: addMonths(w.from, -12), to: monthEnd(addMonths(w.to, -12)), shift: { months: 12 } };
    return { from: addMonths(w.from, -12), to: addMonths(w.to, -12), shift: { months: 12 } };
  }
  if (aligned) {
    const months = (Number(w.to.slice(0, 4)) - Number(w.from.slice(0, 4))) * 12 + Number(w.to.slice(5, 7)) - Number(w.from.slice(5, 7)) + 1;
    return { from: addMonths(w.from, -months), to: monthEnd(addMonths(w.from, -1)), shift: { months } };
  }
  return { from: addDays(w.from, -len), to: addDays(w.from, -1), shift: { days: len } };
}

/**
 * How far `previous_year_lunar` moves a window back: the days between the Spring Festival
 * nearest the window's middle (`anchor`) and the one of the year before, so the festival meets
 * the festival and each day the day at the same distance from it (2025: 2025-01-29 − 2024-02-10
 * = 354 days). Nearest the middle, because a window around New Year's Day belongs with the
 * festival that follows it and a summer window with the one before (a tie takes the earlier).
 */
export function lunarShift(w: DateWindow): { days: number; anchor: string; previous: string } {
  const middle2 = (sf: string) => Math.abs(daysBetween(w.from, sf) + daysBetween(w.to, sf));
  const year = Number(addDays(w.from, Math.floor(daysBetween(w.from, w.to) / 2)).slice(0, 4));
  // A year outside the file still takes part in choosing (at an early-February estimate), so a
  // window nearest a missing festival is refused rather than matched with the wrong one.
  const date = (y: number) => SPRING_FESTIVALS.get(y) ?? `${y}-02-05`;
  const anchorYear = [year - 1, year, year + 1].sort((a, b) => middle2(date(a)) - middle2(date(b)) || a - b)[0];
  const anchor = SPRING_FESTIVALS.get(anchorYear);
  const previous = SPRING_FESTIVALS.get(anchorYear - 1);
  if (!anchor || !previous) {
    const { from, to } = SPRING_FESTIVAL_YEARS;
    throw new AppError('invalid_param',
      `compare=previous_year_lunar needs the Spring Festival dates of ${anchorYear - 1} and ${anchorYear} for ${w.from} to ${w.to}; the reference data (data/reference/spring_festival.csv) covers ${from}–${to}. Use compare=previous_year, or add the years to the file.`,
      `compare=previous_year_lunar 比较 ${w.from} 至 ${w.to} 需要 ${anchorYear - 1} 年和 ${anchorYear} 年的春节日期；参考数据（data/reference/spring_festival.csv）只覆盖 ${from}–${to} 年。请改用 compare=previous_year，或在该文件中补充年份。`,
      400, { param: 'compare' });
  }
  return { days: daysBetween(previous, anchor), anchor, previous };
}
