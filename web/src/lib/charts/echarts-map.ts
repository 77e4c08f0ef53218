/**
 * The map pieces of ECharts (a geo backdrop and scatter bubbles), registered only when a map is
 * shown: this module and the outlines it loads stay out of the first paint. Province outlines
 * are data files under features/overview/geo/ (see the README there), loaded one by one.
 */
import { registerMap, use } from 'echarts/core';
import { ScatterChart } from 'echarts/charts';
import { GeoComponent } from 'echarts/components';
import { LabelLayout } from 'echarts/features';

use([GeoComponent, ScatterChart, LabelLayout]);

type GeoJson = { type: 'FeatureCollection'; features: unknown[]; UTF8Encoding?: boolean };

const FILES = import.meta.glob<GeoJson>('../../features/overview/geo/*.json', { import: 'default' });
const loader = (code: string) => FILES[`../../features/overview/geo/${code}.json`];

/** Province codes there are outlines for. */
export const hasOutline = (code: string) => loader(code) !== undefined;

const registered = new Map<string, Promise<string>>();

/**
 * Registers one map made of these provinces' outlines and returns its name (for `geo.map`);
 * provinces without a file are left out. Each combination is registered once.
 */
export function provincesMap(codes: readonly string[]): Promise<string> {
  const have = [...new Set(codes)].filter(hasOutline).sort();
  const name = `provinces:${have.join(',')}`;
  let p = registered.get(name);
  if (!p) {
    p = Promise.all(have.map((c) => loader(c)!())).then((files) => {
      // Each file is ECharts' compressed GeoJSON, which ECharts decodes in place when it draws: copies,
      // so a second combination holding the same province decodes its own, not already decoded data.
      const features = structuredClone(files.flatMap((f) => f.features));
      registerMap(name, { type: 'FeatureCollection', features, UTF8Encoding: files.some((f) => f.UTF8Encoding) } as never);
      return name;
    });
    registered.set(name, p);
    p.catch(() => registered.delete(name));
  }
  return p;
}
