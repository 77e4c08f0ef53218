import { KPI_MEASURES } from '../../../../catalog/views.ts';
import type { Lang, MeasureMeta, MetaResponse, MetricsResponse } from '../../lib/api/types.ts';
import { formatMeasure, formatMeasureExact, formatPercent, toNumber } from '../../lib/format.ts';
import { t } from '../../lib/i18n/messages.ts';
import { findMeasure } from '../../lib/meta.ts';

/** The headline numbers of the overview, in display order (declared with the overview's queries). */
export { KPI_MEASURES };
export type KpiId = (typeof KPI_MEASURES)[number];

type MeasureInfo = Pick<MeasureMeta, 'id' | 'label' | 'description' | 'formula' | 'unit' | 'format'>;

/**
 * While /api/meta is missing (loading or failed) a measure shows its id and a plain number:
 * labels, descriptions, formulas and formats live only in the server's catalog.
 */
export function placeholderMeasure(id: string): MeasureInfo {
  return { id, label: { zh: id, en: id }, description: { zh: '', en: '' }, formula: '', unit: 'count', format: 'decimal' };
}

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
  /** Relative change against the comparison window (0.12 = +12%); null when there is none. */
  change: number | null;
  /** +12.3% / −4.1%; '' when there is no change to show. */
  changeText: string;
  /** Why the value is unknown (the API's notes, in the page's language); null when it is known. */
  note: string | null;
  /** The value's tooltip: its exact value, or why there is none (never "Exact value —"). */
  tooltip: string;
  /**
   * The page's filters this value does not follow (the API's notApplied: live sessions have no
   * category), said on the card; null when it follows them all. Without it, ¥81.6M of live GMV
   * beside ¥1.38M of tea GMV reads as tea's.
   */
  unfiltered: string | null;
}

/** The filters the API did not apply to measure `id`, named by their labels; null when none. */
export function unfilteredNote(metrics: MetricsResponse | undefined, meta: MetaResponse | undefined, id: string, lang: Lang): string | null {
  const dims = (metrics?.notApplied ?? []).filter((n) => n.measures.includes(id))
    .map((n) => meta?.dimensions.find((d) => d.id === n.dimension)?.label[lang] ?? n.dimension);
  return dims.length ? t(lang, 'kpi.notApplied', { dims: dims.join(lang === 'zh' ? '、' : ', ') }) : null;
}

/**
 * Why a measure's value is null: the API's notes for that measure (masked buyer ids, unknown
 * refunds), else those for every measure (hidden small groups), else a plain "cannot be computed".
 * The notes come in the language the query asked for, which is the page's.
 */
export function unknownReason(metrics: MetricsResponse | undefined, id: string, lang: Lang): string {
  const notes = metrics?.notes ?? [];
  const own = notes.filter((n) => n.measure === id);
  const reasons = (own.length ? own : notes.filter((n) => n.measure === '*')).map((n) => n.message);
  return reasons.length ? [...new Set(reasons)].join(lang === 'zh' ? '；' : '; ') : t(lang, 'kpi.unknown');
}

/** A change as a signed percentage with one decimal: +12.3%, −4.1% (a real minus sign). */
export function formatChange(change: number | null, lang: Lang): string {
  if (change === null || !Number.isFinite(change)) return '';
  return `${change > 0 ? '+' : change < 0 ? '−' : '±'}${formatPercent(Math.abs(change), lang)}`;
}

/**
 * The line under a KPI: 同比 +12.3%; or, without a change, why: the comparison period is not
 * wholly in the data (the server leaves such changes empty), or there is nothing to compare.
 */
export function kpiChangeLabel(changeText: string, metrics: MetricsResponse | undefined, compare: string, lang: Lang): string {
  if (changeText) return t(lang, 'kpi.change', { compare, value: changeText });
  return metrics?.comparison?.covered === false
    ? t(lang, 'kpi.notCovered', { compare, from: metrics.comparison.from })
    : t(lang, 'kpi.noChange', { compare });
}

/**
 * Under the cards: which days the changes compare with (a lunar 同比 moves by the festivals'
 * distance, so the dates are not guessable) and that every change is relative, rates too (同比
 * +1.5% on a 0.80% conversion rate is 0.81%, not 2.30%). Null without a comparison.
 */
export function comparisonNote(metrics: MetricsResponse | undefined, compare: string, lang: Lang): string | null {
  const c = metrics?.comparison;
  return c ? t(lang, 'kpi.comparedWith', { compare, from: c.from, to: c.to }) : null;
}

export function measureInfo(meta: MetaResponse | undefined, id: KpiId): MeasureInfo {
  return findMeasure(meta, id) ?? placeholderMeasure(id);
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
    const change = kpiValue(metrics, `${id}_change`);
    const exact = formatMeasureExact(value, m, lang);
    const note = value === null && metrics ? unknownReason(metrics, id, lang) : null;
    return {
      id,
      label: m.label[lang] || m.label.zh,
      description: m.description[lang] || m.description.zh,
      formula: m.formula,
      value,
      display: formatMeasure(value, m, lang),
      exact,
      change,
      changeText: formatChange(change, lang),
      note,
      tooltip: note ?? t(lang, 'kpi.exact', { value: exact }),
      unfiltered: unfilteredNote(metrics, meta, id, lang),
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
