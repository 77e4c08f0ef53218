import { sql } from '../dialect.ts';
import type { Measure } from '../types.ts';
import { parentOrderCount } from './orders.ts';

/**
 * Measures of logistics hubs (warehousing, quality inspection and delivery, which also protect
 * the origin label), over order lines: each line ships from one hub (`hub_id`; Douyin names a
 * warehouse per sub-order). Medians and the certified share read raw rows (the rollups hold no
 * times and no hub attributes); the tables they read are filtered by belt and window.
 */
const hours = (to: string) => `(${sql.epoch(`f.${to}`)} - ${sql.epoch('f.paid_at')}) / 3600.0`;

type Def = Pick<Measure, 'id' | 'formula' | 'unit' | 'format' | 'raw' | 'joins' | 'parentLevel' | 'lowerIsBetter'> & { zh: string; en: string; dzh: string; den: string };
const m = ({ zh, en, dzh, den, ...rest }: Def): Measure => ({ ...rest, fact: 'orders', label: { zh, en }, description: { zh: dzh, en: den } });

export const HUB_MEASURES: Measure[] = [
  m({
    id: 'qc_pass_rate', zh: '质检合格率', en: 'QC pass rate',
    dzh: '质检合格的订单行 / 有质检结果的订单行', den: 'Order lines that passed QC / lines with a QC result',
    formula: 'count(qc_passed) / count(QC results)', unit: 'ratio', format: 'percent',
    raw: `${sql.filtered('count(*)', 'f.qc_passed')} / nullif(count(f.qc_passed), 0)`,
  }),
  m({
    id: 'ship_hours_p50', zh: '发货时长中位数（小时）', en: 'Median hours to ship',
    dzh: '从付款到发货的小时数中位数（未发货的不计）', den: 'Median hours from payment to shipping (lines not shipped excluded)',
    formula: 'median(shipped_at − paid_at)', unit: 'hours', format: 'decimal', raw: sql.quantile(hours('shipped_at'), 0.5), lowerIsBetter: true,
  }),
  m({
    id: 'deliver_hours_p50', zh: '送达时长中位数（小时）', en: 'Median hours to deliver',
    dzh: '从付款到签收的小时数中位数（未签收的不计）', den: 'Median hours from payment to delivery (lines not delivered excluded)',
    formula: 'median(delivered_at − paid_at)', unit: 'hours', format: 'decimal', raw: sql.quantile(hours('delivered_at'), 0.5), lowerIsBetter: true,
  }),
  m({
    id: 'certified_share', zh: '产地认证仓发货成交占比', en: 'Origin-certified share of GMV',
    dzh: '经产地认证仓发货的成交金额 / 成交金额', den: 'GMV shipped through an origin-certified hub / GMV',
    formula: 'Σ amount[certified hub] / Σ amount', unit: 'ratio', format: 'percent', joins: ['hub'],
    raw: `coalesce(${sql.filtered('sum(f.amount)', 'h.origin_certified')}, 0) / nullif(sum(f.amount), 0)`,
  }),
  m({
    id: 'certified_order_share', zh: '认证仓发货订单占比', en: 'Orders through certified hubs',
    dzh: '有订单行经产地认证仓发货的订单 / 订单', den: 'Orders with a line shipped through an origin-certified hub / orders',
    formula: 'count(distinct orders[certified hub]) / orders', unit: 'ratio', format: 'percent', joins: ['hub', 'split'], parentLevel: true,
    raw: `${parentOrderCount('h.origin_certified')} / nullif(${parentOrderCount()}, 0)`,
  }),
];
