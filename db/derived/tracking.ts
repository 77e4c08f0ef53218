import type { DuckDBConnection } from '@duckdb/node-api';
import { sql } from '../../catalog/dialect.ts';
import { all, BUYER, DEPENDENCIES, factOfTable, FULL_MIN_ROWS, FULL_SHARE, hasBuyers, lit, SLICE, TRACKED } from './declarations.ts';

/** What a load touched: recorded inside its write, read by the incremental refresh. */

export interface Tracking {
  recorded: boolean;
  datasets: Set<number>;
  removed: Set<number>;
  /** Set once the write is known to need a full rebuild (see expectChanges): why. */
  full?: string;
}
const tracking = new WeakMap<DuckDBConnection, Tracking>();
/** The record of the write running on `con`, if it records one. */
export const trackingOf = (con: DuckDBConnection): Tracking | undefined => tracking.get(con);
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
