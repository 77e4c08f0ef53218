import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIMENSIONS } from '../../catalog/dimensions.ts';
import { createApp } from '../../server/api/app.ts';
import { SCOPED_VALUES, VOCABULARIES } from '../../server/api/scopeSql.ts';
import { OPEN_SCOPE, type Scope } from '../../server/query/scope.ts';
import { Database } from '../../db/database.ts';
import { generateDemo } from '../../pipelines/demo/generate.ts';
import { openFixedDatabase } from '../fixtures/fixed.ts';
import { requester } from '../fixtures/request.ts';

// Expected values come from SQL written here over the raw tables (contains() and lower(),
// not the route's ILIKE patterns), or from the fixture's hand-written rows.

let db: Database;
let app: ReturnType<typeof createApp>['app'];
let narrow: ReturnType<typeof createApp>['app'];
const get = requester(() => app);
const getNarrow = requester(() => narrow);
const ids = (body: any) => body.values.map((v: any) => v.id);
const NARROW: Scope = { rows: { belt: ['haining-leather'] }, merchantNames: false, minCohort: 0 };

beforeAll(async () => {
  db = await openFixedDatabase();
  app = createApp({ db }).app;
  narrow = createApp({ db, scope: () => NARROW }).app;
});
afterAll(async () => db.close());

describe('/api/values on the fixed dataset', () => {
  it('lists a dimension\'s values with labels, ordered by label in the language asked for', async () => {
    const { status, body } = await get('/api/values?dimension=merchant');
    expect(status).toBe(200);
    const expected = await db.query(`SELECT merchant_id AS id, name FROM merchants ORDER BY name, merchant_id`);
    expect(body.values).toEqual(expected.map((r) => ({ id: r.id, label: { zh: r.name, en: r.name } })));
    const en = (await get('/api/values?dimension=belt&lang=en')).body;
    const belts = await db.query(`SELECT belt_id FROM belts ORDER BY name_en, belt_id`);
    expect(ids(en)).toEqual(belts.map((r) => r.belt_id));
  });

  it('finds by any part of the Chinese or English name, or of the id, case-insensitively', async () => {
    expect((await get(`/api/values?dimension=merchant&q=${encodeURIComponent('瓷')}`)).body.values)
      .toEqual([{ id: 'm2', label: { zh: '瓷都工厂', en: '瓷都工厂' } }]);
    expect(ids((await get('/api/values?dimension=belt&q=CERAMICS')).body)).toEqual(['jingdezhen-ceramics']);
    expect(ids((await get(`/api/values?dimension=belt&q=${encodeURIComponent('海宁')}`)).body)).toEqual(['haining-leather']);
    expect(ids((await get('/api/values?dimension=base&q=TAOXI')).body)).toEqual(['b1']);
    expect(ids((await get('/api/values?dimension=merchant&q=M3')).body)).toEqual(['m3']);
    // Dimensions listed in /api/meta are searchable too.
    expect(ids((await get('/api/values?dimension=platform&q=kuai')).body)).toEqual(['kuaishou']);
  });

  it('ids= returns exactly those ids (unknown ones are left out); ids= with nothing matches nothing', async () => {
    expect(ids((await get('/api/values?dimension=merchant&ids=m3,m1,nope')).body).sort()).toEqual(['m1', 'm3']);
    expect(ids((await get('/api/values?dimension=merchant&ids=')).body)).toEqual([]);
    expect(ids((await get('/api/values?dimension=merchant&ids=m1,m2&q=m2')).body)).toEqual(['m2']);
  });

  it('limit keeps the first values; default 20, at most 200', async () => {
    const all = ids((await get('/api/values?dimension=ship_province')).body);
    const total = await db.query(`SELECT count(*)::INT AS n FROM provinces`);
    expect(all).toHaveLength(Math.min(20, total[0].n as number));
    expect(ids((await get('/api/values?dimension=ship_province&limit=2')).body)).toEqual(all.slice(0, 2));
    expect(ids((await get('/api/values?dimension=ship_province&limit=200')).body)).toHaveLength(total[0].n as number);
  });
});

describe('ordering and patterns', () => {
  let other: Database;
  let otherApp: ReturnType<typeof createApp>['app'];
  const getOther = requester(() => otherApp);
  beforeAll(async () => {
    other = await openFixedDatabase();
    // Both names sort before 青花坊 (m1's), and both ids contain 'm1'.
    await other.write(async (con) => {
      await con.run(`INSERT INTO merchants (merchant_id, belt_id, name, kind, size_class, home_venue, dataset_id) VALUES
        ('m10', 'jingdezhen-ceramics', '阿m1工作室', 'craftsman', 'micro', 'workshop', 1),
        ('m11', 'jingdezhen-ceramics', '五折50%_off', 'trader', 'micro', 'store', 1)`);
    });
    otherApp = createApp({ db: other }).app;
  });
  afterAll(async () => other.close());

  it('an exact id match comes first, then by label', async () => {
    const byLabel = await other.query(`SELECT merchant_id FROM merchants WHERE merchant_id IN ('m10', 'm11') ORDER BY name`);
    const rest = byLabel.map((r) => r.merchant_id);
    expect(rest).toEqual(['m11', 'm10']);
    expect(ids((await getOther('/api/values?dimension=merchant&q=m1')).body)).toEqual(['m1', ...rest]);
    expect(ids((await getOther('/api/values?dimension=merchant&q=M1')).body)).toEqual(['m1', ...rest]);
    expect(ids((await getOther('/api/values?dimension=merchant&q=m10')).body)).toEqual(['m10']);
  });

  it('% and _ match themselves', async () => {
    expect(ids((await getOther('/api/values?dimension=merchant&q=%25_')).body)).toEqual(['m11']);
    expect(ids((await getOther('/api/values?dimension=merchant&q=%25')).body)).toEqual(['m11']);
    expect(ids((await getOther('/api/values?dimension=merchant&q=_')).body)).toEqual(['m11']);
    expect(ids((await get('/api/values?dimension=merchant&q=%25%25')).body)).toEqual([]);
    expect(ids((await get('/api/values?dimension=merchant&q=m_')).body)).toEqual([]);
  });

  it('a committed load is seen at once (the cache follows the data version)', async () => {
    expect(ids((await getOther('/api/values?dimension=merchant&q=new')).body)).toEqual([]);
    await other.write(async (con) => {
      await con.run(`INSERT INTO merchants (merchant_id, belt_id, name, kind, size_class, home_venue, dataset_id) VALUES
        ('m12', 'haining-leather', 'New shop', 'brand', 'small', 'studio', 1)`);
    });
    expect(ids((await getOther('/api/values?dimension=merchant&q=new')).body)).toEqual(['m12']);
  });
});

describe('validation', () => {
  it.each([
    ['', 'dimension', /dimension/, 'merchant'],
    ['dimension=nope', 'dimension', /must name a dimension with values/, 'belt'],
    ['dimension=gmv', 'dimension', /must name a dimension/, 'merchant'],
    ['dimension=merchant&limit=0', 'limit', /from 1 to 200/, undefined],
    ['dimension=merchant&limit=201', 'limit', /from 1 to 200/, undefined],
    ['dimension=merchant&limit=abc', 'limit', /whole number/, undefined],
    ['dimension=merchant&q=' + 'x'.repeat(201), 'q', /200 characters/, undefined],
    ['dimension=merchant&ids=' + Array.from({ length: 201 }, (_, i) => `m${i}`).join(','), 'ids', /At most 200 ids/, undefined],
    ['dimension=merchant&lang=fr', 'lang', /zh 或 en/, 'en'],
    ['dimension=merchant&belt=x', 'belt', /Unknown parameter "belt"/, 'dimension'],
    ['dimension=merchant&q=a&q=b', 'q', /given 2 times/, undefined],
  ])('%s → 400 on %s', async (qs, param, message, allowedOne) => {
    // An invalid lang cannot pick the language: that error is in Chinese.
    const { status, body } = await get(`/api/values?${qs}${qs.includes('lang=') ? '' : '&lang=en'}`);
    expect(status).toBe(400);
    expect(body.error.code).toBe('invalid_param');
    expect(body.error.param).toBe(param);
    expect(body.error.message).toMatch(message);
    if (allowedOne) expect(body.error.allowed).toContain(allowedOne);
  });

  it('speaks Chinese by default', async () => {
    const { body } = await get('/api/values?dimension=nope');
    expect(body.error.message).toMatch(/^参数 "dimension" 必须是可查询取值的维度/);
  });
});

describe('injection attempts never reach SQL', () => {
  const snapshot = async () => JSON.stringify(await db.query(`SELECT
    (SELECT count(*) FROM merchants)::INT AS m, (SELECT count(*) FROM belts)::INT AS b,
    (SELECT string_agg(table_name, ',' ORDER BY table_name) FROM duckdb_tables()) AS names`));
  const attacks = [
    `'; DROP TABLE merchants; --`, `" OR 1=1 --`, `x') UNION SELECT name, name, name FROM merchants --`, `%' OR '1'='1`,
    `\\`, `$1`, `?`, `\u0000`, `景德镇'陶瓷`, `${'9'.repeat(150)}`,
  ];

  it.each(attacks)('in q and ids: %j → 200 with no match, database unchanged', async (attack) => {
    const before = await snapshot();
    for (const p of ['q', 'ids']) {
      const { status, body } = await get(`/api/values?dimension=merchant&${p}=${encodeURIComponent(attack)}`);
      expect(status).toBe(200);
      expect(body.values).toEqual([]);
    }
    expect(await snapshot()).toBe(before);
  });

  it.each(attacks)('in dimension: %j → 400', async (attack) => {
    const { status, body } = await get(`/api/values?dimension=${encodeURIComponent(attack)}`);
    expect(status).toBe(400);
    expect(body.error.param).toBe('dimension');
  });
});

describe('scope', () => {
  it('classifies every searchable dimension: narrowed to the scope, or a shared vocabulary', () => {
    const searchable = DIMENSIONS.filter((d) => d.searchSql ?? d.valuesSql).map((d) => d.id);
    const unclassified = searchable.filter((d) => !SCOPED_VALUES[d] && !VOCABULARIES.includes(d));
    expect(unclassified).toEqual([]);
  });

  it('a narrow scope lists only its belt\'s places and entities; vocabularies stay whole', async () => {
    const list = async (dim: string) => ids((await getNarrow(`/api/values?dimension=${dim}&limit=200`)).body).sort();
    expect(await list('belt')).toEqual(['haining-leather']);
    const [b] = await db.query(`SELECT region_code, left(region_code, 2) || '0000' AS province FROM belts WHERE belt_id = 'haining-leather'`);
    expect(await list('region')).toEqual([b.region_code]);
    expect(await list('province')).toEqual([b.province]);
    expect(await list('merchant')).toEqual(['m3']);
    expect(await list('base')).toEqual(['b2']);
    expect(await list('hub')).toEqual(['h2']);
    const platforms = await db.query(`SELECT platform_id FROM platforms ORDER BY platform_id`);
    expect(await list('platform')).toEqual(platforms.map((r) => r.platform_id));
  });

  it('without merchant names, merchants get a numbered label and a search never matches their name', async () => {
    expect((await getNarrow('/api/values?dimension=merchant')).body.values).toEqual([{ id: 'm3', label: { zh: '商家 #1', en: 'Merchant #1' } }]);
    expect(ids((await getNarrow(`/api/values?dimension=merchant&q=${encodeURIComponent('皮城')}`)).body)).toEqual([]);
    expect(JSON.stringify((await getNarrow('/api/values?dimension=merchant&ids=m3')).body)).not.toContain('皮城');
    expect(ids((await getNarrow('/api/values?dimension=merchant&q=Merchant%20%231')).body)).toEqual(['m3']);
  });

  it('parameters cannot widen it: ids and q outside the scope find nothing', async () => {
    expect(ids((await getNarrow('/api/values?dimension=merchant&ids=m1,m2,m3')).body)).toEqual(['m3']);
    expect(ids((await getNarrow('/api/values?dimension=belt&q=jingdezhen')).body)).toEqual([]);
    expect(ids((await getNarrow('/api/values?dimension=base&ids=b1')).body)).toEqual([]);
    expect((await getNarrow('/api/values?dimension=merchant&belt=jingdezhen-ceramics')).status).toBe(400);
  });

  it('a merchant or region scope narrows belts and merchants alike; an empty list shows nothing', async () => {
    const byMerchant = createApp({ db, scope: () => ({ rows: { merchant: ['m1'] }, merchantNames: true, minCohort: 0 }) }).app;
    const m = requester(() => byMerchant);
    expect(ids((await m('/api/values?dimension=merchant')).body)).toEqual(['m1']);
    expect(ids((await m('/api/values?dimension=belt')).body)).toEqual(['jingdezhen-ceramics']);
    const byRegion = createApp({ db, scope: () => ({ rows: { region: ['360200'] }, merchantNames: true, minCohort: 0 }) }).app;
    const r = requester(() => byRegion);
    expect(ids((await r('/api/values?dimension=merchant')).body).sort()).toEqual(['m1', 'm2']);
    const none = createApp({ db, scope: () => ({ rows: { belt: [] }, merchantNames: true, minCohort: 0 }) }).app;
    expect(ids((await requester(() => none)('/api/values?dimension=belt')).body)).toEqual([]);
  });

  it('two scopes on one app never share a cached answer', async () => {
    const mixed = createApp({ db, scope: (req) => (req.headers.get('x-test-scope') === 'narrow' ? NARROW : OPEN_SCOPE) }).app;
    const ask = async (scope: string) => (await (await mixed.request('/api/values?dimension=merchant', { headers: { 'x-test-scope': scope } })).json() as any);
    expect(ids(await ask('open'))).toHaveLength(3);
    expect(ids(await ask('narrow'))).toEqual(['m3']);
    expect(ids(await ask('open'))).toHaveLength(3);
  });

  it('/api/meta lists only the scope\'s belts, regions, bases and hubs', async () => {
    const meta = (await getNarrow('/api/meta')).body;
    expect(meta.values.belt.map((v: any) => v.id)).toEqual(['haining-leather']);
    expect(meta.values.region.map((v: any) => v.id)).toEqual(['330481']);
    expect(meta.values.base.map((v: any) => v.id)).toEqual(['b2']);
    expect(meta.values.hub.map((v: any) => v.id)).toEqual(['h2']);
    const open = (await get('/api/meta')).body;
    expect(meta.values.platform).toEqual(open.values.platform);
    expect(open.values.belt).toHaveLength(6);
  });
});

describe('on a 20k-line demo', () => {
  let demo: Database;
  let demoApp: ReturnType<typeof createApp>['app'];
  const getDemo = requester(() => demoApp);
  beforeAll(async () => {
    demo = await Database.open(':memory:', { readers: 2 });
    await demo.write((con) => generateDemo(con, { orders: 20_000, seed: 7 }));
    demoApp = createApp({ db: demo }).app;
  });
  afterAll(async () => demo.close());

  it('a substring search matches independent SQL, in order, with the limit', async () => {
    const [{ name }] = await demo.query(`SELECT name FROM merchants ORDER BY merchant_id LIMIT 1 OFFSET 7`);
    for (const q of [String(name).slice(1, 3), 'm-', 'JDZ', '0']) {
      const expected = await demo.query(`SELECT merchant_id FROM merchants
        WHERE contains(lower(merchant_id), lower($q)) OR contains(lower(name), lower($q))
        ORDER BY lower(merchant_id) = lower($q) DESC, name, merchant_id LIMIT 200`, { q });
      const { body } = await getDemo(`/api/values?dimension=merchant&limit=200&q=${encodeURIComponent(q)}`);
      expect(ids(body), q).toEqual(expected.map((r) => r.merchant_id));
      const first20 = (await getDemo(`/api/values?dimension=merchant&q=${encodeURIComponent(q)}`)).body;
      expect(ids(first20)).toEqual(ids(body).slice(0, 20));
    }
  });

  it('ids label leaderboard rows whatever their number', async () => {
    const top = await demo.query(`SELECT merchant_id, name FROM merchants ORDER BY merchant_id DESC LIMIT 150`);
    const { body } = await getDemo(`/api/values?dimension=merchant&ids=${top.map((r) => r.merchant_id).join(',')}`);
    expect(body.values).toHaveLength(150);
    const byId = new Map(body.values.map((v: any) => [v.id, v.label.zh]));
    for (const r of top) expect(byId.get(r.merchant_id)).toBe(r.name);
  });

  it('a belt scope without names: only its merchants, numbered 1…n by id', async () => {
    const scoped = createApp({ db: demo, scope: () => ({ rows: { belt: ['yixing-zisha'] }, merchantNames: false, minCohort: 0 }) }).app;
    const { body } = await requester(() => scoped)('/api/values?dimension=merchant&limit=200');
    const expected = await demo.query(`SELECT merchant_id FROM merchants WHERE belt_id = 'yixing-zisha' ORDER BY merchant_id LIMIT 200`);
    expect(ids(body)).toEqual(expected.map((r) => r.merchant_id));
    expect(body.values.map((v: any) => v.label.en)).toEqual(expected.map((_, i) => `Merchant #${i + 1}`));
  });
});
