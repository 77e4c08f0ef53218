import type { Lang, MeasureFormatSpec, MetaResponse, MetricsResponse } from '../../lib/api/types.ts';
import type { ChartOption } from '../../lib/charts/echarts.ts';
import { FONT_STACK, INK } from '../../lib/charts/theme.ts';
import { formatMeasure, toNumber } from '../../lib/format.ts';

export interface BeltPoint {
  id: string;
  name: string;
  value: number;
  lat: number;
  lon: number;
  /** The label goes left of the bubble: a neighbour close to the east takes the right. */
  labelLeft: boolean;
}
export interface BeltMapModel {
  /** GB/T 2260 codes of the provinces holding the belts shown, in order. */
  provinces: string[];
  /** Belts with a value and a place, biggest first. */
  points: BeltPoint[];
}

/** Each belt of `{belt, <measure>}` rows at its city (from /api/meta), and the provinces to draw. */
export function buildBeltMap(metrics: MetricsResponse | undefined, meta: MetaResponse | undefined, lang: Lang, measure: string): BeltMapModel {
  const places = new Map((meta?.values?.belt ?? []).map((b) => [b.id, b]));
  const points: BeltPoint[] = [];
  const provinces = new Set<string>();
  for (const row of metrics?.rows ?? []) {
    const b = places.get(String(row.belt ?? ''));
    const v = toNumber(row[measure]);
    if (!b?.place || v === null) continue;
    points.push({ id: b.id, name: b.label[lang] || b.label.zh, value: v, lat: b.place.lat, lon: b.place.lon, labelLeft: false });
    provinces.add(b.place.province);
  }
  points.sort((a, b) => b.value - a.value);
  // Neighbouring cities (Suzhou and Yixing, Hangzhou and Haining) would print over each other.
  for (const p of points) p.labelLeft = points.some((q) => q !== p && q.lon > p.lon && q.lon - p.lon < 1.2 && Math.abs(q.lat - p.lat) < 0.6);
  return { provinces: [...provinces].sort(), points };
}

/** Bubble diameter in px: area proportional to the value, the largest 40 px, none under 8 px. */
export function bubbleSize(value: number, max: number): number {
  if (!(max > 0) || !(value > 0)) return 8;
  return Math.max(8, 40 * Math.sqrt(value / max));
}

/** The map's option: provinces as a quiet backdrop, one labelled bubble per belt. Pure. */
export function beltMapOption(model: BeltMapModel, mapName: string, spec: MeasureFormatSpec, lang: Lang, narrow = false): ChartOption {
  const max = Math.max(0, ...model.points.map((p) => p.value));
  // On a phone a full English name right of a bubble near the coast ran off the chart ("Haining
  // leathe") and the close cities' names ran into each other: there a label is the place alone
  // (Haining), the whole name in the tooltip. Chinese names are short enough.
  const short = (name: string) => (narrow && lang === 'en' ? name.split(' ')[0] : name);
  return {
    animationDuration: 300,
    tooltip: {
      trigger: 'item',
      textStyle: { fontSize: 12, fontFamily: FONT_STACK },
      formatter: (p) => {
        const pt = model.points[(p as { dataIndex: number }).dataIndex];
        return pt ? `${pt.name}<br/>${formatMeasure(pt.value, spec, lang)}` : '';
      },
    },
    geo: {
      map: mapName,
      roam: false,
      silent: true,
      top: 12,
      bottom: 12,
      itemStyle: { areaColor: '#eef2f8', borderColor: '#b3bdcc', borderWidth: 0.8 },
      label: { show: false },
    },
    series: [{
      type: 'scatter',
      coordinateSystem: 'geo',
      data: model.points.map((p) => ({ name: p.name, value: [p.lon, p.lat, p.value], label: { position: p.labelLeft ? 'left' : 'right', formatter: short(p.name) } })),
      symbolSize: (v: number[]) => bubbleSize(v[2], max),
      itemStyle: { color: '#2563eb', opacity: 0.65, borderColor: '#ffffff', borderWidth: 1 },
      label: { show: true, position: 'right', formatter: '{b}', color: INK.text, fontSize: 12, backgroundColor: 'rgba(255,255,255,0.75)', padding: [1, 3] },
      labelLayout: { moveOverlap: 'shiftY' },
      emphasis: { scale: 1.1 },
      cursor: 'pointer',
    }],
  };
}
