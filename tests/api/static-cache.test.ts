import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Database } from '../../db/database.ts';
import { createApp } from '../../server/api/app.ts';
import { openFixedDatabase } from '../fixtures/fixed.ts';

let db: Database;
let dir: string;
let app: ReturnType<typeof createApp>['app'];

beforeAll(async () => {
  db = await openFixedDatabase();
  // A built app's shape: index.html and content-hashed files under assets/ (as Vite names them).
  dir = mkdtempSync(join(tmpdir(), 'beltscope-static-'));
  mkdirSync(join(dir, 'assets'));
  writeFileSync(join(dir, 'index.html'), '<!doctype html><title>t</title>');
  writeFileSync(join(dir, 'assets', 'index-B3x_k9Qa.js'), 'export {};');
  writeFileSync(join(dir, 'assets', 'echarts-Dq2mZ0-7.js'), 'export {};');
  writeFileSync(join(dir, 'assets', 'plain.js'), 'export {};');
  app = createApp({ db, staticDir: dir }).app;
});
afterAll(async () => {
  await db.close();
  rmSync(dir, { recursive: true, force: true });
});

const cacheControl = async (path: string) => {
  const r = await app.request(path);
  return { status: r.status, cc: r.headers.get('Cache-Control'), timing: r.headers.get('Server-Timing') };
};

describe('caching of the built web app', () => {
  it('lets a browser keep content-hashed assets for good', async () => {
    for (const p of ['/assets/index-B3x_k9Qa.js', '/assets/echarts-Dq2mZ0-7.js']) {
      expect(await cacheControl(p)).toMatchObject({ status: 200, cc: 'public, max-age=31536000, immutable' });
    }
  });

  it('asks again for the app shell and for a file without a hash, so a new build shows at once', async () => {
    expect(await cacheControl('/')).toMatchObject({ status: 200, cc: 'no-cache' });
    expect(await cacheControl('/belts')).toMatchObject({ status: 200, cc: 'no-cache' }); // a client-side route: the shell
    expect(await cacheControl('/assets/plain.js')).toMatchObject({ status: 200, cc: 'no-cache' });
    // An asset of another build, gone: whatever answers it must not stick.
    expect((await cacheControl('/assets/index-Zz9_gone.js')).cc).toBe('no-cache');
  });

  it('leaves API answers and missing files uncached, and times API answers', async () => {
    const health = await cacheControl('/api/health');
    expect(health).toMatchObject({ status: 200, cc: null });
    expect(health.timing).toMatch(/^app;dur=\d+(\.\d)?$/);
    expect(await cacheControl('/api/nope')).toMatchObject({ status: 404, cc: null });
  });
});
