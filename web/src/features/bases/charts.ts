import type { BaseMonth, BaseReturnMonth, BaseWeek, Lang } from '../../lib/api/types.ts';
import type { ChartOption } from '../../lib/charts/echarts.ts';
import { FONT_STACK, INK, PALETTE } from '../../lib/charts/theme.ts';
import { formatAxisValue, formatDate, formatMonth } from '../../lib/format.ts';
import { t } from '../../lib/i18n/messages.ts';
import { SPEC, fmtExact, pct1 } from './format.ts';
import { labelPlacer, labelStack, type Box } from './label-stack.ts';
import type { ScatterModel } from './scatter.ts';

/**
 * Chart options of the bases pages. Pure (no ECharts runtime here). `print`: no animation,
 * so the report's SVG is final when ECharts says it has finished.
 */

const SHELL = '#d92d20';
const WORKING = PALETTE[0];
const tooltipText = { fontSize: 12, fontFamily: FONT_STACK };
const legend = { top: 0, left: 0, icon: 'roundRect', itemWidth: 14, itemHeight: 6, textStyle: { color: INK.text, fontSize: 12 } };
const grid = { left: 8, right: 12, top: 36, bottom: 8, outerBoundsMode: 'same' as const, outerBoundsContain: 'axisLabel' as const };
const axisX = (data: string[]) => ({
  type: 'category' as const,
  data,
  axisLine: { lineStyle: { color: INK.axis } },
  axisTick: { show: false },
  axisLabel: { color: INK.muted, hideOverlap: true },
});
const money = (lang: Lang) => ({
  type: 'value' as const,
  axisLabel: { color: INK.muted, formatter: (v: number) => formatAxisValue(v, SPEC.cny, lang) },
  splitLine: { lineStyle: { color: INK.split } },
});

/**
 * Utilization (x) against live GMV (y), one point per base; empty shells red and labelled.
 * `narrow`: a phone's width, where labels are cut shorter so that more of them fit.
 */
export function scatterOption(model: ScatterModel, lang: Lang, print = false, narrow = false): ChartOption {
  const maxU = Math.max(0, ...model.points.map((p) => p.utilization));
  const maxG = Math.max(0, ...model.points.map((p) => p.liveGmv));
  // A point in the right part of the plot takes its label on its left, inside the canvas; one on
  // (or near) the x-axis lifts its label above the axis line, which otherwise ran through it.
  const point = (p: ScatterModel['points'][number]) => {
    const left = maxU > 0 && p.utilization > 0.6 * maxU;
    const low = p.liveGmv <= 0.04 * maxG;
    return {
      value: [p.utilization, p.liveGmv], name: p.name, id: p.id,
      // [x, y] from the symbol's top-left corner: right of it, and above the axis line.
      ...(low ? { label: { position: left ? ('top' as const) : [p.shell ? 16 : 13, -12] } } : left ? { label: { position: 'left' as const } } : {}),
    };
  };
  const stack = labelStack();
  const place = labelPlacer();
  const series = (shell: boolean) => ({
    type: 'scatter' as const,
    id: shell ? 'shell' : 'working',
    name: t(lang, shell ? 'bases.scatter.shell' : 'bases.scatter.working'),
    // Lowest first: the order the shell labels are stacked in.
    data: model.points.filter((p) => p.shell === shell).sort((a, b) => a.liveGmv - b.liveGmv || a.utilization - b.utilization).map(point),
    symbolSize: shell ? 14 : 11,
    itemStyle: { color: shell ? SHELL : WORKING, borderColor: '#fff', borderWidth: 1 },
    // Right of the point and cut to a width: the shells sit at the left edge, where a centred
    // label ran off the canvas on a phone; the tooltip and the table carry the whole name. A
    // white halo round the letters keeps grid and axis lines from striking through a name, and,
    // unlike a filled box, leaves a point behind a moved label visible.
    label: {
      show: true, position: 'right' as const, formatter: '{b}', color: shell ? SHELL : INK.text, fontSize: 11, width: narrow ? 120 : 200, overflow: 'truncate' as const,
      textBorderColor: '#fff', textBorderWidth: 3, padding: [1, 3],
    },
    // An empty shell's label is never hidden: its name is the point of the chart. Shells crowd
    // the origin, so their labels are stacked upward (label-stack.ts); ECharts moves a label only
    // once it is detached from its point (an x and y given here). A working base's label moves
    // above or below its point when its place is taken (labelPlacer), and hides only when all are.
    labelLayout: shell
      ? (p: { dataIndex?: number; labelRect: Box }) => ({
        x: p.labelRect.x, y: stack(p.dataIndex ?? 0, p.labelRect), align: 'left' as const, verticalAlign: 'top' as const, hideOverlap: false,
      })
      : (p: { dataIndex?: number; labelRect: Box; rect: Box }) => {
        const box = place(p.dataIndex ?? 0, p.labelRect, p.rect);
        return !box || box === p.labelRect ? { hideOverlap: true } : { x: box.x, y: box.y, align: 'left' as const, verticalAlign: 'top' as const, hideOverlap: true };
      },
    labelLine: { show: true, length2: 4, lineStyle: { color: INK.axis } },
    // Shell labels drawn over the others.
    z: shell ? 3 : 2,
    cursor: 'pointer',
  });
  return {
    animation: !print,
    color: [SHELL, WORKING],
    grid: { ...grid, right: 24, bottom: 24 },
    legend,
    tooltip: {
      trigger: 'item',
      textStyle: tooltipText,
      formatter: (p) => {
        const item = Array.isArray(p) ? p[0] : p;
        const [u, g] = (item.value as number[]) ?? [];
        const sep = lang === 'zh' ? '：' : ': ';
        return `${item.name}<br>${t(lang, 'bases.col.utilization')}${sep}${pct1(u, lang)}<br>${t(lang, 'bases.col.liveGmv')}${sep}${fmtExact(g, 'cny', lang)}`;
      },
    },
    xAxis: {
      type: 'value',
      min: 0,
      name: t(lang, 'bases.col.utilization'),
      nameLocation: 'middle',
      nameGap: 22,
      nameTextStyle: { color: INK.muted },
      axisLabel: { color: INK.muted, formatter: (v: number) => formatAxisValue(v, SPEC.ratio, lang) },
      splitLine: { lineStyle: { color: INK.split } },
    },
    yAxis: { ...money(lang), min: 0 },
    series: [series(true), series(false)],
  };
}

/** Weekly utilization (bars, left axis) and live GMV (line, right axis). */
export function weeklyOption(weeks: readonly BaseWeek[], lang: Lang, print = false): ChartOption {
  return {
    animation: !print,
    color: [PALETTE[0], PALETTE[1]],
    grid: { ...grid, right: 8 },
    legend,
    tooltip: { trigger: 'axis', textStyle: tooltipText },
    // A week with fewer than 7 open days in the window is starred (partialWeeksNote says why).
    xAxis: axisX(weeks.map((w) => `${formatDate(w.week, lang)}${w.days < 7 ? '*' : ''}`)),
    yAxis: [
      { type: 'value', min: 0, axisLabel: { color: INK.muted, formatter: (v: number) => formatAxisValue(v, SPEC.ratio, lang) }, splitLine: { lineStyle: { color: INK.split } } },
      { ...money(lang), splitLine: { show: false } },
    ],
    series: [
      { type: 'bar', id: 'utilization', name: t(lang, 'base.weekly.util'), data: weeks.map((w) => w.utilization), barMaxWidth: 14,
        tooltip: { valueFormatter: (v) => pct1(typeof v === 'number' ? v : null, lang) } },
      { type: 'line', id: 'live_gmv', name: t(lang, 'base.weekly.gmv'), yAxisIndex: 1, data: weeks.map((w) => w.live_gmv), symbol: 'none', lineStyle: { width: 2 },
        tooltip: { valueFormatter: (v) => fmtExact(typeof v === 'number' ? v : null, 'cny', lang) } },
    ],
  };
}

/** Merchants, new merchants and anchors by month. */
export function monthlyOption(months: readonly BaseMonth[], lang: Lang, print = false): ChartOption {
  const line = (id: 'merchants' | 'new_merchants' | 'anchors', key: 'base.monthly.merchants' | 'base.monthly.new' | 'base.monthly.anchors') =>
    ({ type: 'line' as const, id, name: t(lang, key), data: months.map((m) => m[id]), symbol: 'circle', symbolSize: 4, lineStyle: { width: 2 } });
  return {
    animation: !print,
    color: [PALETTE[0], PALETTE[2], PALETTE[1]],
    grid,
    legend,
    tooltip: { trigger: 'axis', textStyle: tooltipText },
    xAxis: axisX(months.map((m) => formatMonth(m.month.slice(0, 7), lang))),
    yAxis: { type: 'value', minInterval: 1, axisLabel: { color: INK.muted }, splitLine: { lineStyle: { color: INK.split } } },
    series: [line('merchants', 'base.monthly.merchants'), line('new_merchants', 'base.monthly.new'), line('anchors', 'base.monthly.anchors')],
  };
}

/** Reported GMV (monthly returns) beside the GMV the sessions show, by month. */
/** How strongly a part month's sessions bar is drawn beside a whole month's return. */
export const PART_MONTH_OPACITY = 0.3;

export function returnsOption(months: readonly BaseReturnMonth[], lang: Lang, print = false): ChartOption {
  const cny = (v: unknown) => fmtExact(typeof v === 'number' ? v : null, 'cny', lang);
  return {
    animation: !print,
    color: [PALETTE[1], PALETTE[0]],
    grid,
    legend,
    tooltip: { trigger: 'axis', textStyle: tooltipText, valueFormatter: cny },
    xAxis: axisX(months.map((m) => formatMonth(m.month.slice(0, 7), lang))),
    yAxis: money(lang),
    series: [
      { type: 'bar', id: 'reported', name: t(lang, 'base.ret.reported'), data: months.map((m) => m.reported?.gmv_cny ?? null), barMaxWidth: 12 },
      // A part month's sessions are some of its days (the table says "part month"): drawn faint,
      // so a bar beside a whole month's return does not read as a shortfall.
      { type: 'bar', id: 'observed', name: t(lang, 'base.ret.observed'), barMaxWidth: 12,
        data: months.map((m) => (m.whole_month ? m.observed.live_gmv : { value: m.observed.live_gmv, itemStyle: { opacity: PART_MONTH_OPACITY } })) },
    ],
  };
}
