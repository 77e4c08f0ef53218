import { describe, expect, it } from 'vitest';
import type { MeasureFormatSpec, MetaResponse, MetricsResponse } from '../../lib/api/types.ts';
import { buildKpiCards, comparisonNote, isEmptyKpis, kpiChangeLabel, unfilteredNote } from './kpis.ts';
import { buildTrend, trendPartialNote, trendPartialPeriods } from './trend.ts';
import { mixOption, seriesMember, trendOption } from './chart-options.ts';
import { boardMeasure, buildBoard } from './board.ts';
import { buildMix } from './mix.ts';
import { beltMapOption, bubbleSize, buildBeltMap } from './belt-map.ts';

const metrics = (rows: MetricsResponse['rows'], dimensions: string[] = []): MetricsResponse => ({
  measures: [], dimensions, rows, totals: {}, notApplied: [], notes: [], dataVersion: 1, truncated: false, comparison: null,
});

const meta = {
  measures: [
    { id: 'gmv', label: { zh: '成交金额（目录）', en: 'GMV (catalog)' }, description: { zh: 'd', en: 'd' }, formula: 'f', unit: 'CNY', format: 'currency', fact: 'orders', dimensions: [] },
  ],
  values: { belt: [{ id: 'a', label: { zh: '甲', en: 'A' } }, { id: 'b', label: { zh: '乙', en: 'B' } }] },
} as unknown as MetaResponse;

describe('overview models', () => {
  it('names the trend\'s partial months and weeks for a sum, not for a ratio', () => {
    const data = { from: '2024-11-01', to: '2026-10-31' };
    const window = { from: '2026-03-17', to: '2026-05-31' };
    expect(trendPartialNote(['2026-03', '2026-04', '2026-05'], 'month', window, data, true, 'en'))
      .toBe('Partial periods (their values count only the days in the window and the data, so a lower value is not a decline): Mar 2026: 15 of 31 days.');
    // The window runs past the data's last day: October counts to the 31st, November not at all.
    expect(trendPartialNote(['2026-10', '2026-11'], 'month', { from: '2026-10-01', to: '2026-11-30' }, data, true, 'zh'))
      .toBe('不完整的时段（数值只含所选时间内、数据覆盖的天数，偏低不代表下滑）：2026年11月 0/30 天。');
    // Weeks: Tuesday 2026-03-17 starts inside the week of Monday 03-16; 05-31 is a Sunday, so the last week is whole.
    expect(trendPartialNote(['2026-03-16', '2026-03-23', '2026-05-25'], 'week', window, data, true, 'en')).toMatch(/: 2026-03-16: 6 of 7 days\.$/);
    expect(trendPartialNote(['2026-03', '2026-04'], 'month', window, data, false, 'en')).toBeNull();
    expect(trendPartialNote(['2026-04'], 'month', window, data, true, 'en')).toBeNull();
  });

  it('takes labels and formats from the catalog; a measure it lacks shows its id and a plain number', () => {
    const cards = buildKpiCards(meta, metrics([{ gmv: 307_000_000, orders: 20_143, live_gmv: null, gpm: 523.456 }]), 'zh');
    expect(cards.map((c) => c.label)).toEqual(['成交金额（目录）', 'orders', 'live_gmv', 'gpm', 'conversion', 'aov']);
    expect(cards[0].display).toBe('¥3.07亿');
    expect(cards[2].display).toBe('—');
    expect(cards[3].display).not.toMatch(/¥/);
  });

  it('says why a KPI is unknown, in the page language, instead of "Exact value —"', () => {
    const masked = { ...metrics([{ gmv: 2, orders: 1, aov: null }]), notes: [
      { measure: 'aov', message: 'Buyer ids are masked in part of the slice, so this cannot be computed' },
      { measure: '*', message: 'Groups under 5 merchants are hidden' },
    ] };
    const aov = buildKpiCards(meta, masked, 'en').find((c) => c.id === 'aov')!;
    expect(aov.display).toBe('—');
    expect(aov.note).toBe('Buyer ids are masked in part of the slice, so this cannot be computed');
    expect(aov.tooltip).toBe(aov.note);
    // A known value keeps its exact value as the tooltip, and no note.
    const gmv = buildKpiCards(meta, masked, 'zh')[0];
    expect(gmv.note).toBeNull();
    expect(gmv.tooltip).toBe('精确值 ¥2.00');
    // No note for the measure: the notes for all measures, else a plain reason; never "—" alone.
    const live = buildKpiCards(meta, masked, 'en').find((c) => c.id === 'live_gmv')!;
    expect(live.note).toBe('Groups under 5 merchants are hidden');
    const bare = buildKpiCards(meta, metrics([{ gmv: 2, orders: 1, aov: null }]), 'zh').find((c) => c.id === 'aov')!;
    expect(bare.note).toBe('所选时段与筛选下无法计算该指标');
    expect(bare.tooltip).not.toMatch(/精确值/);
    // While loading there is nothing to explain yet.
    expect(buildKpiCards(meta, undefined, 'en')[0].note).toBeNull();
  });

  it('calls no rows or no orders empty', () => {
    expect(isEmptyKpis(metrics([]))).toBe(true);
    expect(isEmptyKpis(metrics([{ gmv: null, orders: 0, live_gmv: null, gpm: null }]))).toBe(true);
    expect(isEmptyKpis(metrics([{ gmv: 1, orders: 1, live_gmv: 1, gpm: 1 }]))).toBe(false);
  });

  it('pivots months × belts, fills missing months with 0, biggest belt first, names in the language', () => {
    const m = metrics([
      { month: '2025-01-01', belt: 'a', gmv: 1 },
      { month: '2025-02-01', belt: 'a', gmv: 2 },
      { month: '2025-02-01', belt: 'b', gmv: 10 },
    ], ['month', 'belt']);
    const t = buildTrend(m, meta, 'en');
    expect(t.periods).toEqual(['2025-01', '2025-02']);
    expect(t.series.map((s) => [s.name, s.data])).toEqual([['B', [0, 10]], ['A', [1, 2]]]);
    expect(buildTrend(undefined, meta, 'zh')).toEqual({ periods: [], series: [] });
  });

  it('draws a sum over a cut month dashed, from its whole neighbours; a ratio or a whole window solid', () => {
    const t = buildTrend(metrics([{ month: '2026-03-01', belt: 'a', gmv: 5 }, { month: '2026-04-01', belt: 'a', gmv: 9 }, { month: '2026-05-01', belt: 'a', gmv: 2 }],
      ['month', 'belt']), meta, 'en');
    const data = { from: '2024-11-01', to: '2026-10-31' };
    const cut = trendPartialPeriods(t.periods, 'month', { from: '2026-03-01', to: '2026-05-20' }, data, true);
    expect([...cut]).toEqual(['2026-05']);
    const series = trendOption(t, { unit: 'CNY', format: 'currency' }, 'month', 'en', cut).series as { id: string; data: unknown[]; lineStyle: { type?: string } }[];
    expect(series.map((s) => [s.id, s.lineStyle.type ?? 'solid'])).toEqual([['a', 'solid'], ['a:partial', 'dashed']]);
    expect(series[0].data).toEqual([5, 9, null]);
    expect(series[1].data).toEqual([null, { value: 9, symbol: 'none' }, 2]);
    expect(trendPartialPeriods(t.periods, 'month', { from: '2026-03-01', to: '2026-05-20' }, data, false).size).toBe(0);
    expect((trendOption(t, { unit: 'CNY', format: 'currency' }, 'month', 'en').series as unknown[]).length).toBe(1);
    // On a phone the legend wraps (every belt in view) and the plot starts below its lines.
    const phone = trendOption(t, { unit: 'CNY', format: 'currency' }, 'month', 'en', new Set(), true);
    expect(phone.legend).toMatchObject({ type: 'plain' });
    expect((phone.grid as { top: number }).top).toBe(24 + 20);
    expect(trendOption(t, { unit: 'CNY', format: 'currency' }, 'month', 'en').legend).toMatchObject({ type: 'scroll' });
    // A click on either piece picks the belt itself.
    expect(series.map((s) => seriesMember(s.id))).toEqual(['a', 'a']);
  });

  it('gives each belt its colour by its place in the catalog, not by its rank in the window', () => {
    const year = buildTrend(metrics([{ month: '2025-01-01', belt: 'a', gmv: 1 }, { month: '2025-01-01', belt: 'b', gmv: 10 },
      { month: '2025-01-01', belt: 'zz', gmv: 5 }], ['month', 'belt']), meta, 'en');
    const quarter = buildTrend(metrics([{ month: '2025-01-01', belt: 'a', gmv: 10 }, { month: '2025-01-01', belt: 'b', gmv: 1 }], ['month', 'belt']), meta, 'en');
    expect(year.series.map((s) => s.id)).toEqual(['b', 'zz', 'a']);
    expect(quarter.series.map((s) => s.id)).toEqual(['a', 'b']);
    const colour = (t: typeof year) => Object.fromEntries(t.series.map((s) => [s.id, s.color]));
    // a and b keep PALETTE[0] and PALETTE[1]; a belt the catalog does not list comes after them.
    expect(colour(year)).toEqual({ a: '#2563eb', b: '#e8871e', zz: '#0f9d8a' });
    expect(colour(quarter)).toEqual({ a: '#2563eb', b: '#e8871e' });
    // Past the palette's eight colours, a member shown beside one of the same place modulo 8 takes a free colour.
    const many = { ...meta, values: { belt: Array.from({ length: 10 }, (_, i) => ({ id: `m${i}`, label: { zh: `m${i}`, en: `m${i}` } })) } } as unknown as MetaResponse;
    const both = buildTrend(metrics([{ month: '2025-01-01', belt: 'm0', gmv: 1 }, { month: '2025-01-01', belt: 'm8', gmv: 2 }], ['month', 'belt']), many, 'en');
    const c = colour(both);
    expect(c.m0).toBe('#2563eb');
    expect(c.m8).not.toBe(c.m0);
  });

  it('keeps months without sales on the axis, across a year end', () => {
    const m = metrics([
      { month: '2025-11-01', belt: 'a', gmv: 5 },
      { month: '2026-02-01', belt: 'a', gmv: 7 },
    ], ['month', 'belt']);
    const t = buildTrend(m, meta, 'zh');
    expect(t.periods).toEqual(['2025-11', '2025-12', '2026-01', '2026-02']);
    expect(t.series[0].data).toEqual([5, 0, 0, 7]);
    expect(t.series[0].name).toBe('甲');
  });
});

describe('KPI change line', () => {
  const body = (covered: boolean) => ({ comparison: { kind: 'previous_year', from: '2024-10-01', to: '2024-12-31', covered } }) as unknown as MetricsResponse;
  it('names the change, or says the comparison starts before the data, or that there is nothing to compare', () => {
    expect(kpiChangeLabel('+12.3%', body(true), '同比', 'zh')).toBe('同比 +12.3%');
    expect(kpiChangeLabel('', body(false), '同比', 'zh')).toBe('同比：对比期（自 2024-10-01）早于数据起点');
    expect(kpiChangeLabel('', body(false), 'YoY', 'en')).toBe('YoY: the comparison period (from 2024-10-01) predates the data');
    expect(kpiChangeLabel('', body(true), 'YoY', 'en')).toBe('YoY: nothing to compare');
  });
  it('says under the cards which days the changes compare with, and that a rate\'s change is relative', () => {
    expect(comparisonNote(body(true), 'YoY (lunar)', 'en')).toBe('YoY (lunar): against 2024-10-01 to 2024-12-31. Every change is relative, rates too (for example, +1.5% on a conversion rate of 0.80% makes 0.81%, not 2.30%).');
    expect(comparisonNote(body(true), '同比', 'zh')).toMatch(/^同比：与 2024-10-01 至 2024-12-31 相比。/);
    expect(comparisonNote(metrics([]), '同比', 'zh')).toBeNull();
  });
});

describe('KPI filters not applied', () => {
  const body = { ...metrics([{ gmv: 1, live_gmv: 9 }]), notApplied: [{ dimension: 'category', measures: ['live_gmv', 'gpm'] }] } as MetricsResponse;
  const withDims = { ...meta, dimensions: [{ id: 'category', label: { zh: '品类', en: 'Category' } }] } as unknown as MetaResponse;
  it('says on a card which filters its value does not follow (live sessions have no category), and nothing on the others', () => {
    expect(unfilteredNote(body, withDims, 'live_gmv', 'zh')).toBe('未按品类筛选：该指标的数据没有这一项');
    expect(unfilteredNote(body, withDims, 'gpm', 'en')).toBe('Not filtered by Category: this measure\'s data does not have it');
    expect(unfilteredNote(body, withDims, 'gmv', 'en')).toBeNull();
    const cards = buildKpiCards(withDims, body, 'en');
    expect(cards.find((c) => c.id === 'live_gmv')?.unfiltered).toMatch(/^Not filtered by Category/);
    expect(cards.find((c) => c.id === 'gmv')?.unfiltered).toBeNull();
  });
});

describe('overview panels', () => {
  it('reads each KPI change and writes it signed', () => {
    const cards = buildKpiCards(meta, metrics([{ gmv: 2, gmv_change: 0.1234, orders: 1, orders_change: -0.05 }]), 'en');
    expect(cards[0].changeText).toBe('+12.3%');
    expect(cards[1].changeText).toBe('−5.0%');
    expect(cards[2].changeText).toBe('');
  });

  it('ranks with share of the total and change', () => {
    const m = { ...metrics([{ belt: 'a', gmv: 30, gmv_change: 0.5 }, { belt: 'b', gmv: 10, gmv_change: null }], ['belt']), totals: { gmv: 40 } };
    const rows = buildBoard(m, 'belt', 'gmv', (id) => id.toUpperCase());
    expect(rows.map((r) => [r.rank, r.label, r.share, r.change])).toEqual([[1, 'A', 0.75, 0.5], [2, 'B', 0.25, null]]);
    expect(boardMeasure('gpm')).toBe('gmv');
    expect(boardMeasure('orders')).toBe('orders');
  });

  it('splits each belt by platform as shares of the belt', () => {
    const mix = buildMix(metrics([
      { belt: 'a', platform: 'x', gmv: 1 }, { belt: 'a', platform: 'y', gmv: 3 }, { belt: 'b', platform: 'x', gmv: 10 },
    ], ['belt', 'platform']), meta, 'zh', 'gmv');
    expect(mix.belts.map((b) => b.id)).toEqual(['b', 'a']);
    expect(mix.platforms.find((p) => p.id === 'y')?.shares).toEqual([0, 0.75]);
  });

  it('writes the platform mix tooltip in the page\'s punctuation (no ：（） in English)', () => {
    const model = {
      belts: [{ id: 'a', name: 'A', total: 20.8e6 }],
      platforms: [{ id: 'douyin', name: 'Douyin', shares: [0.509], values: [10.6e6] }],
    };
    const spec = { unit: 'CNY', format: 'currency' } as MeasureFormatSpec;
    const tip = (lang: 'zh' | 'en') => {
      const formatter = (mixOption(model, spec, lang).tooltip as { formatter: (p: unknown) => string }).formatter;
      return formatter([{ dataIndex: 0 }]).split('<br>')[1];
    };
    expect(tip('en')).toMatch(/^Douyin: 50\.9\s?% \(¥10\.6M\)$/);
    expect(tip('zh')).toMatch(/^Douyin：50\.9\s?%（¥1,?060万）$/);
  });

  it('wraps the platform mix legend on a phone, the bars moved below it; scrolls it on a screen', () => {
    const names = ['Douyin', 'Kuaishou', 'Taobao / Tmall', 'WeChat Channels'];
    const model = { belts: [{ id: 'a', name: 'A', total: 1 }], platforms: names.map((name, i) => ({ id: `p${i}`, name, shares: [0.25], values: [1] })) };
    const spec = { unit: 'CNY', format: 'currency' } as MeasureFormatSpec;
    const phone = mixOption(model, spec, 'en', true) as { legend: { type: string }; grid: { top: number } };
    expect(phone.legend.type).toBe('plain');
    expect(phone.grid.top).toBe(16 + 2 * 20); // four names on two lines at 330 px
    expect((mixOption(model, spec, 'en') as { legend: { type: string } }).legend.type).toBe('scroll');
  });

  it('leaves gaps in a ratio and buckets days by their date', () => {
    const m = metrics([{ day: '2025-01-01', belt: 'a', gpm: 5 }, { day: '2025-01-03', belt: 'b', gpm: 7 }], ['day', 'belt']);
    const t = buildTrend(m, meta, 'zh', 'gpm', 'belt', 'day', false);
    expect(t.periods).toEqual(['2025-01-01', '2025-01-03']);
    expect(t.series.find((s) => s.id === 'a')?.data).toEqual([5, null]);
  });
});

describe('belt map', () => {
  const meta = {
    values: {
      belt: [
        { id: 'a', label: { zh: '甲', en: 'A' }, place: { lat: 30, lon: 120, province: '330000' } },
        { id: 'b', label: { zh: '乙', en: 'B' }, place: { lat: 29, lon: 117, province: '360000' } },
        { id: 'c', label: { zh: '丙', en: 'C' } },
      ],
    },
  } as unknown as MetaResponse;
  const rows = (r: Record<string, unknown>[]) => ({ rows: r } as unknown as MetricsResponse);

  it('places belts with a value at their city, biggest first, and lists their provinces', () => {
    const m = buildBeltMap(rows([{ belt: 'a', gmv: 10 }, { belt: 'b', gmv: 40 }, { belt: 'c', gmv: 99 }, { belt: 'a2', gmv: 1 }]), meta, 'en', 'gmv');
    expect(m.points.map((p) => [p.id, p.name, p.value, p.lon])).toEqual([['b', 'B', 40, 117], ['a', 'A', 10, 120]]);
    expect(m.provinces).toEqual(['330000', '360000']);
    expect(m.points.every((p) => !p.labelLeft)).toBe(true);
    // On a phone an English label is the place alone (a coastal name ran off the chart), the name whole in the tooltip.
    const labels = (lang: 'en' | 'zh', narrow: boolean) => {
      const named = { ...m, points: m.points.map((p, i) => ({ ...p, name: ['Yixing zisha', '海宁皮革'][i] })) };
      return ((beltMapOption(named, 'china', { unit: 'CNY', format: 'currency' }, lang, narrow).series as { data: { label: { formatter: string } }[] }[])[0].data).map((d) => d.label.formatter);
    };
    expect(labels('en', false)).toEqual(['Yixing zisha', '海宁皮革']);
    expect(labels('en', true)).toEqual(['Yixing', '海宁皮革']);
  });

  it('puts the label of the western of two neighbouring cities on the left', () => {
    const near = { values: { belt: [
      { id: 'suzhou', label: { zh: '苏州', en: 'Suzhou' }, place: { lat: 31.30, lon: 120.58, province: '320000' } },
      { id: 'yixing', label: { zh: '宜兴', en: 'Yixing' }, place: { lat: 31.34, lon: 119.82, province: '320000' } },
      { id: 'far', label: { zh: '远', en: 'Far' }, place: { lat: 34.6, lon: 119.2, province: '320000' } },
    ] } } as unknown as MetaResponse;
    const m = buildBeltMap(rows([{ belt: 'suzhou', gmv: 1 }, { belt: 'yixing', gmv: 2 }, { belt: 'far', gmv: 3 }]), near, 'zh', 'gmv');
    expect(Object.fromEntries(m.points.map((p) => [p.id, p.labelLeft]))).toEqual({ suzhou: false, yixing: true, far: false });
  });

  it('sizes bubbles by area: a quarter of the value, half the diameter', () => {
    expect(bubbleSize(100, 100)).toBe(40);
    expect(bubbleSize(25, 100)).toBe(20);
    expect(bubbleSize(0, 100)).toBe(8);
    expect(bubbleSize(0.01, 100)).toBe(8);
  });
});
