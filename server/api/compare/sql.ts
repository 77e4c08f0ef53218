import { readFileSync } from 'node:fs';
import { SESSION_RATIOS, sessionQuantile, SESSION_RATIO_SESSIONS } from '../../../catalog/measures/distribution.ts';
import { MEASURE_BY_ID } from '../../../catalog/measures.ts';
import { sql } from '../../../catalog/dialect.ts';
import type { Measure } from '../../../catalog/types.ts';
import type { SqlParams } from '../../../db/database.ts';
import { factSelect, q, type FactSelectInput, type Filter } from '../../query/factSelect.ts';
import { splitParts, type NotApplied } from '../../query/parts.ts';
import type { Scope } from '../../query/scope.ts';
import type { CompareWindows } from './windows.ts';

/**
 * The statements of /api/compare. What the catalog defines (GMV, live and non-standard shares,
 * parent-order values, the per-session ratios) comes from the catalog through the metrics
 * planner's fact selects, so it is the same SQL, source choice, filters and scope as
 * /api/metrics; the .sql files beside this one compute what the catalog has no measure for
 * (growth over whole years, the seasonality index, histograms, mixes) on top of them.
 */

/** A statement's text without its comment lines, whose words may name placeholders. */
const file = (name: string) => readFileSync(new URL(`./${name}`, import.meta.url), 'utf8')
  .split('\n').filter((l) => !l.trim().startsWith('--')).join('\n');
const GROWTH = file('growth.sql');
const HISTOGRAM = file('histogram.sql');
const MIX = file('mix.sql');

/** Fills `{{name}}` placeholders with catalog-built SQL (never request text). */
function fill(template: string, values: Record<string, string>): string {
  return template.replace(/\{\{(\w+)\}\}/g, (_, k: string) => {
    if (!(k in values)) throw new Error(`compare: unknown placeholder {{${k}}}`);
    return values[k];
  });
}

export const QUANTILES = [10, 25, 50, 75, 90] as const;

/** A measure used only here: its SQL over raw rows, no rollup (so the raw table answers). */
const adHoc = (id: string, fact: Measure['fact'], raw: string): Measure => ({
  id, label: { zh: id, en: id }, description: { zh: '', en: '' }, formula: raw, unit: 'count', format: 'decimal', fact, raw,
});

export interface CompareStatement { sql: string; params: SqlParams }
export interface CompareStatements {
  growth: CompareStatement;
  histogram: CompareStatement;
  sessions: CompareStatement;
  shares: CompareStatement;
  venue: CompareStatement;
  sizeClass: CompareStatement;
  notApplied: NotApplied[];
}

export function compareStatements(w: CompareWindows, filters: Record<string, string[]>, scope: Scope): CompareStatements {
  // One measure of each fact, only to learn which filters (request and scope) apply to it.
  const { parts, notApplied } = splitParts(['gmv', 'session_gpm_p50'], filters, scope);
  const orderFilters: Filter[] = parts.find((p) => p.fact === 'orders')!.filters;
  const sessionFilters: Filter[] = parts.find((p) => p.fact === 'live_sessions')!.filters;
  const gmv = MEASURE_BY_ID.get('gmv')!;
  const orders = (by: string[], measures: Measure[], window = w.window, grain: 'day' | null = null, innerKeys?: string[], rowFilter?: FactSelectInput['rowFilter']) => {
    const params: SqlParams = {};
    const r = factSelect({ fact: 'orders', measures, by, grain, window, filters: orderFilters, prefix: 'c_', innerKeys, rowFilter }, params);
    return { sql: r.sql, params };
  };

  const daily = orders(['belt'], [gmv], w.series, 'day');
  const first = w.years[0]?.from ?? w.window.to;
  const growth = {
    sql: fill(GROWTH, { daily: daily.sql }),
    params: {
      ...daily.params,
      w_from: w.window.from, w_to: w.window.to,
      y_from: w.yoy.covered ? w.yoy.from : null, y_to: w.yoy.covered ? w.yoy.to : null,
      p_from: w.mom.covered ? w.mom.from : null, p_to: w.mom.covered ? w.mom.to : null,
      b_from: first, n_months: w.years.length * 12,
    },
  };

  // Parent orders and their values: the inner rows of order_value_p10/p50/p90. Grouping every
  // line by its parent order is most of the cost at 10M lines, and most orders have one line:
  // those are their line (no grouping); only the lines of split orders (split_orders) are grouped.
  const inner = MEASURE_BY_ID.get('order_value_p50')!.inner!;
  const own = inner.ownRows!;
  const split = orders(['belt'], [adHoc('v', 'orders', inner.value.raw)], w.window, null, inner.keys,
    { where: [`NOT (${own.when})`], joins: own.joins });
  const single = orders(['belt'], [adHoc('v', 'orders', own.value)], w.window, null, undefined,
    { where: [own.when], joins: own.joins, rows: true });
  const histogram = {
    sql: fill(HISTOGRAM, { orders: `SELECT "belt", "v" FROM (${split.sql})\n  UNION ALL\n  ${single.sql}` }),
    // The same names bound to the same values in both selects.
    params: { ...split.params, ...single.params },
  };

  const sessionMeasures = [
    adHoc('n', 'live_sessions', sql.filtered('count(*)', SESSION_RATIO_SESSIONS)),
    ...Object.entries(SESSION_RATIOS).flatMap(([name, ratio]) => QUANTILES.map((p) => adHoc(`${name}_p${p}`, 'live_sessions', sessionQuantile(ratio, p / 100)))),
  ];
  const sessionParams: SqlParams = {};
  const sessions = {
    sql: factSelect({ fact: 'live_sessions', measures: sessionMeasures, by: ['belt'], grain: null, window: w.window, filters: sessionFilters, prefix: 'c_' }, sessionParams).sql,
    params: sessionParams,
  };

  const shareIds = ['live_share', 'non_standard_share', ...(scope.minCohort > 0 ? ['active_merchants'] : [])];
  const shares = orders(['belt'], shareIds.map((id) => MEASURE_BY_ID.get(id)!));

  const mix = (key: 'venue' | 'size_class', label: string, keep: string) => {
    const rows = orders(['belt', key], [gmv]);
    return { sql: fill(MIX, { rows: rows.sql, key: q(key), label, keep }), params: rows.params };
  };
  return {
    growth, histogram, sessions, shares,
    venue: mix('venue', q('venue'), `${q('venue')} IS NOT NULL`),
    sizeClass: mix('size_class', `coalesce(${q('size_class')}, 'unknown')`, 'true'),
    notApplied,
  };
}
