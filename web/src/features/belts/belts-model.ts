import type { CompareBelt, CompareResponse, Lang, MetricsResponse } from '../../lib/api/types.ts';
import { formatDecimal, formatPercent } from '../../lib/format.ts';
import { partialPeriods, type PartialPeriod } from '../../../../lib/partial-periods.ts';

/**
 * The belt comparison as pure view models: which belts, growth as text (n/a, never 0 or ∞),
 * the normalised views of the monthly trend, and shares. No fetching, no DOM: unit-tested.
 */

export const MIN_BELTS = 2;
export const MAX_BELTS = 6;

export const NORMS = ['absolute', 'index', 'per_merchant', 'share'] as const;
export type Norm = (typeof NORMS)[number];

export interface Picked {
  ids: string[];
  /**
   * Why the page shows something other than what was asked: one belt asked for ('tooFew'),
   * several asked for but one left with sales ('onlyOne': asking again for "two" would mislead),
   * none of those asked, or more than six; with none asked, only one belt selling under the
   * other filters ('alone': /belts?category=ceramics).
   */
  note: 'tooFew' | 'onlyOne' | 'none' | 'tooMany' | 'alone' | null;
}

/**
 * The belts side by side: those in the belt filter (in its order), else every belt with data
 * (largest first, as /api/compare orders them); at most six.
 */
export function pickBelts(requested: string[], available: string[]): Picked {
  const pool = requested.length ? requested.filter((id) => available.includes(id)) : available;
  const ids = pool.slice(0, MAX_BELTS);
  // None of the asked belts has data: say so, not "only  is shown" with an empty name.
  const note = pool.length > MAX_BELTS ? 'tooMany' : requested.length > 0 && ids.length === 0 ? 'none'
    : requested.length > 0 && ids.length < MIN_BELTS ? (requested.length >= MIN_BELTS ? 'onlyOne' : 'tooFew')
    : requested.length === 0 && ids.length === 1 ? 'alone' : null;
  return { ids, note };
}

/** Belts asked for that the comparison leaves out for want of sales (not those under the scope's cohort). */
export function beltsWithoutSales(requested: string[], shown: string[], suppressed: string[]): string[] {
  return requested.filter((id) => !shown.includes(id) && !suppressed.includes(id));
}

/**
 * A window of whole years compares with the same days before it both ways: the previous period
 * is then the previous year, and YoY and PoP read the same figure (the default 12-month view),
 * which the page says rather than leave it to look like a mistake.
 */
export const samePeriod = (c: CompareResponse['comparison']) => c.yoy.from === c.mom.from && c.yoy.to === c.mom.to;

export type PageStatus = 'loading' | 'ready' | 'empty' | 'error' | 'noData';

/**
 * What the comparison shows: a failure wins; an empty database says so at once ('noData':
 * with no data range no query is ever sent, so waiting for /api/compare would never end);
 * then skeletons until the comparison and the catalog are in; 'empty' when no belt has data.
 */
export function pageStatus(s: { failed: boolean; noData: boolean; loaded: boolean; belts: number }): PageStatus {
  if (s.failed) return 'error';
  if (s.noData) return 'noData';
  if (!s.loaded) return 'loading';
  return s.belts ? 'ready' : 'empty';
}

/** A growth rate as text: +12.3 % / −4.0 %, and n/a where the API says there is none. */
export function growthText(value: number | null | undefined, lang: Lang, na: string): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return na;
  return `${value > 0 ? '+' : value < 0 ? '−' : ''}${formatPercent(Math.abs(value), lang)}`;
}

export interface Series { id: string; data: (number | null)[] }
export interface NormalisedTrend { months: string[]; series: Series[] }

const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

/**
 * The monthly GMV of the picked belts (rows of gmv, active_merchants by belt and month) in one
 * of four views: the amount; an index = 100 at the base month (null where the base is 0 or
 * missing); GMV per active merchant; the belt's share of the picked belts' GMV that month.
 */
export function normalise(trend: MetricsResponse | undefined, ids: string[], norm: Norm, base: string | null): NormalisedTrend {
  const rows = trend?.rows ?? [];
  const months = [...new Set(rows.map((r) => String(r.month ?? '').slice(0, 7)).filter(Boolean))].sort();
  const cell = new Map(rows.map((r) => [`${r.belt}|${String(r.month).slice(0, 7)}`, r]));
  const gmv = (id: string, m: string) => num(cell.get(`${id}|${m}`)?.gmv) ?? (months.includes(m) ? 0 : null);
  const totals = new Map(months.map((m) => [m, ids.reduce((a, id) => a + (gmv(id, m) ?? 0), 0)]));
  const series = ids.map((id) => {
    const data = months.map((m): number | null => {
      const v = gmv(id, m);
      if (v === null) return null;
      switch (norm) {
        case 'index': {
          const b = base ? gmv(id, base) : null;
          return b ? (v / b) * 100 : null;
        }
        case 'per_merchant': {
          const n = num(cell.get(`${id}|${m}`)?.active_merchants);
          return n ? v / n : null;
        }
        case 'share': {
          const t = totals.get(m) ?? 0;
          return t > 0 ? v / t : null;
        }
        default:
          return v;
      }
    });
    return { id, data };
  });
  return { months, series };
}

/** A month the window (or the data) covers only in part: its days inside, of its days. */
export type PartialMonth = PartialPeriod;

/**
 * The months of the trend that the window cuts (2026-03-17 → March has 15 of 31 days), counted
 * over the window within the data's own range (a month the data ends in is partial too). Their
 * GMV is not comparable with a whole month's: the chart marks them and the index avoids them as base.
 */
export function partialMonths(months: string[], window: { from: string; to: string } | null, data: { from: string; to: string } | null): Map<string, PartialMonth> {
  return partialPeriods(months, 'month', window, data);
}

/**
 * The base month of the index: the one asked for if the trend has it, else the first whole
 * month (a partial first month as base made every later month jump, 100 → 230), else the first.
 */
export function baseMonth(months: string[], asked: string | null, partial: ReadonlyMap<string, PartialMonth> = new Map()): string | null {
  if (asked && months.includes(asked)) return asked;
  return months.find((m) => !partial.has(m)) ?? months[0] ?? null;
}

/** Shares of each belt's value by a second key (e.g. platform), from rows of (belt, key, value). */
export function sharesBy(metrics: MetricsResponse | undefined, key: string, measure: string): Map<string, Record<string, number>> {
  const sums = new Map<string, Record<string, number>>();
  for (const r of metrics?.rows ?? []) {
    const v = num(r[measure]);
    if (v === null || v <= 0) continue;
    const belt = String(r.belt);
    const parts = sums.get(belt) ?? {};
    parts[String(r[key] ?? '')] = v;
    sums.set(belt, parts);
  }
  for (const parts of sums.values()) {
    const total = Object.values(parts).reduce((a, b) => a + b, 0);
    for (const k of Object.keys(parts)) parts[k] /= total;
  }
  return sums;
}

/** The histogram as each belt's share of its orders per bin, so belts of different size compare. */
export function histogramShares(belt: CompareBelt): number[] {
  const total = belt.histogram.counts.reduce((a, b) => a + b, 0);
  return belt.histogram.counts.map((n) => (total ? n / total : 0));
}

/** A bin's label: its lower edge, rounded to what a reader can use (¥126, ¥1,585). */
export function binLabel(edge: number, lang: Lang): string {
  const digits = edge < 10 ? 1 : 0;
  return `¥${formatDecimal(edge, lang, digits)}`;
}

/** A bin's order values, lower edge included, upper excluded: "¥10 – <¥31.6" (the last bin is open). */
export function binRange(lo: number, hi: number | undefined, lang: Lang): string {
  if (hi === undefined) return lang === 'zh' ? `≥${binLabel(lo, lang)}` : `${binLabel(lo, lang)} and up`;
  return `${binLabel(lo, lang)} – <${binLabel(hi, lang)}`;
}

/** The keys of a mix across belts, in a stable order (the preferred ones first). */
export function mixKeys(mixes: Record<string, number>[], preferred: readonly string[] = []): string[] {
  const all = new Set(mixes.flatMap((m) => Object.keys(m)));
  return [...preferred.filter((k) => all.has(k)), ...[...all].filter((k) => !preferred.includes(k)).sort()];
}

/** The row of a metrics response for one belt (the catalog measures of the comparison table). */
export function byBelt(metrics: MetricsResponse | undefined): Map<string, Record<string, number | null>> {
  return new Map((metrics?.rows ?? []).map((r) => [String(r.belt), Object.fromEntries(Object.entries(r).map(([k, v]) => [k, num(v)]))]));
}
