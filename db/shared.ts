import type { DuckDBConnection } from '@duckdb/node-api';
import { sql } from '../catalog/dialect.ts';
import { entityKey } from '../catalog/entities.ts';
import { FACTS } from '../catalog/facts.ts';
import { lit } from './derived/declarations.ts';

/**
 * Rows a load found already there, unchanged (its duplicates), recorded as held by it too
 * (migration 008). Removing the load a row belongs to hands the row to the newest other load
 * that holds it, when the row is still as that load found it and the removed load did not
 * replace an earlier row with it: then the hand-over is exact (the later file holds those very
 * values). Any other row another load holds cannot be kept exactly (its values changed since, or
 * removing the load should bring back the row it replaced), and the removal is refused unless
 * forced (db/removeDataset.ts). Identifiers come from the schema and the catalog's keys.
 */

const q = sql.id;
const keyOf = (table: string): readonly string[] | undefined => FACTS.find((f) => f.table === table)?.grain ?? entityKey(table);
const keyHash = (keys: readonly string[], alias: string) => `hash(${keys.map((k) => `CAST(${alias}.${q(k)} AS VARCHAR)`).join(', ')})`;

async function valueColumns(con: DuckDBConnection, table: string): Promise<string[]> {
  const r = await con.runAndReadAll(`SELECT column_name AS c FROM duckdb_columns()
    WHERE schema_name = 'main' AND table_name = $t AND NOT internal AND column_name <> 'dataset_id' ORDER BY column_index`, { t: table });
  return r.getRowObjectsJS().map((x) => String(x.c));
}
const rowHash = (cols: string[], alias: string) => `hash(${cols.map((c) => `${alias}.${q(c)}`).join(', ')})`;

/**
 * Inside a load's transaction: record the rows of `table` whose keys `keysSql` (a SELECT of the
 * key columns) lists as held by `datasetId` too, with their values as they are now.
 */
export async function keepShared(con: DuckDBConnection, o: { table: string; datasetId: number; keysSql: string }): Promise<void> {
  const keys = keyOf(o.table);
  if (!keys) return;
  const cols = await valueColumns(con, o.table);
  await con.run(`INSERT INTO shared_rows (dataset_id, target_table, key_hash, row_hash)
    SELECT $ds, $table, ${keyHash(keys, 't')}, ${rowHash(cols, 't')} FROM ${q(o.table)} t
    SEMI JOIN (${o.keysSql}) f ON ${keys.map((k) => `t.${q(k)} = f.${q(k)}`).join(' AND ')}`, { ds: o.datasetId, table: o.table });
}

export interface SharedPlan {
  /** Per table, the rows handed over (applied by handOver). */
  handed: Record<string, number>;
  /** Rows other loads hold that cannot be kept exactly, per table, and which loads hold them. */
  blocked: { table: string; rows: number; datasets: number[] }[];
}

/**
 * Inside the removal of `datasetId`, before its rows are deleted: hand its rows that other loads
 * hold, unchanged, to the newest of them (the rows then stay), and say which shared rows cannot
 * be kept exactly. `apply` false only plans. Run before restoreReplaced, which changes what
 * replaced_rows says this load replaced.
 */
export async function handOverShared(con: DuckDBConnection, datasetId: number, apply = true): Promise<SharedPlan> {
  const plan: SharedPlan = { handed: {}, blocked: [] };
  const tables = (await con.runAndReadAll(`SELECT DISTINCT target_table AS t FROM shared_rows WHERE dataset_id <> $ds ORDER BY t`,
    { ds: datasetId })).getRowObjectsJS().map((r) => String(r.t));
  for (const table of tables) {
    const keys = keyOf(table);
    const cols = await valueColumns(con, table);
    if (!keys || !cols.length || !keys.every((k) => cols.includes(k))) continue;
    const claims = `(SELECT rowid AS claim_id, * FROM shared_rows WHERE target_table = ${lit(table)} AND dataset_id <> $ds)`;
    // Keys of rows this load had replaced (replaced_rows): removing it puts those back, so its own row goes.
    const replacedKey = `hash(${keys.map((k) => `json_extract_string(rr.row_json, ${lit(`$."${k}"`)})`).join(', ')})`;
    await con.run(`CREATE OR REPLACE TEMP TABLE share_plan AS
      WITH own AS (
        SELECT t.rowid AS r, ${keyHash(keys, 't')} AS kh, ${rowHash(cols, 't')} AS rh FROM ${q(table)} t WHERE t.dataset_id = $ds),
      replaced AS (
        SELECT DISTINCT ${replacedKey} AS kh FROM replaced_rows rr WHERE rr.target_table = ${lit(table)} AND rr.replaced_by = $ds),
      held AS (
        SELECT o.r, o.kh, s.dataset_id AS to_ds, s.claim_id AS claim, s.row_hash = o.rh AND o.kh NOT IN (SELECT kh FROM replaced) AS exact
        FROM own o JOIN ${claims} s ON s.key_hash = o.kh)
      SELECT r, to_ds, claim, exact, row_number() OVER (PARTITION BY r ORDER BY exact DESC, to_ds DESC) AS rn FROM held`, { ds: datasetId });
    try {
      const [c] = (await con.runAndReadAll(`SELECT count(*) FILTER (WHERE rn = 1 AND exact)::INTEGER AS handed,
          count(*) FILTER (WHERE rn = 1 AND NOT exact)::INTEGER AS blocked,
          list(DISTINCT to_ds ORDER BY to_ds) FILTER (WHERE NOT exact) AS held_by FROM share_plan`)).getRowObjectsJS();
      // A version of a row this load held, kept because a later load changed it, that yet
      // another load claims: removing this load drops that version, so it cannot be kept.
      const [k] = (await con.runAndReadAll(`SELECT count(DISTINCT rr.rowid)::INTEGER AS n, list(DISTINCT s.dataset_id ORDER BY s.dataset_id) AS held_by
        FROM replaced_rows rr JOIN ${claims} s ON s.key_hash = ${replacedKey}
        WHERE rr.target_table = ${lit(table)} AND rr.dataset_id = $ds`, { ds: datasetId })).getRowObjectsJS();
      const blocked = Number(c.blocked) + Number(k.n);
      if (blocked > 0) {
        const ids = [...new Set([...((c.held_by as unknown[]) ?? []), ...((k.held_by as unknown[]) ?? [])].map(Number))].sort((a, b) => a - b);
        plan.blocked.push({ table, rows: blocked, datasets: ids });
      }
      if (Number(c.handed) > 0) {
        plan.handed[table] = Number(c.handed);
        if (apply) {
          await con.run(`UPDATE ${q(table)} SET dataset_id = p.to_ds FROM share_plan p WHERE ${q(table)}.rowid = p.r AND p.rn = 1 AND p.exact`);
          await con.run(`DELETE FROM shared_rows WHERE rowid IN (SELECT claim FROM share_plan WHERE rn = 1 AND exact)`);
        }
      }
    } finally {
      await con.run('DROP TABLE IF EXISTS share_plan');
    }
  }
  return plan;
}
