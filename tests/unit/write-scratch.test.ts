import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DuckDBConnection } from '@duckdb/node-api';
import { Database } from '../../db/database.ts';

// Database.write's `scratch`: work on the write connection just outside a write's transaction,
// in the same turn of the queue (a load stages its file there; see WriteOptions).
let db: Database;
beforeAll(async () => { db = await Database.open(':memory:', { readers: 1, skipReference: true }); });
afterAll(async () => db.close());

const tempTables = async (con: DuckDBConnection) => (await con.runAndReadAll(
  `SELECT table_name FROM duckdb_tables() WHERE temporary AND table_name LIKE 'scratch_%' ORDER BY 1`)).getRowObjectsJS().map((r) => String(r.table_name));
const version = async () => Number((await db.query('SELECT data_version::INTEGER AS v FROM data_state'))[0].v);

describe('Database.write with scratch work', () => {
  it('runs `before` outside the transaction: what it made outlives a rolled-back write, and `after` still runs', async () => {
    const seen: string[][] = [];
    const v0 = await version();
    await expect(db.write(async (con) => {
      await con.run('INSERT INTO ingest_log SELECT NULL, now(), \'info\', \'row \' || range::VARCHAR FROM scratch_rows');
      throw new Error('the load failed half-way');
    }, {
      derived: false,
      scratch: {
        before: async (con) => { await con.run('CREATE TEMP TABLE scratch_rows AS SELECT range FROM range(5)'); },
        after: async (con) => { seen.push(await tempTables(con)); await con.run('DROP TABLE IF EXISTS scratch_rows'); },
      },
    })).rejects.toThrow('the load failed half-way');
    // Made inside the transaction, the table would have gone with its rollback.
    expect(seen).toEqual([['scratch_rows']]);
    expect(await version()).toBe(v0);
    expect((await db.query(`SELECT count(*)::INTEGER AS n FROM ingest_log WHERE message LIKE 'row %'`))[0].n).toBe(0);
  });

  it('keeps before, the transaction and after of one write together: a second write waits for all three', async () => {
    const order: string[] = [];
    const write = (name: string) => db.write(async () => { order.push(`${name}: transaction`); }, {
      derived: false,
      scratch: {
        before: async () => { order.push(`${name}: before`); await new Promise((r) => setTimeout(r, 20)); },
        after: async () => { order.push(`${name}: after`); },
      },
    });
    await Promise.all([write('a'), write('b')]);
    expect(order).toEqual(['a: before', 'a: transaction', 'a: after', 'b: before', 'b: transaction', 'b: after']);
  });

  it('answers with the write\'s own outcome when `after` fails: a committed write resolves, a failed one keeps its error', async () => {
    const v0 = await version();
    const after = async () => { throw new Error('cleanup failed'); };
    await expect(db.write(async () => 'done', { derived: false, scratch: { before: async () => {}, after } })).resolves.toBe('done');
    expect(await version()).toBe(v0 + 1);
    await expect(db.write(async () => { throw new Error('load failed'); }, { derived: false, scratch: { before: async () => {}, after } }))
      .rejects.toThrow('load failed');
  });

  it('skips the transaction when `before` fails, runs `after`, and the next write goes ahead', async () => {
    let ran = false;
    let cleaned = false;
    await expect(db.write(async () => { ran = true; }, {
      derived: false,
      scratch: { before: async () => { throw new Error('unreadable file'); }, after: async () => { cleaned = true; } },
    })).rejects.toThrow('unreadable file');
    expect([ran, cleaned]).toEqual([false, true]);
    const v0 = await version();
    await db.write(async (con) => { await con.run(`INSERT INTO ingest_log VALUES (NULL, now(), 'info', 'next')`); }, { derived: false });
    expect(await version()).toBe(v0 + 1);
  });
});
