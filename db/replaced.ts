import type { DuckDBConnection } from '@duckdb/node-api';
import { sql } from '../catalog/dialect.ts';
import { AppError } from '../lib/errors.ts';
import { lit } from './derived/declarations.ts';
import { touchRows } from './derived/tracking.ts';

/**
 * Rows a load replaced, kept so that removing the load restores them (migration 007). A row
 * goes into `replaced_rows` owned by the load it came from (`dataset_id`) and marked with the
 * load that replaced it (`replaced_by`):
 *   - removing the replacing load puts the row back (restoreReplaced);
 *   - removing the load it came from takes it along, as every table with a `dataset_id` does;
 *   - removing a load in the middle of a chain (E's row replaced by D, D's by F) hands E's row
 *     on to F, so that removing F later brings back E's, not D's.
 * Identifiers come from the schema (duckdb_columns) and the loader's natural keys, never from a
 * file; values stay inside the JSON.
 */

const q = sql.id;

export interface Column { name: string; type: string }

/** A table's columns and their types, in order (the schema's, never a file's). */
export async function columnsOf(con: DuckDBConnection, table: string): Promise<Column[]> {
  const r = await con.runAndReadAll(`SELECT column_name AS name, data_type AS type FROM duckdb_columns()
    WHERE schema_name = 'main' AND table_name = $t AND NOT internal ORDER BY column_index`, { t: table });
  return r.getRowObjectsJS().map((x) => ({ name: String(x.name), type: String(x.type) }));
}

/** Scalars as their text (exact for DECIMAL and DOUBLE, which JSON numbers are not); nested values as they are. */
const nested = (type: string) => /\[\d*\]$|^(STRUCT|MAP|UNION)\b/i.test(type);

/**
 * Inside a load's transaction, before it deletes the rows it is about to write anew: keep them.
 * `rows` is a SELECT of whole rows of `table` (every column); `keys` its natural key.
 */
export async function keepReplaced(con: DuckDBConnection, o: { table: string; keys: string[]; replacedBy: number; rows: string }): Promise<number> {
  const cols = await columnsOf(con, o.table);
  const json = `to_json(struct_pack(${cols.map((c) => `${q(c.name)} := x.${q(c.name)}${nested(c.type) ? '' : '::VARCHAR'}`).join(', ')}))::VARCHAR`;
  const r = await con.run(`INSERT INTO replaced_rows (dataset_id, replaced_by, target_table, key_columns, row_json)
    SELECT x.dataset_id, $by, $table, [${o.keys.map(lit).join(', ')}]::VARCHAR[], ${json} FROM (${o.rows}) x`,
  { by: o.replacedBy, table: o.table });
  return Number(r.rowsChanged);
}

/**
 * Inside the removal of dataset `datasetId`, before its own rows are deleted: put back the rows
 * it replaced where it still holds them (or where nothing holds them any more), hand the others
 * on to the load that replaced its own row in turn, and forget the rest. Returns the rows put
 * back per table. The rollup refresh is told of the rows put back (the removed ones are
 * recorded by touchDataset).
 */
export async function restoreReplaced(con: DuckDBConnection, datasetId: number): Promise<Record<string, number>> {
  const restored: Record<string, number> = {};
  const groups = (await con.runAndReadAll(`SELECT DISTINCT target_table AS t, key_columns AS k FROM replaced_rows
    WHERE replaced_by = $ds ORDER BY t`, { ds: datasetId })).getRowObjectsJS();
  for (const g of groups) {
    const table = String(g.t);
    const keys = (g.k as unknown as string[]).map(String);
    const cols = await columnsOf(con, table);
    const names = new Set(cols.map((c) => c.name));
    if (!cols.length || !keys.length || !keys.every((k) => names.has(k)) || !names.has('dataset_id')) {
      throw new AppError('replaced_rows_unreadable', `Rows kept for table ${table} cannot be put back: the table or its key columns (${keys.join(', ')}) are not in the database.`,
        `为表 ${table} 保存的被替换行无法恢复：数据库中没有该表或其键列（${keys.join('、')}）。`, 500);
    }
    const structure = JSON.stringify(Object.fromEntries(cols.map((c) => [c.name, c.type])));
    const on = keys.map((k) => `c.${q(k)} = r.${q(k)}`).join(' AND ');
    // Each kept row with what holds its key now: this load or nothing (put it back), or a later
    // load (hand it on to whatever replaced this load's own row).
    await con.run(`CREATE OR REPLACE TEMP TABLE restore_rows AS
      SELECT r.*, (c.${q(keys[0])} IS NULL OR c.dataset_id IS NOT DISTINCT FROM $ds) AS __put_back
      FROM (SELECT rowid AS __kept, unnest(json_transform(row_json, ${lit(structure)})) FROM replaced_rows
            WHERE replaced_by = $ds AND target_table = ${lit(table)}) r
      LEFT JOIN ${q(table)} c ON ${on}`, { ds: datasetId });
    try {
      const sameKey = keys.map((k) => `json_extract_string(h.row_json, ${lit(`$."${k}"`)}) = json_extract_string(o.row_json, ${lit(`$."${k}"`)})`).join(' AND ');
      await con.run(`UPDATE replaced_rows h SET replaced_by = o.replaced_by FROM replaced_rows o
        WHERE h.rowid IN (SELECT __kept FROM restore_rows WHERE NOT __put_back)
          AND o.dataset_id = $ds AND o.target_table = ${lit(table)} AND ${sameKey}`, { ds: datasetId });
      await touchRows(con, table, `SELECT * FROM restore_rows WHERE __put_back`);
      const cs = cols.map((c) => q(c.name)).join(', ');
      const r = await con.run(`INSERT INTO ${q(table)} (${cs}) SELECT ${cs} FROM restore_rows WHERE __put_back`);
      if (Number(r.rowsChanged)) restored[table] = Number(r.rowsChanged);
    } finally {
      await con.run('DROP TABLE IF EXISTS temp.main.restore_rows');
    }
  }
  // Put back, or held by a later load that kept nothing of it (one made before rows were kept).
  await con.run(`DELETE FROM replaced_rows WHERE replaced_by = $ds`, { ds: datasetId });
  return restored;
}
