import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../server/api/app.ts';
import type { Database } from '../../db/database.ts';
import { MEASURES } from '../../catalog/measures.ts';
import { openFixedDatabase } from '../fixtures/fixed.ts';
import { requester } from '../fixtures/request.ts';

let db: Database;
let app: ReturnType<typeof createApp>['app'];
const request = requester(() => app);
const get = async (url: string) => (await request(url)).body;

beforeAll(async () => {
  db = await openFixedDatabase();
  app = createApp({ db }).app;
});
afterAll(async () => db.close());

describe('/api/meta', () => {
  it('lists every measure with zh/en labels, formula, unit and the dimensions that split it', async () => {
    const meta = await get('/api/meta');
    expect(meta.measures.map((m: any) => m.id)).toEqual(MEASURES.map((m) => m.id));
    const gpm = meta.measures.find((m: any) => m.id === 'gpm');
    expect(gpm).toMatchObject({ label: { zh: '千次观看成交金额', en: 'GPM' }, formula: 'Σ gmv / Σ views × 1000', unit: 'CNY', fact: 'live_sessions' });
    expect(gpm.dimensions).not.toContain('hub');
    expect(gpm.raw).toBeUndefined(); // no SQL leaves the server
    expect(meta.grains).toEqual(['day', 'week', 'month', 'quarter', 'year']);
  });

  it('gives filter values with labels, the date range and the data version', async () => {
    const meta = await get('/api/meta');
    expect(meta.values.belt).toHaveLength(6);
    expect(meta.values.belt.find((b: any) => b.id === 'yixing-zisha').label).toEqual({ zh: '宜兴紫砂', en: 'Yixing zisha' });
    expect(meta.values.platform.map((p: any) => p.id)).toEqual(['douyin', 'kuaishou', 'taobao', 'wechat_channels']);
    expect(meta.values.province).toEqual(expect.arrayContaining([{ id: '360000', label: { zh: '江西省', en: 'Jiangxi' } }]));
    expect(meta.values.base.map((b: any) => b.id)).toEqual(['b1', 'b2']);
    // The range spans every fact: the June firing (1 June) is earlier than the first order.
    expect(meta.dataRange).toEqual({ from: '2025-06-01', to: '2026-01-05' });
    expect(meta.dataVersion).toBe(db.dataVersion);
    expect(meta.demo).toBe(false);
  });
});

describe('the result cache follows the data version', () => {
  it('a committed load changes the answer; a failed one does not', async () => {
    const before = await get('/api/metrics?measures=gmv&belt=haining-leather');
    expect(before.totals.gmv).toBe(2100);
    await db.write(async (con) => {
      await con.run(`INSERT INTO orders SELECT * REPLACE ('O9' AS order_id, 'O9' AS parent_order_id, 50.00 AS amount) FROM orders WHERE order_id = 'O8'`);
    });
    const after = await get('/api/metrics?measures=gmv&belt=haining-leather');
    expect(after.totals.gmv).toBe(2150);
    expect(after.dataVersion).toBe(before.dataVersion + 1);
    await expect(db.write(async (con) => { await con.run(`DELETE FROM orders`); throw new Error('boom'); })).rejects.toThrow('boom');
    // the version did not move, so ask an uncached app: the rows themselves must be intact
    const uncached = createApp({ db, cache: false }).app;
    const again = await (await uncached.request('/api/metrics?measures=gmv&belt=haining-leather')).json() as any;
    expect(again.totals.gmv).toBe(2150);
    expect(again.dataVersion).toBe(after.dataVersion);
  });
});
