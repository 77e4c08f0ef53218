import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Database } from '../../db/database.ts';
import { createApp } from '../../server/api/app.ts';
import { ingestFiles, type IngestOptions } from '../../pipelines/ingest/ingest.ts';
import { requester } from '../fixtures/request.ts';
import { removeDataset } from '../../db/removeDataset.ts';
import { DOUYIN_HEAD, douyinLine, sample, tempDir, writeCsv } from './ingest-fixtures.ts';

// Every built-in mapping loads its sample to totals checked by hand from the sample files
// (pipelines/samples/make-samples.ts says what each row is), through the API a user reads them with.
let db: Database;
let app: ReturnType<typeof createApp>['app'];
const get = requester(() => app);
const load = async (files: string[], o: Partial<IngestOptions> = {}) =>
  (await ingestFiles(db, files.map(sample), { hashKey: 'test-key', ...o })).files;

beforeAll(async () => {
  db = await Database.open(':memory:', { readers: 2 });
  app = createApp({ db, cache: false }).app;
  const first = await load(['merchants.csv', 'merchant_accounts.csv']);
  expect(first.map((f) => [f.mapping, f.status, f.loaded])).toEqual([['canonical-merchants', 'loaded', 3], ['canonical-merchant-accounts', 'loaded', 2]]);
});
afterAll(async () => db.close());

const totals = async (qs: string) => (await get(`/api/metrics?${qs}&lang=en`)).body;

describe('each mapping loads its sample', () => {
  it('Douyin orders: split parent once, unpaid skipped, refund from 售后状态, channel from 流量来源', async () => {
    const version = db.dataVersion;
    const [f] = await load(['douyin-orders.csv'], { merchant: 'S-JDZ-001' });
    expect(f).toMatchObject({ platform: 'douyin', kind: 'orders', mapping: 'douyin-orders-csv', status: 'loaded', rowsRead: 6, loaded: 5, skipped: 1, quarantined: 0, duplicates: 0, updated: 0 });
    // One load, one new data version (its "started" log line, committed first, moves none).
    expect(db.dataVersion).toBe(version + 1);
    const r = await totals('measures=gmv,orders,lines,net_gmv&platform=douyin');
    expect(r.totals).toEqual({ gmv: 3983.9, orders: 4, lines: 5, net_gmv: null }); // 128 + 116 + 1280 + 99.9 + 2360
    expect(r.notes.map((n: any) => n.measure)).toEqual(['net_gmv']); // 售后处理中: refund unknown
    const rows = await db.query(`SELECT order_id, refund_amount::DOUBLE AS r, channel, paid_at::DATE::VARCHAR AS d FROM orders WHERE platform_id = 'douyin' ORDER BY order_id`);
    expect(rows).toEqual([
      { order_id: '6917000000000000011', r: 0, channel: 'live', d: '2026-03-21' },
      { order_id: '6917000000000000021', r: 0, channel: 'live', d: '2026-03-21' },
      { order_id: '6917000000000000022', r: 1280, channel: 'live', d: '2026-03-21' },
      { order_id: '6917000000000000031', r: null, channel: 'short_video', d: '2026-03-22' },
      { order_id: '6917000000000000051', r: 0, channel: 'shelf', d: '2026-03-23' }, // 00:00:05 Beijing on the 23rd
    ]);
    const [m] = await db.query(`SELECT DISTINCT merchant_id, belt_id, category_id, non_standard FROM orders WHERE platform_id = 'douyin'`);
    expect(m).toEqual({ merchant_id: 'S-JDZ-001', belt_id: 'jingdezhen-ceramics', category_id: 'ceramics', non_standard: true });
  });

  it('Taobao (GBK): = ids, 元 amounts, padded headers, buyers hashed, address cut to province and city', async () => {
    const [f] = await load(['taobao-sold-orders.csv'], { merchant: 'S-YX-001' });
    expect(f).toMatchObject({ platform: 'taobao', mapping: 'taobao-sold-orders-csv', rowsRead: 4, loaded: 3, skipped: 1, quarantined: 0 });
    const r = await totals('measures=gmv,buyers,refund_rate&platform=taobao');
    expect(r.totals.gmv).toBe(1746); // 368 + 1280 + 98
    // Taobao's export names no traffic source: live or not is unknown, so the live share is null
    // with a note, never 0; Douyin's lines say it (live 128 + 116 + 1280 of 3983.9).
    const live = await totals('measures=live_share&platform=taobao');
    expect([live.totals.live_share, live.notes.map((n: any) => n.measure)]).toEqual([null, ['live_share']]);
    expect(live.notes[0].message).toMatch(/sales channel/);
    expect((await totals('measures=live_share&platform=douyin')).totals.live_share).toBeCloseTo((128 + 116 + 1280) / 3983.9, 12);
    expect(r.totals.buyers).toBe(2); // 示例买家甲 twice
    expect(r.totals.refund_rate).toBeCloseTo(298 / 1746, 12); // 0 + 200 + 98
    const rows = await db.query(`SELECT order_id, buyer_id, ship_province, ship_city FROM orders WHERE platform_id = 'taobao' ORDER BY order_id`);
    expect(rows.map((x) => x.order_id)).toEqual(['2026032100001', '2026032100002', '2026032100003']);
    expect(rows.map((x) => [x.ship_province, x.ship_city])).toEqual([['浙江省', '杭州市'], ['江苏省', '苏州市'], ['浙江省', '杭州市']]);
    expect(rows[0].buyer_id).toMatch(/^[0-9a-f]{64}$/);
    expect(rows[0].buyer_id).toBe(rows[2].buyer_id);
    const leaked = await db.query(`SELECT count(*)::INT AS n FROM orders WHERE buyer_id LIKE '%示例买家%'`);
    expect(leaked[0].n).toBe(0);
  });

  it('Kuaishou and WeChat Channels (fen) by their documented columns', async () => {
    const [k, w] = await load(['kuaishou-orders.csv', 'wechat-channels-orders.csv'], { merchant: 'S-HN-001' });
    expect(k).toMatchObject({ platform: 'kuaishou', loaded: 2, skipped: 1 });
    expect(w).toMatchObject({ platform: 'wechat_channels', loaded: 2, skipped: 0 });
    const r = await totals('measures=gmv,net_gmv,quantity&by=platform&platform=kuaishou,wechat_channels');
    const by = Object.fromEntries(r.rows.map((x: any) => [x.platform, x]));
    expect(by.kuaishou).toMatchObject({ gmv: 2498, net_gmv: 1599, quantity: 2 });
    expect(by.wechat_channels).toMatchObject({ gmv: 576, net_gmv: 517, quantity: 4 }); // 39900 + 17700 fen, refund 5900 fen
  });

  it('Douyin live detail (XLSX, 54 columns): accounts resolve to merchants, minutes × viewers, midnight crossing', async () => {
    const [f] = await load(['直播明细_抖音号_20260321_20260323.xlsx']);
    expect(f).toMatchObject({ sheet: '直播间明细', kind: 'live_sessions', mapping: 'douyin-live-detail-xlsx', rowsRead: 3, loaded: 3 });
    const r = await totals('measures=sessions,live_gmv,views,viewers,gpm,live_hours&platform=douyin');
    expect(r.totals).toMatchObject({ sessions: 3, live_gmv: 1623.9, views: 18380, viewers: 12624 });
    expect(r.totals.gpm).toBeCloseTo((1623.9 / 18380) * 1000, 9);
    expect(r.totals.live_hours).toBeCloseTo((3 * 3600 + 29 * 60 + 45 + 90 * 60 + 30 + 2 * 3600) / 3600, 9);
    const rows = await db.query(`SELECT account, account_name, watch_seconds, ad_spend::DOUBLE AS ad, venue, merchant_id, impressions FROM live_sessions WHERE platform_id = 'douyin' ORDER BY started_at`);
    expect(rows[0]).toEqual({ account: 'demo_qinghua', account_name: '示例青花直播间', watch_seconds: 2.5 * 60 * 8120, ad: 200, venue: null, merchant_id: 'S-JDZ-001', impressions: 52310 });
    expect(rows[2].ad).toBeNull(); // '-' is none, not 0
  });

  it('Compass needs --date, reads 万 and percent strings, places sessions at local midnight', async () => {
    const [refused] = await load(['douyin-compass-live.xlsx']);
    expect(refused).toMatchObject({ status: 'failed', message: expect.stringMatching(/--date YYYY-MM-DD/) });
    const [f] = await load(['douyin-compass-live.xlsx'], { date: '2026-03-24' });
    expect(f).toMatchObject({ mapping: 'douyin-compass-live-xlsx', loaded: 2 });
    const rows = await db.query(`SELECT account, started_at::VARCHAR AS s, ended_at::VARCHAR AS e, start_known AS k, views, impressions, watch_seconds FROM live_sessions
      WHERE started_at::DATE = DATE '2026-03-24' ORDER BY account`);
    // Midnight is a placeholder, and the rows say so; the live detail's sessions have their times.
    expect(rows).toEqual([
      { account: 'demo_qinghua', s: '2026-03-24 00:00:00+08', e: '2026-03-24 03:30:00+08', k: false, views: 12700, impressions: 52300, watch_seconds: 150 * 8120 },
      { account: 'demo_yaokou', s: '2026-03-24 00:00:00+08', e: '2026-03-24 02:00:00+08', k: false, views: 4100, impressions: 20100, watch_seconds: 108 * 3300 },
    ]);
    expect(await db.query(`SELECT DISTINCT start_known AS k FROM live_sessions WHERE started_at::DATE < DATE '2026-03-24'`)).toEqual([{ k: true }]);
  });

  it('Compass for a day the live detail holds says the streams may count twice (a dry run too)', async () => {
    // Its own database: the shared one has loaded this Compass file already (for another day).
    const own = await Database.open(':memory:', { readers: 1 });
    try {
      const into = async (files: string[], o: Partial<IngestOptions> = {}) =>
        (await ingestFiles(own, files.map(sample), { hashKey: 'test-key', ...o })).files;
      await into(['merchants.csv', 'merchant_accounts.csv']);
      const [detail] = await into(['直播明细_抖音号_20260321_20260323.xlsx']);
      const [f] = await into(['douyin-compass-live.xlsx'], { date: '2026-03-21', dryRun: true });
      // Only demo_qinghua streamed on the 21st in the live detail; Compass lists both accounts.
      expect(f).toMatchObject({ status: 'dry_run', loaded: 2 });
      expect(f.message).toContain(`; 1 session falls on days when dataset ${detail.datasetId} holds sessions of the same account from another export`);
      expect(f.messageZh).toContain(`1 场直播与数据集 ${detail.datasetId} 中同一账号同一天的场次来自不同导出`);
      // Where, and what each choice costs: the live detail has start times for demo_qinghua, but
      // only Compass has demo_yaokou's stream that day, so not loading it is no clean way out.
      expect(f.message).toContain(`may count twice (2026-03-21, account demo_qinghua). Keep one export per day: dataset ${detail.datasetId} (with start times) gives more for those, but this file also holds 1 session no other export holds (account demo_yaokou): not loading it loses them, loading it counts the streams above twice`);
      expect(f.messageZh).toContain('但本文件还有1 场其他导出没有的直播（账号 demo_yaokou）：不导入会缺少这些场次，导入则上述场次会重复计算');
      // The 22nd: the live detail holds both accounts' streams, so this file is simply not to load.
      const [full] = await into(['douyin-compass-live.xlsx'], { date: '2026-03-22', dryRun: true });
      expect(full.message).toContain(`may count twice (2026-03-22, account demo_qinghua, demo_yaokou). Keep one export per day: dataset ${detail.datasetId} (with start times) gives more: do not load this file for those days`);
      expect(full.messageZh).toContain(`每天只保留一种导出，数据集 ${detail.datasetId}（有开播时间）更完整：这些日期不要导入本文件`);
      // A day without live detail: no such note; loaded for real, the note stays in its message.
      const [other] = await into(['douyin-compass-live.xlsx'], { date: '2026-03-24', dryRun: true });
      expect(other.message).not.toMatch(/count twice/);
      const [real] = await into(['douyin-compass-live.xlsx'], { date: '2026-03-22' });
      expect(real).toMatchObject({ status: 'loaded', loaded: 2 });
      expect(real.message).toContain(`gives more: undo this load (beltscope datasets remove ${real.datasetId}, or Undo beside it on the upload page)`);
      // The live detail loaded after Compass: it is the one to keep, Compass the one to undo,
      // unless Compass holds streams it lacks (the 21st): then undoing Compass would lose those.
      const detailAfterCompass = async (date: string) => {
        const later = await Database.open(':memory:', { readers: 1 });
        try {
          const load = async (files: string[], o: Partial<IngestOptions> = {}) => (await ingestFiles(later, files.map(sample), { hashKey: 'test-key', ...o })).files;
          await load(['merchants.csv', 'merchant_accounts.csv']);
          const [compass] = await load(['douyin-compass-live.xlsx'], { date });
          const [detailLater] = await load(['直播明细_抖音号_20260321_20260323.xlsx']);
          return { compass: compass.datasetId, message: detailLater.message, messageZh: detailLater.messageZh };
        } finally {
          await later.close();
        }
      };
      const whole = await detailAfterCompass('2026-03-22');
      expect(whole.message).toContain(`Keep one export per day: keep this export (it has start times) and undo the other (beltscope datasets remove ${whole.compass}`);
      expect(whole.messageZh).toContain(`保留本次导入（有开播时间），撤销另一份（命令 beltscope datasets remove ${whole.compass}`);
      const part = await detailAfterCompass('2026-03-21');
      expect(part.message).toContain(`this export has start times, but dataset ${part.compass} also holds 1 session this one lacks: undoing it (beltscope datasets remove ${part.compass}`);
      expect(part.messageZh).toContain(`本次导入有开播时间，但数据集 ${part.compass} 还有 1 场本次导入没有的直播`);
    } finally {
      await own.close();
    }
  });

  it('a metric an export lacks is null with a note, never a sum over the sessions that have it', async () => {
    // Compass gives no new followers; the live-detail export does (96 + 7 + 25).
    const r = await totals('measures=new_followers,engagement,views&grain=day&from=2026-03-21&to=2026-03-24');
    expect(r.rows.map((x: any) => [x.day, x.new_followers])).toEqual([['2026-03-21', 96], ['2026-03-22', 32], ['2026-03-24', null]]);
    expect(r.totals.new_followers).toBeNull();
    expect(r.totals.engagement).toBeNull(); // no export here gives interacting viewers
    expect(r.totals.views).toBe(18380 + 12700 + 4100);
    expect(r.notes.map((n: any) => n.measure).sort()).toEqual(['engagement', 'new_followers']);
    expect(r.notes[0].message).toMatch(/lack (interacting_viewers|new_followers)/);
  });

  it('the same file again is already loaded and changes nothing', async () => {
    const before = await db.query(`SELECT count(*)::INT AS n, sum(amount)::DOUBLE AS g FROM orders`);
    const version = db.dataVersion;
    const [f] = await load(['douyin-orders.csv'], { merchant: 'S-JDZ-001' });
    // Its counts are the first load's: 5 lines landed (duplicates now), the unpaid one skipped.
    expect(f).toMatchObject({ status: 'already_loaded', loaded: 0, rowsRead: 6, duplicates: 5, skipped: 1, quarantined: 0 });
    expect(f.message).toMatch(/^Already loaded as dataset (\d+): nothing changed\. To load it again \(with other options, e\.g\. another merchant\), undo dataset \1 first \(beltscope datasets remove \1, or Undo beside it on the upload page\)\.$/);
    expect(await db.query(`SELECT count(*)::INT AS n, sum(amount)::DOUBLE AS g FROM orders`)).toEqual(before);
    expect(db.dataVersion).toBe(version);
    // Said as the reader undoes a load: the upload page's button, or the request a script sends.
    const [web] = await load(['douyin-orders.csv'], { merchant: 'S-JDZ-001', via: 'web' });
    expect(web.message).toContain(`undo dataset ${f.datasetId} first (Undo beside #${f.datasetId} in this page's Loads).`);
    expect(web.messageZh).toContain(`本页“导入记录”中 #${f.datasetId} 旁的“撤销”`);
    expect(web.message + web.messageZh).not.toContain('beltscope');
    const [form] = await load(['douyin-orders.csv'], { merchant: 'S-JDZ-001', via: 'form' });
    expect(form.message).toContain(`(DELETE /api/datasets/${f.datasetId})`);
  });

  it('a file whose every row is quarantined says nothing was loaded, and again that none of it landed', async () => {
    // Ids a spreadsheet turned into 6.917E+18: every line fails its id check.
    const path = writeCsv(tempDir(), 'douyin-excel.csv', [DOUYIN_HEAD,
      ...[1, 2, 3].map((i) => douyinLine({ parent: '6.917E+18', line: '6.917E+18', amount: `${i}0.00`, paid: '2026/03/02 10:00:00' }))]);
    const loadPath = async () => (await ingestFiles(db, [path], { hashKey: 'test-key', merchant: 'S-JDZ-001' })).files;
    const [f] = await loadPath();
    expect(f).toMatchObject({ status: 'loaded', loaded: 0, updated: 0, quarantined: 3 });
    expect(f.message).toMatch(/^Nothing was loaded: 3 rows quarantined \(reasons below\): correct them as the reasons say, and load the corrected file\./);
    expect(f.messageZh).toMatch(/^没有导入的行：3 行被隔离/);
    const [g] = await loadPath();
    expect(g).toMatchObject({ status: 'already_loaded', rowsRead: 3, quarantined: 3, duplicates: 0, datasetId: f.datasetId });
    expect(g.message).toMatch(/none of its rows could be loaded then \(3 quarantined\): nothing changed\. If they named ids loaded since \(merchants, bases, accounts\), undo dataset (\d+) \(beltscope datasets remove \1, or Undo beside it on the upload page\) and load this file again; otherwise correct the file as the reasons say \(beltscope datasets quarantine \1\)/);
  });

  it('every row is accounted for in the datasets table, and rollups still equal raw rows', async () => {
    const ds = await db.query(`SELECT rows_read, rows_loaded, rows_updated, rows_skipped, rows_duplicate, rows_quarantined FROM datasets WHERE kind = 'real'`);
    for (const d of ds) {
      expect(Number(d.rows_read)).toBe(Number(d.rows_loaded) + Number(d.rows_updated) + Number(d.rows_skipped) + Number(d.rows_duplicate) + Number(d.rows_quarantined));
    }
    for (const qs of ['measures=gmv,orders,net_gmv,quantity&by=platform&grain=month', 'measures=live_gmv,sessions,gpm,new_followers,roi&by=belt&grain=day',
      'measures=new_followers,peak_online,ctr&grain=month']) {
      const { metrics } = createApp({ db, cache: false }).ctx;
      const { parseMetricsParams } = await import('../../server/query/params.ts');
      const { query, lang } = parseMetricsParams(Object.fromEntries(new URLSearchParams(qs)), { from: '2026-03-01', to: '2026-03-31' });
      const planned = await metrics.run(query, lang);
      const raw = await metrics.run({ ...query, rawOnly: true }, lang);
      expect(planned.rows).toEqual(raw.rows);
    }
  });
});

describe('a merchant --merchant --belt creates', () => {
  it('is said in the message, with the known ids it may be a slip for; undoing the load takes it, unless a later load uses it', async () => {
    const own = await Database.open(':memory:', { readers: 1 });
    try {
      const into = async (file: string, o: Partial<IngestOptions> = {}) => (await ingestFiles(own, [sample(file)], { hashKey: 'test-key', ...o })).files[0];
      const merchant = async (id: string) => (await own.query('SELECT merchant_id, dataset_id FROM merchants WHERE merchant_id = $id', { id }))[0];
      await into('merchants.csv');
      // A slip of S-HN-001: created, and the message says so, naming the id it is close to.
      const slip = await into('wechat-channels-orders.csv', { merchant: 'S-HN-01', belt: 'haining-leather' });
      expect(slip.status).toBe('loaded');
      expect(slip.message).toContain(`created the new merchant S-HN-01 (belt haining-leather); known merchant ids close to it: S-HN-001: if it is a typo, undo this load (beltscope datasets remove ${slip.datasetId}, or Undo beside it on the upload page) and load the file again with the right id`);
      expect(slip.messageZh).toContain('新建商家 S-HN-01（产业带 haining-leather）；已有相近的商家ID：S-HN-001');
      expect(await merchant('S-HN-01')).toMatchObject({ dataset_id: slip.datasetId });
      // Undone, it goes with the load (it stayed for good, with no command to remove it).
      await own.write((con) => removeDataset(con, slip.datasetId!));
      expect(await merchant('S-HN-01')).toBeUndefined();

      // A new shop, then a later export of it named by --merchant alone: undoing the first keeps
      // the shop as the later load's, and undoing that takes it.
      const first = await into('wechat-channels-orders.csv', { merchant: 'S-NEW-9', belt: 'haining-leather' });
      expect(first.message).toContain('created the new merchant S-NEW-9 (belt haining-leather)');
      expect(first.message).not.toContain('close to it');
      const later = await into('kuaishou-orders.csv', { merchant: 'S-NEW-9' });
      expect(later.message).not.toContain('new merchant');
      const removed = await own.write((con) => removeDataset(con, first.datasetId!));
      expect(removed.handedOver).toMatchObject({ merchants: 1 });
      expect(await merchant('S-NEW-9')).toMatchObject({ dataset_id: later.datasetId });
      expect((await own.query('SELECT count(*)::INTEGER AS n FROM orders WHERE dataset_id = $d', { d: later.datasetId }))[0].n).toBe(later.loaded);
      await own.write((con) => removeDataset(con, later.datasetId!));
      expect(await merchant('S-NEW-9')).toBeUndefined();
      // A dry run creates nothing, and says it would.
      const dry = await into('wechat-channels-orders.csv', { merchant: 'S-NEW-8', belt: 'haining-leather', dryRun: true });
      expect(dry.message).toContain('would create the new merchant S-NEW-8');
      const drySlip = await into('wechat-channels-orders.csv', { merchant: 'S-HN-01', belt: 'haining-leather', dryRun: true });
      expect(drySlip.message).toContain('would create the new merchant S-HN-01 (belt haining-leather); known merchant ids close to it: S-HN-001: if it is a typo, load the file with the right id');
      expect(await merchant('S-NEW-8')).toBeUndefined();
    } finally {
      await own.close();
    }
  });
});

describe('several files at once', () => {
  it('load the canonical files other rows name first (bases, merchants, then accounts), the rest in the order given', async () => {
    const own = await Database.open(':memory:', { readers: 1 });
    try {
      const r = await ingestFiles(own, ['merchant_accounts.csv', 'douyin-orders.csv', 'merchants.csv', 'base-return-sample.xlsx', 'live_bases.csv'].map(sample),
        { hashKey: 'test-key', merchant: 'S-JDZ-001' });
      expect(r.files.map((f) => [f.file, f.status, f.quarantined])).toEqual([
        ['live_bases.csv', 'loaded', 0], ['merchants.csv', 'loaded', 0], ['merchant_accounts.csv', 'loaded', 0],
        ['douyin-orders.csv', 'loaded', 0], ['base-return-sample.xlsx', 'loaded', 0],
      ]);
    } finally {
      await own.close();
    }
  });
});
