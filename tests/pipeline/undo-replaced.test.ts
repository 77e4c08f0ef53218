import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Database } from '../../db/database.ts';
import { removeDataset } from '../../db/removeDataset.ts';
import { ingestFiles } from '../../pipelines/ingest/ingest.ts';
import { DOUYIN_HEAD, douyinLine, sample, tempDir, writeCsv } from './ingest-fixtures.ts';

// A load that changes rows earlier loads put there keeps them as they were (replaced_rows), so
// removing it restores them exactly; a removal in the middle of a chain hands the kept row on.

describe('removing a load that replaced rows', () => {
  let db: Database;
  let dir: string;
  const line = (id: number, amount: string, after = '-') =>
    douyinLine({ parent: `691800000000000000${id}`, line: `691900000000000000${id}`, amount, paid: '2026/03/0' + id + ' 10:00:00', after });
  const load = async (name: string, rows: (string | number)[][], o: Record<string, string> = { merchant: 'S-JDZ-001' }) => {
    const [f] = (await ingestFiles(db, [writeCsv(dir, name, rows)], { hashKey: 'k', ...o })).files;
    expect(f.status, f.message).toBe('loaded');
    return f;
  };
  const order = (id: number) => db.query(`SELECT * FROM orders WHERE order_id = $id`, { id: `691900000000000000${id}` });
  const kept = () => db.query(`SELECT dataset_id, replaced_by, target_table, array_to_string(key_columns, ',') AS key_columns FROM replaced_rows ORDER BY ALL`);
  const remove = (id: number) => db.write((con) => removeDataset(con, id));

  beforeAll(async () => {
    dir = tempDir();
    db = await Database.open(':memory:', { readers: 1 });
    await ingestFiles(db, [sample('merchants.csv')], { hashKey: 'k' });
  });
  afterAll(async () => db?.close());

  it('a chain A → B → C: removing B keeps C\'s values and hands A\'s row on; removing C brings back A\'s exactly', async () => {
    const a = await load('a.csv', [DOUYIN_HEAD, line(1, '10.00'), line(2, '20.00', '售后处理中'), line(3, '30.00')]);
    const asLoaded = await order(2);
    expect(asLoaded).toMatchObject([{ amount: 20, refund_amount: null, dataset_id: a.datasetId }]);
    const b = await load('b.csv', [DOUYIN_HEAD, line(2, '20.00', '退款成功')]);
    expect(b).toMatchObject({ updated: 1, loaded: 0 });
    const c = await load('c.csv', [DOUYIN_HEAD, line(2, '25.00', '退款成功'), line(4, '40.00')]);
    expect(c).toMatchObject({ updated: 1, loaded: 1 });
    expect(await kept()).toEqual([
      { dataset_id: a.datasetId, replaced_by: b.datasetId, target_table: 'orders', key_columns: 'platform_id,order_id' },
      { dataset_id: b.datasetId, replaced_by: c.datasetId, target_table: 'orders', key_columns: 'platform_id,order_id' },
    ]);

    // B in the middle: C's values stand; A's row now waits on C, B's own kept row goes with B.
    expect(await remove(b.datasetId!)).toMatchObject({ rows: {}, restored: {} });
    expect(await order(2)).toMatchObject([{ amount: 25, refund_amount: 25, dataset_id: c.datasetId }]);
    expect(await kept()).toEqual([{ dataset_id: a.datasetId, replaced_by: c.datasetId, target_table: 'orders', key_columns: 'platform_id,order_id' }]);

    // C: its new line goes, the line it changed is A's again, to the last column.
    expect(await remove(c.datasetId!)).toMatchObject({ rows: { orders: 2 }, restored: { orders: 1 } });
    expect(await order(2)).toEqual(asLoaded);
    expect(await order(4)).toEqual([]);
    expect(await kept()).toEqual([]);
    expect((await db.query(`SELECT count(*)::INT AS n FROM orders`))[0].n).toBe(3);
  });

  it('removing the load a kept row came from takes it along; the later load\'s values stay', async () => {
    const d = await load('d.csv', [DOUYIN_HEAD, line(5, '50.00')]);
    const e = await load('e.csv', [DOUYIN_HEAD, line(5, '55.00')]);
    expect(e.updated).toBe(1);
    expect(await remove(d.datasetId!)).toMatchObject({ rows: {}, restored: {} });
    expect(await order(5)).toMatchObject([{ amount: 55, dataset_id: e.datasetId }]);
    expect(await kept()).toEqual([]);
    // With nothing kept for it, removing E removes the line.
    expect(await remove(e.datasetId!)).toMatchObject({ rows: { orders: 1 }, restored: {} });
    expect(await order(5)).toEqual([]);
  });

  it('overlapping exports: removing the earlier leaves the rows the later one holds too, as the later\'s; removing that then takes them', async () => {
    const f = await load('march-1-15.csv', [DOUYIN_HEAD, line(6, '60.00'), line(7, '70.00')]);
    const g = await load('march-1-31.csv', [DOUYIN_HEAD, line(7, '70.00'), line(8, '80.00')]);
    const h = await load('march-again.csv', [DOUYIN_HEAD, line(8, '80.00'), line(7, '70.00'), line(9, '90.00')]);
    expect([g.duplicates, h.duplicates]).toEqual([1, 2]);
    // Line 7 is F's, and G and H hold it too: removing F hands it to the newest of them.
    expect(await remove(f.datasetId!)).toMatchObject({ rows: { orders: 1 }, handedOver: { orders: 1 } });
    expect(await order(6)).toEqual([]);
    expect(await order(7)).toMatchObject([{ amount: 70, dataset_id: h.datasetId }]);
    // H's removal hands 7 back to G, which holds it too (8 was G's all along); G's removal then takes both.
    expect(await remove(h.datasetId!)).toMatchObject({ rows: { orders: 1 }, handedOver: { orders: 1 } });
    expect((await order(7))[0].dataset_id).toBe(g.datasetId);
    expect((await order(8))[0].dataset_id).toBe(g.datasetId);
    expect(await order(9)).toEqual([]);
    expect(await remove(g.datasetId!)).toMatchObject({ rows: { orders: 2 }, handedOver: {} });
    expect([...await order(7), ...await order(8)]).toEqual([]);
    expect(await db.query(`SELECT * FROM shared_rows`)).toEqual([]);
  });

  it('a shared row that replaced an earlier one, or changed since, is not handed over: the removal is refused, and forced it stays exact', async () => {
    // Z's line, then A's refund replaces it, then B holds A's version too.
    const l = (n: number, amount: string, after: string) =>
      douyinLine({ parent: `69180000000000001${n}`, line: `69190000000000001${n}`, amount, paid: '2026/03/09 10:00:00', after });
    const z2 = await load('z2.csv', [DOUYIN_HEAD, l(10, '20.00', '售后处理中')]);
    const a = await load('a2.csv', [DOUYIN_HEAD, l(10, '20.00', '退款成功')]);
    const b = await load('b2.csv', [DOUYIN_HEAD, l(10, '20.00', '退款成功'), l(11, '1.00', '-')]);
    expect([a.updated, b.duplicates]).toEqual([1, 1]);
    const refused = await remove(a.datasetId!).catch((e) => e);
    expect(refused).toMatchObject({ code: 'dataset_shared_rows', status: 409 });
    expect(refused.message).toMatch(new RegExp(`^Dataset ${a.datasetId} holds rows that later loads \\(dataset ${b.datasetId}\\) hold too, .*Remove that dataset first \\(newest first\\), or remove this one with --force`));
    // Forced: A's line goes and Z's comes back, once (a hand-over as well would leave the key twice).
    await db.write((con) => removeDataset(con, a.datasetId!, { force: true }));
    const rows = await db.query(`SELECT refund_amount, dataset_id FROM orders WHERE order_id = '6919000000000000110'`);
    expect(rows).toHaveLength(1);
    expect(rows).toEqual([{ refund_amount: null, dataset_id: z2.datasetId }]);

    // A's line held by B, then changed by C: removing A would drop the version B holds.
    const a3 = await load('a3.csv', [DOUYIN_HEAD, l(12, '30.00', '售后处理中')]);
    const b3 = await load('b3.csv', [DOUYIN_HEAD, l(12, '30.00', '售后处理中'), l(13, '1.00', '-')]);
    const c3 = await load('c3.csv', [DOUYIN_HEAD, l(12, '30.00', '退款成功')]);
    expect([b3.duplicates, c3.updated]).toEqual([1, 1]);
    expect(await remove(a3.datasetId!).catch((e) => e.code)).toBe('dataset_shared_rows');
  });

  it('an entity: a merchant renamed by a later file gets its name back, though orders use it', async () => {
    const before = await db.query(`SELECT * FROM merchants WHERE merchant_id = 'S-JDZ-001'`);
    const renamed = await load('merchants-renamed.csv', [
      ['merchant_id', 'belt_id', 'name', 'kind', 'size_class', 'home_venue'],
      ['S-JDZ-001', 'jingdezhen-ceramics', '改名后的青花坊', 'craftsman', 'small', 'workshop'],
    ], {});
    expect(renamed.updated).toBe(1);
    expect((await db.query(`SELECT name FROM merchants WHERE merchant_id = 'S-JDZ-001'`))[0].name).toBe('改名后的青花坊');
    // Orders of other loads name S-JDZ-001: the merchant is put back, so nothing is orphaned.
    expect(await remove(renamed.datasetId!)).toMatchObject({ rows: { merchants: 1 }, restored: { merchants: 1 } });
    expect(await db.query(`SELECT * FROM merchants WHERE merchant_id = 'S-JDZ-001'`)).toEqual(before);
  });
});
