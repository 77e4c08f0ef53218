import { CRAFT_MEASURES } from './measures/craft.ts';
import { DISTRIBUTION_MEASURES } from './measures/distribution.ts';
import { HUB_MEASURES } from './measures/hubs.ts';
import { ORDER_MEASURES, unknownChannelLines } from './measures/orders.ts';
import { RETURN_MEASURES } from './measures/returns.ts';
import { SESSION_MEASURES } from './measures/sessions.ts';
import { sql } from './dialect.ts';
import { FACT_BY_ID } from './facts.ts';
import type { Measure, NumberFormat } from './types.ts';

/**
 * Every measure, defined once, following the platforms' published definitions: ratios are
 * ratios of sums (GPM = Σgmv / Σviews × 1000), GMV does not subtract refunds. `raw` aggregates
 * the fact table; `rollup` re-aggregates the partial sums of the rollups declared with the facts.
 */
const ALL: Measure[] = [...ORDER_MEASURES, ...SESSION_MEASURES, ...CRAFT_MEASURES, ...DISTRIBUTION_MEASURES, ...HUB_MEASURES, ...RETURN_MEASURES];

/** Hidden counts of rows lacking a column a measure needs, for its note (see guardUnknowns). */
const LACKING: Record<string, Measure> = {};

/**
 * A measure over a column some exports lack (the fact's `nullable`) is null wherever any row of
 * the slice lacks it — never a sum over the rows that happen to have it — with a note.
 */
function guardUnknowns(m: Measure): Measure {
  const nullable = FACT_BY_ID.get(m.fact)!.nullable ?? [];
  const cols = m.inner ? [] : nullable.filter((c) => new RegExp(`\\bf\\.${c}\\b`).test(m.raw));
  if (!cols.length) return m;
  LACKING[m.id] = {
    ...m, id: `__lacking_${m.id}`, nullWhen: undefined,
    raw: sql.filtered('count(*)', cols.map((c) => `f.${c} IS NULL`).join(' OR ')),
    rollup: { sql: cols.map((c) => `sum(f.${c}_unknown)`).join(' + '), needs: cols.map((c) => `${c}_unknown`) },
  };
  const names = cols.join(', ');
  return {
    ...m,
    raw: `CASE WHEN ${cols.map((c) => `count(f.${c}) = count(*)`).join(' AND ')} THEN (${m.raw}) END`,
    rollup: m.rollup && {
      sql: `CASE WHEN ${cols.map((c) => `sum(f.${c}_unknown) = 0`).join(' AND ')} THEN (${m.rollup.sql}) END`,
      needs: [...m.rollup.needs, ...cols.map((c) => `${c}_unknown`)],
    },
    nullWhen: m.nullWhen ?? {
      zh: `切片内有数据缺少 ${names}（部分平台的导出不提供），该指标无法计算`,
      en: `Some rows in the slice lack ${names} (some platforms' exports do not give it), so this cannot be computed`,
    },
  };
}

/**
 * Decimal places a download rounds a measure to, by its format: money to the fen, counts whole,
 * ratios to six places (a percentage to four: a view-to-buy rate of 0.7998 % must not read 0.8 %,
 * nor its change be beyond recomputing from the file's own values), seconds whole. A measure may
 * declare its own.
 */
export const DECIMALS: Record<NumberFormat, number> = { currency: 2, integer: 0, percent: 6, decimal: 2, duration: 0 };
const withDecimals = (m: Measure): Measure => ({ ...m, decimals: m.decimals ?? DECIMALS[m.format] });

export const MEASURES: Measure[] = ALL.map(withDecimals).map(guardUnknowns);

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
  channels: hidden('__unknown_channels', unknownChannelLines, { sql: 'sum(f.channel_unknown)', needs: ['channel_unknown'] }),
};
/** Which unknown count explains a measure's null. */
export const UNKNOWN_FOR: Record<string, Measure> = {
  buyers: UNKNOWN_COUNTS.buyers, aov: UNKNOWN_COUNTS.buyers,
  net_gmv: UNKNOWN_COUNTS.refunds, refund_rate: UNKNOWN_COUNTS.refunds, live_share: UNKNOWN_COUNTS.channels,
  ...LACKING,
};

export const MEASURE_BY_ID: ReadonlyMap<string, Measure> = new Map(
  [...MEASURES, ...Object.values(UNKNOWN_COUNTS), ...Object.values(LACKING)].map((m) => [m.id, m]));
export const MEASURE_IDS = MEASURES.map((m) => m.id);
