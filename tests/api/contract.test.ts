import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { createApp } from '../../server/api/app.ts';
import {
  compareResponse, errorBody, healthResponse, hubsResponse, metaResponse, metricsResponse, sessionDetailResponse, sessionsResponse, valuesResponse,
} from '../../server/api/schemas/index.ts';
import { compareParams } from '../../server/api/compare/params.ts';
import { benchmarkParams } from '../../server/api/benchmark/params.ts';
import { benchmarkResponse } from '../../server/api/schemas/benchmark.ts';
import { COMPARE_KINDS } from '../../server/api/schemas/metrics.ts';
import { datasetsResponse, quarantineResponse } from '../../server/api/schemas/datasets.ts';
import { baseDetailResponse, basesResponse } from '../../server/api/schemas/bases.ts';
import { baseDetailParams, basesParams } from '../../server/api/bases/params.ts';
import { sessionDetailParams, sessionsParams } from '../../server/api/sessions/params.ts';
import { valuesParams } from '../../server/api/values/params.ts';
import { exportParams } from '../../server/api/export/params.ts';
import { hubsParams } from '../../server/api/hubs/params.ts';
import { COMPARES as PLANNER_COMPARES, metricsParams } from '../../server/query/params.ts';
import type { Scope } from '../../server/query/scope.ts';
import { Database } from '../../db/database.ts';
import { openFixedDatabase } from '../fixtures/fixed.ts';

// One contract: every route's body parses with the zod schema the OpenAPI document and the
// web app's types are generated from; strict schemas, so an undocumented field fails too.

type App = ReturnType<typeof createApp>['app'];
let db: Database;
let empty: Database;
let app: App;
let narrowApp: App;
let emptyApp: App;
const NARROW: Scope = { rows: { belt: ['haining-leather'] }, merchantNames: false, minCohort: 2 };

beforeAll(async () => {
  db = await openFixedDatabase();
  empty = await Database.open(':memory:', { readers: 2 });
  app = createApp({ db }).app;
  narrowApp = createApp({ db, scope: () => NARROW }).app;
  emptyApp = createApp({ db: empty }).app;
});
afterAll(async () => { await db.close(); await empty.close(); });

/** Sample requests of every route the app serves (GET, under /api), by its path pattern. */
const SAMPLES: Record<string, { schema: z.ZodType; urls: string[] }> = {
  '/api/health': { schema: healthResponse, urls: ['/api/health'] },
  '/api/meta': { schema: metaResponse, urls: ['/api/meta'] },
  '/api/metrics': {
    schema: metricsResponse,
    urls: [
      '/api/metrics?measures=gmv,orders,buyers,aov',
      '/api/metrics?measures=gmv,gpm&by=belt,platform&grain=month&compare=previous_year',
      '/api/metrics?measures=gmv,gpm&by=belt&hub=h1&sort=-gmv&limit=1',
      '/api/metrics?measures=hhi,cr4,quantity,batches,listings&by=belt',
      '/api/metrics?measures=qc_pass_rate,ship_hours_p50,certified_share,reported_gmv,training_events&by=belt',
      '/api/metrics?measures=gmv,live_share&grain=month&from=2026-01-01&to=2026-01-31&compare=previous_year_lunar',
    ],
  },
  '/api/values': {
    schema: valuesResponse,
    urls: ['/api/values?dimension=merchant', '/api/values?dimension=belt&q=c&lang=en', '/api/values?dimension=base&ids=b2,b1'],
  },
  '/api/sessions': { schema: sessionsResponse, urls: ['/api/sessions', '/api/sessions?belt=jingdezhen-ceramics&sort=gpm&limit=1&offset=1'] },
  '/api/sessions/:platform/:id': { schema: sessionDetailResponse, urls: ['/api/sessions/douyin/s1', '/api/sessions/douyin/s3'] },
  '/api/datasets': { schema: datasetsResponse, urls: ['/api/datasets'] },
  '/api/datasets/:id/quarantine': { schema: quarantineResponse, urls: ['/api/datasets/1/quarantine'] },
  '/api/hubs': { schema: hubsResponse, urls: ['/api/hubs', '/api/hubs?belt=jingdezhen-ceramics&from=2025-12-01&to=2026-01-31'] },
  '/api/compare': {
    schema: compareResponse,
    urls: ['/api/compare', '/api/compare?from=2025-12-01&to=2026-01-31&compare=previous_year_lunar&platform=douyin', '/api/compare?belt=haining-leather&category=leather'],
  },
  // m1 is outside the narrow scope (Haining): a 404 there, skipped below like a session outside it.
  '/api/benchmark': { schema: benchmarkResponse, urls: ['/api/benchmark?merchant=m3', '/api/benchmark?merchant=m1&from=2025-12-01&lang=en'] },
  '/api/bases': { schema: basesResponse, urls: ['/api/bases', '/api/bases?belt=haining-leather&from=2025-01-01&to=2026-01-31&profile=shenzhen-2023'] },
  '/api/bases/:id': { schema: baseDetailResponse, urls: ['/api/bases/b1', '/api/bases/b2?profile=demo&from=2025-12-01'] },
  '/api/openapi.json': { schema: { parse: (x: unknown) => x } as unknown as z.ZodType, urls: ['/api/openapi.json'] },
};

/** GET routes whose 200 is a file, not JSON, with its media type: their errors are JSON like every route's. */
const BINARY: Record<string, { type: string; urls: string[] }> = {
  '/api/export': { type: 'application/zip', urls: ['/api/export?belt=haining-leather&format=csv'] },
};

/** Every route under /api, whatever its method (POST /api/ingest, DELETE /api/datasets/:id too). */
const allRoutes = (a: App) => [...new Set(a.routes
  .filter((r) => r.method !== 'ALL' && r.path.startsWith('/api/') && !r.path.includes('*'))
  .map((r) => r.path))];

/** The GET routes the app serves JSON from under /api (not the catch-all 404, not the PDF report: tests/e2e/base-report.test.ts). */
const servedRoutes = (a: App) => [...new Set(a.routes
  .filter((r) => r.method === 'GET' && r.path.startsWith('/api/') && !r.path.includes('*') && !r.path.endsWith('.pdf'))
  .map((r) => r.path))];

const fetchJson = async (a: App, url: string) => {
  const r = await a.request(url);
  return { status: r.status, body: await r.json() as unknown };
};

describe('every route\'s body parses with its response schema', () => {
  it('has a sample request for every route the app serves', () => {
    expect(servedRoutes(app).sort()).toEqual([...Object.keys(SAMPLES), ...Object.keys(BINARY)].sort());
  });

  for (const [route, { type, urls }] of Object.entries(BINARY)) {
    it.each(urls)(`${route}: %s is ${type}`, async (url) => {
      for (const a of [app, narrowApp]) {
        const r = await a.request(url);
        expect(r.status).toBe(200);
        expect(r.headers.get('content-type')).toBe(type);
        expect((await r.arrayBuffer()).byteLength).toBeGreaterThan(0);
      }
    });
  }

  for (const [route, { schema, urls }] of Object.entries(SAMPLES)) {
    it.each(urls)(`${route}: %s`, async (url) => {
      for (const a of [app, narrowApp]) {
        const { status, body } = await fetchJson(a, url);
        if (a === narrowApp && status === 404) continue; // a session outside the narrow scope
        if (a === narrowApp && route.startsWith('/api/datasets')) { expect(status).toBe(403); errorBody.parse(body); continue; } // loads are the administrator's
        // a base whose window has fewer merchants than the narrow scope's cohort (2)
        if (a === narrowApp && route === '/api/bases/:id' && status === 403) { expect(errorBody.parse(body).error.code).toBe('scope_forbidden'); continue; }
        // a belt outside the narrow scope is unknown to it, as a typo would be
        if (a === narrowApp && status === 400 && /belt=jingdezhen-ceramics/.test(url)) { expect(errorBody.parse(body).error.param).toBe('belt'); continue; }
        expect(status).toBe(200);
        schema.parse(body);
      }
    });
  }

  it('an empty database: null date range, empty rows', async () => {
    const health = healthResponse.parse((await fetchJson(emptyApp, '/api/health')).body);
    expect(health.dataRange).toEqual({ from: null, to: null });
    const meta = metaResponse.parse((await fetchJson(emptyApp, '/api/meta')).body);
    expect(meta.dataRange).toEqual({ from: null, to: null });
    expect(sessionsResponse.parse((await fetchJson(emptyApp, '/api/sessions')).body)).toEqual({ rows: [], total: 0 });
    expect(valuesResponse.parse((await fetchJson(emptyApp, '/api/values?dimension=merchant')).body)).toEqual({ values: [] });
    metricsResponse.parse((await fetchJson(emptyApp, '/api/metrics?measures=gmv,gpm')).body);
    expect(compareResponse.parse((await fetchJson(emptyApp, '/api/compare')).body).belts).toEqual([]);
    expect(basesResponse.parse((await fetchJson(emptyApp, '/api/bases')).body).rows).toEqual([]);
  });

  it.each([
    ['/api/metrics?measures=nope', 400],
    ['/api/metrics?measures=gmv&by=merchant', 200],
    ['/api/values?dimension=nope', 400],
    ['/api/values?dimension=merchant&x=1', 400],
    ['/api/sessions?sort=nope', 400],
    ['/api/sessions?from=2026-02-01&to=2026-01-01', 400],
    ['/api/sessions/douyin/nope', 404],
    ['/api/sessions/douyin/s1?x=1', 400],
    ['/api/bases?profile=nope', 400],
    ['/api/bases?from=2026-02-01&to=2026-01-01', 400],
    ['/api/bases/nope', 404],
    ['/api/benchmark', 400],
    ['/api/benchmark?merchant=nope', 404],
    ['/api/nothing', 404],
  ])('errors have the error shape: %s', async (url, openStatus) => {
    const { status, body } = await fetchJson(app, url);
    expect(status).toBe(openStatus);
    if (status !== 200) errorBody.parse(body);
    // The narrow scope cannot list merchants one by one: a 403 of the same shape.
    const narrow = await fetchJson(narrowApp, url);
    expect(narrow.status).toBeGreaterThanOrEqual(400);
    errorBody.parse(narrow.body);
  });
});

describe('the OpenAPI document', () => {
  let doc: any;
  beforeAll(async () => { doc = (await fetchJson(app, '/api/openapi.json')).body; });

  it('is OpenAPI 3.1 and lists every route the app serves with a JSON 200 response schema', () => {
    expect(doc.openapi).toBe('3.1.0');
    for (const [route, { type }] of Object.entries(BINARY)) expect(doc.paths[route].get.responses[200].content[type], route).toBeDefined();
    for (const route of servedRoutes(app).filter((r) => !BINARY[r])) {
      const path = route.replace(/:(\w+)/g, '{$1}');
      const schema = doc.paths[path]?.get?.responses?.[200]?.content?.['application/json']?.schema;
      expect(schema, path).toBeDefined();
      if (schema.$ref) {
        const name = schema.$ref.replace('#/components/schemas/', '');
        expect(doc.components.schemas[name], schema.$ref).toMatchObject({ type: 'object' });
      }
    }
    expect(Object.keys(doc.paths).sort()).toEqual(allRoutes(app).map((r) => r.replace(/:(\w+)/g, '{$1}')).sort());
  });

  it('documents every parameter each validator accepts, and the path parameters', () => {
    const names = (path: string, where = 'query') => doc.paths[path].get.parameters.filter((p: any) => p.in === where).map((p: any) => p.name).sort();
    expect(names('/api/metrics')).toEqual(Object.keys(metricsParams.shape).sort());
    expect(names('/api/values')).toEqual(Object.keys(valuesParams.shape).sort());
    expect(names('/api/sessions')).toEqual(Object.keys(sessionsParams.shape).sort());
    expect(names('/api/compare')).toEqual(Object.keys(compareParams.shape).sort());
    expect(names('/api/benchmark')).toEqual(Object.keys(benchmarkParams.shape).sort());
    expect(names('/api/sessions/{platform}/{id}')).toEqual(Object.keys(sessionDetailParams.shape).sort());
    expect(names('/api/sessions/{platform}/{id}', 'path')).toEqual(['id', 'platform']);
    expect(names('/api/export')).toEqual(Object.keys(exportParams.shape).sort());
    expect(names('/api/hubs')).toEqual(Object.keys(hubsParams.shape).sort());
    expect(names('/api/bases')).toEqual(Object.keys(basesParams.shape).sort());
    expect(names('/api/bases/{id}')).toEqual(Object.keys(baseDetailParams.shape).sort());
    const sort = doc.paths['/api/sessions'].get.parameters.find((p: any) => p.name === 'sort');
    expect(sort.schema.enum).toContain('-gpm');
    expect(doc.paths['/api/values'].get.parameters.find((p: any) => p.name === 'dimension')).toMatchObject({ required: true });
  });

  it('says an empty database has a null date range, and that batches are the 3 days before the session', () => {
    const range = doc.components.schemas.Health.properties.dataRange.properties.from;
    expect(JSON.stringify(range)).toMatch(/"null"/);
    expect(doc.paths['/api/sessions/{platform}/{id}'].get.summary).toMatch(/3 days before/);
    expect(doc.components.schemas.SessionDetail.properties.batches.description).toMatch(/3 days/);
    for (const status of ['400', '404']) {
      expect(doc.paths['/api/sessions/{platform}/{id}'].get.responses[status].content['application/json'].schema.$ref).toBe('#/components/schemas/Error');
    }
  });
});

describe('comparisons', () => {
  it('the response schema names the same comparisons the planner offers', () => {
    expect([...COMPARE_KINDS]).toEqual([...PLANNER_COMPARES]);
  });
});
