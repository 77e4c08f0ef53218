import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Database } from '../../db/database.ts';
import { MetricsService } from '../../server/query/execute.ts';
import { parseMetricsParams } from '../../server/query/params.ts';
import { generateDemo } from '../../pipelines/demo/generate.ts';
import { concentration, quantile } from '../fixtures/plain.ts';

// Two-level measures on a demo: answered from a merchant rollup where exact, they must equal
// the raw answer and a plain calculation in JS over per-merchant (per-order) sums.
let db: Database;
let metrics: MetricsService;
const range = { from: '2024-11-01', to: '2026-10-31' };

beforeAll(async () => {
  db = await Database.open(':memory:', { readers: 2 });
  await db.write((con) => generateDemo(con, { orders: 20_000, seed: 11 }));
  metrics = new MetricsService(db, { rowCap: 50_000, budgetMs: 30_000, cache: false });
});
afterAll(async () => db.close());

const run = (qs: string, rawOnly = false) => {
  const { query, lang } = parseMetricsParams(Object.fromEntries(new URLSearchParams(qs)), range);
  return metrics.run({ ...query, rawOnly }, lang);
};
const round = (x: unknown) => JSON.parse(JSON.stringify(x), (_k, v) => (typeof v === 'number' ? Number(v.toPrecision(10)) : v));

describe('two-level measures on the demo', () => {
  it.each([
    ['measures=hhi,cr4,cr10,merchants_80,gmv&by=belt', 'ro_orders_merchant_month'],
    ['measures=hhi,cr4,merchants_80&by=belt,platform&from=2025-03-07&to=2025-11-19', 'ro_orders_merchant_day'],
    ['measures=hhi,cr10&grain=month&belt=jingdezhen-ceramics,yixing-zisha&from=2025-01-01&to=2025-12-31&compare=previous_year', 'ro_orders_merchant_month'],
    ['measures=hhi,merchants_80&by=size_class&from=2026-02-10&to=2026-05-02&compare=previous_period', 'ro_orders_merchant_day'],
  ])('%s equals raw rows (from %s)', async (qs, source) => {
    const planned = await run(qs);
    const raw = await run(qs, true);
    expect(planned.sources['orders:merchant_gmv']).toBe(source);
    expect(raw.sources['orders:merchant_gmv']).toBe('orders');
    expect(planned.rows.length).toBeGreaterThan(0);
    expect(round(planned.rows)).toEqual(round(raw.rows));
    expect(round(planned.totals)).toEqual(round(raw.totals));
  });

  it('concentration per belt over a window of days equals the plain calculation', async () => {
    const sums = await db.query(`SELECT belt_id AS b, merchant_id AS m, sum(amount)::DOUBLE AS v FROM orders
      WHERE paid_at >= TIMESTAMPTZ '2025-03-07 00:00:00+08' AND paid_at < TIMESTAMPTZ '2025-11-20 00:00:00+08' GROUP BY ALL`);
    const r = await run('measures=hhi,cr4,cr10,merchants_80&by=belt&from=2025-03-07&to=2025-11-19');
    expect(r.rows).toHaveLength(6);
    for (const row of r.rows) {
      const want = concentration(sums.filter((s) => s.b === row.belt).map((s) => s.v as number));
      expect(row.hhi).toBeCloseTo(want.hhi!, 6);
      expect(row.cr4).toBeCloseTo(want.cr4!, 9);
      expect(row.cr10).toBeCloseTo(want.cr10!, 9);
      expect(row.merchants_80).toBe(want.merchants_80);
    }
  });

  it('order-value and session quantiles per platform equal the plain calculation', async () => {
    const orders = await db.query(`SELECT platform_id AS p, sum(amount)::DOUBLE AS v FROM orders GROUP BY platform_id, parent_order_id`);
    const sessions = await db.query(`SELECT platform_id AS p, gmv::DOUBLE / views * 1000 AS g, buyers / viewers AS c FROM live_sessions WHERE views > 0 AND viewers > 0`);
    const r = await run('measures=order_value_p10,order_value_p50,order_value_p90,session_gpm_p50,session_conversion_p50&by=platform');
    expect(r.rows).toHaveLength(4);
    for (const row of r.rows) {
      const vs = orders.filter((o) => o.p === row.platform).map((o) => o.v as number);
      for (const p of [0.1, 0.5, 0.9]) expect(row[`order_value_p${p * 100}`]).toBeCloseTo(quantile(vs, p), 6);
      const ss = sessions.filter((s) => s.p === row.platform);
      expect(row.session_gpm_p50).toBeCloseTo(quantile(ss.map((s) => s.g as number), 0.5), 6);
      expect(row.session_conversion_p50).toBeCloseTo(quantile(ss.map((s) => s.c as number), 0.5), 9);
    }
  });

  // The planner takes single-line orders as they are (ownRows) and the three quantiles from one
  // sort (quantileOf): the same numbers, to the last bit, as DuckDB's plain statement, month by month.
  it('order-value quantiles by belt and month equal plain quantile_cont over grouped parent orders, bit for bit', async () => {
    const qs = 'measures=order_value_p10,order_value_p50,order_value_p90&by=belt&grain=month&from=2025-02-11&to=2025-09-23';
    const { query } = parseMetricsParams(Object.fromEntries(new URLSearchParams(qs)), range);
    const { planMetrics } = await import('../../server/query/plan.ts');
    const sql = planMetrics(query, 1000).sql;
    expect(sql).toContain('quantile_cont(i.v, [0.1, 0.5, 0.9])');
    expect(sql).toContain('UNION ALL');
    const plain = await db.query(`SELECT m::VARCHAR AS month, b AS belt,
        quantile_cont(v, 0.1)::DOUBLE AS p10, quantile_cont(v, 0.5)::DOUBLE AS p50, quantile_cont(v, 0.9)::DOUBLE AS p90
      FROM (SELECT CAST(date_trunc('month', paid_at::DATE) AS DATE) AS m, belt_id AS b, sum(amount) AS v FROM orders
        WHERE paid_at >= TIMESTAMPTZ '2025-02-11 00:00:00+08' AND paid_at < TIMESTAMPTZ '2025-09-24 00:00:00+08'
        GROUP BY m, belt_id, platform_id, parent_order_id)
      GROUP BY m, b ORDER BY 1, 2`);
    const r = await run(qs);
    expect(r.rows.map((x) => [x.month, x.belt, x.order_value_p10, x.order_value_p50, x.order_value_p90]))
      .toEqual(plain.map((x) => [x.month, x.belt, x.p10, x.p50, x.p90]));
  });
});
