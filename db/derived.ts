import type { DuckDBConnection } from '@duckdb/node-api';
import { hasDerivedTables, rebuildAll } from './derived/build.ts';
import { all } from './derived/declarations.ts';
import { refreshTouched } from './derived/incremental.ts';
import { trackingOf, type Tracking } from './derived/tracking.ts';

/**
 * Rollups, built from their declarations in the facts registry, and kept equal to the raw rows
 * by every load, inside the load's transaction (`Database.write`), in one of two ways:
 *
 * - **Full**: every rollup rebuilt from all rows (seconds at 10M order lines).
 * - **Incremental**: a load records what it changed (`touchRows`, `touchDataset`: the rows it
 *   is about to delete or update, and the rows it wrote); only the rollup rows of the local days
 *   (months) and platform × belt slices those rows fall in are deleted and aggregated again from
 *   the raw rows of the same days and slices, with the same SELECT as the full build. What a row
 *   reaches beyond its own slice is declared once (`DEPENDENCIES`): the other lines of its
 *   parent order, the orders bought in a live session.
 *
 * A write that records nothing is refreshed in full, and so is one that removed a dataset it
 * did not record (the demo replaced by `--replace-demo`), one whose rollups are missing or built
 * under other declarations, and one that touched over a quarter of a large fact's rows (a load
 * says so before recording anything, `expectChanges`, so that nothing is recorded in vain).
 *
 * The parts, in db/derived/: declarations.ts (slices, dependencies, thresholds), build.ts (a
 * rollup's SQL, its fingerprint, the full rebuild), tracking.ts (what a write records) and
 * incremental.ts (the refresh of the touched slices). This file decides between the two ways.
 */

export { SLICE } from './derived/declarations.ts';
export { createRollupInputs, dropRollupInputs, hasDerivedTables, rollupSql } from './derived/build.ts';
export { beginTracking, endTracking, expectChanges, touchColumns, touchDataset, touchRows } from './derived/tracking.ts';

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
  const t = trackingOf(con);
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
