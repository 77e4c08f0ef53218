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
 * Replace every reference table from its CSV, inside the caller's transaction.
 * Adding a belt or a category is an edit to a CSV, not to code.
 */
export async function loadReference(con: DuckDBConnection, dir = referenceDir()): Promise<void> {
  for (const table of REFERENCE_TABLES) {
    const file = `${dir.replace(/\/?$/, '/')}${table}.csv`;
    if (!existsSync(file)) throw new Error(`Reference file missing: data/reference/${table}.csv`);
    await con.run(`DELETE FROM "${table}"`);
    try {
      await con.run(
        `INSERT INTO "${table}" BY NAME SELECT * FROM read_csv($file, header = true, all_varchar = true)`,
        { file },
      );
    } catch (err) {
      throw new Error(`Reference file data/reference/${table}.csv could not be loaded: ${(err as Error).message}`);
    }
  }
}
