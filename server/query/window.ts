/** Date arithmetic on local calendar dates ('YYYY-MM-DD'), done in UTC so no zone shifts them. */

export interface DateWindow { from: string; to: string }
/** How far a comparison window lies behind the current one. */
export type Shift = { months: number } | { days: number };
export type CompareKind = 'previous_period' | 'previous_year';

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
