import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/database.ts';
import { createApp } from '../../server/api/app.ts';
import { pdfDriver } from '../../server/api/bases/pdf.ts';
import { errorBody } from '../../server/api/schemas/common.ts';
import { openBasesDatabase } from '../fixtures/bases.ts';

// GET /api/bases/{id}/report.pdf without a browser: what it refuses, and the 503 that names
// what is missing. The printed PDF itself is checked in tests/e2e/bases.test.ts.
let db: Database;
let tmp: string;
let staticDir: string;

beforeAll(async () => {
  db = await openBasesDatabase();
  // A stand-in for dist/web: the checks only ask whether index.html is there.
  tmp = mkdtempSync(join(tmpdir(), 'beltscope-report-'));
  writeFileSync(join(tmp, 'index.html'), '');
  staticDir = tmp;
});
afterAll(async () => { await db.close(); rmSync(tmp, { recursive: true, force: true }); });

const get = async (opts: Parameters<typeof createApp>[0], url: string) => {
  const r = await createApp(opts).app.request(url);
  return { status: r.status, type: r.headers.get('content-type'), body: await r.json() as any };
};

describe('GET /api/bases/{id}/report.pdf', () => {
  it('is a 503 naming the Chromium binary when it is missing, in the language asked for', async () => {
    const en = await get({ db, staticDir, chromium: '/nowhere/chromium' }, '/api/bases/bx-busy/report.pdf?lang=en');
    expect(en.status).toBe(503);
    errorBody.parse(en.body);
    expect(en.body.error.code).toBe('pdf_unavailable');
    expect(en.body.error.message).toContain('/nowhere/chromium not found');
    expect(en.body.error.message).toContain('apt-get install -y chromium');
    const zh = await get({ db, staticDir, chromium: '/nowhere/chromium' }, '/api/bases/bx-busy/report.pdf');
    expect(zh.body.error.message).toContain('/nowhere/chromium 不存在');
  });

  it('is a 503 naming playwright-core when the driver cannot be loaded', async () => {
    const err = await pdfDriver({ staticDir, loadDriver: () => Promise.reject(new Error('Cannot find package')) }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'pdf_unavailable', status: 503 });
    expect((err as Error).message).toContain('playwright-core is not installed');
  });

  it('is a 503 naming dist/web when the web app is not built (an API-only server)', async () => {
    const r = await get({ db }, '/api/bases/bx-busy/report.pdf?lang=en');
    expect(r.status).toBe(503);
    errorBody.parse(r.body);
    expect(r.body.error.code).toBe('pdf_unavailable');
    expect(r.body.error.message).toContain('dist/web has no built web app');
    expect(r.body.error.message).toContain('npm run build');
  });

  it('answers an unknown base, or a bad window, before any browser starts (404, 400)', async () => {
    // The Chromium path is missing: reaching the browser would be a 503, so these prove the order.
    const opts = { db, staticDir, chromium: '/nowhere/chromium' };
    const missing = await get(opts, '/api/bases/nope/report.pdf?lang=en');
    expect(missing.status).toBe(404);
    expect(missing.body.error.message).toContain('No live base "nope"');
    const bad = await get(opts, '/api/bases/bx-busy/report.pdf?from=2026-13-01&lang=en');
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatchObject({ code: 'invalid_param', param: 'from' });
    const reversed = await get(opts, '/api/bases/bx-busy/report.pdf?from=2026-03-01&to=2026-02-01&lang=en');
    expect(reversed.status).toBe(400);
    expect(reversed.body.error.message).toContain('is after to');
    // A profile the server does not have: the detail's own 400, naming the ones it has.
    const unknown = await get(opts, '/api/bases/bx-busy/report.pdf?profile=nope&lang=en');
    expect(unknown.status).toBe(400);
    expect(unknown.body.error).toMatchObject({ param: 'profile', allowed: ['demo', 'shenzhen-2023'] });
    const shape = await get(opts, '/api/bases/bx-busy/report.pdf?profile=No%20Such');
    expect(shape.status).toBe(400);
    expect(shape.body.error).toMatchObject({ param: 'profile' });
    // A profile it has goes on to the browser (here missing: the 503 says so).
    expect((await get(opts, '/api/bases/bx-busy/report.pdf?profile=demo')).status).toBe(503);
  });
});
