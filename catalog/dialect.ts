import type { Grain } from './types.ts';

/**
 * The SQL that is one engine's own, in one place. Measures, the planner and the rollup builder
 * write engine-specific constructs only through these functions, so answering from another
 * engine (a distributed one for province-scale data) means one more object of this shape and
 * its tests, not a rewrite. Every argument is a catalog-built SQL fragment or a parameter
 * name; none is user input.
 */
export interface Dialect {
  /** Quote a generated identifier (some measure ids are keywords to a parser: `views`). */
  id(name: string): string;
  /** A bound parameter by name. */
  param(name: string): string;
  /** The local (Asia/Shanghai) calendar day of an instant. */
  localDate(instant: string): string;
  /** The first local day of the grain's bucket holding a DATE expression. */
  bucket(grain: Grain, date: string): string;
  /** A DATE moved by a whole number of days or months given as a SQL integer expression. */
  shiftDate(date: string, unit: 'days' | 'months', n: string): string;
  /** Local midnight starting a DATE parameter, and the one after it: `[start, end)` bounds instants. */
  dayStart(dateParam: string): string;
  dayAfter(dateParam: string): string;
  /** A DATE given as a parameter. */
  dateParam(name: string): string;
  /** An aggregate restricted to rows matching a condition. */
  filtered(aggregate: string, condition: string): string;
  /** Distinct count of a pair of columns (ids that are only unique per platform). */
  countDistinctPair(a: string, b: string): string;
  /** Seconds since the epoch of an instant, as a number. */
  epoch(instant: string): string;
  /** Continuous (interpolated) quantile of an expression, `p` in [0, 1]. */
  quantile(expr: string, p: number): string;
  /**
   * The k-th (0-based) of several continuous quantiles of one expression, `ps` all of them: a
   * statement that asks for each this way sorts the values once (DuckDB computes an aggregate
   * written twice once), where a quantile each sorts them once each.
   */
  quantileOf(expr: string, ps: number[], k: number): string;
  /** GROUP BY every non-aggregate column of the SELECT, whose key expressions are given. */
  groupBy(keys: string[]): string;
}

export const duckdb: Dialect = {
  id: (name) => `"${name.replace(/"/g, '""')}"`,
  param: (name) => `$${name}`,
  // The session TimeZone is Asia/Shanghai (set when the database opens), so ::DATE is the local day.
  localDate: (instant) => `${instant}::DATE`,
  // date_trunc of a DATE is a TIMESTAMP at midnight; cast back so a bucket leaves SQL as a day.
  bucket: (grain, date) => `CAST(date_trunc('${grain}', ${date}) AS DATE)`,
  shiftDate: (date, unit, n) => `(${date} + to_${unit}(CAST(${n} AS INTEGER)))`,
  dayStart: (p) => `CAST($${p} AS DATE)::TIMESTAMPTZ`,
  dayAfter: (p) => `(CAST($${p} AS DATE) + 1)::TIMESTAMPTZ`,
  dateParam: (p) => `CAST($${p} AS DATE)`,
  filtered: (aggregate, condition) => `${aggregate} FILTER (WHERE ${condition})`,
  countDistinctPair: (a, b) => `count(DISTINCT (${a}, ${b}))`,
  epoch: (instant) => `epoch(${instant})`,
  quantile: (expr, p) => `quantile_cont(${expr}, ${p})`,
  quantileOf: (expr, ps, k) => `quantile_cont(${expr}, [${ps.join(', ')}])[${k + 1}]`,
  groupBy: (keys) => (keys.length ? 'GROUP BY ALL' : ''),
};

/** The dialect Beltscope answers with. */
export const sql: Dialect = duckdb;
