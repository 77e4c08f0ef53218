import { MEASURE_BY_ID, UNKNOWN_FOR } from '../../catalog/measures.ts';
import type { Grain } from '../../catalog/types.ts';
import type { SqlParams } from '../../db/database.ts';
import { q } from './factSelect.ts';
import { cohortCol, partSelect, splitBySource, splitParts, type NotApplied, type Part } from './parts.ts';
import { OPEN_SCOPE, type Scope } from './scope.ts';
import { comparisonWindow, type CompareKind, type DateWindow, type Shift } from './window.ts';

export type { NotApplied } from './parts.ts';

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
  /** What the caller may see (default: the open scope). */
  scope?: Scope;
  /** Bypass the rollups (for tests and the bench). */
  rawOnly?: boolean;
  /**
   * For callers that read only the rows (/api/hubs): no totals statement, which is a second scan
   * of the same rows (of every raw row, for measures no rollup answers). `totals` is then empty.
   */
  noTotals?: boolean;
}

export interface Plan {
  sql: string;
  params: SqlParams;
  /** Null when the main query is itself ungrouped: its one row is the totals. */
  totalsSql: string | null;
  totalsParams: SqlParams;
  /** Output columns in order: time, dimensions, measures (and `_prev`/`_change` pairs). */
  dimensions: string[];
  notApplied: NotApplied[];
  /** `covered`: the comparison period lies wholly in the data (set by coverage.ts, which reads the data's range). */
  comparison: { kind: CompareKind; from: string; to: string; covered?: boolean } | null;
  /** Which table answered each part: the fact's id, or `<fact>:<inner grouping>` (for tests and the bench). */
  sources: Record<string, string>;
}

/** The CTEs for one window: a grouped select per part, full-joined on the keys. */
function windowCtes(
  name: string, parts: Part[], query: MetricsQuery, by: string[], grain: Grain | null,
  window: DateWindow, params: SqlParams, sources: Plan['sources'], shift?: Shift,
): string {
  const keys = [...(grain ? [grain] : []), ...by];
  const w = { by, grain, window, prefix: `${name}_`, shift, rawOnly: query.rawOnly };
  const selects = parts.flatMap((p) => splitBySource(p, w)).map((p, i) => {
    const r = partSelect(p, w, params);
    // A fact's measures answered by several rollups list them all.
    const key = p.inner ? `${p.fact}:${p.inner.id}` : p.fact;
    if (!p.cohort) sources[key] = sources[key] && !p.inner ? `${sources[key]}, ${r.source}` : r.source;
    return { alias: `${name}_${i}`, sql: r.sql, cols: p.measures.map((m) => m.id) };
  });
  if (selects.length === 1) return `${name} AS (\n  ${selects[0].sql}\n)`;
  const ctes = selects.map((s) => `${s.alias} AS (\n  ${s.sql}\n)`);
  // Keys of the parts joined so far: a part meets the first one that has the group.
  const seen = (k: string, upTo: number) => {
    const xs = selects.slice(0, upTo).map((_, j) => `x${j}.${q(k)}`);
    return xs.length === 1 ? xs[0] : `coalesce(${xs.join(', ')})`;
  };
  const from = selects.map((s, i) => {
    if (i === 0) return `${s.alias} x0`;
    if (!keys.length) return `CROSS JOIN ${s.alias} x${i}`;
    return `FULL JOIN ${s.alias} x${i} ON ${keys.map((k) => `${seen(k, i)} IS NOT DISTINCT FROM x${i}.${q(k)}`).join(' AND ')}`;
  }).join('\n  ');
  const cols = [
    ...keys.map((k) => `${seen(k, selects.length)} AS ${q(k)}`),
    ...selects.flatMap((s, i) => s.cols.map((c) => `x${i}.${q(c)}`)),
  ];
  return `${ctes.join(', ')}, ${name} AS (\n  SELECT ${cols.join(', ')}\n  FROM ${from}\n)`;
}

function compose(query: MetricsQuery, by: string[], grain: Grain | null, rowCap: number | null, rank: boolean) {
  const params: SqlParams = {};
  const scope = query.scope ?? OPEN_SCOPE;
  const { parts, notApplied } = splitParts(query.measures, query.filters, scope);
  const sources: Plan['sources'] = {};
  const ctes = [windowCtes('cur', parts, query, by, grain, query.window, params, sources)];
  const cmp = query.compare ? comparisonWindow(query.window, query.compare, query.grain) : null;
  if (cmp) ctes.push(windowCtes('prev', parts, query, by, grain, cmp, params, {}, cmp.shift));

  // A figure over fewer merchants than the scope's cohort is suppressed, in each window.
  if (scope.minCohort > 0) params.min_cohort = scope.minCohort;
  const val = (alias: string, m: string) => {
    const expr = `${alias}.${q(m)}`;
    if (!(scope.minCohort > 0) || m.startsWith('__')) return expr;
    return `CASE WHEN ${alias}.${q(cohortCol(MEASURE_BY_ID.get(m)!.fact))} >= $min_cohort THEN ${expr} END`;
  };
  // Null where the previous figure is null or 0. Written with nullif, which names the previous
  // figure once instead of four times: DuckDB plans every statement again for its parameter
  // values, and the repeated CASE cost ~3 ms of CPU on the bases panel's statement at 10M.
  const change = (m: string) => {
    const [c, p] = [val('c', m), val('p', m)];
    return `(${c} - ${p}) / nullif(${p}, 0) AS ${q(`${m}_change`)}`;
  };

  const keys = [...(grain ? [grain] : []), ...by];
  const sortKey = query.sort?.key ?? (by.length ? query.measures[0] : null);
  const sortDir = query.sort ? (query.sort.desc ? 'DESC' : 'ASC') : 'DESC';
  // A measure sorts by what the caller sees: a suppressed figure must not leak through its rank.
  const sortCol = (alias: string) => (MEASURE_BY_ID.has(sortKey!) ? val(alias, sortKey!) : `${alias}.${q(sortKey!)}`);
  const sortExpr = (alias: string) => (sortKey ? `${sortCol(alias)} ${sortDir} NULLS LAST, ` : '');
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
    cmp ? [`${val('c', m)} AS ${q(m)}`, `${val('p', m)} AS ${q(`${m}_prev`)}`, change(m)] : [`${val('c', m)} AS ${q(m)}`]);
  const keyCols = keys.map((k) => (k === grain ? `CAST(c.${q(k)} AS VARCHAR) AS ${q(k)}` : `c.${q(k)}`));
  const prevJoin = cmp
    ? keys.length ? `\nLEFT JOIN prev p ON ${keys.map((k) => `p.${q(k)} IS NOT DISTINCT FROM c.${q(k)}`).join(' AND ')}` : '\nCROSS JOIN prev p'
    : '';
  // With groups and buckets, limit kept groups above; otherwise it limits the rows themselves.
  const rowLimit = grain && by.length ? null : query.limit;
  const limit = rowLimit ? Math.min(rowLimit, rowCap ?? Infinity) : rowCap;
  // Without keys every part is one ungrouped row (and the windows are cross-joined): one row,
  // nothing to order. An ORDER BY would still be planned and run (totals statements, KPIs).
  const orderBy = keys.length ? `\nORDER BY ${order}` : '';
  const sql = `WITH ${ctes.join(',\n')}\nSELECT ${[...keyCols, ...measureCols].join(', ')}\nFROM cur c${prevJoin}${keepJoin}${orderBy}${limit ? `\nLIMIT ${Number(limit)}` : ''}`;
  return { sql, params, notApplied, sources, cmp, keys };
}

/** Build the main and the totals statement. `rowCap` is the cap + 1, to detect truncation. */
export function planMetrics(query: MetricsQuery, rowCap: number): Plan {
  // Totals are their own ungrouped query: ratios and distinct counts do not add up over rows.
  // Their hidden counts of unknowns (which say why a figure is null) ride along; an ungrouped
  // query is its own totals, so it carries them itself rather than being run twice.
  const unknown = [...new Set(query.measures.map((m) => UNKNOWN_FOR[m]?.id).filter((x): x is string => !!x))];
  const ungrouped = !query.by.length && !query.grain;
  const withUnknown = { ...query, measures: [...query.measures, ...unknown] };
  const main = compose(ungrouped && !query.noTotals ? withUnknown : query, query.by, query.grain, rowCap, true);
  const totals = ungrouped || query.noTotals ? null : compose({ ...withUnknown, sort: null, limit: null }, [], null, null, false);
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
