import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../server/api/app.ts';
import { Database, type Row } from '../../db/database.ts';
import { generateDemo } from '../../pipelines/demo/generate.ts';
import type { Scope } from '../../server/query/scope.ts';
import { openFixedDatabase } from '../fixtures/fixed.ts';
import { requester } from '../fixtures/request.ts';

// Expected rows come from SQL written here over live_sessions and friends: local days through
// AT TIME ZONE (not the session time zone the route relies on), ratios computed in JavaScript.

type App = ReturnType<typeof createApp>['app'];
let db: Database;
let app: App;
let narrow: App;
const get = requester(() => app);
const getNarrow = requester(() => narrow);
const keys = (body: any) => body.rows.map((r: any) => `${r.platform_id}/${r.session_id}`);
const NARROW: Scope = { rows: { belt: ['haining-leather'] }, merchantNames: false, minCohort: 0 };

/** A session row as the API should give it, from the raw columns. */
const LOCAL_DAY = `CAST(started_at AT TIME ZONE 'Asia/Shanghai' AS DATE)`;
const RAW_ROW = `platform_id, session_id, merchant_id, account, belt_id, base_id, venue, kiln_opening, started_at, ended_at,
  gmv::DOUBLE AS gmv, views, viewers, buyers, orders, peak_online, ad_spend::DOUBLE AS ad_spend`;
const expectedRow = (r: Row) => ({
  ...r,
  gpm: (r.views as number) > 0 ? ((r.gmv as number) / (r.views as number)) * 1000 : null,
  conversion: (r.viewers as number) > 0 ? (r.buyers as number) / (r.viewers as number) : null,
});

beforeAll(async () => {
  db = await openFixedDatabase();
  app = createApp({ db }).app;
  narrow = createApp({ db, scope: () => NARROW }).app;
});
afterAll(async () => db.close());

describe('/api/sessions on the fixed dataset', () => {
  it('every session, newest first, with GPM and conversion per session and instants as ISO strings', async () => {
    const { status, body } = await get('/api/sessions');
    expect(status).toBe(200);
    const raw = await db.query(`SELECT ${RAW_ROW} FROM live_sessions ORDER BY started_at DESC, platform_id, session_id`);
    expect(body.total).toBe(3);
    expect(body.rows).toHaveLength(3);
    body.rows.forEach((row: any, i: number) => {
      const { gpm, conversion, ...rest } = row;
      const { gpm: wantGpm, conversion: wantConversion, ...want } = expectedRow(raw[i]);
      expect(rest).toEqual(want);
      expect(gpm).toBeCloseTo(wantGpm!, 9);
      expect(conversion).toBeCloseTo(wantConversion!, 9);
    });
    expect(body.rows[1]).toMatchObject({ session_id: 's1', started_at: '2025-12-31T12:00:00.000Z', gpm: 65, merchant_id: 'm1', account: '青花坊_抖音' });
  });

  it('from/to are inclusive local days of started_at', async () => {
    expect(keys((await get('/api/sessions?from=2025-12-31&to=2025-12-31')).body)).toEqual(['douyin/s1']);
    expect(keys((await get('/api/sessions?from=2026-01-01')).body)).toEqual(['douyin/s3']);
    expect(keys((await get('/api/sessions?to=2025-12-30')).body)).toEqual(['kuaishou/s2']);
    expect((await get('/api/sessions?from=2026-01-06&to=2026-12-31')).body).toEqual({ rows: [], total: 0 });
  });

  it('filters are comma-separated and ANDed; an empty filter matches nothing', async () => {
    expect(keys((await get('/api/sessions?platform=douyin&sort=started_at')).body)).toEqual(['douyin/s1', 'douyin/s3']);
    expect(keys((await get('/api/sessions?belt=jingdezhen-ceramics&venue=workshop')).body)).toEqual(['kuaishou/s2']);
    expect(keys((await get('/api/sessions?base=b1,b2&sort=gmv')).body)).toEqual(['douyin/s1', 'douyin/s3']);
    expect(keys((await get('/api/sessions?merchant=m2,m3&sort=-gmv')).body)).toEqual(['douyin/s3', 'kuaishou/s2']);
    expect(keys((await get('/api/sessions?region=330481')).body)).toEqual(['douyin/s3']);
    expect((await get('/api/sessions?belt=')).body).toEqual({ rows: [], total: 0 });
    expect((await get('/api/sessions?base=nope')).body).toEqual({ rows: [], total: 0 }); // bases: unlisted ids are not refused
    expect((await get('/api/sessions?belt=nope&lang=en')).body.error).toMatchObject({ param: 'belt', message: expect.stringMatching(/Unknown belt "nope"/) });
  });

  it('sorts by an allowed column either way; nulls last', async () => {
    // GPM: s3 600, s1 65, s2 60; conversion: s2 0.04 %, s1 0.05 %, s3 0.1 %.
    expect(keys((await get('/api/sessions?sort=-gpm')).body)).toEqual(['douyin/s3', 'douyin/s1', 'kuaishou/s2']);
    expect(keys((await get('/api/sessions?sort=conversion')).body)).toEqual(['kuaishou/s2', 'douyin/s1', 'douyin/s3']);
    expect(keys((await get('/api/sessions?sort=-views')).body)).toEqual(['douyin/s1', 'kuaishou/s2', 'douyin/s3']);
    expect(keys((await get('/api/sessions?sort=peak_online')).body)).toEqual(['douyin/s3', 'kuaishou/s2', 'douyin/s1']);
  });

  it('limit and offset page through the rows; total counts them all', async () => {
    const page1 = (await get('/api/sessions?limit=2')).body;
    const page2 = (await get('/api/sessions?limit=2&offset=2')).body;
    expect([page1.total, page2.total]).toEqual([3, 3]);
    expect([...keys(page1), ...keys(page2)]).toEqual(keys((await get('/api/sessions')).body));
    expect((await get('/api/sessions?offset=10')).body).toEqual({ rows: [], total: 3 });
  });
});

describe('/api/sessions/:platform/:id', () => {
  it('the session, its minutes and listings, and the merchant\'s firings of the 3 days before', async () => {
    const { status, body } = await get('/api/sessions/douyin/s1');
    expect(status).toBe(200);
    expect(body.session).toMatchObject({ platform_id: 'douyin', session_id: 's1', merchant_id: 'm1', gmv: 650, avg_online: 300.5, watch_seconds: 720000 });
    const minutes = await db.query(`SELECT minute_at, online, entries, orders, gmv::DOUBLE AS gmv FROM session_minutes
      WHERE platform_id = 'douyin' AND session_id = 's1' ORDER BY minute_at`);
    expect(body.minutes).toEqual(minutes);
    expect(body.listings.map((l: any) => [l.listing_id, l.sell_out_seconds, l.sold_out_at])).toEqual([
      ['L1', 30, '2025-12-31T13:00:00.000Z'], ['L2', null, null], ['L3', null, null],
    ]);
    expect(body.listings[0]).toMatchObject({ product_id: 'p1', units_listed: 2, units_sold: 2, price: 150, first_sold_at: '2025-12-31T13:00:00.000Z' });
    // B1 was fired 36 hours before; B2 (June) long before.
    expect(body.batches).toEqual([{ batch_id: 'B1', fired_at: '2025-12-30T00:00:00.000Z', pieces: 100, first_grade: 70, defective: 10 }]);
    // s3 started 3.5 days after B3 was fired: outside the window.
    expect((await get('/api/sessions/douyin/s3')).body.batches).toEqual([]);
    expect((await get('/api/sessions/kuaishou/s2')).body).toMatchObject({ minutes: [], listings: [], batches: [] });
  });

  it('the 3-day window: from exactly 72 hours before the start, up to (not including) the start', async () => {
    const other = await openFixedDatabase();
    try {
      await other.write(async (con) => {
        await con.run(`INSERT INTO production_batches (batch_id, merchant_id, belt_id, fired_at, pieces, first_grade, defective, dataset_id) VALUES
          ('at72h', 'm3', 'haining-leather', '2026-01-02 20:00:00+08', 1, 1, 0, 1),
          ('before72h', 'm3', 'haining-leather', '2026-01-02 19:59:59+08', 1, 1, 0, 1),
          ('atStart', 'm3', 'haining-leather', '2026-01-05 20:00:00+08', 1, 1, 0, 1),
          ('otherMerchant', 'm1', 'jingdezhen-ceramics', '2026-01-04 20:00:00+08', 1, 1, 0, 1)`);
      });
      const body = await (await createApp({ db: other }).app.request('/api/sessions/douyin/s3')).json() as any;
      const expected = await other.query(`SELECT b.batch_id FROM production_batches b, live_sessions s
        WHERE s.session_id = 's3' AND b.merchant_id = s.merchant_id
          AND epoch(s.started_at) - epoch(b.fired_at) BETWEEN 0.5 AND 3 * 86400 ORDER BY b.fired_at`);
      expect(body.batches.map((b: any) => b.batch_id)).toEqual(expected.map((r) => r.batch_id));
      expect(expected.map((r) => r.batch_id)).toEqual(['at72h']);
    } finally {
      await other.close();
    }
  });

  it('an unknown session is a 404 in the language asked for', async () => {
    const en = await get('/api/sessions/douyin/nope?lang=en');
    expect(en.status).toBe(404);
    expect(en.body.error).toEqual({ code: 'not_found', message: expect.stringMatching(/No session "nope" on platform "douyin"/),
      // Both languages too, for a client that shows both (the CLI relaying a server's answer).
      messages: { en: en.body.error.message, zh: expect.stringMatching(/^平台 "douyin" 上没有场次 "nope"/) } });
    const zh = await get('/api/sessions/taobao/s1');
    expect(zh.status).toBe(404);
    expect(zh.body.error.message).toMatch(/^平台 "taobao" 上没有场次 "s1"/);
  });

  it('takes no parameter but lang', async () => {
    const { status, body } = await get('/api/sessions/douyin/s1?sort=gmv&lang=en');
    expect(status).toBe(400);
    expect(body.error).toMatchObject({ param: 'sort', message: 'Unknown parameter "sort".', allowed: ['lang'] });
  });
});

describe('validation', () => {
  it.each([
    ['sort=merchant_id', 'sort', /must be one of started_at/, '-gpm'],
    ['sort=-', 'sort', /must be one of/, 'gmv'],
    ['limit=0', 'limit', /from 1 to 500/, undefined],
    ['limit=501', 'limit', /from 1 to 500/, undefined],
    ['limit=ten', 'limit', /whole number/, undefined],
    ['offset=-1', 'offset', /from 0 to/, undefined],
    ['from=2025-02-30', 'from', /day of the calendar written YYYY-MM-DD \(2026-02-30 is not one\)/, undefined],
    ['to=tomorrow', 'to', /YYYY-MM-DD/, undefined],
    ['from=2026-02-01&to=2026-01-01', 'from', /is after to/, undefined],
    ['from=2026-02-01', 'from', /to defaults to the end of the data/, undefined],
    ['by=belt', 'by', /Unknown parameter "by"/, 'belt'],
    ['belt=a&belt=b', 'belt', /given 2 times/, undefined],
  ])('%s → 400 on %s', async (qs, param, message, allowedOne) => {
    const { status, body } = await get(`/api/sessions?${qs}&lang=en`);
    expect(status).toBe(400);
    expect(body.error.code).toBe('invalid_param');
    expect(body.error.param).toBe(param);
    expect(body.error.message).toMatch(message);
    if (allowedOne) expect(body.error.allowed).toContain(allowedOne);
  });

  it('speaks Chinese by default', async () => {
    const { body } = await get('/api/sessions?limit=0');
    expect(body.error.message).toBe('参数 "limit" 必须是 1 到 500 之间的整数。');
  });
});

describe('injection attempts never reach SQL', () => {
  const snapshot = async () => JSON.stringify(await db.query(`SELECT
    (SELECT count(*) FROM live_sessions)::INT AS s, (SELECT count(*) FROM production_batches)::INT AS b,
    (SELECT string_agg(table_name, ',' ORDER BY table_name) FROM duckdb_tables()) AS names`));
  const attacks = [
    `'; DROP TABLE live_sessions; --`, `" OR 1=1 --`, `s1' OR '1'='1`, `x') UNION SELECT * FROM merchants --`,
    `\\`, `$1`, `?`, `\u0000`, `景德镇'陶瓷`, `%`, `${'9'.repeat(300)}`,
  ];

  it.each(attacks)('in filters and ids: %j → nothing found or an unknown id, database unchanged', async (attack) => {
    const before = await snapshot();
    for (const p of ['merchant', 'base']) {
      const { status, body } = await get(`/api/sessions?${p}=${encodeURIComponent(attack)}`);
      expect(status).toBe(200);
      expect(body).toEqual({ rows: [], total: 0 });
    }
    // Listed dimensions name an id the catalog does not list.
    for (const p of ['belt', 'region', 'platform', 'venue']) {
      const { status, body } = await get(`/api/sessions?${p}=${encodeURIComponent(attack)}`);
      expect([status, body.error?.param]).toEqual([400, p]);
    }
    expect((await get(`/api/sessions/douyin/${encodeURIComponent(attack)}`)).status).toBe(404);
    expect((await get(`/api/sessions/${encodeURIComponent(attack)}/s1`)).status).toBe(404);
    expect(await snapshot()).toBe(before);
  });

  it.each(['sort', 'limit', 'offset', 'from', 'to', 'lang'])('in %s → 400, database unchanged', async (param) => {
    const before = await snapshot();
    for (const attack of attacks) expect((await get(`/api/sessions?${param}=${encodeURIComponent(attack)}`)).status).toBe(400);
    expect(await snapshot()).toBe(before);
  });
});

describe('scope', () => {
  it('a narrow scope sees only its belt\'s sessions, without merchant or account', async () => {
    const { body } = await getNarrow('/api/sessions');
    expect(body.total).toBe(1);
    expect(body.rows[0]).toMatchObject({ session_id: 's3', belt_id: 'haining-leather', merchant_id: null, account: null });
    expect(JSON.stringify(body)).not.toMatch(/m3|皮城/);
  });

  it('parameters only narrow it; a belt outside it is unknown to it', async () => {
    expect((await getNarrow('/api/sessions?belt=jingdezhen-ceramics')).body.error).toMatchObject({ param: 'belt', allowed: ['haining-leather'] });
    expect((await getNarrow('/api/sessions?belt=jingdezhen-ceramics,haining-leather')).status).toBe(400);
    expect((await getNarrow('/api/sessions?belt=haining-leather')).body.total).toBe(1);
    expect((await getNarrow('/api/sessions?merchant=m1,m2')).body).toEqual({ rows: [], total: 0 });
    expect((await getNarrow('/api/sessions?region=360200')).body.error).toMatchObject({ param: 'region' }); // Jingdezhen's region
    expect((await getNarrow('/api/sessions?platform=kuaishou')).body).toEqual({ rows: [], total: 0 });
  });

  it('a session outside the scope is a 404 like one that does not exist; inside it hides the merchant', async () => {
    const out = await getNarrow('/api/sessions/douyin/s1?lang=en');
    const none = await getNarrow('/api/sessions/douyin/nope?lang=en');
    expect([out.status, none.status]).toEqual([404, 404]);
    expect(out.body.error.message.replace('s1', 'X')).toBe(none.body.error.message.replace('nope', 'X'));
    const inside = await getNarrow('/api/sessions/douyin/s3');
    expect(inside.status).toBe(200);
    expect(inside.body.session).toMatchObject({ merchant_id: null, account: null, gmv: 1200 });
    expect(JSON.stringify(inside.body)).not.toMatch(/皮城|"m3"/);
  });

  it('region and merchant scopes: region is the belt\'s region_code', async () => {
    const byRegion = createApp({ db, scope: () => ({ rows: { region: ['360200'] }, merchantNames: true, minCohort: 0 }) }).app;
    const expected = await db.query(`SELECT s.platform_id || '/' || s.session_id AS k FROM live_sessions s JOIN belts b USING (belt_id)
      WHERE b.region_code = '360200' ORDER BY s.started_at DESC`);
    const body = await (await byRegion.request('/api/sessions')).json() as any;
    expect(keys(body)).toEqual(expected.map((r) => r.k));
    const byMerchant = createApp({ db, scope: () => ({ rows: { merchant: ['m2'] }, merchantNames: true, minCohort: 0 }) }).app;
    expect(keys(await (await byMerchant.request('/api/sessions')).json())).toEqual(['kuaishou/s2']);
    expect((await byMerchant.request('/api/sessions/douyin/s1')).status).toBe(404);
    expect(keys(await (await byMerchant.request('/api/sessions?merchant=m1')).json())).toEqual([]);
  });
});

describe('on a 20k-line demo', () => {
  let demo: Database;
  let demoApp: App;
  const getDemo = requester(() => demoApp);
  beforeAll(async () => {
    demo = await Database.open(':memory:', { readers: 2 });
    await demo.write((con) => generateDemo(con, { orders: 20_000, seed: 7 }));
    demoApp = createApp({ db: demo }).app;
  });
  afterAll(async () => demo.close());

  /** The same page from independent SQL. */
  const expectedPage = async (where: string, order: string, limit: number, offset: number, params: Record<string, string> = {}) => {
    const rows = await demo.query(`SELECT platform_id || '/' || session_id AS k FROM live_sessions WHERE ${where}
      ORDER BY ${order}, platform_id, session_id LIMIT ${limit} OFFSET ${offset}`, params);
    const [{ n }] = await demo.query(`SELECT count(*)::INT AS n FROM live_sessions WHERE ${where}`, params);
    return { keys: rows.map((r) => r.k), total: n };
  };

  it.each([
    ['-started_at', 'started_at DESC'],
    ['gmv', 'gmv ASC'],
    ['-gpm', 'CASE WHEN views > 0 THEN gmv / views END DESC NULLS LAST'],
    ['conversion', 'CASE WHEN viewers > 0 THEN buyers / viewers END ASC NULLS LAST'],
    ['-orders', 'orders DESC NULLS LAST'],
    ['views', 'views ASC'],
  ])('sort=%s: the page, its tie-breaks and the total match independent SQL', async (sort, order) => {
    const belts = ['jingdezhen-ceramics', 'hangzhou-textiles', 'haining-leather'];
    const { body } = await getDemo(`/api/sessions?sort=${sort}&limit=50&offset=40&from=2025-01-01&to=2026-06-30&belt=${belts.join(',')}`);
    const want = await expectedPage(`${LOCAL_DAY} BETWEEN DATE '2025-01-01' AND DATE '2026-06-30' AND belt_id IN ('${belts.join("', '")}')`, order, 50, 40);
    expect(body.total).toBe(want.total);
    expect(want.total).toBeGreaterThan(90);
    expect(keys(body)).toEqual(want.keys);
  });

  it('ties break by (platform_id, session_id)', async () => {
    const [{ n }] = await demo.query(`SELECT count(*)::INT AS n FROM (SELECT orders FROM live_sessions GROUP BY orders HAVING count(*) > 1)`);
    expect(n).toBeGreaterThan(0);
    const { body } = await getDemo('/api/sessions?sort=orders&limit=500');
    for (let i = 1; i < body.rows.length; i++) {
      const [a, b] = [body.rows[i - 1], body.rows[i]];
      if (a.orders === b.orders) expect(`${a.platform_id}\u0000${a.session_id}` < `${b.platform_id}\u0000${b.session_id}`).toBe(true);
    }
  });

  it('every row equals its raw session; the default window is the data\'s range', async () => {
    const { body } = await getDemo('/api/sessions?platform=douyin&venue=base&limit=500');
    const raw = await demo.query(`SELECT ${RAW_ROW} FROM live_sessions WHERE platform_id = 'douyin' AND venue = 'base'
      ORDER BY started_at DESC, platform_id, session_id LIMIT 500`);
    const [{ n }] = await demo.query(`SELECT count(*)::INT AS n FROM live_sessions WHERE platform_id = 'douyin' AND venue = 'base'`);
    expect(body.total).toBe(n);
    expect(body.rows.length).toBe(raw.length);
    body.rows.forEach((row: any, i: number) => {
      const want = expectedRow(raw[i]);
      for (const [k, v] of Object.entries(want)) {
        if (typeof v === 'number' && !Number.isInteger(v)) expect(row[k], k).toBeCloseTo(v, 6);
        else expect(row[k], k).toEqual(v);
      }
    });
  });

  it('a session\'s detail matches its raw minutes, listings and firings', async () => {
    const [s] = await demo.query(`SELECT platform_id, session_id FROM live_sessions s WHERE kiln_opening
      AND EXISTS (SELECT 1 FROM listings l WHERE l.platform_id = s.platform_id AND l.session_id = s.session_id)
      ORDER BY session_id LIMIT 1`);
    expect(s).toBeDefined();
    const { body } = await getDemo(`/api/sessions/${s.platform_id}/${s.session_id}`);
    const p = { p: s.platform_id as string, s: s.session_id as string };
    const [m] = await demo.query(`SELECT count(*)::INT AS n, sum(gmv)::DOUBLE AS g FROM session_minutes WHERE platform_id = $p AND session_id = $s`, p);
    expect(body.minutes).toHaveLength(m.n as number);
    expect(body.minutes.reduce((a: number, x: any) => a + x.gmv, 0)).toBeCloseTo((m.g as number) ?? 0, 6);
    const listings = await demo.query(`SELECT listing_id FROM listings WHERE platform_id = $p AND session_id = $s ORDER BY listed_at, listing_id`, p);
    expect(body.listings.map((l: any) => l.listing_id)).toEqual(listings.map((r) => r.listing_id));
    const batches = await demo.query(`SELECT b.batch_id FROM production_batches b JOIN live_sessions x ON x.merchant_id = b.merchant_id
      WHERE x.platform_id = $p AND x.session_id = $s AND b.fired_at < x.started_at AND epoch(x.started_at) - epoch(b.fired_at) <= 3 * 86400
      ORDER BY b.fired_at, b.batch_id`, p);
    expect(body.batches.map((b: any) => b.batch_id)).toEqual(batches.map((r) => r.batch_id));
  });

  it('a belt scope without names: its sessions only, anonymous', async () => {
    const scoped = createApp({ db: demo, scope: () => ({ rows: { belt: ['suzhou-silk'] }, merchantNames: false, minCohort: 0 }) }).app;
    const body = await (await scoped.request('/api/sessions?limit=500&belt=suzhou-silk')).json() as any;
    const [{ n }] = await demo.query(`SELECT count(*)::INT AS n FROM live_sessions WHERE belt_id = 'suzhou-silk'`);
    expect(body.total).toBe(n);
    expect(body.rows.every((r: any) => r.belt_id === 'suzhou-silk' && r.merchant_id === null && r.account === null)).toBe(true);
  });
});
