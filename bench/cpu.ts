/**
 * npx tsx bench/cpu.ts [--db bench/.data/bench-10m.duckdb] [--n 30] [--rounds 3] [--kinds a,b]
 *                      [--explain kind] [--sql kind] [--compose-from months] [--against dir]
 *
 * DuckDB CPU per query of the dashboard mix (bench/mix.ts), per kind, with windows on random
 * days and snapped to whole months, on one DuckDB thread per query as the server runs. Each query
 * is planned as the API plans it (parseMetricsParams, planMetrics) and run as bench/run.ts runs
 * "the same SQL on DuckDB": prepared statements, main and totals in parallel, already warm. The
 * figure is this process's CPU time for the call (process.cpuUsage: DuckDB's thread and the
 * result's conversion in JS), which a busy shared machine inflates far less than wall time.
 * Rounds alternate the two mixes, so drift in the machine's state falls on both alike.
 *
 * It opens an existing bench database (`npm run bench -- --sizes 10m` generates one). Rollups
 * built under other declarations are rebuilt on open, so after changing a rollup's declaration
 * the first run takes a while and writes to that file.
 *
 * `--against dir` pairs this checkout's planner with another's (e.g. a commit unpacked with
 * `git archive <commit> | tar -x -C dir`, node_modules linked): each query planned by both, the
 * two run alternately on the same connections, so a busy machine slows both alike. On a shared
 * machine this is the comparison to trust; separate runs can differ by 30 % or more.
 *
 * `--explain kind` prints, for the first query of that kind in each mix, its SQL, parameters and
 * DuckDB's EXPLAIN ANALYZE of the main statement; `--sql kind` only the SQL.
 */
import { cpus, loadavg } from 'node:os';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { Database } from '../db/database.ts';
import { DEFAULT_THREADS } from '../cli/serve.ts';
import { parseMetricsParams } from '../server/query/params.ts';
import { planMetrics } from '../server/query/plan.ts';
import { setComposeFrom } from '../server/query/factSelect.ts';
import { DASHBOARD_KINDS, queryMix, type Snap } from './mix.ts';

const { values } = parseArgs({ options: {
  db: { type: 'string', default: 'bench/.data/bench-10m.duckdb' },
  n: { type: 'string', default: '30' }, rounds: { type: 'string', default: '3' },
  kinds: { type: 'string' }, explain: { type: 'string' }, sql: { type: 'string' },
  'compose-from': { type: 'string' }, against: { type: 'string' },
} });
// To compare: compose windows of at least this many whole months, whatever the declarations say.
if (values['compose-from']) setComposeFrom(Number(values['compose-from']));
const N = Number(values.n);
const ROUNDS = Number(values.rounds);
const kinds = values.kinds ? values.kinds.split(',') : [...DASHBOARD_KINDS];
const SNAPS: Snap[] = ['days', 'months'];
const SEED = 42; // bench/run.ts's

const db = await Database.open(values.db!, { threads: DEFAULT_THREADS });
const info = (await db.query(`SELECT CAST(min(paid_at)::DATE AS VARCHAR) AS "from", CAST(max(paid_at)::DATE AS VARCHAR) AS "to", count(*)::INTEGER AS n FROM orders`))[0];
const range = { from: String(info.from), to: String(info.to) };

const plan = (qs: string) => {
  const { query } = parseMetricsParams(Object.fromEntries(new URLSearchParams(qs)), range);
  return planMetrics(query, 50_001);
};
/** As the API runs a query: prepared statements, main and totals in parallel. */
const run = (qs: string) => {
  const p = plan(qs);
  return Promise.all([db.pool.runPrepared(p.sql, p.params, db.dataVersion),
    p.totalsSql ? db.pool.runPrepared(p.totalsSql, p.totalsParams, db.dataVersion) : null]);
};
const cpuTime = async (fn: () => Promise<unknown>) => { const c = process.cpuUsage(); await fn(); const d = process.cpuUsage(c); return (d.user + d.system) / 1000; };
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const median = (xs: number[]) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };

const only = values.explain ?? values.sql;
if (only) {
  for (const snap of SNAPS) {
    const { qs } = queryMix(range, SEED, { snap, only })(1000);
    const p = plan(qs);
    console.log(`\n## ${only}, ${snap}: ${qs}\nsources: ${JSON.stringify(p.sources)}\n${p.sql}\n${JSON.stringify(p.params)}`);
    if (p.totalsSql) console.log(`-- totals\n${p.totalsSql}\n${JSON.stringify(p.totalsParams)}`);
    if (values.explain) {
      await run(qs);
      const rows = await db.query(`EXPLAIN ANALYZE ${p.sql}`, p.params);
      console.log(String(rows[0].explain_value));
    }
  }
  await db.close();
  process.exit(0);
}

if (values.against) {
  const dir = resolve(values.against);
  const other = await import(pathToFileURL(`${dir}/server/query/plan.ts`).href) as { planMetrics: typeof planMetrics };
  const otherParams = await import(pathToFileURL(`${dir}/server/query/params.ts`).href) as { parseMetricsParams: typeof parseMetricsParams };
  const runPlan = (p: ReturnType<typeof planMetrics>) => Promise.all([db.pool.runPrepared(p.sql, p.params, db.dataVersion),
    p.totalsSql ? db.pool.runPrepared(p.totalsSql, p.totalsParams, db.dataVersion) : null]);
  console.log(`# DuckDB CPU per query, ${dir} (before) against this checkout (after), paired; ${N} queries per kind, each twice; load ${loadavg().map((x) => x.toFixed(1)).join(' ')}`);
  console.log('\n| kind | days before | days after | months before | months after |\n|---|---|---|---|---|');
  const mix = { db: [] as number[], da: [] as number[], mb: [] as number[], ma: [] as number[] };
  for (const kind of kinds) {
    const cells: string[] = [];
    for (const snap of SNAPS) {
      const [b, a]: number[][] = [[], []];
      const next = queryMix(range, SEED, { snap, only: kind });
      for (let i = 0; i < N; i++) {
        const qs = Object.fromEntries(new URLSearchParams(next(1000 + i).qs));
        const pb = other.planMetrics(otherParams.parseMetricsParams(qs, range).query, 50_001);
        const pa = planMetrics(parseMetricsParams(qs, range).query, 50_001);
        await runPlan(pb); await runPlan(pa); // warm
        for (let k = 0; k < 2; k++) {
          // Alternate which goes first, so neither always runs on a warmer cache.
          if ((i + k) % 2) { b.push(await cpuTime(() => runPlan(pb))); a.push(await cpuTime(() => runPlan(pa))); }
          else { a.push(await cpuTime(() => runPlan(pa))); b.push(await cpuTime(() => runPlan(pb))); }
        }
      }
      cells.push(`${mean(b).toFixed(2)} (p50 ${median(b).toFixed(2)})`, `${mean(a).toFixed(2)} (p50 ${median(a).toFixed(2)})`);
      (snap === 'days' ? mix.db : mix.mb).push(mean(b)); (snap === 'days' ? mix.da : mix.ma).push(mean(a));
    }
    console.log(`| ${kind} | ${cells.join(' | ')} |`);
  }
  console.log(`| **mix** | ${mean(mix.db).toFixed(2)} | ${mean(mix.da).toFixed(2)} | ${mean(mix.mb).toFixed(2)} | ${mean(mix.ma).toFixed(2)} |`);
  console.log(`\nDays / months CPU: before ${(mean(mix.db) / mean(mix.mb)).toFixed(2)}×, after ${(mean(mix.da) / mean(mix.ma)).toFixed(2)}×. Means of CPU ms per query (main and totals); p50 in brackets.`);
  await db.close();
  process.exit(0);
}

console.log(`# DuckDB CPU per query — ${Number(info.n).toLocaleString('en')} order lines, ${range.from} … ${range.to}; ${N} queries per kind, ${ROUNDS} rounds; ${cpus().length} cores, load ${loadavg().map((x) => x.toFixed(1)).join(' ')}`);
// cpu[snap][kind] = one mean per round
const cpu = new Map(SNAPS.map((s) => [s, new Map(kinds.map((k) => [k, [] as number[]]))]));
const sources = new Map<string, string>();
for (let round = 0; round < ROUNDS; round++) {
  for (const snap of round % 2 ? [...SNAPS].reverse() : SNAPS) {
    for (const kind of kinds) {
      const mix = queryMix(range, SEED, { snap, only: kind });
      const xs: number[] = [];
      for (let i = 0; i < N; i++) {
        const { qs } = mix(1000 + i);
        await run(qs); // warm: prepared on its connection, its blocks in memory
        xs.push(await cpuTime(() => run(qs)));
        if (round === 0 && i === 0) sources.set(`${snap}|${kind}`, Object.values(plan(qs).sources).join(', '));
      }
      cpu.get(snap)!.get(kind)!.push(mean(xs));
    }
  }
}

// The median of the rounds' means: one disturbed round does not move it.
const fig = (snap: Snap, kind: string) => median(cpu.get(snap)!.get(kind)!);
console.log(`\n| kind | random days CPU ms | whole months CPU ms | days / months | read from (days; months) |\n|---|---|---|---|---|`);
for (const kind of kinds) {
  const [d, m] = [fig('days', kind), fig('months', kind)];
  console.log(`| ${kind} | ${d.toFixed(2)} | ${m.toFixed(2)} | ${(d / m).toFixed(2)}× | ${sources.get(`days|${kind}`)}; ${sources.get(`months|${kind}`)} |`);
}
// The mix draws its kinds uniformly: its mean CPU is the kinds' mean.
const [dm, mm] = [mean(kinds.map((k) => fig('days', k))), mean(kinds.map((k) => fig('months', k)))];
console.log(`| **mix** | ${dm.toFixed(2)} | ${mm.toFixed(2)} | ${(dm / mm).toFixed(2)}× | |`);
console.log(`\nPer round (days / months mix means): ${[...Array(ROUNDS).keys()].map((r) => `${mean(kinds.map((k) => cpu.get('days')!.get(k)![r])).toFixed(2)} / ${mean(kinds.map((k) => cpu.get('months')!.get(k)![r])).toFixed(2)}`).join(', ')}; load ${loadavg().map((x) => x.toFixed(1)).join(' ')}`);
await db.close();
