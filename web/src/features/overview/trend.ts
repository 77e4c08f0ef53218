import type { Grain, Lang, MetaResponse, MetricsResponse } from '../../lib/api/types.ts';
import { monthKey, toNumber } from '../../lib/format.ts';
import { t } from '../../lib/i18n/messages.ts';
import { valueLabel } from '../../lib/meta.ts';
import { partialPeriods } from '../../../../lib/partial-periods.ts';
import { memberColors } from '../../lib/charts/member-colors.ts';
import { formatPeriod } from './chart-options.ts';

export interface TrendSeries {
  id: string;
  name: string;
  /** null where a ratio has no value (nothing to divide); sums fill gaps with 0. */
  data: (number | null)[];
  total: number;
  /** The member's colour, by its place in the catalog's list (memberColors), not by its rank here. */
  color: string;
}

export interface TrendModel {
  /** 'YYYY-MM' keys, ascending. */
  periods: string[];
  series: TrendSeries[];
}

export const TREND_MEASURE = 'gmv';
export const TREND_DIMENSION = 'belt';
export const TREND_GRAIN: Grain = 'month';


/** Every month from the first key to the last: months with no sales stay on the axis. */
export function monthRange(sorted: string[]): string[] {
  if (sorted.length < 2) return sorted;
  const [y0, m0] = sorted[0].split('-').map(Number);
  const [y1, m1] = sorted[sorted.length - 1].split('-').map(Number);
  if (![y0, m0, y1, m1].every(Number.isFinite)) return sorted;
  const out: string[] = [];
  for (let y = y0, m = m0; y < y1 || (y === y1 && m <= m1); m === 12 ? (y++, (m = 1)) : m++) {
    out.push(`${y}-${String(m).padStart(2, '0')}`);
    if (out.length > 1200) break; // a century of months: malformed input, not a real range
  }
  return out;
}

/**
 * Pivots `{month, belt, gmv}` rows into one series per belt over every month from the first
 * to the last (gaps included), biggest belt first. A belt with no row in a month sold nothing that month: 0, not a gap
 * (GMV is a sum). Belt names come from the catalog in the current language.
 */
export function buildTrend(
  metrics: MetricsResponse | undefined,
  meta: MetaResponse | undefined,
  lang: Lang,
  measure = TREND_MEASURE,
  dimension = TREND_DIMENSION,
  grain: Grain = TREND_GRAIN,
  /** Sums (GMV, orders) are 0 where a belt sold nothing; ratios (GPM) have no value there. */
  additive = true,
): TrendModel {
  if (!metrics?.rows?.length) return { periods: [], series: [] };
  const periodSet = new Set<string>();
  const byMember = new Map<string, Map<string, number>>();
  for (const row of metrics.rows) {
    const period = grain === 'month' ? monthKey(row[grain]) : String(row[grain] ?? '').slice(0, 10);
    const member = row[dimension];
    const value = toNumber(row[measure]);
    if (!period || member === null || member === undefined) continue;
    periodSet.add(period);
    const id = String(member);
    let cells = byMember.get(id);
    if (!cells) byMember.set(id, (cells = new Map()));
    if (value !== null || additive) cells.set(period, (cells.get(period) ?? 0) + (value ?? 0));
  }
  const sorted = [...periodSet].sort();
  const periods = grain === 'month' ? monthRange(sorted) : sorted;
  const colors = memberColors(byMember.keys(), (meta?.values?.[dimension] ?? []).map((v) => v.id));
  const series = [...byMember].map(([id, cells]) => {
    const data = periods.map((p) => cells.get(p) ?? (additive ? 0 : null));
    return { id, name: valueLabel(meta, dimension, id, lang), data, total: data.reduce<number>((a, b) => a + (b ?? 0), 0),
      color: colors.get(id)! };
  });
  series.sort((a, b) => b.total - a.total || a.id.localeCompare(b.id));
  return { periods, series };
}

export interface TrendTable {
  /** Column heads: the period, then one per series. */
  columns: string[];
  rows: { period: string; label: string; cells: { id: string; value: number | null; text: string }[] }[];
}

/**
 * The chart's numbers as a table, for screen readers (the canvas says nothing to them) and
 * for anyone who wants the exact figure behind a line.
 */
export function trendTable(model: TrendModel, periodLabel: string, formatPeriod: (p: string) => string, formatValue: (v: number | null) => string): TrendTable {
  return {
    columns: [periodLabel, ...model.series.map((s) => s.name)],
    rows: model.periods.map((period, i) => ({
      period,
      label: formatPeriod(period),
      cells: model.series.map((s) => ({ id: s.id, value: s.data[i], text: formatValue(s.data[i]) })),
    })),
  };
}

/**
 * The trend's periods that the window (or the data) covers only in part, named under the chart
 * for a sum (GMV, orders): their bars count those days only and read as a dip. A ratio (GPM,
 * conversion) compares as it is, so it gets no note (null).
 */
/**
 * The trend's periods a sum is drawn dashed over (the cut months or weeks of trendPartialNote);
 * empty for a ratio or another grain, whose value a cut period does not lower.
 */
export function trendPartialPeriods(periods: readonly string[], grain: Grain, window: { from: string; to: string } | null,
  data: { from: string; to: string } | null, additive: boolean): Set<string> {
  if (!additive || (grain !== 'month' && grain !== 'week')) return new Set();
  return new Set(partialPeriods(periods, grain, window, data).keys());
}

export function trendPartialNote(periods: readonly string[], grain: Grain, window: { from: string; to: string } | null,
  data: { from: string; to: string } | null, additive: boolean, lang: Lang): string | null {
  if (!additive || (grain !== 'month' && grain !== 'week')) return null;
  const partial = partialPeriods(periods, grain, window, data);
  if (!partial.size) return null;
  const list = [...partial].map(([p, { days, of }]) => t(lang, 'trend.partialItem', { period: formatPeriod(p, grain, lang), days, of }));
  return t(lang, 'trend.partial', { list: list.join(lang === 'zh' ? '、' : '; ') });
}
