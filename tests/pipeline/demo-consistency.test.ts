import { describe, expect, it } from 'vitest';
import { END, N, SEED, START, useDemoDatabase } from './demo-fixture.ts';

const { ctx, q, one, none } = useDemoDatabase();

describe('demo generator: shape', () => {
  it('writes exactly the requested order lines and reports true counts', async () => {
    const r = await one(`SELECT
      (SELECT count(*) FROM orders) AS orders,
      (SELECT count(DISTINCT (platform_id, parent_order_id)) FROM orders) AS parents,
      (SELECT count(*) FROM live_sessions) AS sessions,
      (SELECT count(*) FROM live_sessions WHERE views > 0) AS public_sessions,
      (SELECT count(*) FROM merchants) AS merchants,
      (SELECT count(*) FROM merchant_accounts) AS accounts,
      (SELECT count(*) FROM session_minutes) AS minutes,
      (SELECT count(*) FROM listings) AS listings,
      (SELECT count(*) FROM production_batches) AS batches,
      (SELECT count(*) FROM live_bases) AS bases,
      (SELECT count(*) FROM hubs) AS hubs`);
    expect(r.orders).toBe(N);
    expect(ctx.summary).toMatchObject({
      orders: N, parentOrders: r.parents, sessions: r.sessions, merchants: r.merchants, accounts: r.accounts,
      sessionMinutes: r.minutes, listings: r.listings, batches: r.batches, bases: r.bases, hubs: r.hubs,
      startDate: '2024-11-01', endDate: '2026-10-31',
    });
    // ~30–60 orders per public session on average (closed training streams at the thriving base,
    // which no one watches, fill its rooms at small sizes), a few hours each
    expect(N / Number(r.public_sessions)).toBeGreaterThan(20);
    expect(N / Number(r.public_sessions)).toBeLessThan(80);
    expect(Number(r.minutes) / Number(r.sessions)).toBeGreaterThan(120);
    expect(Number(r.minutes) / Number(r.sessions)).toBeLessThan(300);
  });

  it('records one demo dataset and stamps it on every row', async () => {
    const ds = await q(`SELECT dataset_id, kind, source, params, rows_loaded FROM datasets`);
    expect(ds).toEqual([{ dataset_id: ctx.summary.datasetId, kind: 'demo', source: 'demo-generator',
      params: JSON.stringify({ seed: SEED, orders: N, endDate: '2026-10-31' }), rows_loaded: N }]);
    for (const t of ['orders', 'live_sessions', 'session_minutes', 'listings', 'production_batches',
      'merchants', 'merchant_accounts', 'live_bases', 'hubs', 'base_returns']) {
      await none(`SELECT '${t}' AS t, dataset_id FROM ${t} WHERE dataset_id IS DISTINCT FROM ${ctx.summary.datasetId}`);
    }
  });

  it('covers all six belts, four platforms, every merchant kind and size class', async () => {
    const r = await one(`SELECT
      (SELECT count(DISTINCT belt_id) FROM orders) AS belts,
      (SELECT count(DISTINCT platform_id) FROM orders) AS platforms,
      (SELECT count(DISTINCT (belt_id, platform_id)) FROM live_sessions) AS belt_platforms,
      (SELECT count(DISTINCT kind) FROM merchants) AS kinds,
      (SELECT count(DISTINCT size_class) FROM merchants) AS sizes,
      (SELECT count(DISTINCT home_venue) FROM merchants) AS venues,
      (SELECT min(n) FROM (SELECT count(*) AS n FROM merchants GROUP BY belt_id)) AS min_merchants,
      (SELECT min(n) FROM (SELECT count(DISTINCT size_class) AS n FROM merchants GROUP BY belt_id)) AS min_sizes,
      (SELECT count(*) FROM (SELECT merchant_id FROM merchant_accounts GROUP BY ALL HAVING count(*) > 1)) AS multi_platform,
      (SELECT count(*) FROM merchants m WHERE NOT EXISTS (SELECT 1 FROM merchant_accounts a WHERE a.merchant_id = m.merchant_id)) AS no_account,
      (SELECT min(n) FROM (SELECT count(*) AS n FROM live_bases GROUP BY belt_id)) AS min_bases,
      (SELECT max(n) FROM (SELECT count(*) AS n FROM live_bases GROUP BY belt_id)) AS max_bases,
      (SELECT count(DISTINCT belt_id) FROM live_bases) AS belts_with_base,
      (SELECT count(DISTINCT operator_model) FROM live_bases) AS operator_models,
      (SELECT max(n) FROM (SELECT count(*) AS n FROM hubs GROUP BY belt_id)) AS max_hubs,
      (SELECT count(DISTINCT belt_id) FROM hubs) AS belts_with_hub,
      (SELECT count(DISTINCT origin_certified) FROM hubs) AS cert_values`);
    expect(r).toEqual({ belts: 6, platforms: 4, belt_platforms: 24, kinds: 5, sizes: 4, venues: 4,
      min_merchants: r.min_merchants, min_sizes: 4, multi_platform: r.multi_platform, no_account: 0,
      min_bases: 1, max_bases: r.max_bases, belts_with_base: 6, operator_models: 4, max_hubs: 2, belts_with_hub: 6, cert_values: 2 });
    expect(r.min_merchants).toBeGreaterThanOrEqual(40);
    expect(r.max_bases).toBeLessThanOrEqual(3);
    expect(r.multi_platform).toBeGreaterThan(0);
  });

  it('names accounts after the merchant and the platform', async () => {
    await none(`SELECT a.account, m.name FROM merchant_accounts a JOIN merchants m USING (merchant_id)
      WHERE NOT starts_with(a.account, m.name || '_')
         OR NOT contains(a.account, CASE a.platform_id WHEN 'douyin' THEN '_抖音' WHEN 'kuaishou' THEN '_快手'
                                                       WHEN 'taobao' THEN '_淘宝' ELSE '_视频号' END)`);
    // Chinese names, not ids
    await none(`SELECT name FROM merchants WHERE NOT regexp_matches(name, '^[\\x{4e00}-\\x{9fff}]{3,}')`);
  });
});

describe('demo generator: keys and references', () => {
  it('keeps natural keys unique', async () => {
    const keys: [string, string][] = [
      ['orders', 'platform_id, order_id'],
      ['live_sessions', 'platform_id, session_id'],
      ['session_minutes', 'platform_id, session_id, minute_at'],
      ['listings', 'platform_id, listing_id'],
      ['production_batches', 'batch_id'],
      ['merchants', 'merchant_id'],
      ['live_bases', 'base_id'],
      ['hubs', 'hub_id'],
      ['merchant_accounts', 'platform_id, account'],
    ];
    for (const [t, k] of keys) await none(`SELECT '${t}' AS t, ${k}, count(*) AS n FROM ${t} GROUP BY ALL HAVING count(*) > 1`);
  });

  it('references existing merchants, sessions, bases, hubs and labels, in the same belt', async () => {
    await none(`SELECT o.order_id FROM orders o LEFT JOIN merchants m USING (merchant_id)
      WHERE m.merchant_id IS NULL OR m.belt_id <> o.belt_id`);
    await none(`SELECT o.order_id FROM orders o
      LEFT JOIN live_sessions s ON s.platform_id = o.platform_id AND s.session_id = o.session_id
      WHERE o.session_id IS NOT NULL AND (s.session_id IS NULL OR s.merchant_id <> o.merchant_id OR s.belt_id <> o.belt_id)`);
    await none(`SELECT s.session_id FROM live_sessions s LEFT JOIN merchants m USING (merchant_id)
      WHERE m.merchant_id IS NULL OR m.belt_id <> s.belt_id`);
    await none(`SELECT s.session_id FROM live_sessions s
      LEFT JOIN merchant_accounts a ON a.platform_id = s.platform_id AND a.account = s.account
      WHERE a.merchant_id IS DISTINCT FROM s.merchant_id`);
    await none(`SELECT s.session_id FROM live_sessions s LEFT JOIN live_bases b USING (base_id)
      WHERE (s.base_id IS NOT NULL AND (b.base_id IS NULL OR b.belt_id <> s.belt_id OR s.venue <> 'base'
                                       OR s.started_at::DATE < b.opened_on))
         OR (s.base_id IS NULL AND s.venue = 'base')`);
    await none(`SELECT o.order_id FROM orders o LEFT JOIN hubs h USING (hub_id)
      WHERE o.hub_id IS NOT NULL AND (h.hub_id IS NULL OR h.belt_id <> o.belt_id)`);
    await none(`SELECT o.order_id FROM orders o
      WHERE o.category_id NOT IN (SELECT category_id FROM categories)
         OR o.ship_province NOT IN (SELECT name_zh FROM provinces)
         OR o.platform_id NOT IN (SELECT platform_id FROM platforms)
         OR o.belt_id NOT IN (SELECT belt_id FROM belts)`);
    await none(`SELECT m.merchant_id FROM merchants m
      WHERE kind NOT IN (SELECT kind FROM merchant_kinds) OR size_class NOT IN (SELECT size_class FROM size_classes)
         OR home_venue NOT IN (SELECT venue FROM venues)`);
    await none(`SELECT base_id FROM live_bases WHERE operator_model NOT IN (SELECT operator_model FROM operator_models)`);
    await none(`SELECT l.listing_id FROM listings l
      LEFT JOIN live_sessions s ON s.platform_id = l.platform_id AND s.session_id = l.session_id
      WHERE s.session_id IS NULL OR NOT s.kiln_opening`);
    await none(`SELECT b.batch_id FROM production_batches b LEFT JOIN merchants m USING (merchant_id)
      WHERE m.merchant_id IS NULL OR m.belt_id <> b.belt_id`);
  });
});

describe('demo generator: sessions agree with their orders and minutes', () => {
  it('session gmv, orders and buyers are the sums of its orders', async () => {
    await none(`WITH o AS (
        SELECT platform_id, session_id, sum(amount) AS gmv, count(DISTINCT parent_order_id) AS orders,
               count(DISTINCT buyer_id) AS buyers
        FROM orders WHERE session_id IS NOT NULL GROUP BY ALL)
      SELECT s.session_id, s.gmv, o.gmv AS o_gmv, s.orders, o.orders AS o_orders, s.buyers, o.buyers AS o_buyers
      FROM live_sessions s LEFT JOIN o USING (platform_id, session_id)
      WHERE s.gmv <> coalesce(o.gmv, 0) OR s.orders <> coalesce(o.orders, 0) OR s.buyers <> coalesce(o.buyers, 0)`);
    const r = await one(`SELECT count(*) FILTER (WHERE orders > 0) AS selling, count(*) FILTER (WHERE buyers < orders) AS repeat_buyers
      FROM live_sessions`);
    expect(r.selling).toBeGreaterThan(0);
    expect(r.repeat_buyers).toBeGreaterThan(0);
  });

  it('session minutes add up to the session', async () => {
    await none(`WITH m AS (
        SELECT platform_id, session_id, count(*) AS n, min(minute_at) AS first_minute, max(minute_at) AS last_minute,
               sum(entries) AS entries, max(online) AS peak, avg(online) AS avg_online, sum(online) AS online_minutes,
               sum(orders) AS orders, sum(gmv) AS gmv, min(online) AS min_online, min(entries) AS min_entries
        FROM session_minutes GROUP BY ALL)
      SELECT s.session_id FROM live_sessions s LEFT JOIN m USING (platform_id, session_id)
      WHERE m.n IS DISTINCT FROM (epoch(s.ended_at) - epoch(s.started_at)) / 60
         OR m.first_minute <> s.started_at OR m.last_minute >= s.ended_at
         OR m.entries <> s.views OR m.peak <> s.peak_online OR abs(m.avg_online - s.avg_online) > 1e-9
         OR m.online_minutes * 60 <> s.watch_seconds
         OR m.orders <> s.orders OR m.gmv <> s.gmv OR m.min_online < 0 OR m.min_entries < 0`);
  });

  it('each parent order counts in the minute it was paid', async () => {
    await none(`WITH p AS (
        SELECT platform_id, session_id, date_trunc('minute', min(paid_at)) AS minute_at, count(DISTINCT parent_order_id) AS orders
        FROM orders WHERE session_id IS NOT NULL GROUP BY platform_id, session_id, parent_order_id),
      pm AS (SELECT platform_id, session_id, minute_at, count(*) AS orders FROM p GROUP BY ALL)
      SELECT m.session_id, m.minute_at FROM session_minutes m LEFT JOIN pm USING (platform_id, session_id, minute_at)
      WHERE m.orders <> coalesce(pm.orders, 0)`);
  });

  it('keeps the funnel ordered: views ≥ viewers ≥ exposed ≥ clicks ≥ buyers, peak ≥ average', async () => {
    await none(`SELECT session_id FROM live_sessions
      WHERE NOT (views >= viewers AND viewers >= product_exposed_viewers AND product_exposed_viewers >= product_click_viewers
                 AND product_click_viewers >= buyers AND viewers >= interacting_viewers AND viewers >= new_followers
                 AND peak_online >= avg_online AND ad_spend >= 0 AND buyers <= orders)`);
  });

  it('pays every live order inside its session, and splits parents consistently', async () => {
    await none(`SELECT o.order_id FROM orders o JOIN live_sessions s USING (platform_id, session_id)
      WHERE o.paid_at < s.started_at OR o.paid_at > s.ended_at`);
    await none(`SELECT platform_id, parent_order_id FROM orders GROUP BY ALL
      HAVING count(DISTINCT paid_at) > 1 OR count(DISTINCT buyer_id) > 1 OR count(DISTINCT merchant_id) > 1
          OR count(DISTINCT coalesce(session_id, '-')) > 1 OR count(*) > 3
          OR count(*) FILTER (WHERE order_id = parent_order_id) <> 1`);
    const r = await one(`SELECT count(*) FILTER (WHERE n > 1) AS split, count(*) AS parents,
      (SELECT count(DISTINCT buyer_id) FROM orders) AS buyers
      FROM (SELECT count(*) AS n FROM orders GROUP BY platform_id, parent_order_id)`);
    expect(Number(r.split) / Number(r.parents)).toBeGreaterThan(0.02);
    expect(Number(r.split) / Number(r.parents)).toBeLessThan(0.15);
    expect(Number(r.buyers)).toBeLessThan(Number(r.parents)); // repeat buyers
  });
});

describe('demo generator: orders', () => {
  it('keeps exact measures possible: money non-null, refunds within the amount, times ordered', async () => {
    await none(`SELECT order_id FROM orders
      WHERE amount <= 0 OR refund_amount IS NULL OR refund_amount < 0 OR refund_amount > amount OR buyer_id IS NULL
         OR quantity < 1 OR shipped_at <= paid_at OR delivered_at <= shipped_at
         OR (delivered_at IS NOT NULL AND shipped_at IS NULL) OR (qc_passed IS NOT NULL AND hub_id IS NULL)`);
  });

  it('stays inside the two years ending on the end date (Beijing)', async () => {
    const r = await one(`SELECT
      (SELECT min(paid_at) >= ${START} AND max(paid_at) < ${END} AND max(paid_at) >= ${END} - INTERVAL 1 DAY FROM orders) AS orders_ok,
      (SELECT min(started_at) >= ${START} AND max(ended_at) < ${END} FROM live_sessions) AS sessions_ok,
      (SELECT max(shipped_at) < ${END} AND max(delivered_at) < ${END} FROM orders) AS logistics_ok,
      (SELECT max(minute_at) < ${END} FROM session_minutes) AS minutes_ok,
      (SELECT max(fired_at) < ${END} AND max(listed_at) < ${END} FROM production_batches, listings) AS craft_ok`);
    expect(r).toEqual({ orders_ok: true, sessions_ok: true, logistics_ok: true, minutes_ok: true, craft_ok: true });
  });

  it('sells 55–70 % live, mostly in the evening', async () => {
    const r = await one(`SELECT count(session_id) / count(*) AS live_share,
      count(*) FILTER (WHERE session_id IS NOT NULL AND hour(paid_at) BETWEEN 19 AND 22) / count(session_id) AS evening
      FROM orders`);
    expect(r.live_share).toBeGreaterThan(0.55);
    expect(r.live_share).toBeLessThan(0.70);
    expect(r.evening).toBeGreaterThan(0.4); // 4 of 24 hours
  });

  it('has seasons: Double 11, 618, the Spring Festival trough, the seafood moratorium', async () => {
    const r = await one(`WITH d AS (SELECT paid_at::DATE AS day, belt_id, sum(amount)::DOUBLE AS g FROM orders GROUP BY ALL),
      t AS (SELECT day, sum(g) AS g FROM d GROUP BY day)
      SELECT (SELECT g FROM t WHERE day = '2025-11-11') AS nov11,
             (SELECT median(g) FROM t WHERE day BETWEEN '2025-10-01' AND '2025-10-19') AS october,
             (SELECT g FROM t WHERE day = '2025-06-18') AS d618,
             (SELECT median(g) FROM t WHERE day BETWEEN '2025-05-01' AND '2025-05-31') AS may,
             (SELECT avg(g) FROM t WHERE day BETWEEN '2026-02-14' AND '2026-02-23') AS spring_festival,
             (SELECT avg(g) FROM t WHERE day BETWEEN '2026-03-10' AND '2026-04-10') AS spring,
             (SELECT sum(g) FROM d WHERE belt_id = 'lianyungang-seafood' AND month(day) BETWEEN 5 AND 8) / 4 AS seafood_summer,
             (SELECT sum(g) FROM d WHERE belt_id = 'lianyungang-seafood' AND month(day) BETWEEN 9 AND 10) / 2 AS seafood_autumn`);
    expect(r.nov11).toBeGreaterThan(2.5 * Number(r.october));
    expect(r.d618).toBeGreaterThan(1.5 * Number(r.may));
    expect(r.spring_festival).toBeLessThan(0.7 * Number(r.spring));
    expect(r.seafood_summer).toBeLessThan(0.5 * Number(r.seafood_autumn));
  });

  it('grows, with WeChat Channels growing fastest', async () => {
    const r = await q(`SELECT platform_id,
        sum(amount) FILTER (WHERE paid_at >= TIMESTAMPTZ '2025-11-01 00:00:00+08')
        / sum(amount) FILTER (WHERE paid_at < TIMESTAMPTZ '2025-11-01 00:00:00+08') AS growth
      FROM orders GROUP BY ALL ORDER BY growth DESC`);
    expect(r[0].platform_id).toBe('wechat_channels');
    expect(r.every((x) => Number(x.growth) > 0.9)).toBe(true);
  });

  it('has a long tail of merchants: a few dominate', async () => {
    const r = await q(`WITH m AS (SELECT belt_id, merchant_id, sum(amount) AS g FROM orders GROUP BY ALL),
      r AS (SELECT *, row_number() OVER (PARTITION BY belt_id ORDER BY g DESC, merchant_id) AS rk,
                   count(*) OVER (PARTITION BY belt_id) AS n, sum(g) OVER (PARTITION BY belt_id) AS total FROM m)
      SELECT belt_id, (sum(g) FILTER (WHERE rk <= ceil(n * 0.2)) / max(total))::DOUBLE AS top20 FROM r GROUP BY belt_id`);
    expect(r).toHaveLength(6);
    for (const x of r) {
      expect(x.top20).toBeGreaterThan(0.6);
      expect(x.top20).toBeLessThan(0.97);
    }
  });

  it('refunds leather and apparel more; marks crafts non-standard, mass goods not', async () => {
    const r = Object.fromEntries((await q(`SELECT belt_id, (sum(refund_amount) / sum(amount))::DOUBLE AS refund_rate,
        avg(non_standard::INTEGER)::DOUBLE AS ns FROM orders GROUP BY belt_id`)).map((x) => [x.belt_id, x]));
    const low = Math.max(Number(r['jingdezhen-ceramics'].refund_rate), Number(r['yixing-zisha'].refund_rate));
    expect(r['haining-leather'].refund_rate).toBeGreaterThan(low);
    expect(r['hangzhou-textiles'].refund_rate).toBeGreaterThan(low);
    for (const b of ['jingdezhen-ceramics', 'yixing-zisha', 'suzhou-silk']) expect(r[b].ns).toBeGreaterThan(0.6);
    for (const b of ['haining-leather', 'hangzhou-textiles']) expect(r[b].ns).toBeLessThan(0.2);
  });

  it('ships mostly through belt hubs, faster for seafood, coastal provinces weighted', async () => {
    const r = await one(`SELECT count(hub_id) / count(*) AS hub_share, avg(qc_passed::INTEGER) AS qc_pass,
      median(epoch(shipped_at) - epoch(paid_at)) FILTER (WHERE belt_id = 'lianyungang-seafood') AS seafood_ship,
      median(epoch(shipped_at) - epoch(paid_at)) FILTER (WHERE belt_id <> 'lianyungang-seafood') AS other_ship,
      count(*) FILTER (WHERE ship_province IN ('广东省', '江苏省', '浙江省', '上海市', '山东省')) / count(*) AS coastal
      FROM orders`);
    expect(r.hub_share).toBeGreaterThan(0.6);
    expect(r.qc_pass).toBeGreaterThan(0.9);
    expect(r.qc_pass).toBeLessThan(1);
    expect(r.seafood_ship).toBeLessThan(Number(r.other_ship));
    expect(r.coastal).toBeGreaterThan(0.35);
  });
});
