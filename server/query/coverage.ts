import type { Lang } from '../../catalog/types.ts';
import type { MetricsResult } from './execute.ts';
import { addDays, addMonths, comparisonWindow, monthEnd, type DateWindow } from './window.ts';

/**
 * A comparison is only as good as the data under it: a previous year that starts before the
 * data's first day holds part of a period, and its change reads as growth (+94 % for a quarter
 * whose comparison lacks its first month). Where the comparison period of the totals, or of a
 * row's bucket, is not wholly in the data's range, its `_prev` and `_change` are left empty and a
 * note says why, as /api/compare does for its growth.
 */

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

export function withComparisonCoverage(r: MetricsResult, window: DateWindow, grain: string | null, data: DateWindow, lang: Lang): MetricsResult {
  const cmp = r.comparison;
  if (!cmp) return r;
  const shift = comparisonWindow(window, cmp.kind, grain).shift;
  const back = (d: string) => ('months' in shift ? addMonths(d, -shift.months) : addDays(d, -shift.days));
  const coveredTotals = inside(cmp, data);
  const rowCovered = (row: MetricsResult['rows'][number]) => {
    if (!grain) return coveredTotals;
    const b = String(row[grain] ?? '').slice(0, 10);
    if (!b) return coveredTotals;
    const from = b > window.from ? b : window.from;
    const end = bucketEnd(b, grain);
    return inside({ from: back(from), to: back(end < window.to ? end : window.to) }, data);
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
  const message = lang === 'zh'
    ? `对比期（${cmp.from} 至 ${cmp.to}${grain && coveredTotals ? '，部分时间段' : ''}）不全在数据范围内（${data.from} 至 ${data.to}）：对比值和变化留空`
    : `The comparison period (${cmp.from} to ${cmp.to}${grain && coveredTotals ? ', for some buckets' : ''}) is not wholly in the data (${data.from} to ${data.to}): previous values and changes are left empty`;
  return {
    ...r,
    rows,
    totals: coveredTotals ? r.totals : blank(r.totals),
    comparison: { ...cmp, covered: coveredTotals },
    notes: [...r.notes, { measure: '*', message }],
  };
}
