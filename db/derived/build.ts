import type { DuckDBConnection } from '@duckdb/node-api';
import { createHash } from 'node:crypto';
import { sql } from '../../catalog/dialect.ts';
import { FACT_BY_ID } from '../../catalog/facts.ts';
import { DERIVED_TABLES, ROLLUP_BUILD_ORDER, type Source } from '../../catalog/sources.ts';
import type { FactId } from '../../catalog/types.ts';
import { all, finerOf, INPUTS, lit, SLICE, STATE_VERSION, uncommented } from './declarations.ts';

/**
 * The SQL of the rollups from their declarations (one SELECT for the full build and for a
 * refresh of some slices), their fingerprints, and the full rebuild.
 */

/**
 * The period a rollup row belongs to, from its source row `f`: the local day of the fact's time
 * (or `day`, a column of the source holding it already), or the finer rollup's period.
 */
export function periodOf(r: Source, day?: string): string {
  const finer = finerOf(r);
  const src = finer ? `f.${finer.time.col}` : day ? `f.${day}` : sql.localDate(`f.${FACT_BY_ID.get(r.fact)!.time}`);
  return r.time.unit === 'day' ? src : sql.bucket('month', src);
}

/**
 * The SELECT of a rollup over `from` (its input relation, or the finer rollup it re-aggregates),
 * reading only the rows of the periods and slices in `scope` when given: the full build and a
 * refresh run the same aggregation. `day` names a column of `from` holding the local day.
 */
export function rollupSelect(r: Source, from: string, o: { scope?: { table: string; on?: string[] }; day?: string } = {}): string {
  const b = r.build!;
  const finer = finerOf(r);
  const unit = r.time.unit;
  const scope = o.scope;
  // A rollup of a rollup re-aggregates the stored partials; one of raw rows computes them.
  const partials = b.partials.map((x) => `(${finer ? `${x.reagg}(${x.col})` : x.sql})::${x.type} AS ${x.col}`);
  const on = scope && [`t.${unit} = ${periodOf(r, o.day)}`, ...SLICE.map((c) => `t.${c} = f.${c}`), ...(scope.on ?? [])];
  return `SELECT ${[`${periodOf(r, o.day)} AS ${unit}`, ...b.keys, ...partials].join(',\n  ')}
FROM ${from} f${scope ? `\nSEMI JOIN ${scope.table} t ON ${on!.join(' AND ')}` : ''}
${sql.groupBy(['time', ...b.keys])}
ORDER BY ${b.orderBy.join(', ')}`;
}

/**
 * The CREATE statement of a rollup, from its declaration in the facts registry. `table` names
 * the tables written and read (tests build rollups into scratch tables with it).
 */
export function rollupSql(r: Source, table: (id: string) => string = (id) => id): string {
  const finer = finerOf(r);
  return `CREATE OR REPLACE TABLE ${table(r.table)} AS\n${rollupSelect(r, finer ? table(finer.table) : r.build!.from)}`;
}

/**
 * Tables an input relation joins to its rows, and on which columns (theirs = the rows'): a
 * refresh gives it only their rows that the rows in scope name, so each join hashes a few
 * thousand rows instead of a whole table.
 */
export const JOINED: Record<string, string[]> = { split_orders: ['platform_id', 'parent_order_id'], live_sessions: ['platform_id', 'session_id'] };

/**
 * The setup SQL of a fact's input relation over the given rows and buyer keys: in the `.sql`
 * file, `{{<fact table>}}` stands for the rows, `{{buyer_keys}}` for the keys, and
 * `{{<table>}}` for each JOINED table (narrowed to what the rows name when `narrow`).
 */
export function inputSql(fact: FactId, rows: string, buyerKeys: string, narrow = false): string {
  const i = INPUTS.get(fact)!;
  const values: Record<string, string> = { [FACT_BY_ID.get(fact)!.table]: rows, buyer_keys: buyerKeys };
  for (const [table, on] of Object.entries(JOINED)) {
    values[table] = narrow ? `(SELECT j.* FROM ${table} j SEMI JOIN ${rows} r ON ${on.map((c) => `r.${c} = j.${c}`).join(' AND ')})` : table;
  }
  // Comments go first: they name the placeholders, and a relation put in may span lines.
  return uncommented(i.text).replace(/\{\{(\w+)\}\}/g, (_, k: string) => {
    if (!(k in values)) throw new Error(`${i.relation}.sql: unknown placeholder {{${k}}}`);
    return values[k];
  });
}

/** Create the input relations (`orders_enriched`) over all rows, e.g. to build rollups into scratch tables. */
export async function createRollupInputs(con: DuckDBConnection): Promise<void> {
  for (const fact of INPUTS.keys()) await con.run(inputSql(fact, FACT_BY_ID.get(fact)!.table, 'buyer_keys'));
}

export async function dropRollupInputs(con: DuckDBConnection): Promise<void> {
  for (const i of INPUTS.values()) {
    for (const name of i.drop) await con.run(`DROP ${name.startsWith('view:') ? 'VIEW' : 'TABLE'} IF EXISTS ${name.replace(/^\w+:/, '')}`);
  }
}

/**
 * Each rollup table carries, as its table comment, a fingerprint of the SQL that built it (with
 * its input's) and the rows a refresh has appended out of order since: `beltscope rollup <hash>
 * +<rows>`. A database built under other declarations gets its rollups rebuilt on open.
 */
export const fingerprint = (r: Source) => `beltscope rollup ${createHash('sha256')
  .update([...INPUTS.values()].map((i) => uncommented(i.text)).join('\n')).update(STATE_VERSION).update(rollupSql(r)).digest('hex').slice(0, 16)}`;
export const comment = (r: Source, appended: number) => `${fingerprint(r)} +${appended}`;
export const appendedOf = (c: string | null) => Number(c?.match(/ \+(\d+)$/)?.[1] ?? 0);

/** Whether every rollup table exists, built from its current declaration. */
export async function hasDerivedTables(con: DuckDBConnection): Promise<boolean> {
  const built = await rollupComments(con);
  return ROLLUP_BUILD_ORDER.every((s) => {
    const c = built.get(s.table);
    return c === fingerprint(s) || !!c?.startsWith(`${fingerprint(s)} +`);
  });
}

export async function rollupComments(con: DuckDBConnection): Promise<Map<string, string | null>> {
  const r = await all(con, `SELECT table_name AS t, comment AS c FROM duckdb_tables()
    WHERE schema_name = 'main' AND table_name IN (${DERIVED_TABLES.map(lit).join(', ')})`);
  return new Map(r.map((x) => [x.t as string, x.c as string | null]));
}

/** Every rollup from all rows, and the state the orders input reads. */
export async function rebuildAll(con: DuckDBConnection): Promise<void> {
  if (INPUTS.has('orders')) await rebuildOrderState(con);
  await createRollupInputs(con);
  for (const r of ROLLUP_BUILD_ORDER) {
    await con.run(rollupSql(r));
    await con.run(`COMMENT ON TABLE ${r.table} IS ${lit(comment(r, 0))}`);
  }
  // Rollups no longer declared (renamed or removed) go: every derived table is named ro_*.
  const stale = await all(con, `SELECT table_name AS t FROM duckdb_tables() WHERE schema_name = 'main' AND table_name LIKE 'ro\\_%' ESCAPE '\\'`);
  for (const { t } of stale) if (!DERIVED_TABLES.includes(t as string)) await con.run(`DROP TABLE ${t}`);
  await dropRollupInputs(con);
}

/**
 * split_orders and buyer_keys from all order lines. Keys are never renumbered: pairs no line
 * has any more are dropped, new pairs numbered above the largest key.
 */
export async function rebuildOrderState(con: DuckDBConnection): Promise<void> {
  await con.run('DELETE FROM split_orders');
  await con.run(`INSERT INTO split_orders
    SELECT o.platform_id, o.parent_order_id, min(o.order_id)
    FROM orders o SEMI JOIN (SELECT DISTINCT platform_id, parent_order_id FROM orders WHERE order_id <> parent_order_id) p
      ON p.platform_id = o.platform_id AND p.parent_order_id = o.parent_order_id
    GROUP BY ALL HAVING count(*) > 1`);
  await con.run(`CREATE OR REPLACE TEMP TABLE full_buyers AS SELECT DISTINCT platform_id, buyer_id FROM orders WHERE buyer_id IS NOT NULL`);
  try {
    await appendBuyerKeys(con, `SELECT b.platform_id, b.buyer_id FROM full_buyers b
      ANTI JOIN buyer_keys k ON k.platform_id = b.platform_id AND k.buyer_id = b.buyer_id`, 'buyer_keys');
    const [n] = await all(con, `SELECT (SELECT count(*) FROM buyer_keys) - (SELECT count(*) FROM full_buyers) AS extra`);
    if (Number(n.extra) > 0) {
      await con.run(`DELETE FROM buyer_keys k WHERE NOT EXISTS
        (SELECT 1 FROM full_buyers b WHERE b.platform_id = k.platform_id AND b.buyer_id = k.buyer_id)`);
    }
  } finally {
    await con.run('DROP TABLE IF EXISTS temp.main.full_buyers');
  }
}

/** Number the (platform_id, buyer_id) pairs of `pairs` above the largest key, into buyer_keys and `also`. */
export async function appendBuyerKeys(con: DuckDBConnection, pairs: string, also: string): Promise<void> {
  const [{ top }] = await all(con, 'SELECT coalesce(max(buyer_key), 0)::BIGINT AS top FROM buyer_keys');
  const numbered = `SELECT platform_id, buyer_id, (${Number(top)} + row_number() OVER (ORDER BY platform_id, buyer_id))::INTEGER AS buyer_key FROM (${pairs})`;
  if (also === 'buyer_keys') {
    await con.run(`INSERT INTO buyer_keys ${numbered}`);
    return;
  }
  await con.run(`INSERT INTO ${also} ${numbered}`);
  await con.run(`INSERT INTO buyer_keys SELECT platform_id, buyer_id, buyer_key FROM ${also} WHERE buyer_key > ${Number(top)}`);
}
