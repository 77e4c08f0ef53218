import { sql } from '../dialect.ts';
import type { InnerGrouping, Label, Measure } from '../types.ts';

/**
 * Measures over an inner grouping (two-level): concentration of merchants' GMV within each
 * group, and quantiles of parent-order values and of per-session ratios. The planner computes
 * the inner rows in SQL for every outer group (by, grain, filters, compare all apply) and these
 * expressions aggregate them (alias `i`).
 */
const MERCHANT_GMV: InnerGrouping = {
  id: 'merchant_gmv',
  // A merchant across its platforms: shares are of the merchant's whole GMV in the group.
  keys: ['merchant_id'],
  value: { raw: 'sum(f.amount)', rollup: { sql: 'sum(f.amount)', needs: ['amount', 'merchant_id'] } },
  ranked: true,
};

const PARENT_ORDER_VALUE: InnerGrouping = {
  id: 'parent_order_value',
  keys: ['platform_id', 'parent_order_id'],
  value: { raw: 'sum(f.amount)' },
  // A line split_orders does not name is its parent order's only line: its value is its amount.
  // Grouping the ~9M parent orders of a year at 10M lines took ~4 s; the ~1M lines of split orders ~1 s.
  ownRows: { when: 'sp.first_order_id IS NULL', joins: ['split'], value: 'f.amount' },
};

const notByMerchant = {
  dims: ['merchant'],
  why: { zh: '集中度衡量商家之间的份额，不能再按商家拆分', en: 'concentration is a share across merchants, so it cannot be split by merchant' },
};
const notByLine = {
  dims: ['category', 'hub'],
  why: { zh: '一笔订单的各行可能属于不同品类或仓库，订单金额不能按它们拆分', en: 'the lines of one order can differ in category and hub, so an order\'s value cannot be split by them' },
};
const zeroGmv: Label = { zh: '成交金额为 0 的分组没有集中度', en: 'A group with zero GMV has no concentration' };

// Null for a group whose GMV is zero: shares are undefined there.
const whenSales = (expr: string) => `CASE WHEN max(i.total) > 0 THEN ${expr} END`;

const concentration = (id: string, zh: string, en: string, dzh: string, den: string, formula: string,
  unit: Measure['unit'], format: Measure['format'], raw: string): Measure => ({
  id, label: { zh, en }, description: { zh: dzh, en: den }, formula, unit, format, fact: 'orders',
  raw: whenSales(raw), inner: MERCHANT_GMV, notBy: notByMerchant, nullWhen: zeroGmv,
});

const orderValue = (p: number): Measure => ({
  id: `order_value_p${p * 100}`,
  label: { zh: `订单金额 P${p * 100}`, en: `Order value P${p * 100}` },
  description: {
    zh: `每笔（主）订单金额的第 ${p * 100} 百分位数（连续插值）`,
    en: `The ${p * 100}th percentile of (parent) order values, interpolated`,
  },
  formula: `quantile_cont(Σ amount per (platform_id, parent_order_id), ${p})`,
  unit: 'CNY', format: 'currency', fact: 'orders',
  raw: sql.quantile('i.v', p), quantile: { of: 'i.v', p }, inner: PARENT_ORDER_VALUE, notBy: notByLine,
});

/**
 * Per-session ratios whose spread across sessions the session quantiles describe (a session is
 * one row of live_sessions, alias `f`), and the sessions they are taken over: those with views
 * and viewers, where both ratios are defined. /api/compare's box plots use the same three.
 */
export const SESSION_RATIOS = { gpm: 'f.gmv / f.views * 1000', conversion: 'f.buyers / f.viewers' } as const;
export const SESSION_RATIO_SESSIONS = 'f.views > 0 AND f.viewers > 0';
/** The p-quantile (interpolated) of a per-session ratio over the sessions it is defined for. */
export const sessionQuantile = (ratio: string, p: number) => sql.filtered(sql.quantile(ratio, p), SESSION_RATIO_SESSIONS);

const sessionMedian = (id: string, zh: string, en: string, dzh: string, den: string, formula: string,
  format: Measure['format'], unit: Measure['unit'], ratio: string): Measure => ({
  id, label: { zh, en }, description: { zh: dzh, en: den }, formula, unit, format, fact: 'live_sessions',
  raw: sessionQuantile(ratio, 0.5),
});

export const DISTRIBUTION_MEASURES: Measure[] = [
  concentration('hhi', '赫芬达尔指数', 'HHI', '各商家成交金额份额平方和 × 10000（0–10000，越高越集中）',
    "Sum of squared merchants' GMV shares × 10,000 (0–10,000; higher is more concentrated)",
    'Σ share² × 10000, share = merchant gmv / group gmv', 'index', 'decimal', 'sum(i.share * i.share) * 10000'),
  concentration('cr4', '前4商家集中度', 'CR4', '成交金额前 4 名商家的份额之和（不足 4 家时为 1）',
    'Share of GMV of the top 4 merchants (1 when a group has fewer)', 'Σ share of the top 4 merchants', 'ratio', 'percent',
    sql.filtered('sum(i.share)', 'i.rk <= 4')),
  concentration('cr10', '前10商家集中度', 'CR10', '成交金额前 10 名商家的份额之和（不足 10 家时为 1）',
    'Share of GMV of the top 10 merchants (1 when a group has fewer)', 'Σ share of the top 10 merchants', 'ratio', 'percent',
    sql.filtered('sum(i.share)', 'i.rk <= 10')),
  // cum × 5 ≥ total × 4 is cum ≥ 0.8 × total in exact decimal arithmetic.
  concentration('merchants_80', '贡献80%成交的商家数', 'Merchants for 80%', '累计份额达到 80% 所需的最少商家数',
    'The fewest merchants whose cumulative share of GMV reaches 80%', 'min k: Σ share of the top k ≥ 0.8', 'count', 'integer',
    sql.filtered('min(i.rk)', 'i.cum * 5 >= i.total * 4')),
  orderValue(0.1),
  orderValue(0.5),
  orderValue(0.9),
  sessionMedian('session_gpm_p50', '场均GPM中位数', 'Median session GPM', '各场次 GPM 的中位数（不含观看为 0 的场次）',
    'Median of per-session GPM (sessions with no views excluded)', 'median(gmv / views × 1000)', 'currency', 'CNY',
    SESSION_RATIOS.gpm),
  sessionMedian('session_conversion_p50', '场均观看-成交率中位数', 'Median session conversion', '各场次观看-成交率的中位数（不含观看人数为 0 的场次）',
    'Median of per-session view-to-buy rates (sessions with no viewers excluded)', 'median(buyers / viewers)', 'percent', 'ratio',
    SESSION_RATIOS.conversion),
];
