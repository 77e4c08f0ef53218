import type { DuckDBConnection } from '@duckdb/node-api';
import { fileURLToPath } from 'node:url';
import { existsSync } from 'node:fs';

/** Reference tables, each read from data/reference/<table>.csv. Names are fixed here, never user input. */
export const REFERENCE_TABLES = [
  'platforms', 'categories', 'belts', 'provinces',
  'merchant_kinds', 'size_classes', 'venues', 'operator_models', 'channels',
] as const;

export const referenceDir = (): string =>
  process.env.BELTSCOPE_REFERENCE_DIR ?? fileURLToPath(new URL('../data/reference/', import.meta.url));

/**
 * Bring every reference table in line with its CSV, inside the caller's transaction: a table
 * whose rows differ is replaced, one that matches is left alone (every open reloads them: no
 * rows rewritten for nothing). Returns whether any table changed.
 * Adding a belt or a category is an edit to a CSV, not to code.
 */
export async function loadReference(con: DuckDBConnection, dir = referenceDir()): Promise<boolean> {
  let changed = false;
  for (const table of REFERENCE_TABLES) {
    const file = `${dir.replace(/\/?$/, '/')}${table}.csv`;
    if (!existsSync(file)) throw new Error(`Reference file missing: data/reference/${table}.csv`);
    try {
      // The file's rows with the table's column types (a cell that does not cast fails here).
      await con.run(`CREATE OR REPLACE TEMP TABLE reference_new AS SELECT * FROM "${table}" LIMIT 0`);
      await con.run(`INSERT INTO reference_new BY NAME SELECT * FROM read_csv($file, header = true, all_varchar = true)`, { file });
      const r = await con.runAndReadAll(`SELECT (SELECT count(*) FROM (FROM reference_new EXCEPT ALL FROM "${table}"))
        + (SELECT count(*) FROM (FROM "${table}" EXCEPT ALL FROM reference_new)) AS d`);
      if (Number(r.getRows()[0][0]) === 0) continue;
      changed = true;
      await con.run(`DELETE FROM "${table}"`);
      // The table's own constraints (NOT NULL, keys) are checked here: still this file's fault.
      await con.run(`INSERT INTO "${table}" SELECT * FROM reference_new`);
    } catch (err) {
      throw new Error(`Reference file data/reference/${table}.csv could not be loaded: ${(err as Error).message}`);
    } finally {
      // After a failure the transaction is aborted and this fails too: never hide the first error.
      await con.run('DROP TABLE IF EXISTS temp.main.reference_new').catch(() => {});
    }
  }
  return changed;
}
