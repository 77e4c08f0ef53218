/**
 * npm run bench [-- --sizes 10m,20m] [--mixes days,months] [--huge] [--regenerate] [--threads N]
 *                  [--requests N] [--clients N] [--seconds S] [--buyers] [--memory-limit 12GB] [--no-paint]
 *
 * Times the dashboard's query mix through the HTTP API and, in the same run, the same SQL
 * straight on DuckDB, so the figures are ratios that survive a noisy shared machine. Each mix
 * runs twice under load: with the load client in the server's process, and from a separate
 * process (bench/client.ts, forked), as a browser would send it. Datasets are generated once
 * into bench/.data/ (git-ignored) and reused; sizes are reported side by side at the end.
 * Then, unless --no-paint, bench/paint.ts times the first chart in headless Chromium (1M demo).
 */
import { serve } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import { fork, spawnSync } from 'node:child_process';
import { existsSync, rmSync, mkdirSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { Database } from '../db/database.ts';
import { createApp } from '../server/api/app.ts';
import { parseMetricsParams } from '../server/query/params.ts';
import { planMetrics } from '../server/query/plan.ts';
import { DEFAULT_THREADS, seedDemo } from '../cli/serve.ts';
import { queryMix, type Snap } from './mix.ts';
import type { ClientJob, ClientReport } from './client.ts';

const { values } = parseArgs({ options: {
  sizes: { type: 'string', default: '10m,20m' }, huge: { type: 'boolean' }, regenerate: { type: 'boolean' },
  mixes: { type: 'string', default: 'days,months' }, buyers: { type: 'boolean' },
  requests: { type: 'string', default: '2000' }, clients: { type: 'string', default: '50' }, seconds: { type: 'string', default: '60' },
  threads: { type: 'string' }, 'memory-limit': { type: 'string' }, 'no-paint': { type: 'boolean' },
} });
const sizes = values.sizes!.split(',').map((s) => s.trim().toLowerCase()).concat(values.huge ? ['100m'] : []);
const mixes = values.mixes!.split(',').map((s) => s.trim()) as Snap[];
const orderCount = (s: string) => Number(s.replace(/m$/i, '')) * 1_000_000;
const REQUESTS = Number(values.requests);
const CLIENTS = Number(values.clients);
const SECONDS = Number(values.seconds);

const pct = (xs: number[], p: number) => { const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? NaN; };
const ms = (x: number) => `${x.toFixed(1)} ms`;
const time = async (fn: () => Promise<unknown>) => { const t = performance.now(); await fn(); return performance.now() - t; };
/** CPU milliseconds of this process (every thread, DuckDB's included) spent on one awaited call. */
const cpuTime = async (fn: () => Promise<unknown>) => { const c = process.cpuUsage(); await fn(); const d = process.cpuUsage(c); return (d.user + d.system) / 1000; };

async function listen(app: ReturnType<typeof createApp>['app']) {
  const server = await new Promise<ReturnType<typeof serve>>((r) => { const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => r(s)); });
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, close: () => new Promise<void>((r) => server.close(() => r())) };
}

/**
 * A server with an empty result cache, as after a start or a load, whose data info (date range and
 * counts, read once per data version) is already read, as it is once anyone has opened the page.
 */
async function freshServer(db: Database, cache = true) {
  const server = await listen(createApp({ db, cache }).app);
  await fetchOk(`${server.url}/api/health`);
  return server;
}

async function fetchOk(url: string) {
  const r = await fetch(url);
  const body = await r.arrayBuffer();
  if (!r.ok) throw new Error(`${r.status} ${new TextDecoder().decode(body).slice(0, 200)}`);
}

/** Load from a forked client process: its own event loop and its own HTTP stack, like a browser's. */
function externalLoad(job: ClientJob): Promise<ClientReport> {
  return new Promise((resolve, reject) => {
    const child = fork(fileURLToPath(new URL('./client.ts', import.meta.url)), [], { execArgv: ['--import', 'tsx'], stdio: 'inherit' });
    const killer = setTimeout(() => child.kill(), (job.maxSeconds + 60) * 1000);
    child.once('message', (r) => { clearTimeout(killer); resolve(r as ClientReport); });
    child.once('error', reject);
    child.once('exit', (code) => { clearTimeout(killer); if (code !== 0) reject(new Error(`load client exited with ${code}`)); });
    child.send(job);
  });
}

interface LoadFigures { reqs: number; p50: number; p99: number; perSec: number; errors: number; serverCpu?: number; clientCpu?: number }
interface MixFigures {
  single: LoadFigures; inProc: LoadFigures; external: LoadFigures; externalNoCache: LoadFigures; duckdb: LoadFigures;
  sqlP50: number; rawP50: number; cpuMean: number;
  /** Share of the load's requests that repeat an earlier one: answers the result cache gives for free. */
  repeats: number;
}
const summary = new Map<string, Map<Snap, MixFigures>>();

const loadRow = (label: string, f: LoadFigures, extra = '') =>
  `| ${label} | ${f.reqs} | ${ms(f.p50)} | ${ms(f.p99)} | ${f.perSec.toFixed(0)} /s | ${f.errors} | ${extra} |`;

async function benchSize(size: string) {
  mkdirSync('bench/.data', { recursive: true });
  const path = `bench/.data/bench-${size}.duckdb`;
  if (values.regenerate && existsSync(path)) rmSync(path);
  // As the server opens it: 1 thread per query unless --threads says otherwise (0 = one per core).
  const threads = values.threads !== undefined ? Number(values.threads) : DEFAULT_THREADS;
  let t = performance.now();
  let db = await Database.open(path, { threads });
  const opened = (performance.now() - t) / 1000;
  const [{ n }] = await db.query('SELECT count(*)::INTEGER AS n FROM orders');
  if (n === 0) {
    // DuckDB takes up to 80 % of the machine by default; a 20M generation then crowds out the rest.
    await db.query(`SET GLOBAL memory_limit = '${values['memory-limit'] ?? `${Math.floor(totalmem() / 2 ** 31)}GB`}'`);
    t = performance.now();
    await seedDemo(db, orderCount(size), 1, (l) => console.log(`  ${l}`));
    console.log(`  generated + rollups in ${((performance.now() - t) / 1000).toFixed(1)} s`);
    await db.close();
    db = await Database.open(path, { threads }); // as a server would find it
  } else if (opened > 5) {
    console.log(`  (opening took ${opened.toFixed(1)} s: the rollups were rebuilt for changed declarations)`);
  }
  const info = (await db.query(`SELECT (SELECT count(*) FROM orders)::INT AS orders, (SELECT count(*) FROM live_sessions)::INT AS sessions,
    CAST((SELECT min(paid_at)::DATE FROM orders) AS VARCHAR) AS "from", CAST((SELECT max(paid_at)::DATE FROM orders) AS VARCHAR) AS "to"`))[0];
  const range = { from: info.from as string, to: info.to as string };
  console.log(`\n## ${size}: ${Number(info.orders).toLocaleString('en')} order lines, ${Number(info.sessions).toLocaleString('en')} sessions, ${range.from} … ${range.to} (DuckDB threads per query: ${threads || 'one per core'})`);
  const rollupRows = await db.query(`SELECT table_name AS t, estimated_size::BIGINT AS n FROM duckdb_tables() WHERE table_name LIKE 'ro\\_%' ESCAPE '\\' ORDER BY n`);
  console.log(`\nRollup rows: ${rollupRows.map((r) => `${r.t} ${Number(r.n).toLocaleString('en')}`).join(', ')}.`);

  const runSql = (qs: string, rawOnly = false) => {
    const { query } = parseMetricsParams(Object.fromEntries(new URLSearchParams(qs)), range);
    const plan = planMetrics({ ...query, rawOnly }, 50_001);
    // As the API runs it: prepared statements, main and totals in parallel.
    return Promise.all([db.pool.runPrepared(plan.sql, plan.params, db.dataVersion),
      plan.totalsSql ? db.pool.runPrepared(plan.totalsSql, plan.totalsParams, db.dataVersion) : null]);
  };
  const sourcesOf = (qs: string) => {
    const { query } = parseMetricsParams(Object.fromEntries(new URLSearchParams(qs)), range);
    return Object.values(planMetrics(query, 50_001).sources).join(', ');
  };
  const fresh = () => freshServer(db);
  const figures = new Map<Snap, MixFigures>();
  summary.set(size, figures);

  for (const snap of mixes) {
    const uncached = await listen(createApp({ db, cache: false }).app);
    await fetchOk(`${uncached.url}/api/health`);
    // Per kind: exact buyers are always timed here, on their own row.
    const mix = queryMix(range, 42, { snap, withBuyers: true });
    const load = queryMix(range, 42, { snap, withBuyers: values.buyers });
    for (let i = 0; i < 5; i++) { await runSql(mix(i).qs); await fetchOk(`${uncached.url}/api/metrics?${mix(i).qs}`); } // warm-up

    // 1. Uncached, one at a time: the API against the planner's SQL run directly, and raw rows.
    const perKind = new Map<string, { api: number[]; sql: number[]; cpu: number[]; raw: number[]; sources: Map<string, number> }>();
    const apiT: number[] = []; const sqlT: number[] = []; const cpuT: number[] = []; const rawT: number[] = []; const over: number[] = [];
    for (let i = 0; i < 96; i++) {
      const { kind, qs } = mix(1000 + i);
      let s = 0; let a = 0;
      // Alternate which goes first, so neither always pays for a cold cache or a first prepare.
      if (i % 2 === 0) { s = await time(() => runSql(qs)); a = await time(() => fetchOk(`${uncached.url}/api/metrics?${qs}`)); }
      else { a = await time(() => fetchOk(`${uncached.url}/api/metrics?${qs}`)); s = await time(() => runSql(qs)); }
      const r = await time(() => runSql(qs, true));
      // CPU time is what a busy shared machine does not inflate: the bench's most stable figure.
      const c = await cpuTime(() => runSql(qs));
      if (kind !== 'buyers_aov' || values.buyers) { apiT.push(a); sqlT.push(s); cpuT.push(c); rawT.push(r); over.push(a - s); }
      if (!perKind.has(kind)) perKind.set(kind, { api: [], sql: [], cpu: [], raw: [], sources: new Map() });
      const k = perKind.get(kind)!; k.api.push(a); k.sql.push(s); k.cpu.push(c); k.raw.push(r);
      const src = sourcesOf(qs); k.sources.set(src, (k.sources.get(src) ?? 0) + 1);
    }
    await uncached.close();
    console.log(`\n### ${size}, windows on ${snap === 'days' ? 'random days' : 'whole months'}: uncached, one query at a time
| query | API p50 | same SQL on DuckDB p50 | ratio | its CPU p50 | SQL on raw rows p50 | answered from |
|---|---|---|---|---|---|---|`);
    for (const [kind, k] of [...perKind].sort(([a], [b]) => a.localeCompare(b))) {
      const srcs = [...k.sources].sort((a, b) => b[1] - a[1]).map(([s, c]) => (k.sources.size > 1 ? `${s} (${c})` : s)).join('; ');
      console.log(`| ${kind} | ${ms(pct(k.api, 50))} | ${ms(pct(k.sql, 50))} | ${(pct(k.api, 50) / pct(k.sql, 50)).toFixed(2)}× | ${ms(pct(k.cpu, 50))} | ${ms(pct(k.raw, 50))} | ${srcs} |`);
    }
    console.log(`| **mix**${values.buyers ? '' : ' (without buyers_aov)'} | ${ms(pct(apiT, 50))} | ${ms(pct(sqlT, 50))} | ${(pct(apiT, 50) / pct(sqlT, 50)).toFixed(2)}× | ${ms(pct(cpuT, 50))} | ${ms(pct(rawT, 50))} | |`);
    console.log(`Mean CPU per query of the mix (same SQL): ${ms(cpuT.reduce((x, y) => x + y, 0) / cpuT.length)}: at most ${(cpus().length * 1000 / (cpuT.reduce((x, y) => x + y, 0) / cpuT.length)).toFixed(0)} queries/s on ${cpus().length} idle cores.`);
    console.log(`\nAPI overhead p50 ${ms(pct(over, 50))} over the same SQL.`);

    // 2. One client, cache on (most requests are new to the cache).
    let server = await fresh();
    const single: number[] = [];
    for (let i = 0; i < 200; i++) single.push(await time(() => fetchOk(`${server.url}/api/metrics?${load(5000 + i).qs}`)));
    const singleF: LoadFigures = { reqs: 200, p50: pct(single, 50), p99: pct(single, 99), perSec: 200 / (single.reduce((a, b) => a + b, 0) / 1000), errors: 0 };
    await server.close();

    // 3. Concurrent clients in the server's process (a fresh server: an empty result cache).
    server = await fresh();
    const inProc = await (async () => {
      const lat: number[] = []; let errors = 0; let next = 0;
      const deadline = performance.now() + SECONDS * 1000;
      const t0 = performance.now(); const cpu0 = process.cpuUsage();
      await Promise.all(Array.from({ length: CLIENTS }, async () => {
        while (next < REQUESTS && performance.now() < deadline) {
          const i = next++;
          try { lat.push(await time(() => fetchOk(`${server.url}/api/metrics?${load(100_000 + i).qs}`))); } catch { errors++; }
        }
      }));
      const secs = (performance.now() - t0) / 1000; const cpu = process.cpuUsage(cpu0);
      return { reqs: lat.length + errors, p50: pct(lat, 50), p99: pct(lat, 99), perSec: lat.length / secs, errors, serverCpu: ((cpu.user + cpu.system) / 1e6 / secs) * 100 };
    })();
    await server.close();

    // 4. The same number of clients from a separate process, another stretch of the mix; then
    // the same requests with the result cache off. Whole-month windows coincide more often than
    // windows on random days (the months mix repeats ~16 % of its queries, half of its bases
    // panels), and the cache answers a repeat for free: uncached is the like-for-like comparison.
    const paths = Array.from({ length: REQUESTS }, (_, i) => `/api/metrics?${load(200_000 + i).qs}`);
    const repeats = 1 - new Set(paths).size / paths.length;
    const externalRun = async (cache: boolean): Promise<LoadFigures> => {
      const server = await freshServer(db, cache);
      const cpu0 = process.cpuUsage(); const t0 = performance.now();
      const rep = await externalLoad({ url: server.url, concurrency: CLIENTS, maxSeconds: SECONDS, paths });
      const cpu = process.cpuUsage(cpu0); const secs = (performance.now() - t0) / 1000;
      await server.close();
      if (rep.firstError) console.log(`\nFirst error from the load client: ${rep.firstError}`);
      return {
        reqs: rep.latencies.length + rep.errors, p50: pct(rep.latencies, 50), p99: pct(rep.latencies, 99),
        perSec: rep.latencies.length / rep.seconds, errors: rep.errors, serverCpu: ((cpu.user + cpu.system) / 1e6 / secs) * 100, clientCpu: rep.cpuPercent,
      };
    };
    const external = await externalRun(true);
    const externalNoCache = await externalRun(false);

    // 5. DuckDB alone: the same SQL, planned here, with the same concurrency and no HTTP or cache.
    const duckdb = await (async () => {
      const lat: number[] = []; let next = 0;
      const deadline = performance.now() + SECONDS * 1000;
      const t1 = performance.now();
      await Promise.all(Array.from({ length: CLIENTS }, async () => {
        while (next < REQUESTS && performance.now() < deadline) { const i = next++; lat.push(await time(() => runSql(load(300_000 + i).qs))); }
      }));
      return { reqs: lat.length, p50: pct(lat, 50), p99: pct(lat, 99), perSec: lat.length / ((performance.now() - t1) / 1000), errors: 0 };
    })();

    console.log(`\n#### Load, ${snap === 'days' ? 'random days' : 'whole months'} (result cache on${values.buyers ? '' : '; without buyers_aov'}; machine load average ${loadavg()[0].toFixed(1)})
| clients | requests | p50 | p99 | throughput | errors | note |
|---|---|---|---|---|---|---|`);
    console.log(loadRow('1', singleF, `DuckDB p50, same SQL: ${ms(pct(sqlT, 50))}`));
    console.log(loadRow(`${CLIENTS}, in the server's process`, inProc, `process CPU ${inProc.serverCpu!.toFixed(0)} %`));
    console.log(loadRow(`${CLIENTS}, separate process`, external, `server CPU ${external.serverCpu!.toFixed(0)} %, client CPU ${external.clientCpu!.toFixed(0)} %; ${(repeats * 100).toFixed(1)} % of the requests repeat an earlier one`));
    console.log(loadRow(`${CLIENTS}, separate process, result cache off`, externalNoCache, `server CPU ${externalNoCache.serverCpu!.toFixed(0)} %, client CPU ${externalNoCache.clientCpu!.toFixed(0)} %`));
    console.log(loadRow(`${CLIENTS}, DuckDB alone (same SQL, no HTTP, no cache)`, duckdb, `API (separate process) at ${((external.perSec / duckdb.perSec) * 100).toFixed(0)} % of it`));
    figures.set(snap, { single: singleF, inProc, external, externalNoCache, repeats, duckdb, sqlP50: pct(sqlT, 50), rawP50: pct(rawT, 50), cpuMean: cpuT.reduce((x, y) => x + y, 0) / cpuT.length });
  }
  await db.close();
}

console.log(`# Beltscope bench — ${new Date().toISOString().slice(0, 10)}, ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`);
console.log(`Load: ${CLIENTS} clients, ${REQUESTS} requests or ${SECONDS} s per run, whichever ends first.`);
for (const s of sizes) await benchSize(s);

// Side by side: sizes × mixes, and the goals of issue 6.
console.log(`\n## Summary (${CLIENTS} clients)
| size | windows | separate process | p50 | p99 | per server CPU-second | in-process | p99 | 1 client p50 | DuckDB alone | SQL CPU per query |
|---|---|---|---|---|---|---|---|---|---|---|`);
for (const [size, f] of summary) {
  for (const [snap, x] of f) {
    console.log(`| ${size} | ${snap === 'days' ? 'random days' : 'whole months'} | ${x.external.perSec.toFixed(0)} /s | ${ms(x.external.p50)} | ${ms(x.external.p99)} | ${perCpu(x.external).toFixed(0)} | ${x.inProc.perSec.toFixed(0)} /s | ${ms(x.inProc.p99)} | ${ms(x.single.p50)} | ${x.duckdb.perSec.toFixed(0)} /s | ${ms(x.cpuMean)} |`);
  }
}
// Requests per second of the server process's CPU: what the machine would serve per core if
// nothing else ran on it (the bench machine may be shared: wall-clock figures then fall with it).
function perCpu(f: LoadFigures) { return f.perSec / ((f.serverCpu ?? NaN) / 100); }
const verdict = (ok: boolean) => (ok ? 'met' : 'NOT met');
console.log('');
for (const [size, f] of summary) {
  const d = f.get('days'); const m = f.get('months');
  if (d && m) {
    const tr = d.external.perSec / m.external.perSec; const pr = d.external.p99 / m.external.p99;
    console.log(`- ${size}: random days at ${tr.toFixed(2)}× the whole-month throughput (goal ≥ 0.8: ${verdict(tr >= 0.8)}; per server CPU-second ${(perCpu(d.external) / perCpu(m.external)).toFixed(2)}×), p99 ${pr.toFixed(2)}× (goal ≤ 1.25: ${verdict(pr <= 1.25)}); whole-month p99 ${ms(m.external.p99)} (aim ≤ 400 ms: ${verdict(m.external.p99 <= 400)}).`);
    const trN = d.externalNoCache.perSec / m.externalNoCache.perSec; const prN = d.externalNoCache.p99 / m.externalNoCache.p99;
    console.log(`- ${size}, result cache off (the months mix repeats ${(m.repeats * 100).toFixed(1)} % of its requests, the days mix ${(d.repeats * 100).toFixed(1)} %): random days at ${trN.toFixed(2)}× the whole-month throughput (goal ≥ 0.8: ${verdict(trN >= 0.8)}), p99 ${prN.toFixed(2)}× (goal ≤ 1.25: ${verdict(prN <= 1.25)}).`);
  }
  for (const [snap, x] of f) {
    console.log(`- ${size}, ${snap}: single-client p50 ${ms(x.single.p50)} (goal ≤ 10 ms: ${verdict(x.single.p50 <= 10)}); errors ${x.external.errors + x.inProc.errors} (goal 0: ${verdict(x.external.errors + x.inProc.errors === 0)}).`);
  }
}
const [small, large] = [...summary.keys()].slice(-2);
if (small && large && small !== large) {
  for (const snap of mixes) {
    const a = summary.get(small)!.get(snap); const b = summary.get(large)!.get(snap);
    if (!a || !b) continue;
    const r = b.external.perSec / a.external.perSec;
    console.log(`- ${large} against ${small}, ${snap}: throughput ${r.toFixed(2)}× (goal ≥ 0.7: ${verdict(r >= 0.7)}); per server CPU-second ${(perCpu(b.external) / perCpu(a.external)).toFixed(2)}×; SQL CPU per query ${(a.cpuMean / b.cpuMean).toFixed(2)}× as cheap; DuckDB alone ${(b.duckdb.perSec / a.duckdb.perSec).toFixed(2)}×.`);
  }
}

// First paint in a browser, in its own process: the query bench's databases are closed by now.
if (!values['no-paint']) {
  const paint = spawnSync(process.execPath, ['--import', 'tsx', fileURLToPath(new URL('./paint.ts', import.meta.url))], { stdio: 'inherit' });
  if (paint.status !== 0) process.exitCode = paint.status ?? 1;
}
