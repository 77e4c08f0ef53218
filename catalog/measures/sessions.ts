import { sql } from '../dialect.ts';
import type { Measure } from '../types.ts';

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

export const SESSION_MEASURES: Measure[] = [
  s('live_gmv', '直播成交金额', 'Live GMV', '直播间内成交金额，不扣除退款', 'GMV paid inside live sessions; refunds not subtracted', 'Σ session gmv', 'CNY', 'currency', 'sum(f.gmv)'),
  s('sessions', '直播场次', 'Sessions', '直播场次数', 'Number of live sessions', 'count(*)', 'count', 'integer', 'count(*)', 'coalesce(sum(f.sessions), 0)'),
  s('live_hours', '直播时长（小时）', 'Live hours', '开播总时长', 'Total streamed hours', 'Σ (ended_at − started_at) / 3600', 'hours', 'decimal', `sum(${sql.epoch('f.ended_at')} - ${sql.epoch('f.started_at')}) / 3600`, 'sum(f.live_seconds) / 3600'),
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
