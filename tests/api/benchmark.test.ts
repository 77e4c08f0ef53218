import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../server/api/app.ts';
import { benchmarkResponse } from '../../server/api/schemas/benchmark.ts';
import type { Database } from '../../db/database.ts';
import type { Scope } from '../../server/query/scope.ts';
import { J, openBenchmarkDatabase, PEER_NAMES } from '../fixtures/benchmark.ts';
import { requester } from '../fixtures/request.ts';

// /api/benchmark on tests/fixtures/benchmark.ts. Expected figures come from SQL written here over
// the raw rows (never the catalog's expressions), and the fixture's comments work them out by hand.
let db: Database;
let app: ReturnType<typeof createApp>['app'];
const get = requester(() => app);
const WINDOW = { from: '2024-12-21', to: '2025-12-20' };

beforeAll(async () => {
  db = await openBenchmarkDatabase();
  app = createApp({ db }).app;
});
afterAll(async () => db.close());

const ok = async (url: string, a = app) => {
  const r = await a.request(url);
  const body = await r.json() as any;
  expect(r.status, JSON.stringify(body)).toBe(200);
  benchmarkResponse.parse(body);
  return { body, by: Object.fromEntries(body.measures.map((m: any) => [m.id, m])) as Record<string, any> };
};

/** Each Jingdezhen merchant's value of each order measure in the window, written plainly over raw order lines. */
const ORDER_VALUES = `
  SELECT merchant_id,
    sum(amount)::DOUBLE AS gmv,
    CASE WHEN bool_and(refund_amount IS NOT NULL) THEN (sum(amount) - sum(refund_amount))::DOUBLE END AS net_gmv,
    count(DISTINCT (platform_id, parent_order_id))::DOUBLE AS orders,
    sum(amount)::DOUBLE / count(DISTINCT (platform_id, parent_order_id)) AS order_value,
    CASE WHEN bool_and(buyer_id IS NOT NULL) THEN sum(amount)::DOUBLE / count(DISTINCT (platform_id, buyer_id)) END AS aov,
    CASE WHEN bool_and(refund_amount IS NOT NULL) THEN (sum(refund_amount) / sum(amount))::DOUBLE END AS refund_rate,
    (sum(CASE WHEN session_id IS NOT NULL OR channel = 'live' THEN amount ELSE 0 END) / sum(amount))::DOUBLE AS live_share
  FROM orders WHERE belt_id = '${J}' AND paid_at::DATE BETWEEN DATE '${WINDOW.from}' AND DATE '${WINDOW.to}'
  GROUP BY merchant_id`;

/** The merchant's value, the peers' quartiles and its rank, over the rows of ORDER_VALUES. */
async function expected(measure: string, merchant: string) {
  const rows = await db.query(`
    WITH v AS (${ORDER_VALUES}), own AS (SELECT ${measure} AS x FROM v WHERE merchant_id = $m),
    p AS (SELECT ${measure} AS x FROM v WHERE merchant_id <> $m AND ${measure} IS NOT NULL)
    SELECT (SELECT x FROM own) AS value, count(*) AS n,
      quantile_cont(p.x, 0.25) AS p25, quantile_cont(p.x, 0.5) AS p50, quantile_cont(p.x, 0.75) AS p75,
      (count(*) FILTER (WHERE p.x < (SELECT x FROM own)) + 0.5 * count(*) FILTER (WHERE p.x = (SELECT x FROM own))) / count(*) AS rank
    FROM p`, { m: merchant });
  const r = rows[0];
  return { value: r.value as number | null, n: Number(r.n), p25: r.p25 as number, p50: r.p50 as number, p75: r.p75 as number, rank: r.rank as number };
}

describe('a merchant against its belt', () => {
  it('own values, peer quartiles and percentile ranks agree with plain SQL over the raw rows', async () => {
    const { body, by } = await ok('/api/benchmark?merchant=jz-04');
    expect(body).toMatchObject({ merchant_id: 'jz-04', belt_id: J, window: WINDOW, min_peers: 5 });
    expect(body.measures.map((m: any) => m.id)).toEqual(['gmv', 'net_gmv', 'orders', 'order_value', 'aov', 'refund_rate', 'live_share', 'sessions', 'live_hours', 'gpm', 'conversion']);
    // By hand: peers' GMV 100, 200, 300, 400, 600, 700 → 225 / 350 / 550; 3 lower and a tie of 6.
    expect(by.gmv).toMatchObject({ has_rows: true, value: 400, peers: 6, with_value: 6, p25: 225, p50: 350, p75: 550 });
    expect(by.gmv.rank).toBeCloseTo(3.5 / 6, 12);
    for (const m of ['gmv', 'net_gmv', 'orders', 'order_value', 'refund_rate', 'live_share']) {
      const want = await expected(m, 'jz-04');
      expect(by[m].value, m).toBeCloseTo(want.value!, 9);
      expect(by[m].with_value, m).toBe(want.n);
      for (const k of ['p25', 'p50', 'p75', 'rank'] as const) expect(by[m][k], `${m}.${k}`).toBeCloseTo(want[k], 9);
    }
    // aov: the peers have every buyer id, so their quartiles show, but jz-04's own is masked.
    const aov = await expected('aov', 'jz-04');
    expect(aov.value).toBeNull();
    expect(by.aov).toMatchObject({ value: null, rank: null, with_value: 6 });
    expect(by.aov.p50).toBeCloseTo(aov.p50, 9);
  });

  it('a null value stays null with the catalog\'s note, never 0; peers without a value are left out, and said so', async () => {
    const zh = (await ok('/api/benchmark?merchant=jz-04')).by;
    const en = (await ok('/api/benchmark?merchant=jz-04&lang=en')).by;
    expect(zh.aov.value_note).toMatch(/买家ID/);
    expect(en.aov.value_note).toMatch(/Some or all orders in the slice lack a buyer id/);
    // jz-06's refund is unknown: five peers have a refund rate (enough), one is left out.
    expect(en.refund_rate).toMatchObject({ peers: 6, with_value: 5 });
    expect(en.refund_rate.peer_note).toMatch(/left out: 1 .*refunded amount/);
    expect(zh.refund_rate.peer_note).toMatch(/1 个同行商家没有该指标数值/);
    expect(en.gmv.value_note).toBeNull();
    expect(en.gmv.peer_note).toBeNull();
  });

  it('own session figures; three streaming peers are too few: peer figures null with the note', async () => {
    const { by } = await ok('/api/benchmark?merchant=jz-04&lang=en');
    const [own] = await db.query(`SELECT count(*)::DOUBLE AS sessions, sum(epoch(ended_at) - epoch(started_at)) / 3600 AS live_hours,
      sum(gmv) / sum(views) * 1000 AS gpm, sum(buyers) / sum(viewers) AS conversion FROM live_sessions WHERE merchant_id = 'jz-04'`);
    for (const m of ['sessions', 'live_hours', 'gpm', 'conversion']) {
      expect(by[m].value, m).toBeCloseTo(Number(own[m]), 9);
      // Not even how many: with one peer in a short window, the count would say whether it streamed.
      expect(by[m], m).toMatchObject({ peers: null, with_value: null, p25: null, p50: null, p75: null, rank: null });
      expect(by[m].peer_note, m).toMatch(/^Fewer than 5 peer merchants in the belt have a value/);
    }
    expect(by.gpm.value).toBe(150);
    expect((await ok('/api/benchmark?merchant=jz-04')).by.sessions.peer_note).toMatch(/同行商家少于 5 个/);
  });

  it('a ratio over a zero denominator (a stream without views) is null, saying so', async () => {
    const { by } = await ok('/api/benchmark?merchant=jz-03&lang=en');
    expect(by.sessions).toMatchObject({ has_rows: true, value: 1 });
    expect(by.gpm).toMatchObject({ has_rows: true, value: null });
    expect(by.gpm.value_note).toMatch(/denominator is 0/);
    expect((await ok('/api/benchmark?merchant=jz-03')).by.conversion.value_note).toMatch(/分母为 0/);
  });

  it('a merchant without rows in the window: null values with a note, not 0; its peers are still shown', async () => {
    const { by } = await ok('/api/benchmark?merchant=jz-08&lang=en');
    expect(by.gmv).toMatchObject({ has_rows: false, value: null, rank: null, peers: 7, with_value: 7 });
    expect(by.gmv.value_note).toMatch(/no orders in the window/);
    expect(by.gpm.value_note).toMatch(/no live sessions/);
    const want = await expected('gmv', 'jz-08');
    expect(by.gmv.p50).toBeCloseTo(want.p50, 9);
  });

  it('the window narrows the peers (from/to); Haining is nobody\'s peer', async () => {
    // From June: jz-01 and jz-02 sold before it, so four peers remain: too few.
    const { by } = await ok('/api/benchmark?merchant=jz-04&from=2025-06-01&to=2025-12-31');
    expect(by.gmv).toMatchObject({ value: 400, peers: null, p50: null, rank: null });
    const hn = (await ok('/api/benchmark?merchant=hn-01')).by;
    expect(hn.gmv).toMatchObject({ value: 10000, peers: null, with_value: null, p50: null });
  });

  it('format=csv: one row per measure with its unit, the figures of the JSON rounded, the notes; headers in lang; no peer', async () => {
    const json = (await ok('/api/benchmark?merchant=jz-04&lang=en')).by;
    const r = await app.request('/api/benchmark?merchant=jz-04&lang=en&format=csv');
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(r.headers.get('content-disposition')).toMatch(/filename="beltscope-benchmark-jz-04-2024-12-21_2025-12-20-v\d+\.csv"/);
    const bytes = new Uint8Array(await r.arrayBuffer());
    expect([...bytes.slice(0, 4)]).toEqual([0xef, 0xbb, 0xbf, 0x23]); // a BOM for Excel, then '#'
    const text = new TextDecoder().decode(bytes);
    const lines = text.trim().split('\r\n');
    expect(lines.filter((l) => l.startsWith('#')).join('\n')).toContain('merchant jz-04 · belt jingdezhen-ceramics · window 2024-12-21 to 2025-12-20');
    const [head, ...rows] = lines.filter((l) => !l.startsWith('#'));
    expect(head).toBe('Measure,Measure ID,Unit,Your shop,Peers P25,Peer median,Peers P75,"Percentile rank (0–100, share of peers below)",Peers with a value,Peers,Lower is better,Notes');
    const by = Object.fromEntries(rows.map((l) => { const c = l.split(','); return [c[1], c]; }));
    expect(Object.keys(by)).toEqual(Object.keys(json));
    // By hand (the first test): GMV 400 against 225 / 350 / 550, rank 3.5 of 6 = 58.3.
    expect(by.gmv.slice(0, 10)).toEqual(['GMV', 'gmv', 'CNY', '400', '225', '350', '550', '58.3', '6', '6']);
    expect(Number(by.refund_rate[4])).toBeCloseTo(json.refund_rate.p25, 6);
    expect(by.refund_rate[10]).toBe('yes');
    expect(by.gmv[10]).toBe('');
    // A null is an empty cell with its note, never 0.
    expect(by.aov[3]).toBe('');
    expect(text).toContain('lack a buyer id');
    for (const [id, name] of Object.entries(PEER_NAMES)) {
      expect(text).not.toContain(id);
      expect(text).not.toContain(name);
    }
    const zh = await (await app.request('/api/benchmark?merchant=jz-04&format=csv')).text();
    expect(zh).toContain('指标,指标ID,单位,本店,同行 P25');
    const bad = await app.request('/api/benchmark?merchant=jz-04&format=xml&lang=en');
    expect(bad.status).toBe(400);
    expect(JSON.stringify(await bad.json())).toContain('must be json or csv');
  });

  it('no peer id, name or own value anywhere in the answer', async () => {
    for (const lang of ['zh', 'en']) {
      const text = JSON.stringify((await ok(`/api/benchmark?merchant=jz-04&lang=${lang}`)).body);
      for (const [id, name] of Object.entries(PEER_NAMES)) {
        expect(text).not.toContain(id);
        expect(text).not.toContain(name);
      }
      // Peers' GMVs of 600 and 700 (no quartile or rank of them is either) appear nowhere.
      expect(text).not.toMatch(/[:,\[]6(00|99\.99)\b|[:,\[]700\b/);
    }
  });
});

describe('errors', () => {
  it.each([
    ['/api/benchmark', 'merchant', /"merchant"/, /"merchant" 必填/],
    ['/api/benchmark?merchant=jz-04&x=1', 'x', /Unknown parameter "x"/, /未知参数 "x"/],
    ['/api/benchmark?merchant=jz-04&from=2025-02-30', 'from', /YYYY-MM-DD/, /日历上存在的日期/],
    ['/api/benchmark?merchant=jz-04&to=2025-1-1', 'to', /YYYY-MM-DD/, /日历上存在的日期/],
    ['/api/benchmark?merchant=jz-04&from=2025-12-01&to=2025-11-01', 'from', /is after/, /晚于/],
    ['/api/benchmark?merchant=jz-04&lang=fr', 'lang', /zh or en/, /zh 或 en/],
  ])('%s → 400 naming %s, in zh and en', async (url, param, en, zh) => {
    // lang=fr is itself the error: its message is in the default language, Chinese.
    if (param !== 'lang') {
      const e = await get(`${url}${url.includes('?') ? '&' : '?'}lang=en`);
      expect(e.status).toBe(400);
      expect(e.body.error).toMatchObject({ code: 'invalid_param', param });
      expect(e.body.error.message).toMatch(en);
    }
    const z = await get(url);
    expect(z.status).toBe(400);
    expect(z.body.error).toMatchObject({ code: 'invalid_param', param });
    expect(z.body.error.message).toMatch(zh);
  });

  it('an unknown merchant is a 404 that names it', async () => {
    const en = await get('/api/benchmark?merchant=nope&lang=en');
    expect(en.status).toBe(404);
    expect(en.body.error).toMatchObject({ code: 'not_found', param: 'merchant' });
    expect(en.body.error.message).toMatch(/No merchant "nope"/);
    expect((await get('/api/benchmark?merchant=nope')).body.error.message).toMatch(/没有商家 "nope"/);
  });
});

describe('scopes', () => {
  const scoped = (scope: Scope) => createApp({ db, scope: () => scope }).app;

  it('a merchant\'s own scope benchmarks it against the whole belt, and cannot tell another merchant from one that does not exist', async () => {
    const mine = scoped({ rows: { merchant: ['jz-04'] }, merchantNames: false, minCohort: 0 });
    const open = (await ok('/api/benchmark?merchant=jz-04')).body;
    const { body } = await ok('/api/benchmark?merchant=jz-04', mine);
    expect(body.measures).toEqual(open.measures);
    const other = await mine.request('/api/benchmark?merchant=jz-01&lang=en');
    const none = await mine.request('/api/benchmark?merchant=nope&lang=en');
    expect(other.status).toBe(404);
    expect(none.status).toBe(404);
    const [a, b] = [await other.json() as any, await none.json() as any];
    expect(a.error.message.replace('jz-01', 'X')).toBe(b.error.message.replace('nope', 'X'));
  });

  it('a belt scope reaches its merchants only', async () => {
    const belt = scoped({ rows: { belt: ['haining-leather'] }, merchantNames: true, minCohort: 0 });
    expect((await belt.request('/api/benchmark?merchant=jz-04')).status).toBe(404);
    await ok('/api/benchmark?merchant=hn-01', belt);
  });

  it('a minimum cohort above five raises the threshold: six peers under a cohort of 7 are too few', async () => {
    const { body, by } = await ok('/api/benchmark?merchant=jz-04&lang=en', scoped({ rows: { merchant: ['jz-04'] }, merchantNames: false, minCohort: 7 }));
    expect(body.min_peers).toBe(7);
    expect(by.gmv).toMatchObject({ value: 400, with_value: null, p25: null, p50: null, p75: null, rank: null });
    expect(by.gmv.peer_note).toMatch(/Fewer than 7/);
  });

  it('a scope that does not see merchants one by one (no names, or a minimum cohort) reads no merchant\'s own figures', async () => {
    for (const scope of [{ rows: {}, merchantNames: true, minCohort: 7 }, { rows: { belt: [J] }, merchantNames: false, minCohort: 0 }] as Scope[]) {
      const r = await scoped(scope).request('/api/benchmark?merchant=jz-04&lang=en');
      expect(r.status).toBe(404);
      expect(((await r.json()) as any).error.message).toMatch(/^No merchant "jz-04" \(or it is outside what this account may see\)/);
    }
  });
});
