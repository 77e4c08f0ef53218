import type { BaseRow, Lang } from '../../lib/api/types.ts';
import { baseName, isEmptyShell } from './ranking.ts';

/**
 * Points of the utilization × live GMV scatter. An empty shell is a base that has rooms and
 * does not use them: flagged `underused`, or with no streamed hours or no live GMV at all.
 * Those are drawn apart (red, labelled) so they stand out from the bases that work.
 */
export interface ScatterPoint {
  id: string;
  name: string;
  utilization: number;
  liveGmv: number;
  shell: boolean;
}

export interface ScatterModel {
  points: ScatterPoint[];
  /** Bases that cannot be placed: no open day with data in the window (utilization null). */
  unplotted: { id: string; name: string }[];
}


export function scatterModel(rows: readonly BaseRow[], lang: Lang): ScatterModel {
  const points: ScatterPoint[] = [];
  const unplotted: ScatterModel['unplotted'] = [];
  for (const r of rows) {
    const name = baseName(r, lang);
    if (r.utilization === null) unplotted.push({ id: r.base_id, name });
    else points.push({ id: r.base_id, name, utilization: r.utilization, liveGmv: r.live_gmv, shell: isEmptyShell(r) });
  }
  return { points, unplotted };
}
