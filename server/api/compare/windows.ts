import { addDays, addMonths, comparisonWindow, monthEnd, monthStart, type DateWindow } from '../../query/window.ts';

/** The comparisons /api/compare's `yoy` can be taken against (同比, by the solar or the lunar calendar). */
export const YOY_KINDS = ['previous_year', 'previous_year_lunar'] as const;
export type YoyKind = (typeof YOY_KINDS)[number];

export interface CompareWindows {
  window: DateWindow;
  /** 同比: the window a year (or a lunar year) back; `covered` is false unless the data holds all of it. */
  yoy: DateWindow & { kind: YoyKind; covered: boolean };
  /** 环比: the period of the same length just before (as compare=previous_period), covered likewise. */
  mom: DateWindow & { covered: boolean };
  /**
   * Whole years for seasonality and CAGR: 12-month blocks ending at the last complete month of
   * the window (and of the data), reaching back as far as the data covers whole months; oldest first.
   */
  years: DateWindow[];
  /**
   * The days the daily series spans: from the start of the data, so that a belt's first month of
   * sales (before which its growth is n/a) is its first in the data, not in the window.
   */
  series: DateWindow;
}

/** Months from the month of `a` to the month of `b`, both counted. */
const monthsFromTo = (a: string, b: string) => (Number(b.slice(0, 4)) - Number(a.slice(0, 4))) * 12 + Number(b.slice(5, 7)) - Number(a.slice(5, 7)) + 1;

/** Every window /api/compare reads, from the request's window and the data's range. Pure date arithmetic. */
export function compareWindows(window: DateWindow, data: DateWindow, kind: YoyKind): CompareWindows {
  const y = comparisonWindow(window, kind);
  const m = comparisonWindow(window, 'previous_period');
  // Covered: the data holds the whole comparison window, and the whole window itself: a window
  // running past the data's last day holds part of a period, and set against a whole one it read
  // as a fall (−19.7 % for a belt that grew 24 % over the same days).
  const inData = window.from >= data.from && window.to <= data.to;
  const yoy = { kind, from: y.from, to: y.to, covered: inData && y.from >= data.from && y.to <= data.to };
  const mom = { from: m.from, to: m.to, covered: inData && m.from >= data.from && m.to <= data.to };

  // A month is complete when the window and the data both reach its last day, and whole when
  // the data began on or before its first.
  const end = window.to < data.to ? window.to : data.to;
  const lastMonthEnd = end === monthEnd(end) ? end : addDays(monthStart(end), -1);
  const firstWhole = data.from === monthStart(data.from) ? data.from : addMonths(monthStart(data.from), 1);
  const n = firstWhole <= lastMonthEnd ? Math.floor(monthsFromTo(firstWhole, lastMonthEnd) / 12) : 0;
  const years: DateWindow[] = [];
  for (let i = n; i >= 1; i--) {
    const from = addMonths(monthStart(lastMonthEnd), -(12 * i - 1));
    years.push({ from, to: monthEnd(addMonths(from, 11)) });
  }

  return { window, yoy, mom, years, series: { from: data.from < window.from ? data.from : window.from, to: window.to } };
}

