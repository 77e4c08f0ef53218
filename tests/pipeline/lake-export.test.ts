import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Ajv } from 'ajv';
import formatsPlugin from 'ajv-formats';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DERIVED_TABLES } from '../../catalog/sources.ts';
import { FACTS } from '../../catalog/facts.ts';
import { Database } from '../../db/database.ts';
import { dataKey } from '../../db/key.ts';
import { exportLake, listFiles, type LakeOptions } from '../../db/lake/export.ts';
import { pseudonym } from '../../db/lake/pseudonyms.ts';
import { EXPORTED, NOT_EXPORTED } from '../../db/lake/tables.ts';
import { EXAMPLE_SELECT } from '../../db/lake/readme.ts';
import { generateDemo } from '../../pipelines/demo/generate.ts';
import { occurring } from '../fixtures/occurring.ts';
import { createApp } from '../../server/api/app.ts';

// The lake export of a small demo, read back as another engine would: the same totals as the
// API per belt and month, a data package valid against the standard's own schema, pseudonyms
// that are stable across exports and give away no name or id.

const root = mkdtempSync(join(tmpdir(), 'beltscope-lake-'));
const dbPath = join(root, 'db', 'beltscope.duckdb');
let db: Database;
let key: string;
const NOW = new Date('2026-11-30T00:00:00Z');
const CANARY = 'QUARANTINED-CANARY-7731';

const run = (out: string, o: Partial<LakeOptions> = {}) =>
  exportLake(db, { out: join(root, out), format: 'parquet', names: false, key, slice: {}, now: NOW, ...o });

/** Rows of a query over the exported files, through the database's own DuckDB. */
const q = (sql: string) => db.query(sql);
const parquet = (out: string, table: string) => `read_parquet('${join(root, out, table)}/**/*.parquet', hive_partitioning = true)`;

/** The Data Package v2 profile's own schema, compiled (vendored in tests/fixtures). */
function packageValidator() {
  const schema = JSON.parse(readFileSync(new URL('../fixtures/datapackage-v2/datapackage.schema.json', import.meta.url), 'utf8'));
  const ajv = new Ajv({ strict: false, allErrors: true });
  // ajv-formats is CommonJS: its default export arrives wrapped under ESM.
  const addFormats = ((formatsPlugin as unknown as { default?: typeof formatsPlugin }).default ?? formatsPlugin) as unknown as (a: Ajv) => void;
  addFormats(ajv);
  ajv.addFormat('textarea', true);
  return ajv.compile(schema);
}

beforeAll(async () => {
  db = await Database.open(dbPath, { readers: 2 });
  await db.write((con) => generateDemo(con, { orders: 5_000, seed: 5 }));
  // A quarantined row whose raw text must never leave the database.
  await db.write((con) => con.run(`INSERT INTO quarantine (dataset_id, file_name, line, reason, raw) VALUES (100, 'x.csv', 2, 'bad', '${CANARY}')`), { derived: false });
  key = dataKey(dbPath);
  await run('a');
  await run('b');
}, 120_000);
afterAll(async () => { await db?.close(); rmSync(root, { recursive: true, force: true }); });

describe('lake export of the demo', () => {
  it('lays the facts out Hive-style by belt and month, the other tables one file each', () => {
    const files = listFiles(join(root, 'a'));
    for (const f of FACTS) {
      const mine = files.filter((p) => p.startsWith(`${f.table}/`));
      expect(mine.length, f.table).toBeGreaterThan(0);
      for (const p of mine) expect(p, f.table).toMatch(new RegExp(`^${f.table}/belt_id=[a-z-]+/month=\\d{4}-\\d{2}/part-\\d+\\.parquet$`));
    }
    expect(files).toContain('merchants/merchants.parquet');
    expect(files).toContain('belts/belts.parquet');
    expect(files).toContain('datapackage.json');
    expect(files).toContain('README.md');
  });

  it('gives the same GMV and orders per belt and month as /api/metrics', async () => {
    // The very query both READMEs show for DuckDB, Spark SQL and Trino.
    const lake = (await q(`WITH orders AS (SELECT * FROM ${parquet('a', 'orders')}) ${EXAMPLE_SELECT}`))
      .map((x) => ({ belt_id: x.belt_id, month: x.month, gmv: Number(x.gmv), orders: Number(x.orders) }));
    const { app } = createApp({ db });
    const r = await app.request('/api/metrics?measures=gmv,orders&by=belt&grain=month&from=2024-11-01&to=2026-10-31&limit=10000');
    const api = (await r.json() as { rows: { belt: string; month: string; gmv: number; orders: number }[] }).rows
      .filter((x) => x.gmv > 0 || x.orders > 0)
      .map((x) => ({ belt_id: x.belt, month: x.month.slice(0, 7), gmv: x.gmv, orders: x.orders }))
      .sort((x, y) => x.belt_id.localeCompare(y.belt_id) || x.month.localeCompare(y.month));
    expect(lake.length).toBeGreaterThan(100);
    expect(lake.map((x) => ({ ...x, gmv: Math.round((x.gmv as number) * 100) }))).toEqual(api.map((x) => ({ ...x, gmv: Math.round(x.gmv * 100) })));
  });

  it('holds every row of every fact once, and sessions still join their minutes and listings', async () => {
    for (const f of FACTS) {
      const [[a], [b]] = await Promise.all([q(`SELECT count(*)::INTEGER AS n FROM ${f.table}`), q(`SELECT count(*)::INTEGER AS n FROM ${parquet('a', f.table)}`)]);
      expect(b.n, f.table).toBe(a.n);
    }
    const [orphans] = await q(`SELECT count(*)::INTEGER AS n FROM ${parquet('a', 'session_minutes')} m
      ANTI JOIN ${parquet('a', 'live_sessions')} s USING (platform_id, session_id, belt_id)`);
    expect(orphans.n).toBe(0);
  });

  it('writes a data package valid against the Data Package v2 profile, describing every column', async () => {
    const validate = packageValidator();
    const dp = JSON.parse(readFileSync(join(root, 'a', 'datapackage.json'), 'utf8'));
    expect(validate(dp), JSON.stringify(validate.errors)).toBe(true);
    // A CSV slice's package too (its datetimes in the files' own format, empty cells null).
    await run('csv-slice', { format: 'csv', slice: { belts: ['suzhou-silk'], from: '2026-01-01', to: '2026-01-31' } });
    const csv = JSON.parse(readFileSync(join(root, 'csv-slice', 'datapackage.json'), 'utf8'));
    expect(validate(csv), JSON.stringify(validate.errors)).toBe(true);
    expect(csv.resources.find((r: { name: string }) => r.name === 'orders')).toMatchObject({ format: 'csv', mediatype: 'text/csv' });
    // Its instants are written as the package and README say: with their offset, not as UTC.
    expect(csv.description).toMatch(/instants written with their UTC offset/);
    expect(readFileSync(join(root, 'csv-slice', 'README.md'), 'utf8')).toMatch(/instants are written with their UTC offset/);
    const [paid] = await q(`SELECT paid_at::VARCHAR AS v FROM read_csv('${join(root, 'csv-slice', 'orders')}/**/*.csv', all_varchar = true) LIMIT 1`);
    expect(paid.v).toMatch(/^2026-01-\d{2} \d{2}:\d{2}:\d{2}(\.\d+)?\+08$/);
    // The validator does reject what the standard forbids.
    expect(validate({ ...dp, resources: [{ ...dp.resources[0], path: '../outside.parquet' }] })).toBe(false);

    const orders = dp.resources.find((r: { name: string }) => r.name === 'orders');
    const field = (n: string) => orders.schema.fields.find((f: { name: string }) => f.name === n);
    expect(field('amount')).toMatchObject({ type: 'number', unit: 'CNY', description: expect.stringMatching(/paid amount/) });
    expect(field('paid_at')).toMatchObject({ type: 'datetime' });
    expect(field('month')).toMatchObject({ type: 'yearmonth' });
    expect(field('merchant_id').description).toMatch(/Pseudonym/);
    expect(field('buyer_id')).toBeUndefined();
    expect(orders.schema.primaryKey).toEqual(['platform_id', 'order_id']);
    // Entities carry their natural keys too (documented, not indexes in the schema), reference tables their PRIMARY KEY.
    const key = (n: string) => dp.resources.find((r: { name: string }) => r.name === n).schema.primaryKey;
    expect([key('merchants'), key('merchant_accounts'), key('live_bases'), key('hubs'), key('belts')])
      .toEqual([['merchant_id'], ['platform_id', 'account'], ['base_id'], ['hub_id'], ['belt_id']]);
    for (const r of dp.resources) for (const f of r.schema.fields) expect(f.description, `${r.name}.${f.name}`).not.toBe('');
    // Every file written is in a resource, and every resource's files exist.
    const paths = dp.resources.flatMap((r: { path: string | string[] }) => [r.path].flat());
    expect(paths.sort()).toEqual(listFiles(join(root, 'a')).filter((p) => p !== 'datapackage.json' && p !== 'README.md').sort());
  });

  it('describes its provenance and the engines\' query in README.md, the same as the repository\'s', () => {
    const readme = readFileSync(join(root, 'a', 'README.md'), 'utf8');
    expect(readme).toContain(EXAMPLE_SELECT);
    expect(readFileSync(new URL('../../README.md', import.meta.url), 'utf8')).toContain(EXAMPLE_SELECT);
    expect(readme).toMatch(/DEMO DATA/);
    expect(readme).toMatch(/Exported 2026-11-30T00:00:00.000Z at data version \d+/);
    expect(readme).toMatch(/\| 100 \| demo \| demo-generator/);
    for (const engine of ['DuckDB', 'Spark SQL', 'Trino']) expect(readme).toContain(engine);
  });

  it('classifies every table of the database as exported or not, with a reason', async () => {
    const tables = (await q(`SELECT table_name AS t FROM duckdb_tables() WHERE schema_name = 'main' AND database_name = current_database()`))
      .map((r) => String(r.t)).filter((t) => !DERIVED_TABLES.includes(t)).sort();
    expect([...EXPORTED.map((e) => e.table), ...Object.keys(NOT_EXPORTED)].sort()).toEqual(tables);
  });
});

describe('privacy', () => {
  it('writes no buyer id, quarantined row, merchant id, name, account, anchor, product or batch id anywhere', async () => {
    const secrets = (await q(`
      SELECT merchant_id AS s FROM merchants UNION SELECT name FROM merchants
      UNION SELECT account FROM merchant_accounts UNION SELECT account FROM live_sessions
      UNION SELECT account_name FROM live_sessions WHERE account_name IS NOT NULL
      UNION SELECT anchor_id FROM live_sessions WHERE anchor_id IS NOT NULL
      UNION SELECT product_id FROM orders WHERE product_id IS NOT NULL UNION SELECT product_id FROM listings
      UNION SELECT batch_id FROM production_batches
      UNION SELECT buyer_id FROM orders WHERE buyer_id IS NOT NULL`)).map((r) => String(r.s));
    expect(secrets.length).toBeGreaterThan(1000);
    secrets.push(CANARY);
    // CSV is plain text: look for every secret in every byte written.
    await run('csv', { format: 'csv' });
    const text = listFiles(join(root, 'csv')).map((f) => readFileSync(join(root, 'csv', f), 'utf8')).join('\n');
    const found = occurring(text, secrets);
    expect(found).toEqual([]);
    // Parquet is compressed: read every string cell back. Equal to any secret, or holding a
    // merchant id (every id the demo derives from one does) or the canary inside it.
    const inside = (await q('SELECT merchant_id AS m FROM merchants')).map((r) => String(r.m)).concat(CANARY);
    await db.pool.use(async (con) => {
      await con.run('CREATE OR REPLACE TEMP TABLE lake_secret (s VARCHAR)');
      const a = await con.createAppender('lake_secret', 'main', 'temp');
      for (const s of secrets) { a.appendVarchar(s); a.endRow(); }
      a.closeSync();
      for (const t of EXPORTED.map((e) => e.table)) {
        const src = `read_parquet('${join(root, 'a', t)}/**/*.parquet', hive_partitioning = true)`;
        const cols = (await con.runAndReadAll(`DESCRIBE SELECT * FROM ${src}`)).getRowObjectsJS()
          .filter((c) => c.column_type === 'VARCHAR').map((c) => String(c.column_name));
        if (!cols.length) continue;
        // One scan per table: for each text column, the cells equal to a secret or holding one.
        const r = await con.runAndReadAll(`SELECT ${cols.map((c, i) => `count(*) FILTER (WHERE x."${c}" IN (SELECT s FROM lake_secret)
          OR regexp_matches(x."${c}", $re))::INTEGER AS c${i}`).join(', ')} FROM ${src} x`, { re: inside.join('|') });
        const row = r.getRowObjectsJS()[0];
        expect(Object.fromEntries(cols.map((c, i) => [c, Number(row[`c${i}`])])), t).toEqual(Object.fromEntries(cols.map((c) => [c, 0])));
      }
    });
  }, 180_000);

  it('gives each merchant the same keyed pseudonym in every table and every export', async () => {
    const byOriginal = await q(`SELECT merchant_id AS m, count(*)::INTEGER AS n FROM orders GROUP BY ALL`);
    const expected = Object.fromEntries(byOriginal.map((r) => [pseudonym(key, 'merchant', String(r.m)), r.n]));
    for (const out of ['a', 'b']) {
      const got = await q(`SELECT merchant_id AS m, count(*)::INTEGER AS n FROM ${parquet(out, 'orders')} GROUP BY ALL`);
      expect(Object.fromEntries(got.map((r) => [r.m, r.n])), out).toEqual(expected);
    }
    // Merchants, their accounts and their orders join on the pseudonyms alone.
    const [joined] = await q(`SELECT count(*)::INTEGER AS n FROM ${parquet('a', 'orders')} o JOIN ${parquet('a', 'merchants')} m USING (merchant_id)`);
    expect(joined.n).toBe(5_000);
    const [a, b] = await Promise.all(['a', 'b'].map((o) => q(`SELECT * FROM ${parquet(o, 'merchant_accounts')} ORDER BY ALL`)));
    expect(a).toEqual(b);
    // Another key, other pseudonyms: nobody without the data folder's key recomputes them.
    expect(pseudonym('another key', 'merchant', String(byOriginal[0].m))).not.toBe(pseudonym(key, 'merchant', String(byOriginal[0].m)));
  });

  it('writes no order, session or listing id a platform could look up: keyed pseudonyms that still join', async () => {
    // Independently: the first 16 bytes of SHA-256 over key NUL kind NUL id.
    const keyed = (kind: string, id: string) => createHash('sha256').update(`${key}\u0000${kind}\u0000${id}`).digest('hex').slice(0, 32);
    const [o] = await q(`SELECT order_id, parent_order_id, session_id FROM orders WHERE session_id IS NOT NULL ORDER BY order_id LIMIT 1`);
    const [e] = await db.query(`SELECT order_id, parent_order_id, session_id FROM ${parquet('a', 'orders')} WHERE order_id = $o`, { o: `o_${keyed('order', String(o.order_id))}` });
    expect(e).toEqual({ order_id: `o_${keyed('order', String(o.order_id))}`, parent_order_id: `o_${keyed('order', String(o.parent_order_id))}`,
      session_id: `s_${keyed('session', String(o.session_id))}` });
    for (const [table, col] of [['orders', 'order_id'], ['orders', 'parent_order_id'], ['orders', 'session_id'], ['live_sessions', 'session_id'],
      ['session_minutes', 'session_id'], ['listings', 'listing_id'], ['listings', 'session_id']]) {
      const [clear] = await q(`SELECT count(*)::INTEGER AS n FROM ${parquet('a', table)} x JOIN ${table} t ON t.${col} = x.${col}`);
      expect(clear.n, `${table}.${col}`).toBe(0);
    }
    // Orders still find their sessions, and split orders their lines, on the pseudonyms alone.
    const [joined] = await q(`SELECT count(*)::INTEGER AS n FROM ${parquet('a', 'orders')} o JOIN ${parquet('a', 'live_sessions')} s USING (platform_id, session_id)`);
    const [live] = await q(`SELECT count(*)::INTEGER AS n FROM orders WHERE session_id IS NOT NULL`);
    expect(joined.n).toBe(live.n);
    const [parents] = await q(`SELECT count(DISTINCT (platform_id, parent_order_id))::INTEGER AS n FROM ${parquet('a', 'orders')}`);
    const [original] = await q(`SELECT count(DISTINCT (platform_id, parent_order_id))::INTEGER AS n FROM orders`);
    expect(parents.n).toBe(original.n);
  });

  it('writes real names only when asked (an administrator\'s export)', async () => {
    await run('named', { names: true, slice: { belts: ['jingdezhen-ceramics'] } });
    const [named] = await q(`SELECT count(*)::INTEGER AS n FROM ${parquet('named', 'merchants')} x JOIN merchants m USING (merchant_id, name)`);
    const [all] = await q(`SELECT count(*)::INTEGER AS n FROM merchants WHERE belt_id = 'jingdezhen-ceramics'`);
    expect(named.n).toBe(all.n);
  });
});

describe('slices', () => {
  it('exports only the belts and days asked for, and the entities of those belts', async () => {
    await run('slice', { slice: { belts: ['yixing-zisha'], from: '2025-03-01', to: '2025-05-31' } });
    const [want] = await q(`SELECT count(*)::INTEGER AS n, sum(amount)::DOUBLE AS gmv FROM orders WHERE belt_id = 'yixing-zisha'
      AND paid_at >= TIMESTAMPTZ '2025-03-01 00:00:00+08' AND paid_at < TIMESTAMPTZ '2025-06-01 00:00:00+08'`);
    const [got] = await q(`SELECT count(*)::INTEGER AS n, sum(amount)::DOUBLE AS gmv, min(month) AS lo, max(month) AS hi,
      count(DISTINCT belt_id)::INTEGER AS belts FROM ${parquet('slice', 'orders')}`);
    expect(got).toMatchObject({ n: want.n, belts: 1, lo: '2025-03', hi: '2025-05' });
    expect(got.gmv).toBeCloseTo(want.gmv as number, 2);
    const merchants = await q(`SELECT DISTINCT belt_id FROM ${parquet('slice', 'merchants')}`);
    expect(merchants).toEqual([{ belt_id: 'yixing-zisha' }]);
    // Listings reach their belt through their session.
    const listings = await q(`SELECT DISTINCT belt_id FROM ${parquet('slice', 'live_sessions')}`);
    expect(listings.every((r) => r.belt_id === 'yixing-zisha')).toBe(true);
  });

  it('a slice with no facts still lists every fact with its columns, and the README\'s query answers no rows', async () => {
    await run('slice-empty', { slice: { from: '2030-01-01', to: '2030-01-31' } });
    const dp = JSON.parse(readFileSync(join(root, 'slice-empty', 'datapackage.json'), 'utf8'));
    const validate = packageValidator();
    expect(validate(dp), JSON.stringify(validate.errors)).toBe(true);
    expect(dp.resources.find((r: { name: string }) => r.name === 'orders').schema.fields.find((f: { name: string }) => f.name === 'month').description)
      .toMatch(/a column of the one file without rows, orders\/part-0\.parquet/);
    expect(readFileSync(join(root, 'slice-empty', 'README.md'), 'utf8')).toMatch(/\| `orders` \| orders\/ \| 0 \| 1 \|/);
    // As CSV too: a header-only file the README's engines read as no rows.
    await run('slice-empty-csv', { format: 'csv', slice: { from: '2030-01-01', to: '2030-01-31' } });
    const csvDp = JSON.parse(readFileSync(join(root, 'slice-empty-csv', 'datapackage.json'), 'utf8'));
    expect(validate(csvDp), JSON.stringify(validate.errors)).toBe(true);
    expect(readFileSync(join(root, 'slice-empty-csv', 'orders', 'part-0.csv'), 'utf8').trim().split('\n')).toHaveLength(1);
    for (const f of FACTS) {
      const r = dp.resources.find((x: { name: string }) => x.name === f.table);
      expect(r, f.table).toMatchObject({ path: `${f.table}/part-0.parquet`, schema: { primaryKey: f.grain } });
      expect(r.description, f.table).toMatch(/No row in this slice/);
      expect(r.schema.fields.map((x: { name: string }) => x.name), f.table).toEqual(expect.arrayContaining(['belt_id', 'month']));
      const [n] = await q(`SELECT count(*)::INTEGER AS n FROM ${parquet('slice-empty', f.table)}`);
      expect(n.n, f.table).toBe(0);
    }
    expect(await q(`WITH orders AS (SELECT * FROM ${parquet('slice-empty', 'orders')}) ${EXAMPLE_SELECT}`)).toEqual([]);
    // Its files hold the columns the package names, partition columns included.
    const cols = (await q(`DESCRIBE SELECT * FROM read_parquet('${join(root, 'slice-empty', 'orders', 'part-0.parquet')}')`)).map((c) => c.column_name);
    expect(cols).toEqual(dp.resources.find((x: { name: string }) => x.name === 'orders').schema.fields.map((x: { name: string }) => x.name));
  });

  it('takes a session\'s minutes with the session, also those after the slice\'s last midnight', async () => {
    // The last day of the slice: one on which a stream with per-minute data runs past midnight.
    const [day] = await q(`SELECT s.started_at::DATE::VARCHAR AS d FROM live_sessions s
      JOIN session_minutes m USING (platform_id, session_id)
      WHERE m.minute_at >= (s.started_at::DATE + 1)::TIMESTAMPTZ ORDER BY s.started_at LIMIT 1`);
    expect(day?.d).toBeTruthy();
    await run('slice-midnight', { slice: { from: day.d as string, to: day.d as string } });
    const [want] = await db.query(`SELECT count(*)::INTEGER AS n,
        count(*) FILTER (WHERE m.minute_at >= (CAST($d AS DATE) + 1)::TIMESTAMPTZ)::INTEGER AS after
      FROM session_minutes m JOIN live_sessions s USING (platform_id, session_id)
      WHERE s.started_at >= CAST($d AS DATE)::TIMESTAMPTZ AND s.started_at < (CAST($d AS DATE) + 1)::TIMESTAMPTZ`, { d: day.d as string });
    expect(want.after).toBeGreaterThan(0);
    const [got] = await q(`SELECT count(*)::INTEGER AS n,
        count(*) FILTER (WHERE m.session_id NOT IN (SELECT session_id FROM ${parquet('slice-midnight', 'live_sessions')}))::INTEGER AS orphans
      FROM ${parquet('slice-midnight', 'session_minutes')} m`);
    expect(got).toEqual({ n: want.n, orphans: 0 });
  });
});
