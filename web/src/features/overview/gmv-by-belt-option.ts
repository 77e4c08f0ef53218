import type { Lang, MeasureFormatSpec } from '../../lib/api/types.ts';
import type { ChartOption } from '../../lib/charts/echarts.ts';
import { FONT_STACK, INK, PALETTE } from '../../lib/charts/theme.ts';
import { formatAxisValue, formatMeasure, formatMonth } from '../../lib/format.ts';
import type { TrendModel } from './trend.ts';

/** ECharts option for the monthly GMV-by-belt lines. Pure: no ECharts runtime import here. */
export function gmvByBeltOption(model: TrendModel, spec: MeasureFormatSpec, lang: Lang): ChartOption {
  // Dots help on a short range; on a long one they only add noise.
  const many = model.periods.length > 18;
  return {
    color: PALETTE,
    animationDuration: 400,
    grid: { left: 8, right: 20, top: 44, bottom: 8, outerBoundsMode: 'same', outerBoundsContain: 'axisLabel' },
    legend: {
      type: 'scroll',
      top: 0,
      left: 0,
      icon: 'roundRect',
      itemWidth: 14,
      itemHeight: 4,
      itemGap: 18,
      textStyle: { color: INK.text, fontSize: 12 },
      pageIconSize: 10,
    },
    tooltip: {
      trigger: 'axis',
      order: 'valueDesc',
      valueFormatter: (v) => formatMeasure(Array.isArray(v) ? v[0] : v, spec, lang),
      textStyle: { fontSize: 12, fontFamily: FONT_STACK },
    },
    xAxis: {
      type: 'category',
      boundaryGap: false,
      data: model.periods.map((p) => formatMonth(p, lang)),
      axisLine: { lineStyle: { color: INK.axis } },
      axisTick: { show: false },
      axisLabel: { color: INK.muted, hideOverlap: true },
    },
    yAxis: {
      type: 'value',
      axisLabel: { color: INK.muted, formatter: (v: number) => formatAxisValue(v, spec, lang) },
      splitLine: { lineStyle: { color: INK.split } },
    },
    series: model.series.map((s) => ({
      type: 'line',
      id: s.id,
      name: s.name,
      data: s.data,
      symbol: 'circle',
      symbolSize: 5,
      showSymbol: !many,
      lineStyle: { width: 2 },
      emphasis: { focus: 'series' },
    })),
  };
}
