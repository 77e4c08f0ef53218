import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../server/api/app.ts';
import { Database } from '../../db/database.ts';
import { openFixedDatabase } from '../fixtures/fixed.ts';
import { requester } from '../fixtures/request.ts';

// Edges found in review: each test failed before its fix.
let db: Database;
let app: ReturnType<typeof createApp>['app'];
const get = requester(() => app);

beforeAll(async () => {
  db = await openFixedDatabase();
  await db.write(async (con) => {
    // Jan 28–31 and Feb 28 2026 on Taobao: day-grain comparisons must meet day to day.
    // A Kuaishou order and buyer whose ids collide with Douyin's O2 / u1: ids are per platform.
    await con.run(`INSERT INTO orders SELECT o.* REPLACE (
        'taobao' AS platform_id, 'T' || d.k AS order_id, 'T' || d.k AS parent_order_id, d.amount AS amount,
        ('2026-' || d.day || ' 12:00:00+08')::TIMESTAMPTZ AS paid_at, NULL::VARCHAR AS session_id)
      FROM orders o, (VALUES (1, '01-28', 1000.00), (2, '01-29', 1.00), (3, '01-30', 10.00), (4, '01-31', 100.00), (5, '02-28', 5.00)) d(k, day, amount)
      WHERE o.order_id = 'O4'`);
    await con.run(`INSERT INTO orders SELECT * REPLACE ('kuaishou' AS platform_id, 'u1' AS buyer_id, NULL::VARCHAR AS session_id)
      FROM orders WHERE order_id = 'O2'`);
  });
  app = createApp({ db }).app;
});
afterAll(async () => db.close());

describe('review edges', () => {
  it('a filter that fits none of the requested measures is listed in notApplied, not a 500', async () => {
    for (const qs of ['measures=gpm&hub=h1', 'measures=gpm,views&category=ceramics&by=belt']) {
      const { status, body } = await get(`/api/metrics?${qs}`);
      expect(status).toBe(200);
      expect(body.notApplied.length).toBe(1);
    }
  });

  it('at day grain each day of February meets one day of the period before', async () => {
    const { body } = await get('/api/metrics?measures=gmv&grain=day&platform=taobao&from=2026-02-01&to=2026-02-28&compare=previous_period');
    expect(body.comparison).toMatchObject({ kind: 'previous_period', from: '2026-01-04', to: '2026-01-31' });
    expect(body.rows).toEqual([{ day: '2026-02-28', gmv: 5, gmv_prev: 100, gmv_change: (5 - 100) / 100 }]);
    expect(body.totals).toMatchObject({ gmv: 5, gmv_prev: 1111 });
    // at month grain February still compares with all of January
    const m = await get('/api/metrics?measures=gmv&grain=month&platform=taobao&from=2026-02-01&to=2026-02-28&compare=previous_period');
    expect(m.body.rows).toEqual([{ month: '2026-02-01', gmv: 5, gmv_prev: 1111, gmv_change: (5 - 1111) / 1111 }]);
  });

  it('at week grain previous_year moves 52 weeks, so Monday meets Monday', async () => {
    const { body } = await get('/api/metrics?measures=gmv&grain=week&from=2026-12-28&to=2027-01-03&compare=previous_year');
    expect(body.comparison).toMatchObject({ kind: 'previous_year', from: '2025-12-29', to: '2026-01-04' });
  });

  it('orders and buyers count (platform, id) pairs: colliding ids on two platforms are two', async () => {
    const { body } = await get('/api/metrics?measures=orders,buyers&from=2025-12-31&to=2025-12-31&belt=jingdezhen-ceramics');
    expect(body.totals).toEqual({ orders: 3, buyers: 3 }); // P1 + O2 on Douyin, O2 on Kuaishou; u1, u2 on Douyin, u1 on Kuaishou
    const raw = await get('/api/metrics?measures=orders&by=hub&from=2025-12-31&to=2025-12-31');
    expect(raw.body.rows).toEqual([{ hub: 'h1', orders: 3 }]);
  });

  it('sort and limit without a dimension order the time buckets: the top days', async () => {
    const { body } = await get('/api/metrics?measures=gmv&grain=day&platform=taobao&sort=-gmv&limit=2');
    expect(body.rows).toEqual([{ day: '2026-01-28', gmv: 1000 }, { day: '2026-01-31', gmv: 100 }]);
  });

  it('refuses what it would otherwise silently change: too many filter values, a repeated parameter, dates out of range', async () => {
    const many = Array.from({ length: 1001 }, (_, i) => `x${i}`).join(',');
    const a = await get(`/api/metrics?measures=gmv&belt=${many}&lang=en`);
    expect([a.status, a.body.error.param, a.body.error.message]).toEqual([400, 'belt', 'At most 1000 values in the belt filter (got 1001).']);
    const b = await get('/api/metrics?measures=gmv&measures=gpm&lang=en');
    expect([b.status, b.body.error.param]).toEqual([400, 'measures']);
    expect(b.body.error.message).toMatch(/given 2 times; give it once/);
    const c = await get('/api/metrics?measures=gmv&from=0100-01-01&lang=en');
    expect([c.status, c.body.error.param]).toEqual([400, 'from']);
    expect(c.body.error.message).toMatch(/from 1970-01-01 to 2100-12-31/);
  });

  it('says where a defaulted date came from, and never passes the validator\'s own words to the user', async () => {
    const a = await get('/api/metrics?measures=gmv&to=2020-01-01&lang=en');
    expect([a.status, a.body.error.param]).toEqual([400, 'to']);
    expect(a.body.error.message).toMatch(/from defaults to the start of the data/);
    const b = await get('/api/metrics?measures=gmv&limit=0');
    expect(b.body.error.message).toBe('参数 "limit" 必须是 1 到 10000 之间的整数。');
  });

  it('CSV says when it is truncated, and carries the notes and filters not applied', async () => {
    const capped = createApp({ db, rowCap: 2 }).app;
    const r = await capped.request('/api/metrics?measures=gmv,gpm,buyers&by=merchant&hub=h1,h2&format=csv&lang=en');
    expect(r.headers.get('x-truncated')).toBe('true');
    const lines = (await r.text()).replace(/^\uFEFF/, '').split('\r\n');
    expect(lines[0]).toMatch(/^# beltscope dataVersion=\d+ truncated=true query=/);
    expect(lines).toContain('# truncated: only the first 2 rows');
    expect(lines.some((l) => l.startsWith('# note (buyers): '))).toBe(true);
    expect(lines).toContain('# filter not applied: hub → gpm');
  });
});

describe('the time budget counts waiting for a connection', () => {
  it('a query queued behind a slow one times out with a 503 instead of waiting it out', async () => {
    const one = await Database.open(':memory:', { readers: 1, skipReference: true });
    try {
      const slow = one.pool.run('SELECT count(*) AS n FROM range(10000000000) a WHERE hash(a.range) % 7 = 3', {}, 1500);
      slow.catch(() => {});
      let slowSettled = false;
      slow.finally(() => { slowSettled = true; }).catch(() => {});
      await expect(one.pool.run('SELECT 1 AS x', {}, 200)).rejects.toMatchObject({ code: 'query_timeout', status: 503 });
      expect(slowSettled).toBe(false);
      await expect(slow).rejects.toMatchObject({ code: 'query_timeout' });
      expect((await one.pool.run('SELECT 1 AS x'))[0].x).toBe(1);
    } finally {
      await one.close();
    }
  });
});
