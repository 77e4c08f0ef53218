import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { basesQueries, beltsQueries, overviewQueries } from '../../catalog/views.ts';
import type { Database } from '../../db/database.ts';
import { createApp } from '../../server/api/app.ts';
import { Warmup } from '../../server/api/warmup.ts';
import { getBases, getCompare, getHealth, getMeta, getMetrics, getValues } from '../../web/src/lib/api/endpoints.ts';
import type { RequestOptions } from '../../web/src/lib/api/client.ts';
import { apiFilters, DEFAULT_FILTERS } from '../../web/src/lib/filters/filters.ts';
import { effectiveRange } from '../../web/src/lib/filters/presets.ts';
import { openFixedDatabase } from '../fixtures/fixed.ts';

type App = ReturnType<typeof createApp>['app'];

/**
 * What a first visit to the overview, the belt comparison and the bases list asks, built by the web
 * app's own code: its default filters and window, its API client (URLs and all), the queries
 * of catalog/views.ts as its page states build them, and the merchants board's follow-up.
 */
async function firstVisit(app: App) {
  const opts: RequestOptions = { lang: 'zh', baseUrl: 'http://127.0.0.1', fetch: ((url: string, init?: RequestInit) => app.request(url, init)) as typeof fetch };
  const [health] = await Promise.all([getHealth(opts), getMeta(opts)]);
  const f = DEFAULT_FILTERS;
  const range = effectiveRange(f.from, f.to, health.dataRange.to)!;
  const view = { ...range, filters: apiFilters(f), grain: f.grain, compare: f.compare, measure: f.measure };
  const o = overviewQueries(view);
  const [kpis, trend, , , merchants] = await Promise.all([o.kpis, o.trend, o.mix, o.belts, o.merchants].map((q) => getMetrics(q, opts)));
  const names = await getValues({ dimension: 'merchant', ids: merchants.rows.map((r) => String(r.merchant)) }, opts);
  const b = beltsQueries(view);
  const [compare] = await Promise.all([getCompare(b.compare, opts), ...[b.catalog, b.platform, b.trend].map((q) => getMetrics(q, opts))]);
  const s = basesQueries({ ...range, belt: f.belt });
  const [bases] = await Promise.all([getBases(s.list, opts), getMetrics(s.weekly, opts)]);
  return { health, kpis, trend, merchants, names, compare, bases };
}

/** Every read the database runs goes through its pool: count them. */
function countReads(db: Database) {
  const spies = [vi.spyOn(db.pool, 'run'), vi.spyOn(db.pool, 'runPrepared'), vi.spyOn(db.pool, 'snapshot')];
  return { get count() { return spies.reduce((a, s) => a + s.mock.calls.length, 0); }, stop: () => spies.forEach((s) => s.mockRestore()) };
}

let db: Database;
let app: App;
let warmup: Warmup;

beforeAll(async () => {
  db = await openFixedDatabase();
  app = createApp({ db }).app;
  warmup = new Warmup({ db, fetch: app.fetch });
  warmup.schedule();
  await warmup.idle();
});
afterAll(async () => {
  await warmup.stop();
  await db.close();
});

describe('the warm-up of the default views', () => {
  it('answers a first visit to the overview, the belt comparison and the bases from cache, without one database read', async () => {
    expect(warmup.last?.dataVersion).toBe(db.dataVersion);
    const reads = countReads(db);
    try {
      const v = await firstVisit(app);
      expect(reads.count).toBe(0);
      // Real answers, not empty shells: the fixed dataset's 2 belts and 3 merchants.
      expect(v.kpis.rows).toHaveLength(1);
      expect(new Set(v.trend.rows.map((r) => r.belt))).toEqual(new Set(['haining-leather', 'jingdezhen-ceramics']));
      expect(v.names.values.map((x) => x.id).sort()).toEqual(v.merchants.rows.map((r) => String(r.merchant)).sort());
      expect(v.merchants.rows).toHaveLength(3);
      expect(v.compare.belts.map((x) => x.belt_id).sort()).toEqual(['haining-leather', 'jingdezhen-ceramics']);
      expect(v.bases.rows.map((x) => x.base_id).sort()).toEqual(['b1', 'b2']);
    } finally {
      reads.stop();
    }
  });

  it('is what makes them cached: the same visit to a server without it reads the database', async () => {
    await warmup.idle();
    const cold = createApp({ db }).app;
    const reads = countReads(db);
    try {
      await firstVisit(cold);
      expect(reads.count).toBeGreaterThan(10);
    } finally {
      reads.stop();
    }
  });

  it('warms again after a committed load: the new version is answered from cache, with the new rows', async () => {
    const before = await firstVisit(app);
    await db.write(async (con) => {
      await con.run(`INSERT INTO orders SELECT * REPLACE ('O9' AS order_id, 'O9' AS parent_order_id, 50.00 AS amount) FROM orders WHERE order_id = 'O8'`);
    });
    await warmup.idle();
    expect(warmup.last?.dataVersion).toBe(before.health.dataVersion + 1);
    const reads = countReads(db);
    try {
      const after = await firstVisit(app);
      expect(reads.count).toBe(0);
      expect(after.health.dataVersion).toBe(before.health.dataVersion + 1);
      // O9 is a copy of O8 (paid 2025-11-11, inside the default window) at 50 yuan.
      expect(Number(after.kpis.totals.gmv)).toBeCloseTo(Number(before.kpis.totals.gmv) + 50, 6);
    } finally {
      reads.stop();
    }
  });

  it('waits while a load writes: none of its requests runs beside the writes, it warms once they settle', async () => {
    await warmup.idle();
    const app2 = createApp({ db }).app;
    const asked: string[] = [];
    const w = new Warmup({ db, fetch: (req) => { asked.push(new URL(req.url).pathname); return app2.fetch(req); } });
    try {
      // A load: a log entry committed (which schedules a warm-up), then the rows' write, held open.
      let release!: () => void;
      await db.write(async () => {}, { derived: false });
      const rows = db.write(() => new Promise<void>((r) => { release = r; }), { derived: false });
      w.schedule();
      await new Promise((r) => setTimeout(r, 800)); // longer than the quiet period
      expect(asked).toEqual([]);
      release();
      await rows;
      const t0 = performance.now();
      await w.idle();
      expect(performance.now() - t0).toBeGreaterThanOrEqual(450); // the quiet period after the last write
      expect(asked[0]).toBe('/api/health');
      expect(w.last?.dataVersion).toBe(db.dataVersion);
    } finally {
      await w.stop();
      await warmup.idle();
    }
  });

  it('runs its afterFirst work once, after the first warm-up, within idle()', async () => {
    const app2 = createApp({ db }).app;
    const order: string[] = [];
    const w = new Warmup({
      db, fetch: (req) => { if (!order.includes('warm')) order.push('warm'); return app2.fetch(req); },
      afterFirst: async () => { order.push('after'); },
    });
    w.schedule();
    await w.idle();
    expect(order).toEqual(['warm', 'after']);
    await db.write(async () => {}, { derived: false });
    await w.idle();
    expect(order).toEqual(['warm', 'after']);
    expect(w.last).not.toBeNull();
    await w.stop();
    await warmup.idle();
  });

  it('warms a version a load committed while its afterFirst work ran', async () => {
    const app2 = createApp({ db }).app;
    const w = new Warmup({
      db, fetch: (req) => app2.fetch(req),
      // A commit in the middle of the work after the first warm-up (the first upload after a start).
      afterFirst: async () => { await db.write(async () => {}, { derived: false }); },
    });
    const before = db.dataVersion;
    w.schedule();
    await w.idle();
    expect(db.dataVersion).toBe(before + 1);
    expect(w.last?.dataVersion).toBe(db.dataVersion);
    await w.stop();
    await warmup.idle();
  });

  it('does not warm after stop()', async () => {
    const app2 = createApp({ db }).app;
    const w = new Warmup({ db, fetch: app2.fetch });
    await w.stop();
    await db.write(async () => {}, { derived: false });
    await w.idle();
    expect(w.last).toBeNull();
    await warmup.idle(); // the running one did warm again: let it finish before the next test counts reads
  });
});

describe('the result cache', () => {
  it('runs a query once when two requests for it arrive together', async () => {
    await warmup.idle();
    const url = '/api/metrics?measures=gmv,orders&by=belt&lang=zh';
    const once = countReads(db);
    await createApp({ db }).app.request(url);
    const single = once.count;
    once.stop();
    const twice = countReads(db);
    try {
      const a = createApp({ db }).app;
      const [r1, r2] = await Promise.all([a.request(url), a.request(url)]);
      expect(await r2.json()).toEqual(await r1.json());
      expect(twice.count).toBe(single);
      expect(r1.headers.get('Server-Timing')).toMatch(/cache;desc=miss/);
      expect(r2.headers.get('Server-Timing')).toMatch(/cache;desc=hit/);
      expect((await a.request(url)).headers.get('Server-Timing')).toMatch(/cache;desc=hit.*app;dur=\d/);
    } finally {
      twice.stop();
    }
  });
});
