import { sql } from '../../catalog/dialect.ts';
import { binding, FACT_BY_ID } from '../../catalog/facts.ts';
import { MEASURE_BY_ID } from '../../catalog/measures.ts';
import type { FactId, Grain, InnerGrouping, Measure } from '../../catalog/types.ts';
import { FACT_IDS } from '../../catalog/types.ts';
import type { SqlParams } from '../../db/database.ts';
import { chooseSource, factSelect, q, type FactSelectInput, type Filter } from './factSelect.ts';
import { SCOPE_DIMENSIONS, type Scope } from './scope.ts';
import type { DateWindow, Shift } from './window.ts';

/**
 * A part of a metrics query: the measures of one fact answered by one grouped SELECT (or, for
 * two-level measures, by one inner grouping wrapped in an outer aggregate). The planner joins
 * any number of parts on the grouping keys.
 */
export interface Part {
  fact: FactId;
  inner: InnerGrouping | null;
  measures: Measure[];
  filters: Filter[];
  /** Counts distinct merchants instead (the scope's minimum cohort), output as `__cohort_<fact>`. */
  cohort?: boolean;
}

export interface NotApplied { dimension: string; measures: string[] }

export const cohortCol = (fact: FactId) => `__cohort_${fact}`;

/** Distinct merchants of a fact's rows: the cohort a figure is computed over. */
function cohortMeasure(fact: FactId): Measure {
  const b = binding(fact, 'merchant');
  const base = { id: cohortCol(fact), label: { zh: '', en: '' }, description: { zh: '', en: '' }, formula: '', unit: 'count' as const, format: 'integer' as const, fact };
  // A fact that names no merchant declares its own lower bound (facts.ts `cohort`).
  if (!b) return { ...base, raw: FACT_BY_ID.get(fact)!.cohort ?? 'NULL' };
  return {
    ...base,
    raw: `count(DISTINCT ${b.raw})`, joins: b.joins,
    rollup: b.rollupCol ? { sql: `count(DISTINCT f.${b.rollupCol})`, needs: [b.rollupCol] } : undefined,
  };
}

/**
 * Split a query's measures into parts, and attach to each the request's filters that apply to
 * its fact and the scope's row filters (which apply to every fact; a fact that cannot be
 * narrowed by a scope dimension returns nothing rather than everything).
 */
export function splitParts(measureIds: string[], filters: Record<string, string[]>, scope: Scope) {
  const notApplied: NotApplied[] = [];
  const parts: Part[] = [];
  for (const fact of FACT_IDS) {
    const measures = measureIds.map((id) => MEASURE_BY_ID.get(id)!).filter((m) => m.fact === fact);
    if (!measures.length) continue;
    const applied: Filter[] = [];
    for (const [dim, values] of Object.entries(filters)) {
      if (binding(fact, dim)) applied.push({ dim, values, param: `f_${dim}` });
      // Named for the caller: hidden counts (`__…`) ride with a measure that is named.
      else notApplied.push({ dimension: dim, measures: measures.map((m) => m.id).filter((id) => !id.startsWith('__')) });
    }
    for (const dim of SCOPE_DIMENSIONS) {
      const values = scope.rows[dim];
      if (!values) continue;
      // No binding: an empty IN list, which the fact select writes as `false`.
      applied.push({ dim: binding(fact, dim) ? dim : 'belt', values: binding(fact, dim) ? values : [], param: `s_${dim}` });
    }
    const plain = measures.filter((m) => !m.inner);
    if (plain.length) parts.push({ fact, inner: null, measures: plain, filters: applied });
    const inners = [...new Map(measures.filter((m) => m.inner).map((m) => [m.inner!.id, m.inner!])).values()];
    for (const inner of inners) {
      parts.push({ fact, inner, measures: measures.filter((m) => m.inner?.id === inner.id), filters: applied });
    }
    if (scope.minCohort > 0) parts.push({ fact, inner: null, measures: [cohortMeasure(fact)], filters: applied, cohort: true });
  }
  return { parts, notApplied };
}

export interface PartWindow {
  by: string[];
  grain: Grain | null;
  window: DateWindow;
  prefix: string;
  shift?: Shift;
  rawOnly?: boolean;
}

const selectInput = (part: Part, measures: Measure[], w: PartWindow): FactSelectInput => ({
  fact: part.fact, measures, by: w.by, grain: w.grain, window: w.window, filters: part.filters, prefix: w.prefix, shift: w.shift, rawOnly: w.rawOnly,
});

/**
 * A part whose measures no one rollup answers together, as parts that rollups answer. Without
 * this the overview's KPIs (GMV and orders with AOV, which needs buyer keys) read every raw order
 * line of a year: 8 s at 10M lines, where the month rollup and the buyer rollup take ~0.7 s.
 * When any measure needs raw rows, all stay on them (one scan); otherwise the planner joins the
 * parts on the grouping keys like any others.
 */
export function splitBySource(part: Part, w: PartWindow): Part[] {
  if (part.inner || part.cohort || w.rawOnly || part.measures.length < 2) return [part];
  if (!chooseSource(selectInput(part, part.measures, w)).raw) return [part];
  const groups: Measure[][] = [];
  for (const m of part.measures) {
    // A measure only raw rows answer: the raw scan is needed anyway, and the others ride on it.
    if (chooseSource(selectInput(part, [m], w)).raw) return [part];
    // Into the first group that a rollup still answers with this measure in it.
    const g = groups.find((ms) => !chooseSource(selectInput(part, [...ms, m], w)).raw);
    if (g) g.push(m);
    else groups.push([m]);
  }
  return groups.map((measures) => ({ ...part, measures }));
}

/** The SELECT answering one part over one window, and the source it read. */
export function partSelect(part: Part, w: PartWindow, params: SqlParams): { sql: string; source: string } {
  const base = selectInput(part, part.measures, w);
  if (!part.inner) {
    const r = factSelect({ ...base, needs: part.cohort && binding(part.fact, 'merchant') ? ['merchant'] : [] }, params);
    return { sql: r.sql, source: r.source.id };
  }
  const inner = part.inner;
  const value: Measure = { ...part.measures[0], id: 'v', raw: inner.value.raw, rollup: inner.value.rollup, inner: undefined };
  let r = factSelect({ ...base, measures: [value], innerKeys: inner.keys }, params);
  const own = inner.ownRows;
  if (own && r.source.raw) {
    // The rows that are an inner row each as they are, beside the others grouped: the same
    // columns in the same order, and the same parameter names bound to the same values.
    const grouped = factSelect({ ...base, measures: [value], innerKeys: inner.keys, rowFilter: { where: [`NOT (${own.when})`], joins: own.joins } }, params);
    const alone = factSelect({
      ...base, measures: [{ ...value, raw: own.value }], innerKeys: inner.keys, rowFilter: { where: [own.when], joins: own.joins, rows: true },
    }, params);
    r = { sql: `${grouped.sql}
    UNION ALL
    ${alone.sql}`, source: r.source };
  }
  const keys = [...(w.grain ? [w.grain] : []), ...w.by].map(q);
  const innerKeys = inner.keys.map((_, i) => q(`k${i}`));
  const ranked = inner.ranked
    ? `, x.v / nullif(sum(x.v) OVER w, 0) AS share, row_number() OVER (w ORDER BY x.v DESC, ${innerKeys.join(', ')}) AS rk,
      sum(x.v) OVER (w ORDER BY x.v DESC, ${innerKeys.join(', ')} ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS cum,
      sum(x.v) OVER w AS total`
    : '';
  const window = inner.ranked ? `\n    WINDOW w AS (${keys.length ? `PARTITION BY ${keys.map((k) => `x.${k}`).join(', ')}` : ''})` : '';
  // Quantiles of one expression share one sort (p10, p50 and p90 of order values: 2.6 → 1.5 s a
  // year at 10M lines); each is still its own measure, with its own raw SQL for other callers.
  const outer = part.measures.map((m) => {
    const of = m.quantile?.of;
    const ps = of ? part.measures.filter((x) => x.quantile?.of === of).map((x) => x.quantile!.p) : [];
    const expr = ps.length > 1 ? sql.quantileOf(of!, ps, ps.indexOf(m.quantile!.p)) : m.raw;
    return `(${expr})::DOUBLE AS ${q(m.id)}`;
  });
  const groupBy = sql.groupBy(keys);
  const stmt = `SELECT ${[...keys.map((k) => `i.${k}`), ...outer].join(', ')} FROM (
    SELECT x.*${ranked}
    FROM (${r.sql}) x${window}
  ) i${groupBy ? ` ${groupBy}` : ''}`;
  return { sql: stmt, source: r.source.id };
}
