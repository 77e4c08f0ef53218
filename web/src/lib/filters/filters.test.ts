import { describe, expect, it } from 'vitest';
import type { MetaResponse } from '../api/types.ts';
import { filterChips } from './chips.ts';
import { apiFilters, DEFAULT_FILTERS, isIsoDay, parseFilters, removeValue, serializeFilters, toggleValue } from './filters.ts';
import { detectPreset, effectiveRange, presetGrain, presetParams, presetRange } from './presets.ts';
import { dropPatch, droppedLine, outsideData, outsideNotice, unusableParams, windowNote } from './url-check.ts';

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
    // Reversed dates are read swapped (a base's report has no filters to repair its link).
    expect(effectiveRange('2026-10-31', '2026-01-01', last)).toEqual({ from: '2026-01-01', to: '2026-10-31' });
    // One end, beyond the default's other: never a reversed window.
    expect(effectiveRange(null, '2025-06-01', last)).toEqual({ from: '2024-06-02', to: '2025-06-01' });
    expect(effectiveRange('2027-01-05', null, last)).toEqual({ from: '2027-01-05', to: '2027-01-05' });
    expect(effectiveRange(null, '2026-06-30', last)).toEqual({ from: '2025-11-01', to: '2026-06-30' });
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

describe('what a link carries that the page cannot use', () => {
  const meta = {
    dimensions: [{ id: 'belt', label: { zh: '产业带', en: 'Belt' }, listed: true }, { id: 'category', label: { zh: '品类', en: 'Category' }, listed: false }],
    values: { belt: [{ id: 'a', label: { zh: '甲', en: 'A' } }] },
  } as unknown as MetaResponse;
  const get = (qs: string) => { const p = new URLSearchParams(qs); return (k: string) => p.get(k); };

  it('reads only real calendar days as dates', () => {
    expect(['2026-02-28', '2024-02-29'].every(isIsoDay)).toBe(true);
    expect(['2026-13-45', '2026-02-30', '2026-2-1', '', null].some(isIsoDay)).toBe(false);
    expect(fromQuery('from=2026-02-30&to=2026-03-01')).toMatchObject({ from: null, to: '2026-03-01' });
  });

  it('finds dates that are no day and values the catalog does not list, and takes only those out', () => {
    const q = get('from=2026-13-45&to=2026-03-01&belt=a,nowhere&category=anything');
    expect(unusableParams(q, undefined)).toEqual([{ param: 'from', raw: '2026-13-45', reason: 'date' }]);
    const bad = unusableParams(q, meta);
    expect(bad).toEqual([{ param: 'from', raw: '2026-13-45', reason: 'date' }, { param: 'belt', raw: 'nowhere', reason: 'unknown' }]);
    expect(dropPatch(q, bad)).toEqual({ from: null, belt: 'a' });
    expect(droppedLine(bad[1], 'zh', meta)).toBe('链接中的产业带“nowhere”不存在，或不在你可见的范围内，已从链接中去掉。');
    expect(droppedLine(bad[0], 'en', meta)).toContain('The link\'s from date "2026-13-45" is not a real day');
  });

  it('swaps a reversed window\'s dates, saying so', () => {
    const p = new URLSearchParams('from=2026-10-31&to=2026-10-01');
    const bad = unusableParams((k) => p.get(k), undefined);
    expect(bad).toEqual([{ param: 'to', raw: '2026-10-01', reason: 'reversed' }]);
    expect(dropPatch((k) => p.get(k), bad)).toEqual({ from: '2026-10-01', to: '2026-10-31' });
    expect(droppedLine(bad[0], 'zh', undefined)).toBe('链接中的结束日期“2026-10-01”早于开始日期：已把两个日期对调。');
    expect(droppedLine(bad[0], 'en', undefined)).toBe('The link\'s end date "2026-10-01" is before its start date: the two dates were swapped.');
  });

  it('takes a grain, comparison or measure the page does not offer out of the link, saying which', () => {
    const p = new URLSearchParams('compare=foo&grain=week&measure=bogus');
    const bad = unusableParams((k) => p.get(k), undefined);
    expect(bad).toEqual([{ param: 'compare', raw: 'foo', reason: 'choice' }, { param: 'measure', raw: 'bogus', reason: 'choice' }]);
    expect(dropPatch((k) => p.get(k), bad)).toEqual({ compare: null, measure: null });
    expect(droppedLine(bad[0], 'zh', undefined)).toBe('链接中的对比方式“foo”不是可选的值：已从链接中去掉，显示默认值。');
    expect(droppedLine(bad[1], 'en', undefined)).toBe('The link\'s measure "bogus" is not one of the choices: it was taken out of the link, and the default is shown.');
    expect(unusableParams((k) => new URLSearchParams('compare=previous_period&grain=month&measure=gpm').get(k), undefined)).toEqual([]);
    // An empty value is the default, as for the dates.
    expect(unusableParams((k) => new URLSearchParams('grain=&compare=').get(k), undefined)).toEqual([]);
  });

  it('flags a window wholly outside the data, with the data\'s dates and a way back', () => {
    const data = { from: '2024-11-01', to: '2026-10-31' };
    expect(outsideData({ from: '2030-01-01', to: '2030-02-01' }, data)).toBe('after');
    expect(outsideData({ from: '2020-01-01', to: '2020-02-01' }, data)).toBe('before');
    expect(outsideData({ from: '2026-10-01', to: '2030-02-01' }, data)).toBeNull();
    expect(outsideNotice({ from: '2030-01-01', to: '2030-02-01' }, data, 'en')).toEqual({
      text: 'The window 2030-01-01 to 2030-02-01 lies after the data, which covers 2024-11-01 to 2026-10-31: there are no figures for it.',
      reset: 'Show the data\'s whole range (2024-11-01 to 2026-10-31)',
    });
    expect(windowNote({ from: '2030-01-01', to: '2030-02-01' }, data, 'zh')).toBe('时间范围：2030-01-01 至 2030-02-01 · 数据：2024-11-01 至 2026-10-31');
  });
});

describe('a preset\'s grain', () => {
  it('draws 30 days or a month by day and a quarter by week when the trend was by month; a year by day goes back to months', () => {
    expect(presetGrain('last_30_days', 'month')).toBe('day');
    expect(presetGrain('this_month', 'month')).toBe('day');
    expect(presetGrain('last_quarter', 'month')).toBe('week');
    expect(presetGrain('last_12_months', 'month')).toBe('month');
    expect(presetGrain('ytd', 'month')).toBe('month');
    expect(presetGrain('last_30_days', 'week')).toBe('week');
    // Back to a year after 30 days by day: months again, not 365 points a belt.
    expect(presetGrain('last_12_months', 'day')).toBe('month');
    expect(presetGrain('ytd', 'day')).toBe('month');
    expect(presetGrain('last_12_months', 'week')).toBe('week');
  });
});
