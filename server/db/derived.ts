import type { DuckDBConnection } from '@duckdb/node-api';
import { readFileSync } from 'node:fs';
import { DERIVED_TABLES } from '../catalog/sources.ts';

const sql = readFileSync(new URL('./derived.sql', import.meta.url), 'utf8');

/**
 * Rebuild the rollup tables inside the load's transaction, so readers see the rollups and
 * the facts of one data version. A full rebuild: a few seconds at 10M orders, small beside a load.
 */
export async function refreshDerived(con: DuckDBConnection): Promise<void> {
  await con.run(sql);
}

export async function hasDerivedTables(con: DuckDBConnection): Promise<boolean> {
  const r = await con.runAndReadAll(
    `SELECT count(*)::INTEGER AS n FROM duckdb_tables() WHERE schema_name = 'main' AND table_name IN (${DERIVED_TABLES.map((t) => `'${t}'`).join(', ')})`);
  return Number(r.getRowObjectsJS()[0].n) === DERIVED_TABLES.length;
}
