import { describe, expect, it } from 'vitest';
import { Database } from '../../db/database.ts';
import { generateDemo } from '../../pipelines/demo/generate.ts';
import { N, SEED, fingerprint, useDemoDatabase } from './demo-fixture.ts';

const { ctx, q, one, none } = useDemoDatabase();

describe('demo generator: calibration (the estimated ranges, ratios of sums per belt)', () => {
  it('GPM 200–1500, conversion 0.5–3 %, AOV in range for ceramics, zisha and leather', async () => {
    const rows = await q(`SELECT belt_id, (sum(gmv) / sum(views) * 1000)::DOUBLE AS gpm,
        (sum(buyers) / sum(viewers))::DOUBLE AS conversion, (sum(gmv) / sum(buyers))::DOUBLE AS aov,
        (sum(watch_seconds) / sum(viewers))::DOUBLE AS watch
      FROM live_sessions GROUP BY belt_id ORDER BY belt_id`);
    expect(rows).toHaveLength(6);
    const aov: Record<string, [number, number]> = {
      'jingdezhen-ceramics': [60, 300], 'yixing-zisha': [60, 300], 'haining-leather': [300, 3000],
    };
    for (const r of rows) {
      expect(r.gpm, `GPM ${r.belt_id}`).toBeGreaterThan(200);
      expect(r.gpm, `GPM ${r.belt_id}`).toBeLessThan(1500);
      expect(r.conversion, `conversion ${r.belt_id}`).toBeGreaterThan(0.005);
      expect(r.conversion, `conversion ${r.belt_id}`).toBeLessThan(0.03);
      expect(r.watch, `watch ${r.belt_id}`).toBeGreaterThan(20);
      const range = aov[String(r.belt_id)];
      if (range) {
        expect(r.aov, `AOV ${r.belt_id}`).toBeGreaterThan(range[0]);
        expect(r.aov, `AOV ${r.belt_id}`).toBeLessThan(range[1]);
      }
    }
    // AOV over one month's orders, as the dashboard's aov computes it: Σ amount / distinct (platform, buyer)
    const month = await q(`SELECT belt_id, (sum(amount) / count(DISTINCT (platform_id, buyer_id)))::DOUBLE AS aov FROM orders
      WHERE paid_at >= '2025-10-01'::DATE::TIMESTAMPTZ AND paid_at < '2025-11-01'::DATE::TIMESTAMPTZ
        AND belt_id IN ('jingdezhen-ceramics', 'yixing-zisha', 'haining-leather') GROUP BY belt_id`);
    expect(month).toHaveLength(3);
    for (const r of month) {
      const [lo, hi] = aov[String(r.belt_id)];
      expect(r.aov, `October 2025 AOV ${r.belt_id}`).toBeGreaterThan(lo);
      expect(r.aov, `October 2025 AOV ${r.belt_id}`).toBeLessThan(hi);
    }
  });

  it('sells each flash listing at one price', async () => {
    await none(`SELECT o.session_id, o.product_id FROM orders o JOIN live_sessions s USING (platform_id, session_id)
      WHERE s.kiln_opening GROUP BY ALL HAVING count(DISTINCT o.amount / o.quantity) > 1`);
  });

  it('holds kiln openings with flash listings that sell out in seconds to minutes', async () => {
    await none(`SELECT l.listing_id FROM listings l JOIN live_sessions s USING (platform_id, session_id)
      WHERE l.listed_at < s.started_at OR l.listed_at > s.ended_at
         OR l.first_sold_at < l.listed_at OR l.first_sold_at > s.ended_at
         OR l.sold_out_at < l.first_sold_at OR l.units_sold > l.units_listed OR l.units_listed < 1
         OR (l.sold_out_at IS NOT NULL AND l.units_sold <> l.units_listed)
         OR ((l.units_sold = 0) <> (l.first_sold_at IS NULL))`);
    // units sold = what the session's orders bought of that piece
    await none(`WITH o AS (SELECT platform_id, session_id, product_id, sum(quantity) AS units, min(paid_at) AS first_paid
                           FROM orders GROUP BY ALL)
      SELECT l.listing_id FROM listings l LEFT JOIN o USING (platform_id, session_id, product_id)
      WHERE l.units_sold <> coalesce(o.units, 0) OR l.first_sold_at IS DISTINCT FROM o.first_paid`);
    const r = await one(`SELECT count(*) AS n, count(sold_out_at) / count(*) AS sold_out_share,
        median(epoch(first_sold_at) - epoch(listed_at)) AS to_first,
        quantile_cont(epoch(sold_out_at) - epoch(listed_at), 0.9) AS to_sold_out_p90,
        (SELECT count(*) FROM live_sessions WHERE kiln_opening AND belt_id <> 'jingdezhen-ceramics') AS elsewhere
      FROM listings`);
    expect(r.n).toBeGreaterThan(50);
    expect(r.sold_out_share).toBeGreaterThan(0.4);
    expect(r.to_first).toBeLessThan(60);
    expect(r.to_sold_out_p90).toBeLessThan(900);
    expect(r.elsewhere).toBe(0);
  });

  it('fires batches with plausible yields; large pieces fail more', async () => {
    await none(`SELECT batch_id FROM production_batches
      WHERE pieces < 1 OR defective < 0 OR first_grade < 0 OR defective + first_grade > pieces`);
    const r = await one(`SELECT (sum(defective) / sum(pieces))::DOUBLE AS defect, (sum(first_grade) / sum(pieces))::DOUBLE AS fg,
      count(*) FILTER (WHERE belt_id = 'jingdezhen-ceramics') AS jdz FROM production_batches`);
    expect(r.defect).toBeGreaterThan(0.03);
    expect(r.defect).toBeLessThan(0.3);
    expect(r.fg).toBeGreaterThan(0.5);
    expect(r.jdz).toBeGreaterThan(0);
  });

  it('has a thriving state-owned base in Jingdezhen and a nearly empty three-party one', async () => {
    const r = Object.fromEntries((await q(`SELECT b.operator_model, b.belt_id, b.rooms, count(s.session_id) AS sessions,
        coalesce(sum(epoch(s.ended_at) - epoch(s.started_at)), 0) / 3600.0 / b.rooms AS hours_per_room
      FROM live_bases b LEFT JOIN live_sessions s USING (base_id)
      WHERE b.operator_model IN ('state_owned', 'three_party') GROUP BY b.operator_model, b.belt_id, b.rooms`))
      .map((x) => [`${x.operator_model}:${x.belt_id}`, x]));
    const thriving = r['state_owned:jingdezhen-ceramics'];
    const empty = Object.values(r).find((x) => x.operator_model === 'three_party')!;
    expect(thriving.sessions).toBeGreaterThan(20);
    expect(Number(empty.sessions)).toBeLessThan(Number(thriving.sessions) / 10);
    expect(Number(empty.hours_per_room)).toBeLessThan(Number(thriving.hours_per_room) / 10);
    // a base has a room for every session live there at once
    await none(`SELECT a.base_id, a.session_id FROM live_sessions a JOIN live_bases b USING (base_id)
      WHERE b.rooms < (SELECT count(*) FROM live_sessions x
                       WHERE x.base_id = a.base_id AND x.started_at <= a.started_at AND x.ended_at > a.started_at)`);
    const share = await one(`SELECT count(*) FILTER (WHERE base_id = 'base-jdz-1') / count(*) AS share
      FROM live_sessions WHERE belt_id = 'jingdezhen-ceramics'`);
    expect(share.share).toBeGreaterThan(0.3);
    // what an assessor reads: GMV through the base and local merchants served (not set by construction)
    const served = Object.fromEntries((await q(`SELECT b.operator_model, count(DISTINCT s.merchant_id)::INT AS merchants,
        coalesce(sum(s.gmv), 0)::DOUBLE AS gmv FROM live_bases b LEFT JOIN live_sessions s USING (base_id)
      WHERE b.operator_model IN ('state_owned', 'three_party') AND (b.operator_model = 'three_party' OR b.belt_id = 'jingdezhen-ceramics')
      GROUP BY 1`)).map((x) => [x.operator_model, x]));
    expect(Number(served.state_owned.merchants)).toBeGreaterThan(5 * Math.max(1, Number(served.three_party.merchants)));
    expect(Number(served.state_owned.gmv)).toBeGreaterThan(20 * Math.max(1, Number(served.three_party.gmv)));
  });
});

describe('demo generator: base returns', () => {
  it('files a return for every whole month each base was open, from its own sessions, one base inflated', async () => {
    const bases = await q(`SELECT base_id, operator_model, rooms, strftime(opened_on, '%Y-%m-%d') AS opened FROM live_bases ORDER BY base_id`);
    // Months by hand: from the later of the opening month and 2024-11 to 2026-10, both whole.
    const months = (opened: string) => {
      const [y, m] = (opened < '2024-11-01' ? '2024-11' : opened.slice(0, 7)).split('-').map(Number);
      return (2026 - y) * 12 + 10 - m + 1;
    };
    const counts = Object.fromEntries((await q(`SELECT base_id, count(*)::INT AS n, min(month)::VARCHAR AS first,
        count(*) FILTER (WHERE rooms IS NULL OR gmv_cny IS NULL OR sessions IS NULL)::INT AS blanks
      FROM base_returns GROUP BY base_id`)).map((r) => [r.base_id, r]));
    for (const b of bases) {
      expect(counts[b.base_id as string], `${b.base_id}`).toMatchObject({ n: months(b.opened as string), blanks: 0 });
    }
    await none(`SELECT r.base_id FROM base_returns r JOIN live_bases b USING (base_id) WHERE r.rooms <> b.rooms OR day(r.month) <> 1`);

    // Reported against what the sessions show (plain SQL over live_sessions, by Beijing month).
    const cmp = await q(`WITH a AS (
        SELECT base_id, date_trunc('month', started_at AT TIME ZONE 'Asia/Shanghai')::DATE AS month,
               sum(gmv)::DOUBLE AS gmv, count(*)::DOUBLE AS sessions
        FROM live_sessions WHERE base_id IS NOT NULL GROUP BY ALL)
      SELECT r.base_id, sum(r.gmv_cny)::DOUBLE / sum(a.gmv) AS gmv_ratio, sum(r.sessions)::DOUBLE / sum(a.sessions) AS sessions_ratio
      FROM base_returns r JOIN a USING (base_id, month) GROUP BY r.base_id HAVING sum(a.gmv) > 0 ORDER BY r.base_id`);
    expect(cmp.length).toBeGreaterThan(5);
    const inflated = cmp.filter((r) => Number(r.gmv_ratio) > 1.2);
    expect(inflated.map((r) => r.base_id)).toEqual(bases.filter((b) => b.operator_model === 'three_party').map((b) => b.base_id));
    expect(Number(inflated[0].gmv_ratio)).toBeGreaterThan(1.5);
    expect(Number(inflated[0].gmv_ratio)).toBeLessThan(1.7);
    for (const r of cmp.filter((x) => Number(x.gmv_ratio) <= 1.2)) {
      expect(Math.abs(Number(r.gmv_ratio) - 1), `${r.base_id} gmv`).toBeLessThan(0.05);
    }
    for (const r of cmp) expect(Math.abs(Number(r.sessions_ratio) - 1), `${r.base_id} sessions`).toBeLessThan(0.05);
    // A month without sessions is reported as none, not left out.
    await none(`SELECT r.base_id, r.month FROM base_returns r
      WHERE NOT EXISTS (SELECT 1 FROM live_sessions s WHERE s.base_id = r.base_id
                        AND date_trunc('month', s.started_at AT TIME ZONE 'Asia/Shanghai')::DATE = r.month)
        AND (r.sessions <> 0 OR r.gmv_cny <> 0)`);
    expect(ctx.summary.baseReturns).toBe(Object.values(counts).reduce((a: number, r) => a + Number((r as { n: number }).n), 0));
  });
});

describe('demo generator: determinism and replacement', () => {
  it('gives identical data for the same seed, different data for another, and replaces the demo', async () => {
    const base = await fingerprint(ctx.db);
    const other = await Database.open(':memory:', { readers: 1 });
    try {
      const s1 = await other.write((con) => generateDemo(con, { orders: N, seed: SEED }));
      expect(await fingerprint(other)).toEqual(base);
      expect(s1.datasetId).toBe(100); // the first id of the dataset_ids sequence

      await other.write((con) => generateDemo(con, { orders: N, seed: SEED + 1 }));
      const changed = await fingerprint(other);
      expect(changed.orders).toBe(N);
      expect(changed.gmv).not.toBe(base.gmv);
      expect(changed.orders_sum).not.toBe(base.orders_sum);
      expect(changed.sessions_sum).not.toBe(base.sessions_sum);

      // re-running replaces: one demo dataset (ids are never reused), the same rows as the first run
      const s3 = await other.write((con) => generateDemo(con, { orders: N, seed: SEED }));
      expect(s3.datasetId).toBe(102);
      expect(await fingerprint(other)).toEqual(base);
      expect(await other.query(`SELECT dataset_id, kind FROM datasets`)).toEqual([{ dataset_id: 102, kind: 'demo' }]);
    } finally {
      await other.close();
    }
  });

  it('refuses to write into a database that holds real data, and leaves it untouched', async () => {
    const other = await Database.open(':memory:', { readers: 1 });
    try {
      await other.write(async (con) => {
        await con.run(`INSERT INTO datasets (dataset_id, kind, source, file_name, rows_loaded, loaded_at) VALUES (1, 'real', 'douyin-orders-csv', 'a.csv', 1, now())`);
        await con.run(`INSERT INTO merchants VALUES ('R-1', 'jingdezhen-ceramics', '真实商家', 'craftsman', 'small', 'workshop', 1)`);
      });
      await expect(other.write((con) => generateDemo(con, { orders: 500, seed: 1 })))
        .rejects.toMatchObject({ code: 'real_data_present', message: expect.stringMatching(/another --db/) });
      expect(await other.query(`SELECT dataset_id, kind FROM datasets ORDER BY 1`)).toEqual([{ dataset_id: 1, kind: 'real' }]);
      expect(await other.query(`SELECT merchant_id FROM merchants`)).toEqual([{ merchant_id: 'R-1' }]);
      expect(await other.query(`SELECT count(*)::INTEGER AS n FROM orders`)).toEqual([{ n: 0 }]);
    } finally {
      await other.close();
    }
  });

  it('rejects bad options before writing anything', async () => {
    const bad = [{ orders: 0, seed: 1 }, { orders: 1.5, seed: 1 }, { orders: 100, seed: -1 },
      { orders: 100, seed: 1, endDate: '2026-02-30' }, { orders: 100, seed: 1, endDate: '31/10/2026' }];
    for (const opts of bad) {
      await expect(ctx.db.write((con) => generateDemo(con, opts))).rejects.toThrow(/demo (orders|seed|endDate)/);
    }
    expect(await q(`SELECT count(*)::INTEGER AS n FROM orders`)).toEqual([{ n: N }]);
  });

  it('reports progress once per step, in order', async () => {
    const other = await Database.open(':memory:', { readers: 1 });
    try {
      const seen: [string, number, number][] = [];
      await other.write((con) => generateDemo(con, { orders: 300, seed: 2, endDate: '2025-12-31',
        onProgress: (s, d, t) => seen.push([s, d, t]) }));
      expect(seen.length).toBeGreaterThan(5);
      expect(seen.map((x) => x[1])).toEqual(seen.map((_, i) => i));
      expect(seen.every((x) => x[2] === seen[0][2])).toBe(true);
      expect(seen.at(-1)![1]).toBe(seen[0][2]);
      const [r] = await other.query(`SELECT min(paid_at) >= TIMESTAMPTZ '2024-01-01 00:00:00+08' AS after_start,
        max(paid_at) < TIMESTAMPTZ '2026-01-01 00:00:00+08' AS before_end, count(*)::INTEGER AS n FROM orders`);
      expect(r).toEqual({ after_start: true, before_end: true, n: 300 });
    } finally {
      await other.close();
    }
  });
});
