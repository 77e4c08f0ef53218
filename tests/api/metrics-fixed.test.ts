import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tableFromIPC } from 'apache-arrow';
import { createApp } from '../../server/api/app.ts';
import type { Database } from '../../db/database.ts';
import { openFixedDatabase } from '../fixtures/fixed.ts';
import { requester } from '../fixtures/request.ts';

// Every expected number here comes from SQL written in this file over the raw tables, or
// from the fixture's hand-checked values: never from the catalog's own expressions.
let db: Database;
let app: ReturnType<typeof createApp>['app'];
const get = requester(() => app);
const one = async (sql: string) => (await db.query(sql))[0];

beforeAll(async () => {
  db = await openFixedDatabase();
  app = createApp({ db }).app;
});
afterAll(async () => db.close());

describe('totals on the fixed dataset', () => {
  it('GMV ignores refunds; orders count split parents once; GPM is a ratio of sums', async () => {
    const { body } = await get('/api/metrics?measures=gmv,orders,lines,live_gmv,gpm,quantity');
    expect(body.totals).toEqual({ gmv: 3210, orders: 8, lines: 9, live_gmv: 2150, gpm: (2150 / 17000) * 1000, quantity: 16 });
    expect(body.rows).toEqual([body.totals]);
  });

  it('buyers, AOV, net GMV and refund rate are null with a note when the slice has unknowns', async () => {
    const { body } = await get('/api/metrics?measures=buyers,aov,net_gmv,refund_rate&lang=en');
    expect(body.totals).toEqual({ buyers: null, aov: null, net_gmv: null, refund_rate: null });
    // One statement answers an ungrouped query, its counts of unknowns included; they are not sent.
    expect(body.rows).toEqual([body.totals]);
    expect(body.notes.map((n: any) => n.measure).sort()).toEqual(['aov', 'buyers', 'net_gmv', 'refund_rate']);
    expect(body.notes[0].message).toMatch(/buyer id|refunded/);
  });

  it('exact buyers and AOV where every buyer is known', async () => {
    const { body } = await get('/api/metrics?measures=buyers,aov,net_gmv,refund_rate&belt=jingdezhen-ceramics');
    const x = await one(`SELECT count(DISTINCT (platform_id, buyer_id))::INT AS b, sum(amount)::DOUBLE AS g, sum(refund_amount)::DOUBLE AS r
      FROM orders WHERE belt_id = 'jingdezhen-ceramics'`);
    expect(body.totals.buyers).toBe(x.b);
    expect(body.totals.aov).toBeCloseTo((x.g as number) / (x.b as number), 9);
    expect(body.totals.net_gmv).toBeCloseTo((x.g as number) - (x.r as number), 9);
    expect(body.totals.refund_rate).toBeCloseTo((x.r as number) / (x.g as number), 9);
    expect(body.notes).toEqual([]);
  });

  it('session ratios match an independent calculation', async () => {
    const { body } = await get('/api/metrics?measures=sessions,live_hours,views,viewers,uv_value,conversion,click_conversion,ctr,peak_online,avg_watch_seconds,engagement,new_followers,follow_rate,ad_spend,roi');
    const s = await one(`SELECT count(*)::DOUBLE n, sum(epoch(ended_at) - epoch(started_at))::DOUBLE / 3600 h, sum(views)::DOUBLE v, sum(viewers)::DOUBLE u,
      sum(gmv)::DOUBLE g, sum(buyers)::DOUBLE b, sum(product_click_viewers)::DOUBLE c, sum(product_exposed_viewers)::DOUBLE e, max(peak_online)::DOUBLE p,
      sum(watch_seconds)::DOUBLE w, sum(interacting_viewers)::DOUBLE i, sum(new_followers)::DOUBLE f, sum(ad_spend)::DOUBLE a FROM live_sessions`);
    const n = (k: string) => s[k] as number;
    const t = body.totals;
    expect(t.sessions).toBe(3);
    expect(t.live_hours).toBeCloseTo(n('h'), 9);
    expect([t.views, t.viewers, t.peak_online, t.new_followers, t.ad_spend]).toEqual([n('v'), n('u'), n('p'), n('f'), n('a')]);
    expect(t.uv_value).toBeCloseTo(n('g') / n('u'), 9);
    expect(t.conversion).toBeCloseTo(n('b') / n('u'), 9);
    expect(t.click_conversion).toBeCloseTo(n('b') / n('c'), 9);
    expect(t.ctr).toBeCloseTo(n('c') / n('e'), 9);
    expect(t.avg_watch_seconds).toBeCloseTo(n('w') / n('u'), 9);
    expect(t.engagement).toBeCloseTo(n('i') / n('u'), 9);
    expect(t.follow_rate).toBeCloseTo(n('f') / n('u'), 9);
    expect(t.roi).toBeCloseTo(n('g') / n('a'), 9);
  });
});

describe('dimensions and time', () => {
  it('an order at 23:30 on 31 December Beijing time belongs to December; 00:10 on 1 January to January', async () => {
    const { body } = await get('/api/metrics?measures=gmv&grain=month&platform=douyin&from=2025-12-01&to=2026-01-31');
    expect(body.rows).toEqual([{ month: '2025-12-01', gmv: 650 }, { month: '2026-01-01', gmv: 1280 }]);
  });

  it('weeks start on Monday', async () => {
    const { body } = await get('/api/metrics?measures=gmv&grain=week&from=2025-12-22&to=2026-01-04');
    expect(body.rows).toEqual([{ week: '2025-12-22', gmv: 60 }, { week: '2025-12-29', gmv: 750 }]);
  });

  it('from/to are inclusive local dates', async () => {
    const { body } = await get('/api/metrics?measures=gmv&from=2025-12-31&to=2025-12-31');
    expect(body.totals.gmv).toBe(650); // 23:30 counted, 00:10 next day not
  });

  it('orders by category count a split parent in each category it touches (read from raw lines)', async () => {
    const { body } = await get('/api/metrics?measures=orders,gmv&by=category');
    const byCat = Object.fromEntries(body.rows.map((r: any) => [r.category, r]));
    expect(byCat.tea).toEqual({ category: 'tea', orders: 1, gmv: 100 });
    expect(byCat.ceramics.orders).toBe(6);
    expect(body.totals.orders).toBe(8);
  });

  it.each(['belt', 'region', 'province', 'platform', 'merchant', 'merchant_kind', 'size_class', 'base', 'venue', 'hub', 'ship_province'])(
    'gmv and orders by %s match raw SQL', async (dim) => {
      const expr: Record<string, string> = {
        belt: 'o.belt_id', region: 'b.region_code', province: "left(b.region_code, 2) || '0000'", platform: 'o.platform_id',
        merchant: 'o.merchant_id', merchant_kind: 'm.kind', size_class: 'm.size_class', base: 's.base_id', venue: 's.venue',
        hub: 'o.hub_id', ship_province: 'o.ship_province',
      };
      const expected = await db.query(`SELECT ${expr[dim]} AS k, sum(o.amount)::DOUBLE AS gmv, count(DISTINCT (o.platform_id, o.parent_order_id))::INT AS orders
        FROM orders o JOIN belts b USING (belt_id) JOIN merchants m USING (merchant_id)
        LEFT JOIN live_sessions s ON s.platform_id = o.platform_id AND s.session_id = o.session_id
        GROUP BY 1 ORDER BY 1`);
      const { body } = await get(`/api/metrics?measures=gmv,orders&by=${dim}`);
      const got = body.rows.map((r: any) => ({ k: r[dim], gmv: r.gmv, orders: r.orders }))
        .sort((a: any, b: any) => String(a.k).localeCompare(String(b.k)));
      expect(got).toEqual(expected.map((r) => ({ ...r })).sort((a, b) => String(a.k).localeCompare(String(b.k))));
    });

  it('mixes orders and sessions measures, joined on the dimensions', async () => {
    const { body } = await get('/api/metrics?measures=gmv,live_gmv,gpm&by=belt,platform');
    const jd = body.rows.find((r: any) => r.belt === 'jingdezhen-ceramics' && r.platform === 'douyin');
    expect(jd).toEqual({ belt: 'jingdezhen-ceramics', platform: 'douyin', gmv: 730, live_gmv: 650, gpm: 65 });
    const hnKs = body.rows.find((r: any) => r.belt === 'haining-leather' && r.platform === 'kuaishou');
    expect(hnKs).toBeUndefined();
  });

  it('filters by several values; a listed id that matches no row gives empty results, an unknown one a 400', async () => {
    const a = await get('/api/metrics?measures=gmv&belt=haining-leather,jingdezhen-ceramics');
    expect(a.body.totals.gmv).toBe(3210);
    const b = await get('/api/metrics?measures=gmv,gpm&by=belt&belt=no-such-belt');
    expect([b.status, b.body.error?.param]).toEqual([400, 'belt']);
    // A belt the catalog lists, without a row in the data (and an unlisted hub: facts may name hubs the hubs table does not).
    const c = await get('/api/metrics?measures=gmv,gpm&by=belt&belt=suzhou-silk');
    expect(c.status).toBe(200);
    expect(c.body.rows).toEqual([]);
    expect(c.body.totals.gmv).toBeNull();
    expect((await get('/api/metrics?measures=gmv&hub=no-such-hub')).status).toBe(200);
  });

  it('lists a filter that cannot apply to a measure in notApplied', async () => {
    const { body } = await get('/api/metrics?measures=gmv,gpm&hub=h1');
    expect(body.notApplied).toEqual([{ dimension: 'hub', measures: ['gpm'] }]);
    expect(body.totals.gpm).toBeCloseTo((2150 / 17000) * 1000, 9);
  });

  it('sort and limit rank groups over the whole range and keep every bucket of the kept groups', async () => {
    const { body } = await get('/api/metrics?measures=gmv&by=merchant&grain=month&sort=-gmv&limit=1');
    // m3 (2100) outranks m1 (730) and m2 (380) over the range
    expect(new Set(body.rows.map((r: any) => r.merchant))).toEqual(new Set(['m3']));
    expect(body.rows.map((r: any) => r.month)).toEqual(['2025-11-01', '2026-01-01']);
    const asc = await get('/api/metrics?measures=gmv&by=merchant&sort=gmv&limit=2');
    expect(asc.body.rows.map((r: any) => r.merchant)).toEqual(['m2', 'm1']);
  });

  it('compare=previous_period and previous_year add _prev and _change', async () => {
    const { body } = await get('/api/metrics?measures=gmv&from=2026-01-01&to=2026-01-31&compare=previous_period&lang=en');
    expect(body.comparison).toMatchObject({ kind: 'previous_period', from: '2025-12-01', to: '2025-12-31', covered: false });
    // The data end on 01-05: January's five days against all of December would read as a fall.
    expect(body.totals).toEqual({ gmv: 1280, gmv_prev: null, gmv_change: null });
    expect(body.notes.map((n: any) => n.message)).toContainEqual(
      'The window (2026-01-01 to 2026-01-31) is not wholly in the data (2025-06-01 to 2026-01-05): previous values and changes are left empty (they would set part of a period against a whole one)');
    const within = await get('/api/metrics?measures=gmv&from=2025-12-06&to=2026-01-05&compare=previous_period');
    expect(within.body.comparison).toMatchObject({ from: '2025-11-05', to: '2025-12-05', covered: true });
    expect(within.body.totals.gmv_prev).not.toBeNull();
    const y = await get('/api/metrics?measures=gmv&grain=month&from=2026-01-01&to=2026-01-31&compare=previous_year');
    expect(y.body.comparison).toMatchObject({ kind: 'previous_year', from: '2025-01-01', to: '2025-01-31' });
    expect(y.body.rows).toEqual([{ month: '2026-01-01', gmv: 1280, gmv_prev: null, gmv_change: null }]);
    const d = await get('/api/metrics?measures=gmv&grain=day&from=2025-12-31&to=2026-01-01&compare=previous_period');
    expect(d.body.comparison).toMatchObject({ kind: 'previous_period', from: '2025-12-29', to: '2025-12-30' });
    // each day meets its counterpart two days before
    expect(d.body.rows).toEqual([
      { day: '2025-12-31', gmv: 650, gmv_prev: 20, gmv_change: (650 - 20) / 20 },
      { day: '2026-01-01', gmv: 80, gmv_prev: null, gmv_change: null },
    ]);
  });

  it('a comparison period partly before the data leaves _prev and _change empty with a note; a bucket whose own is covered keeps them', async () => {
    // The data begin 2025-06-01 (orders 300 on 06-02, 900 on 11-11, 80 on 2026-01-01). 213 days
    // from 06-03 compare with the 213 days before: 2024-11-02 to 2025-06-02, mostly before the data.
    const { body } = await get('/api/metrics?measures=gmv&grain=day&from=2025-06-03&to=2026-01-01&compare=previous_period&lang=en');
    expect(body.comparison).toEqual({ kind: 'previous_period', from: '2024-11-02', to: '2025-06-02', covered: false });
    expect(body.totals).toMatchObject({ gmv: 900 + 60 + 20 + 650 + 80, gmv_prev: null, gmv_change: null });
    expect(body.notes).toContainEqual({ measure: '*', message: expect.stringContaining('is not wholly in the data (2025-06-01 to 2026-01-05)') });
    const byDay = Object.fromEntries(body.rows.map((r: any) => [r.day, r]));
    // 11-11 meets 2025-04-12, before the data: empty, not a change against nothing.
    expect(byDay['2025-11-11']).toEqual({ day: '2025-11-11', gmv: 900, gmv_prev: null, gmv_change: null });
    // 2026-01-01 meets 2025-06-02, inside the data: its own comparison stands.
    expect(byDay['2026-01-01']).toEqual({ day: '2026-01-01', gmv: 80, gmv_prev: 300, gmv_change: (80 - 300) / 300 });
    // The same window with a covered comparison has no such note.
    const ok = await get('/api/metrics?measures=gmv&from=2025-12-29&to=2026-01-01&compare=previous_period&lang=en');
    expect(ok.body.comparison.covered).toBe(true);
    expect(ok.body.notes).toEqual([]);
  });

  it('judges a belt\'s comparison by the belt\'s own days: from the month of its first sale or session', async () => {
    // Jingdezhen's data begin 2025-06-01, Haining's in November 2025 (its first order, 11-11). The
    // 107 days from 2025-09-17 compare with 2025-06-02 to 09-16: inside the data and Jingdezhen's, not Haining's.
    const url = '/api/metrics?measures=gmv&from=2025-09-17&to=2026-01-01&compare=previous_period&lang=en';
    const [{ jd_prev }] = await db.query(`SELECT sum(amount)::DOUBLE AS jd_prev FROM orders WHERE belt_id = 'jingdezhen-ceramics'
      AND paid_at >= TIMESTAMPTZ '2025-06-02 00:00:00+08' AND paid_at < TIMESTAMPTZ '2025-09-17 00:00:00+08'`);
    expect(jd_prev).toBe(300);
    const byBelt = (await get(`${url}&by=belt`)).body;
    expect(byBelt.comparison.covered).toBe(true);
    const row = (b: string) => byBelt.rows.find((r: any) => r.belt === b);
    expect(row('haining-leather')).toEqual({ belt: 'haining-leather', gmv: 900, gmv_prev: null, gmv_change: null });
    expect(row('jingdezhen-ceramics').gmv_prev).toBe(jd_prev);
    expect(byBelt.notes).toContainEqual({ measure: '*', message: expect.stringMatching(/^For some belts the comparison period is not wholly in the belt's own data/) });
    // The totals of a Haining filter: its days, so empty; of a Jingdezhen filter: covered.
    const hn = (await get(`${url}&belt=haining-leather`)).body;
    expect(hn.comparison.covered).toBe(false);
    expect(hn.totals).toEqual({ gmv: 900, gmv_prev: null, gmv_change: null });
    expect(hn.notes).toContainEqual({ measure: '*', message: expect.stringContaining('is not wholly in the data of the belts filtered (2025-11-01 to 2026-01-05)') });
    const jd = (await get(`${url}&belt=jingdezhen-ceramics`)).body;
    expect(jd.comparison.covered).toBe(true);
    expect(jd.totals.gmv_prev).toBe(jd_prev);
    // All belts together: the data's days, as before.
    expect((await get(url)).body.comparison.covered).toBe(true);
  });

  it('empty windows answer with no rows', async () => {
    const { body } = await get('/api/metrics?measures=gmv,gpm&by=belt&grain=month&from=2020-01-01&to=2020-12-31');
    expect(body.rows).toEqual([]);
    expect(body.truncated).toBe(false);
  });
});

describe('formats', () => {
  it('CSV has a BOM, a reproducible comment line and headers in the chosen language', async () => {
    const r = await app.request('/api/metrics?measures=gmv,gpm&by=belt&format=csv&lang=zh');
    expect(r.headers.get('content-type')).toMatch(/text\/csv/);
    const bytes = new Uint8Array(await r.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder().decode(bytes);
    const lines = text.trim().split('\r\n'); // the decoder drops the BOM
    expect(lines[0]).toMatch(/^# beltscope dataVersion=\d+ query=\/api\/metrics\?measures=gmv%2Cgpm&by=belt&format=csv&lang=zh$/);
    // The query as written (no comma a spreadsheet would split at) asks the API the same question.
    const again = await app.request(lines[0].split(' query=')[1]);
    expect(new TextDecoder().decode(new Uint8Array(await again.arrayBuffer()))).toBe(text);
    // What each measure is in, from the catalog, before the header.
    expect(lines[1]).toBe('# 单位: 成交金额 元; 千次观看成交金额 元');
    expect(lines[2]).toBe('产业带ID,产业带,成交金额,千次观看成交金额');
    const jd = lines.find((l) => l.startsWith('jingdezhen-ceramics,'))!.split(',');
    expect(jd[1]).toBe('景德镇陶瓷');
    expect(Number(jd[2])).toBe(1110);
    expect(Number(jd[3])).toBe(Number(((950 / 15000) * 1000).toFixed(2)));
    const en = await (await app.request('/api/metrics?measures=gmv&by=belt&format=csv&lang=en')).text();
    expect(en.split('\r\n').slice(1, 3)).toEqual(['# units: GMV CNY', 'Belt ID,Belt,GMV']);
    // With a comparison: which period the previous values are of, and how a change is computed.
    const cmp = (await (await app.request('/api/metrics?measures=gmv,conversion&compare=previous_year&from=2026-03-01&to=2026-03-31&format=csv&lang=en')).text()).split('\r\n');
    expect(cmp.slice(1, 3)).toEqual([
      '# units: GMV CNY; View-to-buy rate ratio (0.25 = 25 %); changes are ratios (0.1 = +10 %)',
      expect.stringMatching(/^# comparison: previous year 2025-03-01 to 2025-03-31; change = \(value − previous\) \/ previous/),
    ]);
    // Time buckets the window or the data cut are named: Wednesday 2025-12-31 starts inside the week
    // of Monday 12-29 (5 of its 7 days); the data end on Monday 2026-01-05 (1 of 7). A whole month is not listed.
    const weeks = (await (await app.request('/api/metrics?measures=gmv&grain=week&from=2025-12-31&to=2026-01-11&format=csv&lang=en')).text()).split('\r\n');
    const partial = weeks.filter((l) => l.startsWith('# partial periods'));
    expect(partial).toEqual(['# partial periods (only their days inside the window and the data: a lower sum is not a decline): 2025-12-29 (5 of 7 days); 2026-01-05 (1 of 7 days)']);
    const zh = await (await app.request('/api/metrics?measures=gmv&grain=month&from=2025-12-01&to=2025-12-31&format=csv')).text();
    expect(zh).toContain('2025-12-01,');
    expect(zh).not.toContain('不完整的时段');
    const quarter = await (await app.request('/api/metrics?measures=gmv&grain=quarter&from=2025-11-01&to=2025-12-31&format=csv')).text();
    expect(quarter).toContain('# 不完整的时段（只含所选时间内、数据覆盖的天数；总和偏低不代表下滑）：2025-10-01（61/92 天）');
  });

  it('Arrow reads back with apache-arrow to the same numbers as JSON', async () => {
    const url = '/api/metrics?measures=gmv,buyers,gpm&by=belt,platform&grain=month';
    const json = (await get(url)).body;
    const r = await app.request(`${url}&format=arrow`);
    expect(r.headers.get('content-type')).toBe('application/vnd.apache.arrow.stream');
    // Saved under a name that says what it is, as the CSV and XLSX are.
    expect(r.headers.get('content-disposition')).toMatch(/^attachment; filename="beltscope-gmv\+buyers\+gpm-by-belt\+platform-month-v\d+\.arrows"$/);
    const table = tableFromIPC(new Uint8Array(await r.arrayBuffer()));
    const rows = table.toArray().map((row: any) => row.toJSON());
    expect(rows).toEqual(json.rows.map((x: any) => ({ ...x })));
  });
});
