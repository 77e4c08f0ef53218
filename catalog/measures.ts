import { CRAFT_MEASURES } from './measures/craft.ts';
import { DISTRIBUTION_MEASURES } from './measures/distribution.ts';
import { ORDER_MEASURES } from './measures/orders.ts';
import { SESSION_MEASURES } from './measures/sessions.ts';
import type { Measure } from './types.ts';

/**
 * Every measure, defined once, following the platforms' published definitions: ratios are
 * ratios of sums (GPM = Σgmv / Σviews × 1000), GMV does not subtract refunds. `raw` aggregates
 * the fact table; `rollup` re-aggregates the partial sums of the rollups declared with the facts.
 */
export const MEASURES: Measure[] = [...ORDER_MEASURES, ...SESSION_MEASURES, ...CRAFT_MEASURES, ...DISTRIBUTION_MEASURES];

/**
 * Not offered to users: counts of order lines whose buyer or refund is unknown, added to the
 * totals query when a measure that needs them is asked for, so `notes` can say why it is null.
 */
const hidden = (id: string, raw: string, rollup?: Measure['rollup']): Measure => ({
  id, label: { zh: id, en: id }, description: { zh: '', en: '' }, formula: raw, unit: 'count', format: 'integer', fact: 'orders', raw, rollup,
});
export const UNKNOWN_COUNTS: Record<string, Measure> = {
  buyers: hidden('__unknown_buyers', 'count(*) - count(f.buyer_id)', { sql: 'sum(f.buyer_unknown)', needs: ['buyer_unknown'] }),
  refunds: hidden('__unknown_refunds', 'count(*) - count(f.refund_amount)', { sql: 'sum(f.refund_unknown)', needs: ['refund_unknown'] }),
};
/** Which unknown count explains a measure's null. */
export const UNKNOWN_FOR: Record<string, Measure> = {
  buyers: UNKNOWN_COUNTS.buyers, aov: UNKNOWN_COUNTS.buyers,
  net_gmv: UNKNOWN_COUNTS.refunds, refund_rate: UNKNOWN_COUNTS.refunds,
};

export const MEASURE_BY_ID: ReadonlyMap<string, Measure> = new Map(
  [...MEASURES, ...Object.values(UNKNOWN_COUNTS)].map((m) => [m.id, m]));
export const MEASURE_IDS = MEASURES.map((m) => m.id);
