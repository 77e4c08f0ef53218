import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../server/api/app.ts';
import type { Database } from '../../db/database.ts';
import { openFixedDatabase } from '../fixtures/fixed.ts';
import { requester } from '../fixtures/request.ts';

let db: Database;
let app: ReturnType<typeof createApp>['app'];
const get = requester(() => app);

beforeAll(async () => {
  db = await openFixedDatabase();
  app = createApp({ db }).app;
});
afterAll(async () => db.close());

describe('validation errors name the parameter and the allowed values', () => {
  it.each([
    ['measures=nope', 'measures', /Unknown measure "nope"/, 'gmv'],
    ['measures=', 'measures', /at least one measure/, 'gmv'],
    ['by=belt', 'measures', /"measures" is required/, undefined],
    ['measures=gmv&by=nope', 'by', /Unknown dimension "nope"/, 'belt'],
    ['measures=gmv&by=month', 'by', /time grain: pass it as grain=month/, 'belt'],
    ['measures=gmv&by=belt,platform,category,merchant', 'by', /At most 3 dimensions/, undefined],
    ['measures=gpm&by=hub', 'by', /cannot split gpm/, undefined],
    ['measures=gmv&grain=hour', 'grain', /grain/, 'month'],
    ['measures=gmv&from=2025-13-01', 'from', /YYYY-MM-DD/, undefined],
    ['measures=gmv&to=yesterday', 'to', /YYYY-MM-DD/, undefined],
    ['measures=gmv&from=2025-06-01&to=2025-01-01', 'from', /is after to/, undefined],
    ['measures=gmv&limit=0', 'limit', /limit/, undefined],
    ['measures=gmv&limit=10001', 'limit', /limit/, undefined],
    ['measures=gmv&limit=abc', 'limit', /whole number/, undefined],
    ['measures=gmv&limit=99999999999999999999', 'limit', /whole number/, undefined],
    ['measures=gmv&sort=-gpm', 'sort', /Cannot sort by "gpm"/, 'gmv'],
    ['measures=gmv&compare=last_week', 'compare', /compare/, 'previous_year'],
    ['measures=gmv&format=xml', 'format', /format/, 'arrow'],
    ['measures=gmv&color=red', 'color', /Unknown parameter "color"/, 'measures'],
    // A mistyped id of a listed dimension is named, not answered with an empty 200 that reads as zero.
    ['measures=gmv&belt=jingdezhen-ceramics,jingdezhen', 'belt', /Unknown belt "jingdezhen": GET \/api\/meta lists/, 'jingdezhen-ceramics'],
    ['measures=gmv&platform=tiktok', 'platform', /Unknown platform "tiktok"/, 'douyin'],
  ])('%s → 400 on %s', async (qs, param, message, allowedOne) => {
    const { status, body } = await get(`/api/metrics?${qs}&lang=en`);
    expect(status).toBe(400);
    expect(body.error.code).toBe('invalid_param');
    expect(body.error.param).toBe(param);
    expect(body.error.message).toMatch(message);
    if (allowedOne) expect(body.error.allowed).toContain(allowedOne);
  });

  it('speaks Chinese by default', async () => {
    const { body } = await get('/api/metrics?measures=nope');
    expect(body.error.message).toBe('未知指标 "nope"。');
  });

  it('unknown API paths are JSON 404s', async () => {
    const { status, body } = await get('/api/nothing-here');
    expect(status).toBe(404);
    expect(body.error.code).toBe('not_found');
  });
});

describe('injection attempts never reach SQL', () => {
  const snapshot = async () => JSON.stringify(await db.query(`SELECT
    (SELECT count(*) FROM orders)::INT AS o, (SELECT count(*) FROM live_sessions)::INT AS s,
    (SELECT count(*) FROM duckdb_tables())::INT AS t, (SELECT string_agg(table_name, ',' ORDER BY table_name) FROM duckdb_tables()) AS names`));
  const attacks = [
    `'; DROP TABLE orders; --`, `" OR 1=1 --`, `x') UNION SELECT * FROM merchants --`, `/* */ gmv`,
    `gmv; DELETE FROM orders`, `\u0000`, `景德镇'陶瓷`, `%27%3B`, `${'9'.repeat(400)}`, `１２３`, `$1`, `?`, `\\`,
  ];

  it.each(attacks)('in filter values: %j → an unknown belt (400), an unknown merchant (empty data), database unchanged', async (attack) => {
    const before = await snapshot();
    const belt = await get(`/api/metrics?measures=gmv,gpm&by=belt&belt=${encodeURIComponent(attack)}`);
    expect([belt.status, belt.body.error?.param]).toEqual([400, 'belt']);
    // Merchants are not listed: whether an id exists is not every caller's to know.
    const { status, body } = await get(`/api/metrics?measures=gmv,gpm&by=belt&merchant=${encodeURIComponent(attack)}`);
    expect(status).toBe(200);
    expect(body.rows).toEqual([]);
    expect(await snapshot()).toBe(before);
  });

  it.each(['measures', 'by', 'grain', 'from', 'to', 'sort', 'limit', 'compare', 'format', 'lang'])(
    'in %s → 400, database unchanged', async (param) => {
      const before = await snapshot();
      for (const attack of attacks) {
        const base = param === 'measures' ? '' : 'measures=gmv&';
        const { status } = await get(`/api/metrics?${base}${param}=${encodeURIComponent(attack)}`);
        expect(status).toBe(400);
      }
      expect(await snapshot()).toBe(before);
    });

  it('in a parameter name → 400', async () => {
    const { status, body } = await get(`/api/metrics?measures=gmv&${encodeURIComponent("belt'--")}=x`);
    expect(status).toBe(400);
    expect(body.error.param).toBe("belt'--");
  });
});

describe('OpenAPI', () => {
  it('documents every parameter the validator accepts', async () => {
    const { body } = await get('/api/openapi.json');
    const params = body.paths['/api/metrics'].get.parameters.map((p: any) => p.name);
    expect(params).toEqual(expect.arrayContaining(['measures', 'by', 'grain', 'from', 'to', 'sort', 'limit', 'compare', 'format', 'lang', 'belt', 'ship_province']));
    const grain = body.paths['/api/metrics'].get.parameters.find((p: any) => p.name === 'grain');
    expect(grain.schema.enum).toEqual(['day', 'week', 'month', 'quarter', 'year']);
    expect(body.paths['/api/metrics'].get.parameters.find((p: any) => p.name === 'measures').required).toBe(true);
  });
});
