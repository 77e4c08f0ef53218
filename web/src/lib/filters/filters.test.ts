import { describe, expect, it } from 'vitest';
import type { MetaResponse } from '../api/types.ts';
import { filterChips } from './chips.ts';
import { apiFilters, DEFAULT_FILTERS, parseFilters, removeValue, serializeFilters, toggleValue } from './filters.ts';
import { detectPreset, effectiveRange, presetParams, presetRange } from './presets.ts';

const fromQuery = (qs: string) => {
  const p = new URLSearchParams(qs);
  return parseFilters((k) => p.get(k));
};
const toQuery = (f: ReturnType<typeof fromQuery>) => {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(serializeFilters(f))) if (v !== null) p.set(k, v);
  return p.toString();
};

describe('filters in the URL', () => {
  it('reads nothing as the defaults and writes the defaults as nothing', () => {
    expect(fromQuery('')).toEqual(DEFAULT_FILTERS);
    expect(toQuery(DEFAULT_FILTERS)).toBe('');
    expect(toQuery(fromQuery('grain=month&compare=previous_year&measure=gmv'))).toBe('');
  });

  it('round-trips every parameter with the API names', () => {
    const qs = 'from=2025-01-01&to=2025-03-31&belt=a%2Cb&platform=douyin&category=tea&venue=base&grain=week&compare=previous_period&measure=gpm';
    const f = fromQuery(qs);
    expect(f.belt).toEqual(['a', 'b']);
    expect(f.compare).toBe('previous_period');
    expect(toQuery(f)).toBe(qs);
    expect(apiFilters(f)).toEqual({ belt: ['a', 'b'], platform: ['douyin'], category: ['tea'], venue: ['base'] });
  });

  it('ignores malformed values instead of sending them', () => {
    const f = fromQuery('from=2025-13-40&to=x&grain=hour&compare=yoy&measure=nope&belt=,a,,a');
    expect(f).toEqual({ ...DEFAULT_FILTERS, belt: ['a'] });
  });

  it('toggles and removes values', () => {
    const f = toggleValue(DEFAULT_FILTERS, 'belt', 'a');
    expect(f.belt).toEqual(['a']);
    expect(toggleValue(f, 'belt', 'a').belt).toEqual([]);
    expect(removeValue({ ...f, belt: ['a', 'b'] }, 'belt', 'a').belt).toEqual(['b']);
  });
});

describe('date presets (counted back from the data’s last day)', () => {
  const last = '2026-10-31';
  it('computes each preset', () => {
    expect(presetRange('last_30_days', last)).toEqual({ from: '2026-10-02', to: last });
    expect(presetRange('this_month', last)).toEqual({ from: '2026-10-01', to: last });
    expect(presetRange('ytd', last)).toEqual({ from: '2026-01-01', to: last });
    expect(presetRange('last_12_months', last)).toEqual({ from: '2025-11-01', to: last });
    expect(presetRange('last_12_months', '2024-02-29')).toEqual({ from: '2023-03-01', to: '2024-02-29' });
  });

  it('takes the last complete quarter', () => {
    expect(presetRange('last_quarter', last)).toEqual({ from: '2026-07-01', to: '2026-09-30' });
    expect(presetRange('last_quarter', '2026-09-30')).toEqual({ from: '2026-07-01', to: '2026-09-30' });
    expect(presetRange('last_quarter', '2026-02-10')).toEqual({ from: '2025-10-01', to: '2025-12-31' });
  });

  it('defaults to the last 12 months and recognises presets', () => {
    expect(effectiveRange(null, null, last)).toEqual({ from: '2025-11-01', to: last });
    expect(effectiveRange(null, null, null)).toBeNull();
    expect(detectPreset({ from: '2026-10-01', to: last }, last)).toBe('this_month');
    expect(detectPreset({ from: '2026-10-05', to: last }, last)).toBe('custom');
    expect(presetParams('last_12_months', last)).toEqual({ from: null, to: null });
  });
});

describe('filter chips', () => {
  const meta = {
    dimensions: [{ id: 'belt', label: { zh: '产业带', en: 'Belt' } }],
    values: { belt: [{ id: 'a', label: { zh: '甲', en: 'A' } }] },
  } as unknown as MetaResponse;

  it('labels each selected value from the catalog, the id where it has none', () => {
    const f = { ...DEFAULT_FILTERS, belt: ['a', 'zz'] };
    expect(filterChips(f, meta, 'zh').map((c) => `${c.dimension}:${c.label}`)).toEqual(['产业带:甲', '产业带:zz']);
    expect(filterChips(f, meta, 'en')[0].label).toBe('A');
  });
});
