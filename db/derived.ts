import type { DuckDBConnection } from '@duckdb/node-api';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { sql } from '../catalog/dialect.ts';
import { FACT_BY_ID, FACTS, type Fact } from '../catalog/facts.ts';
import { DERIVED_TABLES, ROLLUP_BUILD_ORDER, SOURCES, type Source } from '../catalog/sources.ts';
import type { FactId } from '../catalog/types.ts';

/**
 * Rollups, built from their declarations in the facts registry, and kept equal to the raw rows
 * by every load, inside the load's transaction (`Database.write`), in one of two ways:
 *
 * - **Full**: every rollup rebuilt from all rows (seconds at 10M order lines).
 * - **Incremental**: a load records what it changed (`touchRows`, `touchDataset`: the rows it
 *   is about to delete or update, and the rows it wrote); only the rollup rows of the local days
 *   (months) and platform × belt slices those rows fall in are deleted and aggregated again from
 *   the raw rows of the same days and slices, with the same SELECT as the full build. What a row
 *   reaches beyond its own slice is declared below (`DEPENDENCIES`): the other lines of its
 *   parent order, the orders bought in a live session.
 *
 * A write that records nothing is refreshed in full, and so is one that removed a dataset it
 * did not record (the demo replaced by `--replace-demo`), one whose rollups are missing or built
 * under other declarations, and one that touched over a quarter of a large fact's rows (a load
 * says so before recording anything, `expectChanges`, so that nothing is recorded in vain).
 */

/* ── Declarations ──────────────────────────────────────────────────────────────────────────── */

/**
 * A fact whose rollups read a prepared relation (its `rollupInput`) has a `<relation>.sql` file
 * here that creates it from `{{<fact table>}}` (the rows to read) and `{{buyer_keys}}`, and says
 * which temporary objects to drop afterwards in a line comment `-- drop: <name> <name>`.
 */
const INPUTS: ReadonlyMap<FactId, { relation: string; text: string; drop: string[] }> = new Map(
  FACTS.filter((f) => f.rollupInput && f.rollups.length).map((f) => {
    const text = readFileSync(new URL(`./${f.rollupInput}.sql`, import.meta.url), 'utf8');
    const drop = text.match(/^-- drop: (.+)$/m)?.[1].trim().split(/\s+/) ?? [];
    return [f.id, { relation: f.rollupInput!, text, drop }];
  }));

/** Raise when the SQL that maintains the state below changes: rollups are then rebuilt on open. */
const STATE_VERSION = 'split_orders+buyer_keys 1';

/**
 * Raw columns every rollup keys on. A rollup row then belongs to exactly one (day or month,
 * slice), and a refresh replaces a rollup's rows slice by slice: a load of one shop's export
 * re-aggregates its platform and belt on its days, not every shop's.
 */
export const SLICE = ['platform_id', 'belt_id'] as const;

/**
 * A rollup keyed by `buyer_key` (a row per buyer and day) is refreshed per buyer as well: a
 * load touches few of a day's buyers, and the keys of only those need looking up.
 */
const BUYER = { key: 'buyer_key', raw: 'buyer_id' } as const;

/**
 * What a changed row of `table` reaches beyond its own slice: the rows of `fact` whose `on`
 * columns equal its `cols`, looked up after the change. A line's first-line flag depends on
 * the other lines of its parent order; an order's venue and base are its live session's.
 */
interface Dependency { id: string; table: string; cols: [string, string]; fact: FactId; on: [string, string] }
const DEPENDENCIES: Dependency[] = [
  { id: 'parent', table: 'orders', cols: ['platform_id', 'parent_order_id'], fact: 'orders', on: ['platform_id', 'parent_order_id'] },
  { id: 'session', table: 'live_sessions', cols: ['platform_id', 'session_id'], fact: 'orders', on: ['platform_id', 'session_id'] },
];

/** The column of a refresh's input holding each row's local day. */
const DAY = '__day';

/** Above this share of a fact's rows (in a fact of at least FULL_MIN_ROWS), a full rebuild is cheaper. */
const FULL_SHARE = 0.25;
const FULL_MIN_ROWS = 200_000;
/**
 * Rows a refresh inserts go at the end of a rollup, out of its declared order (which zone maps
 * rely on). Once the rows inserted since its last build pass this share of a rollup, it is
 * rewritten in order from itself.
 */
const RESORT_SHARE = 0.1;

const ROLLUP_FACTS = FACTS.filter((f) => f.rollups.length);
const factOfTable = (table: string): Fact | undefined => ROLLUP_FACTS.find((f) => f.table === table);
const finerOf = (r: Source): Source | undefined => SOURCES.find((s) => s.id === r.build!.from && !s.raw);
const hasBuyers = (f: Fact) => f.rollups.some((r) => r.keys.includes(BUYER.key));
/** Tables whose changes a load records: facts with rollups, and tables a dependency starts from. */
const TRACKED = [...new Set([...ROLLUP_FACTS.map((f) => f.table), ...DEPENDENCIES.map((d) => d.table)])];

for (const r of ROLLUP_BUILD_ORDER) {
  const lacking = SLICE.filter((c) => !r.build!.keys.includes(c));
  if (lacking.length) throw new Error(`rollup ${r.id}: every rollup keys on ${SLICE.join(', ')} (a refresh replaces its rows slice by slice); it lacks ${lacking.join(', ')}`);
}

/* ── SQL of a rollup, full or for some slices ──────────────────────────────────────────────── */

/**
 * The period a rollup row belongs to, from its source row `f`: the local day of the fact's time
 * (or `day`, a column of the source holding it already), or the finer rollup's period.
 */
function periodOf(r: Source, day?: string): string {
  const finer = finerOf(r);
  const src = finer ? `f.${finer.time.col}` : day ? `f.${day}` : sql.localDate(`f.${FACT_BY_ID.get(r.fact)!.time}`);
  return r.time.unit === 'day' ? src : sql.bucket('month', src);
}

/**
 * The SELECT of a rollup over `from` (its input relation, or the finer rollup it re-aggregates),
 * reading only the rows of the periods and slices in `scope` when given: the full build and a
 * refresh run the same aggregation. `day` names a column of `from` holding the local day.
 */
function rollupSelect(r: Source, from: string, o: { scope?: { table: string; on?: string[] }; day?: string } = {}): string {
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
const JOINED: Record<string, string[]> = { split_orders: ['platform_id', 'parent_order_id'], live_sessions: ['platform_id', 'session_id'] };

/**
 * The setup SQL of a fact's input relation over the given rows and buyer keys: in the `.sql`
 * file, `{{<fact table>}}` stands for the rows, `{{buyer_keys}}` for the keys, and
 * `{{<table>}}` for each JOINED table (narrowed to what the rows name when `narrow`).
 */
function inputSql(fact: FactId, rows: string, buyerKeys: string, narrow = false): string {
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
const fingerprint = (r: Source) => `beltscope rollup ${createHash('sha256')
  .update([...INPUTS.values()].map((i) => uncommented(i.text)).join('\n')).update(STATE_VERSION).update(rollupSql(r)).digest('hex').slice(0, 16)}`;
const comment = (r: Source, appended: number) => `${fingerprint(r)} +${appended}`;
const appendedOf = (c: string | null) => Number(c?.match(/ \+(\d+)$/)?.[1] ?? 0);

/** Whether every rollup table exists, built from its current declaration. */
export async function hasDerivedTables(con: DuckDBConnection): Promise<boolean> {
  const built = await rollupComments(con);
  return ROLLUP_BUILD_ORDER.every((s) => {
    const c = built.get(s.table);
    return c === fingerprint(s) || !!c?.startsWith(`${fingerprint(s)} +`);
  });
}

async function rollupComments(con: DuckDBConnection): Promise<Map<string, string | null>> {
  const r = await all(con, `SELECT table_name AS t, comment AS c FROM duckdb_tables()
    WHERE schema_name = 'main' AND table_name IN (${DERIVED_TABLES.map(lit).join(', ')})`);
  return new Map(r.map((x) => [x.t as string, x.c as string | null]));
}

/* ── What a load touched ───────────────────────────────────────────────────────────────────── */

interface Tracking {
  recorded: boolean;
  datasets: Set<number>;
  removed: Set<number>;
  /** Set once the write is known to need a full rebuild (see expectChanges): why. */
  full?: string;
}
const tracking = new WeakMap<DuckDBConnection, Tracking>();
const TEMP_TOUCHED = ['touched_days', 'touched_keys'];

/**
 * Start recording a write's changes (`Database.write` calls it after BEGIN): `touched_days`
 * holds (fact, local day, slice, buyer) of the rows changed, `touched_keys` the keys a
 * dependency starts from (parent orders, live sessions).
 */
export async function beginTracking(con: DuckDBConnection): Promise<void> {
  await con.run(`CREATE OR REPLACE TEMP TABLE touched_days (fact VARCHAR, day DATE, ${SLICE.map((c) => `${c} VARCHAR`).join(', ')}, ${BUYER.raw} VARCHAR)`);
  await con.run(`CREATE OR REPLACE TEMP TABLE touched_keys (dep VARCHAR, k1 VARCHAR, k2 VARCHAR)`);
  const ids = await all(con, 'SELECT dataset_id AS id FROM datasets');
  tracking.set(con, { recorded: false, datasets: new Set(ids.map((x) => Number(x.id))), removed: new Set() });
}

/** Stop recording (after COMMIT or ROLLBACK). */
export async function endTracking(con: DuckDBConnection): Promise<void> {
  tracking.delete(con);
  for (const t of TEMP_TOUCHED) await con.run(`DROP TABLE IF EXISTS temp.main.${t}`).catch(() => {});
}

/** The columns of `table` that `touchRows` reads (empty for a table no rollup depends on). */
export function touchColumns(table: string): string[] {
  const cols = new Set<string>();
  const f = factOfTable(table);
  if (f) {
    cols.add(f.time);
    SLICE.forEach((c) => cols.add(c));
    if (hasBuyers(f)) cols.add(BUYER.raw);
  }
  for (const d of DEPENDENCIES) if (d.table === table) d.cols.forEach((c) => cols.add(c));
  return [...cols];
}

/**
 * Say, before recording them, how many rows of `table` a write is about to change: `written`
 * rows new or replaced, of which `added` new. When they are over FULL_SHARE of the fact's rows
 * after the write (in a fact of at least FULL_MIN_ROWS), the incremental refresh would find as
 * much (every written row lies in the days and slices it aggregates again) and rebuild in full:
 * the write is then marked for a full rebuild at once, and touchRows records nothing more, so
 * neither the bookkeeping of every changed row nor the incremental scope is built for nothing.
 */
export async function expectChanges(con: DuckDBConnection, table: string, written: number, added: number): Promise<void> {
  const t = tracking.get(con);
  const f = factOfTable(table);
  if (!t || t.full || !f || written <= 0) return;
  const [{ n }] = await all(con, `SELECT count(*)::BIGINT AS n FROM ${f.table}`);
  const total = Number(n) + added;
  if (total >= FULL_MIN_ROWS && written > FULL_SHARE * total) {
    t.full = `${f.id}: ${written} of ${total} rows written`;
    t.recorded = true;
  }
}

/**
 * Record, inside a write, rows of `table` that change: call it with the rows about to be
 * deleted or updated (their old values) before changing them, and with the rows written (their
 * new values). `rows` is a SELECT giving at least `touchColumns(table)`. A write whose loader
 * records its changes is refreshed incrementally; calling this for a table no rollup reads
 * records nothing but says so. Outside a refreshing write (a dry run) it does nothing.
 */
export async function touchRows(con: DuckDBConnection, table: string, rows: string): Promise<void> {
  const t = tracking.get(con);
  if (!t) return;
  t.recorded = true;
  if (t.full) return; // everything is rebuilt anyway
  const f = factOfTable(table);
  if (f) {
    await con.run(`INSERT INTO touched_days SELECT DISTINCT ${lit(f.id)}, ${sql.localDate(`x.${f.time}`)}, ${SLICE.map((c) => `x.${c}`).join(', ')},
        ${hasBuyers(f) ? `x.${BUYER.raw}` : 'NULL'} FROM (${rows}) x`);
  }
  for (const d of DEPENDENCIES.filter((x) => x.table === table)) {
    await con.run(`INSERT INTO touched_keys SELECT DISTINCT ${lit(d.id)}, x.${d.cols[0]}, x.${d.cols[1]} FROM (${rows}) x WHERE x.${d.cols[1]} IS NOT NULL`);
  }
}

/** Record, before removing it, that a dataset's rows go (db/removeDataset.ts). */
export async function touchDataset(con: DuckDBConnection, datasetId: number): Promise<void> {
  const t = tracking.get(con);
  if (!t) return;
  const id = Math.trunc(Number(datasetId));
  const withId = new Set((await all(con, `SELECT table_name AS t FROM duckdb_columns()
    WHERE schema_name = 'main' AND column_name = 'dataset_id' AND NOT internal`)).map((x) => String(x.t)));
  for (const table of TRACKED) if (withId.has(table)) await touchRows(con, table, `SELECT * FROM ${table} WHERE dataset_id = ${id}`);
  t.removed.add(id);
  t.recorded = true;
}

/* ── Refresh ───────────────────────────────────────────────────────────────────────────────── */

/** `auto`: incremental when the write recorded its changes, full when it did not. */
export type RefreshMode = 'full' | 'incremental' | 'auto';

export interface RefreshSummary {
  mode: 'full' | 'incremental';
  /** Why a full rebuild, when it was one. */
  reason?: string;
  /** Raw rows aggregated again per fact, for an incremental refresh. */
  rows?: Record<string, number>;
  ms: number;
}

/**
 * Bring the rollups up to date inside the load's transaction, so readers see the rollups and
 * the facts of one data version: incrementally when the write recorded what it changed (see
 * the top of this file), else in full.
 */
export async function refreshDerived(con: DuckDBConnection, mode: RefreshMode = 'full'): Promise<RefreshSummary> {
  const t0 = performance.now();
  const t = tracking.get(con);
  let reason = await fullReason(con, mode, t);
  if (!reason) {
    const done = await refreshTouched(con, t!);
    if (typeof done !== 'string') return { mode: 'incremental', rows: done, ms: performance.now() - t0 };
    reason = done;
  }
  await rebuildAll(con);
  return { mode: 'full', reason, ms: performance.now() - t0 };
}

async function fullReason(con: DuckDBConnection, mode: RefreshMode, t: Tracking | undefined): Promise<string | null> {
  if (mode === 'full') return 'asked';
  if (!t) return 'not tracked';
  if (mode === 'auto' && !t.recorded) return 'changes not recorded';
  if (t.full) return t.full;
  if (!(await hasDerivedTables(con))) return 'rollups missing or built under other declarations';
  const now = new Set((await all(con, 'SELECT dataset_id AS id FROM datasets')).map((x) => Number(x.id)));
  const gone = [...t.datasets].filter((id) => !now.has(id) && !t.removed.has(id));
  if (gone.length) return `dataset ${gone.join(', ')} removed without being recorded`;
  return null;
}

/** Every rollup from all rows, and the state the orders input reads. */
async function rebuildAll(con: DuckDBConnection): Promise<void> {
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
async function rebuildOrderState(con: DuckDBConnection): Promise<void> {
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
async function appendBuyerKeys(con: DuckDBConnection, pairs: string, also: string): Promise<void> {
  const [{ top }] = await all(con, 'SELECT coalesce(max(buyer_key), 0)::BIGINT AS top FROM buyer_keys');
  const numbered = `SELECT platform_id, buyer_id, (${Number(top)} + row_number() OVER (ORDER BY platform_id, buyer_id))::INTEGER AS buyer_key FROM (${pairs})`;
  if (also === 'buyer_keys') {
    await con.run(`INSERT INTO buyer_keys ${numbered}`);
    return;
  }
  await con.run(`INSERT INTO ${also} ${numbered}`);
  await con.run(`INSERT INTO buyer_keys SELECT platform_id, buyer_id, buyer_key FROM ${also} WHERE buyer_key > ${Number(top)}`);
}

interface FactPlan {
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
async function refreshTouched(con: DuckDBConnection, t: Tracking): Promise<Record<string, number> | string> {
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
async function scopedRowsSql(con: DuckDBConnection, f: Fact, scope: string, unit: 'day' | 'month'): Promise<string> {
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

function nextPeriod(d: string, unit: 'day' | 'month'): string {
  const [y, m, dd] = d.split('-').map(Number);
  return (unit === 'day' ? new Date(Date.UTC(y, m - 1, dd + 1)) : new Date(Date.UTC(y, m, 1))).toISOString().slice(0, 10);
}

/** SQL without its line comments (the input files have no `--` inside strings). */
const uncommented = (text: string) => text.replace(/--[^\n]*/g, '');
/** The identifiers SQL text names: the columns a relation must give for it (a superset is harmless). */
const wordsOf = (texts: string[]) => texts.join(' ').match(/[A-Za-z_][A-Za-z0-9_]*/g) ?? [];
const lit = (s: string) => `'${String(s).replace(/'/g, "''")}'`;
const all = async (con: DuckDBConnection, q: string) => (await con.runAndReadAll(q)).getRowObjectsJS() as Record<string, unknown>[];
