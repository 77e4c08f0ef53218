import type { DuckDBConnection } from '@duckdb/node-api';
import { sql } from '../catalog/dialect.ts';
import { lit } from './derived/declarations.ts';

/**
 * Rows a load found already there, unchanged (its duplicates), recorded as held by it too
 * (migration 008): removing the load the row belongs to hands it to the newest other load that
 * holds it, so undoing the earlier of two overlapping exports leaves the later one whole.
 * Identifiers come from the loader's natural keys and the schema, never from a file.
 */

const q = sql.id;
const keyJson = (keys: string[], alias: string) =>
  `to_json(struct_pack(${keys.map((k) => `${q(k)} := CAST(${alias}.${q(k)} AS VARCHAR)`).join(', ')}))::VARCHAR`;

/** Inside a load's transaction: record the rows `rows` (a SELECT with the key columns) as held by `datasetId` too. */
export async function keepShared(con: DuckDBConnection, o: { table: string; keys: string[]; datasetId: number; rows: string }): Promise<void> {
  await con.run(`INSERT INTO shared_rows (dataset_id, target_table, key_columns, key_json)
    SELECT $ds, $table, [${o.keys.map(lit).join(', ')}]::VARCHAR[], ${keyJson(o.keys, 'x')} FROM (${o.rows}) x`, { ds: o.datasetId, table: o.table });
}

/**
 * Inside the removal of `datasetId`, before its rows are deleted: each of its rows another load
 * holds too becomes the newest such load's, and that load's record of it goes (the row is now
 * its own). Returns the rows handed over per table. Rows whose values do not change are not
 * told to the rollup refresh: no figure moves.
 */
export async function handOverShared(con: DuckDBConnection, datasetId: number): Promise<Record<string, number>> {
  const handed: Record<string, number> = {};
  const groups = (await con.runAndReadAll(`SELECT DISTINCT target_table AS t, key_columns AS k FROM shared_rows WHERE dataset_id <> $ds ORDER BY t`,
    { ds: datasetId })).getRowObjectsJS();
  const columns = new Set((await con.runAndReadAll(`SELECT table_name || '.' || column_name AS c FROM duckdb_columns()
    WHERE schema_name = 'main' AND NOT internal`)).getRowObjectsJS().map((r) => String(r.c)));
  for (const g of groups) {
    const table = String(g.t);
    const keys = (g.k as unknown as string[]).map(String);
    // A table or key a later version of the schema dropped: nothing of it to hand over.
    if (!keys.length || ![...keys, 'dataset_id'].every((k) => columns.has(`${table}.${k}`))) continue;
    const on = keys.map((k) => `json_extract_string(s.key_json, ${lit(`$."${k}"`)}) = CAST(t.${q(k)} AS VARCHAR)`).join(' AND ');
    await con.run(`CREATE OR REPLACE TEMP TABLE handover AS SELECT claim, r, to_ds FROM (
        SELECT s.rowid AS claim, t.rowid AS r, s.dataset_id AS to_ds,
          row_number() OVER (PARTITION BY t.rowid ORDER BY s.dataset_id DESC) AS rn
        FROM shared_rows s JOIN ${q(table)} t ON ${on}
        WHERE s.target_table = ${lit(table)} AND s.dataset_id <> $ds AND t.dataset_id = $ds) WHERE rn = 1`, { ds: datasetId });
    try {
      const r = await con.run(`UPDATE ${q(table)} SET dataset_id = h.to_ds FROM handover h WHERE ${q(table)}.rowid = h.r`);
      await con.run(`DELETE FROM shared_rows WHERE rowid IN (SELECT claim FROM handover)`);
      if (Number(r.rowsChanged)) handed[table] = Number(r.rowsChanged);
    } finally {
      await con.run('DROP TABLE IF EXISTS handover');
    }
  }
  return handed;
}
