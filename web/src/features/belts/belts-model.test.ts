import { describe, expect, it } from 'vitest';
import type { CompareBelt, MetricsResponse } from '../../lib/api/types.ts';
import { baseMonth, beltsWithoutSales, binLabel, binRange, samePeriod, growthText, histogramShares, mixKeys, normalise, pageStatus, partialMonths, pickBelts, sharesBy } from './belts-model.ts';
import { growthNotes } from './belts-tables.ts';
import { formulaText } from '../../lib/formulas.ts';
import type { CompareResponse, MetaResponse } from '../../lib/api/types.ts';
import { wrapAtSpaces } from './belts-charts.ts';

const metrics = (rows: Record<string, string | number | null>[]): MetricsResponse => ({
  measures: [], dimensions: [], rows, totals: {}, comparison: null, notApplied: [], notes: [], dataVersion: 1, truncated: false,
});

describe('picking belts', () => {
  const all = ['a', 'b', 'c', 'd', 'e', 'f', 'g'];
  it('every belt by default, at most six', () => {
    expect(pickBelts([], ['a', 'b', 'c'])).toEqual({ ids: ['a', 'b', 'c'], note: null });
    expect(pickBelts([], all)).toEqual({ ids: all.slice(0, 6), note: 'tooMany' });
  });
  it('those of the filter, in its order; one alone is flagged; unknown ids are dropped', () => {
    expect(pickBelts(['c', 'a'], all)).toEqual({ ids: ['c', 'a'], note: null });
    expect(pickBelts(['c'], all)).toEqual({ ids: ['c'], note: 'tooFew' });
    expect(pickBelts(['x', 'b', 'a'], all)).toEqual({ ids: ['b', 'a'], note: null });
    // Three asked for, one with sales: not "pick at least two" (they did).
    expect(pickBelts(['x', 'c', 'y'], all)).toEqual({ ids: ['c'], note: 'onlyOne' });
    // None asked, and the other filters leave one belt selling: said, not "pick 2–6 belts".
    expect(pickBelts([], ['c'])).toEqual({ ids: ['c'], note: 'alone' });
  });
  it('names the belts asked for that sold nothing, not those hidden for the cohort', () => {
    expect(beltsWithoutSales(['c', 'x', 'y'], ['c'], ['y'])).toEqual(['x']);
    expect(beltsWithoutSales([], ['c'], [])).toEqual([]);
  });
});

describe('the growth comparisons', () => {
  it('are the same period when the window is whole years (the default 12 months): the page says so', () => {
    const same = { yoy: { from: '2024-11-01', to: '2025-10-31', kind: 'previous_year', covered: true }, mom: { from: '2024-11-01', to: '2025-10-31', covered: true } };
    expect(samePeriod(same as never)).toBe(true);
    expect(samePeriod({ ...same, mom: { from: '2025-08-01', to: '2025-10-31', covered: true } } as never)).toBe(false);
  });
});

describe('growth text', () => {
  it('is n/a for a missing prior year, never 0 or infinity', () => {
    expect(growthText(null, 'en', 'n/a')).toBe('n/a');
    expect(growthText(undefined, 'zh', 'n/a')).toBe('n/a');
    expect(growthText(Infinity, 'en', 'n/a')).toBe('n/a');
    expect(growthText(1, 'en', 'n/a')).toBe('+100.0%');
    expect(growthText(-1 / 3, 'zh', 'n/a')).toBe('−33.3%');
    expect(growthText(0, 'en', 'n/a')).toBe('0.0%');
  });
});

describe('normalised trend', () => {
  // a: 100, 200, 300; b: 50, —, 150 (no row in February is a month without sales), merchants 2 / 1.
  const trend = metrics([
    { month: '2025-01-01', belt: 'a', gmv: 100, active_merchants: 2 },
    { month: '2025-02-01', belt: 'a', gmv: 200, active_merchants: 2 },
    { month: '2025-03-01', belt: 'a', gmv: 300, active_merchants: 3 },
    { month: '2025-01-01', belt: 'b', gmv: 50, active_merchants: 1 },
    { month: '2025-03-01', belt: 'b', gmv: 150, active_merchants: 1 },
  ]);
  it('amounts, with a month without sales as 0', () => {
    expect(normalise(trend, ['a', 'b'], 'absolute', null)).toEqual({
      months: ['2025-01', '2025-02', '2025-03'], series: [{ id: 'a', data: [100, 200, 300] }, { id: 'b', data: [50, 0, 150] }],
    });
  });
  it('index = 100 at the base month', () => {
    expect(normalise(trend, ['a', 'b'], 'index', '2025-03').series).toEqual([
      { id: 'a', data: [(100 / 300) * 100, (200 / 300) * 100, 100] }, { id: 'b', data: [(50 / 150) * 100, 0, 100] }]);
    // A base month where the belt sold nothing gives no index (not infinity).
    expect(normalise(trend, ['b'], 'index', '2025-02').series[0].data).toEqual([null, null, null]);
  });
  it('per active merchant and shares of the picked belts', () => {
    expect(normalise(trend, ['a', 'b'], 'per_merchant', null).series).toEqual([
      { id: 'a', data: [50, 100, 100] }, { id: 'b', data: [50, null, 150] }]);
    expect(normalise(trend, ['a', 'b'], 'share', null).series).toEqual([
      { id: 'a', data: [100 / 150, 1, 300 / 450] }, { id: 'b', data: [50 / 150, 0, 150 / 450] }]);
  });
  it('base month: the one asked for when present, else the first', () => {
    expect(baseMonth(['2025-01', '2025-02'], '2025-02')).toBe('2025-02');
    expect(baseMonth(['2025-01', '2025-02'], '2024-12')).toBe('2025-01');
    expect(baseMonth([], null)).toBeNull();
  });
});

describe('mixes and histograms', () => {
  it('shares of each belt by platform, zero rows left out', () => {
    const m = sharesBy(metrics([
      { belt: 'a', platform: 'douyin', gmv: 300 }, { belt: 'a', platform: 'taobao', gmv: 100 }, { belt: 'b', platform: 'douyin', gmv: 0 },
    ]), 'platform', 'gmv');
    expect(m.get('a')).toEqual({ douyin: 0.75, taobao: 0.25 });
    expect(m.has('b')).toBe(false);
    expect(mixKeys([{ workshop: 0.2, base: 0.8 }, { studio: 1 }], ['base', 'workshop', 'store', 'studio'])).toEqual(['base', 'workshop', 'studio']);
  });
  it('histogram counts as shares of the belt\'s orders, bins labelled by their lower edge', () => {
    const belt = { histogram: { edges: [100, 125.89, 158.49], counts: [3, 1], nonpositive: 0 } } as CompareBelt;
    expect(histogramShares(belt)).toEqual([0.75, 0.25]);
    expect(binLabel(125.89, 'en')).toBe('¥126');
    expect(binLabel(1584.89, 'zh')).toBe('¥1,585');
    // The tooltip names the bin's whole range: its lower edge in, its upper edge out.
    expect(binRange(100, 125.89, 'en')).toBe('¥100 – <¥126');
    expect(binRange(1584.89, undefined, 'zh')).toBe('≥¥1,585');
  });
});

describe('tables', async () => {
  const { growthRows, measureRows } = await import('./belts-tables.ts');
  const names = new Map([['a', 'A'], ['b', 'B']]);
  const growth = (yoy: number | null) => ({ yoy, mom: 0.5, cagr: null, years: 1, annual: [] });
  const data = { belts: [{ belt_id: 'a', gmv: 1000, growth: growth(null) }, { belt_id: 'b', gmv: 12, growth: growth(-0.25) }] } as any;
  it('growth shows n/a for a missing prior year and keeps the picked order', () => {
    const rows = growthRows(data, ['b', 'a'], names, undefined, 'en', 'n/a');
    expect(rows.map((r) => [r.name, r.cells.yoy, r.cells.mom, r.cells.cagr, r.cells.years])).toEqual([
      ['B', '−25.0%', '+50.0%', 'n/a', '1'], ['A', 'n/a', '+50.0%', 'n/a', '1']]);
  });
  it('catalog measures formatted by their format, belts without a row left out', () => {
    const meta = { measures: [{ id: 'cr4', format: 'percent', unit: 'ratio', label: { zh: '前4', en: 'CR4' }, formula: 'f', description: { zh: '', en: '' } }] } as any;
    const rows = measureRows(metrics([{ belt: 'a', cr4: 0.5 }]), ['cr4'], ['a', 'b'], names, meta, 'en');
    expect(rows).toEqual([{ id: 'a', name: 'A', cells: { cr4: '50.00%' } }]);
  });
});

describe('box plots', async () => {
  const { boxplotOption } = await import('./belts-charts.ts');
  const quantiles = { p10: 1, p25: 2, p50: 3, p75: 4, p90: 5 };
  const belt = (id: string) => ({ belt_id: id, sessions: { count: 9, gpm: quantiles, conversion: quantiles } }) as unknown as CompareBelt;
  const names = new Map([['a', '杭州纺织/女装'], ['b', '连云港海鲜']]);
  const spec = { unit: 'CNY' as const, format: 'currency' as const };
  const option = (narrow: boolean) => boxplotOption([belt('a'), belt('b')], 'gpm', names, new Map(), spec, 'zh', narrow);
  const label = (narrow: boolean) => ((narrow ? option(true).yAxis : option(false).xAxis) as { data: string[]; axisLabel: { formatter?: (v: string) => string } });
  it('names every belt by its box: wrapped under it on a screen, whole beside it on a phone, where the boxes lie down', () => {
    expect(label(false).data).toEqual(['杭州纺织/女装', '连云港海鲜']);
    // Wrapped between words, never inside one ("Jingdezhe / n ceramics"); a word too wide is shortened.
    expect(label(false).axisLabel).toMatchObject({ interval: 0, overflow: 'truncate' });
    expect(label(false).axisLabel.formatter?.('Jingdezhen ceramics')).toBe('Jingdezhen\nceramics');
    expect(label(false).axisLabel).not.toHaveProperty('rotate');
    expect(label(true).data).toEqual(['杭州纺织/女装', '连云港海鲜']);
    expect(label(true).axisLabel).toMatchObject({ interval: 0, overflow: 'break' });
    expect(label(true).axisLabel).not.toHaveProperty('rotate');
    expect((option(true).series as { layout?: string }[])[0].layout).toBe('horizontal');
    expect((option(true).xAxis as { type: string }).type).toBe('value');
  });
});

describe('legends on a phone', async () => {
  const { phoneLegend, trendOption } = await import('./belts-charts.ts');
  it('wrap onto as many lines as the names need, the plot moved down below them', () => {
    expect(phoneLegend(['Haining leather', 'Yixing zisha'])).toMatchObject({ legend: { type: 'plain' }, top: 32 });
    const six = ['Haining leather', 'Hangzhou textiles', 'Jingdezhen ceramics', 'Yixing zisha', 'Lianyungang seafood', 'Suzhou silk'];
    expect(phoneLegend(six).top).toBe(12 + 3 * 20);
    expect(phoneLegend(['海宁皮革', '杭州纺织/女装', '景德镇陶瓷', '宜兴紫砂', '连云港海鲜', '苏州丝绸']).top).toBe(12 + 2 * 20);
  });
  it('scroll on a screen', () => {
    const model = { months: ['2026-01'], series: [{ id: 'a', data: [1] }] } as never;
    const names = new Map([['a', 'A']]);
    const spec = { unit: 'CNY' as const, format: 'currency' as const };
    expect((trendOption(model, names, new Map(), spec, 'en').legend as { type: string }).type).toBe('scroll');
    expect((trendOption(model, names, new Map(), spec, 'en', new Map(), undefined, true).legend as { type: string }).type).toBe('plain');
  });
});

describe('the trend tooltip', async () => {
  const { trendOption } = await import('./belts-charts.ts');
  it('lists the belts biggest first, as the overview does, each once (a cut month\'s dashed point too)', () => {
    const model = { months: ['2026-01', '2026-02'], series: [{ id: 'a', data: [1_150_000, 5] }, { id: 'b', data: [2_110_000, 9] }] } as never;
    const names = new Map([['a', 'Yixing'], ['b', 'Lianyungang']]);
    const spec = { unit: 'CNY' as const, format: 'currency' as const };
    const tip = (trendOption(model, names, new Map(), spec, 'en').tooltip as { formatter: (p: unknown) => string }).formatter;
    const text = tip([{ dataIndex: 0, seriesName: 'Yixing', value: 1_150_000 }, { dataIndex: 0, seriesName: 'Lianyungang', value: { value: 2_110_000, symbol: 'none' } },
      { dataIndex: 0, seriesName: 'Yixing', value: 1_150_000 }]);
    expect(text.split('<br>').map((l) => l.replace(/<[^>]+>/g, ''))).toEqual(['Jan 2026', 'Lianyungang ¥2.11M', 'Yixing ¥1.15M']);
  });
});

describe('box-plot labels', () => {
  it('wrap belt names at spaces or after a slash, never inside a word', () => {
    expect(wrapAtSpaces('Jingdezhen ceramics', 8)).toBe('Jingdezhen\nceramics');
    expect(wrapAtSpaces('Yixing zisha', 12)).toBe('Yixing zisha');
    expect(wrapAtSpaces('Hangzhou textiles and apparel', 12)).toBe('Hangzhou\ntextiles and\napparel');
    expect(wrapAtSpaces('杭州纺织/服装', 5)).toBe('杭州纺织/\n服装');
    expect(wrapAtSpaces('景德镇陶瓷', 3)).toBe('景德镇陶瓷');
    expect(wrapAtSpaces('a/b c', 8)).toBe('a/b c');
  });
});

describe('page status', () => {
  it('shows the first-run state on an empty database instead of waiting for a query never sent', () => {
    expect(pageStatus({ failed: false, noData: true, loaded: false, belts: 0 })).toBe('noData');
    expect(pageStatus({ failed: true, noData: true, loaded: false, belts: 0 })).toBe('error');
    expect(pageStatus({ failed: false, noData: false, loaded: false, belts: 0 })).toBe('loading');
    expect(pageStatus({ failed: false, noData: false, loaded: true, belts: 0 })).toBe('empty');
    expect(pageStatus({ failed: false, noData: false, loaded: true, belts: 3 })).toBe('ready');
  });
});

describe('what the comparison says it cannot show', () => {
  it('says none of the asked belts has data rather than naming an empty belt', () => {
    expect(pickBelts(['x'], ['a', 'b'])).toEqual({ ids: [], note: 'none' });
  });

  it('finds the months a window cuts, within the data, and takes the first whole month as the index base', () => {
    const months = ['2026-03', '2026-04', '2026-05', '2026-08'];
    const partial = partialMonths(months, { from: '2026-03-17', to: '2026-08-09' }, { from: '2024-11-01', to: '2026-10-31' });
    expect([...partial]).toEqual([['2026-03', { days: 15, of: 31 }], ['2026-08', { days: 9, of: 31 }]]);
    expect(baseMonth(months, null, partial)).toBe('2026-04');
    expect(baseMonth(months, '2026-03', partial)).toBe('2026-03');
    // The data ending mid-month cuts that month too; a window of whole months cuts none.
    expect([...partialMonths(['2026-10'], { from: '2026-10-01', to: '2026-10-31' }, { from: '2024-11-01', to: '2026-10-20' })]).toEqual([['2026-10', { days: 20, of: 31 }]]);
    expect(partialMonths(['2026-02'], { from: '2026-02-01', to: '2026-02-28' }, null).size).toBe(0);
  });

  it('says why growth reads n/a: the comparison window before the data, or belts without sales in it', () => {
    const belt = (id: string, yoy: number | null) => ({ belt_id: id, growth: { yoy, mom: 0.1, cagr: null, years: 0, annual: [] } });
    const data = {
      window: { from: '2025-03-17', to: '2025-08-09' },
      comparison: { yoy: { from: '2024-03-17', to: '2024-08-09', kind: 'previous_year_lunar', covered: false }, mom: { from: '2025-10-20', to: '2026-03-16', covered: true } },
      belts: [belt('a', null), belt('b', null)],
    } as unknown as CompareResponse;
    const names = new Map([['a', 'A'], ['b', 'B']]);
    expect(growthNotes(data, ['a', 'b'], names, { from: '2024-11-01', to: '2026-10-31' }, { yoy: 'YoY (lunar)', mom: 'PoP' }, 'en'))
      .toEqual(['YoY (lunar) reads n/a: its comparison window, 2024-03-17 to 2024-08-09, starts before the data\'s first day, 2024-11-01.']);
    const covered = { ...data, comparison: { ...data.comparison, yoy: { ...data.comparison.yoy, covered: true } } } as CompareResponse;
    expect(growthNotes(covered, ['a', 'b'], names, null, { yoy: '同比', mom: '环比' }, 'zh')).toEqual(['同比无法计算的产业带（A、B）：对照期内没有成交，或对照期早于其首个有成交的月份。']);
    // A window running past the data, its comparison inside them: the window is why.
    const past = { ...data, window: { from: '2025-12-20', to: '2027-02-10' },
      comparison: { yoy: { from: '2024-12-20', to: '2026-02-10', kind: 'previous_year', covered: false }, mom: { from: '2024-10-28', to: '2025-12-19', covered: false } } } as unknown as CompareResponse;
    expect(growthNotes(past, ['a'], names, { from: '2024-10-01', to: '2026-10-31' }, { yoy: 'YoY', mom: 'PoP' }, 'en')).toEqual([
      'YoY reads n/a: the window 2025-12-20 to 2027-02-10 is not wholly in the data (2024-10-01 to 2026-10-31), and part of it would be set against a whole period.',
      'PoP reads n/a: the window 2025-12-20 to 2027-02-10 is not wholly in the data (2024-10-01 to 2026-10-31), and part of it would be set against a whole period.']);
  });

  it('writes word formulas in Chinese on a Chinese page, the catalog\'s text otherwise', () => {
    const meta = { measures: [
      { id: 'cr4', formula: 'Σ share of the top 4 merchants' }, { id: 'gmv', formula: 'Σ amount' },
      { id: 'order_value_p10', formula: 'quantile_cont(Σ amount per (platform_id, parent_order_id), 0.1)' },
    ] } as unknown as MetaResponse;
    expect(formulaText(meta, 'cr4', 'zh')).toBe('成交金额前 4 名商家的份额之和');
    expect(formulaText(meta, 'cr4', 'en')).toBe('Σ share of the top 4 merchants');
    expect(formulaText(meta, 'gmv', 'zh')).toBe('Σ amount');
    expect(formulaText(meta, 'order_value_p10', 'zh')).toContain('p = 0.1');
  });
});
