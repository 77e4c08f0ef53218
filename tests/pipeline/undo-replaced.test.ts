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

  it('a shared row that had replaced an earlier one, or that a later load changed, stays exact through any order of undos', async () => {
    const l = (n: number, amount: string, after: string) =>
      douyinLine({ parent: `69180000000000001${n}`, line: `69190000000000001${n}`, amount, paid: '2026/03/09 10:00:00', after });
    const row = async (n: number) => db.query(`SELECT refund_amount::DOUBLE AS r, dataset_id FROM orders WHERE order_id = '69190000000000001${n}'`);
    // Z's line, then A's refund replaces it, then B holds A's version too.
    const z = await load('z2.csv', [DOUYIN_HEAD, l(10, '20.00', '售后处理中')]);
    const a = await load('a2.csv', [DOUYIN_HEAD, l(10, '20.00', '退款成功')]);
    const b = await load('b2.csv', [DOUYIN_HEAD, l(10, '20.00', '退款成功'), l(11, '1.00', '-')]);
    expect([a.updated, b.duplicates]).toEqual([1, 1]);
    // Removing A: B holds its version, so it stays as B's, and Z's waits on B now.
    expect(await remove(a.datasetId!)).toMatchObject({ handedOver: { orders: 1 }, restored: {} });
    expect(await row(10)).toEqual([{ r: 20, dataset_id: b.datasetId }]);
    // Removing B brings Z's back, once.
    expect(await remove(b.datasetId!)).toMatchObject({ restored: { orders: 1 } });
    expect(await row(10)).toEqual([{ r: null, dataset_id: z.datasetId }]);

    // C's line held by D, then changed by E: removing C hands its kept version to D, so undoing
    // E brings back the line D's file holds rather than deleting it.
    const c = await load('c3.csv', [DOUYIN_HEAD, l(12, '30.00', '售后处理中')]);
    const d = await load('d3.csv', [DOUYIN_HEAD, l(12, '30.00', '售后处理中'), l(13, '1.00', '-')]);
    const e = await load('e3.csv', [DOUYIN_HEAD, l(12, '30.00', '退款成功')]);
    expect([d.duplicates, e.updated]).toEqual([1, 1]);
    await remove(c.datasetId!);
    expect(await row(12)).toEqual([{ r: 30, dataset_id: e.datasetId }]);
    expect(await remove(e.datasetId!)).toMatchObject({ restored: { orders: 1 } });
    expect(await row(12)).toEqual([{ r: null, dataset_id: d.datasetId }]);
    await remove(d.datasetId!);
    expect(await row(12)).toEqual([]);
    expect(await db.query(`SELECT count(*)::INT AS n FROM shared_rows`)).toEqual([{ n: 0 }]);
  });

  it('a version handed on keeps what it had replaced waiting on it; an older claim never beats a newer change', async () => {
    const l = (n: number, after: string) => douyinLine({ parent: `69180000000000009${n}1`, line: `69190000000000009${n}1`, amount: '20.00', paid: '2026/03/09 10:00:00', after });
    const row = (n: number) => db.query(`SELECT refund_amount::DOUBLE AS r, dataset_id FROM orders WHERE order_id = '69190000000000009${n}1'`);
    // W unknown, X closed (0), Y the same as X (a claim on X's version), R refunded: remove X, R, Y.
    const w = await load('w4.csv', [DOUYIN_HEAD, l(1, '售后处理中')]);
    const x = await load('x4.csv', [DOUYIN_HEAD, l(1, '售后关闭')]);
    const y = await load('y4.csv', [DOUYIN_HEAD, l(1, '售后关闭'), l(2, '-')]);
    const r = await load('r4.csv', [DOUYIN_HEAD, l(1, '退款成功')]);
    await remove(x.datasetId!);
    await remove(r.datasetId!);
    expect(await row(1)).toEqual([{ r: 0, dataset_id: y.datasetId }]);
    await remove(y.datasetId!);
    expect(await row(1)).toEqual([{ r: null, dataset_id: w.datasetId }]); // W's line, not gone
    // Q closed, Y2 the same (a claim), Z refunded, X2 closed again: removing X2 leaves Z's refund (the last file of Q, Y2, Z).
    const q = await load('q5.csv', [DOUYIN_HEAD, l(3, '售后关闭')]);
    await load('y5.csv', [DOUYIN_HEAD, l(3, '售后关闭'), l(4, '-')]);
    const z = await load('z5.csv', [DOUYIN_HEAD, l(3, '退款成功')]);
    const x2 = await load('x5.csv', [DOUYIN_HEAD, l(3, '售后关闭'), l(5, '-')]);
    await remove(x2.datasetId!);
    expect(await row(3)).toEqual([{ r: 20, dataset_id: z.datasetId }]);
    void q;
  });

  it('overlapping monthly exports and a refund re-export undo in any order to what the files still loaded say', async () => {
    // 1–15, 1–31, then 1–31 again with two refunds: every order of three undos ends as the files left say.
    const m = (n: number, after = '-') => douyinLine({ parent: `69180000000000002${String(n).padStart(2, '0')}`,
      line: `69190000000000002${String(n).padStart(2, '0')}`, amount: `${n}.00`, paid: `2026/03/${String(n).padStart(2, '0')} 10:00:00`, after });
    const days = (a: number, b: number, refunded: number[] = []) => Array.from({ length: b - a + 1 }, (_, i) => m(a + i, refunded.includes(a + i) ? '退款成功' : '-'));
    const files: [string, (string | number)[][]][] = [
      ['mar-1-15.csv', [DOUYIN_HEAD, ...days(1, 15)]], ['mar-1-31.csv', [DOUYIN_HEAD, ...days(1, 31)]],
      ['mar-1-31-refunds.csv', [DOUYIN_HEAD, ...days(1, 31, [3, 20])]]];
    const state = () => db.query(`SELECT order_id, refund_amount::DOUBLE AS r FROM orders WHERE order_id LIKE '691900000000000020%' OR order_id LIKE '691900000000000021%' OR order_id LIKE '691900000000000022%' OR order_id LIKE '691900000000000023%' ORDER BY order_id`);
    // What the files left loaded say: the last file wins, a later refund never reverts.
    const expected = (left: number[]) => {
      const out = new Map<number, number>();
      for (const i of left) for (let n = 1; n <= (i === 0 ? 15 : 31); n++) out.set(n, i === 2 && [3, 20].includes(n) ? n : out.get(n) ?? 0);
      return [...out].sort((x, y) => x[0] - y[0]).map(([n, r]) => ({ order_id: `69190000000000002${String(n).padStart(2, '0')}`, r }));
    };
    for (const order of [[2, 1, 0], [0, 2, 1], [1, 0, 2], [0, 1, 2], [2, 0, 1], [1, 2, 0]]) {
      const ids: number[] = [];
      for (const [i, [name, rows]] of files.entries()) ids[i] = (await load(`${order.join('')}-${name}`, rows)).datasetId!;
      const left = [0, 1, 2];
      for (const i of order) {
        await remove(ids[i]);
        left.splice(left.indexOf(i), 1);
        expect(await state(), `after undoing ${i} in ${order.join(',')}`).toEqual(expected(left));
      }
    }
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
