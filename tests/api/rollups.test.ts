import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Database } from '../../db/database.ts';
import { MetricsService } from '../../server/query/execute.ts';
import { parseMetricsParams } from '../../server/query/params.ts';
import { planMetrics } from '../../server/query/plan.ts';
import { setComposeFrom } from '../../server/query/factSelect.ts';
import { generateDemo } from '../../pipelines/demo/generate.ts';

// Rollups must give exactly the raw answer: every query below runs twice, once as planned
// (from a rollup) and once forced onto the raw tables, and the two results must be equal.
let db: Database;
let metrics: MetricsService;
const range = { from: '2024-11-01', to: '2026-10-31' };

beforeAll(async () => {
  db = await Database.open(':memory:', { readers: 2 });
  await db.write((con) => generateDemo(con, { orders: 20_000, seed: 7 }));
  metrics = new MetricsService(db, { rowCap: 50_000, budgetMs: 30_000, cache: false });
});
afterAll(async () => db.close());

const cases: [string, string][] = [
  ['measures=gmv,orders,lines,quantity,net_gmv,refund_rate,non_standard_share', 'ro_orders_belt_month'],
  ['measures=gmv,orders&by=belt&grain=month', 'ro_orders_belt_month'],
  ['measures=live_share,non_standard_share&by=belt,venue&grain=month&compare=previous_year_lunar', 'ro_orders_month'],
  ['measures=live_share,active_merchants&by=size_class&from=2025-02-03&to=2025-06-17', 'ro_orders_merchant_day'],
  ['measures=gmv,lines&by=belt,platform,category&grain=quarter', 'ro_orders_month'],
  ['measures=gmv,orders&by=venue,base&grain=year&from=2025-01-01&to=2025-12-31&compare=previous_year', 'ro_orders_month'],
  ['measures=gmv,lines,net_gmv&by=hub&grain=year', 'ro_orders_hub_month'],
  ['measures=gmv,orders,net_gmv&by=ship_province&grain=year&belt=jingdezhen-ceramics,yixing-zisha', 'ro_orders_ship_month'],
  ['measures=gmv,lines&by=ship_province,category&grain=quarter', 'ro_orders_hub_month'],
  ['measures=gmv,orders&by=hub', 'orders'],
  ['measures=gmv,orders,order_value&by=region,province&grain=month', 'ro_orders_belt_month'],
  ['measures=gmv,orders&grain=week&from=2025-10-15&to=2025-11-20', 'ro_orders_belt_day'],
  ['measures=gmv,orders,quantity&grain=day&from=2025-01-20&to=2025-02-20&platform=douyin', 'ro_orders_belt_day'],
  ['measures=gmv,orders&by=venue,base&grain=week', 'ro_orders_day'],
  ['measures=gmv,orders&by=base&from=2025-03-07&to=2025-09-13&compare=previous_year', 'ro_orders_day'],
  ['measures=gmv,orders,active_merchants&by=merchant_kind,size_class&grain=month', 'ro_orders_merchant_month'],
  ['measures=gmv,orders,order_value&by=merchant&sort=-order_value&limit=10&grain=month', 'ro_orders_merchant_month'],
  ['measures=gmv,active_merchants&by=belt&from=2025-01-01&to=2025-06-30&compare=previous_period', 'ro_orders_merchant_month'],
  ['measures=gmv,active_merchants&by=venue&grain=quarter', 'ro_orders_merchant_detail_month'],
  ['measures=active_merchants&by=base&platform=douyin&from=2025-03-01&to=2025-08-31', 'ro_orders_merchant_detail_month'],
  ['measures=gmv,orders,order_value&by=category&grain=month', 'orders'],
  ['measures=buyers,aov,gmv&by=belt', 'ro_order_buyers_day'],
  ['measures=buyers,aov&by=platform,venue&grain=week&from=2025-10-20&to=2025-11-30&belt=jingdezhen-ceramics&compare=previous_year', 'ro_order_buyers_day'],
  ['measures=buyers,aov&by=merchant_kind', 'orders'],
  // No one rollup holds parent orders and buyer keys: two rollups, joined on the keys, not raw rows.
  ['measures=gmv,orders,aov&from=2025-01-01&to=2025-12-31&compare=previous_year', 'ro_orders_belt_month, ro_order_buyers_day'],
  ['measures=orders,buyers,net_gmv&by=platform,venue&grain=month&from=2025-03-04&to=2025-10-19', 'ro_orders_day, ro_order_buyers_day'],
  ['measures=orders,aov&by=belt&sort=-aov&limit=3&belt=jingdezhen-ceramics,haining-leather,suzhou-silk&compare=previous_period', 'ro_orders_belt_month, ro_order_buyers_day'],
  ['measures=orders,aov&by=belt&grain=month&sort=-aov&limit=3&from=2025-02-01&to=2025-07-31&compare=previous_year', 'ro_orders_belt_month, ro_order_buyers_day'],
];

const sessionCases: [string, string][] = [
  ['measures=live_gmv,sessions,live_hours,views,viewers,gpm,uv_value,conversion,click_conversion,ctr,peak_online,avg_watch_seconds,engagement,new_followers,follow_rate,ad_spend,roi', 'ro_sessions_belt_month'],
  ['measures=live_gmv,sessions,live_hours,views,viewers,gpm,uv_value,conversion,click_conversion,ctr,peak_online,avg_watch_seconds,engagement,new_followers,follow_rate,ad_spend,roi&from=2025-02-03&to=2025-08-17', 'ro_sessions_belt_day'],
  ['measures=live_gmv,sessions,gpm,peak_online&by=base,venue&grain=month', 'ro_sessions_month'],
  ['measures=live_gmv,live_hours,conversion&by=belt,platform&grain=week&from=2025-10-01&to=2025-11-30&compare=previous_period', 'ro_sessions_belt_day'],
  ['measures=live_gmv,gpm&by=province,region&grain=quarter', 'ro_sessions_belt_month'],
  ['measures=live_gmv,sessions,gpm&by=merchant_kind', 'live_sessions'],
];

// Windows that start and end on any day, composed: whole months from a month rollup, the days
// around them from its day rollup (`<month>+<day>`), with grains, filters, comparisons, sort and
// limit. The planner composes from a declared number of whole months; these tests from one.
const composedCases: [string, string][] = [
  ['measures=gmv,orders,lines,quantity,net_gmv,refund_rate,non_standard_share&from=2025-01-17&to=2025-08-09', 'ro_orders_belt_month+ro_orders_belt_day'],
  ['measures=gmv,orders,order_value&by=belt&grain=month&from=2025-02-11&to=2025-09-23&belt=jingdezhen-ceramics,haining-leather,suzhou-silk', 'ro_orders_belt_month+ro_orders_belt_day'],
  ['measures=gmv,lines,net_gmv&by=platform,category&grain=quarter&from=2024-12-05&to=2025-10-20', 'ro_orders_month+ro_orders_day'],
  ['measures=gmv,orders,non_standard_share&by=venue,base&grain=year&from=2025-03-14&to=2026-02-27&compare=previous_year', 'ro_orders_month+ro_orders_day'],
  ['measures=gmv,orders,net_gmv&by=platform&from=2025-04-10&to=2025-09-05&compare=previous_period', 'ro_orders_belt_month+ro_orders_belt_day'],
  ['measures=gmv,orders&by=region,province&grain=quarter&from=2025-05-19&to=2026-01-08&platform=douyin,taobao', 'ro_orders_belt_month+ro_orders_belt_day'],
  ['measures=gmv,orders&by=belt&sort=-orders&limit=3&grain=month&from=2025-06-02&to=2025-12-30', 'ro_orders_belt_month+ro_orders_belt_day'],
  ['measures=gmv,lines,net_gmv&by=venue&grain=month&from=2025-02-11&to=2025-09-23&category=ceramics,zisha', 'ro_orders_month+ro_orders_day'],
  // Starting on a month's first day, or ending on its last: one edge only.
  ['measures=gmv,orders&by=platform&from=2025-03-01&to=2025-06-15', 'ro_orders_belt_month+ro_orders_belt_day'],
  ['measures=gmv,orders&by=platform&grain=month&from=2025-03-18&to=2025-06-30&compare=previous_year', 'ro_orders_belt_month+ro_orders_belt_day'],
  // Leaderboards and distinct merchants over any window.
  ['measures=gmv,orders&by=merchant&belt=jingdezhen-ceramics&from=2025-02-03&to=2025-11-27&sort=-gmv&limit=10', 'ro_orders_merchant_month+ro_orders_merchant_day'],
  ['measures=gmv,orders&by=merchant&sort=-gmv&limit=5&grain=month&from=2025-07-09&to=2025-12-12', 'ro_orders_merchant_month+ro_orders_merchant_day'],
  ['measures=gmv,active_merchants&by=belt&from=2025-01-09&to=2025-06-21&compare=previous_period', 'ro_orders_merchant_month+ro_orders_merchant_day'],
  ['measures=gmv,orders,active_merchants&by=merchant_kind,size_class&grain=quarter&from=2025-02-20&to=2025-09-10&belt=yixing-zisha', 'ro_orders_merchant_month+ro_orders_merchant_day'],
  // Destination provinces.
  ['measures=gmv,orders&by=ship_province&platform=douyin&belt=jingdezhen-ceramics,lianyungang-seafood&from=2025-03-03&to=2025-12-30', 'ro_orders_ship_month+ro_orders_ship_day'],
  ['measures=gmv,net_gmv&by=ship_province&grain=month&from=2025-01-25&to=2025-10-04&compare=previous_year', 'ro_orders_ship_month+ro_orders_ship_day'],
  // Not composed: no whole month inside, buckets of days or weeks, or months moved by days.
  ['measures=gmv,orders&by=platform&from=2025-03-05&to=2025-03-25', 'ro_orders_belt_day'],
  ['measures=gmv,orders&by=platform&from=2025-03-05&to=2025-04-25', 'ro_orders_belt_day'],
  ['measures=gmv,orders&grain=week&from=2025-03-05&to=2025-07-25', 'ro_orders_belt_day'],
  // The comparison window moves by 149 days: its month rows would straddle two buckets, so it
  // reads days (checked below); the current window is still composed.
  ['measures=gmv&grain=month&from=2025-04-10&to=2025-09-05&compare=previous_period', 'ro_orders_belt_month+ro_orders_belt_day'],
  // Not composed: the day rollups do not hold hubs, or merchants with their venue.
  ['measures=gmv,lines&by=hub&from=2025-01-25&to=2025-10-04', 'orders'],
  ['measures=gmv,active_merchants&by=venue&from=2025-01-25&to=2025-10-04', 'orders'],
];

const composedSessionCases: [string, string][] = [
  ['measures=live_gmv,sessions,live_hours,gpm&by=base&from=2025-02-12&to=2025-10-03&compare=previous_year', 'ro_sessions_month+ro_sessions_day'],
  ['measures=live_gmv,gpm,conversion,peak_online&by=belt,platform&grain=month&from=2025-05-06&to=2025-11-11', 'ro_sessions_belt_month+ro_sessions_belt_day'],
  ['measures=live_gmv,live_hours,roi&by=province&grain=year&from=2024-12-24&to=2026-03-03&platform=kuaishou&compare=previous_period', 'ro_sessions_belt_month+ro_sessions_belt_day'],
];

// Concentration ranks merchants by their GMV in each group: exact over composed rows too.
const composedInnerCases: [string, string][] = [
  ['measures=hhi,cr4,cr10,merchants_80&by=belt&from=2025-03-07&to=2025-11-19', 'ro_orders_merchant_month+ro_orders_merchant_day'],
  ['measures=hhi,cr4&grain=quarter&belt=haining-leather&from=2025-01-14&to=2025-12-02&compare=previous_year', 'ro_orders_merchant_month+ro_orders_merchant_day'],
];

const round = (x: unknown) => JSON.parse(JSON.stringify(x), (_k, v) => (typeof v === 'number' ? Number(v.toPrecision(12)) : v));

async function expectRollupEqualsRaw(qs: string, fact: 'orders' | 'live_sessions', expectedSource: string, part: string = fact) {
  const { query, lang } = parseMetricsParams(Object.fromEntries(new URLSearchParams(qs)), range);
  const planned = await metrics.run(query, lang);
  const raw = await metrics.run({ ...query, rawOnly: true }, lang);
  expect(planned.sources[part]).toBe(expectedSource);
  expect(raw.sources[part]).toBe(fact);
  expect(planned.rows.length).toBeGreaterThan(0);
  expect(round(planned.rows)).toEqual(round(raw.rows));
  expect(round(planned.totals)).toEqual(round(raw.totals));
}

describe('rollups give exactly the raw answer', () => {
  it('answers an ungrouped query (the overview KPIs) in one statement, its counts of unknowns included', () => {
    const { query } = parseMetricsParams({ measures: 'gmv,orders,live_gmv,gpm,conversion,aov', compare: 'previous_year' }, range);
    const plan = planMetrics(query, 100);
    expect(plan.totalsSql).toBeNull();
    expect(plan.sql).toContain('AS "__unknown_buyers"');
    expect(plan.sql).not.toMatch(/FROM orders f/);
  });
  it('names only requested measures among those a filter does not apply to (no hidden counts)', async () => {
    const { query, lang } = parseMetricsParams({ measures: 'gmv,roi,buyers', category: 'ceramics' }, range);
    const r = await metrics.run(query, lang);
    expect(r.notApplied).toEqual([{ dimension: 'category', measures: ['roi'] }]);
    expect(Object.keys(r.rows[0]).filter((k) => k.startsWith('__'))).toEqual([]);
  });
  it.each(cases)('%s (answered by %s)', (qs, src) => expectRollupEqualsRaw(qs, 'orders', src));
  it.each(sessionCases)('%s (answered by %s)', (qs, src) => expectRollupEqualsRaw(qs, 'live_sessions', src));
});

// By default a window on any day reads one day rollup, ordered so that the window's days (and
// the named belt's) are all it reads; very long windows compose (see catalog/facts.ts).
const dayCases: [string, string][] = [
  ['measures=gmv,orders&by=merchant&belt=jingdezhen-ceramics&from=2025-02-03&to=2025-11-27&sort=-gmv&limit=10', 'ro_orders_merchant_day'],
  ['measures=gmv,orders&by=belt&grain=month&from=2025-02-11&to=2025-09-23&belt=jingdezhen-ceramics,haining-leather', 'ro_orders_belt_day'],
  ['measures=gmv,orders&by=ship_province&platform=douyin&belt=lianyungang-seafood&from=2025-03-03&to=2025-12-30', 'ro_orders_ship_day'],
  ['measures=gmv,orders,non_standard_share&by=venue&from=2025-03-14&to=2026-02-27&compare=previous_year', 'ro_orders_day'],
  ['measures=gmv,orders&by=belt&from=2024-09-10&to=2026-12-20', 'ro_orders_belt_month+ro_orders_belt_day'],
];
const daySessionCases: [string, string][] = [
  ['measures=live_gmv,sessions,live_hours,gpm&by=base&from=2025-02-12&to=2025-10-03&compare=previous_year', 'ro_sessions_day'],
  ['measures=live_gmv,gpm,conversion&by=belt,platform&from=2025-05-06&to=2025-11-11', 'ro_sessions_belt_day'],
];

describe('windows on any day give exactly the raw answer', () => {
  it.each(dayCases)('%s (answered by %s)', (qs, src) => expectRollupEqualsRaw(qs, 'orders', src));
  it.each(daySessionCases)('%s (answered by %s)', (qs, src) => expectRollupEqualsRaw(qs, 'live_sessions', src));
});

describe('composed windows give exactly the raw answer', () => {
  beforeAll(() => setComposeFrom(1));
  afterAll(() => setComposeFrom(null));
  it.each(composedCases)('%s (answered by %s)', (qs, src) => expectRollupEqualsRaw(qs, 'orders', src));
  it.each(composedSessionCases)('%s (answered by %s)', (qs, src) => expectRollupEqualsRaw(qs, 'live_sessions', src));
  it('moves no month row by a number of days into a bucket', () => {
    const { query } = parseMetricsParams({ measures: 'gmv', grain: 'month', from: '2025-04-10', to: '2025-09-05', compare: 'previous_period' }, range);
    const plan = planMetrics(query, 100);
    const [cur, prev] = plan.sql.split('prev AS (');
    expect(cur).toContain('FROM ro_orders_belt_month f');
    expect(prev).not.toContain('_month');
    expect(prev).toContain('FROM ro_orders_belt_day f');
  });
  it.each(composedInnerCases)('%s (answered by %s)', (qs, src) => expectRollupEqualsRaw(qs, 'orders', src, 'orders:merchant_gmv'));
});

// Raw parent-order counts skip hashing single-line orders (split_orders names the others, see
// catalog/measures/orders.ts): they must equal a plain distinct count of (platform, parent order).
describe('raw parent-order counts equal count(DISTINCT (platform_id, parent_order_id))', () => {
  const plain = async (by: string, where: string, cond = 'true') => db.query(`
    SELECT ${by} AS k, count(DISTINCT (f.platform_id, f.parent_order_id)) FILTER (WHERE ${cond})::DOUBLE AS n,
      count(DISTINCT (f.platform_id, f.parent_order_id))::DOUBLE AS d
    FROM orders f LEFT JOIN hubs h ON h.hub_id = f.hub_id WHERE ${where} GROUP BY ALL ORDER BY 1`);
  const window = `f.paid_at >= TIMESTAMPTZ '2025-02-03 00:00:00+08' AND f.paid_at < TIMESTAMPTZ '2025-09-18 00:00:00+08'`;

  it('orders by hub and by category over a window that cuts parent orders', async () => {
    const splitParents = await db.query('SELECT count(*)::INTEGER AS n FROM split_orders');
    expect(splitParents[0].n).toBeGreaterThan(0);
    for (const [dim, col] of [['hub', 'f.hub_id'], ['category', 'f.category_id']]) {
      const { query, lang } = parseMetricsParams({ measures: 'orders', by: dim, from: '2025-02-03', to: '2025-09-17' }, range);
      const r = await metrics.run(query, lang);
      expect(r.sources.orders).toBe('orders');
      const expected = await plain(col, window);
      const got = new Map(r.rows.map((x) => [x[dim], x.orders]));
      expect(r.rows.length).toBe(expected.length);
      for (const e of expected) expect(got.get(e.k)).toBe(e.d);
    }
  });

  it('certified_order_share by belt', async () => {
    const { query, lang } = parseMetricsParams({ measures: 'certified_order_share', by: 'belt' }, range);
    const r = await metrics.run(query, lang);
    const expected = await plain('f.belt_id', 'true', 'h.origin_certified');
    const got = new Map(r.rows.map((x) => [x.belt, x.certified_order_share]));
    expect(expected.some((e) => (e.n as number) > 0)).toBe(true);
    for (const e of expected) expect(got.get(e.k)).toBeCloseTo((e.n as number) / (e.d as number), 12);
  });
});
