/**
 * The dashboard's views, declared once: which queries the overview and the belt comparison send
 * for a window and the global filters, and what those filters are by default. The web app builds
 * its panels' queries with these functions, and the server warms its result cache with the same
 * ones for the default view (server/api/warmup.ts), so the warm-up cannot drift from what a page
 * asks. Pure, with no imports: the web bundle carries this file.
 */

export type ViewGrain = 'day' | 'week' | 'month';
export type ViewCompare = 'previous_year' | 'previous_year_lunar' | 'previous_period';

/** A /api/metrics query as the pages send it. */
export interface ViewMetricsQuery {
  measures: string[];
  by?: string[];
  grain?: ViewGrain;
  from?: string;
  to?: string;
  /** Dimension filters, e.g. `{ belt: ['jingdezhen-ceramics'] }`. */
  filters?: Record<string, string[]>;
  compare?: ViewCompare;
  /** A measure or dimension; `-` in front for descending. */
  sort?: string;
  limit?: number;
}

/** A /api/compare query as the belt comparison sends it. */
export interface ViewCompareQuery {
  from?: string;
  to?: string;
  filters?: Record<string, string[]>;
  compare?: 'previous_year' | 'previous_year_lunar';
}

/** What a page's queries depend on: the window shown, the dimension filters and the chart's choices. */
export interface ViewInput {
  from: string;
  to: string;
  /** Only dimensions with values (an empty list is no filter). */
  filters: Record<string, string[]>;
  grain: ViewGrain;
  compare: ViewCompare;
  measure: string;
}

/** The chart's choices when the URL says nothing (the window defaults to `defaultWindow`). */
export const DEFAULT_VIEW = { grain: 'month', compare: 'previous_year', measure: 'gmv' } as const;

/** The headline numbers of the overview, in display order. */
export const KPI_MEASURES = ['gmv', 'orders', 'live_gmv', 'gpm', 'conversion', 'aov'] as const;

/** Measures that add up, so a row's share of the total means something. */
export const ADDITIVE = ['gmv', 'orders', 'live_gmv'] as const;

/** Leaderboards rank by the page's measure when it is a sum, else by GMV. */
export function boardMeasure(measure: string): string {
  return (ADDITIVE as readonly string[]).includes(measure) ? measure : 'gmv';
}

const parse = (s: string) => new Date(`${s}T00:00:00Z`);
const iso = (d: Date) => d.toISOString().slice(0, 10);

/**
 * The default window: the last 12 months of data, a year back from the day after the data's
 * last day (2026-10-31 → 2025-11-01 … 2026-10-31). UTC arithmetic on calendar days.
 */
export function defaultWindow(lastDay: string): { from: string; to: string } {
  const next = parse(lastDay);
  next.setUTCDate(next.getUTCDate() + 1);
  return { from: iso(new Date(Date.UTC(next.getUTCFullYear() - 1, next.getUTCMonth(), next.getUTCDate()))), to: lastDay };
}

export const OVERVIEW_PANELS = ['kpis', 'trend', 'mix', 'belts', 'merchants'] as const;
export type OverviewPanel = (typeof OVERVIEW_PANELS)[number];

/** One /api/metrics query per overview panel (the merchants board then asks /api/values for names). */
export function overviewQueries(v: ViewInput): Record<OverviewPanel, ViewMetricsQuery> {
  const base = { from: v.from, to: v.to, filters: v.filters };
  const ranked = boardMeasure(v.measure);
  return {
    kpis: { ...base, measures: [...KPI_MEASURES], compare: v.compare },
    trend: { ...base, measures: [v.measure], by: ['belt'], grain: v.grain },
    mix: { ...base, measures: [ranked], by: ['belt', 'platform'] },
    belts: { ...base, measures: [ranked], by: ['belt'], compare: v.compare, sort: `-${ranked}`, limit: 10 },
    merchants: { ...base, measures: [ranked], by: ['merchant'], compare: v.compare, sort: `-${ranked}`, limit: 10 },
  };
}

/** Catalog measures the belt comparison shows beside /api/compare's figures (one /api/metrics query). */
export const BELTS_CATALOG_MEASURES = ['gmv', 'active_merchants', 'hhi', 'cr4', 'cr10', 'merchants_80',
  'order_value_p10', 'order_value_p50', 'order_value_p90', 'live_share', 'non_standard_share'] as const;

/** The belt comparison's sources: /api/compare, and /api/metrics for what the catalog has a measure for. */
export function beltsQueries(v: ViewInput): {
  compare: ViewCompareQuery; catalog: ViewMetricsQuery; platform: ViewMetricsQuery; trend: ViewMetricsQuery;
} {
  const base = { from: v.from, to: v.to, filters: v.filters };
  return {
    // The comparison's 同比 is a year back (by the solar or the lunar calendar); a previous-period choice reads as solar.
    compare: { ...base, compare: v.compare === 'previous_year_lunar' ? 'previous_year_lunar' : 'previous_year' },
    catalog: { ...base, measures: [...BELTS_CATALOG_MEASURES], by: ['belt'] },
    platform: { ...base, measures: ['gmv'], by: ['belt', 'platform'] },
    trend: { ...base, measures: ['gmv', 'active_merchants'], by: ['belt'], grain: 'month' },
  };
}

/** A /api/bases request (the bases answer to the window and the belt filter only). */
export interface ViewBasesQuery {
  belt: string[];
  from: string;
  to: string;
}

/** The bases list and its sparklines' weekly live GMV by base (one /api/metrics query). */
export function basesQueries(v: { from: string; to: string; belt: string[] }): { list: ViewBasesQuery; weekly: ViewMetricsQuery } {
  return {
    list: { belt: v.belt, from: v.from, to: v.to },
    weekly: { measures: ['live_gmv'], by: ['base'], grain: 'week', from: v.from, to: v.to, filters: v.belt.length ? { belt: v.belt } : {} },
  };
}
