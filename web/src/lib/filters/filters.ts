/**
 * The global filters as a pure view model: parsed from and written to the URL with the API's
 * own parameter names, defaults never written, so a link reproduces the view exactly.
 */

import { DEFAULT_VIEW } from '../../../../catalog/views.ts';
import { parseDateInput } from '../date-input.ts';

export const FILTER_LISTS = ['belt', 'platform', 'category', 'venue'] as const;
export type FilterList = (typeof FILTER_LISTS)[number];

export const CHART_GRAINS = ['day', 'week', 'month'] as const;
export type ChartGrain = (typeof CHART_GRAINS)[number];

export const COMPARES = ['previous_year', 'previous_year_lunar', 'previous_period'] as const;
export type Compare = (typeof COMPARES)[number];

/** Measures the page can chart (the KPI measures). */
export const CHART_MEASURES = ['gmv', 'orders', 'live_gmv', 'gpm', 'conversion', 'aov'] as const;
export type ChartMeasure = (typeof CHART_MEASURES)[number];

/** What the bases table can be ranked by (`?rank=` on /bases). */
export const RANK_KEYS = ['score', 'utilization', 'live_gmv', 'merchants'] as const;
export type RankKey = (typeof RANK_KEYS)[number];

export interface Filters {
  /** null: the default window (the last 12 months of data). */
  from: string | null;
  to: string | null;
  belt: string[];
  platform: string[];
  category: string[];
  venue: string[];
  grain: ChartGrain;
  compare: Compare;
  measure: ChartMeasure;
}

export const DEFAULT_FILTERS: Filters = {
  from: null,
  to: null,
  belt: [],
  platform: [],
  category: [],
  venue: [],
  // The chart's defaults are the server's too: it warms its cache for exactly this view.
  ...DEFAULT_VIEW,
};

/** Every URL parameter the filters own (lang belongs to the app). */
export const FILTER_PARAMS = ['from', 'to', ...FILTER_LISTS, 'grain', 'compare', 'measure'] as const;

const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;

/**
 * A real calendar day written YYYY-MM-DD (2026-02-30 is not: Date.parse would roll it into
 * March): the date field's own check, on the one form a link writes.
 */
export function isIsoDay(s: string | null): s is string {
  return s !== null && ISO_DAY.test(s) && parseDateInput(s).ok;
}
const oneOf = <T extends string>(allowed: readonly T[], raw: string | null, fallback: T): T =>
  raw !== null && (allowed as readonly string[]).includes(raw) ? (raw as T) : fallback;
const list = (raw: string | null) => [...new Set((raw ?? '').split(',').map((s) => s.trim()).filter(Boolean))];

export function parseFilters(get: (key: string) => string | null): Filters {
  const from = get('from');
  const to = get('to');
  return {
    from: isIsoDay(from) ? from : null,
    to: isIsoDay(to) ? to : null,
    belt: list(get('belt')),
    platform: list(get('platform')),
    category: list(get('category')),
    venue: list(get('venue')),
    grain: oneOf(CHART_GRAINS, get('grain'), DEFAULT_FILTERS.grain),
    compare: oneOf(COMPARES, get('compare'), DEFAULT_FILTERS.compare),
    measure: oneOf(CHART_MEASURES, get('measure'), DEFAULT_FILTERS.measure),
  };
}

/** The URL patch for these filters: a default is null (the parameter is removed). */
export function serializeFilters(f: Filters): Record<(typeof FILTER_PARAMS)[number], string | null> {
  const joined = (v: string[]) => (v.length ? v.join(',') : null);
  return {
    from: f.from,
    to: f.to,
    belt: joined(f.belt),
    platform: joined(f.platform),
    category: joined(f.category),
    venue: joined(f.venue),
    grain: f.grain === DEFAULT_FILTERS.grain ? null : f.grain,
    compare: f.compare === DEFAULT_FILTERS.compare ? null : f.compare,
    measure: f.measure === DEFAULT_FILTERS.measure ? null : f.measure,
  };
}

/** The dimension filters as /api/metrics takes them. */
export function apiFilters(f: Filters): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const key of FILTER_LISTS) if (f[key].length) out[key] = f[key];
  return out;
}

export function toggleValue(f: Filters, key: FilterList, id: string): Filters {
  const has = f[key].includes(id);
  return { ...f, [key]: has ? f[key].filter((x) => x !== id) : [...f[key], id] };
}

export function removeValue(f: Filters, key: FilterList, id: string): Filters {
  return { ...f, [key]: f[key].filter((x) => x !== id) };
}
