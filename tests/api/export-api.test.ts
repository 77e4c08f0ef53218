import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { unzipSync, strFromU8 } from 'fflate';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp } from '../../server/api/app.ts';
import type { Scope } from '../../server/query/scope.ts';
import type { Database } from '../../db/database.ts';
import { openFixedDatabase } from '../fixtures/fixed.ts';

// GET /api/export: the lake export as a zip, inside the caller's scope; parameters only narrow
// it, names only for a scope that shows them, and nothing is left in the temporary folder.

let db: Database;
const NARROW: Scope = { rows: { belt: ['haining-leather'] }, merchantNames: false, minCohort: 0 };
const open = () => createApp({ db }).app;
const narrow = () => createApp({ db, scope: () => NARROW }).app;
const savedTmp = process.env.TMPDIR;
const tmp = mkdtempSync(join(tmpdir(), 'beltscope-export-test-'));

beforeAll(async () => {
  db = await openFixedDatabase();
  // The route's temporary folders go here, so the test can see that none is left behind.
  process.env.TMPDIR = tmp;
});
afterAll(async () => {
  process.env.TMPDIR = savedTmp;
  rmSync(tmp, { recursive: true, force: true });
  await db.close();
});

async function download(app: ReturnType<typeof open>, url: string) {
  const r = await app.request(url);
  const bytes = new Uint8Array(await r.arrayBuffer());
  return { status: r.status, headers: r.headers, bytes };
}

const unzip = (bytes: Uint8Array) => unzipSync(bytes);

describe('GET /api/export', () => {
  it('answers a zip of the lake: Hive-partitioned facts, datapackage.json, README.md', async () => {
    const r = await download(open(), '/api/export');
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toBe('application/zip');
    expect(r.headers.get('content-disposition')).toMatch(/attachment; filename="beltscope-lake-all_all-v\d+\.zip"/);
    const files = unzip(r.bytes);
    const names = Object.keys(files);
    expect(names).toContain('datapackage.json');
    expect(names).toContain('README.md');
    expect(names).toContain('orders/belt_id=jingdezhen-ceramics/month=2025-12/part-0.parquet');
    expect(names).toContain('orders/belt_id=haining-leather/month=2026-01/part-0.parquet');
    const dp = JSON.parse(strFromU8(files['datapackage.json']));
    const paths = dp.resources.flatMap((x: { path: string | string[] }) => [x.path].flat());
    expect(paths.sort()).toEqual(names.filter((n) => n.endsWith('.parquet')).sort());
    // Pseudonyms by default, even for a scope that may see names.
    expect(strFromU8(files['README.md'])).toMatch(/pseudonyms/);
    expect(readdirSync(tmp)).toEqual([]);
  });

  it('stays inside the scope: only its belt, no names, however the request is worded', async () => {
    const r = await download(narrow(), '/api/export?format=csv');
    expect(r.status).toBe(200);
    const files = unzip(r.bytes);
    const facts = Object.keys(files).filter((n) => n.includes('belt_id='));
    expect(facts.length).toBeGreaterThan(0);
    expect(facts.every((n) => n.includes('belt_id=haining-leather/'))).toBe(true);
    const merchants = strFromU8(files['merchants/merchants.csv']);
    expect(merchants.trim().split('\n')).toHaveLength(2); // header + m3
    const everything = Object.values(files).map((f) => strFromU8(f)).join('\n');
    for (const secret of ['m3', '皮城品牌', '皮城_抖音', 'a3', 'u1']) expect(everything).not.toMatch(new RegExp(`(^|[,\\n])${secret}([,\\n]|$)`));
    // Asking for another belt narrows to nothing; it never widens the scope.
    const other = unzip((await download(narrow(), '/api/export?belt=jingdezhen-ceramics')).bytes);
    expect(Object.keys(other).filter((n) => n.includes('belt_id='))).toEqual([]);
    expect(readdirSync(tmp)).toEqual([]);
  });

  it('gives names only to a scope that shows them', async () => {
    const denied = await narrow().request('/api/export?names=true&lang=en');
    expect(denied.status).toBe(403);
    expect(await denied.json()).toMatchObject({ error: { code: 'scope_forbidden', param: 'names' } });
    const named = unzip((await download(open(), '/api/export?names=true&format=csv&belt=jingdezhen-ceramics')).bytes);
    expect(strFromU8(named['merchants/merchants.csv'])).toContain('青花坊');
  });

  it('writes one export at a time: a second waits for the first to be read (503 export_busy)', async () => {
    const app = open();
    const first = await app.request('/api/export?belt=haining-leather');
    expect(first.status).toBe(200);
    const second = await app.request('/api/export?lang=en');
    expect(second.status).toBe(503);
    expect(await second.json()).toMatchObject({ error: { code: 'export_busy' } });
    await first.arrayBuffer();
    expect(readdirSync(tmp)).toEqual([]);
    const third = await app.request('/api/export?belt=haining-leather');
    expect(third.status).toBe(200);
    await third.arrayBuffer();
    expect(readdirSync(tmp)).toEqual([]);
  });

  it('answers HEAD without writing an export', async () => {
    const r = await open().request('/api/export', { method: 'HEAD' });
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toBe('application/zip');
    expect(readdirSync(tmp)).toEqual([]);
  });

  it.each([
    ['/api/export?belt=atlantis&lang=en', 'belt', /Unknown belt "atlantis"/],
    ['/api/export?from=2026-02-30&lang=en', 'from', /YYYY-MM-DD/],
    ['/api/export?from=2026-03-01&to=2026-02-01&lang=en', 'from', /after/],
    ['/api/export?format=xlsx&lang=en', 'format', /parquet or csv/],
    ['/api/export?names=yes&lang=en', 'names', /true or false/],
    ['/api/export?colour=red&lang=en', 'colour', /Unknown parameter/],
  ])('refuses %s with a 400 naming %s', async (url, param, message) => {
    const r = await open().request(url);
    expect(r.status).toBe(400);
    const body = await r.json() as { error: { param: string; message: string } };
    expect(body.error.param).toBe(param);
    expect(body.error.message).toMatch(message);
    expect(readdirSync(tmp)).toEqual([]);
  });
});
