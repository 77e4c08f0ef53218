/**
 * The only place ECharts is imported at run time. Register exactly what the app draws, so
 * the bundle carries no other chart types. This module is loaded lazily (see EChart.svelte):
 * the KPI cards render before the chart library arrives.
 */
import { init, use, type ComposeOption } from 'echarts/core';
import {
  BarChart, BoxplotChart, LineChart, ScatterChart,
  type BarSeriesOption, type BoxplotSeriesOption, type LineSeriesOption, type ScatterSeriesOption,
} from 'echarts/charts';
import {
  GridComponent,
  LegendComponent,
  TooltipComponent,
  type GeoComponentOption,
  type GridComponentOption,
  type LegendComponentOption,
  type TooltipComponentOption,
} from 'echarts/components';
import { LabelLayout } from 'echarts/features';
import { CanvasRenderer, SVGRenderer } from 'echarts/renderers';

// SVG for print: the base report's charts stay vector (sharp on paper, text in the PDF's text layer).
// LabelLayout: overlapping point labels of the bases scatter are hidden rather than drawn over each other.
use([LineChart, BarChart, BoxplotChart, ScatterChart, GridComponent, TooltipComponent, LegendComponent, LabelLayout, CanvasRenderer, SVGRenderer]);

export { init };
export type { ECharts } from 'echarts/core';

/** Options the registered pieces can draw. Add a type here when you register a chart. */
// The map's pieces (geo, scatter) are registered by echarts-map.ts when a map is shown.
export type ChartOption = ComposeOption<
  | LineSeriesOption | BarSeriesOption | BoxplotSeriesOption | ScatterSeriesOption
  | GeoComponentOption | GridComponentOption | LegendComponentOption | TooltipComponentOption
>;
