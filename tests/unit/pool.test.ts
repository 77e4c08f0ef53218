import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Database } from '../../db/database.ts';
import { createApp } from '../../server/api/app.ts';
import { openFixedDatabase } from '../fixtures/fixed.ts';

let db: Database;
beforeAll(async () => { db = await openFixedDatabase(); });
afterAll(async () => db.close());

describe('query budget and row cap', () => {
  it('stops a query past its budget with a 503-coded error, and other queries still answer meanwhile', async () => {
    const slow = db.query('SELECT count(*) AS n FROM range(10000000000) a WHERE hash(a.range) % 7 = 3', {}, 300);
    let slowSettled = false;
    slow.catch(() => {}).finally(() => { slowSettled = true; });
    const fast = await db.query('SELECT count(*)::INT AS n FROM orders');
    expect(fast[0].n).toBe(9);
    expect(slowSettled).toBe(false); // answered while the slow one was still running
    await expect(slow).rejects.toMatchObject({ code: 'query_timeout', status: 503 });
    // the interrupted connection is back in the pool and works
    for (let i = 0; i < db.pool.size; i++) expect((await db.query('SELECT 1 AS x'))[0].x).toBe(1);
  });

  it('answers a query after close, and one waiting for a connection, with an error instead of waiting for ever', async () => {
    const other = await openFixedDatabase();
    // Hold every connection so the next query waits in the queue.
    const held = await Promise.all(Array.from({ length: other.pool.size }, () => other.pool.acquire()));
    const waiting = other.query('SELECT 1 AS x');
    for (const c of held) other.pool.release(c);
    await expect(waiting).resolves.toEqual([{ x: 1 }]);
    const held2 = await Promise.all(Array.from({ length: other.pool.size }, () => other.pool.acquire()));
    const queued = other.query('SELECT 1 AS x');
    await other.close();
    await expect(queued).rejects.toMatchObject({ code: 'unavailable', status: 503 });
    await expect(other.query('SELECT 1 AS x')).rejects.toMatchObject({ code: 'unavailable', message: expect.stringMatching(/closed/) });
    for (const c of held2) other.pool.release(c); // closed, not handed out again
  });

  it('says truncated when the row cap is hit', async () => {
    const { app } = createApp({ db, rowCap: 2 });
    const body = await (await app.request('/api/metrics?measures=gmv&by=merchant')).json() as any;
    expect(body.rows).toHaveLength(2);
    expect(body.truncated).toBe(true);
    const all = await (await app.request('/api/metrics?measures=gmv&by=belt')).json() as any;
    expect(all.truncated).toBe(false);
  });
});

describe('single write path', () => {
  it('bumps dataVersion on commit and leaves data untouched on a failed load', async () => {
    const v = db.dataVersion;
    await expect(db.write(async (con) => {
      await con.run(`DELETE FROM orders`);
      throw new Error('crash mid-load');
    })).rejects.toThrow('crash mid-load');
    expect(db.dataVersion).toBe(v);
    expect((await db.query('SELECT count(*)::INT AS n FROM orders'))[0].n).toBe(9);
    await db.write(async () => {});
    expect(db.dataVersion).toBe(v + 1);
  });

  it('keeps the data version for a write no reader is answered from', async () => {
    const v = db.dataVersion;
    const seen: number[] = [];
    const off = db.onCommit((version) => seen.push(version));
    try {
      await db.write(async (con) => { await con.run(`INSERT INTO ingest_log VALUES (NULL, now(), 'info', 'a log line')`); }, { derived: false, version: false });
      const [log] = await db.query(`SELECT count(*)::INT AS n FROM ingest_log WHERE message = 'a log line'`);
      expect(log.n).toBe(1); // committed all the same
      const [state] = await db.query('SELECT data_version::INT AS v FROM data_state');
      expect([db.dataVersion, state.v]).toEqual([v, v]);
      await db.write(async () => {}, { derived: false });
      expect(db.dataVersion).toBe(v + 1);
      expect(seen).toEqual([v + 1]);
    } finally {
      off();
    }
  });

  it('readers never see half a load', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => { release = r; });
    const load = db.write(async (con) => {
      await con.run(`INSERT INTO orders SELECT * REPLACE (order_id || '-copy' AS order_id, parent_order_id || '-copy' AS parent_order_id) FROM orders`);
      await gate;
    });
    await new Promise((r) => setTimeout(r, 50));
    expect((await db.query('SELECT count(*)::INT AS n FROM orders'))[0].n).toBe(9);
    expect((await db.query('SELECT sum(lines)::INT AS n FROM ro_orders_day'))[0].n).toBe(9);
    release();
    await load;
    expect((await db.query('SELECT count(*)::INT AS n FROM orders'))[0].n).toBe(18);
    expect((await db.query('SELECT sum(lines)::INT AS n FROM ro_orders_day'))[0].n).toBe(18);
  });
});

describe('real data never mixes silently with demo data', () => {
  it('refuses a real load over the demo unless asked to replace it, and then replaces it in the same transaction', async () => {
    const { guardRealLoad } = await import('../../db/datasets.ts');
    const demo = await Database.open(':memory:', { readers: 1 });
    try {
      await demo.write(async (con) => {
        await con.run(`INSERT INTO datasets (dataset_id, kind, source, rows_loaded, loaded_at) VALUES (7, 'demo', 'demo-generator', 1, now())`);
        await con.run(`INSERT INTO merchants VALUES ('d1', 'haining-leather', '示例', 'brand', 'small', 'studio', 7)`);
      });
      const realLoad = (replaceDemo: boolean) => demo.write(async (con) => {
        await guardRealLoad(con, { replaceDemo });
        await con.run(`INSERT INTO datasets (dataset_id, kind, source, file_name, rows_loaded, loaded_at) VALUES (8, 'real', 'test', 'x.csv', 1, now())`);
        await con.run(`INSERT INTO merchants VALUES ('r1', 'haining-leather', '真实', 'brand', 'small', 'studio', 8)`);
      });
      await expect(realLoad(false)).rejects.toMatchObject({ code: 'demo_present', message: expect.stringMatching(/--replace-demo/) });
      expect((await demo.query('SELECT merchant_id FROM merchants')).map((r) => r.merchant_id)).toEqual(['d1']);
      await realLoad(true);
      expect((await demo.query('SELECT merchant_id FROM merchants')).map((r) => r.merchant_id)).toEqual(['r1']);
      expect((await demo.query('SELECT kind FROM datasets')).map((r) => r.kind)).toEqual(['real']);
    } finally {
      await demo.close();
    }
  });
});

describe('stableRead: one response, one data version', () => {
  it('throws away a read that a commit overlapped and reads again', async () => {
    let calls = 0;
    const { result, dataVersion } = await db.stableRead(async (q) => {
      calls++;
      const before = await q('SELECT count(*)::INT AS n FROM orders');
      if (calls === 1) await db.write(async (con) => { await con.run(`INSERT INTO orders SELECT * REPLACE (order_id || '-x' AS order_id) FROM orders LIMIT 1`); });
      const after = await q('SELECT count(*)::INT AS n FROM orders');
      return [before[0].n, after[0].n];
    });
    expect(calls).toBe(2);
    expect(result[0]).toBe(result[1]);
    expect(dataVersion).toBe(db.dataVersion);
  });
});
