import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Database } from '../../db/database.ts';
import { createApp } from '../../server/api/app.ts';
import { scriptSafeJson } from '../../server/api/shell.ts';
import { BOOT_ELEMENT_ID } from '../../server/api/schemas/boot.ts';
import type { Scope } from '../../server/query/scope.ts';
import { openFixedDatabase } from '../fixtures/fixed.ts';

// The app shell carries /api/health and /api/meta (server/api/shell.ts), so a first visit asks for
// its data without a round trip for them first. What it carries must be exactly what the API says.
let db: Database;
let dir: string;
const SHELL = '<!doctype html><html><head><title>t</title><script type="module" src="/assets/index-B3x_k9Qa.js"></script></head><body><div id="app"></div></body></html>';

beforeAll(async () => {
  db = await openFixedDatabase();
  dir = mkdtempSync(join(tmpdir(), 'beltscope-shell-'));
  writeFileSync(join(dir, 'index.html'), SHELL);
});
afterAll(async () => {
  await db.close();
  rmSync(dir, { recursive: true, force: true });
});

/** The boot element's JSON in a shell, or null when it has none. */
function bootOf(html: string): { health: Record<string, unknown>; meta: Record<string, unknown> } | null {
  const m = html.match(new RegExp(`<script id="${BOOT_ELEMENT_ID}" type="application/json">(.*?)</script>`, 's'));
  return m ? JSON.parse(m[1]) : null;
}

describe('the app shell', () => {
  it('carries the same health and catalog as the API, before the end of <head>, on every client route', async () => {
    const { app } = createApp({ db, staticDir: dir });
    const health = await (await app.request('/api/health')).json();
    const meta = await (await app.request('/api/meta')).json();
    for (const path of ['/', '/index.html', '/belts', '/bases/some-base?lang=en']) {
      const r = await app.request(path);
      expect(r.status).toBe(200);
      expect(r.headers.get('Content-Type')).toMatch(/^text\/html/);
      expect(r.headers.get('Cache-Control')).toBe('no-cache');
      const html = await r.text();
      expect(html.indexOf(BOOT_ELEMENT_ID)).toBeLessThan(html.indexOf('</head>'));
      expect(html).toContain('<script type="module" src="/assets/index-B3x_k9Qa.js">');
      expect(bootOf(html)).toEqual({ health, meta });
    }
  });

  it('carries the catalog of the request\'s scope, not the open one', async () => {
    const scope: Scope = { rows: { belt: ['jingdezhen-ceramics'] }, merchantNames: true, minCohort: 0 };
    const { app } = createApp({ db, staticDir: dir, scope: () => scope });
    const boot = bootOf(await (await app.request('/')).text());
    const belts = (boot?.meta.values as Record<string, { id: string }[]>).belt.map((v) => v.id);
    expect(belts).toEqual(['jingdezhen-ceramics']);
    expect(boot?.meta).toEqual(await (await app.request('/api/meta')).json());
  });

  it('follows a load: the next shell carries the new data version', async () => {
    const { app } = createApp({ db, staticDir: dir });
    const before = bootOf(await (await app.request('/')).text())!.health.dataVersion as number;
    await db.write(async () => {}, { derived: false }); // what every load does last: the data version moves
    const after = bootOf(await (await app.request('/')).text())!.health.dataVersion as number;
    expect(after).toBe(db.dataVersion);
    expect(after).toBeGreaterThan(before);
  });

  it('goes out plain when the database cannot answer, so the app asks the API and shows its error', async () => {
    const broken = await openFixedDatabase();
    const { app } = createApp({ db: broken, staticDir: dir });
    await broken.close();
    const r = await app.request('/');
    expect(r.status).toBe(200);
    expect(await r.text()).toBe(SHELL);
  });
});

describe('scriptSafeJson', () => {
  it('cannot end its <script> element, whatever a label says, and parses back unchanged', () => {
    const value = { label: '</script><script>alert(1)</script>', zh: '海宁皮革 <!-- x', n: 1.5 };
    const text = scriptSafeJson(value);
    expect(text).not.toMatch(/<\/?script/i);
    expect(text).not.toContain('<!--');
    expect(JSON.parse(text)).toEqual(value);
  });
});
