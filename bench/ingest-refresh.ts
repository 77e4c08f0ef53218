/**
 * npx tsx bench/ingest-refresh.ts [--big FILE] [--small 20000] [--lines 4000] [--loads 4] [--mode auto|full] [--reads 40]
 *
 * A shop's monthly Douyin order export (--lines lines, one month, an existing merchant of the
 * database) loaded through the ingest engine into a big database and into a small one, both
 * the demo relabelled as real data so that real files may be loaded beside it:
 *   - the big one is a scratch copy of --big (default bench/.data/bench-10m.duckdb; a 2M-line
 *     demo is generated when it is missing); the source file is only ever copied, never opened;
 *   - the small one a --small-line demo.
 * For each: the time of each load (--loads files, one month each, going back from October 2026)
 * and of its rollup refresh; the refresh on its own (incremental over the last file's days and
 * slices, and full); and the read paths (the dashboard's query mix, bench/mix.ts) on rollups
 * holding the refreshed rows appended out of order, against copies of them in declared order.
 * --mode full makes every load rebuild every rollup, as loads did before incremental refresh.
 * Scratch databases live in bench/.data/ (git-ignored); prepared copies are kept for the next run
 * (--prepare makes them and stops: at 10M that is one full rollup build, minutes).
 */
import { copyFileSync, existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { loadavg } from 'node:os';
import { basename } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { Database } from '../db/database.ts';
import { listMigrations } from '../db/migrate.ts';
import { generateDemo } from '../pipelines/demo/generate.ts';
import { ingestFiles } from '../pipelines/ingest/ingest.ts';
import { planMetrics } from '../server/query/plan.ts';
import { ROLLUP_BUILD_ORDER } from '../catalog/sources.ts';
import { parseMetricsParams } from '../server/query/params.ts';
import { DASHBOARD_KINDS, BUYER_KINDS, queryMix } from './mix.ts';
import { DOUYIN_HEAD, douyinLine, writeCsv } from '../tests/pipeline/ingest-fixtures.ts';

const { values } = parseArgs({
  options: {
    big: { type: 'string' }, small: { type: 'string', default: '20000' }, lines: { type: 'string', default: '4000' },
    loads: { type: 'string', default: '4' }, mode: { type: 'string', default: 'auto' }, reads: { type: 'string', default: '40' },
    memory: { type: 'string', default: '10GB' }, prepare: { type: 'boolean', default: false },
  },
});
const DATA = fileURLToPath(new URL('./.data/', import.meta.url));
const FILES = `${DATA}ingest-refresh/`;
mkdirSync(FILES, { recursive: true });
const LINES = Number(values.lines);
const LOADS = Number(values.loads);
const FULL = values.mode === 'full';
const SCHEMA = Math.max(...listMigrations().map((m) => m.version));
const log = (s: string) => process.stderr.write(`${s}\n`);
const ms = (t0: number) => performance.now() - t0;
/** CPU time of this process (DuckDB's threads included) since `c0`, ms: steadier than wall time on a shared machine. */
const cpuMs = (c0: NodeJS.CpuUsage) => { const d = process.cpuUsage(c0); return (d.user + d.system) / 1000; };
const p50 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** A database file made ready once per source and schema: migrated, rollups built, demo relabelled real. */
async function prepared(label: string, make: (path: string) => Promise<void>): Promise<string> {
  const path = `${DATA}ingest-refresh-${label}-s${SCHEMA}.duckdb`;
  if (existsSync(path)) {
    // Opening it rebuilds its rollups once if their declarations changed since it was made.
    await (await Database.open(path, { readers: 1 })).close();
    return path;
  }
  const tmp = `${path}.tmp`;
  rmSync(tmp, { force: true });
  rmSync(`${tmp}.wal`, { force: true });
  const t0 = performance.now();
  await make(tmp);
  const db = await Database.open(tmp, { readers: 1 }); // migrations, and rollups when older
  await db.write(async (con) => { await con.run(`UPDATE datasets SET kind = 'real', source = 'demo-generator (relabelled real for bench/ingest-refresh.ts)'`); }, { derived: false });
  await db.close();
  renameSync(tmp, path);
  log(`prepared ${path} in ${(ms(t0) / 1000).toFixed(1)} s`);
  return path;
}

const bigSource = values.big ?? `${DATA}bench-10m.duckdb`;
const big = existsSync(bigSource)
  ? await prepared(basename(bigSource, '.duckdb'), async (p) => copyFileSync(bigSource, p))
  : await prepared('demo-2m', async (p) => {
    const db = await Database.open(p, { readers: 1 });
    await db.write((con) => generateDemo(con, { orders: 2_000_000, seed: 1 }));
    await db.close();
  });
const small = await prepared(`demo-${values.small}`, async (p) => {
  const db = await Database.open(p, { readers: 1 });
  await db.write((con) => generateDemo(con, { orders: Number(values.small), seed: 1 }));
  await db.close();
});

if (values.prepare) process.exit(0);

/** Monthly exports of one shop, going back from October 2026: ids above any the demo has. */
function exportFile(i: number): { path: string; month: string } {
  const d = new Date(Date.UTC(2026, 9 - i, 1));
  const month = `${d.getUTCFullYear()}/${String(d.getUTCMonth() + 1).padStart(2, '0')}`;
  const path = `${FILES}douyin-${month.replace('/', '-')}-${LINES}.csv`;
  if (existsSync(path)) return { path, month };
  const rows: (string | number)[][] = [DOUYIN_HEAD];
  let line = 0;
  for (let p = 0; rows.length <= LINES; p++) {
    const parent = `69189${String(i).padStart(2, '0')}${String(p).padStart(12, '0')}`;
    const days = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate();
    const paid = `${month}/${String(1 + (p * 7) % days).padStart(2, '0')} ${String(8 + (p % 15)).padStart(2, '0')}:${String((p * 13) % 60).padStart(2, '0')}:${String(p % 60).padStart(2, '0')}`;
    const k = p % 6 === 0 ? 2 + (p % 2) : 1; // a sixth of the orders split into 2–3 lines
    for (let j = 0; j < k && rows.length <= LINES; j++) {
      rows.push(douyinLine({
        parent, line: `69199${String(i).padStart(2, '0')}${String(line++).padStart(12, '0')}`, amount: `${19 + (p * 37 + j * 11) % 900}.${p % 10}0`, paid,
        after: p % 13 === 0 ? '退款成功' : p % 17 === 0 ? '售后处理中' : '-', qty: 1 + (p % 3 === 0 ? 1 : 0), source: p % 4 === 0 ? '商品卡' : '直播',
      }));
    }
  }
  const dir = FILES.replace(/\/$/, '');
  return { path: writeCsv(dir, basename(path), rows), month };
}
const files = Array.from({ length: LOADS }, (_, i) => exportFile(i));

interface Result {
  name: string; rows: number; loads: { month: string; ms: number; cpu: number; refreshMs?: number; mode?: string; read?: number }[];
  incrementalAlone?: number; incrementalCpu?: number; fullAlone: number; fullCpu: number; readsAppended: Record<string, number>; readsOrdered: Record<string, number>; appended: string;
}

const readKinds = [...DASHBOARD_KINDS, ...BUYER_KINDS];
/**
 * The read paths on the rollups as the loads left them (refreshed rows appended at the end)
 * against copies of the same rollups in their declared order, in the same state and process:
 * each query's planned SQL runs on both, alternating which goes first, many times.
 */
async function reads(db: Database): Promise<{ appended: Record<string, number>; ordered: Record<string, number> }> {
  await db.write(async (con) => {
    await con.run('CREATE SCHEMA IF NOT EXISTS bench_sorted');
    for (const r of ROLLUP_BUILD_ORDER) await con.run(`CREATE OR REPLACE TABLE bench_sorted.${r.table} AS SELECT * FROM ${r.table} ORDER BY ${r.build!.orderBy.join(', ')}`);
  }, { derived: false });
  const [range] = await db.query(`SELECT min(paid_at)::DATE::VARCHAR AS "from", max(paid_at)::DATE::VARCHAR AS "to" FROM orders`);
  const sorted = (q: string) => q.replace(/\b(ro_[a-z_]+)\b/g, 'bench_sorted.$1');
  const run = async (plan: ReturnType<typeof planMetrics>, map: (q: string) => string) => {
    const t0 = performance.now();
    await db.query(map(plan.sql), plan.params);
    if (plan.totalsSql) await db.query(map(plan.totalsSql), plan.totalsParams);
    return ms(t0);
  };
  const appended: Record<string, number> = {};
  const ordered: Record<string, number> = {};
  for (const kind of readKinds) {
    const next = queryMix(range as { from: string; to: string }, 7, { snap: 'days', withBuyers: true, only: kind });
    const a: number[] = [];
    const b: number[] = [];
    for (let i = -3; i < Number(values.reads); i++) {
      const { query } = parseMetricsParams(Object.fromEntries(new URLSearchParams(next(Math.max(i, 0)).qs)), range as never);
      const plan = planMetrics(query, 50_001);
      const first = i % 2 === 0;
      const x = first ? await run(plan, (q) => q) : 0;
      const y = await run(plan, sorted);
      const z = first ? 0 : await run(plan, (q) => q);
      if (i >= 0) { a.push(x + z); b.push(y); } // the first three unmeasured
    }
    appended[kind] = p50(a);
    ordered[kind] = p50(b);
  }
  await db.write(async (con) => { await con.run('DROP SCHEMA bench_sorted CASCADE'); }, { derived: false });
  return { appended, ordered };
}

async function bench(name: string, source: string): Promise<Result> {
  const trial = `${DATA}ingest-refresh-trial.duckdb`;
  rmSync(trial, { force: true });
  rmSync(`${trial}.wal`, { force: true });
  copyFileSync(source, trial);
  const db = await Database.open(trial, { readers: 2 });
  try {
    await db.write(async (con) => { await con.run(`SET memory_limit = '${values.memory}'`); }, { derived: false });
    if (FULL) {
      // Every load rebuilds every rollup, as before incremental refresh.
      const write = db.write.bind(db);
      db.write = ((fn, o = {}) => write(fn, o.derived === false ? o : { ...o, derived: 'full' })) as Database['write'];
    }
    const [{ n }] = await db.query(`SELECT count(*)::BIGINT AS n FROM orders`);
    const [{ m }] = await db.query(`SELECT min(merchant_id) AS m FROM merchants WHERE belt_id = 'jingdezhen-ceramics'`);
    log(`${name}: ${Number(n).toLocaleString('en')} order lines; loading as merchant ${m}`);
    const r: Result = { name, rows: Number(n), loads: [], fullAlone: 0, fullCpu: 0, readsAppended: {}, readsOrdered: {}, appended: '' };
    for (const f of files) {
      const t0 = performance.now();
      const c0 = process.cpuUsage();
      const [s] = (await ingestFiles(db, [f.path], { hashKey: 'bench', merchant: String(m) })).files;
      const took = ms(t0);
      const cpu = cpuMs(c0);
      if (s.status !== 'loaded') throw new Error(`${f.path}: ${s.status} ${s.message}`);
      const refresh = (db as unknown as { lastRefresh?: { ms: number; mode: string; rows?: Record<string, number> } }).lastRefresh;
      r.loads.push({ month: f.month, ms: took, cpu, refreshMs: refresh?.ms, mode: refresh?.mode, read: refresh?.rows?.orders });
      log(`  load ${f.month}: ${took.toFixed(0)} ms (refresh ${refresh ? `${refresh.mode} ${refresh.ms.toFixed(0)} ms` : 'n/a'})`);
    }
    const comments = await db.query(`SELECT table_name AS t, comment AS c, estimated_size::BIGINT AS n FROM duckdb_tables() WHERE table_name LIKE 'ro\\_%' ESCAPE '\\' ORDER BY estimated_size`);
    r.appended = comments.map((x) => `${x.t} ${String(x.c ?? '').match(/\+(\d+)$/)?.[1] ?? '?'}/${Number(x.n).toLocaleString('en')}`).join(', ');
    ({ appended: r.readsAppended, ordered: r.readsOrdered } = await reads(db));
    const derived = await import('../db/derived.ts') as Record<string, unknown>;
    if (typeof derived.touchRows === 'function' && !FULL) {
      const touch = derived.touchRows as (con: unknown, table: string, rows: string) => Promise<void>;
      const [{ id }] = await db.query(`SELECT max(dataset_id) AS id FROM datasets WHERE file_name = $f`, { f: basename(files.at(-1)!.path) });
      const t0 = performance.now();
      const c0 = process.cpuUsage();
      await db.write((con) => touch(con, 'orders', `SELECT * FROM orders WHERE dataset_id = ${Number(id)}`), { derived: 'incremental' });
      r.incrementalAlone = ms(t0);
      r.incrementalCpu = cpuMs(c0);
    }
    const t1 = performance.now();
    const c1 = process.cpuUsage();
    await db.write(async () => {}, { derived: 'full' });
    r.fullAlone = ms(t1);
    r.fullCpu = cpuMs(c1);
    return r;
  } finally {
    await db.close();
    rmSync(trial, { force: true });
    rmSync(`${trial}.wal`, { force: true });
  }
}

const load0 = loadavg()[0];
const results = [await bench('small', small), await bench('big', big)];
const [s, b] = results;
const fmt = (x?: number) => (x === undefined ? 'n/a' : x >= 10_000 ? `${(x / 1000).toFixed(1)} s` : `${x.toFixed(0)} ms`);
console.log(`\nIngest refresh bench (${FULL ? 'every load rebuilds every rollup' : 'incremental refresh'}): ${LINES.toLocaleString('en')}-line Douyin exports, one month each; load average ${load0.toFixed(1)} → ${loadavg()[0].toFixed(1)}\n`);
console.log(`| load | ${results.map((x) => `${x.rows.toLocaleString('en')} lines: load (refresh), CPU`).join(' | ')} | ratio (CPU) |\n|---|---|---|---|`);
for (let i = 0; i < LOADS; i++) {
  const cell = (x: Result) => {
    const l = x.loads[i];
    return `${fmt(l.ms)} (${l.mode ?? ''} ${fmt(l.refreshMs)}${l.read ? `, ${l.read.toLocaleString('en')} rows re-read` : ''}), ${fmt(l.cpu)}`;
  };
  console.log(`| ${s.loads[i].month} | ${cell(s)} | ${cell(b)} | ${(b.loads[i].ms / s.loads[i].ms).toFixed(2)}× (${(b.loads[i].cpu / s.loads[i].cpu).toFixed(2)}×) |`);
}
const med = (x: Result, k: 'ms' | 'cpu' = 'ms') => p50(x.loads.map((l) => l[k]));
console.log(`| **median** | ${fmt(med(s))}, ${fmt(med(s, 'cpu'))} | ${fmt(med(b))}, ${fmt(med(b, 'cpu'))} | ${(med(b) / med(s)).toFixed(2)}× (${(med(b, 'cpu') / med(s, 'cpu')).toFixed(2)}×) |`);
console.log(`\n| refresh on its own: wall (CPU) | ${results.map((x) => `${x.rows.toLocaleString('en')} lines`).join(' | ')} |\n|---|---|---|`);
console.log(`| incremental (the last file's days and slices) | ${fmt(s.incrementalAlone)} (${fmt(s.incrementalCpu)}) | ${fmt(b.incrementalAlone)} (${fmt(b.incrementalCpu)}) |`);
console.log(`| full (every rollup) | ${fmt(s.fullAlone)} (${fmt(s.fullCpu)}) | ${fmt(b.fullAlone)} (${fmt(b.fullCpu)}) |`);
console.log(`\nRead paths at ${b.rows.toLocaleString('en')} lines after the loads, p50 of ${values.reads} queries per kind (planned SQL and its totals, on one pooled connection each), interleaved: the rollups as refreshed (rows appended) vs copies of them in declared order\n`);
console.log(`| query | as refreshed | in order |\n|---|---|---|`);
for (const k of readKinds) console.log(`| ${k} | ${fmt(b.readsAppended[k])} | ${fmt(b.readsOrdered[k])} |`);
console.log(`\nRows appended out of order / rows, after the loads (big): ${b.appended}`);
