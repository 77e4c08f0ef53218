import type { CompareBelt, Lang, MeasureFormatSpec } from '../../lib/api/types.ts';
import type { ChartOption } from '../../lib/charts/echarts.ts';
import { FONT_STACK, INK, PALETTE } from '../../lib/charts/theme.ts';
import { legendLines } from '../../lib/charts/legend.ts';
import { formatAxisPercent, formatAxisValue, formatMeasure, formatMonth, formatPercent } from '../../lib/format.ts';
import { binLabel, binRange, histogramShares, type NormalisedTrend, type PartialMonth } from './belts-model.ts';

/** ECharts options of the comparison's figures. Pure: no ECharts runtime import here. */

const legend = { type: 'scroll' as const, top: 0, left: 0, itemWidth: 14, itemHeight: 8, textStyle: { color: INK.text, fontSize: 12 } };
const grid = { left: 8, right: 16, top: 40, bottom: 8, outerBoundsMode: 'same' as const, outerBoundsContain: 'axisLabel' as const };
const axisLabel = { color: INK.muted, hideOverlap: true };
const tooltipText = { fontSize: 12, fontFamily: FONT_STACK };
const percent = (lang: Lang, digits = 1) => (v: number) => formatPercent(v, lang, digits, true);

/** The legend on a phone: every belt in view on as many lines as it takes (legendLines), the plot below it. */
export function phoneLegend(names: readonly string[]): { legend: Omit<typeof legend, 'type'> & { type: 'plain' }; top: number } {
  return { legend: { ...legend, type: 'plain' }, top: 12 + legendLines(names) * 20 };
}

/** The legend and the grid's top of a chart: scrolling on a screen, wrapped on a phone (phoneLegend). */
const legendFor = (names: readonly string[], narrow: boolean) => {
  if (!narrow) return { legend, grid };
  const p = phoneLegend(names);
  return { legend: p.legend, grid: { ...grid, top: p.top } };
};

/** A belt's colour: its own (memberColors, the overview's too), else by its place here. */
const colorOf = (colors: ReadonlyMap<string, string>, id: string, k: number) => colors.get(id) ?? PALETTE[k % PALETTE.length];

const MONTHS_ZH = Array.from({ length: 12 }, (_, i) => `${i + 1}月`);
const MONTHS_EN = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/**
 * The monthly trend in its normalised view; `spec` formats the values (amount, index, share).
 * Months the window cuts (`partial`) are drawn dashed with hollow points, as a second series of
 * the same name and colour (one legend entry); the tooltip names them with their days.
 */
export function trendOption(model: NormalisedTrend, names: Map<string, string>, colors: ReadonlyMap<string, string>, spec: MeasureFormatSpec, lang: Lang,
  partial: ReadonlyMap<string, PartialMonth> = new Map(), partialNote: (m: string) => string = (m) => formatMonth(m, lang), narrow = false): ChartOption {
  const cut = (i: number) => i >= 0 && i < model.months.length && partial.has(model.months[i]);
  return {
    color: PALETTE, animationDuration: 300, ...legendFor(model.series.map((s) => names.get(s.id) ?? s.id), narrow),
    tooltip: {
      trigger: 'axis', textStyle: tooltipText,
      formatter: (params) => {
        const ps = (Array.isArray(params) ? params : [params]) as { dataIndex: number; seriesName?: string; marker?: unknown; value?: unknown }[];
        const m = model.months[ps[0]?.dataIndex ?? -1];
        if (!m) return '';
        const seen = new Set<string>();
        // Biggest first, as the overview's trend: a dashed piece's point is {value, symbol}.
        const lines = ps.map((p) => ({ ...p, v: typeof p.value === 'object' && p.value !== null ? (p.value as { value: unknown }).value : p.value }))
          .filter((p) => p.v !== null && p.v !== undefined && !seen.has(p.seriesName ?? '') && seen.add(p.seriesName ?? ''))
          .sort((a, b) => Number(b.v) - Number(a.v))
          .map((p) => `${String(p.marker ?? '')}${p.seriesName} <b>${formatMeasure(p.v, spec, lang)}</b>`);
        return [partial.has(m) ? partialNote(m) : formatMonth(m, lang), ...lines].join('<br>');
      },
    },
    xAxis: { type: 'category', boundaryGap: false, data: model.months.map((m) => formatMonth(m, lang)), axisLabel, axisTick: { show: false }, axisLine: { lineStyle: { color: INK.axis } } },
    yAxis: { type: 'value', scale: spec.unit === 'index', axisLabel: { color: INK.muted, formatter: (v: number) => formatAxisValue(v, spec, lang) }, splitLine: { lineStyle: { color: INK.split } } },
    series: model.series.flatMap((s, k) => {
      const color = colorOf(colors, s.id, k);
      const line = { type: 'line' as const, name: names.get(s.id) ?? s.id, symbolSize: 5, connectNulls: false, itemStyle: { color } };
      const whole = { ...line, id: s.id, symbol: 'circle', lineStyle: { color }, data: s.data.map((v, i) => (cut(i) ? null : v)) };
      if (!partial.size) return [whole];
      // The dashed piece runs from a cut month to its neighbours; at a whole neighbour it draws no second point.
      const dashed = { ...line, id: `${s.id}:partial`, symbol: 'emptyCircle', lineStyle: { color, type: 'dashed' as const, opacity: 0.75 },
        data: s.data.map((v, i) => (cut(i) ? v : cut(i - 1) || cut(i + 1) ? { value: v, symbol: 'none' } : null)) };
      return [whole, dashed];
    }),
  };
}

/** Seasonality: one line per belt over the months of the year, 1 = an average month. */
export function seasonalityOption(belts: CompareBelt[], names: Map<string, string>, colors: ReadonlyMap<string, string>, lang: Lang, narrow = false): ChartOption {
  const fmt = (v: unknown) => (typeof v === 'number' ? v.toFixed(2) : '—');
  return {
    color: PALETTE, animationDuration: 300, ...legendFor(belts.map((b) => names.get(b.belt_id) ?? b.belt_id), narrow),
    tooltip: { trigger: 'axis', order: 'valueDesc', valueFormatter: (v) => fmt(Array.isArray(v) ? v[0] : v), textStyle: tooltipText },
    xAxis: { type: 'category', data: lang === 'zh' ? MONTHS_ZH : MONTHS_EN, axisLabel, axisTick: { show: false }, axisLine: { lineStyle: { color: INK.axis } } },
    yAxis: { type: 'value', min: 0, axisLabel: { color: INK.muted }, splitLine: { lineStyle: { color: INK.split } } },
    series: belts.map((b, k) => ({
      type: 'line', id: b.belt_id, name: names.get(b.belt_id) ?? b.belt_id, data: b.seasonality ?? Array(12).fill(null), symbol: 'circle', symbolSize: 5,
      itemStyle: { color: colorOf(colors, b.belt_id, k) }, lineStyle: { color: colorOf(colors, b.belt_id, k) },
    })),
  };
}

/** The order-value histogram: each belt's share of its orders per log10 bin (the same bins for all). */
export function histogramOption(belts: CompareBelt[], names: Map<string, string>, colors: ReadonlyMap<string, string>, lang: Lang, narrow = false): ChartOption {
  const edges = belts.find((b) => b.histogram.edges.length)?.histogram.edges ?? [];
  return {
    color: PALETTE, animationDuration: 300, ...legendFor(belts.map((b) => names.get(b.belt_id) ?? b.belt_id), narrow),
    tooltip: { trigger: 'axis', valueFormatter: (v) => percent(lang)(Number(Array.isArray(v) ? v[0] : v)), textStyle: tooltipText },
    // A bin is named by its range (the tooltip's title), the axis by its lower edge alone (room).
    xAxis: {
      type: 'category', data: edges.slice(0, -1).map((e, i) => binRange(e, edges[i + 1], lang)),
      axisLabel: { ...axisLabel, formatter: (_: string, i: number) => binLabel(edges[i], lang) },
      axisTick: { show: false }, axisLine: { lineStyle: { color: INK.axis } },
    },
    yAxis: { type: 'value', axisLabel: { color: INK.muted, formatter: (v: number) => formatAxisPercent(v, lang) }, splitLine: { lineStyle: { color: INK.split } } },
    series: belts.map((b, k) => ({ type: 'bar', id: b.belt_id, name: names.get(b.belt_id) ?? b.belt_id, data: histogramShares(b), barGap: '0%',
      itemStyle: { color: colorOf(colors, b.belt_id, k) } })),
  };
}

/**
 * Box plots of a per-session ratio: box P25–P75, median line, whiskers at P10 and P90.
 * `narrow` (a phone): the boxes lie down, one row per belt with its whole name beside it; six
 * slanted names under 50-pixel slots were cut to "Haining leat…".
 */
export function boxplotOption(belts: CompareBelt[], which: 'gpm' | 'conversion', names: Map<string, string>, colors: ReadonlyMap<string, string>,
  spec: MeasureFormatSpec, lang: Lang, narrow = false): ChartOption {
  const withData = belts.filter((b) => b.sessions[which].p50 !== null);
  const q = (b: CompareBelt) => { const s = b.sessions[which]; return [s.p10, s.p25, s.p50, s.p75, s.p90] as number[]; };
  const beltNames = withData.map((b) => names.get(b.belt_id) ?? b.belt_id);
  const values = { type: 'value' as const, axisLabel: { color: INK.muted, hideOverlap: true, formatter: (v: number) => formatAxisValue(v, spec, lang) }, splitLine: { lineStyle: { color: INK.split } } };
  // Every belt named under its box: wrapped at spaces rather than thinned out. ECharts' own
  // 'break' cut "Jingdezhen" mid-word at a width; now a word is never split, and one wider than
  // a box's slot (six belts in half a 1024 px page) is shortened with "…".
  const categories = narrow
    ? { type: 'category' as const, inverse: true, data: beltNames, axisTick: { show: false }, axisLabel: { color: INK.text, fontSize: 11, interval: 0, width: 96, overflow: 'break' as const } }
    : { type: 'category' as const, data: beltNames, axisTick: { show: false },
      axisLabel: { color: INK.muted, fontSize: 11, interval: 0, width: 76, overflow: 'truncate' as const, formatter: (v: string) => wrapAtSpaces(v, 8) } };
  return {
    animationDuration: 300,
    grid: { ...grid, top: 12 },
    tooltip: {
      trigger: 'item', textStyle: tooltipText,
      formatter: (p) => {
        const i = (p as { dataIndex: number }).dataIndex;
        const b = withData[i];
        const [p10, p25, p50, p75, p90] = q(b).map((v) => formatMeasure(v, spec, lang));
        return `${names.get(b.belt_id) ?? b.belt_id}<br>P90 ${p90}<br>P75 ${p75}<br>P50 ${p50}<br>P25 ${p25}<br>P10 ${p10}`;
      },
    },
    xAxis: narrow ? values : categories,
    yAxis: narrow ? categories : values,
    series: [{
      type: 'boxplot',
      ...(narrow ? { layout: 'horizontal' as const, boxWidth: [6, 18] } : {}),
      data: withData.map((b, i) => {
        const color = colorOf(colors, b.belt_id, belts.indexOf(b));
        return { value: q(b), itemStyle: { color: `${color}33`, borderColor: color }, name: String(i) };
      }),
    }],
  };
}

/**
 * A label broken into lines of at most `max` characters at spaces, or after a slash
 * (杭州纺织/服装), never inside a word: "Jingdezhen ceramics" → "Jingdezhen\nceramics".
 */
export function wrapAtSpaces(text: string, max: number): string {
  const lines: string[] = [];
  let glued = false; // the previous piece ended with a slash: the next one follows it without a space
  for (const piece of text.match(/[^\s/]*\/|[^\s/]+/g) ?? []) {
    const last = lines.length - 1;
    const joined = last >= 0 ? `${lines[last]}${glued ? '' : ' '}${piece}` : piece;
    if (last >= 0 && joined.length <= max) lines[last] = joined;
    else lines.push(piece);
    glued = piece.endsWith('/');
  }
  return lines.join('\n');
}

/** A mix as 100 % stacked horizontal bars, one per belt. */
export function mixOption(ids: string[], mixes: Map<string, Record<string, number>>, keys: string[], keyLabel: (k: string) => string,
  names: Map<string, string>, lang: Lang): ChartOption {
  return {
    // A narrow panel: the legend wraps onto more lines rather than scrolling.
    color: PALETTE, animationDuration: 300, grid: { ...grid, right: 24, top: 64 }, legend: { ...legend, type: 'plain' },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, valueFormatter: (v) => percent(lang)(Number(Array.isArray(v) ? v[0] : v)), textStyle: tooltipText },
    // Quarter steps (0 %, 25 % … 100 %): in a narrow panel tenths ran together ("80%100%").
    xAxis: { type: 'value', max: 1, interval: 0.25, axisLabel: { color: INK.muted, hideOverlap: true, formatter: (v: number) => formatAxisPercent(v, lang) }, splitLine: { lineStyle: { color: INK.split } } },
    yAxis: { type: 'category', inverse: true, data: ids.map((id) => names.get(id) ?? id), axisLabel: { color: INK.text }, axisTick: { show: false } },
    series: keys.map((k) => ({ type: 'bar', stack: 'mix', name: keyLabel(k), barMaxWidth: 22, data: ids.map((id) => mixes.get(id)?.[k] ?? 0) })),
  };
}
