/**
 * npm run bench:ingest [-- --rows 1000000] [--rounds 3]
 *
 * Real-export ingestion against DuckDB alone, in one run on the same generated files, as
 * throughput ratios (rows/s of ours ÷ rows/s of DuckDB's read_csv into a table):
 *   - canonical CSV (columns named as orders' columns) through the ingest engine, with and
 *     without the rollup refresh (the refresh the load ran inside its transaction, as
 *     db/derived.ts times it, is subtracted);
 *   - a Douyin shop order export (UTF-8 with BOM, ids as "\t…", thousands separators);
 *   - a Taobao sold-orders export in GBK (ids as ="…", amounts in 元);
 *   - for the canonical file also DuckDB's typed read straight into orders (see duckdbTyped).
 * Files are generated with DuckDB's COPY into bench/.data/ingest/ (git-ignored).
 *
 * `--rounds N` measures each file N times, DuckDB and ours alternating, and reports the medians:
 * on a shared machine one round's ratio moves by a fifth from run to run.
 */
import { createReadStream, createWriteStream, existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import iconv from 'iconv-lite';
import { Database } from '../db/database.ts';
import { ingestFiles } from '../pipelines/ingest/ingest.ts';

const { values } = parseArgs({ options: { rows: { type: 'string', default: '1000000' }, rounds: { type: 'string', default: '1' } } });
const ROWS = Number(values.rows);
const ROUNDS = Number(values.rounds);
if (!Number.isInteger(ROUNDS) || ROUNDS < 1) throw new Error(`--rounds must be a whole number of at least 1 (got "${values.rounds}")`);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)];
const dir = fileURLToPath(new URL('./.data/ingest/', import.meta.url));
mkdirSync(dir, { recursive: true });
const seconds = (t0: number) => (performance.now() - t0) / 1000;

/** Rows of n synthetic order lines, as SQL the COPY statements format into each export's shape. */
const lines = (n: number) => `SELECT i, 6917000000000000000 + i AS id, (10 + (i * 7919) % 5000) / 10.0 AS amount,
  TIMESTAMP '2026-01-01 00:00:00' + to_seconds((i * 37) % (300 * 86400)) AS paid FROM range(${n}) t(i)`;

async function generate(db: Database) {
  const files = { canonical: `${dir}canonical-orders-${ROWS}.csv`, douyin: `${dir}douyin-${ROWS}.csv`, taobao: `${dir}taobao-${ROWS}.csv` };
  if (Object.values(files).every(existsSync)) return files;
  await db.write(async (con) => {
    await con.run(`COPY (SELECT 'douyin' AS platform_id, id::VARCHAR AS order_id, id::VARCHAR AS parent_order_id, 'BENCH-M' AS merchant_id,
        'jingdezhen-ceramics' AS belt_id, 'ceramics' AS category_id, true AS non_standard, 1 AS quantity, amount,
        strftime(paid, '%Y-%m-%d %H:%M:%S') AS paid_at, 0 AS refund_amount FROM (${lines(ROWS)}))
      TO '${files.canonical}' (HEADER, DELIMITER ',')`);
    const head = ['主订单编号', '子订单编号', '商品数量', '订单应付金额', '支付完成时间', '流量来源', '订单状态', '售后状态', '省', '市'];
    await con.run(`COPY (SELECT '\t' || id::VARCHAR AS a, '\t' || id::VARCHAR AS b, 1 AS c, format('{:,.2f}', amount) AS d,
        strftime(paid, '%Y/%m/%d %H:%M:%S') AS e, '直播' AS f, '已完成' AS g, '-' AS h, '浙江省' AS p, '杭州市' AS q FROM (${lines(ROWS)}))
      TO '${dir}douyin-body.csv' (HEADER false, DELIMITER ',', QUOTE '"', FORCE_QUOTE (a, b, d))`);
    await con.run(`COPY (SELECT '="' || (id - 6917000000000000000 + 2026000000000)::VARCHAR || '"' AS a, amount::VARCHAR || '元' AS b,
        '交易成功' AS c, '浙江省 杭州市 西湖区 示例路' AS d, strftime(paid, '%Y/%-m/%-d %H:%M') AS e, 'buyer' || (i % 50000)::VARCHAR AS f, '0.00' AS g
        FROM (${lines(ROWS)}))
      TO '${dir}taobao-utf8.csv' (HEADER false, DELIMITER ',')`);
    const douyin = createWriteStream(files.douyin);
    douyin.write(`\uFEFF${head.join(',')}\r\n`);
    await pipeline(createReadStream(`${dir}douyin-body.csv`), douyin);
    const taobao = createWriteStream(files.taobao);
    taobao.write(iconv.encode('订单编号,买家实际支付金额,订单状态,收货地址 ,订单付款时间 ,买家会员名,退款金额\r\n', 'gb18030'));
    await pipeline(createReadStream(`${dir}taobao-utf8.csv`, { encoding: 'utf8' }), iconv.encodeStream('gb18030'), taobao);
  }, { derived: false });
  rmSync(`${dir}douyin-body.csv`);
  rmSync(`${dir}taobao-utf8.csv`);
  return files;
}

/**
 * DuckDB alone: the same CSV into a table, all columns as text. A GBK file is read as Latin-1,
 * DuckDB's one built-in single-byte encoding, which keeps every row (read as UTF-8, every row of
 * it was rejected and the table stayed empty: runs before 2026-12-01 (fourth session) timed
 * that). The rows it holds are counted, so a baseline that drops rows cannot pass unseen.
 */
async function duckdbAlone(db: Database, file: string, encoding: 'utf-8' | 'latin-1' = 'utf-8') {
  const n = readFileSync(file).subarray(0, 4096).toString('latin1').split(/\r?\n/)[0].split(',').length;
  const columns = Array.from({ length: n }, (_, i) => `'c${i}': 'VARCHAR'`).join(', ');
  let rows = 0;
  const t0 = performance.now();
  await db.write(async (con) => {
    await con.run(`CREATE OR REPLACE TEMP TABLE bench_csv AS SELECT * FROM read_csv($f, auto_detect = false, header = true,
      delim = ',', quote = '"', escape = '"', strict_mode = false, null_padding = true, ignore_errors = true, encoding = '${encoding}',
      columns = {${columns}})`, { f: file });
    rows = Number((await con.runAndReadAll('SELECT count(*) FROM bench_csv')).getRows()[0][0]);
    await con.run('DROP TABLE bench_csv');
  }, { derived: false });
  const t = seconds(t0);
  if (rows !== ROWS) throw new Error(`${file}: DuckDB alone read ${rows} of ${ROWS} rows`);
  return t;
}

/**
 * DuckDB alone doing a canonical file's whole job without our checks: the CSV read with the
 * orders table's own column types straight into orders. It shows the floor under any loader
 * that ends with typed rows in that table; the text-only read above is the issue's baseline.
 */
async function duckdbTyped(file: string) {
  const db = await Database.open(':memory:', { readers: 1 });
  try {
    const cols = await db.query(`SELECT column_name AS c, data_type AS t FROM information_schema.columns
      WHERE table_name = 'orders' ORDER BY ordinal_position`);
    const header = readFileSync(file).subarray(0, 4096).toString('utf8').split(/\r?\n/)[0].split(',');
    const types = new Map(cols.map((r) => [String(r.c), String(r.t)]));
    const columns = header.map((h) => `'${h}': '${types.get(h)}'`).join(', ');
    const t0 = performance.now();
    await db.write(async (con) => {
      await con.run(`INSERT INTO orders (${header.join(', ')}) SELECT * FROM read_csv($f, auto_detect = false, header = true,
        delim = ',', quote = '"', escape = '"', columns = {${columns}})`, { f: file });
    }, { derived: false });
    return seconds(t0);
  } finally {
    await db.close();
  }
}

async function ours(file: string, o: Record<string, string>) {
  const db = await Database.open(':memory:', { readers: 1 });
  try {
    await db.write(async (con) => {
      await con.run(`INSERT INTO merchants (merchant_id, belt_id, name) VALUES ('BENCH-M', 'jingdezhen-ceramics', 'bench')`);
    });
    const t0 = performance.now();
    const r = await ingestFiles(db, [file], { hashKey: 'bench', ...o });
    const total = seconds(t0);
    if (r.files[0].status !== 'loaded') throw new Error(`${file}: ${r.files[0].message}`);
    // The rollup refresh the load itself ran, inside its transaction (db/derived.ts times it).
    const refresh = db.lastRefresh;
    if (!refresh) throw new Error('the load did not refresh the rollups');
    return { total, refresh: refresh.ms / 1000, mode: refresh.mode, rows: r.files[0].loaded };
  } finally {
    await db.close();
  }
}

const scratch = await Database.open(':memory:', { readers: 1 });
const files = await generate(scratch);
console.log(`Ingest bench, ${ROWS.toLocaleString('en')} rows per file${ROUNDS > 1 ? `, medians of ${ROUNDS} alternating rounds` : ''}`);
const rows: string[] = [];
for (const [name, file, o] of [
  ['canonical CSV', files.canonical, {}],
  ['Douyin orders (BOM, \\t ids, 1,234.50)', files.douyin, { merchant: 'BENCH-M' }],
  ['Taobao orders (GBK, =ids, 元)', files.taobao, { merchant: 'BENCH-M' }],
] as const) {
  const m = { base: [] as number[], typed: [] as number[], total: [] as number[], refresh: [] as number[], ratio: [] as number[], ratioAll: [] as number[], typedRatio: [] as number[] };
  let mode = '';
  for (let round = 0; round < ROUNDS; round++) {
    const base = await duckdbAlone(scratch, file, file === files.taobao ? 'latin-1' : 'utf-8');
    const typed = file === files.canonical ? await duckdbTyped(file) : null;
    const r = await ours(file, o);
    if (r.rows !== ROWS) throw new Error(`${file}: loaded ${r.rows} of ${ROWS} rows`);
    const noRefresh = r.total - r.refresh;
    m.base.push(base); m.total.push(r.total); m.refresh.push(r.refresh);
    // Each round's ratio from its own pair of runs, then the median of those.
    m.ratio.push(base / noRefresh); m.ratioAll.push(base / r.total);
    if (typed !== null) { m.typed.push(typed); m.typedRatio.push(typed / noRefresh); }
    mode = r.mode;
    if (ROUNDS > 1) console.log(`  ${name}, round ${round + 1}: DuckDB ${base.toFixed(2)} s, ours without refresh ${noRefresh.toFixed(2)} s, ratio ${(base / noRefresh).toFixed(2)}`);
  }
  const noRefresh = median(m.total.map((t, i) => t - m.refresh[i]));
  const typedCols = m.typed.length ? `${median(m.typed).toFixed(2)} s | ${median(m.typedRatio).toFixed(2)}` : '— | —';
  rows.push(`| ${name} | ${median(m.base).toFixed(2)} s | ${median(m.total).toFixed(2)} s | ${noRefresh.toFixed(2)} s | ${median(m.refresh).toFixed(2)} s (${mode}) | ${median(m.ratio).toFixed(2)} | ${median(m.ratioAll).toFixed(2)} | ${typedCols} |`);
  console.log(rows.at(-1));
}
console.log('\n| file | DuckDB read_csv alone | ingest | ingest without refresh | refresh in the load | ratio without refresh | ratio with refresh | DuckDB typed into orders | its ratio without refresh |\n|---|---|---|---|---|---|---|---|---|');
console.log(rows.join('\n'));
await scratch.close();
