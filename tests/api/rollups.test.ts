import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Database } from '../../db/database.ts';
import { MetricsService } from '../../server/query/execute.ts';
import { parseMetricsParams } from '../../server/query/params.ts';
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
  ['measures=gmv,orders,lines,quantity,net_gmv,refund_rate,non_standard_share', 'ro_orders_month'],
  ['measures=gmv,orders&by=belt&grain=month', 'ro_orders_month'],
  ['measures=gmv,lines&by=belt,platform,category&grain=quarter', 'ro_orders_month'],
  ['measures=gmv,orders&by=venue,base&grain=year&from=2025-01-01&to=2025-12-31&compare=previous_year', 'ro_orders_month'],
  ['measures=gmv,lines,net_gmv&by=hub&grain=year', 'ro_orders_ship_month'],
  ['measures=gmv,orders,net_gmv&by=ship_province&grain=year&belt=jingdezhen-ceramics,yixing-zisha', 'ro_orders_ship_month'],
  ['measures=gmv,orders&by=hub', 'orders'],
  ['measures=gmv,orders&by=region,province&grain=month', 'ro_orders_month'],
  ['measures=gmv,orders&grain=week&from=2025-10-15&to=2025-11-20', 'ro_orders_day'],
  ['measures=gmv,orders,quantity&grain=day&from=2025-01-20&to=2025-02-20&platform=douyin', 'ro_orders_day'],
  ['measures=gmv,orders&by=venue,base&grain=week', 'ro_orders_day'],
  ['measures=gmv,orders&by=base&from=2025-03-07&to=2025-09-13&compare=previous_year', 'ro_orders_day'],
  ['measures=gmv,orders,active_merchants&by=merchant_kind,size_class&grain=month', 'ro_orders_merchant_month'],
  ['measures=gmv,orders&by=merchant&sort=-gmv&limit=10&grain=month', 'ro_orders_merchant_month'],
  ['measures=gmv,active_merchants&by=belt&from=2025-01-01&to=2025-06-30&compare=previous_period', 'ro_orders_merchant_month'],
  ['measures=gmv,orders&by=category&grain=month', 'orders'],
  ['measures=buyers,aov,gmv&by=belt', 'ro_order_buyers_day'],
  ['measures=buyers,aov&by=platform,venue&grain=week&from=2025-10-20&to=2025-11-30&belt=jingdezhen-ceramics&compare=previous_year', 'ro_order_buyers_day'],
  ['measures=buyers,aov&by=merchant_kind', 'orders'],
];

const sessionCases: [string, string][] = [
  ['measures=live_gmv,sessions,live_hours,views,viewers,gpm,uv_value,conversion,click_conversion,ctr,peak_online,avg_watch_seconds,engagement,new_followers,follow_rate,ad_spend,roi', 'ro_sessions_month'],
  ['measures=live_gmv,sessions,live_hours,views,viewers,gpm,uv_value,conversion,click_conversion,ctr,peak_online,avg_watch_seconds,engagement,new_followers,follow_rate,ad_spend,roi&from=2025-02-03&to=2025-08-17', 'ro_sessions_day'],
  ['measures=live_gmv,sessions,gpm,peak_online&by=base,venue&grain=month', 'ro_sessions_month'],
  ['measures=live_gmv,live_hours,conversion&by=belt,platform&grain=week&from=2025-10-01&to=2025-11-30&compare=previous_period', 'ro_sessions_day'],
  ['measures=live_gmv,gpm&by=province,region&grain=quarter', 'ro_sessions_month'],
  ['measures=live_gmv,sessions,gpm&by=merchant_kind', 'live_sessions'],
];

const round = (x: unknown) => JSON.parse(JSON.stringify(x), (_k, v) => (typeof v === 'number' ? Number(v.toPrecision(12)) : v));

async function expectRollupEqualsRaw(qs: string, fact: 'orders' | 'live_sessions', expectedSource: string) {
  const { query, lang } = parseMetricsParams(Object.fromEntries(new URLSearchParams(qs)), range);
  const planned = await metrics.run(query, lang);
  const raw = await metrics.run({ ...query, rawOnly: true }, lang);
  expect(planned.sources[fact]).toBe(expectedSource);
  expect(raw.sources[fact]).toBe(fact);
  expect(planned.rows.length).toBeGreaterThan(0);
  expect(round(planned.rows)).toEqual(round(raw.rows));
  expect(round(planned.totals)).toEqual(round(raw.totals));
}

describe('rollups give exactly the raw answer', () => {
  it.each(cases)('%s (answered by %s)', (qs, src) => expectRollupEqualsRaw(qs, 'orders', src));
  it.each(sessionCases)('%s (answered by %s)', (qs, src) => expectRollupEqualsRaw(qs, 'live_sessions', src));
});
