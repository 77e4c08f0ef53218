import type { Measure } from './types.ts';

/**
 * Every measure, defined once, following DOMAIN.md's published definitions: ratios are ratios
 * of sums (GPM = Σgmv / Σviews × 1000), GMV does not subtract refunds. `raw` aggregates the
 * fact table; `rollup` re-aggregates the partial sums of the rollups declared in sources.ts.
 */
const unknownBuyers = { zh: '切片内有订单缺少买家ID（导出已脱敏），无法精确去重', en: 'Some orders in the slice have no buyer id (masked in the export), so distinct buyers cannot be counted exactly' };
const unknownRefunds = { zh: '切片内有订单的退款金额未知', en: 'Some orders in the slice do not say their refunded amount' };
const allRefundsKnown = 'count(*) = count(f.refund_amount)';
const allBuyersKnown = 'count(*) = count(f.buyer_id)';

const ORDER_MEASURES: Measure[] = [
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
    raw: 'count(DISTINCT (f.platform_id, f.parent_order_id))', rollup: { sql: 'coalesce(sum(f.parent_orders), 0)', needs: ['parent_orders'] },
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
    raw: `CASE WHEN ${allBuyersKnown} THEN count(DISTINCT (f.platform_id, f.buyer_id)) END`,
    rollup: { sql: 'CASE WHEN sum(f.buyer_unknown) = 0 THEN count(DISTINCT f.buyer_key) END', needs: ['buyer_unknown', 'buyer_key'] },
    nullWhen: unknownBuyers,
  },
  {
    id: 'aov', label: { zh: '客单价', en: 'AOV' },
    description: { zh: '成交金额 / 成交人数', en: 'GMV per paying buyer' },
    formula: 'gmv / buyers', unit: 'CNY', format: 'currency', fact: 'orders',
    raw: `CASE WHEN ${allBuyersKnown} THEN sum(f.amount) / nullif(count(DISTINCT (f.platform_id, f.buyer_id)), 0) END`,
    rollup: { sql: 'CASE WHEN sum(f.buyer_unknown) = 0 THEN sum(f.amount) / nullif(count(DISTINCT f.buyer_key), 0) END', needs: ['buyer_unknown', 'buyer_key', 'amount'] },
    nullWhen: unknownBuyers,
  },
  {
    id: 'refund_rate', label: { zh: '退款金额占比', en: 'Refund rate' },
    description: { zh: '退款金额 / 成交金额', en: 'Refunded amount / GMV' },
    formula: 'Σ refund_amount / Σ amount', unit: 'ratio', format: 'percent', fact: 'orders',
    raw: `CASE WHEN ${allRefundsKnown} THEN sum(f.refund_amount) / nullif(sum(f.amount), 0) END`,
    rollup: { sql: 'CASE WHEN sum(f.refund_unknown) = 0 THEN sum(f.refund_amount) / nullif(sum(f.amount), 0) END', needs: ['amount', 'refund_amount', 'refund_unknown'] },
    nullWhen: unknownRefunds,
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
    raw: 'coalesce(sum(f.amount) FILTER (WHERE f.non_standard), 0) / nullif(sum(f.amount), 0)',
    rollup: { sql: 'sum(f.ns_amount) / nullif(sum(f.amount), 0)', needs: ['ns_amount', 'amount'] },
  },
  {
    id: 'active_merchants', label: { zh: '动销商家数', en: 'Active merchants' },
    description: { zh: '有成交的去重商家数', en: 'Distinct merchants with at least one paid order' },
    formula: 'count(distinct merchant_id)', unit: 'count', format: 'integer', fact: 'orders',
    raw: 'count(DISTINCT f.merchant_id)', rollup: { sql: 'count(DISTINCT f.merchant_id)', needs: ['merchant_id'] },
  },
];

/**
 * Session measures. ro_sessions_day keeps live_sessions' column names for its sums, so the
 * same SQL re-aggregates it; only the session count and the hours differ.
 */
const s = (
  id: string, zh: string, en: string, dzh: string, den: string,
  formula: string, unit: Measure['unit'], format: Measure['format'], raw: string, rollupSql = raw,
): Measure => ({
  id, label: { zh, en }, description: { zh: dzh, en: den }, formula, unit, format, fact: 'live_sessions', raw,
  rollup: { sql: rollupSql, needs: [...new Set([...rollupSql.matchAll(/\bf\.(\w+)/g)].map((m) => m[1]))] },
});

const SESSION_MEASURES: Measure[] = [
  s('live_gmv', '直播成交金额', 'Live GMV', '直播间内成交金额，不扣除退款', 'GMV paid inside live sessions; refunds not subtracted', 'Σ session gmv', 'CNY', 'currency', 'sum(f.gmv)'),
  s('sessions', '直播场次', 'Sessions', '直播场次数', 'Number of live sessions', 'count(*)', 'count', 'integer', 'count(*)', 'coalesce(sum(f.sessions), 0)'),
  s('live_hours', '直播时长（小时）', 'Live hours', '开播总时长', 'Total streamed hours', 'Σ (ended_at − started_at) / 3600', 'hours', 'decimal', 'sum(epoch(f.ended_at) - epoch(f.started_at)) / 3600', 'sum(f.live_seconds) / 3600'),
  s('views', '观看次数', 'Views (PV)', '进入直播间的次数', 'Entries into the live room', 'Σ views', 'count', 'integer', 'sum(f.views)'),
  s('viewers', '观看人数', 'Viewers (UV)', '各场次去重观看人数之和', 'Distinct viewers per session, summed over sessions', 'Σ viewers', 'count', 'integer', 'sum(f.viewers)'),
  s('gpm', '千次观看成交金额', 'GPM', '每千次观看的成交金额（抖音罗盘口径：按观看次数）', 'GMV per thousand views (Douyin Compass uses views, not viewers)', 'Σ gmv / Σ views × 1000', 'CNY', 'currency', 'sum(f.gmv) / nullif(sum(f.views), 0) * 1000'),
  s('uv_value', 'UV价值', 'UV value', '成交金额 / 观看人数', 'GMV per viewer', 'Σ gmv / Σ viewers', 'CNY', 'currency', 'sum(f.gmv) / nullif(sum(f.viewers), 0)'),
  s('conversion', '观看-成交率', 'View-to-buy rate', '成交人数 / 观看人数', 'Buyers / viewers', 'Σ buyers / Σ viewers', 'ratio', 'percent', 'sum(f.buyers) / nullif(sum(f.viewers), 0)'),
  s('click_conversion', '商品点击-成交率', 'Click-to-buy rate', '成交人数 / 商品点击人数', 'Buyers / product-clicking viewers', 'Σ buyers / Σ product_click_viewers', 'ratio', 'percent', 'sum(f.buyers) / nullif(sum(f.product_click_viewers), 0)'),
  s('ctr', '商品点击率', 'Product CTR', '商品点击人数 / 商品曝光人数', 'Product-clicking viewers / product-exposed viewers', 'Σ product_click_viewers / Σ product_exposed_viewers', 'ratio', 'percent', 'sum(f.product_click_viewers) / nullif(sum(f.product_exposed_viewers), 0)'),
  s('peak_online', '最高在线', 'Peak online', '单场最高同时在线人数的最大值', 'Highest concurrent viewers in any session', 'max(peak_online)', 'count', 'integer', 'max(f.peak_online)'),
  s('avg_watch_seconds', '人均观看时长', 'Avg. watch time', '总观看时长 / 观看人数', 'Total watch time / viewers', 'Σ watch_seconds / Σ viewers', 'seconds', 'duration', 'sum(f.watch_seconds) / nullif(sum(f.viewers), 0)'),
  s('engagement', '观看-互动率', 'Engagement rate', '互动人数 / 观看人数', 'Interacting viewers / viewers', 'Σ interacting_viewers / Σ viewers', 'ratio', 'percent', 'sum(f.interacting_viewers) / nullif(sum(f.viewers), 0)'),
  s('new_followers', '新增粉丝', 'New followers', '直播中新增关注，不扣除之后取关', 'Follows during sessions; later unfollows not subtracted', 'Σ new_followers', 'count', 'integer', 'sum(f.new_followers)'),
  s('follow_rate', '观看-关注率', 'Follow rate', '新增粉丝 / 观看人数', 'New followers / viewers', 'Σ new_followers / Σ viewers', 'ratio', 'percent', 'sum(f.new_followers) / nullif(sum(f.viewers), 0)'),
  s('ad_spend', '投放消耗', 'Ad spend', '付费流量投放金额', 'Paid traffic spend', 'Σ ad_spend', 'CNY', 'currency', 'sum(f.ad_spend)'),
  s('roi', '投放ROI', 'ROI', '直播成交金额 / 投放消耗', 'Live GMV / ad spend', 'Σ gmv / Σ ad_spend', 'ratio', 'decimal', 'sum(f.gmv) / nullif(sum(f.ad_spend), 0)'),
];

export const MEASURES: Measure[] = [...ORDER_MEASURES, ...SESSION_MEASURES];

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
