import { describe, expect, it } from 'vitest';
import { compareTable } from '../../server/api/compare/csv.ts';
import { toCsv } from '../../server/query/formats.ts';
import type { CompareBelt, CompareResponse } from '../../server/api/schemas/compare.ts';

const q = { p10: null, p25: null, p50: null, p75: null, p90: null };
const belt = (id: string, over: Partial<CompareBelt>): CompareBelt => ({
  belt_id: id, gmv: 0, growth: { yoy: null, mom: null, cagr: null, years: 0, annual: [] }, seasonality: null,
  histogram: { edges: [], counts: [], nonpositive: 0 }, sessions: { count: 0, gpm: q, conversion: q },
  live_share: null, non_standard_share: null, venue_mix: {}, size_class_mix: {}, ...over,
});
const body = (belts: CompareBelt[]): CompareResponse => ({
  window: { from: '2025-01-01', to: '2025-12-31' },
  comparison: { yoy: { kind: 'previous_year', from: '2024-01-01', to: '2024-12-31', covered: false }, mom: { from: '2024-01-01', to: '2024-12-31', covered: true } },
  years: [], belts, suppressed: ['x-belt'], notApplied: [], notes: [], dataVersion: 7,
});
const labels = new Map([['belt', new Map([['a', 'Belt "A", the first']])], ['venue', new Map([['base', 'Base']])]]);

describe('the comparison as CSV', () => {
  it('leaves a mix empty for a belt without one, 0 only for a key its mix lacks; nulls stay empty', () => {
    const t = compareTable(body([
      belt('a', { gmv: 1234.565, growth: { yoy: 0.12345678, mom: null, cagr: null, years: 1, annual: [] }, venue_mix: { base: 0.75, studio: 0.25 } }),
      belt('b', { gmv: 10, live_share: 0 }),
    ]), labels, 'en', '/api/compare?format=csv');
    const col = (h: string) => t.columns.findIndex((c) => c.header === h);
    const [a, b] = t.rows;
    expect([a[col('GMV')], a[col('YoY growth')], a[col('Period-on-period growth')]]).toEqual([1234.57, 0.123457, null]);
    expect(a[col('Live GMV share by venue: Base')]).toBe(0.75);
    expect(a[col('Live GMV share by venue: studio')]).toBe(0.25);
    // b sold nothing live: no venue mix, so its venue shares are unknown, not 0 %.
    expect([b[col('Live GMV share by venue: Base')], b[col('Live GMV share by venue: studio')], b[col('Live share')]]).toEqual([null, null, 0]);
    expect(t.comments).toContain('window 2025-01-01 to 2025-12-31; year-on-year against 2024-01-01 to 2024-12-31 (calendar, not in the data: year-on-year growth is empty); period-on-period against 2024-01-01 to 2024-12-31');
    expect(t.comments).toContain('left out, too few merchants: x-belt');
    // What CAGR and seasonality stand on, and the units (the page's subtitle and the metrics CSVs say the same).
    expect(t.comments).toContain('no whole year in the data: CAGR and seasonality are empty');
    expect(t.comments.some((c) => c.startsWith('units: GMV in CNY; session GPM in CNY per 1000 views;'))).toBe(true);
    // A lunar comparison says so in its column header too, not only in a # line.
    const lunar = compareTable({ ...body([]), comparison: { ...body([]).comparison, yoy: { ...body([]).comparison.yoy, kind: 'previous_year_lunar' } } }, labels, 'zh', '/api/compare');
    expect(lunar.columns.map((c) => c.header)).toContain('同比（农历）');
    const years = compareTable({ ...body([]), years: [{ from: '2023-11-01', to: '2024-10-31' }, { from: '2024-11-01', to: '2025-10-31' }] }, labels, 'zh', '/api/compare');
    expect(years.comments).toContain('年复合增长率与季节指数按 2 个完整年份计算：2023-11-01 至 2025-10-31（各产业带自其首个有成交的月份起；年复合增长率至少需要 2 年）');
    // Quotes and commas in a label are escaped as CSV.
    expect(toCsv(t)).toContain('a,"Belt ""A"", the first",1234.57,0.123457,,');
    // A comment line has no comma a spreadsheet would split it at: the query's are %2C, a note's "; ".
    const csv = toCsv({ ...t, comments: ['beltscope dataVersion=3 query=/api/compare?belts=a,b&format=csv', ...t.comments] }).split('\r\n');
    const comments = csv.filter((l) => l.startsWith('#') || l.startsWith('\uFEFF#'));
    expect(comments.length).toBe(t.comments.length + 1);
    for (const l of comments) expect(l).not.toMatch(/[,，]/);
    expect(comments[0]).toBe('\uFEFF# beltscope dataVersion=3 query=/api/compare?belts=a%2Cb&format=csv');
    expect(comments).toContain('# window 2025-01-01 to 2025-12-31; year-on-year against 2024-01-01 to 2024-12-31 (calendar; not in the data: year-on-year growth is empty); period-on-period against 2024-01-01 to 2024-12-31');
  });
});
