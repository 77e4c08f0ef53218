import type { DuckDBConnection } from '@duckdb/node-api';
import { sql } from '../catalog/dialect.ts';
import { entityKey } from '../catalog/entities.ts';
import { FACTS } from '../catalog/facts.ts';
import { lit } from './derived/declarations.ts';
import { columnsOf } from './replaced.ts';

/**
 * Rows a load found already there, unchanged (its duplicates), recorded as held by it too
 * (migration 008) with the values it found. Removing a load hands each of its rows another load
 * holds with those very values to the newest such load (the rows stay, and the versions the
 * removed load had replaced now wait on the new owner); and each version of its rows kept
 * because a later load changed them (replaced_rows) to the newest load that holds that version,
 * so that undoing the later change brings it back. A claim on other values concerns a version
 * the removal does not touch. Identifiers come from the schema and the catalog's keys.
 */

const q = sql.id;
const keyOf = (table: string): readonly string[] | undefined => FACTS.find((f) => f.table === table)?.grain ?? entityKey(table);
const keyHash = (keys: readonly string[], alias: string) => `hash(${keys.map((k) => `CAST(${alias}.${q(k)} AS VARCHAR)`).join(', ')})`;

const columnTypes = async (con: DuckDBConnection, table: string) => new Map((await columnsOf(con, table)).map((c) => [c.name, c.type]));
const rowHash = (cols: string[], alias: string) => `hash(${cols.map((c) => `${alias}.${q(c)}`).join(', ')})`;

/**
 * Inside a load's transaction: record the rows of `table` whose keys `keysSql` (a SELECT of the
 * key columns) lists as held by `datasetId` too, with their values as they are now.
 */
export async function keepShared(con: DuckDBConnection, o: { table: string; datasetId: number; keysSql: string }): Promise<void> {
  const keys = keyOf(o.table);
  if (!keys) return;
  const cols = [...(await columnTypes(con, o.table)).keys()].filter((c) => c !== 'dataset_id');
  await con.run(`INSERT INTO shared_rows (dataset_id, target_table, key_hash, row_hash)
    SELECT $ds, $table, ${keyHash(keys, 't')}, ${rowHash(cols, 't')} FROM ${q(o.table)} t
    SEMI JOIN (${o.keysSql}) f ON ${keys.map((k) => `t.${q(k)} = f.${q(k)}`).join(' AND ')}`, { ds: o.datasetId, table: o.table });
}

/**
 * Inside the removal of `datasetId`, before restoreReplaced (which puts back what it replaced
 * where it still holds the row) and before its rows are deleted. Returns the rows handed over
 * per table.
 */
export async function handOverShared(con: DuckDBConnection, datasetId: number): Promise<Record<string, number>> {
  const handed: Record<string, number> = {};
  const tables = (await con.runAndReadAll(`SELECT DISTINCT target_table AS t FROM shared_rows WHERE dataset_id <> $ds ORDER BY t`,
    { ds: datasetId })).getRowObjectsJS().map((r) => String(r.t));
  for (const table of tables) {
    const keys = keyOf(table);
    const types = await columnTypes(con, table);
    const cols = [...types.keys()].filter((c) => c !== 'dataset_id');
    if (!keys || !cols.length || !keys.every((k) => types.has(k))) continue;
    const claims = `(SELECT rowid AS claim_id, * FROM shared_rows WHERE target_table = ${lit(table)} AND dataset_id <> $ds)`;
    const keptKey = `hash(${keys.map((k) => `json_extract_string(rr.row_json, ${lit(`$."${k}"`)})`).join(', ')})`;
    // Per key, the newest load whose version this load replaced: a claim older than it lost to it
    // (files apply in load order, the last wins), so the row goes back to that version instead
    // (restoreReplaced), not to the older claim.
    const beaten = `(SELECT ${keptKey} AS kh, max(rr.dataset_id) AS ds FROM replaced_rows rr
        WHERE rr.replaced_by = $ds AND rr.target_table = ${lit(table)} GROUP BY ALL)`;
    // Its current rows another load holds as they are: the newest such load's from now on.
    await con.run(`CREATE OR REPLACE TEMP TABLE share_plan AS SELECT r, kh, to_ds, claim FROM (
        SELECT o.r, o.kh, s.dataset_id AS to_ds, s.claim_id AS claim, row_number() OVER (PARTITION BY o.r ORDER BY s.dataset_id DESC) AS rn
        FROM (SELECT t.rowid AS r, ${keyHash(keys, 't')} AS kh, ${rowHash(cols, 't')} AS rh FROM ${q(table)} t WHERE t.dataset_id = $ds) o
        JOIN ${claims} s ON s.key_hash = o.kh AND s.row_hash = o.rh
        LEFT JOIN ${beaten} b ON b.kh = o.kh
        WHERE b.ds IS NULL OR s.dataset_id > b.ds) WHERE rn = 1`, { ds: datasetId });
    // Its versions a later load changed (kept to undo that change) that another load holds as they were.
    const structure = JSON.stringify(Object.fromEntries(types));
    await con.run(`CREATE OR REPLACE TEMP TABLE kept_plan AS SELECT k, kh, to_ds, claim FROM (
        SELECT x.__kept AS k, x.kh, s.dataset_id AS to_ds, s.claim_id AS claim, row_number() OVER (PARTITION BY x.__kept ORDER BY s.dataset_id DESC) AS rn
        FROM (SELECT *, ${keyHash(keys, 'y')} AS kh, ${rowHash(cols, 'y')} AS rh FROM (
              SELECT rowid AS __kept, unnest(json_transform(row_json, ${lit(structure)})) FROM replaced_rows
              WHERE dataset_id = $ds AND target_table = ${lit(table)}) y) x
        JOIN ${claims} s ON s.key_hash = x.kh AND s.row_hash = x.rh
        LEFT JOIN ${beaten} b ON b.kh = x.kh
        WHERE b.ds IS NULL OR s.dataset_id > b.ds) WHERE rn = 1`, { ds: datasetId });
    try {
      const r = await con.run(`UPDATE ${q(table)} SET dataset_id = p.to_ds FROM share_plan p WHERE ${q(table)}.rowid = p.r`);
      if (Number(r.rowsChanged)) handed[table] = Number(r.rowsChanged);
      // What it had replaced for those rows (and for its versions handed on) waits on their new
      // owner: undoing that load brings it back. restoreReplaced would otherwise look for this
      // load's own kept version to pass them on to, and find it re-owned.
      await con.run(`UPDATE replaced_rows rr SET replaced_by = p.to_ds FROM (SELECT kh, to_ds FROM share_plan UNION ALL SELECT kh, to_ds FROM kept_plan) p
        WHERE rr.replaced_by = $ds AND rr.target_table = ${lit(table)} AND ${keptKey} = p.kh`, { ds: datasetId });
      // The kept row names its load inside too (restoreReplaced puts the row back as kept).
      await con.run(`UPDATE replaced_rows SET dataset_id = p.to_ds, row_json = json_merge_patch(row_json, json_object('dataset_id', CAST(p.to_ds AS VARCHAR)))::VARCHAR
        FROM kept_plan p WHERE replaced_rows.rowid = p.k`);
      await con.run(`DELETE FROM shared_rows WHERE rowid IN (SELECT claim FROM share_plan UNION ALL SELECT claim FROM kept_plan)`);
    } finally {
      await con.run('DROP TABLE IF EXISTS share_plan');
      await con.run('DROP TABLE IF EXISTS kept_plan');
    }
  }
  return handed;
}
