import type { Lang, MeasureFormatSpec } from '../../lib/api/types.ts';
import { legendLines } from '../../lib/charts/legend.ts';
import type { ChartOption } from '../../lib/charts/echarts.ts';
import { FONT_STACK, INK, PALETTE } from '../../lib/charts/theme.ts';
import { formatAxisPercent, formatAxisValue, formatDate, formatMeasure, formatMonth, formatPercent } from '../../lib/format.ts';
import type { ChartGrain } from '../../lib/filters/filters.ts';
import { t } from '../../lib/i18n/messages.ts';
import type { MixModel } from './mix.ts';
import type { TrendModel } from './trend.ts';

/** A period key as the axis shows it: 2025年1月 / Jan 2025 for months, the (first) day otherwise. */
export function formatPeriod(key: string, grain: ChartGrain, lang: Lang): string {
  return grain === 'month' ? formatMonth(key, lang) : formatDate(key, lang);
}

const legend = {
  type: 'scroll' as const,
  top: 0,
  left: 0,
  icon: 'roundRect',
  itemWidth: 14,
  itemHeight: 4,
  itemGap: 18,
  textStyle: { color: INK.text, fontSize: 12 },
  pageIconSize: 10,
};

/** The id of a series' cut periods, drawn dashed beside the series of the same member. */
const PARTIAL = ':partial';
/** The member a trend series draws (a click on a dashed piece filters its belt, not "belt:partial"). */
export const seriesMember = (seriesId: string) => (seriesId.endsWith(PARTIAL) ? seriesId.slice(0, -PARTIAL.length) : seriesId);

/** Lines of one measure by belt over time. Pure: no ECharts runtime import here. */
export function trendOption(model: TrendModel, spec: MeasureFormatSpec, grain: ChartGrain, lang: Lang,
  /** Periods the window cuts (trendPartialPeriods): drawn dashed, as on /belts, so a cut month does not read as a slump. */
  partial: ReadonlySet<string> = new Set(),
  /** A phone: the legend wraps with every belt in view (legendLines), the plot below it. */
  narrow = false): ChartOption {
  const many = model.periods.length > 18;
  const cut = (i: number) => i >= 0 && i < model.periods.length && partial.has(model.periods[i]);
  return {
    color: PALETTE,
    animationDuration: 400,
    grid: { left: 8, right: 20, top: narrow ? 24 + legendLines(model.series.map((s) => s.name)) * 20 : 44, bottom: 8, outerBoundsMode: 'same', outerBoundsContain: 'axisLabel' },
    legend: narrow ? { ...legend, type: 'plain' as const } : legend,
    tooltip: {
      trigger: 'axis',
      order: 'valueDesc',
      valueFormatter: (v) => formatMeasure(Array.isArray(v) ? v[0] : v, spec, lang),
      textStyle: { fontSize: 12, fontFamily: FONT_STACK },
      // A dashed piece repeats its series' values at the cut period's neighbours: one line per belt.
      ...(partial.size ? { formatter: trendTooltip(model, grain, spec, lang) } : {}),
    },
    xAxis: {
      type: 'category',
      boundaryGap: false,
      data: model.periods.map((p) => formatPeriod(p, grain, lang)),
      axisLine: { lineStyle: { color: INK.axis } },
      axisTick: { show: false },
      axisLabel: { color: INK.muted, hideOverlap: true },
    },
    yAxis: {
      type: 'value',
      axisLabel: { color: INK.muted, formatter: (v: number) => formatAxisValue(v, spec, lang) },
      splitLine: { lineStyle: { color: INK.split } },
    },
    series: model.series.flatMap((s) => {
      const line = { type: 'line' as const, name: s.name, symbolSize: 5, showSymbol: !many, connectNulls: false,
        itemStyle: { color: s.color }, emphasis: { focus: 'series' as const }, cursor: 'pointer' };
      const whole = { ...line, id: s.id, symbol: 'circle', lineStyle: { width: 2, color: s.color },
        data: partial.size ? s.data.map((v, i) => (cut(i) ? null : v)) : s.data };
      if (!partial.size) return [whole];
      const dashed = { ...line, id: `${s.id}${PARTIAL}`, symbol: 'emptyCircle', lineStyle: { width: 2, color: s.color, type: 'dashed' as const, opacity: 0.75 },
        data: s.data.map((v, i) => (cut(i) ? v : cut(i - 1) || cut(i + 1) ? { value: v, symbol: 'none' } : null)) };
      return [whole, dashed];
    }),
  };
}

/** The trend's tooltip when cut periods are drawn as second series: each belt once, biggest first. */
function trendTooltip(model: TrendModel, grain: ChartGrain, spec: MeasureFormatSpec, lang: Lang) {
  return (params: unknown) => {
    const ps = (Array.isArray(params) ? params : [params]) as { dataIndex: number; seriesName?: string; marker?: unknown; value?: unknown }[];
    const period = model.periods[ps[0]?.dataIndex ?? -1];
    if (!period) return '';
    const seen = new Set<string>();
    const rows = ps.map((p) => ({ ...p, v: typeof p.value === 'object' && p.value !== null ? (p.value as { value: unknown }).value : p.value }))
      .filter((p) => p.v !== null && p.v !== undefined && !seen.has(p.seriesName ?? '') && seen.add(p.seriesName ?? ''))
      .sort((a, b) => Number(b.v) - Number(a.v));
    return [formatPeriod(period, grain, lang), ...rows.map((p) => `${String(p.marker ?? '')}${p.seriesName} <b>${formatMeasure(p.v as number, spec, lang)}</b>`)].join('<br>');
  };
}

const pct = (v: number, lang: Lang) => formatPercent(v, lang, 1, true);

/** Each belt a horizontal bar split by platform, as a share of the belt's total (100% stacked). */
export function mixOption(model: MixModel, spec: MeasureFormatSpec, lang: Lang, narrow = false): ChartOption {
  return {
    color: PALETTE,
    animationDuration: 300,
    // On a phone the legend wraps with every platform in view (a scrolling one read "Taobao / T 1/2").
    grid: { left: 8, right: 16, top: narrow ? 16 + legendLines(model.platforms.map((p) => p.name)) * 20 : 36, bottom: 8, outerBoundsMode: 'same', outerBoundsContain: 'axisLabel' },
    legend: narrow ? { ...legend, type: 'plain' as const } : legend,
    tooltip: {
      trigger: 'axis',
      axisPointer: { type: 'shadow' },
      textStyle: { fontSize: 12, fontFamily: FONT_STACK },
      formatter: (params) => {
        const list = Array.isArray(params) ? params : [params];
        const i = list[0]?.dataIndex ?? 0;
        const head = model.belts[i]?.name ?? '';
        // The page's punctuation: full-width ：（） in Chinese only.
        const lines = model.platforms.map((p) =>
          t(lang, 'mix.line', { platform: p.name, share: pct(p.shares[i], lang), value: formatMeasure(p.values[i], spec, lang) }));
        return [head, ...lines].join('<br>');
      },
    },
    xAxis: {
      type: 'value',
      max: 1,
      axisLabel: { color: INK.muted, formatter: (v: number) => formatAxisPercent(v, lang) },
      splitLine: { lineStyle: { color: INK.split } },
    },
    yAxis: {
      type: 'category',
      inverse: true,
      data: model.belts.map((b) => b.name),
      axisLine: { lineStyle: { color: INK.axis } },
      axisTick: { show: false },
      axisLabel: { color: INK.text },
    },
    series: model.platforms.map((p) => ({
      type: 'bar',
      id: p.id,
      name: p.name,
      stack: 'share',
      barMaxWidth: 22,
      data: p.shares,
      cursor: 'pointer',
    })),
  };
}
