import { readFileSync } from 'node:fs';

/**
 * The statements of the live-base assessment: prelude.sql (bases, sessions and returns in
 * scope, and each base's open days with their rooms) followed by one of figures.sql (a row per
 * base for the window), weekly.sql or monthly.sql. The placeholders are filled only with the
 * fragments given here — conditions built from allow-lists whose values are bound parameters.
 */

const read = (f: string) => readFileSync(new URL(`./${f}`, import.meta.url), 'utf8');
const PRELUDE = read('prelude.sql');
const BODIES = { figures: read('figures.sql'), weekly: read('weekly.sql'), monthly: read('monthly.sql') } as const;
export type BaseQuery = keyof typeof BODIES;

/** base_returns' columns, for the empty relation that stands in when the table is absent. */
const EMPTY_RETURNS = `(SELECT NULL::VARCHAR AS base_id, NULL::DATE AS month, NULL::INTEGER AS rooms, NULL::INTEGER AS sessions,
  NULL::INTEGER AS merchants_served, NULL::DECIMAL(18,2) AS gmv_cny, NULL::INTEGER AS training_events,
  NULL::INTEGER AS jobs_created WHERE false)`;

/** Whether the database has the base_returns fact (migration 005); asked once per data version by the caller. */
export const HAS_RETURNS_SQL = `SELECT count(*) > 0 AS has FROM duckdb_tables() WHERE schema_name = 'main' AND table_name = 'base_returns'`;

export interface BaseQueryInput {
  /** Conditions on live_bases (alias b), ANDed; values already bound in `params`. */
  baseWhere: string[];
  /** Conditions on live_sessions (alias s), ANDed: the caller's scope. */
  sessionWhere: string[];
  hasReturns: boolean;
  /** Bound values of the conditions, and of the statement's own parameters. */
  params: Record<string, string | number | boolean | null>;
}

/** Remove `-- …` comments, so no placeholder or parameter inside a comment counts. */
const stripComments = (s: string) => s.replace(/--[^\n]*/g, '');

/** One statement, with exactly the parameters it names (DuckDB refuses unknown ones). */
export function baseQuery(which: BaseQuery, input: BaseQueryInput): { sql: string; params: Record<string, string | number | boolean | null> } {
  const text = stripComments(PRELUDE + BODIES[which])
    .replaceAll('{{base_where}}', input.baseWhere.length ? input.baseWhere.join(' AND ') : 'true')
    .replaceAll('{{session_where}}', input.sessionWhere.length ? input.sessionWhere.join(' AND ') : 'true')
    .replaceAll('{{returns}}', input.hasReturns ? 'base_returns' : EMPTY_RETURNS);
  const named = new Set([...text.matchAll(/\$([a-z_][a-z0-9_]*)/g)].map((m) => m[1]));
  const params: Record<string, string | number | boolean | null> = {};
  for (const n of named) {
    if (!(n in input.params)) throw new Error(`base query ${which}: no value for $${n}`);
    params[n] = input.params[n];
  }
  return { sql: text, params };
}
