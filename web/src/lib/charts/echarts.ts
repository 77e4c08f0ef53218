/**
 * The only place ECharts is imported at run time. Register exactly what the app draws, so
 * the bundle carries no other chart types. This module is loaded lazily (see EChart.svelte):
 * the KPI cards render before the chart library arrives.
 */
import { init, use, type ComposeOption } from 'echarts/core';
import { BarChart, LineChart, type BarSeriesOption, type LineSeriesOption, type ScatterSeriesOption } from 'echarts/charts';
import {
  GridComponent,
  LegendComponent,
  TooltipComponent,
  type GeoComponentOption,
  type GridComponentOption,
  type LegendComponentOption,
  type TooltipComponentOption,
} from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';

use([LineChart, BarChart, GridComponent, TooltipComponent, LegendComponent, CanvasRenderer]);

export { init };
export type { ECharts } from 'echarts/core';

/** Options the registered pieces can draw. Add a type here when you register a chart. */
// The map's pieces (geo, scatter) are registered by echarts-map.ts when a map is shown.
export type ChartOption = ComposeOption<
  LineSeriesOption | BarSeriesOption | ScatterSeriesOption | GeoComponentOption | GridComponentOption | LegendComponentOption | TooltipComponentOption
>;
