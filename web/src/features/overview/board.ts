import type { MetricsResponse } from '../../lib/api/types.ts';
import { toNumber } from '../../lib/format.ts';

/** Leaderboards rank by the page's measure when it is a sum, else by GMV (declared with the overview's queries). */
export { ADDITIVE, boardMeasure } from '../../../../catalog/views.ts';

export interface BoardRow {
  rank: number;
  id: string;
  label: string;
  value: number | null;
  /** Of the whole slice's total (0–1). */
  share: number | null;
  change: number | null;
}

/** The top rows of a `by=<dimension>` query, sorted as the API sent them, with share of the total and change. */
export function buildBoard(metrics: MetricsResponse | undefined, dimension: string, measure: string, label: (id: string) => string): BoardRow[] {
  if (!metrics) return [];
  const total = toNumber(metrics.totals?.[measure]);
  return metrics.rows.map((row, i) => {
    const id = String(row[dimension] ?? '');
    const value = toNumber(row[measure]);
    return {
      rank: i + 1,
      id,
      label: label(id),
      value,
      share: value !== null && total ? value / total : null,
      change: toNumber(row[`${measure}_change`]),
    };
  });
}
