/**
 * Periods of a chart that the window (or the data) covers only in part: the 2026-03-17 window
 * gives March 15 of its 31 days. A partial period's sum counts those days only and reads as a
 * dip; pages name such periods beside their charts, and downloads in a `#` line (server/query/
 * formats.ts). Pure: unit-tested with the models that use it.
 */

export type PeriodGrain = 'day' | 'week' | 'month' | 'quarter' | 'year';

/** A period's days inside the window and the data, of its days. */
export interface PartialPeriod { days: number; of: number }

const DAY_MS = 86_400_000;
const dayNumber = (iso: string) => Date.parse(`${iso}T00:00:00Z`) / DAY_MS;
const isoDay = (n: number) => new Date(n * DAY_MS).toISOString().slice(0, 10);

/**
 * First and last day of a period key: 'YYYY-MM' (or its first day) for a month, the Monday
 * 'YYYY-MM-DD' for a week, a quarter's or year's first day, the day itself.
 */
function span(period: string, grain: PeriodGrain): [string, string] {
  if (grain === 'month' || grain === 'quarter' || grain === 'year') {
    const [y, m] = period.split('-').map(Number);
    const months = grain === 'month' ? 1 : grain === 'quarter' ? 3 : 12;
    const first = grain === 'year' ? `${y}-01-01` : `${period.slice(0, 7)}-01`;
    const start = grain === 'year' ? 1 : m;
    return [first, isoDay(Date.UTC(y, start - 1 + months, 0) / DAY_MS)];
  }
  if (grain === 'week') return [period.slice(0, 10), isoDay(dayNumber(period.slice(0, 10)) + 6)];
  return [period.slice(0, 10), period.slice(0, 10)];
}

/** The periods cut by the window, counted over the window within the data's own range. */
export function partialPeriods(periods: readonly string[], grain: PeriodGrain,
  window: { from: string; to: string } | null, data: { from: string; to: string } | null): Map<string, PartialPeriod> {
  const out = new Map<string, PartialPeriod>();
  if (!window) return out;
  const from = data && data.from > window.from ? data.from : window.from;
  const to = data && data.to < window.to ? data.to : window.to;
  for (const p of periods) {
    const [first, last] = span(p, grain);
    const of = dayNumber(last) - dayNumber(first) + 1;
    const days = Math.max(0, dayNumber(to < last ? to : last) - dayNumber(from > first ? from : first) + 1);
    if (days < of) out.set(p, { days, of });
  }
  return out;
}
