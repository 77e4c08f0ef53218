import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Database } from '../../db/database.ts';
import { MetricsService } from '../../server/query/execute.ts';
import { parseMetricsParams } from '../../server/query/params.ts';
import { planMetrics } from '../../server/query/plan.ts';
import { generateDemo } from '../../pipelines/demo/generate.ts';

// A grouped query over exact rollup partials carries its totals as one more group of its own
// scan (GROUPING SETS) instead of a second statement: the totals must be the separate
// statement's numbers exactly (not merely close), and the rows must not change.
let db: Database;
let metrics: MetricsService;
const range = { from: '2024-11-01', to: '2026-10-31' };

beforeAll(async () => {
  db = await Database.open(':memory:', { readers: 2 });
  await db.write((con) => generateDemo(con, { orders: 20_000, seed: 5 }));
  metrics = new MetricsService(db, { rowCap: 50_000, budgetMs: 30_000, cache: false });
});
afterAll(async () => db.close());

const parse = (qs: string) => parseMetricsParams(Object.fromEntries(new URLSearchParams(qs)), range);
/** The totals as their own ungrouped statement (what the planner did before folding them). */
async function separateTotals(qs: string) {
  const { query } = parse(qs);
  const t = planMetrics({ ...query, by: [], grain: null, sort: null, limit: null }, 50_001);
  expect(t.totalsSql).toBeNull();
  return (await db.query(t.sql, t.params))[0];
}

describe('totals folded into the main statement', () => {
  it.each([
    'measures=gmv,orders&by=merchant&belt=jingdezhen-ceramics&from=2025-02-03&to=2025-11-27&sort=-gmv&limit=10',
    'measures=gmv&by=ship_province&platform=douyin&belt=lianyungang-seafood&from=2025-03-03&to=2025-12-31',
    'measures=gmv,non_standard_share&grain=day&belt=yixing-zisha&from=2025-05-06&to=2025-06-30',
    'measures=gmv,orders,lines,non_standard_share&by=belt&grain=month&from=2025-01-01&to=2025-12-31',
  ])('%s', async (qs) => {
    const { query, lang } = parse(qs);
    const plan = planMetrics(query, 50_001);
    expect(plan.totalsInRows).toBe(true);
    expect(plan.totalsSql).toBeNull();
    const r = await metrics.run(query, lang);
    expect(r.totals).toEqual(await separateTotals(qs));
    expect(Object.keys(r.totals)).toEqual(query.measures);
    // The rows are those of the raw tables, without the totals row or its marker.
    const raw = await metrics.run({ ...query, rawOnly: true }, lang);
    expect(r.rows.length).toBeGreaterThan(0);
    expect(r.rows.map((x) => Object.keys(x))).toEqual(raw.rows.map((x) => Object.keys(x)));
    expect(r.rows.length).toBe(raw.rows.length);
  });

  it('keeps a separate totals statement where a partial is a double, for comparisons, unknown counts and raw rows', () => {
    for (const qs of [
      'measures=gmv,net_gmv&by=belt&from=2025-01-01&to=2025-06-30', // its note needs refund_unknown
      'measures=live_gmv,live_hours&by=base&from=2025-02-12&to=2025-10-03', // live_seconds is DOUBLE
      'measures=gmv&by=belt&from=2025-01-01&to=2025-06-30&compare=previous_year',
      'measures=gmv,orders&by=hub&from=2025-01-25&to=2025-10-04', // raw rows
    ]) {
      const plan = planMetrics(parse(qs).query, 50_001);
      expect(plan.totalsInRows, qs).toBe(false);
      expect(plan.totalsSql, qs).not.toBeNull();
    }
  });

  it('limits the rows, not the totals: limit=3 gives three rows and the totals of all', async () => {
    const qs = 'measures=gmv&by=merchant&belt=haining-leather&from=2025-04-09&to=2025-09-17&sort=-gmv&limit=3';
    const { query, lang } = parse(qs);
    const r = await metrics.run(query, lang);
    expect(r.rows).toHaveLength(3);
    const all = await metrics.run({ ...query, limit: null }, lang);
    expect(r.rows).toEqual(all.rows.slice(0, 3));
    const sum = all.rows.reduce((a, x) => a + (x.gmv as number), 0);
    expect(r.totals.gmv).toBeCloseTo(sum, 2);
  });
});
