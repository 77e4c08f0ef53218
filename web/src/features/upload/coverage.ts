import { missingMonths, monthsBetween } from '../../../../lib/coverage.ts';
import type { CoverageItem } from '../../../../server/api/schemas/datasets.ts';

export type CellState = 'data' | 'gap' | 'before';
export interface CoverageCell {
  month: string;
  orders: number;
  sessions: number;
  /** data: orders or sessions loaded; gap: none, after this row's first month (a missing export); before: not started yet. */
  state: CellState;
}
export interface CoverageRow {
  merchantId: string;
  platformId: string;
  cells: CoverageCell[];
  gaps: number;
}
export interface CoverageGrid {
  months: string[];
  rows: CoverageRow[];
  /** Rows in all (the grid shows at most `max`, those with gaps first). */
  total: number;
}

export { monthsBetween };

/**
 * Merchant × platform rows over the data's months. A month with nothing loaded after the row's
 * first month, up to the data's last month, is a gap (lib/coverage.ts, the rule `beltscope
 * datasets list` applies too): an export not loaded, which would otherwise read as a fall on a chart. Rows with gaps come first, then by merchant and platform.
 */
export function buildCoverage(items: readonly CoverageItem[], max = 30): CoverageGrid {
  if (!items.length) return { months: [], rows: [], total: 0 };
  const sorted = items.map((i) => i.month).sort();
  const months = monthsBetween(sorted[0], sorted[sorted.length - 1]);
  const byRow = new Map<string, CoverageItem[]>();
  for (const i of items) {
    const k = `${i.merchantId}\u0000${i.platformId}`;
    byRow.set(k, [...(byRow.get(k) ?? []), i]);
  }
  const rows: CoverageRow[] = [...byRow.values()].map((list) => {
    const at = new Map(list.map((i) => [i.month, i]));
    const withData = list.filter((i) => i.orders > 0 || i.sessions > 0).map((i) => i.month);
    const missing = new Set(missingMonths(withData, months[months.length - 1]));
    const cells = months.map((month): CoverageCell => {
      const i = at.get(month);
      const state: CellState = missing.has(month) ? 'gap' : i && (i.orders > 0 || i.sessions > 0) ? 'data' : 'before';
      return { month, orders: i?.orders ?? 0, sessions: i?.sessions ?? 0, state };
    });
    return { merchantId: list[0].merchantId, platformId: list[0].platformId, cells, gaps: cells.filter((c) => c.state === 'gap').length };
  });
  rows.sort((a, b) => Number(b.gaps > 0) - Number(a.gaps > 0) || a.merchantId.localeCompare(b.merchantId) || a.platformId.localeCompare(b.platformId));
  return { months, rows: rows.slice(0, max), total: rows.length };
}

/**
 * What an empty coverage grid means: the server lists loaded real files only, so with only the
 * demo loaded the grid is empty although orders abound ('demoOnly'); else nothing is loaded yet.
 */
export function coverageEmptyReason(datasets: readonly { kind: 'demo' | 'real' }[]): 'demoOnly' | 'none' {
  return datasets.some((d) => d.kind === 'demo') && !datasets.some((d) => d.kind === 'real') ? 'demoOnly' : 'none';
}
