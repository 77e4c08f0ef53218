import type { Lang } from '../../catalog/types.ts';
import type { MetricsResult } from './execute.ts';
import { addDays, addMonths, comparisonWindow, monthEnd, monthStart, type DateWindow } from './window.ts';

/**
 * A comparison is only as good as the data under it: a previous year that starts before the
 * data's first day holds part of a period, and its change reads as growth (+94 % for a quarter
 * whose comparison lacks its first month). Where the comparison period of the totals, or of a
 * row's bucket, is not wholly in the data's range, its `_prev` and `_change` are left empty and a
 * note says why, as /api/compare does for its growth. A belt's own days count where the answer is
 * about belts: a row of `by=belt` against its belt's, totals of a belt filter against the days
 * all the filtered belts have (a belt's data begin with the month of its first sale or session:
 * a belt loaded a year after the others has no previous year, however far back the others go).
 */

/** The days the data hold, and each belt's first day (DataInfoService.beltStarts). */
export interface DataDays { data: DateWindow; beltStarts: Record<string, string> }

/**
 * The days every one of `belts` has: from the first day of the month of its first sale, session
 * or batch (exports come by month: the days before it in that month were loaded and were quiet,
 * the months before were not loaded; /api/compare's growth draws the same line), to the data's
 * end. A belt with nothing on record has the data's days.
 */
function common(belts: readonly string[], d: DataDays): DateWindow {
  const from = belts.reduce((a, b) => { const f = d.beltStarts[b] ? monthStart(d.beltStarts[b]) : d.data.from; return f > a ? f : a; }, d.data.from);
  return { from, to: d.data.to };
}

/** The last day of the bucket starting on `b`. */
function bucketEnd(b: string, grain: string): string {
  switch (grain) {
    case 'day': return b;
    case 'week': return addDays(b, 6);
    case 'month': return monthEnd(b);
    case 'quarter': return monthEnd(addMonths(b, 2));
    default: return `${b.slice(0, 4)}-12-31`;
  }
}

const inside = (w: DateWindow, data: DateWindow) => w.from >= data.from && w.to <= data.to;

export function withComparisonCoverage(r: MetricsResult, window: DateWindow, grain: string | null, d: DataDays,
  filterBelts: readonly string[] | undefined, lang: Lang): MetricsResult {
  const cmp = r.comparison;
  if (!cmp) return r;
  const data = d.data;
  const shift = comparisonWindow(window, cmp.kind, grain).shift;
  const back = (day: string) => ('months' in shift ? addMonths(day, -shift.months) : addDays(day, -shift.days));
  const totalsDays = filterBelts?.length ? common(filterBelts, d) : data;
  // The window itself wholly in the data too: one running past the data's last day holds part of
  // its period, and set against a whole comparison period its change reads as a fall.
  const windowIn = window.from >= data.from && window.to <= data.to;
  const coveredTotals = windowIn && inside(cmp, totalsDays);
  const byBelt = r.dimensions.includes('belt');
  // Why rows were left empty: the data's (or the filtered belts') days, or a row's belt's own.
  let beltBlanked = false;
  let dataBlanked = false;
  let windowBlanked = !windowIn;
  const rowCovered = (row: MetricsResult['rows'][number]) => {
    // The comparison days of the row: its bucket's, shifted back; without a grain, the window's.
    const b = grain ? String(row[grain] ?? '').slice(0, 10) : '';
    let days: DateWindow = cmp;
    if (b) {
      const end = bucketEnd(b, grain!);
      // The bucket's own days past the data's end: part of a bucket against a whole one.
      if ((end < window.to ? end : window.to) > data.to) { windowBlanked = true; return false; }
      days = { from: back(b > window.from ? b : window.from), to: back(end < window.to ? end : window.to) };
    } else if (!windowIn) { windowBlanked = true; return false; }
    if (!inside(days, totalsDays)) { dataBlanked = true; return false; }
    if (byBelt && row.belt != null && !inside(days, common([String(row.belt)], d))) { beltBlanked = true; return false; }
    return true;
  };
  const blank = <T extends Record<string, unknown>>(row: T): T => {
    const out: Record<string, unknown> = { ...row };
    for (const m of r.measures) {
      if (`${m}_prev` in out) out[`${m}_prev`] = null;
      if (`${m}_change` in out) out[`${m}_change`] = null;
    }
    return out as T;
  };
  let blanked = 0;
  const rows = r.rows.map((row) => (rowCovered(row) ? row : (blanked++, blank(row))));
  if (coveredTotals && blanked === 0) return { ...r, comparison: { ...cmp, covered: true } };
  const own = totalsDays !== data;
  const windowPart = windowBlanked ? [lang === 'zh'
    ? `时间窗口（${window.from} 至 ${window.to}${windowIn ? '，部分时间段' : ''}）超出数据范围（${data.from} 至 ${data.to}）：对比值和变化留空（否则会把不完整的时段与完整的对比期相比）`
    : `The window (${window.from} to ${window.to}${windowIn ? ', for some buckets' : ''}) is not wholly in the data (${data.from} to ${data.to}): previous values and changes are left empty (they would set part of a period against a whole one)`] : [];
  const cmpMissing = !inside(cmp, totalsDays);
  const parts = lang === 'zh'
    ? [...windowPart, ...(cmpMissing || dataBlanked ? [`对比期（${cmp.from} 至 ${cmp.to}${grain && !cmpMissing ? '，部分时间段' : ''}）不全在${own ? '所选产业带的' : ''}数据范围内（${totalsDays.from} 至 ${totalsDays.to}）：对比值和变化留空`] : []),
      ...(beltBlanked ? ['部分产业带的对比期不全在该产业带自己的数据范围内（自其第一笔成交或第一场直播所在的月份起）：这些行的对比值和变化留空'] : [])]
    : [...windowPart, ...(cmpMissing || dataBlanked ? [`The comparison period (${cmp.from} to ${cmp.to}${grain && !cmpMissing ? ', for some buckets' : ''}) is not wholly in the data${own ? ' of the belts filtered' : ''} (${totalsDays.from} to ${totalsDays.to}): previous values and changes are left empty`] : []),
      ...(beltBlanked ? ['For some belts the comparison period is not wholly in the belt\'s own data (from the month of its first sale or live session): their previous values and changes are left empty'] : [])];
  const message = parts.join(lang === 'zh' ? '；' : '; ');
  return {
    ...r,
    rows,
    totals: coveredTotals ? r.totals : blank(r.totals),
    comparison: { ...cmp, covered: coveredTotals },
    notes: [...r.notes, { measure: '*', message }],
  };
}
