import { describe, expect, it } from 'vitest';
import { init, use } from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';
import { hasOutline, provincesMap } from './echarts-map.ts';

use([SVGRenderer]);

/** Draws a map server-side (SVG) and returns the SVG: drawing is when ECharts decodes the outlines. */
const draw = (map: string) => {
  const chart = init(null, undefined, { renderer: 'svg', ssr: true, width: 400, height: 300 });
  chart.setOption({ geo: { map } });
  const svg = chart.renderToSVGString();
  chart.dispose();
  return svg;
};

describe('province outlines', () => {
  it('registers any combination of provinces, each province drawable in several', async () => {
    expect(hasOutline('320000')).toBe(true);
    expect(hasOutline('110000')).toBe(false);
    const all = await provincesMap(['360000', '320000', '330000', '110000']);
    expect(all).toBe('provinces:320000,330000,360000');
    expect(draw(all).match(/<path/g)!.length).toBeGreaterThanOrEqual(11 + 13 + 11);
    // Jiangsu again, alone (a belt filter): drawn from its own copy, not from outlines already decoded.
    const one = await provincesMap(['320000']);
    expect(draw(one).match(/<path/g)!.length).toBeGreaterThanOrEqual(13);
    expect(await provincesMap(['320000'])).toBe(one);
  });
});
