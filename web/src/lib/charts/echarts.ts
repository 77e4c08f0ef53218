/**
 * The only place ECharts is imported at run time. Register exactly what the app draws, so
 * the bundle carries no other chart types. This module is loaded lazily (see EChart.svelte):
 * the KPI cards render before the chart library arrives.
 */
import { init, use, type ComposeOption } from 'echarts/core';
import { BarChart, BoxplotChart, LineChart, type BarSeriesOption, type BoxplotSeriesOption, type LineSeriesOption } from 'echarts/charts';
import {
  GridComponent,
  LegendComponent,
  TooltipComponent,
  type GridComponentOption,
  type LegendComponentOption,
  type TooltipComponentOption,
} from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';

use([LineChart, BarChart, BoxplotChart, GridComponent, TooltipComponent, LegendComponent, CanvasRenderer]);

export { init };
export type { ECharts } from 'echarts/core';

/** Options the registered pieces can draw. Add a type here when you register a chart. */
export type ChartOption = ComposeOption<
  LineSeriesOption | BarSeriesOption | BoxplotSeriesOption | GridComponentOption | LegendComponentOption | TooltipComponentOption
>;
