import { DIMENSION_BY_ID } from '../../catalog/dimensions.ts';
import { sql } from '../../catalog/dialect.ts';
import { binding, resolveJoins } from '../../catalog/facts.ts';
import { COMPOSED, SOURCES, type Source } from '../../catalog/sources.ts';
import type { DimensionBinding, FactId, Grain, Measure } from '../../catalog/types.ts';
import type { SqlParams } from '../../db/database.ts';
import { addDays, addMonths, isMonthAligned, monthEnd, monthStart, type DateWindow, type Shift } from './window.ts';

/** A filter on a dimension; values are bound as `$<param>_<i>` (dims are catalog ids). */
export interface Filter { dim: string; values: string[]; param: string }

/** One fact's grouped aggregate over one window: the building block of every metrics query. */
export interface FactSelectInput {
  fact: FactId;
  measures: Measure[];
  /** Non-time dimensions to group by (ids validated against the catalog). */
  by: string[];
  grain: Grain | null;
  window: DateWindow;
  /** Filters that apply to this fact: the request's and the scope's (all must hold). */
  filters: Filter[];
  /** Parameter-name prefix for this window's dates. */
  prefix: string;
  /** Comparison windows move their time buckets forward by this much to meet the current ones. */
  shift?: Shift;
  /** Read raw facts only (tests compare rollup answers with raw ones). */
  rawOnly?: boolean;
  /**
   * Also group by these fact columns (a two-level measure's inner keys, output as `k0`, `k1` …);
   * measures then keep their SQL type instead of DOUBLE, so inner sums stay exact decimals.
   */
  innerKeys?: string[];
  /** Dimensions a rollup must hold without grouping by them (e.g. merchant for a cohort count). */
  needs?: string[];
  /**
   * Raw rows only: fixed conditions on the row (catalog SQL, never request text) and the fact's
   * joins they read. With `rows`, no grouping at all: one output row per fact row, the measures
   * being row expressions (e.g. a single-line parent order's value is its line's amount).
   */
  rowFilter?: { where: string[]; joins: string[]; rows?: boolean };
}

export const q = sql.id;

/** The SQL of a measure on a source, and the rollup columns it reads. */
const measureSql = (m: Measure, src: Source) => (src.raw ? m.raw : m.rollup!.sql);

/** The whole months inside a window, or null when it holds none. */
export function wholeMonths(w: DateWindow): DateWindow | null {
  const from = w.from === monthStart(w.from) ? w.from : addMonths(monthStart(w.from), 1);
  const to = w.to === monthEnd(w.to) ? w.to : addDays(monthStart(w.to), -1);
  return from <= to ? { from, to } : null;
}

/** The number of whole months of a window of whole months (0 for none). */
const monthsIn = (w: DateWindow | null) => (w ? (Number(w.to.slice(0, 4)) - Number(w.from.slice(0, 4))) * 12 + Number(w.to.slice(5, 7)) - Number(w.from.slice(5, 7)) + 1 : 0);

let composeFrom: number | null = null;
/**
 * For tests and the bench: compose from this many whole months instead of each pair's declared
 * `minMonths` (null restores them). Composition is exact either way; this only moves the choice.
 */
export function setComposeFrom(months: number | null): void { composeFrom = months; }

/** Every dimension a query groups by, filters on, or needs. */
const dimsOf = (input: FactSelectInput) => [...new Set([...input.by, ...input.filters.map((f) => f.dim), ...(input.needs ?? [])])];

/** The rollup columns a query reads: keys of its dimensions and inner groupings, partials of its measures. */
function readCols(input: FactSelectInput, dims: string[]): Set<string> {
  const cols = new Set<string>();
  for (const d of dims) cols.add(binding(input.fact, d)!.rollupCol!);
  for (const k of input.innerKeys ?? []) cols.add(k);
  for (const m of input.measures) for (const c of m.rollup!.needs) cols.add(c);
  return cols;
}

/** Whether a source holds what the query reads, and every measure is exact on it. */
function holds(src: Source, input: FactSelectInput, dims: string[]): boolean {
  if (src.fact !== input.fact) return false;
  if (src.raw) return true;
  if (input.rawOnly || input.rowFilter) return false;
  const cols = src.cols!;
  const lineLevel = dims.some((d) => DIMENSION_BY_ID.get(d)!.lineLevel);
  for (const d of dims) {
    const col = binding(input.fact, d)?.rollupCol;
    if (!col || !cols.has(col)) return false;
  }
  if (input.innerKeys?.some((k) => !cols.has(k))) return false;
  for (const m of input.measures) {
    if (!m.rollup || !m.rollup.needs.every((c) => cols.has(c))) return false;
    if (m.parentLevel && lineLevel) return false;
  }
  return true;
}

/**
 * Whether rows stored by month can be put in the query's time buckets: not days or weeks, and
 * not moved by a number of days (a month's rows would then straddle two buckets).
 */
const monthRowsFit = (input: FactSelectInput) =>
  input.grain !== 'day' && input.grain !== 'week' && !(input.grain && input.shift && 'days' in input.shift);

function canAnswer(src: Source, input: FactSelectInput, dims: string[]): boolean {
  if (!holds(src, input, dims)) return false;
  if (src.time.unit === 'month') return isMonthAligned(input.window) && monthRowsFit(input);
  return true;
}

/**
 * The first source that answers exactly, smallest first. A month rollup that cannot answer a
 * window cutting a month still can with its day rollup (`edges`): the whole months from it, the
 * edge days from the day rollup, so an arbitrary window costs about what a whole-month one does.
 */
export function chooseSource(input: FactSelectInput): Source {
  const dims = dimsOf(input);
  for (const s of SOURCES) {
    if (canAnswer(s, input, dims)) return s;
    const c = COMPOSED.get(s.id);
    if (c && holds(c, input, dims) && monthRowsFit(input) && monthsIn(wholeMonths(input.window)) >= (composeFrom ?? c.edges!.minMonths)) return c;
  }
  throw new Error(`no source for ${input.fact}`);
}

function dimSql(b: DimensionBinding, src: Source): { sql: string; joins: string[] } {
  if (src.raw) return { sql: b.raw, joins: b.joins ?? [] };
  // Rollups store the key itself; only attributes looked up from it need their join.
  return b.rollupSql ? { sql: b.rollupSql, joins: b.joins ?? [] } : { sql: `f.${b.rollupCol}`, joins: [] };
}

/** Returns the SELECT and the source it reads; binds `${prefix}from`/`to`/`shift` and filter values. */
export function factSelect(input: FactSelectInput, params: SqlParams): { sql: string; source: Source } {
  const src = chooseSource(input);
  const dims = dimsOf(input);
  const p = input.prefix;
  const joins = new Set<string>();
  const select: string[] = [];
  const where: string[] = [];
  const dim = (id: string) => {
    const d = dimSql(binding(input.fact, id)!, src);
    d.joins.forEach((x) => joins.add(x));
    return d.sql;
  };

  const instant = src.time.unit === 'instant';
  const localDate = instant ? sql.localDate(`f.${src.time.col}`) : `f.${src.time.col}`;
  if (input.grain) {
    let d = localDate;
    if (input.shift) {
      const [unit, n] = 'months' in input.shift ? ['months', input.shift.months] as const : ['days', input.shift.days] as const;
      d = sql.shiftDate(localDate, unit, sql.param(`${p}shift`));
      params[`${p}shift`] = n;
    }
    select.push(`${sql.bucket(input.grain, d)} AS ${q(input.grain)}`);
  }
  for (const id of input.by) select.push(`${dim(id)} AS ${q(id)}`);
  (input.innerKeys ?? []).forEach((k, i) => select.push(`f.${k} AS ${q(`k${i}`)}`));
  for (const m of input.measures) {
    if (src.raw) m.joins?.forEach((x) => joins.add(x));
    const expr = measureSql(m, src);
    select.push(`${input.innerKeys || input.rowFilter?.rows ? expr : `(${expr})::DOUBLE`} AS ${q(m.id)}`);
  }

  params[`${p}from`] = input.window.from;
  params[`${p}to`] = input.window.to;
  let from = `${src.table} f`;
  if (src.compose) {
    // Whole months from the month rollup, the days before and after them from the day rollup;
    // each branch a plain range on its table's time column, so zone maps skip the rest.
    const months = wholeMonths(input.window)!;
    params[`${p}mfrom`] = months.from;
    params[`${p}mto`] = months.to;
    params[`${p}hto`] = addDays(months.from, -1);
    params[`${p}tfrom`] = addDays(months.to, 1);
    const cols = [...readCols(input, dims)].sort().map((c) => `f.${q(c)}`);
    const branch = (s: Source, lo: string, hi: string) => `SELECT ${[`f.${s.time.col} AS ${src.time.col}`, ...cols].join(', ')} FROM ${s.table} f
      WHERE f.${s.time.col} BETWEEN ${sql.dateParam(`${p}${lo}`)} AND ${sql.dateParam(`${p}${hi}`)}`;
    const { months: m, days: d } = src.compose;
    from = `(${branch(m, 'mfrom', 'mto')}\n    UNION ALL ${branch(d, 'from', 'hto')}\n    UNION ALL ${branch(d, 'tfrom', 'to')}) f`;
  } else if (instant) {
    // Local midnight to local midnight: the session TimeZone is Asia/Shanghai.
    where.push(`f.${src.time.col} >= ${sql.dayStart(`${p}from`)}`, `f.${src.time.col} < ${sql.dayAfter(`${p}to`)}`);
  } else {
    where.push(`f.${src.time.col} BETWEEN ${sql.dateParam(`${p}from`)} AND ${sql.dateParam(`${p}to`)}`);
  }
  for (const f of input.filters) {
    // Bound only where used: DuckDB rejects a parameter the statement does not reference.
    const names = f.values.map((v, i) => { const n = `${f.param}_${i}`; params[n] = v; return sql.param(n); });
    where.push(names.length ? `${dim(f.dim)} IN (${names.join(', ')})` : 'false');
  }

  if (input.rowFilter) {
    where.push(...input.rowFilter.where);
    input.rowFilter.joins.forEach((x) => joins.add(x));
  }

  const keys = input.rowFilter?.rows ? [] : [...(input.grain ? [input.grain] : []), ...input.by, ...(input.innerKeys ?? [])];
  const joinSql = resolveJoins(input.fact, joins).join('\n  ');
  const groupBy = sql.groupBy(keys);
  const stmt = `SELECT ${select.join(', ')}\n  FROM ${from}${joinSql ? `\n  ${joinSql}` : ''}${where.length ? `\n  WHERE ${where.join('\n    AND ')}` : ''}${groupBy ? `\n  ${groupBy}` : ''}`;
  return { sql: stmt, source: src };
}
