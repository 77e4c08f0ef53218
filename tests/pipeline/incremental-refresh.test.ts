import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Database } from '../../db/database.ts';
import { removeDataset } from '../../db/removeDataset.ts';
import { ROLLUP_BUILD_ORDER } from '../../catalog/sources.ts';
import { generateDemo } from '../../pipelines/demo/generate.ts';
import { ingestFiles, type FileSummary, type IngestOptions } from '../../pipelines/ingest/ingest.ts';
import { MetricsService } from '../../server/query/execute.ts';
import { parseMetricsParams } from '../../server/query/params.ts';
import { DOUYIN_HEAD, douyinLine, sample, tempDir, writeCsv } from './ingest-fixtures.ts';
import { expectRollupsEqualFullRebuild } from '../fixtures/rollup-check.ts';

// A load refreshes only the rollup rows of the days and slices it touched. After every step of a
// sequence of loads and removals, each rollup table must equal a full rebuild of it (built into
// a scratch table from its declaration, compared row for row), split_orders and buyer_keys must
// be what a full build keeps, and metrics answered from rollups must equal raw-row answers.

let dir: string;
beforeAll(() => { dir = tempDir(); });

/**
 * Per rollup: rows appended out of order since its last build (from its comment), its rows, and
 * how many rows come after a row that sorts after them in its declared order (by rowid).
 */
async function rollupOrder(db: Database) {
  const out: { table: string; appended: number; rows: number; outOfOrder: number }[] = [];
  for (const r of ROLLUP_BUILD_ORDER) {
    const [c] = await db.query(`SELECT comment AS c FROM duckdb_tables() WHERE table_name = $t`, { t: r.table });
    const key = `(${r.build!.orderBy.join(', ')})`;
    const [x] = await db.query(`SELECT count(*)::INT AS n, count(*) FILTER (WHERE prev > k)::INT AS bad
      FROM (SELECT ${key} AS k, lag(${key}) OVER (ORDER BY rowid) AS prev FROM ${r.table})`);
    out.push({ table: r.table, appended: Number(String(c.c).match(/ \+(\d+)$/)?.[1]), rows: Number(x.n), outOfOrder: Number(x.bad) });
  }
  return out;
}

const round = (x: unknown) => JSON.parse(JSON.stringify(x), (_k, v) => (typeof v === 'number' ? Number(v.toPrecision(12)) : v));

/** Queries that read every rollup (and composed windows of month and day rollups). */
const QUERIES = [
  'measures=gmv,orders,lines,quantity,net_gmv,refund_rate,non_standard_share&by=platform,belt&grain=day',
  'measures=gmv,orders,lines,net_gmv&by=belt,category,venue&grain=month',
  'measures=gmv,orders&by=base,venue&grain=week',
  'measures=gmv,orders,active_merchants&by=merchant&grain=month',
  'measures=gmv,orders,active_merchants&by=merchant&grain=day',
  'measures=gmv,active_merchants&by=venue,base&grain=month',
  'measures=gmv,orders,net_gmv&by=ship_province&grain=month',
  'measures=gmv,orders&by=ship_province&grain=day',
  'measures=gmv,lines&by=hub&grain=month',
  'measures=buyers,aov,gmv&by=platform,venue&grain=day',
  'measures=buyers,aov&by=belt',
  'measures=hhi,cr4&by=belt&grain=month',
  'measures=live_gmv,sessions,live_hours,views,viewers,gpm,peak_online,ad_spend&by=platform,venue,base&grain=day',
  'measures=live_gmv,sessions,gpm&by=belt&grain=month',
];

async function expectPlannedEqualsRaw(db: Database, windows: { from: string; to: string }[]) {
  const metrics = new MetricsService(db, { rowCap: 50_000, budgetMs: 30_000, cache: false });
  const [range] = await db.query(`SELECT min(paid_at)::DATE::VARCHAR AS "from", max(paid_at)::DATE::VARCHAR AS "to" FROM orders`);
  const read = new Set<string>();
  for (const w of windows) {
    for (const qs of QUERIES) {
      const { query, lang } = parseMetricsParams(Object.fromEntries(new URLSearchParams(`${qs}&from=${w.from}&to=${w.to}`)), range as never);
      const planned = await metrics.run(query, lang);
      const raw = await metrics.run({ ...query, rawOnly: true }, lang);
      Object.values(planned.sources).forEach((s) => read.add(s));
      expect(round(planned.rows), `${qs} ${w.from}…${w.to}`).toEqual(round(raw.rows));
      expect(round(planned.totals), `${qs} ${w.from}…${w.to} totals`).toEqual(round(raw.totals));
    }
  }
  // The comparison is only worth something if the planned side read rollups.
  expect([...read].filter((s) => s.startsWith('ro_')).length).toBeGreaterThan(5);
}

/* ── Files ─────────────────────────────────────────────────────────────────────────────────── */

interface Line { parent: number; line: number; amount: string; paid: string; after?: string; qty?: number }
const pid = (n: number) => `69180000000${String(n).padStart(8, '0')}`;
const lid = (n: number) => `69190000000${String(n).padStart(8, '0')}`;
const douyinFile = (name: string, lines: Line[]) => writeCsv(dir, name, [DOUYIN_HEAD,
  ...lines.map((l) => douyinLine({ parent: pid(l.parent), line: lid(l.line), amount: l.amount, paid: l.paid, after: l.after, qty: l.qty }))]);

/** A month of Douyin orders: n parents, about one in five split into 2–3 lines, paid through the days of `month`. */
function monthOfLines(month: string, firstParent: number, n: number): Line[] {
  const out: Line[] = [];
  let line = firstParent * 10;
  for (let p = firstParent; p < firstParent + n; p++) {
    const day = 1 + (p * 7) % 28;
    const time = `${month}/${String(day).padStart(2, '0')} ${String(8 + (p % 14)).padStart(2, '0')}:${String(p % 60).padStart(2, '0')}:05`;
    const k = p % 5 === 0 ? 2 + (p % 2) : 1;
    for (let i = 0; i < k; i++) out.push({ parent: p, line: line++, amount: `${10 + (p * 13 + i * 7) % 300}.${p % 10}0`, paid: time, after: p % 11 === 0 ? '售后处理中' : '-' });
  }
  return out;
}

const canonicalSessions = (name: string, rowsOf: Record<string, string | number>[]) => {
  const head = ['platform_id', 'session_id', 'merchant_id', 'belt_id', 'base_id', 'venue', 'account', 'kiln_opening', 'started_at', 'ended_at', 'views', 'viewers', 'buyers', 'gmv'];
  return writeCsv(dir, name, [head, ...rowsOf.map((r) => head.map((h) => r[h] ?? ''))]);
};
const canonicalOrders = (name: string, rowsOf: Record<string, string | number>[]) => {
  const head = ['platform_id', 'order_id', 'parent_order_id', 'merchant_id', 'belt_id', 'session_id', 'category_id', 'non_standard', 'quantity', 'amount',
    'buyer_id', 'paid_at', 'refund_amount', 'ship_province', 'hub_id'];
  return writeCsv(dir, name, [head, ...rowsOf.map((r) => head.map((h) => r[h] ?? ''))]);
};

/* ── A database of real loads only ─────────────────────────────────────────────────────────── */

describe('incremental refresh after a sequence of real loads', () => {
  let db: Database;
  const windows = [{ from: '2026-02-01', to: '2026-05-31' }, { from: '2026-03-09', to: '2026-04-20' }];
  const ingest = async (paths: string[], o: Partial<IngestOptions> = {}): Promise<FileSummary[]> => {
    const r = (await ingestFiles(db, paths, { hashKey: 'test-key', ...o })).files;
    for (const f of r) expect(['loaded', 'already_loaded'], `${f.file}: ${f.message}`).toContain(f.status);
    return r;
  };
  /** The last write refreshed incrementally, and its rollups equal a full rebuild. */
  const check = async (opts: { full?: boolean; metrics?: boolean } = {}) => {
    expect(db.lastRefresh?.mode, JSON.stringify(db.lastRefresh)).toBe(opts.full ? 'full' : 'incremental');
    await expectRollupsEqualFullRebuild(db);
    // Rollups rewritten in order (in so small a database every refresh passes a tenth of them).
    for (const x of await rollupOrder(db)) if (x.appended === 0) expect(x.outOfOrder, x.table).toBe(0);
    if (opts.metrics) await expectPlannedEqualsRaw(db, windows);
  };
  const datasetOf = async (file: string) => Number((await db.query(`SELECT max(dataset_id) AS id FROM datasets WHERE file_name = $f`, { f: file }))[0].id);

  beforeAll(async () => {
    db = await Database.open(':memory:', { readers: 2 });
    await ingest([sample('merchants.csv'), sample('merchant_accounts.csv')]);
    expect(db.lastRefresh?.mode).toBe('incremental'); // entities only: nothing a rollup reads
  });
  afterAll(async () => db?.close());

  it('the sample exports, one by one (buyers from Taobao, masked ones from Douyin)', async () => {
    await ingest([sample('douyin-orders.csv')], { merchant: 'S-JDZ-001' });
    await check();
    await ingest([sample('taobao-sold-orders.csv')], { merchant: 'S-YX-001' });
    await check();
    await ingest([sample('kuaishou-orders.csv'), sample('wechat-channels-orders.csv')], { merchant: 'S-HN-001' });
    await check();
    await ingest([sample('直播明细_抖音号_20260321_20260323.xlsx')]);
    await check();
    await ingest([sample('douyin-compass-live.xlsx')], { date: '2026-03-21' });
    await check({ metrics: true });
  });

  it('a month of Douyin orders, then an overlapping export that adds lines to known orders and lowers a first line', async () => {
    const march = monthOfLines('2026/03', 1000, 400);
    await ingest([douyinFile('march.csv', march)], { merchant: 'S-JDZ-001' });
    await check();
    // Overlaps half of March and runs into April; parent 1103 gains a line with a lower id than
    // its others (its first line changes).
    const overlap = [...march.slice(200), ...monthOfLines('2026/04', 1400, 150), { parent: 1103, line: 13, amount: '55.00', paid: '2026/03/22 19:23:05' }];
    const [f] = await ingest([douyinFile('march-april.csv', overlap)], { merchant: 'S-JDZ-001' });
    expect(f).toMatchObject({ loaded: overlap.length - (march.length - 200), duplicates: march.length - 200, updated: 0 });
    await check({ metrics: true });
  });

  it('parent orders whose lines fall on different days (and months): split_orders carries their first line', async () => {
    // Parent 1100 gains a first line four days after its others, 1101 one on another day, 1102 one in April.
    const [f] = await ingest([douyinFile('across-days.csv', [
      { parent: 1100, line: 10, amount: '66.00', paid: '2026/03/05 10:00:05' },
      { parent: 1101, line: 11, amount: '77.00', paid: '2026/03/30 23:59:59' },
      { parent: 1102, line: 12, amount: '88.00', paid: '2026/04/02 00:00:01' }])], { merchant: 'S-JDZ-001' });
    expect(f.loaded).toBe(3);
    await check();
    // A refresh of only the days of 1101's other lines must still count it on 03-30, not on them.
    const refunded = monthOfLines('2026/03', 1000, 400).find((l) => l.parent === 1101)!;
    const lineBefore = await db.query(`SELECT * FROM orders WHERE order_id = $id`, { id: lid(refunded.line) });
    const [g] = await ingest([douyinFile('across-days-refund.csv', [{ ...refunded, after: '退款成功' }])], { merchant: 'S-JDZ-001' });
    expect(g.updated).toBe(1);
    await check();
    expect(await db.query(`SELECT refund_amount::VARCHAR AS r FROM orders WHERE order_id = $id`, { id: lid(refunded.line) })).toEqual([{ r: `${refunded.amount}` }]);
    // Rollups count such an order once, on its first line's day; raw rows split by day would
    // count it on each of its days, so metrics are compared once these lines are gone again.
    // Removing the refund's load puts the line back as it was (no refund), and in its own load.
    const refund = await datasetOf('across-days-refund.csv');
    const removed = await db.write((con) => removeDataset(con, refund));
    expect(removed).toMatchObject({ rows: { orders: 1 }, restored: { orders: 1 } });
    await check();
    expect(await db.query(`SELECT * FROM orders WHERE order_id = $id`, { id: lid(refunded.line) })).toEqual(lineBefore);
    expect(lineBefore).toMatchObject([{ refund_amount: 0 }]);
    const across = await datasetOf('across-days.csv');
    await db.write((con) => removeDataset(con, across));
    await check();
    await expectPlannedEqualsRaw(db, windows);
  });

  it('a later refund updates rows (and a known refund never reverts), changing their days', async () => {
    const march = monthOfLines('2026/03', 1000, 400);
    const refunds = march.filter((l) => l.parent % 11 === 0).map((l) => ({ ...l, after: '退款成功' }));
    const [f] = await ingest([douyinFile('march-refunds.csv', refunds)], { merchant: 'S-JDZ-001' });
    expect(f.updated).toBe(refunds.length);
    await check();
    // A corrected export moves a line to another day and changes its amount.
    const moved = [{ ...march[3], paid: '2026/03/28 09:00:00', amount: '999.00' }];
    const [g] = await ingest([douyinFile('march-corrected.csv', moved)], { merchant: 'S-JDZ-001' });
    expect(g.updated).toBe(1);
    await check({ metrics: true });
  });

  it('orders in live sessions, then a session export that moves them to a base room', async () => {
    const sessions = [
      { platform_id: 'kuaishou', session_id: 'KS-1', merchant_id: 'S-HN-001', belt_id: 'haining-leather', venue: 'studio', account: 'hn_live',
        kiln_opening: 'false', started_at: '2026-03-10 19:00:00', ended_at: '2026-03-10 22:00:00', views: 5000, viewers: 3000, buyers: 3, gmv: '1500.00' },
      { platform_id: 'kuaishou', session_id: 'KS-2', merchant_id: 'S-HN-001', belt_id: 'haining-leather', venue: 'workshop', account: 'hn_live',
        kiln_opening: 'false', started_at: '2026-03-11 23:00:00', ended_at: '2026-03-12 01:30:00', views: 800, viewers: 600, buyers: 2, gmv: '700.00' },
    ];
    await ingest([canonicalSessions('ks-sessions.csv', sessions)]);
    await check();
    const order = (n: number, session: string, paid: string, buyer: string, parent = n) => ({
      platform_id: 'kuaishou', order_id: `KO-${n}`, parent_order_id: `KO-${parent}`, merchant_id: 'S-HN-001', belt_id: 'haining-leather',
      session_id: session, category_id: 'leather', non_standard: 'false', quantity: 1, amount: `${100 + n}.00`, buyer_id: buyer, paid_at: paid,
      refund_amount: n % 3 ? '0' : '', ship_province: '浙江省', hub_id: '' });
    await ingest([canonicalOrders('ks-orders.csv', [
      order(1, 'KS-1', '2026-03-10 19:30:00', 'b1'), order(2, 'KS-1', '2026-03-10 20:00:00', 'b2'), order(3, 'KS-1', '2026-03-10 20:00:00', 'b2', 2),
      order(4, 'KS-2', '2026-03-11 23:50:00', 'b1'), order(5, 'KS-2', '2026-03-12 00:10:00', 'b3'), order(6, 'KS-3', '2026-03-13 10:00:00', 'b4'),
    ])]);
    await check();
    // The same sessions again, now in a base room: their orders change venue and base, no order row changes.
    await ingest([canonicalSessions('ks-sessions-base.csv', sessions.map((s) => ({ ...s, venue: 'base', base_id: 'HN-BASE-1' })))]);
    await check();
    // A session that orders were waiting for (KS-3), on another day than theirs.
    await ingest([canonicalSessions('ks-sessions-late.csv', [{ ...sessions[0], session_id: 'KS-3', started_at: '2026-03-12 20:00:00', ended_at: '2026-03-12 21:00:00' }])]);
    await check({ metrics: true });
    const venues = await db.query(`SELECT venue, base_id, sum(lines)::INT AS n FROM ro_orders_day WHERE platform_id = 'kuaishou' AND venue IS NOT NULL GROUP BY ALL ORDER BY ALL`);
    expect(venues).toEqual([{ venue: 'base', base_id: 'HN-BASE-1', n: 5 }, { venue: 'studio', base_id: null, n: 1 }]);
  });

  it('removing datasets: orders, a session export (its sessions get their earlier venue back), an overlapping export', async () => {
    for (const file of ['ks-sessions-late.csv', 'ks-sessions-base.csv', 'march-april.csv', 'taobao-sold-orders.csv']) {
      const id = await datasetOf(file);
      // Some of these changed rows of earlier loads: those are put back, and the rollups follow.
      await db.write((con) => removeDataset(con, id));
      await check();
    }
    await expectPlannedEqualsRaw(db, windows);
  });

  it('a file loaded, removed and loaded again', async () => {
    const may = douyinFile('may.csv', monthOfLines('2026/05', 3000, 120));
    await ingest([may], { merchant: 'S-JDZ-001' });
    await check();
    const id = await datasetOf('may.csv');
    await db.write((con) => removeDataset(con, id));
    await check();
    expect((await db.query(`SELECT count(*)::INT AS n FROM orders WHERE paid_at >= '2026-05-01'`))[0].n).toBe(0);
    const [f] = await ingest([may], { merchant: 'S-JDZ-001' });
    expect(f).toMatchObject({ status: 'loaded', loaded: f.rowsRead });
    await check();
    // Taobao again (its buyers were removed with it): the same buyers get keys above the largest.
    const before = Number((await db.query(`SELECT max(buyer_key) AS k FROM buyer_keys`))[0].k ?? 0);
    await ingest([sample('taobao-sold-orders.csv')], { merchant: 'S-YX-001' });
    await check({ metrics: true });
    const keys = await db.query(`SELECT buyer_key FROM buyer_keys WHERE platform_id = 'taobao' ORDER BY 1`);
    expect(keys.length).toBeGreaterThan(0);
    expect(keys.every((k) => Number(k.buyer_key) > before)).toBe(true);
  });

  it('a dry run changes nothing and refreshes nothing; a write that says nothing rebuilds in full', async () => {
    const refresh = db.lastRefresh;
    const [f] = await ingestFiles(db, [douyinFile('june.csv', monthOfLines('2026/06', 5000, 10))], { hashKey: 'test-key', merchant: 'S-JDZ-001', dryRun: true })
      .then((r) => r.files);
    expect(f.status).toBe('dry_run');
    expect(db.lastRefresh).toBe(refresh);
    await db.write(async () => {});
    expect(db.lastRefresh).toMatchObject({ mode: 'full', reason: 'changes not recorded' });
    await db.write(async () => {}, { derived: 'incremental' });
    expect(db.lastRefresh).toMatchObject({ mode: 'incremental', rows: {} });
    await check();
  });
});

/* ── The demo replaced by real data ────────────────────────────────────────────────────────── */

describe('incremental refresh around the demo', () => {
  it('--replace-demo rebuilds in full (the demo goes unrecorded), later loads incrementally', async () => {
    const db = await Database.open(':memory:', { readers: 1 });
    try {
      await db.write((con) => generateDemo(con, { orders: 3000, seed: 5, endDate: '2026-04-30' }));
      expect(db.lastRefresh?.mode).toBe('full');
      const o = { hashKey: 'k', merchant: 'S-JDZ-001', belt: 'jingdezhen-ceramics' };
      const [f] = (await ingestFiles(db, [sample('douyin-orders.csv')], { ...o, replaceDemo: true })).files;
      expect(f).toMatchObject({ status: 'loaded', loaded: 5 });
      expect(db.lastRefresh).toMatchObject({ mode: 'full', reason: expect.stringMatching(/removed without being recorded/) });
      expect((await db.query(`SELECT count(*)::INT AS n FROM ro_orders_day WHERE day < '2026-03-01'`))[0].n).toBe(0);
      await expectRollupsEqualFullRebuild(db);
      const [g] = (await ingestFiles(db, [douyinFile('demo-after.csv', monthOfLines('2026/03', 7000, 50))], o)).files;
      expect(g.status).toBe('loaded');
      expect(db.lastRefresh?.mode).toBe('incremental');
      await expectRollupsEqualFullRebuild(db);
    } finally {
      await db.close();
    }
  });

  it('rows a refresh appends out of order stay under a tenth of a rollup; planned answers still equal raw ones', async () => {
    const db = await Database.open(':memory:', { readers: 1 });
    try {
      await db.write((con) => generateDemo(con, { orders: 20_000, seed: 9, endDate: '2026-04-30' }));
      // The demo's rows as if loaded from exports, so that real files may be loaded beside them.
      await db.write(async (con) => { await con.run(`UPDATE datasets SET kind = 'real'`); }, { derived: false });
      const o = { hashKey: 'k', merchant: 'S-JDZ-001', belt: 'jingdezhen-ceramics' };
      await ingestFiles(db, [douyinFile('demo-real-1.csv', monthOfLines('2026/04', 8000, 60))], o);
      expect(db.lastRefresh?.mode).toBe('incremental');
      const state = await rollupOrder(db);
      expect(state.filter((x) => x.appended > 0).length).toBeGreaterThan(0);
      for (const x of state) {
        expect(x.appended, x.table).toBeLessThanOrEqual(0.1 * x.rows);
        if (x.appended === 0) expect(x.outOfOrder, x.table).toBe(0);
      }
      await expectRollupsEqualFullRebuild(db);
      await expectPlannedEqualsRaw(db, [{ from: '2026-03-01', to: '2026-04-30' }, { from: '2025-12-11', to: '2026-04-17' }]);
    } finally {
      await db.close();
    }
  });
});

/* ── A load that writes most of a large fact ───────────────────────────────────────────────── */

describe('a load that writes over a quarter of a large fact', () => {
  it('rebuilds in full without recording its rows first; a small load after it stays incremental', async () => {
    const db = await Database.open(':memory:', { readers: 1 });
    try {
      // 150,000 lines already there (written in SQL, then rebuilt in full), then 54,168 lines of
      // 41,667 orders in one file: 54,168 of 204,168 rows is over a quarter of a fact of at least
      // 200,000 rows, where a full rebuild is the refresh's own choice (db/derived.ts).
      await db.write(async (con) => {
        await con.run(`INSERT INTO merchants (merchant_id, belt_id, name) VALUES ('S-BIG', 'jingdezhen-ceramics', 'big')`);
        await con.run(`INSERT INTO orders (platform_id, order_id, parent_order_id, merchant_id, belt_id, category_id, non_standard, quantity, amount, buyer_id, paid_at)
          SELECT 'douyin', 'x' || i, 'x' || (i // 2), 'S-BIG', 'jingdezhen-ceramics', 'ceramics', true, 1, 10 + i % 7, 'b' || (i % 900),
            TIMESTAMPTZ '2026-01-01 08:00:00+08' + to_minutes(i % 200000) FROM range(150000) t(i)`);
      });
      expect(db.lastRefresh).toMatchObject({ mode: 'full', reason: 'changes not recorded' });
      const o = { hashKey: 'k', merchant: 'S-BIG' };
      const [f] = (await ingestFiles(db, [douyinFile('big.csv', monthOfLines('2026/05', 100_000, 41_667))], o)).files;
      expect(f).toMatchObject({ status: 'loaded', loaded: 54_168 });
      expect(db.lastRefresh).toMatchObject({ mode: 'full', reason: 'orders: 54168 of 204168 rows written' });
      await expectRollupsEqualFullRebuild(db);
      const [g] = (await ingestFiles(db, [douyinFile('small.csv', monthOfLines('2026/06', 200_000, 300))], o)).files;
      expect(g).toMatchObject({ status: 'loaded', loaded: 390 });
      expect(db.lastRefresh?.mode).toBe('incremental');
      await expectRollupsEqualFullRebuild(db);
    } finally {
      await db.close();
    }
  });
});
