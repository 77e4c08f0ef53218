/**
 * npm run bench:ingest-profile [-- --rows 200000 --file canonical|douyin|taobao --threads 1]
 *
 * Where a load's time goes, statement by statement: CPU seconds (the process's, so DuckDB's
 * threads and Node's together) and wall seconds of every SQL statement the ingest engine runs,
 * with one DuckDB thread by default, because on a shared machine wall times drift while CPU
 * seconds of one thread do not. Reads the files bench/ingest.ts generates (run it once first).
 */
import { DuckDBConnection } from '@duckdb/node-api';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { Database } from '../db/database.ts';
import { ingestFiles } from '../pipelines/ingest/ingest.ts';

const { values } = parseArgs({ options: {
  rows: { type: 'string', default: '200000' }, file: { type: 'string', default: 'all' }, threads: { type: 'string', default: '1' },
} });
const dir = fileURLToPath(new URL('./.data/ingest/', import.meta.url));
const files: Record<string, [string, Record<string, string>]> = {
  canonical: [`${dir}canonical-orders-${values.rows}.csv`, {}],
  douyin: [`${dir}douyin-${values.rows}.csv`, { merchant: 'BENCH-M' }],
  taobao: [`${dir}taobao-${values.rows}.csv`, { merchant: 'BENCH-M' }],
};

interface Stat { sql: string; n: number; cpu: number; wall: number }
let stats = new Map<string, Stat>();
const cpuNow = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1e6; };
// Every statement through the two entry points the engine uses (runAndReadAll does not call run).
const proto = DuckDBConnection.prototype as unknown as Record<string, (...a: unknown[]) => Promise<unknown>>;
for (const method of ['run', 'runAndReadAll']) {
  const original = proto[method];
  proto[method] = async function (this: DuckDBConnection, ...args: unknown[]) {
    const text = String(args[0]).replace(/\s+/g, ' ').trim();
    const key = text.slice(0, 90);
    const [c0, w0] = [cpuNow(), performance.now()];
    try {
      return await original.apply(this, args);
    } finally {
      const s = stats.get(key) ?? { sql: key, n: 0, cpu: 0, wall: 0 };
      s.n++; s.cpu += cpuNow() - c0; s.wall += (performance.now() - w0) / 1000;
      stats.set(key, s);
    }
  };
}

for (const [name, [file, o]] of Object.entries(files)) {
  if (values.file !== 'all' && values.file !== name) continue;
  if (!existsSync(file)) throw new Error(`${file} is missing: run npm run bench:ingest -- --rows ${values.rows} once first`);
  const db = await Database.open(':memory:', { readers: 1 });
  try {
    await db.write(async (con) => {
      await con.run(`SET GLOBAL threads = ${Number(values.threads)}`);
      await con.run(`INSERT INTO merchants (merchant_id, belt_id, name) VALUES ('BENCH-M', 'jingdezhen-ceramics', 'bench')`);
    }, { derived: false });
    stats = new Map();
    const [c0, w0] = [cpuNow(), performance.now()];
    const r = await ingestFiles(db, [file], { hashKey: 'bench', ...o });
    const [cpu, wall] = [cpuNow() - c0, (performance.now() - w0) / 1000];
    const f = r.files[0];
    const refresh = db.lastRefresh;
    console.log(`\n## ${name}: ${f.status}, ${f.loaded} loaded, ${f.quarantined} quarantined; ${cpu.toFixed(2)} s CPU, ${wall.toFixed(2)} s wall; refresh ${refresh?.mode} ${((refresh?.ms ?? 0) / 1000).toFixed(2)} s wall`);
    // DuckDB alone, as bench/ingest.ts measures it: the file into a table of text (GBK read as Latin-1).
    const width = readFileSync(file).subarray(0, 4096).toString('latin1').split(/\r?\n/)[0].split(',').length;
    const [b0, bw0] = [cpuNow(), performance.now()];
    await db.write(async (con) => {
      await con.run(`CREATE TEMP TABLE bench_csv AS SELECT * FROM read_csv($f, auto_detect = false, header = true, delim = ',', quote = '"', escape = '"',
        strict_mode = false, null_padding = true, ignore_errors = true, encoding = '${name === 'taobao' ? 'latin-1' : 'utf-8'}', columns = {${Array.from({ length: Number(width) }, (_, i) => `'c${i}': 'VARCHAR'`).join(', ')}})`, { f: file });
      await con.run('DROP TABLE bench_csv');
    }, { derived: false });
    console.log(`DuckDB read_csv alone: ${(cpuNow() - b0).toFixed(2)} s CPU, ${((performance.now() - bw0) / 1000).toFixed(2)} s wall`);
    const sorted = [...stats.values()].sort((a, b) => b.cpu - a.cpu);
    const inSql = sorted.reduce((a, s) => a + s.cpu, 0);
    // The rollup refresh's statements, by what they touch (its own tables); the rest is the load.
    const isRefresh = (s: Stat) => /\bro_\w|\binc_\w|split_orders|buyer_keys|full_buyers|orders_enriched|COMMENT ON|FROM touched_(days|keys)/.test(s.sql)
      && !/^INSERT INTO touched_/.test(s.sql);
    const refreshCpu = sorted.filter(isRefresh).reduce((a, s) => a + s.cpu, 0);
    console.log(`statements: ${sorted.reduce((a, s) => a + s.n, 0)}, ${inSql.toFixed(2)} s CPU in SQL, ${(cpu - inSql).toFixed(2)} s outside;`
      + ` the refresh's ${refreshCpu.toFixed(2)} s CPU, the rest of the load ${(cpu - refreshCpu).toFixed(2)} s CPU`);
    console.log('| CPU s | wall s | n | statement |\n|---|---|---|---|');
    for (const s of sorted.slice(0, 25)) console.log(`| ${s.cpu.toFixed(3)} | ${s.wall.toFixed(3)} | ${s.n} | ${s.sql.replace(/\|/g, '\\|')} |`);
  } finally {
    await db.close();
  }
}
