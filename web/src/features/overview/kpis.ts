import type { Lang, MeasureMeta, MetaResponse, MetricsQuery, MetricsResponse } from '../../lib/api/types.ts';
import { formatMeasure, formatMeasureExact, toNumber } from '../../lib/format.ts';
import { findMeasure } from '../../lib/meta.ts';

/** The headline numbers of the overview, in display order. */
export const KPI_MEASURES = ['gmv', 'orders', 'live_gmv', 'gpm'] as const;
export type KpiId = (typeof KPI_MEASURES)[number];

type MeasureInfo = Pick<MeasureMeta, 'id' | 'label' | 'description' | 'formula' | 'unit' | 'format'>;

/**
 * Used only when /api/meta is unavailable (or lacks a measure): the catalog on the server
 * is the source of labels, descriptions and formats.
 */
export const FALLBACK_MEASURES: Record<KpiId, MeasureInfo> = {
  gmv: {
    id: 'gmv',
    label: { zh: '成交金额', en: 'GMV' },
    description: { zh: '已支付订单金额之和,退款不扣减', en: 'Sum of paid order amounts; refunds are not subtracted' },
    formula: 'sum(paid_amount)',
    unit: 'CNY',
    format: 'currency',
  },
  orders: {
    id: 'orders',
    label: { zh: '成交订单数', en: 'Orders' },
    description: { zh: '已支付订单数', en: 'Count of paid orders' },
    formula: 'count(paid orders)',
    unit: 'count',
    format: 'integer',
  },
  live_gmv: {
    id: 'live_gmv',
    label: { zh: '直播成交金额', en: 'Live GMV' },
    description: { zh: '直播间内成交的金额', en: 'GMV of orders placed in live streams' },
    formula: 'sum(paid_amount) where channel = live',
    unit: 'CNY',
    format: 'currency',
  },
  gpm: {
    id: 'gpm',
    label: { zh: '千次观看成交金额', en: 'GPM' },
    description: { zh: '每千次观看带来的成交金额', en: 'GMV per thousand live-room views' },
    formula: 'gmv / views × 1000',
    unit: 'per_mille_cny',
    format: 'currency',
  },
};

export interface KpiCardModel {
  id: KpiId;
  label: string;
  description: string;
  formula: string;
  value: number | null;
  /** Headline form: ¥3.07亿, 2.01万, ¥523.45. */
  display: string;
  /** Every digit: ¥307,123,456.78. */
  exact: string;
}

export function kpiQuery(): MetricsQuery {
  return { measures: [...KPI_MEASURES] };
}

export function measureInfo(meta: MetaResponse | undefined, id: KpiId): MeasureInfo {
  return findMeasure(meta, id) ?? FALLBACK_MEASURES[id];
}

/** A KPI's value: the single row of an ungrouped query (totals as a fallback). */
export function kpiValue(metrics: MetricsResponse | undefined, id: string): number | null {
  if (!metrics) return null;
  return toNumber(metrics.rows?.[0]?.[id]) ?? toNumber(metrics.totals?.[id]);
}

export function buildKpiCards(meta: MetaResponse | undefined, metrics: MetricsResponse | undefined, lang: Lang): KpiCardModel[] {
  return KPI_MEASURES.map((id) => {
    const m = measureInfo(meta, id);
    const value = kpiValue(metrics, id);
    return {
      id,
      label: m.label[lang] || m.label.zh,
      description: m.description[lang] || m.description.zh,
      formula: m.formula,
      value,
      display: formatMeasure(value, m, lang),
      exact: formatMeasureExact(value, m, lang),
    };
  });
}

/** No rows, or no orders at all in the range: show the empty state, not a row of zeros. */
export function isEmptyKpis(metrics: MetricsResponse | undefined): boolean {
  if (!metrics || !metrics.rows?.length) return true;
  const orders = kpiValue(metrics, 'orders');
  if (orders === 0) return true;
  return KPI_MEASURES.every((id) => kpiValue(metrics, id) === null);
}
