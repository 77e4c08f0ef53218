import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../server/api/app.ts';
import type { Database } from '../../db/database.ts';
import { openFixedDatabase } from '../fixtures/fixed.ts';
import { requester } from '../fixtures/request.ts';
import { concentration, quantile } from '../fixtures/plain.ts';

// Two-level measures (concentration, quantiles) and the finer facts (minutes, listings,
// firings) on the fixed dataset. Expected numbers are worked out by hand from the fixture's
// rows (see tests/fixtures/fixed.ts), or computed here in JS from raw per-group sums.
let db: Database;
let app: ReturnType<typeof createApp>['app'];
const get = requester(() => app);

beforeAll(async () => {
  db = await openFixedDatabase();
  app = createApp({ db }).app;
});
afterAll(async () => db.close());

const close = (got: Record<string, number | null>, want: Record<string, number | null>) => {
  for (const [k, v] of Object.entries(want)) {
    if (v === null) expect(got[k], k).toBeNull();
    else expect(got[k], k).toBeCloseTo(v, 9);
  }
};

describe('merchant concentration', () => {
  it('HHI, CR4, CR10 and merchants for 80 % over all merchants (m1 730, m2 380, m3 2100)', async () => {
    const { body } = await get('/api/metrics?measures=hhi,cr4,cr10,merchants_80');
    close(body.totals, { hhi: (730 ** 2 + 380 ** 2 + 2100 ** 2) / 3210 ** 2 * 10_000, cr4: 1, cr10: 1, merchants_80: 2 });
    close(body.totals, concentration([730, 380, 2100]));
  });

  it('per belt, each group its own merchants', async () => {
    const { body } = await get('/api/metrics?measures=hhi,cr4,cr10,merchants_80,gmv&by=belt');
    const by = Object.fromEntries(body.rows.map((r: any) => [r.belt, r]));
    close(by['jingdezhen-ceramics'], { ...concentration([730, 380]), gmv: 1110 });
    expect(by['jingdezhen-ceramics'].hhi).toBeCloseTo(5497.1187, 3) // (730² + 380²) / 1110² × 10 000;
    close(by['haining-leather'], { hhi: 10_000, cr4: 1, merchants_80: 1 });
  });

  it('works with compare: a window of 31 days against the 31 before', async () => {
    // The data end on 01-05: a window running past them compares nothing (coverage.ts).
    const { body } = await get('/api/metrics?measures=hhi&by=belt&from=2025-12-06&to=2026-01-05&compare=previous_period');
    const by = Object.fromEntries(body.rows.map((r: any) => [r.belt, r]));
    // 12-06 to 01-05: Jingdezhen m1 730 (P1, O2, O3), m2 80 (O4, O5); Haining m3 1200 (O7).
    expect(by['jingdezhen-ceramics'].hhi).toBeCloseTo(concentration([730, 80]).hhi!, 9);
    expect(by['jingdezhen-ceramics'].hhi_prev).toBeNull();
    // 11-05 to 12-05: Haining m3 900 (O8) alone.
    expect(by['haining-leather']).toMatchObject({ hhi: 10_000, hhi_prev: 10_000, hhi_change: 0 });
    // October 26 – November 30 reaches before Haining's first month (November): no comparison for it.
    const early = (await get('/api/metrics?measures=hhi&by=belt&from=2025-12-01&to=2026-01-05&compare=previous_period')).body;
    expect(early.rows.find((r: any) => r.belt === 'haining-leather')).toMatchObject({ hhi: 10_000, hhi_prev: null, hhi_change: null });
  });

  it('by month, a merchant counted in the month it sold', async () => {
    const { body } = await get('/api/metrics?measures=hhi,merchants_80&grain=month&belt=jingdezhen-ceramics&from=2025-12-01&to=2026-01-31');
    expect(body.rows).toEqual([
      { month: '2025-12-01', hhi: expect.closeTo(concentration([650, 80]).hhi!, 9), merchants_80: 1 },
      { month: '2026-01-01', hhi: 10_000, merchants_80: 1 },
    ]);
  });

  it('is null where nothing sold, and cannot be split by merchant', async () => {
    const empty = await get('/api/metrics?measures=hhi,cr4,merchants_80&from=2020-01-01&to=2020-01-31');
    expect(empty.body.totals).toEqual({ hhi: null, cr4: null, merchants_80: null });
    const bad = await get('/api/metrics?measures=gmv,cr10&by=merchant&lang=en');
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatchObject({ code: 'invalid_param', param: 'by' });
    expect(bad.body.error.message).toMatch(/"cr10" cannot be split by "merchant"/);
  });

  it('agrees with the plain calculation per platform (rollup or raw, whichever answers)', async () => {
    const rows = await db.query(`SELECT platform_id AS p, merchant_id AS m, sum(amount)::DOUBLE AS v FROM orders GROUP BY ALL`);
    const { body } = await get('/api/metrics?measures=hhi,cr4,cr10,merchants_80&by=platform');
    for (const r of body.rows) close(r, concentration(rows.filter((x) => x.p === r.platform).map((x) => x.v as number)));
  });
});

describe('distributions', () => {
  // Parent orders: P1 500, O2 150, O3 80, O4 60, O5 20, O6 300, O7 1200, O8 900.
  const values = [500, 150, 80, 60, 20, 300, 1200, 900];

  it('order value quantiles are over parent orders (a split order is one value)', async () => {
    const { body } = await get('/api/metrics?measures=order_value_p10,order_value_p50,order_value_p90');
    close(body.totals, { order_value_p10: 48, order_value_p50: 225, order_value_p90: 990 });
    close(body.totals, { order_value_p10: quantile(values, 0.1), order_value_p50: quantile(values, 0.5), order_value_p90: quantile(values, 0.9) });
  });

  it('order value quantiles per belt, and not by category', async () => {
    const { body } = await get('/api/metrics?measures=order_value_p50&by=belt');
    const by = Object.fromEntries(body.rows.map((r: any) => [r.belt, r.order_value_p50]));
    expect(by).toEqual({ 'jingdezhen-ceramics': quantile([500, 150, 80, 60, 20, 300], 0.5), 'haining-leather': 1050 });
    const bad = await get('/api/metrics?measures=order_value_p90&by=hub');
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/不能按 "hub" 拆分/);
  });

  it('session medians over per-session ratios (GPM 65, 60, 600; conversion 0.05 %, 0.04 %, 0.1 %)', async () => {
    const { body } = await get('/api/metrics?measures=session_gpm_p50,session_conversion_p50,gpm');
    close(body.totals, { session_gpm_p50: 65, session_conversion_p50: 0.0005, gpm: (2150 / 17000) * 1000 });
  });
});

describe('minutes, flash listings and firings', () => {
  it('flash listings: count, sell-through, sold-out share, median seconds to first sale and to sell-out', async () => {
    const { body } = await get('/api/metrics?measures=listings,listing_units_sold,listing_sell_through,sold_out_share,first_sale_seconds_p50,sell_out_seconds_p50&by=belt');
    expect(body.rows).toEqual([{
      belt: 'jingdezhen-ceramics', listings: 3, listing_units_sold: 3, listing_sell_through: 0.5, sold_out_share: 1 / 3,
      first_sale_seconds_p50: 60, sell_out_seconds_p50: 30,
    }]);
  });

  it('firings: first-grade and defect rates by merchant, as ratios of sums', async () => {
    const { body } = await get('/api/metrics?measures=batches,pieces_fired,first_grade_rate,defect_rate&by=merchant');
    const by = Object.fromEntries(body.rows.map((r: any) => [r.merchant, r]));
    expect(by.m1).toEqual({ merchant: 'm1', batches: 2, pieces_fired: 150, first_grade_rate: 110 / 150, defect_rate: 15 / 150 });
    expect(by.m3).toEqual({ merchant: 'm3', batches: 1, pieces_fired: 20, first_grade_rate: 18 / 20, defect_rate: 1 / 20 });
    expect(body.totals).toEqual({ batches: 3, pieces_fired: 170, first_grade_rate: 128 / 170, defect_rate: 16 / 170 });
  });

  it('minutes reach their belt and venue through their session', async () => {
    const { body } = await get('/api/metrics?measures=avg_online,live_minutes&by=belt,venue');
    expect(body.rows).toEqual(expect.arrayContaining([
      { belt: 'jingdezhen-ceramics', venue: 'base', avg_online: 750, live_minutes: 2 },
      { belt: 'haining-leather', venue: 'base', avg_online: 100, live_minutes: 1 },
    ]));
  });

  it('four facts in one query, joined on the grouping keys', async () => {
    const { body } = await get('/api/metrics?measures=gmv,live_gmv,listings,batches,hhi&by=belt');
    const by = Object.fromEntries(body.rows.map((r: any) => [r.belt, r]));
    expect(by['jingdezhen-ceramics']).toMatchObject({ gmv: 1110, live_gmv: 950, listings: 3, batches: 2 });
    expect(by['haining-leather']).toMatchObject({ gmv: 2100, live_gmv: 1200, listings: null, batches: 1, hhi: 10_000 });
  });

  it('a firing has no platform: splitting it by platform is a 400 that names the fact', async () => {
    const { status, body } = await get('/api/metrics?measures=first_grade_rate&by=platform&lang=en');
    expect(status).toBe(400);
    expect(body.error.message).toMatch(/come from production_batches, which has no platform/);
  });
});
