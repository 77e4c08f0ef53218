import type { DuckDBConnection } from '@duckdb/node-api';
import { sql } from '../../catalog/dialect.ts';
import { FACT_BY_ID, type Fact } from '../../catalog/facts.ts';
import { DERIVED_TABLES, ROLLUP_BUILD_ORDER } from '../../catalog/sources.ts';
import type { FactId } from '../../catalog/types.ts';
import { appendBuyerKeys, appendedOf, comment, dropRollupInputs, inputSql, rollupSelect } from './build.ts';
import { all, BUYER, DAY, DEPENDENCIES, finerOf, FULL_MIN_ROWS, FULL_SHARE, hasBuyers, INPUTS, lit, RESORT_SHARE, ROLLUP_FACTS, SLICE, wordsOf } from './declarations.ts';
import type { Tracking } from './tracking.ts';

/** The incremental refresh: the rollup rows of the touched periods and slices, aggregated again. */

export interface FactPlan {
  fact: Fact;
  /** The input rows of the touched slices (enriched when the fact has an input relation). */
  input: string;
  /** The period the input covers whole: `month` when a month rollup reads raw rows. */
  unit: 'day' | 'month';
  /** Scope tables by name: `day`, `month` (periods × slices) and `day_buyers` (× buyers, with keys). */
  scopes: Map<string, string>;
  /** Constant bounds of the scopes (first and last day, slice values), so a DELETE skips row groups outside them. */
  bounds: { lo: string; hi: string; slices: Record<string, string[]> };
}

/**
 * Replace the rollup rows of the touched periods and slices. Returns the rows aggregated again
 * per fact, or why a full rebuild is better.
 */
export async function refreshTouched(con: DuckDBConnection, t: Tracking): Promise<Record<string, number> | string> {
  const temps: string[] = [];
  const temp = async (name: string, body: string) => {
    await con.run(`CREATE OR REPLACE TEMP TABLE ${name} AS ${body}`);
    temps.push(name);
    return name;
  };
  try {
    // What the changed rows reach through dependencies, looked up after the change.
    const deps = new Set((await all(con, 'SELECT DISTINCT dep FROM touched_keys')).map((x) => String(x.dep)));
    for (const d of DEPENDENCIES) {
      if (!deps.has(d.id)) continue;
      const f = FACT_BY_ID.get(d.fact)!;
      const cols = [...new Set([f.time, ...SLICE, ...(hasBuyers(f) ? [BUYER.raw] : []), ...d.on, ...f.grain])];
      const keys = `(SELECT DISTINCT k1, k2 FROM touched_keys WHERE dep = ${lit(d.id)})`;
      const reached = await temp(`inc_dep_${d.id}`, `SELECT ${cols.map((c) => `x.${c}`).join(', ')} FROM ${f.table} x
        SEMI JOIN ${keys} k ON x.${d.on[0]} = k.k1 AND x.${d.on[1]} = k.k2`);
      await con.run(`INSERT INTO touched_days SELECT DISTINCT ${lit(f.id)}, ${sql.localDate(`x.${f.time}`)}, ${SLICE.map((c) => `x.${c}`).join(', ')},
          ${hasBuyers(f) ? `x.${BUYER.raw}` : 'NULL'} FROM ${reached} x`);
      if (d.id === 'parent') {
        // The first line of each touched parent order, from all its lines as they are now.
        await con.run(`DELETE FROM split_orders s USING ${keys} k WHERE s.platform_id = k.k1 AND s.parent_order_id = k.k2`);
        await con.run(`INSERT INTO split_orders SELECT platform_id, parent_order_id, min(order_id) FROM ${reached} GROUP BY ALL HAVING count(*) > 1`);
      }
    }

    const plans = new Map<FactId, FactPlan>();
    const rows: Record<string, number> = {};
    const facts = new Set((await all(con, 'SELECT DISTINCT fact FROM touched_days')).map((x) => String(x.fact)));
    for (const f of ROLLUP_FACTS) {
      if (!facts.has(f.id)) continue;
      const scopes = new Map<string, string>();
      const slice = SLICE.join(', ');
      scopes.set('day', await temp(`inc_day_${f.id}`, `SELECT DISTINCT day, ${slice} FROM touched_days WHERE fact = ${lit(f.id)}`));
      scopes.set('month', await temp(`inc_month_${f.id}`, `SELECT DISTINCT ${sql.bucket('month', 'day')} AS month, ${slice} FROM touched_days WHERE fact = ${lit(f.id)}`));
      let keys = 'buyer_keys';
      if (hasBuyers(f)) {
        // Touched buyers: the keys they have, and keys above the largest for those without one.
        keys = await temp(`inc_keys_${f.id}`, `SELECT platform_id, buyer_id, buyer_key FROM buyer_keys LIMIT 0`);
        const buyers = `(SELECT DISTINCT platform_id, ${BUYER.raw} AS buyer_id FROM touched_days WHERE fact = ${lit(f.id)} AND ${BUYER.raw} IS NOT NULL)`;
        const [{ n: nb }] = await all(con, `SELECT count(*)::INTEGER AS n FROM ${buyers}`);
        if (Number(nb)) {
          await con.run(`INSERT INTO ${keys} SELECT k.* FROM buyer_keys k SEMI JOIN ${buyers} b ON b.platform_id = k.platform_id AND b.buyer_id = k.buyer_id`);
          await appendBuyerKeys(con, `SELECT b.platform_id, b.buyer_id FROM ${buyers} b ANTI JOIN ${keys} k ON k.platform_id = b.platform_id AND k.buyer_id = b.buyer_id`, keys);
          if (t.removed.size) {
            // A removed dataset's buyers whom no line names any more leave buyer_keys.
            await con.run(`DELETE FROM buyer_keys k USING ${buyers} b WHERE k.platform_id = b.platform_id AND k.buyer_id = b.buyer_id
              AND NOT EXISTS (SELECT 1 FROM orders o WHERE o.platform_id = b.platform_id AND o.${BUYER.raw} = b.buyer_id)`);
          }
        }
        // Buyer days with their keys.
        scopes.set('day_buyers', await temp(`inc_day_buyers_${f.id}`, `SELECT DISTINCT g.day, ${SLICE.map((c) => `g.${c}`).join(', ')}, g.${BUYER.raw}, k.buyer_key
          FROM touched_days g LEFT JOIN ${keys} k ON k.platform_id = g.platform_id AND k.buyer_id = g.${BUYER.raw}
          WHERE g.fact = ${lit(f.id)}`));
      }

      // The rows to aggregate again (whole months when a month rollup reads raw rows), then
      // through the fact's input relation, each time with only the columns read next.
      const unit: 'day' | 'month' = f.rollups.some((r) => r.unit === 'month' && r.from === 'raw') ? 'month' : 'day';
      let relation = await temp(`inc_rows_${f.id}`, await scopedRowsSql(con, f, scopes.get(unit)!, unit));
      if (INPUTS.has(f.id)) {
        await con.run(inputSql(f.id, relation, keys, true));
        relation = INPUTS.get(f.id)!.relation;
      }
      const words = new Set([f.time, ...SLICE, ...(hasBuyers(f) ? [BUYER.raw] : []), ...wordsOf(f.rollups.flatMap((r) => [...r.keys, ...r.partials.map((x) => x.sql)]))]);
      const cols = (await all(con, `DESCRIBE SELECT * FROM ${relation}`)).map((x) => String(x.column_name)).filter((c) => words.has(c));
      // The local day computed once here, not in every rollup's statement.
      const input = await temp(`inc_input_${f.id}`, `SELECT ${cols.join(', ')}, ${sql.localDate(f.time)} AS ${DAY} FROM ${relation}`);
      if (INPUTS.has(f.id)) await dropRollupInputs(con);
      const [{ n: inScope }] = await all(con, `SELECT count(*)::BIGINT AS n FROM ${input}`);
      const [{ n: total }] = await all(con, `SELECT count(*)::BIGINT AS n FROM ${f.table}`);
      if (Number(total) >= FULL_MIN_ROWS && Number(inScope) > FULL_SHARE * Number(total)) {
        return `${f.id}: ${inScope} of ${total} rows touched`;
      }
      rows[f.id] = Number(inScope);
      const [b] = await all(con, `SELECT min(day)::VARCHAR AS lo, max(day)::VARCHAR AS hi, ${SLICE.map((c) => `list(DISTINCT ${c}) AS ${c}`).join(', ')} FROM ${scopes.get('day')}`);
      const bounds = { lo: String(b.lo), hi: String(b.hi), slices: Object.fromEntries(SLICE.map((c) => [c, b[c] as string[]])) };
      plans.set(f.id, { fact: f, input, unit, scopes, bounds });
    }

    const tables = new Map((await all(con, `SELECT table_name AS t, comment AS c, estimated_size::BIGINT AS n FROM duckdb_tables()
      WHERE schema_name = 'main' AND table_name IN (${DERIVED_TABLES.map(lit).join(', ')})`)).map((x) => [String(x.t), { comment: x.c as string | null, rows: Number(x.n) }]));
    for (const r of ROLLUP_BUILD_ORDER) {
      const plan = plans.get(r.fact);
      if (!plan) continue;
      const finer = finerOf(r);
      const unit = r.time.unit;
      const byBuyer = !finer && unit === 'day' && r.build!.keys.includes(BUYER.key);
      const scope = plan.scopes.get(byBuyer ? 'day_buyers' : unit)!;
      const { lo, hi, slices } = plan.bounds;
      const period = (d: string) => (unit === 'day' ? d : `${d.slice(0, 7)}-01`);
      const bounds = [`r.${unit} BETWEEN DATE '${period(lo)}' AND DATE '${period(hi)}'`, ...SLICE.map((c) => `r.${c} IN (${slices[c].map(lit).join(', ')})`)];
      const match = [`r.${unit} = t.${unit}`, ...SLICE.map((c) => `r.${c} = t.${c}`), ...(byBuyer ? [`r.${BUYER.key} IS NOT DISTINCT FROM t.${BUYER.key}`] : [])];
      await con.run(`DELETE FROM ${r.table} r USING ${scope} t WHERE ${[...match, ...bounds].join(' AND ')}`);
      // A raw rollup of the input's own period reads all of it; others only their scope's rows.
      const whole = !finer && !byBuyer && unit === plan.unit;
      // A finer rollup is read within the same constant bounds, so its zone maps skip the rest.
      const on = byBuyer ? [`t.${BUYER.raw} IS NOT DISTINCT FROM f.${BUYER.raw}`]
        : finer ? [`f.${finer.time.col} >= DATE '${period(lo)}' AND f.${finer.time.col} < DATE '${nextPeriod(period(hi), unit as 'day' | 'month')}'`,
          ...SLICE.map((c) => `f.${c} IN (${slices[c].map(lit).join(', ')})`)] : [];
      const inserted = (await con.run(`INSERT INTO ${r.table} ${rollupSelect(r, finer ? finer.table : plan.input,
        { day: DAY, scope: whole ? undefined : { table: scope, on } })}`)).rowsChanged;
      const before = tables.get(r.table)!;
      let appended = appendedOf(before.comment) + inserted;
      if (appended > RESORT_SHARE * before.rows) {
        await con.run(`CREATE OR REPLACE TABLE ${r.table} AS SELECT * FROM ${r.table} ORDER BY ${r.build!.orderBy.join(', ')}`);
        appended = 0;
      }
      await con.run(`COMMENT ON TABLE ${r.table} IS ${lit(comment(r, appended))}`);
    }
    return rows;
  } finally {
    for (const name of temps) await con.run(`DROP TABLE IF EXISTS temp.main.${name}`).catch(() => {});
  }
}

/**
 * The raw rows of a fact in the periods and slices of `scope`: only the columns its rollups
 * and input relation name, read range by range of whole periods (so zone maps on the time
 * column skip the rest), then matched to the scope's slices.
 */
export async function scopedRowsSql(con: DuckDBConnection, f: Fact, scope: string, unit: 'day' | 'month'): Promise<string> {
  const periods = (await all(con, `SELECT DISTINCT ${unit}::VARCHAR AS p FROM ${scope} ORDER BY p`)).map((x) => String(x.p));
  const ranges: [string, string][] = [];
  for (const p of periods) {
    const last = ranges.at(-1);
    if (last && last[1] === p) last[1] = nextPeriod(p, unit);
    else ranges.push([p, nextPeriod(p, unit)]);
  }
  const tableCols = (await all(con, `SELECT column_name AS c FROM duckdb_columns() WHERE schema_name = 'main' AND table_name = ${lit(f.table)} ORDER BY column_index`))
    .map((x) => String(x.c));
  const named = new Set([f.time, ...SLICE, ...f.grain, ...(hasBuyers(f) ? [BUYER.raw] : []),
    ...wordsOf([INPUTS.get(f.id)?.text ?? '', ...f.rollups.flatMap((r) => [...r.keys, ...r.partials.map((x) => x.sql)])])]);
  const cols = tableCols.filter((c) => named.has(c));
  const at = (d: string) => `CAST(DATE '${d}' AS TIMESTAMP WITH TIME ZONE)`;
  const scans = ranges.map(([lo, hi]) => `SELECT ${cols.join(', ')} FROM ${f.table} WHERE ${f.time} >= ${at(lo)} AND ${f.time} < ${at(hi)}`);
  const next = unit === 'day' ? 't.day + 1' : sql.shiftDate('t.month', 'months', '1');
  return `SELECT x.* FROM (${scans.join('\nUNION ALL ')}) x
    SEMI JOIN (SELECT *, CAST(t.${unit} AS TIMESTAMP WITH TIME ZONE) AS lo, CAST(${next} AS TIMESTAMP WITH TIME ZONE) AS hi FROM ${scope} t) s
      ON ${SLICE.map((c) => `s.${c} = x.${c}`).join(' AND ')} AND x.${f.time} >= s.lo AND x.${f.time} < s.hi`;
}

export function nextPeriod(d: string, unit: 'day' | 'month'): string {
  const [y, m, dd] = d.split('-').map(Number);
  return (unit === 'day' ? new Date(Date.UTC(y, m - 1, dd + 1)) : new Date(Date.UTC(y, m, 1))).toISOString().slice(0, 10);
}
