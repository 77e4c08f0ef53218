import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serve } from '@hono/node-server';
import type { Server } from 'node:http';
import { request, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp } from '../../server/api/app.ts';
import type { IngestFn, IngestRequestOptions } from '../../server/api/ingest/form.ts';
import { refuseOversizedContinue } from '../../server/api/ingest/receive.ts';
import {
  datasetRemovedResponse, datasetsResponse, errorBody, healthResponse, ingestResponse,
  INGEST_KINDS, INGEST_PLATFORMS, INGEST_VENUES,
} from '../../server/api/schemas/index.ts';
import { PLATFORMS, TARGETS } from '../../pipelines/ingest/types.ts';
import { Database } from '../../db/database.ts';
import { generateDemo } from '../../pipelines/demo/generate.ts';
import { ingestFor } from '../../cli/serve.ts';
import { DOUYIN_HEAD, douyinLine, writeCsv } from '../pipeline/ingest-fixtures.ts';
import { quarantineResponse } from '../../server/api/schemas/datasets.ts';

// POST /api/ingest, GET and DELETE /api/datasets. The transport (multipart streaming, the cap,
// the origin rule, field validation, temporary files) runs against a recording stand-in for the
// engine; the loads, listing and removal against the real engine and sample exports.

const SAMPLES = new URL('../../data/samples/', import.meta.url).pathname;
const sample = (name: string) => join(SAMPLES, name);

type Served = { url: string; port: number; close: () => Promise<void> };
async function listen(app: { fetch: (r: Request, env?: unknown) => Response | Promise<Response> }, maxUploadMb = 512): Promise<Served> {
  const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s));
  });
  refuseOversizedContinue(server as Server, maxUploadMb); // as startServer does
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`, port,
    close: () => new Promise<void>((r) => { (server as Server).closeAllConnections(); server.close(() => r()); }),
  };
}

/**
 * A raw HTTP request, so a test controls Content-Length, chunking and every header. Its own
 * connection: after refusing a body the server drains it for a moment and then closes that
 * connection, so it must not go back to a keep-alive pool.
 */
function raw(port: number, path: string, headers: Record<string, string>, send: (write: (b: Buffer | string) => boolean) => Promise<void>, method = 'POST') {
  return new Promise<{ status: number; headers: IncomingHttpHeaders; body: any }>((resolve, reject) => {
    let answered = false;
    const req = request({ host: '127.0.0.1', port, path, method, headers, agent: false }, (res) => {
      answered = true;
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => { text += c; });
      res.on('end', () => { try { resolve({ status: res.statusCode!, headers: res.headers, body: JSON.parse(text) }); } catch (e) { reject(e); } });
    });
    req.on('error', (e) => { if (!answered) reject(e); });
    send((b) => (answered || req.destroyed ? false : req.write(b))).then(() => { if (!answered && !req.destroyed) req.end(); }, reject);
  });
}

const uploadDirs = () => readdirSync(tmpdir()).filter((n) => n.startsWith('beltscope-upload-'));

const form = (files: { name: string; data: string }[], fields: Record<string, string> = {}) => {
  const f = new FormData();
  for (const [k, v] of Object.entries(fields)) f.append(k, v);
  for (const x of files) f.append('file', new Blob([x.data]), x.name);
  return f;
};

describe('POST /api/ingest: the transport', () => {
  let db: Database;
  let srv: Served;
  const calls: { paths: string[]; opts: IngestRequestOptions; contents: string[]; names: string[]; mapping: string | null }[] = [];
  const stub: IngestFn = async (paths, opts) => {
    calls.push({
      paths, opts, contents: paths.map((p) => readFileSync(p, 'utf8')), names: paths.map((p) => opts.displayName!(p)),
      mapping: opts.mappingFile ? readFileSync(opts.mappingFile, 'utf8') : null,
    });
    return {
      dataVersion: 7,
      files: paths.map((p) => ({
        file: opts.displayName!(p), sheet: null, platform: opts.platform ?? null, kind: 'orders', mapping: 'stub', datasetId: 1,
        rowsRead: 1, loaded: 1, updated: 0, skipped: 0, duplicates: 0, quarantined: 0, status: 'loaded' as const, message: 'ok', messageZh: '好',
      })),
    };
  };

  beforeAll(async () => {
    db = await Database.open(':memory:', { readers: 1 });
    srv = await listen(createApp({ db, ingest: stub, maxUploadMb: 1, host: '127.0.0.1' }).app, 1);
  });
  afterAll(async () => { await srv.close(); await db.close(); });

  it('streams every file to a temporary file under its upload name, passes the fields, removes the files afterwards', async () => {
    const before = uploadDirs();
    const r = await fetch(`${srv.url}/api/ingest`, {
      method: 'POST',
      body: form([{ name: '直播明细_抖音号_20260321.csv', data: 'a,b\n1,2\n' }, { name: 'orders 2.csv', data: 'x\n' }],
        { platform: 'kuaishou', merchant: 'S-1', belt: 'haining-leather', date: '2026-03-21', replace_demo: 'true', dry_run: '0', mapping: '{"id":"mine"}' }),
    });
    expect(r.status).toBe(200);
    const body = ingestResponse.parse(await r.json());
    expect(body.files.map((f) => f.file)).toEqual(['直播明细_抖音号_20260321.csv', 'orders 2.csv']);
    const call = calls.at(-1)!;
    expect(call.contents).toEqual(['a,b\n1,2\n', 'x\n']);
    expect(call.names).toEqual(['直播明细_抖音号_20260321.csv', 'orders 2.csv']);
    expect(call.mapping).toBe('{"id":"mine"}');
    expect(call.opts).toMatchObject({ platform: 'kuaishou', merchant: 'S-1', belt: 'haining-leather', date: '2026-03-21', replaceDemo: true, dryRun: false });
    for (const p of call.paths) expect(existsSync(p)).toBe(false);
    expect(uploadDirs()).toEqual(before);
  });

  it('takes a mapping as a file part too, and strips directories from upload names', async () => {
    const f = form([{ name: '../../etc/passwd', data: 'x\n' }]);
    f.append('mapping', new Blob(['{"id":"file"}']), 'my-mapping.json');
    const r = await fetch(`${srv.url}/api/ingest`, { method: 'POST', body: f });
    expect(r.status).toBe(200);
    expect(calls.at(-1)!.mapping).toBe('{"id":"file"}');
    expect(calls.at(-1)!.names).toEqual(['passwd']);
    expect(calls.at(-1)!.paths[0].startsWith(tmpdir())).toBe(true);
  });

  it('answers 413 from the Content-Length alone, before reading the body', async () => {
    const n = calls.length;
    const r = await raw(srv.port, '/api/ingest', {
      'Content-Type': 'multipart/form-data; boundary=x', 'Content-Length': String(600 * 1024 * 1024),
    }, async () => { /* the body never comes: the answer must not wait for it */ });
    expect(r.status).toBe(413);
    expect(errorBody.parse(r.body).error.code).toBe('upload_too_large');
    expect(r.body.error.message).toMatch(/1 MB/);
    expect(calls.length).toBe(n);
  });

  it('answers `Expect: 100-continue` over the cap with 413 before the body is sent, and lets one under it continue', async () => {
    const ask = (length: number, body: string | null) => new Promise<{ status: number; continued: boolean }>((resolve, reject) => {
      let continued = false;
      const req = request({
        host: '127.0.0.1', port: srv.port, path: '/api/ingest', method: 'POST', agent: false,
        headers: { 'Content-Type': 'multipart/form-data; boundary=b', 'Content-Length': String(length), Expect: '100-continue' },
      }, (res) => { res.resume(); res.on('end', () => resolve({ status: res.statusCode!, continued })); });
      req.on('continue', () => { continued = true; req.end(body ?? ''); });
      req.on('error', reject);
    });
    expect(await ask(600 * 1024 * 1024, null)).toEqual({ status: 413, continued: false });
    const body = '--b\r\nContent-Disposition: form-data; name="file"; filename="a.csv"\r\n\r\nx\r\n--b--\r\n';
    expect(await ask(Buffer.byteLength(body), body)).toEqual({ status: 200, continued: true });
  });

  it('aborts a streamed (chunked) body with 413 once it passes the cap, and leaves no temporary file', async () => {
    const before = uploadDirs();
    const n = calls.length;
    const chunk = Buffer.alloc(64 * 1024, 'a');
    const r = await raw(srv.port, '/api/ingest?lang=en', { 'Content-Type': 'multipart/form-data; boundary=XyZ', 'Transfer-Encoding': 'chunked' }, async (write) => {
      write('--XyZ\r\nContent-Disposition: form-data; name="file"; filename="big.csv"\r\nContent-Type: text/csv\r\n\r\n');
      for (let i = 0; i < 64; i++) { // 4 MB, past the 1 MB cap
        if (!write(chunk)) await new Promise((r) => setTimeout(r, 5));
      }
    });
    expect(r.status).toBe(413);
    expect(r.body.error.message).toMatch(/larger than this server accepts \(1 MB\)/);
    expect(calls.length).toBe(n);
    await new Promise((r) => setTimeout(r, 50));
    expect(uploadDirs()).toEqual(before);
  });

  it.each([
    [{ Origin: 'https://evil.example' }, /https:\/\/evil\.example/],
    [{ 'Sec-Fetch-Site': 'cross-site' }, /cross-site/],
    [{ 'Sec-Fetch-Site': 'same-site' }, /same-site/],
    [{ Origin: 'null' }, /null/],
  ])('refuses a request from another origin with 403 (%o)', async (headers, msg) => {
    const n = calls.length;
    for (const lang of ['en', 'zh']) {
      const r = await fetch(`${srv.url}/api/ingest?lang=${lang}`, { method: 'POST', headers, body: form([{ name: 'a.csv', data: 'x\n' }]) });
      expect(r.status).toBe(403);
      const body = errorBody.parse(await r.json());
      expect(body.error.code).toBe('cross_origin');
      expect(body.error.message).toMatch(msg);
      expect(body.error.message).toMatch(lang === 'en' ? /Refused/ : /已拒绝/);
    }
    expect(calls.length).toBe(n);
  });

  it('serves the dashboard\'s own origin, same-origin fetches and requests without browser headers', async () => {
    const cases: Record<string, string>[] = [{ Origin: srv.url }, { 'Sec-Fetch-Site': 'same-origin', Origin: srv.url }, { 'Sec-Fetch-Site': 'none' }, {}];
    for (const headers of cases) {
      const r = await fetch(`${srv.url}/api/ingest`, { method: 'POST', headers, body: form([{ name: 'a.csv', data: 'x\n' }]) });
      expect(r.status, JSON.stringify(headers)).toBe(200);
    }
  });

  it('refuses a rebound host name on a loopback server (DNS rebinding), even with a matching Origin', async () => {
    const body = '--b\r\nContent-Disposition: form-data; name="file"; filename="a.csv"\r\n\r\nx\r\n--b--\r\n';
    const r = await raw(srv.port, '/api/ingest', {
      Host: `evil.example:${srv.port}`, Origin: `http://evil.example:${srv.port}`,
      'Content-Type': 'multipart/form-data; boundary=b', 'Content-Length': String(Buffer.byteLength(body)),
    }, async (write) => { write(body); });
    expect(r.status).toBe(403);
  });

  it.each([
    [{ colour: 'red' }, 'colour', /Unknown form field "colour"/],
    [{ colour: 'red', size: 'xl' }, 'colour', /"colour", "size"/],
    [{ platform: 'weibo' }, 'platform', /douyin, kuaishou, taobao, wechat_channels/],
    [{ kind: 'tables' }, 'kind', /orders, live_sessions/],
    [{ venue: 'car' }, 'venue', /base, workshop, store, studio/],
    [{ date: '2026-02-30' }, 'date', /YYYY-MM-DD/],
    [{ replace_demo: 'maybe' }, 'replace_demo', /true or false/],
    [{ merchant: '' }, 'merchant', /must not be empty/],
  ])('rejects invalid fields with 400 naming them: %o', async (fields, param, msg) => {
    const n = calls.length;
    const r = await fetch(`${srv.url}/api/ingest?lang=en`, { method: 'POST', body: form([{ name: 'a.csv', data: 'x\n' }], fields) });
    expect(r.status).toBe(400);
    const body = errorBody.parse(await r.json());
    expect(body.error).toMatchObject({ code: 'invalid_param', param });
    expect(body.error.message).toMatch(msg);
    expect(calls.length).toBe(n);
  });

  it('rejects an unknown file field, a repeated field, no file and a body that is not multipart', async () => {
    const f = form([{ name: 'a.csv', data: 'x\n' }]);
    f.append('attachment', new Blob(['y']), 'b.csv');
    const a = await fetch(`${srv.url}/api/ingest?lang=en`, { method: 'POST', body: f });
    expect(a.status).toBe(400);
    expect((await a.json()).error).toMatchObject({ param: 'attachment' });

    const g = form([{ name: 'a.csv', data: 'x\n' }], { platform: 'douyin' });
    g.append('platform', 'taobao');
    const b = await fetch(`${srv.url}/api/ingest?lang=en`, { method: 'POST', body: g });
    expect(b.status).toBe(400);
    expect((await b.json()).error.message).toMatch(/"platform" is given more than once/);

    const c = await fetch(`${srv.url}/api/ingest?lang=en`, { method: 'POST', body: form([], { platform: 'douyin' }) });
    expect(c.status).toBe(400);
    expect((await c.json()).error.message).toMatch(/No file was uploaded/);

    const d = await fetch(`${srv.url}/api/ingest?lang=en`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' });
    expect(d.status).toBe(400);
    expect((await d.json()).error.message).toMatch(/multipart\/form-data/);
  });

  it('rejects a malformed multipart body with 400 and leaves no temporary file', async () => {
    const before = uploadDirs();
    const body = '--b\r\nContent-Disposition: form-data; name="file"; filename="a.csv"\r\n\r\nno closing boundary';
    const r = await raw(srv.port, '/api/ingest?lang=en', { 'Content-Type': 'multipart/form-data; boundary=b', 'Content-Length': String(Buffer.byteLength(body)) },
      async (write) => { write(body); });
    expect(r.status).toBe(400);
    expect(r.body.error.message).toMatch(/not valid multipart\/form-data/);
    expect(uploadDirs()).toEqual(before);
  });

  it('keeps its vocabularies in step with the engine\'s', () => {
    expect([...INGEST_PLATFORMS]).toEqual([...PLATFORMS]);
    expect([...INGEST_KINDS]).toEqual([...TARGETS]);
    expect([...INGEST_VENUES].sort()).toEqual(['base', 'store', 'studio', 'workshop']);
  });

  it('the OpenAPI document describes the new routes and their bodies', async () => {
    const doc = await (await fetch(`${srv.url}/api/openapi.json`)).json() as any;
    expect(doc.paths['/api/ingest'].post.responses[200].content['application/json'].schema.$ref).toBe('#/components/schemas/Ingest');
    expect(Object.keys(doc.paths['/api/ingest'].post.requestBody.content['multipart/form-data'].schema.properties).sort())
      .toEqual(['base', 'belt', 'category', 'date', 'dry_run', 'file', 'kind', 'mapping', 'merchant', 'platform', 'replace_demo', 'venue']);
    for (const s of ['403', '413', '400']) expect(doc.paths['/api/ingest'].post.responses[s]).toBeDefined();
    expect(doc.paths['/api/datasets'].get.responses[200].content['application/json'].schema.$ref).toBe('#/components/schemas/Datasets');
    expect(doc.paths['/api/datasets/{id}'].delete.responses[200].content['application/json'].schema.$ref).toBe('#/components/schemas/DatasetRemoved');
    expect(doc.components.schemas.Ingest.properties.files.items.properties.status.enum).toEqual(['loaded', 'already_loaded', 'refused', 'failed', 'dry_run']);
    expect(doc.components.schemas.Datasets.properties.coverage.items.required).toEqual(['merchantId', 'platformId', 'month', 'orders', 'sessions']);
    expect(doc.components.schemas.Health.required).toEqual(expect.arrayContaining(['dbPath', 'updatedAt']));
  });

  it('/api/health says which database it serves and when it last changed', async () => {
    const h = healthResponse.parse(await (await fetch(`${srv.url}/api/health`)).json());
    expect(h.dbPath).toBe(':memory:');
    expect(Date.parse(h.updatedAt!)).toBeGreaterThan(Date.now() - 600_000);
  });
});

// ── with the engine ────────────────────────────────────────────────────────────

describe('POST /api/ingest, GET and DELETE /api/datasets with the engine', { timeout: 180_000 }, () => {
  let db: Database;
  let srv: Served;
  const dir = mkdtempSync(join(tmpdir(), 'beltscope-ingest-api-'));

  const post = async (files: string[], fields: Record<string, string> = {}, headers: Record<string, string> = {}) => {
    const f = new FormData();
    for (const [k, v] of Object.entries(fields)) f.append(k, v);
    for (const p of files) f.append('file', new Blob([new Uint8Array(readFileSync(p))]), p.split('/').pop());
    const r = await fetch(`${srv.url}/api/ingest?lang=en`, { method: 'POST', body: f, headers });
    return { status: r.status, body: await r.json() as any };
  };
  const gmv = async () => (await (await fetch(`${srv.url}/api/metrics?measures=gmv,lines`)).json() as any).totals;
  const one = async (sql: string, params: Record<string, string | number> = {}) => (await db.query(sql, params))[0];

  beforeAll(async () => {
    db = await Database.open(join(dir, 'api.duckdb'), { readers: 2 });
    srv = await listen(createApp({ db, ingest: ingestFor(db), maxUploadMb: 8, host: '127.0.0.1' }).app);
  });
  afterAll(async () => { await srv.close(); await db.close(); });

  it('loads the canonical merchants and accounts, then Douyin orders for a merchant, and the metrics move at once', async () => {
    const a = await post([sample('merchants.csv'), sample('merchant_accounts.csv')]);
    expect(a.status).toBe(200);
    ingestResponse.parse(a.body);
    expect(a.body.files.map((f: any) => [f.file, f.kind, f.status])).toEqual([
      ['merchants.csv', 'merchants', 'loaded'], ['merchant_accounts.csv', 'merchant_accounts', 'loaded']]);

    const before = await gmv();
    const versionBefore = db.dataVersion;
    const b = await post([sample('douyin-orders.csv')], { merchant: 'S-JDZ-001', belt: 'jingdezhen-ceramics' });
    expect(b.status).toBe(200);
    const [f] = ingestResponse.parse(b.body).files;
    expect(f).toMatchObject({ file: 'douyin-orders.csv', platform: 'douyin', kind: 'orders', status: 'loaded' });
    expect(f.rowsRead).toBe(f.loaded + f.updated + f.skipped + f.duplicates + f.quarantined);
    expect(f.loaded).toBeGreaterThan(0);
    expect(b.body.dataVersion).toBeGreaterThan(versionBefore);
    const after = await gmv();
    const [sql] = await db.query(`SELECT sum(amount)::DOUBLE AS gmv, count(*)::INTEGER AS lines FROM orders`);
    expect(after.gmv).toBeCloseTo(Number(sql.gmv), 2);
    expect(after.lines).toBe(Number(before.lines ?? 0) + f.loaded);
  });

  it('the same file again is already_loaded and changes nothing', async () => {
    const version = db.dataVersion;
    const rows = await one(`SELECT count(*)::INTEGER AS n FROM orders`);
    const r = await post([sample('douyin-orders.csv')], { merchant: 'S-JDZ-001', belt: 'jingdezhen-ceramics' });
    expect(r.status).toBe(200);
    expect(r.body.files.map((f: any) => f.status)).toEqual(['already_loaded']);
    expect((await one(`SELECT count(*)::INTEGER AS n FROM orders`)).n).toBe(rows.n);
    expect(db.dataVersion).toBe(version);
  });

  it('each file lists its first five quarantined rows in line order, with column, value and reason, never the raw row', async () => {
    const id = (n: number) => `69180000000000${String(n).padStart(5, '0')}`;
    // Lines 2 and 6 good; lines 3, 4, 5, 7, 8, 9 bad: six bad rows, so the sample stops at line 8.
    const path = writeCsv(dir, 'some-bad-rows.csv', [
      DOUYIN_HEAD,
      douyinLine({ parent: id(1), amount: '10.00', paid: '2026/03/02 10:00:00' }),
      douyinLine({ parent: id(2), amount: '10.00', paid: '2026/02/30 10:00:00' }),
      douyinLine({ parent: id(3), amount: '-5.00', paid: '2026/03/02 11:00:00' }),
      douyinLine({ parent: '6.918E+18', amount: '12.00', paid: '2026/03/02 12:00:00' }),
      douyinLine({ parent: id(5), amount: '11.00', paid: '2026/03/02 13:00:00' }),
      douyinLine({ parent: id(6), amount: 'abc', paid: '2026/03/02 14:00:00' }),
      douyinLine({ parent: id(7), amount: '-1.00', paid: '2026/03/02 15:00:00' }),
      douyinLine({ parent: id(8), amount: '10.00', paid: '2026/13/01 10:00:00' }),
    ]);
    const r = await post([path], { merchant: 'S-JDZ-001', belt: 'jingdezhen-ceramics' });
    expect(r.status).toBe(200);
    const [f] = ingestResponse.parse(r.body).files;
    expect(f).toMatchObject({ status: 'loaded', rowsRead: 8, loaded: 2, quarantined: 6 });
    const q = await db.query(`SELECT line, record, column_name, raw_value, reason FROM quarantine
      WHERE dataset_id = $ds ORDER BY line`, { ds: f.datasetId! });
    expect(q.map((x) => x.line)).toEqual([3, 4, 5, 7, 8, 9]);
    expect(f.quarantineSample!.map((x) => [x.line, x.record, x.column, x.value, x.reason]))
      .toEqual(q.slice(0, 5).map((x) => [x.line, x.record, x.column_name, x.raw_value, x.reason]));
    expect(f.quarantineSample!.map((x) => [x.line, x.column, x.value])).toEqual([
      [3, '支付完成时间', '2026/02/30 10:00:00'], [4, '订单应付金额', '-5.00'], [5, '子订单编号', '6.918E+18'],
      [7, '订单应付金额', 'abc'], [8, '订单应付金额', '-1.00']]);
    expect(f.quarantineSample![1].reason).toMatch(/below the smallest allowed value 0/);
    expect(JSON.stringify(r.body)).not.toMatch(/"raw"|测试商品|浙江省/);
    // Every quarantined row of the load, as JSON and as CSV (headers and reasons in the language asked;
    // a cell starting like a formula, -5.00 here, is written '-5.00 so a spreadsheet does not run it).
    const all = await fetch(`${srv.url}/api/datasets/${f.datasetId}/quarantine`);
    expect(all.status).toBe(200);
    const listed = quarantineResponse.parse(await all.json());
    expect(listed).toMatchObject({ datasetId: f.datasetId, fileName: 'some-bad-rows.csv', total: 6, truncated: false });
    expect(listed.rows.map((x) => [x.line, x.column, x.value, x.reason])).toEqual(q.map((x) => [x.line, x.column_name, x.raw_value, x.reason]));
    const csv = await (await fetch(`${srv.url}/api/datasets/${f.datasetId}/quarantine?format=csv&lang=en`)).text();
    const lines = csv.replace(/^\uFEFF/, '').split('\r\n');
    expect(lines[0]).toBe(`# beltscope dataVersion=${listed.dataVersion} dataset=${f.datasetId} file=some-bad-rows.csv`);
    expect(lines[1]).toBe('line,record,sheet,column,value,reason,raw row');
    expect(lines[3]).toMatch(/^4,3,,订单应付金额,'-5\.00,below the smallest allowed value 0,"\{/);
    const zh = await (await fetch(`${srv.url}/api/datasets/${f.datasetId}/quarantine?format=csv`)).text();
    expect(zh.split('\r\n')[1]).toBe('行号,记录,工作表,列,值,原因,原始行');
    expect(zh.split('\r\n')[3]).toMatch(/^4,3,,订单应付金额,'-5\.00,小于允许的最小值 0,/);
    expect((await fetch(`${srv.url}/api/datasets/${f.datasetId}/quarantine?format=xml`)).status).toBe(400);
    expect((await fetch(`${srv.url}/api/datasets/99999/quarantine`)).status).toBe(404);
    // A file with nothing quarantined carries no sample.
    const clean = await post([sample('live_bases.csv')]);
    expect(clean.body.files[0].quarantined).toBe(0);
    expect(clean.body.files[0]).not.toHaveProperty('quarantineSample');
  });

  it('a dry run reports what would happen and writes nothing; a refusal and a failure are 200s with their status', async () => {
    const version = db.dataVersion;
    const r = await post([sample('taobao-sold-orders.csv')], { merchant: 'S-YX-001', dry_run: 'true' });
    expect(r.status).toBe(200);
    expect(r.body.files[0]).toMatchObject({ status: 'dry_run', datasetId: null });
    expect(db.dataVersion).toBe(version);
    expect((await one(`SELECT count(*)::INTEGER AS n FROM datasets WHERE file_name = 'taobao-sold-orders.csv'`)).n).toBe(0);

    const bad = await post([join(SAMPLES, '..', '..', 'pipelines', 'samples', 'make-samples.ts')]); // a script, not an export
    expect(bad.status).toBe(200);
    expect(bad.body.files[0].status).toBe('failed');
  });

  it('names a missing option as the reader knows it: a form field, a flag for `beltscope ingest` handing over, a label on the upload page', async () => {
    // A file this suite has not loaded (one loaded before is answered already_loaded first).
    const file = join(dir, 'douyin-orders.csv');
    writeFileSync(file, Buffer.concat([readFileSync(sample('douyin-orders.csv')), Buffer.from('\r\n')]));
    const form = await post([file]);
    expect(form.body.files[0]).toMatchObject({ status: 'failed',
      message: 'douyin-orders.csv: this export does not name its shop. Pass merchant=ID (and belt=B to create a new merchant).' });
    expect(form.body.files[0].messageZh).toContain('请用 merchant=ID 指定商家ID（新商家再加 belt=B 指定产业带）');
    const unknown = await post([file], { merchant: 'S-NEW', belt: 'no-such-belt' });
    expect(unknown.body.files[0].message).toMatch(/^belt=no-such-belt is not known\. Known: /);
    const cli = await post([file], {}, { 'X-Beltscope-Client': 'cli' });
    expect(cli.body.files[0].message).toBe('douyin-orders.csv: this export does not name its shop. Pass --merchant ID (and --belt B to create a new merchant).');
    const web = await post([file], {}, { 'X-Beltscope-Client': 'web' });
    expect(web.body.files[0].message).toBe('douyin-orders.csv: this export does not name its shop. Pass "Merchant" (and "Belt" to create a new merchant).');
    expect(web.body.files[0].messageZh).toBe('douyin-orders.csv：此导出文件不含店铺信息。请用「商家」指定商家ID（新商家再加「产业带」指定产业带）。');
    const webUnknown = await post([file], { merchant: 'S-NEW', belt: 'no-such-belt' }, { 'X-Beltscope-Client': 'web' });
    expect(webUnknown.body.files[0].message).toMatch(/^"Belt": no-such-belt is not known\. Known: /);
  });

  it('an invalid mapping is a 400 that names the mapping as uploaded, never a temporary path', async () => {
    const f = new FormData();
    f.append('file', new Blob(['订单号,实付款\n1,2\n']), 'orders.csv');
    f.append('mapping', new Blob(['{"id": "x"']), 'my-mapping.json');
    const r = await fetch(`${srv.url}/api/ingest?lang=en`, { method: 'POST', body: f });
    expect(r.status).toBe(400);
    const body = errorBody.parse(await r.json());
    expect(body.error.code).toBe('bad_mapping');
    expect(body.error.message).toMatch(/my-mapping\.json/);
    expect(body.error.message).not.toContain(tmpdir());
  });

  it('GET /api/datasets lists every dataset with its counts, and coverage by merchant × platform × local month', async () => {
    const r = await fetch(`${srv.url}/api/datasets`);
    expect(r.status).toBe(200);
    const body = datasetsResponse.parse(await r.json());
    const expected = await db.query(`SELECT dataset_id, kind, file_name, target_table, rows_read, rows_loaded, rows_updated, rows_skipped,
        rows_duplicate, rows_quarantined FROM datasets ORDER BY dataset_id`);
    expect(body.datasets.map((d) => [d.datasetId, d.kind, d.fileName, d.targetTable, d.rowsRead, d.loaded, d.updated, d.skipped, d.duplicates, d.quarantined]))
      .toEqual(expected.map((d) => [d.dataset_id, d.kind, d.file_name, d.target_table, d.rows_read, d.rows_loaded, d.rows_updated, d.rows_skipped,
        d.rows_duplicate, d.rows_quarantined]));
    // Coverage against SQL written here: local (Asia/Shanghai) months, distinct parent orders, sessions.
    const cov = await db.query(`
      SELECT merchant_id, platform_id, month, sum(o)::INTEGER AS orders, sum(s)::INTEGER AS sessions FROM (
        SELECT merchant_id, platform_id, strftime(timezone('Asia/Shanghai', paid_at), '%Y-%m') AS month, count(DISTINCT parent_order_id) AS o, 0 AS s
        FROM orders GROUP BY 1, 2, 3
        UNION ALL
        SELECT merchant_id, platform_id, strftime(timezone('Asia/Shanghai', started_at), '%Y-%m'), 0, count(*) FROM live_sessions GROUP BY 1, 2, 3)
      GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`);
    expect(body.coverage.map((c) => [c.merchantId, c.platformId, c.month, c.orders, c.sessions]))
      .toEqual(cov.map((c) => [c.merchant_id, c.platform_id, c.month, c.orders, c.sessions]));
    expect(body.coverage.some((c) => c.merchantId === 'S-JDZ-001' && c.month === '2026-03' && c.orders > 0)).toBe(true);
    expect((await fetch(`${srv.url}/api/datasets?x=1`)).status).toBe(400);
  });

  it('DELETE /api/datasets/:id removes a dataset everywhere in one write; then the same file loads again', async () => {
    const [{ dataset_id: id }] = await db.query(`SELECT dataset_id FROM datasets WHERE file_name = 'douyin-orders.csv'`);
    const rows = await one(`SELECT count(*)::INTEGER AS n FROM orders WHERE dataset_id = $id`, { id: id as number });
    const version = db.dataVersion;
    const evil = await fetch(`${srv.url}/api/datasets/${id}`, { method: 'DELETE', headers: { Origin: 'https://evil.example' } });
    expect(evil.status).toBe(403);

    const r = await fetch(`${srv.url}/api/datasets/${id}`, { method: 'DELETE' });
    expect(r.status).toBe(200);
    const body = datasetRemovedResponse.parse(await r.json());
    expect(body).toMatchObject({ datasetId: id, fileName: 'douyin-orders.csv' });
    expect(body.rows.orders).toBe(rows.n);
    expect(body.dataVersion).toBe(version + 1);
    for (const t of ['orders', 'quarantine', 'datasets']) {
      expect((await one(`SELECT count(*)::INTEGER AS n FROM ${t} WHERE dataset_id = $id`, { id: id as number })).n, t).toBe(0);
    }
    expect((await one(`SELECT message FROM ingest_log WHERE dataset_id = $id ORDER BY logged_at DESC LIMIT 1`, { id: id as number })).message)
      .toMatch(/^removed dataset/);
    expect((await gmv()).lines ?? 0).toBe((await one(`SELECT count(*)::INTEGER AS n FROM orders`)).n);

    const again = await post([sample('douyin-orders.csv')], { merchant: 'S-JDZ-001', belt: 'jingdezhen-ceramics' });
    expect(again.body.files[0].status).toBe('loaded');
    expect(again.body.files[0].loaded).toBe(rows.n);
  });

  it('DELETE refuses an unknown id (404), a malformed one (400), and a dataset other datasets use (409)', async () => {
    const unknown = await fetch(`${srv.url}/api/datasets/99999?lang=en`, { method: 'DELETE' });
    expect(unknown.status).toBe(404);
    expect(errorBody.parse(await unknown.json()).error.code).toBe('dataset_not_found');
    expect((await fetch(`${srv.url}/api/datasets/abc`, { method: 'DELETE' })).status).toBe(400);
    const [{ dataset_id: merchants }] = await db.query(`SELECT dataset_id FROM datasets WHERE file_name = 'merchants.csv'`);
    const used = await fetch(`${srv.url}/api/datasets/${merchants}?lang=en`, { method: 'DELETE' });
    expect(used.status).toBe(409);
    expect((await used.json()).error).toMatchObject({ code: 'dataset_in_use' });
  });

  it('DELETE of a load that changed earlier rows puts them back; a load that kept no copy is refused unless force=true', async () => {
    // The sample's open after-sale, recorded later as a completed refund.
    const refund = join(dir, 'douyin-refund-later.csv');
    writeFileSync(refund, readFileSync(sample('douyin-orders.csv'), 'utf8').replace('售后处理中', '退款成功'));
    const lines = () => db.query(`SELECT * FROM orders WHERE platform_id = 'douyin' ORDER BY order_id`);
    const before = await lines();
    const r = await post([refund], { merchant: 'S-JDZ-001' });
    expect(r.body.files[0]).toMatchObject({ status: 'loaded', updated: 1, loaded: 0 });
    const id = r.body.files[0].datasetId;
    expect(await lines()).not.toEqual(before);
    const undone = await fetch(`${srv.url}/api/datasets/${id}?lang=en`, { method: 'DELETE' });
    expect(undone.status).toBe(200);
    expect(await undone.json()).toMatchObject({ datasetId: id, rows: { orders: 1 }, restored: { orders: 1 } });
    expect(await lines()).toEqual(before);

    // The same change by a load made before rows were kept (data model version 6): refused, then forced.
    const again = await post([refund], { merchant: 'S-JDZ-001' });
    const old = again.body.files[0].datasetId;
    await db.write(async (con) => {
      await con.run(`UPDATE datasets SET keeps_replaced = false WHERE dataset_id = $id`, { id: old });
      await con.run(`DELETE FROM replaced_rows WHERE replaced_by = $id`, { id: old });
    }, { derived: false });
    const refused = await fetch(`${srv.url}/api/datasets/${old}?lang=en`, { method: 'DELETE' });
    expect(refused.status).toBe(409);
    expect((await refused.json()).error).toMatchObject({ code: 'dataset_updated_rows', message: expect.stringMatching(/changed 1 row.*load an export with the right values.*force/) });
    expect((await fetch(`${srv.url}/api/datasets/${old}?force=yes`, { method: 'DELETE' })).status).toBe(400);
    expect(await lines()).toHaveLength(before.length);
    const forced = await fetch(`${srv.url}/api/datasets/${old}?force=true`, { method: 'DELETE' });
    expect(forced.status).toBe(200);
    expect(await forced.json()).toMatchObject({ rows: { orders: 1 }, restored: {} });
    expect(await lines()).toHaveLength(before.length - 1);
  });

  it('a database holding the demo refuses real data without replace_demo, and its demo dataset cannot be deleted', async () => {
    const demoDb = await Database.open(join(dir, 'demo.duckdb'), { readers: 1 });
    const demoSrv = await listen(createApp({ db: demoDb, ingest: ingestFor(demoDb) }).app);
    try {
      await demoDb.write((con) => generateDemo(con, { orders: 2000, seed: 3 }));
      const [{ dataset_id: demoId }] = await demoDb.query(`SELECT dataset_id FROM datasets WHERE kind = 'demo'`);
      const del = await fetch(`${demoSrv.url}/api/datasets/${demoId}?lang=en`, { method: 'DELETE' });
      expect(del.status).toBe(409);
      expect((await del.json()).error.message).toMatch(/beltscope demo.*--replace-demo/);

      const f = new FormData();
      f.append('file', new Blob([new Uint8Array(readFileSync(sample('merchants.csv')))]), 'merchants.csv');
      const refused = await (await fetch(`${demoSrv.url}/api/ingest`, { method: 'POST', body: f })).json() as any;
      expect(refused.files[0]).toMatchObject({ status: 'refused' });
      // Named as the form's field; a form's client cannot choose the server's database (no --db).
      expect(refused.files[0].message).toMatch(/Load again with replace_demo=true to remove the demo in the same step\.$/);
      expect(refused.files[0].messageZh).toMatch(/请加 replace_demo=true 在同一步骤中删除示例数据。$/);

      f.append('replace_demo', 'true');
      const replaced = await (await fetch(`${demoSrv.url}/api/ingest`, { method: 'POST', body: f })).json() as any;
      expect(replaced.files[0].status).toBe('loaded');
      expect((await demoDb.query(`SELECT count(*)::INTEGER AS n FROM datasets WHERE kind = 'demo'`))[0].n).toBe(0);
    } finally {
      await demoSrv.close();
      await demoDb.close();
    }
  });

  it('loads the live-detail workbook (accounts known) and Compass with a date, keeping upload names', async () => {
    const detail = '直播明细_抖音号_20260321_20260323.xlsx';
    copyFileSync(sample(detail), join(dir, detail));
    const a = await post([join(dir, detail)]);
    expect(a.status).toBe(200);
    expect(a.body.files[0]).toMatchObject({ file: detail, kind: 'live_sessions', status: 'loaded' });
    const b = await post([sample('douyin-compass-live.xlsx')], { date: '2026-03-21', merchant: 'S-JDZ-001' });
    expect(b.status).toBe(200);
    expect(b.body.files.every((f: any) => f.status === 'loaded' || f.status === 'failed')).toBe(true);
  });
});
