import { DIMENSION_BY_ID } from '../catalog/dimensions.ts';
import { MEASURE_BY_ID, UNKNOWN_FOR } from '../catalog/measures.ts';
import type { FactId, Grain, Measure } from '../catalog/types.ts';
import type { SqlParams } from '../db/database.ts';
import { factSelect, q } from './factSelect.ts';
import { comparisonWindow, type CompareKind, type DateWindow, type Shift } from './window.ts';

/** A validated metrics request (see params.ts): every id here is in the catalog. */
export interface MetricsQuery {
  measures: string[];
  by: string[];
  grain: Grain | null;
  window: DateWindow;
  filters: Record<string, string[]>;
  sort: { key: string; desc: boolean } | null;
  limit: number | null;
  compare: CompareKind | null;
  /** Bypass the rollups (for tests and the bench). */
  rawOnly?: boolean;
}

export interface NotApplied { dimension: string; measures: string[] }

export interface Plan {
  sql: string;
  params: SqlParams;
  /** Null when the main query is itself ungrouped: its one row is the totals. */
  totalsSql: string | null;
  totalsParams: SqlParams;
  /** Output columns in order: time, dimensions, measures (and `_prev`/`_change` pairs). */
  dimensions: string[];
  notApplied: NotApplied[];
  comparison: { kind: CompareKind; from: string; to: string } | null;
  /** Which table answered each fact (for the bench and for tests that force raw rows). */
  sources: Partial<Record<FactId, string>>;
}

const FACT_ORDER: FactId[] = ['orders', 'live_sessions'];

/** Per fact: the measures it answers and the filters that apply to it. */
function splitByFact(query: MetricsQuery) {
  const notApplied: NotApplied[] = [];
  const parts = FACT_ORDER.map((fact) => {
    const measures = query.measures.map((id) => MEASURE_BY_ID.get(id)!).filter((m) => m.fact === fact);
    const filters: { dim: string; values: string[] }[] = [];
    for (const [dim, values] of Object.entries(query.filters)) {
      if (DIMENSION_BY_ID.get(dim)!.facts[fact]) filters.push({ dim, values });
      else if (measures.length) notApplied.push({ dimension: dim, measures: measures.map((m) => m.id) });
    }
    return { fact, measures, filters };
  }).filter((p) => p.measures.length > 0);
  return { parts, notApplied };
}

/** The CTEs for one window: a grouped select per fact, joined on the keys when there are two. */
function windowCtes(
  name: string, parts: ReturnType<typeof splitByFact>['parts'], query: MetricsQuery,
  by: string[], grain: Grain | null, window: DateWindow, params: SqlParams,
  sources: Plan['sources'], shift?: Shift,
): string {
  const rawOnly = query.rawOnly ?? false;
  const keys = [...(grain ? [grain] : []), ...by];
  const selects = parts.map((p, i) => {
    const { sql, source } = factSelect({ fact: p.fact, measures: p.measures, by, grain, window, filters: p.filters, prefix: `${name}_`, shift, rawOnly }, params);
    if (name === 'cur') sources[p.fact] = source.id;
    return { alias: `${name}_${i}`, sql, measures: p.measures as Measure[] };
  });
  if (selects.length === 1) return `${name} AS (\n  ${selects[0].sql}\n)`;
  const [a, b] = selects;
  const on = keys.length ? `FULL JOIN ${b.alias} y ON ${keys.map((k) => `x.${q(k)} IS NOT DISTINCT FROM y.${q(k)}`).join(' AND ')}` : `CROSS JOIN ${b.alias} y`;
  const cols = [
    ...keys.map((k) => `coalesce(x.${q(k)}, y.${q(k)}) AS ${q(k)}`),
    ...a.measures.map((m) => `x.${q(m.id)}`),
    ...b.measures.map((m) => `y.${q(m.id)}`),
  ];
  return `${a.alias} AS (\n  ${a.sql}\n), ${b.alias} AS (\n  ${b.sql}\n), ${name} AS (\n  SELECT ${cols.join(', ')} FROM ${a.alias} x ${on}\n)`;
}

const change = (m: string) =>
  `CASE WHEN p.${q(m)} IS NULL OR p.${q(m)} = 0 THEN NULL ELSE (c.${q(m)} - p.${q(m)}) / p.${q(m)} END AS ${q(`${m}_change`)}`;

function compose(query: MetricsQuery, by: string[], grain: Grain | null, rowCap: number | null, rank: boolean) {
  const params: SqlParams = {};
  const { parts, notApplied } = splitByFact(query);
  const sources: Plan['sources'] = {};
  const ctes = [windowCtes('cur', parts, query, by, grain, query.window, params, sources)];
  const cmp = query.compare ? comparisonWindow(query.window, query.compare, query.grain) : null;
  if (cmp) ctes.push(windowCtes('prev', parts, query, by, grain, cmp, params, {}, cmp.shift));

  const keys = [...(grain ? [grain] : []), ...by];
  const sortKey = query.sort?.key ?? (by.length ? query.measures[0] : null);
  const sortDir = query.sort ? (query.sort.desc ? 'DESC' : 'ASC') : 'DESC';
  const sortExpr = (alias: string) => (sortKey ? `${alias}.${q(sortKey)} ${sortDir} NULLS LAST, ` : '');
  let keepJoin = '';
  let order = `${sortExpr('c')}${keys.map((k) => `c.${q(k)}`).join(', ') || '1'}`;
  if (grain && by.length && rank && (query.limit || query.sort)) {
    // Rank the groups over the whole window (ratios do not add up over buckets), keep the top.
    ctes.push(windowCtes('rank_src', parts, query, by, null, query.window, params, {}));
    ctes.push(`keep AS (\n  SELECT ${by.map(q).join(', ')}, row_number() OVER (ORDER BY ${sortExpr('r')}${by.map((k) => `r.${q(k)}`).join(', ')}) AS __rank\n  FROM rank_src r ORDER BY __rank${query.limit ? ` LIMIT ${Number(query.limit)}` : ''}\n)`);
    keepJoin = `\nJOIN keep k ON ${by.map((k) => `k.${q(k)} IS NOT DISTINCT FROM c.${q(k)}`).join(' AND ')}`;
    order = `c.${q(grain)}, k.__rank`;
  } else if (grain && !query.sort) {
    // Time first; with no dimension a sort (e.g. the top days by GMV) orders the buckets.
    order = keys.map((k) => `c.${q(k)}`).join(', ');
  }
  const measureCols = query.measures.flatMap((m) =>
    cmp ? [`c.${q(m)}`, `p.${q(m)} AS ${q(`${m}_prev`)}`, change(m)] : [`c.${q(m)}`]);
  const keyCols = keys.map((k) => (k === grain ? `CAST(c.${q(k)} AS VARCHAR) AS ${q(k)}` : `c.${q(k)}`));
  const prevJoin = cmp
    ? keys.length ? `\nLEFT JOIN prev p ON ${keys.map((k) => `p.${q(k)} IS NOT DISTINCT FROM c.${q(k)}`).join(' AND ')}` : '\nCROSS JOIN prev p'
    : '';
  // With groups and buckets, limit kept groups above; otherwise it limits the rows themselves.
  const rowLimit = grain && by.length ? null : query.limit;
  const limit = rowLimit ? Math.min(rowLimit, rowCap ?? Infinity) : rowCap;
  const sql = `WITH ${ctes.join(',\n')}\nSELECT ${[...keyCols, ...measureCols].join(', ')}\nFROM cur c${prevJoin}${keepJoin}\nORDER BY ${order}${limit ? `\nLIMIT ${Number(limit)}` : ''}`;
  return { sql, params, notApplied, sources, cmp, keys };
}

/** Build the main and the totals statement. `rowCap` is the cap + 1, to detect truncation. */
export function planMetrics(query: MetricsQuery, rowCap: number): Plan {
  const main = compose(query, query.by, query.grain, rowCap, true);
  // Totals are their own ungrouped query: ratios and distinct counts do not add up over rows.
  const unknown = [...new Set(query.measures.map((m) => UNKNOWN_FOR[m]?.id).filter((x): x is string => !!x))];
  const ungrouped = !query.by.length && !query.grain && !unknown.length;
  const totals = ungrouped ? null : compose({ ...query, measures: [...query.measures, ...unknown], sort: null, limit: null }, [], null, null, false);
  return {
    sql: main.sql,
    params: main.params,
    totalsSql: totals?.sql ?? null,
    totalsParams: totals?.params ?? {},
    dimensions: main.keys,
    notApplied: main.notApplied,
    comparison: main.cmp && query.compare ? { kind: query.compare, from: main.cmp.from, to: main.cmp.to } : null,
    sources: main.sources,
  };
}
