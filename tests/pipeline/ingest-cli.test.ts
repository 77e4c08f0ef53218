import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile, spawnSync } from 'node:child_process';
import { promisify } from 'node:util';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Database } from '../../db/database.ts';
import { startServer } from '../../cli/serve.ts';
import { ingestResponse } from '../../server/api/schemas/ingest.ts';
import { datasetsResponse, quarantineResponse } from '../../server/api/schemas/datasets.ts';
import { DOUYIN_HEAD, douyinLine, writeCsv } from './ingest-fixtures.ts';

// `beltscope ingest` and `beltscope datasets` as a user runs them: a child process each
// (node bin/beltscope.js …), over fresh temporary databases and the sample exports. Each process
// starts tsx and opens DuckDB (seconds on a busy machine), so the tests that chain several get
// generous time limits.

const ROOT = new URL('../../', import.meta.url).pathname;
const SAMPLES = join(ROOT, 'data/samples');
const sample = (n: string) => join(SAMPLES, n);
const run = promisify(execFile);
const cli = (...args: string[]) => run(process.execPath, ['bin/beltscope.js', ...args], { cwd: ROOT, maxBuffer: 16 * 1024 * 1024 })
  .then((r) => ({ code: 0, out: r.stdout, err: r.stderr }))
  .catch((e) => ({ code: e.code as number, out: e.stdout as string, err: e.stderr as string }));
const tmp = () => mkdtempSync(join(tmpdir(), 'beltscope-ingest-cli-'));
const ORDERS = ['--merchant', 'S-JDZ-001', '--belt', 'jingdezhen-ceramics'];

/** stdout of --json is exactly one JSON document. */
const json = (out: string) => JSON.parse(out) as { dataVersion: number; files: any[] };

async function count(dbPath: string, sql: string): Promise<number> {
  const db = await Database.open(dbPath, { readers: 1 });
  try { return Number((await db.query(sql))[0].n); } finally { await db.close(); }
}

// Each case is its own process and opens no database: they run side by side.
describe.concurrent('beltscope ingest: flags', { timeout: 300_000 }, () => {
  it.each([
    [['ingest'], /Name one or more files or folders/],
    [['ingest', 'x.csv', '--platform', 'weibo'], /--platform must be one of douyin, kuaishou, taobao, wechat_channels \(got "weibo"\)/],
    [['ingest', 'x.csv', '--kind', 'tables'], /--kind must be one of orders, live_sessions, session_minutes/],
    [['ingest', 'x.csv', '--date', '2026-02-30'], /--date must be a calendar day written YYYY-MM-DD \(got "2026-02-30"\)/],
    [['ingest', 'x.csv', '--date', '21/03/2026'], /--date must be a calendar day written YYYY-MM-DD/],
    [['ingest', 'x.csv', '--venue', 'car'], /--venue must be one of base, workshop, store, studio/],
    [['ingest', 'x.csv', '--mapping', 'no-such-mapping.json'], /--mapping no-such-mapping\.json: no such file/],
    [['ingest', 'x.csv', '--merchant', ' '], /--merchant needs a value/],
    [['ingest', 'x.csv', '--colour', 'red'], /Unknown option --colour: check its spelling/],
    [['ingest', 'x.csv', '--merchant', '--db', 'x.duckdb'], /Option --merchant is followed by another option, not by its value/],
    [['demo', 'extra'], /Unexpected argument "extra"/],
    [['ingest', 'x.csv', '--dry-run=yes'], /Option --dry-run takes no value: write --dry-run alone/],
    [['demo', '--help=1'], /Option --help takes no value: write --help alone/],
    [['datasets', 'frobnicate'], /Unknown datasets command "frobnicate"/],
    [['datasets', 'remove'], /Name one dataset: beltscope datasets remove ID/],
    [['datasets', 'remove', 'abc'], /A dataset id is a whole number \(got "abc"\)/],
  ])('%j is a usage error: exit 2 and a hint', async (args, msg) => {
    const r = await cli(...args);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(msg);
    expect(r.err).toMatch(/beltscope help/);
    // Said in Chinese too, under the English (node's own parser's errors too, made bilingual).
    expect(r.err.split('\n')[1]).toMatch(/[\u4e00-\u9fff]/);
    expect(r.out).toBe('');
  });

  it('a usage error with --json still prints one JSON document on stdout', async () => {
    const r = await cli('ingest', 'x.csv', '--platform', 'douyn', '--json');
    expect(r.code).toBe(2);
    expect(JSON.parse(r.out)).toEqual({ error: { code: 'usage', message: expect.stringContaining('--platform must be one of'), messageZh: expect.stringContaining('--platform 必须是') } });
  });

  it.each([['ingest', '--help'], ['datasets', '--help']])('`beltscope %s %s` prints usage', async (...args) => {
    const r = await cli(...args);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/Usage: beltscope/);
    expect(r.out).toMatch(/Exit status/);
  });

  it('an invalid --mapping fails every file before any is read (exit 2), naming the mapping', async () => {
    const d = tmp();
    writeFileSync(join(d, 'bad.json'), '{"id": "x", "label": {}}');
    const r = await cli('ingest', sample('merchants.csv'), '--mapping', join(d, 'bad.json'), '--json', '--db', join(d, 'x.duckdb'));
    expect(r.code).toBe(2);
    expect(json(r.out).files).toEqual([expect.objectContaining({ file: 'merchants.csv', status: 'failed', message: expect.stringMatching(/bad\.json: label/) })]);
    expect(existsSync(join(d, 'x.duckdb'))).toBe(false);
  });

  it('an invalid --mapping on a database without a server reports its data version and leaves it unchanged', async () => {
    const d = tmp();
    const db = join(d, 'v.duckdb');
    const first = await cli('ingest', sample('merchants.csv'), '--db', db, '--json');
    expect(first.code, first.err).toBe(0);
    const version = json(first.out).dataVersion;
    writeFileSync(join(d, 'bad.json'), '{"id": "x", "label": {}}');
    for (let i = 0; i < 2; i++) {
      const r = await cli('ingest', sample('merchants.csv'), '--mapping', join(d, 'bad.json'), '--db', db, '--json');
      expect(r.code).toBe(2);
      // Read, not moved: opening the file to load would migrate it and bump the version.
      expect(json(r.out).dataVersion).toBe(version);
    }
  });

  it('a missing file is a failed entry: exit 2, and --json prints one document on stdout, messages on stderr', async () => {
    const db = join(tmp(), 'x.duckdb');
    const r = await cli('ingest', 'no/such/file.csv', '--json', '--db', db);
    expect(r.code).toBe(2);
    const doc = json(r.out);
    expect(doc.files).toEqual([expect.objectContaining({ file: 'no/such/file.csv', status: 'failed', message: expect.stringMatching(/no such file/) })]);
    ingestResponse.parse(doc);
    expect(r.err).toMatch(/FAILED: no\/such\/file\.csv/);
  });
});

describe('beltscope ingest into a fresh database', { timeout: 300_000 }, () => {
  const dir = tmp();
  const db = join(dir, 'fresh.duckdb');

  it('loads the canonical merchants and accounts, then Douyin orders for a merchant; the same file again changes nothing', async () => {
    const a = await cli('ingest', sample('merchants.csv'), sample('merchant_accounts.csv'), '--db', db, '--json');
    expect(a.code, a.err).toBe(0);
    expect(json(a.out).files.map((f) => [f.file, f.kind, f.status])).toEqual([
      ['merchants.csv', 'merchants', 'loaded'], ['merchant_accounts.csv', 'merchant_accounts', 'loaded']]);

    const b = await cli('ingest', sample('douyin-orders.csv'), ...ORDERS, '--db', db, '--json');
    expect(b.code, b.err).toBe(0);
    const doc = ingestResponse.parse(json(b.out));
    expect(doc.files).toEqual([expect.objectContaining({
      file: 'douyin-orders.csv', platform: 'douyin', kind: 'orders', mapping: 'douyin-orders-csv', status: 'loaded', rowsRead: 6, loaded: 5, skipped: 1,
    })]);
    expect(b.err).toMatch(/Loading .*douyin-orders\.csv/);
    const orders = await count(db, `SELECT count(*) AS n FROM orders`);
    const datasets = await count(db, `SELECT count(*) AS n FROM datasets`);
    expect(orders).toBe(5);

    const c = await cli('ingest', sample('douyin-orders.csv'), ...ORDERS, '--db', db, '--json');
    expect(c.code).toBe(0);
    expect(json(c.out).files).toEqual([expect.objectContaining({ status: 'already_loaded', loaded: 0, datasetId: doc.files[0].datasetId })]);
    expect(await count(db, `SELECT count(*) AS n FROM orders`)).toBe(orders);
    expect(await count(db, `SELECT count(*) AS n FROM datasets`)).toBe(datasets);
  });

  it('prints a readable line per file and sheet in English and Chinese without --json', async () => {
    const r = await cli('ingest', sample('直播明细_抖音号_20260321_20260323.xlsx'), '--db', db);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(/^loaded: 直播明细_抖音号_20260321_20260323\.xlsx \[直播间明细\] → live_sessions \(douyin, douyin-live-detail-xlsx\), dataset \d+: loaded 3.* \| 已导入 3 行/m);
  });

  it('lists datasets and coverage (--json is the API document), removes one, and the file loads again', async () => {
    const l = await cli('datasets', 'list', '--db', db, '--json');
    expect(l.code, l.err).toBe(0);
    const list = datasetsResponse.parse(JSON.parse(l.out));
    expect(list.datasets.map((d) => d.fileName)).toEqual(['merchants.csv', 'merchant_accounts.csv', 'douyin-orders.csv', '直播明细_抖音号_20260321_20260323.xlsx']);
    expect(list.coverage).toEqual([{ merchantId: 'S-JDZ-001', platformId: 'douyin', month: '2026-03', orders: 4, sessions: 3 }]);
    const text = await cli('datasets', 'list', '--db', db);
    expect(text.out).toMatch(/douyin-orders\.csv\s+orders\s+douyin\s+6 \/ 5 \/ 0 \/ 0 \/ 1 \/ 0/);
    expect(text.out).toMatch(/S-JDZ-001\s+douyin\s+2026-03/);

    const orders = list.datasets.find((d) => d.fileName === 'douyin-orders.csv')!.datasetId;
    const rm = await cli('datasets', 'remove', String(orders), '--db', db);
    expect(rm.code, rm.err).toBe(0);
    expect(rm.out).toMatch(new RegExp(`Removed dataset ${orders} \\(douyin-orders\\.csv\\): 5 from orders`));
    expect(await count(db, `SELECT count(*) AS n FROM orders`)).toBe(0);

    const again = await cli('ingest', sample('douyin-orders.csv'), ...ORDERS, '--db', db, '--json');
    expect(json(again.out).files[0]).toMatchObject({ status: 'loaded', loaded: 5 });

    const unknown = await cli('datasets', 'remove', '99999', '--db', db);
    expect(unknown.code).toBe(2);
    expect(unknown.err).toMatch(/There is no dataset 99999/);
    const merchants = list.datasets.find((d) => d.fileName === 'merchants.csv')!.datasetId;
    const used = await cli('datasets', 'remove', String(merchants), '--db', db);
    expect(used.code).toBe(1);
    // Naming what is in use, and which loads use it.
    expect(used.err).toMatch(/defines the merchants S-JDZ-001, which rows of datasets [\d, ]+ use; removing it would orphan them\. Remove those datasets first/);
    expect(used.err).toMatch(/定义的商家 S-JDZ-001 正被数据集 [\d、]+ 的数据使用/);
  });

  it('walks folders recursively in name order (the files other rows name first), skipping hidden files and folders and Excel lock files (a dry run writes nothing)', async () => {
    const f = join(tmp(), 'exports');
    mkdirSync(join(f, 'b-2026-04'), { recursive: true });
    mkdirSync(join(f, 'a-2026-03'), { recursive: true });
    mkdirSync(join(f, '.cache'), { recursive: true });
    // Accounts first by name, but the merchants they name load first (canonical files other rows name lead).
    copyFileSync(sample('merchant_accounts.csv'), join(f, 'a-2026-03', 'merchant_accounts.csv'));
    copyFileSync(sample('merchants.csv'), join(f, 'b-2026-04', 'merchants.csv'));
    writeFileSync(join(f, '.DS_Store'), 'junk');
    writeFileSync(join(f, '.cache', 'junk.csv'), 'junk');
    // What Excel leaves beside a workbook it has open: its owner's name in a few bytes.
    writeFileSync(join(f, 'b-2026-04', '~$merchants.xlsx'), Buffer.from([0x05, 0x61, 0x6c, 0x69, 0x63, 0x65, 0x20, 0x20]));
    const fresh = join(dir, 'dry.duckdb');
    const r = await cli('ingest', f, '--dry-run', '--json', '--db', fresh);
    expect(r.code, r.err).toBe(0);
    expect(json(r.out).files.map((x) => [x.file, x.status])).toEqual([['merchants.csv', 'dry_run'], ['merchant_accounts.csv', 'dry_run']]);
    expect(await count(fresh, `SELECT count(*) AS n FROM datasets`)).toBe(0);

    const empty = join(tmp(), 'empty');
    mkdirSync(empty);
    const e = await cli('ingest', empty, '--db', fresh);
    expect(e.code).toBe(2);
    expect(e.err).toMatch(/the folder holds no files/);
  });

  it('an unrecognised file fails (exit 2) while the others load', async () => {
    const d = tmp();
    writeFileSync(join(d, 'notes.csv'), 'colour,size\nred,xl\n');
    const r = await cli('ingest', join(d, 'notes.csv'), sample('taobao-sold-orders.csv'), '--merchant', 'S-YX-001', '--db', db, '--json');
    expect(r.code).toBe(2);
    expect(json(r.out).files.map((x) => [x.file, x.status])).toEqual([['notes.csv', 'failed'], ['taobao-sold-orders.csv', 'loaded']]);
    expect(json(r.out).files[0].message).toMatch(/no export mapping recognises these headers/);
  });
});

describe('beltscope ingest refusals', { timeout: 300_000 }, () => {
  it('a database holding the demo refuses real data (exit 1) until --replace-demo', async () => {
    const db = join(tmp(), 'demo.duckdb');
    expect((await cli('demo', '--orders', '2000', '--db', db)).code).toBe(0);
    const r = await cli('ingest', sample('merchants.csv'), '--db', db, '--json');
    expect(r.code).toBe(1);
    expect(json(r.out).files).toEqual([expect.objectContaining({ status: 'refused', message: expect.stringMatching(/--replace-demo/) })]);
    const ok = await cli('ingest', sample('merchants.csv'), '--replace-demo', '--db', db, '--json');
    expect(ok.code, ok.err).toBe(0);
    expect(await count(db, `SELECT count(*) AS n FROM datasets WHERE kind = 'demo'`)).toBe(0);

    const demo2 = join(tmp(), 'demo2.duckdb');
    await cli('demo', '--orders', '1000', '--db', demo2);
    const demoId = await count(demo2, `SELECT dataset_id AS n FROM datasets WHERE kind = 'demo'`);
    const rm = await cli('datasets', 'remove', String(demoId), '--db', demo2);
    expect(rm.code).toBe(1);
    expect(rm.err).toMatch(/demo dataset: regenerate it with `beltscope demo`/);
  });

  it('a database another process holds (no server file) is refused: exit 1, db_locked', async () => {
    const path = join(tmp(), 'locked.duckdb');
    const holder = await Database.open(path, { readers: 1 });
    try {
      const r = await cli('ingest', sample('merchants.csv'), '--db', path, '--json');
      expect(r.code).toBe(1);
      expect(json(r.out).files).toEqual([expect.objectContaining({ status: 'refused', message: expect.stringMatching(/in use by another process/) })]);
      const l = await cli('datasets', 'list', '--db', path);
      expect(l.code).toBe(1);
      expect(l.err).toMatch(/in use by another process/);
      // The holder named by its process id (DuckDB's lock says it), and what to do.
      expect(l.err).toContain(String(process.pid));
      expect(l.err).toMatch(/Wait for it to finish or stop it/);
    } finally {
      await holder.close();
    }
  });
});

describe('hand-off to a running server', { timeout: 300_000 }, () => {
  const dir = tmp();
  const db = join(dir, 'served.duckdb');
  let server: Awaited<ReturnType<typeof startServer>>;
  const metrics = async () => (await (await fetch(`${server.url}/api/metrics?measures=gmv,lines`)).json() as any);

  beforeAll(async () => {
    // Real data first, so the server does not generate the demo.
    const r = await cli('ingest', sample('merchants.csv'), sample('merchant_accounts.csv'), '--db', db);
    expect(r.code, r.err).toBe(0);
    server = await startServer({ dbPath: db, port: 0, log: () => {}, maxUploadMb: 1 });
  });
  afterAll(async () => { await server?.close(); });

  it('announces itself in <db>.server.json (mode 0600) while it runs', () => {
    const file = `${realpathSync(db)}.server.json`;
    const info = JSON.parse(readFileSync(file, 'utf8'));
    expect(info).toMatchObject({ pid: process.pid, host: '127.0.0.1', dbPath: realpathSync(db) });
    expect(`http://127.0.0.1:${info.port}`).toBe(server.url);
    expect(Date.parse(info.startedAt)).toBeGreaterThan(0);
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });

  it('ingest sends the files to the server, which serves the new totals at once', async () => {
    // What the server answers names options as this command's flags, not as form fields.
    const without = await cli('ingest', sample('kuaishou-orders.csv'), '--db', db, '--json');
    expect(without.code).toBe(2);
    expect(json(without.out).files[0].message).toMatch(/Pass --merchant ID \(and --belt B to create a new merchant\)/);
    const before = await metrics();
    const r = await cli('ingest', sample('douyin-orders.csv'), ...ORDERS, '--db', db, '--json');
    expect(r.code, r.err).toBe(0);
    expect(r.err).toMatch(/sending the files to it/);
    const doc = ingestResponse.parse(json(r.out));
    expect(doc.files).toEqual([expect.objectContaining({ file: 'douyin-orders.csv', status: 'loaded', loaded: 5 })]);
    expect(doc.dataVersion).toBe(server.db.dataVersion);
    const after = await metrics();
    expect(after.dataVersion).toBeGreaterThan(before.dataVersion);
    expect(after.totals.lines).toBe((before.totals.lines ?? 0) + 5);
    const [sql] = await server.db.query(`SELECT sum(amount)::DOUBLE AS gmv FROM orders`);
    expect(after.totals.gmv).toBeCloseTo(Number(sql.gmv), 2);

    const again = await cli('ingest', sample('douyin-orders.csv'), ...ORDERS, '--db', db, '--json');
    expect(json(again.out).files[0].status).toBe('already_loaded');
  });

  it('an invalid --mapping sends nothing, and the summary gives the database\'s data version, not 0', async () => {
    const bad = join(dir, 'bad-mapping.json');
    writeFileSync(bad, '{"id": "x", "label": {}}');
    const r = await cli('ingest', sample('merchants.csv'), '--mapping', bad, '--db', db, '--json');
    expect(r.code).toBe(2);
    expect(server.db.dataVersion).toBeGreaterThan(0);
    expect(json(r.out).dataVersion).toBe(server.db.dataVersion);
    expect(r.err).toContain(`data version ${server.db.dataVersion}.`);
  });

  it('a file over the server\'s upload cap fails with the cap in the message (exit 2)', async () => {
    const big = join(dir, 'big.csv');
    writeFileSync(big, `a,b\n${'1,2\n'.repeat(400_000)}`); // 1.6 MB > 1 MB
    const r = await cli('ingest', big, '--db', db, '--json');
    expect(r.code).toBe(2);
    expect(json(r.out).files[0]).toMatchObject({ file: 'big.csv', status: 'failed', message: expect.stringMatching(/413.*1 MB/) });
  });

  it('a file with quarantined rows: the first reasons under its line, and `datasets quarantine ID` lists them all through the server', async () => {
    // Two lines whose ids a spreadsheet turned into 6.917E+18, one good line.
    const path = writeCsv(dir, 'douyin-excel.csv', [DOUYIN_HEAD,
      douyinLine({ parent: '6.917E+18', line: '6.917E+18', amount: '10.00', paid: '2026/03/02 10:00:00' }),
      douyinLine({ parent: '6918000000000000077', amount: '12.00', paid: '2026/03/02 11:00:00' }),
      douyinLine({ parent: '6.917E+18', line: '6.917E+18', amount: '30.00', paid: '2026/03/02 12:00:00' })]);
    const r = await cli('ingest', path, ...ORDERS, '--db', db);
    expect(r.code, r.err).toBe(0);
    const id = Number(r.out.match(/dataset (\d+)/)![1]);
    expect(r.out).toMatch(/^loaded: douyin-excel\.csv .*loaded 1, .*quarantined 2.*\n    line 2, 子订单编号 "6\.917E\+18": 编号格式不符.* \/ id does not have the expected shape/m);
    expect(r.err).toContain(`2 rows quarantined: beltscope datasets quarantine ${id} lists them with their reasons.`);

    const text = await cli('datasets', 'quarantine', String(id), '--db', db);
    expect(text.code, text.err).toBe(0);
    expect(text.err).toMatch(/asking it/);
    expect(text.out.split('\n').slice(0, 3)).toEqual([
      `Dataset ${id} (douyin-excel.csv): 2 quarantined rows — 被隔离的行：`,
      expect.stringMatching(/^  line 2, 子订单编号 "6\.917E\+18": 编号格式不符/),
      expect.stringMatching(/^  line 4, 子订单编号 "6\.917E\+18": 编号格式不符/),
    ]);
    const doc = quarantineResponse.parse(JSON.parse((await cli('datasets', 'quarantine', String(id), '--db', db, '--json')).out));
    expect(doc).toMatchObject({ datasetId: id, total: 2, truncated: false, rows: [{ line: 2, record: 1 }, { line: 4, record: 3 }] });
    expect(JSON.parse(doc.rows[0].raw!)).toMatchObject({ 订单应付金额: '10.00' });
    // The server's refusal is relayed in both languages, as the CLI words its own.
    const unknown = await cli('datasets', 'quarantine', '99999', '--db', db);
    expect(unknown.code).toBe(2);
    expect(unknown.err).toMatch(/beltscope: There is no dataset 99999\..*\n.*99999/);
    expect(unknown.err).toMatch(/[\u4e00-\u9fff]/);
    const gone = await cli('datasets', 'remove', '99999', '--db', db);
    expect(gone.code).toBe(2);
    expect(gone.err).toMatch(/There is no dataset 99999\..*\n.*[\u4e00-\u9fff]/);
    expect((await cli('datasets', 'remove', String(id), '--db', db)).code).toBe(0);
  });

  it('datasets list and remove go through the server too', async () => {
    const l = await cli('datasets', 'list', '--db', db, '--json');
    expect(l.code, l.err).toBe(0);
    expect(l.err).toMatch(/asking it/);
    const list = datasetsResponse.parse(JSON.parse(l.out));
    const id = list.datasets.find((d) => d.fileName === 'douyin-orders.csv')!.datasetId;
    const rm = await cli('datasets', 'remove', String(id), '--db', db);
    expect(rm.code, rm.err).toBe(0);
    expect((await metrics()).totals.lines ?? 0).toBe(0);
    const unknown = await cli('datasets', 'remove', String(id), '--db', db);
    expect(unknown.code).toBe(2);
  });

  it('ignores a stale server file: a dead process, or a live server of another database', async () => {
    const other = join(dir, 'other.duckdb');
    const fileOf = (p: string) => `${p}.server.json`;
    // A process that has exited.
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']).stdout.toString();
    const first = await cli('ingest', sample('merchants.csv'), '--db', other, '--json');
    expect(first.code, first.err).toBe(0);
    writeFileSync(fileOf(realpathSync(other)), JSON.stringify({ pid: Number(dead), port: 1, host: '127.0.0.1', dbPath: realpathSync(other), startedAt: '' }));
    const a = await cli('ingest', sample('merchant_accounts.csv'), '--db', other, '--json');
    expect(a.code, a.err).toBe(0);
    expect(a.err).not.toMatch(/sending the files/);
    expect(existsSync(fileOf(realpathSync(other)))).toBe(false);

    // Alive, answering, but for another database: not this one's server.
    const port = Number(new URL(server.url).port);
    writeFileSync(fileOf(realpathSync(other)), JSON.stringify({ pid: process.pid, port, host: '127.0.0.1', dbPath: realpathSync(other), startedAt: '' }));
    const b = await cli('datasets', 'list', '--db', other, '--json');
    expect(b.code, b.err).toBe(0);
    expect(b.err).not.toMatch(/asking it/);
    expect(JSON.parse(b.out).datasets.map((d: any) => d.fileName)).toEqual(['merchants.csv', 'merchant_accounts.csv']);
  });
});

describe('beltscope datasets: text output', () => {
  it('writes load times as Beijing wall time, as the upload page does', async () => {
    const { beijingTime } = await import('../../cli/datasets.ts');
    expect(beijingTime('2026-12-01T11:28:49.405Z')).toBe('2026-12-01 19:28 (+08)');
    expect(beijingTime('2026-12-31T16:30:00.000Z')).toBe('2027-01-01 00:30 (+08)');
    expect(beijingTime('not a time')).toBe('not a time');
  });
});
