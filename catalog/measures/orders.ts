import { sql } from '../dialect.ts';
import { channelUnknown } from '../facts.ts';
import type { Measure } from '../types.ts';

/** Measures of order lines (see measures.ts for the conventions every measure follows). */
// "Some or all": an export without buyer ids (Douyin's) leaves every order without one.
export const unknownBuyers = {
  zh: '切片内部分或全部订单缺少买家ID（导出未提供或已脱敏），无法精确去重；笔单价（成交金额 / 订单数）不需要买家ID',
  en: 'Some or all orders in the slice lack a buyer id (the export does not give one, or masks it), so distinct buyers cannot be counted exactly; GMV per order needs no buyer id',
};
export const unknownRefunds = { zh: '切片内有订单的退款金额未知', en: 'Some orders in the slice do not say their refunded amount' };
export const unknownChannels = {
  zh: '切片内有订单未说明成交渠道（导出没有流量来源），无法判断是否在直播间成交',
  en: 'Some orders in the slice do not say their sales channel (the export has no traffic source), so whether they were bought live is unknown',
};
const allRefundsKnown = 'count(*) = count(f.refund_amount)';
/** How many order lines of the slice have neither a session nor a known channel. */
export const unknownChannelLines = sql.filtered('count(*)', channelUnknown('f.'));
const allChannelsKnown = `${unknownChannelLines} = 0`;
const allBuyersKnown = 'count(*) = count(f.buyer_id)';
const buyerCount = sql.countDistinctPair('f.platform_id', 'f.buyer_id');

/**
 * Distinct parent orders among the rows (those meeting `condition`, when given), with the fact's
 * `split` join: a line that split_orders does not name is its order's only line and counts as one
 * order without hashing its (platform, parent order id); only lines of split orders are counted
 * distinct. The same number as count(DISTINCT (platform_id, parent_order_id)), several times
 * cheaper at millions of lines (bench/RESULTS.md). split_orders is kept by every load.
 */
export function parentOrderCount(condition?: string): string {
  const and = (c: string) => (condition ? `(${condition}) AND ${c}` : c);
  // A distinct count over a CASE (null for the other lines) rather than with a FILTER, and of one
  // string rather than a pair: each about halves the time at 10M lines. NUL never occurs in a
  // platform id (catalog ids), so platform NUL parent order names the pair.
  return `(${sql.filtered('count(*)', and('sp.first_order_id IS NULL'))}`
    + ` + count(DISTINCT CASE WHEN ${and('sp.first_order_id IS NOT NULL')} THEN f.platform_id || chr(0) || f.parent_order_id END))`;
}

export const ORDER_MEASURES: Measure[] = [
  {
    id: 'gmv', label: { zh: '成交金额', en: 'GMV' },
    description: { zh: '已支付订单金额之和，不扣除退款', en: 'Sum of paid order amounts; refunds are not subtracted' },
    formula: 'Σ amount', unit: 'CNY', format: 'currency', fact: 'orders',
    raw: 'sum(f.amount)', rollup: { sql: 'sum(f.amount)', needs: ['amount'] },
  },
  {
    id: 'net_gmv', label: { zh: '退款后成交金额', en: 'Net GMV' },
    description: { zh: '成交金额减去退款金额', en: 'GMV minus refunded amount' },
    formula: 'Σ amount − Σ refund_amount', unit: 'CNY', format: 'currency', fact: 'orders',
    raw: `CASE WHEN ${allRefundsKnown} THEN sum(f.amount) - sum(f.refund_amount) END`,
    rollup: { sql: 'CASE WHEN sum(f.refund_unknown) = 0 THEN sum(f.amount) - sum(f.refund_amount) END', needs: ['amount', 'refund_amount', 'refund_unknown'] },
    nullWhen: unknownRefunds,
  },
  {
    id: 'orders', label: { zh: '成交订单数', en: 'Orders' },
    description: { zh: '已支付的（主）订单数，拆单的子订单只计一次', en: 'Paid (parent) orders; split lines count once' },
    formula: 'count(distinct (platform_id, parent_order_id))', unit: 'count', format: 'integer', fact: 'orders',
    raw: parentOrderCount(), joins: ['split'], rollup: { sql: 'coalesce(sum(f.parent_orders), 0)', needs: ['parent_orders'] },
    parentLevel: true,
  },
  {
    id: 'lines', label: { zh: '订单行数', en: 'Order lines' },
    description: { zh: '子订单（订单行）数', en: 'Order lines (Douyin sub-orders)' },
    formula: 'count(*)', unit: 'count', format: 'integer', fact: 'orders',
    raw: 'count(*)', rollup: { sql: 'coalesce(sum(f.lines), 0)', needs: ['lines'] },
  },
  {
    id: 'buyers', label: { zh: '成交人数', en: 'Buyers' },
    description: { zh: '去重的付款买家数（各平台买家ID互不相通，按平台分别去重）', en: 'Distinct paying buyers (buyer ids are per platform, so a buyer is counted once per platform)' },
    formula: 'count(distinct (platform_id, buyer_id))', unit: 'count', format: 'integer', fact: 'orders',
    raw: `CASE WHEN ${allBuyersKnown} THEN ${buyerCount} END`,
    rollup: { sql: 'CASE WHEN sum(f.buyer_unknown) = 0 THEN count(DISTINCT f.buyer_key) END', needs: ['buyer_unknown', 'buyer_key'] },
    nullWhen: unknownBuyers,
  },
  {
    id: 'aov', label: { zh: '客单价', en: 'AOV' },
    description: { zh: '成交金额 / 成交人数', en: 'GMV per paying buyer' },
    formula: 'gmv / buyers', unit: 'CNY', format: 'currency', fact: 'orders',
    raw: `CASE WHEN ${allBuyersKnown} THEN sum(f.amount) / nullif(${buyerCount}, 0) END`,
    rollup: { sql: 'CASE WHEN sum(f.buyer_unknown) = 0 THEN sum(f.amount) / nullif(count(DISTINCT f.buyer_key), 0) END', needs: ['buyer_unknown', 'buyer_key', 'amount'] },
    nullWhen: unknownBuyers,
  },
  {
    // Not among the platforms' tooltips: 客单价 needs buyer ids, which Douyin's and Kuaishou's
    // order exports do not give, so a shop loaded from them has no order value at all without it.
    id: 'order_value', label: { zh: '笔单价', en: 'GMV per order' },
    description: {
      zh: '成交金额 / 成交订单数（拆单只计一次）；不需要买家ID，导出没有买家ID时可代替客单价',
      en: 'GMV / paid orders (a split order counts once); needs no buyer id, so it stands in for AOV where an export gives none',
    },
    formula: 'gmv / orders', unit: 'CNY', format: 'currency', fact: 'orders',
    raw: `sum(f.amount) / nullif(${parentOrderCount()}, 0)`, joins: ['split'],
    rollup: { sql: 'sum(f.amount) / nullif(sum(f.parent_orders), 0)', needs: ['amount', 'parent_orders'] },
    parentLevel: true,
  },
  {
    id: 'refund_rate', label: { zh: '退款金额占比', en: 'Refund rate' },
    description: { zh: '退款金额 / 成交金额', en: 'Refunded amount / GMV' },
    formula: 'Σ refund_amount / Σ amount', unit: 'ratio', format: 'percent', fact: 'orders',
    raw: `CASE WHEN ${allRefundsKnown} THEN sum(f.refund_amount) / nullif(sum(f.amount), 0) END`,
    rollup: { sql: 'CASE WHEN sum(f.refund_unknown) = 0 THEN sum(f.refund_amount) / nullif(sum(f.amount), 0) END', needs: ['amount', 'refund_amount', 'refund_unknown'] },
    nullWhen: unknownRefunds,
    lowerIsBetter: true,
  },
  {
    id: 'quantity', label: { zh: '成交件数', en: 'Units sold' },
    description: { zh: '已支付商品件数', en: 'Units in paid orders' },
    formula: 'Σ quantity', unit: 'count', format: 'integer', fact: 'orders',
    raw: 'sum(f.quantity)', rollup: { sql: 'sum(f.quantity)', needs: ['quantity'] },
  },
  {
    id: 'non_standard_share', label: { zh: '非标品成交占比', en: 'Non-standard share' },
    description: { zh: '非标品成交金额 / 成交金额', en: 'GMV of non-standard goods / GMV' },
    formula: 'Σ amount[non_standard] / Σ amount', unit: 'ratio', format: 'percent', fact: 'orders',
    raw: `coalesce(${sql.filtered('sum(f.amount)', 'f.non_standard')}, 0) / nullif(sum(f.amount), 0)`,
    rollup: { sql: 'sum(f.ns_amount) / nullif(sum(f.amount), 0)', needs: ['ns_amount', 'amount'] },
  },
  {
    id: 'live_share', label: { zh: '直播成交占比', en: 'Live share' },
    description: {
      zh: '在直播间内（有直播场次，或成交渠道为直播间）成交的金额 / 成交金额',
      en: 'GMV of lines bought in a live session (or on the live channel) / GMV',
    },
    formula: 'Σ amount[session_id ≠ null or channel = live] / Σ amount', unit: 'ratio', format: 'percent', fact: 'orders',
    raw: `CASE WHEN ${allChannelsKnown} THEN coalesce(${sql.filtered('sum(f.amount)', "f.session_id IS NOT NULL OR f.channel = 'live'")}, 0) / nullif(sum(f.amount), 0) END`,
    rollup: { sql: 'CASE WHEN sum(f.channel_unknown) = 0 THEN sum(f.live_amount) / nullif(sum(f.amount), 0) END', needs: ['live_amount', 'amount', 'channel_unknown'] },
    nullWhen: unknownChannels,
  },
  {
    id: 'active_merchants', label: { zh: '动销商家数', en: 'Active merchants' },
    description: { zh: '有成交的去重商家数', en: 'Distinct merchants with at least one paid order' },
    formula: 'count(distinct merchant_id)', unit: 'count', format: 'integer', fact: 'orders',
    raw: 'count(DISTINCT f.merchant_id)', rollup: { sql: 'count(DISTINCT f.merchant_id)', needs: ['merchant_id'] },
  },
];
