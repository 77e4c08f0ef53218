import { DIMENSION_BY_ID } from '../catalog/dimensions.ts';
import { JOINS, SOURCES, type Source } from '../catalog/sources.ts';
import type { Dimension, DimensionBinding, FactId, Grain, JoinId, Measure } from '../catalog/types.ts';
import type { SqlParams } from '../db/database.ts';
import { isMonthAligned, type DateWindow, type Shift } from './window.ts';

/** One fact's grouped aggregate over one window: the building block of every metrics query. */
export interface FactSelectInput {
  fact: FactId;
  measures: Measure[];
  /** Non-time dimensions to group by (ids validated against the catalog). */
  by: string[];
  grain: Grain | null;
  window: DateWindow;
  /** Filters that apply to this fact; values are bound as `$f_<dim>_<i>` (dims are catalog ids). */
  filters: { dim: string; values: string[] }[];
  /** Parameter-name prefix for this window's dates. */
  prefix: string;
  /** Comparison windows move their time buckets forward by this much to meet the current ones. */
  shift?: Shift;
  /** Read raw facts only (tests compare rollup answers with raw ones). */
  rawOnly?: boolean;
}

export const q = (id: string) => `"${id}"`;

function canAnswer(src: Source, input: FactSelectInput, dims: Dimension[]): boolean {
  if (src.fact !== input.fact) return false;
  if (src.raw) return true;
  if (input.rawOnly) return false;
  const cols = src.cols!;
  const lineLevel = dims.some((d) => d.lineLevel);
  for (const d of dims) {
    const col = d.facts[input.fact]?.rollupCol;
    if (!col || !cols.has(col)) return false;
  }
  for (const m of input.measures) {
    if (!m.rollup || !m.rollup.needs.every((c) => cols.has(c))) return false;
    if (m.parentLevel && lineLevel) return false;
  }
  if (src.time.unit === 'month') {
    if (!isMonthAligned(input.window)) return false;
    if (input.grain === 'day' || input.grain === 'week') return false;
  }
  return true;
}

export function chooseSource(input: FactSelectInput): Source {
  const dims = [...input.by, ...input.filters.map((f) => f.dim)].map((id) => DIMENSION_BY_ID.get(id)!);
  return SOURCES.find((s) => canAnswer(s, input, dims))!;
}

function dimSql(b: DimensionBinding, src: Source): { sql: string; joins: JoinId[] } {
  if (src.raw) return { sql: b.raw, joins: b.joins ?? [] };
  // Rollups store the key itself; only attributes looked up from it need their join.
  return b.rollupSql ? { sql: b.rollupSql, joins: b.joins ?? [] } : { sql: `f.${b.rollupCol}`, joins: [] };
}

/** Returns the SELECT and the source it reads; the caller binds `${prefix}from`/`to`/`shift`. */
export function factSelect(input: FactSelectInput, params: SqlParams): { sql: string; source: Source } {
  const src = chooseSource(input);
  const p = input.prefix;
  const joins = new Set<JoinId>();
  const select: string[] = [];
  const where: string[] = [];

  const localDate = src.time.unit === 'instant' ? `f.${src.time.col}::DATE` : `f.${src.time.col}`;
  if (input.grain) {
    let d = localDate;
    if (input.shift) {
      const [fn, n] = 'months' in input.shift ? ['to_months', input.shift.months] : ['to_days', input.shift.days];
      d = `(${localDate} + ${fn}(CAST($${p}shift AS INTEGER)))`;
      params[`${p}shift`] = n;
    }
    select.push(`CAST(date_trunc('${input.grain}', ${d}) AS DATE) AS ${q(input.grain)}`);
  }
  for (const id of input.by) {
    const { sql, joins: j } = dimSql(DIMENSION_BY_ID.get(id)!.facts[input.fact]!, src);
    j.forEach((x) => joins.add(x));
    select.push(`${sql} AS ${q(id)}`);
  }
  for (const m of input.measures) {
    select.push(`(${src.raw ? m.raw : m.rollup!.sql})::DOUBLE AS ${q(m.id)}`);
  }

  params[`${p}from`] = input.window.from;
  params[`${p}to`] = input.window.to;
  if (src.time.unit === 'instant') {
    // Local midnight to local midnight: the session TimeZone is Asia/Shanghai.
    where.push(`f.${src.time.col} >= CAST($${p}from AS DATE)::TIMESTAMPTZ`,
      `f.${src.time.col} < (CAST($${p}to AS DATE) + 1)::TIMESTAMPTZ`);
  } else {
    where.push(`f.${src.time.col} BETWEEN CAST($${p}from AS DATE) AND CAST($${p}to AS DATE)`);
  }
  for (const f of input.filters) {
    const { sql, joins: j } = dimSql(DIMENSION_BY_ID.get(f.dim)!.facts[input.fact]!, src);
    j.forEach((x) => joins.add(x));
    // Bound only where used: DuckDB rejects a parameter the statement does not reference.
    const names = f.values.map((v, i) => { const n = `f_${f.dim}_${i}`; params[n] = v; return n; });
    where.push(names.length ? `${sql} IN (${names.map((n) => `$${n}`).join(', ')})` : 'false');
  }

  const grouped = input.grain || input.by.length;
  const joinSql = (['session', 'belt', 'merchant'] as JoinId[]).filter((j) => joins.has(j)).map((j) => JOINS[j]).join('\n  ');
  const sql = `SELECT ${select.join(', ')}\n  FROM ${src.table} f${joinSql ? `\n  ${joinSql}` : ''}\n  WHERE ${where.join('\n    AND ')}${grouped ? '\n  GROUP BY ALL' : ''}`;
  return { sql, source: src };
}
