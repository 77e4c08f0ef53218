import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../server/api/app.ts';
import { compareResponse } from '../../server/api/schemas/compare.ts';
import type { Database } from '../../db/database.ts';
import { openCompareDatabase } from '../fixtures/compare.ts';
import { quantile } from '../fixtures/plain.ts';
import { requester } from '../fixtures/request.ts';

// /api/compare on the two-year fixture (tests/fixtures/compare.ts): every expected number is
// worked out by hand from the fixture's rows, as the comments show.
let db: Database;
let app: ReturnType<typeof createApp>['app'];
const get = requester(() => app);
const J = 'jingdezhen-ceramics';
const H = 'haining-leather';

beforeAll(async () => {
  db = await openCompareDatabase();
  app = createApp({ db }).app;
});
afterAll(async () => db.close());

const belts = async (url: string) => {
  const { status, body } = await get(url);
  expect(status, JSON.stringify(body)).toBe(200);
  compareResponse.parse(body);
  return { body, by: Object.fromEntries(body.belts.map((b: any) => [b.belt_id, b])) };
};
const closeAll = (got: (number | null)[], want: number[]) => {
  expect(got).toHaveLength(want.length);
  want.forEach((v, i) => expect(got[i], `[${i}]`).toBeCloseTo(v, 9));
};

describe('growth', () => {
  it('同比, 环比 and CAGR over 2025; Haining, loaded from 2025 only, has no prior year: n/a, not 0 or infinity', async () => {
    const { body, by } = await belts('/api/compare?from=2025-01-01&to=2025-12-31');
    expect(body.comparison).toEqual({
      yoy: { kind: 'previous_year', from: '2024-01-01', to: '2024-12-31', covered: true },
      mom: { from: '2024-01-01', to: '2024-12-31', covered: true },
    });
    expect(body.years).toEqual([{ from: '2024-01-01', to: '2024-12-31' }, { from: '2025-01-01', to: '2025-12-31' }]);
    // J: 3 000 in 2025 against 1 500 in 2024.
    expect(by[J].gmv).toBe(3000);
    expect(by[J].growth).toEqual({ yoy: 1, mom: 1, cagr: 1, years: 2, annual: [
      { from: '2024-01-01', to: '2024-12-31', gmv: 1500 }, { from: '2025-01-01', to: '2025-12-31', gmv: 3000 }] });
    expect(by[H].gmv).toBe(18000);
    expect(by[H].growth).toEqual({ yoy: null, mom: null, cagr: null, years: 1, annual: [{ from: '2025-01-01', to: '2025-12-31', gmv: 18000 }] });
    // Largest GMV first when no belt is named.
    expect(body.belts.map((b: any) => b.belt_id)).toEqual([H, J]);
  });

  it('a half year: 同比 against the same half a year back, 环比 against the half before', async () => {
    const { body, by } = await belts('/api/compare?from=2025-07-01&to=2025-12-31&belt=jingdezhen-ceramics,haining-leather');
    expect(body.comparison.mom).toEqual({ from: '2025-01-01', to: '2025-06-30', covered: true });
    // J: H2 2025 = 6 × 200 = 1 200; H2 2024 = 600; H1 2025 = 800 + 5 × 200 = 1 800.
    expect(by[J].growth.yoy).toBeCloseTo(1, 12);
    expect(by[J].growth.mom).toBeCloseTo(1200 / 1800 - 1, 12);
    // H: 6 × 2 000 against 6 × 1 000 just before; a year back it had not been loaded yet.
    expect(by[H].growth.mom).toBeCloseTo(1, 12);
    expect(by[H].growth.yoy).toBeNull();
    // The order of the belt filter is kept.
    expect(body.belts.map((b: any) => b.belt_id)).toEqual([J, H]);
  });

  it('the first year of data has no prior year: growth is null for every belt, and one whole year gives no CAGR', async () => {
    const { body, by } = await belts('/api/compare?from=2024-01-01&to=2024-12-31');
    expect(body.comparison.yoy).toMatchObject({ from: '2023-01-01', to: '2023-12-31', covered: false });
    expect(body.comparison.mom.covered).toBe(false);
    expect(by[J].growth).toMatchObject({ yoy: null, mom: null, cagr: null, years: 1 });
    expect(body.years).toEqual([{ from: '2024-01-01', to: '2024-12-31' }]);
    // Haining sold nothing in 2024: it is not a belt of this window.
    expect(by[H]).toBeUndefined();
  });

  it('a window running past the data\'s last day has no growth (part of it against a whole period), with a note', async () => {
    // The data end on 2025-12-31: July 2025 – June 2026 holds six months of data.
    const { body, by } = await belts('/api/compare?from=2025-07-01&to=2026-06-30&lang=en');
    expect([body.comparison.yoy.covered, body.comparison.mom.covered]).toEqual([false, false]);
    expect(by[J].growth).toMatchObject({ yoy: null, mom: null });
    expect(body.notes).toContain('The window 2025-07-01 to 2026-06-30 is not wholly in the data (2024-01-01 to 2025-12-31): year-on-year and period-on-period growth are left empty (they would set part of the window against a whole period)');
  });

  it('compare=previous_year_lunar: January 2025 (festival on 29 Jan) meets 13 Jan–12 Feb 2024 (festival on 10 Feb)', async () => {
    // 354 days back. J sold 800 on 5 Jan 2025; in the lunar window only the festival month's 400 (5 Feb 2024).
    const lunar = await belts('/api/compare?from=2025-01-01&to=2025-01-31&compare=previous_year_lunar&belt=jingdezhen-ceramics');
    expect(lunar.body.comparison.yoy).toEqual({ kind: 'previous_year_lunar', from: '2024-01-13', to: '2024-02-12', covered: true });
    expect(lunar.by[J].growth.yoy).toBeCloseTo(800 / 400 - 1, 12);
    // The plain 同比 compares the festival with an ordinary January (100).
    const plain = await belts('/api/compare?from=2025-01-01&to=2025-01-31&belt=jingdezhen-ceramics');
    expect(plain.by[J].growth.yoy).toBeCloseTo(800 / 100 - 1, 12);
  });
});

describe('seasonality', () => {
  it('each month over its year\'s monthly mean, averaged over the whole years, January first', async () => {
    const { by } = await belts('/api/compare?from=2025-01-01&to=2025-12-31');
    // J 2024: mean 125 → Feb 400/125 = 3.2, other months 0.8; 2025: mean 250 → Jan 3.2, others 0.8.
    closeAll(by[J].seasonality, [2, 2, 0.8, 0.8, 0.8, 0.8, 0.8, 0.8, 0.8, 0.8, 0.8, 0.8]);
    // H, one year: mean 1 500 → 1 000 / 1 500 in the first half, 2 000 / 1 500 in the second.
    closeAll(by[H].seasonality, [...Array(6).fill(2 / 3), ...Array(6).fill(4 / 3)]);
  });

  it('years end at the last complete month of the window: to=2025-12-20 ends them in November', async () => {
    const { body, by } = await belts('/api/compare?from=2025-01-01&to=2025-12-20&belt=jingdezhen-ceramics');
    expect(body.years).toEqual([{ from: '2024-12-01', to: '2025-11-30' }]);
    // Dec 2024 100, Jan 2025 800, Feb–Nov 200 → 2 900, mean 2 900 / 12.
    const mean = 2900 / 12;
    closeAll(by[J].seasonality, [800 / mean, ...Array(10).fill(200 / mean), 100 / mean]);
    expect(by[J].growth).toMatchObject({ years: 1, cagr: null });
  });
});

describe('distributions', () => {
  it('histogram of parent-order values in log10 bins 0.1 wide, the same edges for every belt', async () => {
    const { by } = await belts('/api/compare?from=2025-01-01&to=2025-12-31');
    // Values: J 800 once and 200 × 11 (bins 29 and 23); H 1 000 × 6 (June's two lines 600 + 400
    // are one order; 10^3 exactly is bin 30) and 2 000 × 6 (bin 33). Edges 10^2.3 … 10^3.4.
    const edges = Array.from({ length: 12 }, (_, i) => 10 ** ((23 + i) / 10));
    for (const b of [J, H]) closeAll(by[b].histogram.edges, edges);
    expect(by[J].histogram.counts).toEqual([11, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0]);
    expect(by[H].histogram.counts).toEqual([0, 0, 0, 0, 0, 0, 0, 6, 0, 0, 6]);
    expect(by[H].histogram.nonpositive).toBe(0);
  });

  it('session GPM and conversion box plots, sessions without views left out, window applied', async () => {
    const { by } = await belts('/api/compare?from=2025-01-01&to=2025-12-31');
    // J 2025: GPM 800, 100, 300 (sJ3 has no views; sJ0 is in 2024); conversion 1 %, 0.2 %, 0.25 %.
    expect(by[J].sessions.count).toBe(3);
    expect(by[J].sessions.gpm).toEqual({ p10: 140, p25: 200, p50: 300, p75: 550, p90: 700 });
    const conv = [0.01, 0.002, 0.0025];
    for (const p of [10, 25, 50, 75, 90]) expect(by[J].sessions.conversion[`p${p}`]).toBeCloseTo(quantile(conv, p / 100), 12);
    expect(by[H].sessions).toEqual({ count: 1, gpm: { p10: 1000, p25: 1000, p50: 1000, p75: 1000, p90: 1000 },
      conversion: { p10: 0.01, p25: 0.01, p50: 0.01, p75: 0.01, p90: 0.01 } });
  });

  it('platform filters both facts; category cannot filter sessions and says so', async () => {
    const { by } = await belts('/api/compare?from=2025-01-01&to=2025-12-31&platform=kuaishou');
    // Kuaishou: only sJ2 (GPM 100) and sJ4 (GPM 300), and J's February order.
    expect(by[J].sessions.gpm.p50).toBe(200);
    expect(by[J].gmv).toBe(200);
    const cat = await belts('/api/compare?from=2025-01-01&to=2025-12-31&category=leather');
    expect(cat.body.notApplied).toEqual([{ dimension: 'category', fields: ['sessions'] }]);
    expect(cat.body.belts.map((b: any) => b.belt_id)).toEqual([H]);
  });
});

describe('shares', () => {
  it('live share, non-standard share, venue mix and size-class mix', async () => {
    const { by } = await belts('/api/compare?from=2025-01-01&to=2025-12-31');
    // J: live = Jan 800 (sJ1) + Feb 200 (sJ2) + Mar 200 (live channel, no session) = 1 200 of 3 000.
    expect(by[J]).toMatchObject({ live_share: 0.4, non_standard_share: 1 });
    // Venue: of the lines bought in a session, 800 at the base and 200 in the workshop.
    expect(by[J].venue_mix).toEqual({ base: 0.8, workshop: 0.2 });
    expect(by[J].size_class_mix.large).toBeCloseTo(800 / 3000, 12);
    expect(by[J].size_class_mix.small).toBeCloseTo(2200 / 3000, 12);
    expect(by[H].live_share).toBeCloseTo(1000 / 18000, 12);
    expect(by[H].venue_mix).toEqual({ studio: 1 });
    // December's 2 000 by m4, whose size the merchant file does not give.
    expect(by[H].size_class_mix.unknown).toBeCloseTo(2000 / 18000, 12);
  });

  it('live_share is a catalog measure: /api/metrics gives the same from a rollup and from raw rows', async () => {
    const { body } = await get('/api/metrics?measures=live_share&by=belt&from=2025-01-01&to=2025-12-31');
    expect(Object.fromEntries(body.rows.map((r: any) => [r.belt, r.live_share]))).toEqual({ [J]: 0.4, [H]: 1000 / 18000 });
    const cut = await get('/api/metrics?measures=live_share&by=belt&from=2025-01-03&to=2025-03-10');
    // Jan 800 (live), Feb 200 (live), Mar 200 (live channel) for J; H Jan 1 000, Feb 1 000 on the shelf.
    expect(Object.fromEntries(cut.body.rows.map((r: any) => [r.belt, r.live_share]))).toEqual({ [J]: 1, [H]: 0 });
  });
});

describe('requests', () => {
  it('refuses unknown parameters and bad values, naming them, in zh and en', async () => {
    const unknown = await get('/api/compare?belts=a&lang=en');
    expect(unknown.status).toBe(400);
    expect(unknown.body.error).toMatchObject({ code: 'invalid_param', param: 'belts', message: 'Unknown parameter "belts".' });
    const bad = await get('/api/compare?compare=previous_period');
    expect(bad.status).toBe(400);
    expect(bad.body.error.param).toBe('compare');
    expect(bad.body.error.message).toMatch(/必须是 previous_year、previous_year_lunar 之一/);
    const order = await get('/api/compare?from=2025-02-01&to=2025-01-01&lang=en');
    expect(order.body.error.message).toMatch(/from \(2025-02-01\) is after to \(2025-01-01\)/);
  });

  it('format=csv: a row per belt with the JSON\'s figures, rounded, headers in the language asked for', async () => {
    const url = '/api/compare?from=2025-01-01&to=2025-12-31';
    const { body } = await belts(url);
    const r = await app.request(`${url}&format=csv&lang=en`);
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(r.headers.get('content-disposition')).toMatch(/^attachment; filename="beltscope-compare-2025-01-01_2025-12-31-v\d+\.csv"$/);
    const text = (await r.text()).replace(/^\uFEFF/, '');
    const lines = text.trimEnd().split('\r\n');
    const comments = lines.filter((l) => l.startsWith('#'));
    expect(comments[0]).toMatch(/^# beltscope dataVersion=\d+ query=\/api\/compare\?from=2025-01-01/);
    expect(comments[1]).toBe('# window 2025-01-01 to 2025-12-31; year-on-year against 2024-01-01 to 2024-12-31 (calendar); period-on-period against 2024-01-01 to 2024-12-31');
    const [head, ...rows] = lines.filter((l) => !l.startsWith('#')).map((l) => l.split(','));
    expect(head.slice(0, 7)).toEqual(['Belt ID', 'Belt', 'GMV', 'YoY growth', 'Period-on-period growth', 'CAGR', 'Whole years']);
    expect(rows.map((x) => x[0])).toEqual(body.belts.map((b: any) => b.belt_id));
    const col = (h: string) => head.indexOf(h);
    const num = (s: string) => (s === '' ? null : Number(s));
    const r4 = (v: number | null) => (v === null ? null : Math.round(v * 1e4) / 1e4);
    // Ratios to six places, as the catalog's downloads (DECIMALS.percent).
    const r6 = (v: number | null) => (v === null ? null : Math.round(v * 1e6) / 1e6);
    body.belts.forEach((b: any, i: number) => {
      const row = rows[i];
      expect(num(row[col('GMV')])).toBe(Math.round(b.gmv * 100) / 100);
      expect(num(row[col('YoY growth')])).toBe(r6(b.growth.yoy));
      expect(num(row[col('Seasonality Mar')])).toBe(b.seasonality ? r4(b.seasonality[2]) : null);
      expect(num(row[col('Session view-to-buy rate P50')])).toBe(r6(b.sessions.conversion.p50));
      for (const [v, share] of Object.entries(b.venue_mix)) {
        expect(num(row[head.findIndex((h) => h.startsWith('Live GMV share by venue') && h.toLowerCase().includes(v))]), v).toBe(r6(share as number));
      }
    });
    expect(rows.find((x) => x[0] === H)![col('YoY growth')]).toBe(''); // n/a stays empty, never 0
    // Size-class columns in the list's order (micro to large), as the page's legend, not by id.
    const sizes = head.filter((h) => h.startsWith('GMV share by merchant size'));
    const order = ['Micro', 'Small', 'Medium', 'Large', 'unknown'];
    expect(sizes.map((h) => order.indexOf(h.split(': ')[1]))).toEqual([...sizes.map((h) => order.indexOf(h.split(': ')[1]))].sort((a, b) => a - b));
    expect(sizes.length).toBeGreaterThan(1);
    const zh = await (await app.request(`${url}&format=csv`)).text();
    expect(zh).toContain('产业带ID,产业带');
    expect(zh).toContain('（公历）');
    expect(zh).toContain('场次观看-成交率 P50');
    const bad = await get(`${url}&format=xml&lang=en`);
    expect(bad.body.error).toMatchObject({ param: 'format', allowed: ['json', 'csv'] });
  });

  it('a belt asked for that sold nothing in the window and filters is left out, and a note says so', async () => {
    const { body } = await belts(`/api/compare?belt=${H},${J}&category=ceramics&from=2025-01-01&to=2025-12-31&lang=en`);
    expect(body.belts.map((b: any) => b.belt_id)).toEqual([J]);
    expect(body.notes).toEqual([`${H}: no sales in this window with these filters, so not listed`]);
  });

  it('an unknown belt is named (400), not answered with no belts', async () => {
    const r = await app.request('/api/compare?belt=no-such-belt&lang=en');
    expect(r.status).toBe(400);
    expect((await r.json() as any).error).toMatchObject({ param: 'belt', message: expect.stringMatching(/Unknown belt "no-such-belt"/) });
  });

  it('a narrowed scope: only its belts, and belts under the minimum cohort are suppressed', async () => {
    const scoped = createApp({ db, scope: () => ({ rows: { belt: [J] }, merchantNames: false, minCohort: 0 }) }).app;
    const one = await (await scoped.request('/api/compare?from=2025-01-01&to=2025-12-31')).json() as any;
    expect(one.belts.map((b: any) => b.belt_id)).toEqual([J]);
    const cohort = createApp({ db, scope: () => ({ rows: {}, merchantNames: true, minCohort: 2 }) }).app;
    // 2025: J has m1 and m2, H has m3 and m4 — both stay; in 2024 J had only m1.
    const both = await (await cohort.request('/api/compare?from=2025-01-01&to=2025-12-31')).json() as any;
    expect(both.belts).toHaveLength(2);
    const early = await (await cohort.request('/api/compare?from=2024-01-01&to=2024-12-31&lang=en')).json() as any;
    expect(early.belts).toEqual([]);
    expect(early.suppressed).toEqual([J]);
    expect(early.notes[0]).toMatch(/fewer than 2 merchants/);
  });
});

describe('compare=previous_year_lunar in /api/metrics', () => {
  it('January 2025 against the lunar window: the festival month meets the festival month', async () => {
    const { body } = await get('/api/metrics?measures=gmv&by=belt&from=2025-01-01&to=2025-01-31&belt=jingdezhen-ceramics&compare=previous_year_lunar');
    expect(body.comparison).toMatchObject({ kind: 'previous_year_lunar', from: '2024-01-13', to: '2024-02-12' });
    expect(body.rows).toEqual([{ belt: J, gmv: 800, gmv_prev: 400, gmv_change: 1 }]);
  });

  it('month buckets move by the same 354 days', async () => {
    const { body } = await get('/api/metrics?measures=gmv&grain=month&from=2025-01-01&to=2025-03-31&belt=jingdezhen-ceramics&compare=previous_year_lunar');
    expect(body.comparison).toMatchObject({ from: '2024-01-13', to: '2024-04-11' });
    // Jan 2025 ← 13 Jan–12 Feb 2024 (5 Feb: 400); Feb ← 13 Feb–12 Mar (5 Mar: 100); Mar ← 13 Mar–11 Apr (5 Apr: 100).
    expect(body.rows.map((r: any) => [r.month, r.gmv, r.gmv_prev])).toEqual([
      ['2025-01-01', 800, 400], ['2025-02-01', 200, 100], ['2025-03-01', 200, 100]]);
  });

  it('a window outside the reference years is a 400 in the language asked for', async () => {
    const { status, body } = await get('/api/metrics?measures=gmv&from=2014-01-01&to=2014-12-31&compare=previous_year_lunar&lang=en');
    expect(status).toBe(400);
    expect(body.error).toMatchObject({ code: 'invalid_param', param: 'compare' });
    expect(body.error.message).toMatch(/covers 2015–2035/);
  });
});

describe('catalog measures the page takes from /api/metrics, on the same fixture', () => {
  it('concentration and order-value quantiles by belt for 2025, worked out by hand', async () => {
    const { body } = await get('/api/metrics?measures=hhi,cr4,merchants_80,order_value_p10,order_value_p50,order_value_p90&by=belt&from=2025-01-01&to=2025-12-31');
    const by = Object.fromEntries(body.rows.map((r: any) => [r.belt, r]));
    // J: m2 800, m1 2 200 of 3 000 → shares 4/15 and 11/15; 11/15 < 0.8, so both make 80 %.
    expect(by[J].hhi).toBeCloseTo(((4 / 15) ** 2 + (11 / 15) ** 2) * 10_000, 9);
    expect(by[J]).toMatchObject({ cr4: 1, merchants_80: 2 });
    // H: m3 16 000, m4 2 000 of 18 000 → 8/9 ≥ 0.8 alone.
    expect(by[H].hhi).toBeCloseTo(((8 / 9) ** 2 + (1 / 9) ** 2) * 10_000, 9);
    expect(by[H].merchants_80).toBe(1);
    // Order values: J 200 × 11 and 800; H 1 000 × 6 (June's two lines are one order) and 2 000 × 6.
    expect(by[J]).toMatchObject({ order_value_p10: 200, order_value_p50: 200, order_value_p90: 200 });
    expect(by[H]).toMatchObject({ order_value_p10: 1000, order_value_p50: 1500, order_value_p90: 2000 });
  });
});
