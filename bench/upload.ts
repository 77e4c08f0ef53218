/**
 * npx tsx bench/upload.ts [--loads 4] [--lines 4000] [--no-warmup]
 *
 * Issue 7's small-load goal as it is written: a 4,000-line export *uploaded to a running server*
 * over 10M order lines, against the same upload next to 20k lines. For each database it starts
 * the real server (cli/serve.ts, a scratch copy of the database), waits for its warm-up (a server
 * in use has read its rollups), then posts the monthly Douyin exports one after another to
 * POST /api/ingest with curl, a separate client process as a browser or script would be, and
 * times each from the client: upload, parse, merge, rollup refresh, commit. Each upload starts
 * when the previous answer came back; the warm-up the previous commit scheduled may still run.
 *
 * --no-warmup starts the server without its background warm-up (server/api/warmup.ts), which
 * otherwise runs the default views' queries again after every commit, beside the next upload.
 *
 * It reuses what `npx tsx bench/ingest-refresh.ts --prepare` makes in bench/.data/: the 10M and
 * 20k databases relabelled as real data, and the exports (run ingest-refresh.ts once first).
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { copyFileSync, existsSync, readFileSync, rmSync } from 'node:fs';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { startServer } from '../cli/serve.ts';
import { listMigrations } from '../db/migrate.ts';

const { values } = parseArgs({ options: {
  loads: { type: 'string', default: '4' }, lines: { type: 'string', default: '4000' }, 'no-warmup': { type: 'boolean', default: false },
} });
const LOADS = Number(values.loads);
const LINES = Number(values.lines);
const DATA = fileURLToPath(new URL('./.data/', import.meta.url));
const SCHEMA = Math.max(...listMigrations().map((m) => m.version));
const GOAL_MS = 2000;
const GOAL_RATIO = 3;

const need = (path: string) => {
  if (!existsSync(path)) throw new Error(`${path} is missing: run \`npx tsx bench/ingest-refresh.ts --lines ${LINES} --loads ${LOADS}\` once first (it prepares the databases and writes the exports)`);
  return path;
};
const databases = [
  { name: '20k lines', path: need(`${DATA}ingest-refresh-demo-20000-s${SCHEMA}.duckdb`) },
  { name: '10M lines', path: need(`${DATA}ingest-refresh-bench-10m-s${SCHEMA}.duckdb`) },
];
// The same monthly exports ingest-refresh.ts writes: October 2026 and the months before it.
const files = Array.from({ length: LOADS }, (_, i) => {
  const d = new Date(Date.UTC(2026, 9 - i, 1));
  return need(`${DATA}ingest-refresh/douyin-${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}-${LINES}.csv`);
});

const run = promisify(execFile);
const p50 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const results: { name: string; rows: number; ms: number[] }[] = [];
for (const d of databases) {
  const trial = `${DATA}upload-trial.duckdb`;
  for (const f of [trial, `${trial}.wal`]) rmSync(f, { force: true });
  copyFileSync(d.path, trial);
  const server = await startServer({ dbPath: trial, port: 0, log: (l) => console.error(`  [server] ${l}`), warmup: !values['no-warmup'] });
  try {
    await server.warmup?.idle();
    const [{ n }] = await server.db.query(`SELECT count(*)::BIGINT AS n FROM orders`);
    const [{ m }] = await server.db.query(`SELECT min(merchant_id) AS m FROM merchants WHERE belt_id = 'jingdezhen-ceramics'`);
    const ms: number[] = [];
    for (const file of files) {
      const out = `${trial}.answer.json`;
      // curl's own clock: from connecting to the last byte of the answer.
      // Asynchronously: the server answers from this process's event loop.
      const { stdout: w } = await run('curl', ['-sS', '-o', out, '-w', '%{http_code} %{time_total}', '-F', `file=@${file}`, '-F', `merchant=${m}`, `${server.url}/api/ingest`], { encoding: 'utf8' });
      const [code, secs] = w.trim().split(' ');
      const body = JSON.parse(readFileSync(out, 'utf8')) as { files?: { status: string; loaded: number }[] };
      if (code !== '200' || body.files?.[0]?.status !== 'loaded') throw new Error(`${file}: HTTP ${code} ${JSON.stringify(body).slice(0, 300)}`);
      ms.push(Number(secs) * 1000);
      rmSync(out, { force: true });
    }
    results.push({ name: d.name, rows: Number(n), ms });
    console.error(`${d.name}: ${ms.map((x) => `${Math.round(x)} ms`).join(', ')}`);
  } finally {
    await server.close();
    for (const f of [trial, `${trial}.wal`]) rmSync(f, { force: true });
  }
}

const [small, big] = results;
console.log(`# Uploads to a running server — ${new Date().toISOString().slice(0, 10)}, load average ${loadavg().map((x) => x.toFixed(1)).join(' ')}

${LOADS} monthly Douyin exports of ${LINES.toLocaleString('en')} lines, posted one after another to POST /api/ingest by curl, ${values['no-warmup'] ? 'the server started without its warm-up' : 'after the server\'s warm-up (which runs again after every commit)'}.

| database | order lines | each upload | first | median | goal |
|---|---|---|---|---|---|`);
for (const r of results) {
  const worst = Math.max(...r.ms);
  console.log(`| ${r.name} | ${r.rows.toLocaleString('en')} | ${r.ms.map((x) => `${Math.round(x)} ms`).join(', ')} | ${Math.round(r.ms[0])} ms | ${Math.round(p50(r.ms))} ms | ${r === big ? `≤ ${GOAL_MS} ms: ${worst <= GOAL_MS ? 'met' : 'NOT met'}` : ''} |`);
}
const ratio = p50(big.ms) / p50(small.ms);
console.log(`\nMedian at 10M / median at 20k: ${ratio.toFixed(2)}× (goal ≤ ${GOAL_RATIO}×: ${ratio <= GOAL_RATIO ? 'met' : 'NOT met'}); first uploads ${(big.ms[0] / small.ms[0]).toFixed(2)}×.`);
