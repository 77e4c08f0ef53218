/**
 * npm run bench [-- --sizes 1m,10m] [--huge] [--regenerate] [--threads N]
 *
 * Times the dashboard's query mix through the HTTP API and, in the same run, the same SQL
 * straight on DuckDB, so the figures are ratios that survive a noisy shared machine.
 * Datasets are generated once into bench/.data/ (git-ignored) and reused.
 */
import { serve } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import { existsSync, rmSync, mkdirSync } from 'node:fs';
import { cpus } from 'node:os';
import { parseArgs } from 'node:util';
import { Database } from '../db/database.ts';
import { createApp } from '../server/api/app.ts';
import { parseMetricsParams } from '../server/query/params.ts';
import { planMetrics } from '../server/query/plan.ts';
import { DEFAULT_THREADS, seedDemo } from '../cli/serve.ts';
import { queryMix } from './mix.ts';

const { values } = parseArgs({ options: {
  sizes: { type: 'string', default: '1m,10m' }, huge: { type: 'boolean' }, regenerate: { type: 'boolean' },
  requests: { type: 'string', default: '2000' }, threads: { type: 'string' },
} });
const sizes = values.sizes!.split(',').map((s) => s.trim()).concat(values.huge ? ['100m'] : []);
const orderCount = (s: string) => Number(s.replace(/m$/i, '')) * 1_000_000;

const pct = (xs: number[], p: number) => { const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]; };
const ms = (x: number) => `${x.toFixed(1)} ms`;
const time = async (fn: () => Promise<unknown>) => { const t = performance.now(); await fn(); return performance.now() - t; };

async function listen(app: ReturnType<typeof createApp>['app']) {
  const server = await new Promise<ReturnType<typeof serve>>((r) => { const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => r(s)); });
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, close: () => new Promise<void>((r) => server.close(() => r())) };
}

async function fetchOk(url: string) {
  const r = await fetch(url);
  const body = await r.arrayBuffer();
  if (!r.ok) throw new Error(`${r.status} ${new TextDecoder().decode(body).slice(0, 200)}`);
}

async function benchSize(size: string) {
  mkdirSync('bench/.data', { recursive: true });
  const path = `bench/.data/bench-${size}.duckdb`;
  if (values.regenerate && existsSync(path)) rmSync(path);
  // The server's default (1 thread per query) unless --threads says otherwise; 0 = one per core.
  const threads = values.threads !== undefined ? Number(values.threads) : DEFAULT_THREADS;
  let db = await Database.open(path, { readers: 8, threads });
  const [{ n }] = await db.query('SELECT count(*)::INTEGER AS n FROM orders');
  if (n === 0) {
    const t = performance.now();
    await seedDemo(db, orderCount(size), 1, (l) => console.log(`  ${l}`));
    console.log(`  generated + rollups in ${((performance.now() - t) / 1000).toFixed(1)} s`);
    await db.close();
    db = await Database.open(path, { readers: 8, threads }); // as a server would find it
  }
  const info = (await db.query(`SELECT (SELECT count(*) FROM orders)::INT AS orders, (SELECT count(*) FROM live_sessions)::INT AS sessions,
    CAST((SELECT min(paid_at)::DATE FROM orders) AS VARCHAR) AS "from", CAST((SELECT max(paid_at)::DATE FROM orders) AS VARCHAR) AS "to"`))[0];
  const range = { from: info.from as string, to: info.to as string };
  console.log(`\n## ${size} (DuckDB threads per query: ${threads || "one per core"}): ${Number(info.orders).toLocaleString('en')} order lines, ${Number(info.sessions).toLocaleString('en')} sessions, ${range.from} … ${range.to}`);

  const uncached = await listen(createApp({ db, cache: false }).app);
  const cached = await listen(createApp({ db }).app);
  const mix = queryMix(range, 42);

  // 1. API overhead, uncached: HTTP end to end minus the planner's SQL run directly.
  const runSql = (qs: string, rawOnly = false) => {
    const { query } = parseMetricsParams(Object.fromEntries(new URLSearchParams(qs)), range);
    const plan = planMetrics({ ...query, rawOnly }, 50_001);
    // The baseline runs as the API does: prepared statements, main and totals in parallel.
    const v = db.dataVersion + (rawOnly ? 1_000_000 : 0);
    return Promise.all([db.pool.runPrepared(plan.sql, plan.params, v), plan.totalsSql ? db.pool.runPrepared(plan.totalsSql, plan.totalsParams, v) : null]);
  };
  for (let i = 0; i < 5; i++) { await runSql(mix(i).qs); await fetchOk(`${uncached.url}/api/metrics?${mix(i).qs}`); } // warm-up
  const over: number[] = []; const apiT: number[] = []; const sqlT: number[] = []; const rawT: number[] = [];
  const perKind = new Map<string, { api: number[]; sql: number[]; raw: number[] }>();
  for (let i = 0; i < 80; i++) {
    const { kind, qs: clean } = mix(1000 + i);
    // Alternate which goes first, so neither always pays for a cold cache or a first prepare.
    let s = 0; let a = 0;
    if (i % 2 === 0) { s = await time(() => runSql(clean)); a = await time(() => fetchOk(`${uncached.url}/api/metrics?${clean}`)); }
    else { a = await time(() => fetchOk(`${uncached.url}/api/metrics?${clean}`)); s = await time(() => runSql(clean)); }
    const r = await time(() => runSql(clean, true));
    over.push(a - s); apiT.push(a); sqlT.push(s); rawT.push(r);
    if (!perKind.has(kind)) perKind.set(kind, { api: [], sql: [], raw: [] });
    const k = perKind.get(kind)!; k.api.push(a); k.sql.push(s); k.raw.push(r);
  }
  console.log(`\n### API overhead (uncached, 80 queries)\n| query | API p50 | same SQL on DuckDB p50 | ratio | naive SQL on raw orders p50 |\n|---|---|---|---|---|`);
  for (const [kind, k] of perKind) {
    console.log(`| ${kind} | ${ms(pct(k.api, 50))} | ${ms(pct(k.sql, 50))} | ${(pct(k.api, 50) / pct(k.sql, 50)).toFixed(2)}× | ${ms(pct(k.raw, 50))} |`);
  }
  const medOver = pct(over, 50);
  console.log(`| **all** | ${ms(pct(apiT, 50))} | ${ms(pct(sqlT, 50))} | ${(pct(apiT, 50) / pct(sqlT, 50)).toFixed(2)}× | ${ms(pct(rawT, 50))} |`);
  const allowed = Math.max(5, 0.15 * pct(sqlT, 50));
  console.log(`\nAPI overhead p50 ${ms(medOver)} = ${((medOver / pct(sqlT, 50)) * 100).toFixed(0)} % of the SQL time; goal ≤ 5 ms or ≤ 15 %, whichever is larger (${ms(allowed)}): ${medOver <= allowed ? 'met' : 'NOT met'}.`);

  // 2. One client, cache on, randomised mix (most requests are new to the cache).
  const single: number[] = [];
  for (let i = 0; i < 200; i++) single.push(await time(() => fetchOk(`${cached.url}/api/metrics?${mix(5000 + i).qs}`)));
  // 3. Fifty concurrent clients.
  const total = Number(values.requests);
  const lat: number[] = []; let errors = 0; let next = 0;
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  await Promise.all(Array.from({ length: 50 }, async () => {
    while (next < total) {
      const i = next++;
      try { lat.push(await time(() => fetchOk(`${cached.url}/api/metrics?${mix(100_000 + i).qs}`))); } catch { errors++; }
    }
  }));
  const secs = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  const cpuPct = ((cpu.user + cpu.system) / 1e6 / secs) * 100;
  console.log(`\n### Load (cache on, randomised filters and ranges)\n| clients | requests | p50 | p99 | throughput | errors | DuckDB p50 (same SQL, 1 client) |\n|---|---|---|---|---|---|---|`);
  console.log(`| 1 | 200 | ${ms(pct(single, 50))} | ${ms(pct(single, 99))} | ${(200 / (single.reduce((a, b) => a + b, 0) / 1000)).toFixed(0)} req/s | 0 | ${ms(pct(sqlT, 50))} |`);
  console.log(`| 50 | ${total} | ${ms(pct(lat, 50))} | ${ms(pct(lat, 99))} | ${(lat.length / secs).toFixed(0)} req/s | ${errors} | |`);
  console.log(`\nProcess CPU during the 50-client run: ${cpuPct.toFixed(0)} % (of ${cpus().length * 100} %).`);

  await uncached.close(); await cached.close(); await db.close();
}

console.log(`# Beltscope bench — ${new Date().toISOString().slice(0, 10)}, ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, Node ${process.version}`);
for (const s of sizes) await benchSize(s);
