import { afterAll, beforeAll, expect } from 'vitest';
import { Database, type Row } from '../../db/database.ts';
import { generateDemo, type DemoSummary } from '../../pipelines/demo/generate.ts';

// The demo generator at a small size, shared by the pipeline tests: its internal consistency
// (what the dashboard's exact measures rely on), keys and references, determinism, calibration.
export const N = 20_000;
export const SEED = 7;
// Beijing midnight at both ends of the two years ending on 2026-10-31.
export const START = `TIMESTAMPTZ '2024-11-01 00:00:00+08'`;
export const END = `TIMESTAMPTZ '2026-11-01 00:00:00+08'`;

/** Registers the suite's hooks: one demo database per test file, generated once. */
export function useDemoDatabase() {
  const ctx = {} as { db: Database; summary: DemoSummary };
  beforeAll(async () => {
    ctx.db = await Database.open(':memory:', { readers: 2 });
    ctx.summary = await ctx.db.write((con) => generateDemo(con, { orders: N, seed: SEED }));
  });
  afterAll(async () => ctx.db?.close());
  const q = (sql: string): Promise<Row[]> => ctx.db.query(sql);
  const one = async (sql: string): Promise<Row> => (await q(sql))[0];
  /** Rows that break a rule: the query returns them, the test expects none. */
  const none = async (sql: string) => expect(await q(`${sql} LIMIT 5`)).toEqual([]);
  return { ctx, q, one, none };
}

/** A fingerprint of everything the generator writes (counts, money, ids and times). */
export async function fingerprint(d: Database): Promise<Row> {
  const [r] = await d.query(`SELECT
    (SELECT count(*) FROM orders) AS orders,
    (SELECT sum(amount)::VARCHAR FROM orders) AS gmv,
    (SELECT sum(refund_amount)::VARCHAR FROM orders) AS refunds,
    (SELECT (sum(hash(platform_id, order_id, parent_order_id, amount::VARCHAR, buyer_id, paid_at::VARCHAR,
                      ship_city, coalesce(hub_id, '-'), coalesce(session_id, '-'))) % 1000000007)::BIGINT FROM orders) AS orders_sum,
    (SELECT (sum(hash(session_id, merchant_id, account, anchor_id, started_at::VARCHAR, views, viewers, avg_online, gmv::VARCHAR))
             % 1000000007)::BIGINT FROM live_sessions) AS sessions_sum,
    (SELECT (sum(hash(session_id, minute_at::VARCHAR, online, entries)) % 1000000007)::BIGINT FROM session_minutes) AS minutes_sum,
    (SELECT (sum(hash(merchant_id, name, kind, size_class, home_venue)) % 1000000007)::BIGINT FROM merchants) AS merchants_sum,
    (SELECT (sum(hash(listing_id, listed_at::VARCHAR, units_listed, price::VARCHAR)) % 1000000007)::BIGINT FROM listings) AS listings_sum,
    (SELECT (sum(hash(batch_id, pieces, first_grade, defective)) % 1000000007)::BIGINT FROM production_batches) AS batches_sum,
    (SELECT (sum(hash(base_id, rooms, investment_cny::VARCHAR)) % 1000000007)::BIGINT FROM live_bases) AS bases_sum,
    (SELECT (sum(hash(base_id, month::VARCHAR, sessions, merchants_served, gmv_cny::VARCHAR, training_events, jobs_created)) % 1000000007)::BIGINT
       FROM base_returns) AS returns_sum`);
  return r;
}
