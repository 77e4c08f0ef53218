import type { DuckDBConnection } from '@duckdb/node-api';

/**
 * Rebuild the derived (rollup) tables inside the load's transaction, so a reader sees the
 * rollups and the facts of the same data version. Filled in by the metrics catalog work.
 */
export async function refreshDerived(_con: DuckDBConnection): Promise<void> {}
