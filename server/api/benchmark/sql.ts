import { readFileSync } from 'node:fs';
import { MEASURE_BY_ID, UNKNOWN_FOR } from '../../../catalog/measures.ts';
import type { FactId, Measure } from '../../../catalog/types.ts';
import type { SqlParams } from '../../../db/database.ts';
import { factSelect, q } from '../../query/factSelect.ts';
import { splitParts } from '../../query/parts.ts';
import type { Scope } from '../../query/scope.ts';

/**
 * The statement of /api/benchmark. Each merchant's value of each measure comes from the catalog
 * through the metrics planner's fact selects (by merchant, over the belt), so every figure is
 * the one /api/metrics gives for that merchant; ./benchmark.sql puts the merchant beside the
 * quantiles and its rank among the others, in SQL.
 */

/** The measures, by fact: order lines (peers = merchants with orders) and sessions (with sessions). */
export const BENCHMARK_MEASURES = {
  orders: ['gmv', 'net_gmv', 'orders', 'order_value', 'aov', 'refund_rate', 'live_share'],
  live_sessions: ['sessions', 'live_hours', 'gpm', 'conversion'],
} as const satisfies Partial<Record<FactId, readonly string[]>>;
export type BenchmarkFact = keyof typeof BENCHMARK_MEASURES;
export const BENCHMARK_FACTS = Object.keys(BENCHMARK_MEASURES) as BenchmarkFact[];
export const BENCHMARK_IDS: string[] = BENCHMARK_FACTS.flatMap((f) => [...BENCHMARK_MEASURES[f]]);

/** The CTE of ./benchmark.sql holding each fact's rows. */
const CTE: Record<BenchmarkFact, string> = { orders: 'o', live_sessions: 's' };

/** The statement's text without its comment lines, whose words may name placeholders. */
const TEMPLATE = readFileSync(new URL('./benchmark.sql', import.meta.url), 'utf8')
  .split('\n').filter((l) => !l.trim().startsWith('--')).join('\n');

/** Fills `{{name}}` placeholders with catalog-built SQL (never request text). */
function fill(template: string, values: Record<string, string>): string {
  return template.replace(/\{\{(\w+)\}\}/g, (_, k: string) => {
    if (!(k in values)) throw new Error(`benchmark: unknown placeholder {{${k}}}`);
    return values[k];
  });
}

/** A catalog id as a SQL string literal (ids are [a-z0-9_], checked, never request text). */
const literal = (id: string) => {
  if (!/^\w+$/.test(id)) throw new Error(`benchmark: unexpected measure id ${id}`);
  return `'${id}'`;
};

export interface BenchmarkStatement { sql: string; params: SqlParams }

/**
 * The merchant `merchant` of belt `belt` against its peers over `window`. The scope's merchant
 * rows are not applied to the peers (a merchant's scope holds only itself; peers are the point),
 * its belt and region rows are: the caller has already been refused a merchant outside them.
 */
export function benchmarkStatement(merchant: string, belt: string, window: { from: string; to: string }, scope: Scope, minPeers: number): BenchmarkStatement {
  const peerScope: Scope = { rows: { belt: scope.rows.belt, region: scope.rows.region }, merchantNames: true, minCohort: 0 };
  const params: SqlParams = { merchant, min_peers: minPeers };
  const selects: Record<string, string> = {};
  const long: string[] = [];
  for (const fact of BENCHMARK_FACTS) {
    const ids = BENCHMARK_MEASURES[fact];
    // The hidden counts of rows lacking what a measure needs (masked buyers, unknown refunds …): they say why it is null.
    const unknown = (id: string) => UNKNOWN_FOR[id]?.id;
    const hidden = [...new Set(ids.map(unknown).filter((x): x is string => !!x))];
    const { parts } = splitParts([...ids, ...hidden], { belt: [belt] }, peerScope);
    const part = parts.find((p) => p.fact === fact && !p.inner && !p.cohort)!;
    const measures: Measure[] = [...ids, ...hidden].map((id) => MEASURE_BY_ID.get(id)!);
    selects[fact] = factSelect({ fact, measures, by: ['merchant'], grain: null, window, filters: part.filters, prefix: `b${CTE[fact]}_` }, params).sql;
    for (const id of ids) {
      const u = unknown(id);
      long.push(`SELECT ${q('merchant')} AS merchant, ${literal(id)} AS measure, ${q(id)} AS v, ${u ? q(u) : 'NULL'} AS unknown FROM ${CTE[fact]}`);
    }
  }
  const measures = `(VALUES ${BENCHMARK_IDS.map((id, i) => `(${literal(id)}, ${i})`).join(', ')}) m(measure, ord)`;
  return { sql: fill(TEMPLATE, { orders: selects.orders, sessions: selects.live_sessions, long: long.join('\n  UNION ALL\n  '), measures }), params };
}
