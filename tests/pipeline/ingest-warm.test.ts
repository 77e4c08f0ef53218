import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Database } from '../../db/database.ts';
import { generateDemo } from '../../pipelines/demo/generate.ts';
import { warmKeys } from '../../pipelines/ingest/ingest.ts';
import { tempDir } from './ingest-fixtures.ts';

// A server runs warmKeys in its first quiet moment so that the first upload's key probe does
// not read the fact tables' key columns from the file. What it must do: bring those blocks into
// DuckDB's buffer pool (duckdb_memory() counts them under BASE_TABLE), on a database just opened.
const dir = tempDir();
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const tableBytes = async (db: Database) => Number((await db.query(
  `SELECT sum(memory_usage_bytes)::BIGINT AS b FROM duckdb_memory() WHERE tag = 'BASE_TABLE'`))[0].b);

describe('warmKeys', () => {
  it('reads the key columns of a database just opened into memory', async () => {
    const path = join(dir, 'warm.duckdb');
    const first = await Database.open(path, { readers: 1 });
    await first.write((con) => generateDemo(con, { orders: 20_000, seed: 3 }));
    await first.close();

    const db = await Database.open(path, { readers: 1, skipReference: true });
    try {
      const cold = await tableBytes(db);
      await warmKeys(db);
      const warm = await tableBytes(db);
      // At least the orders' key columns: 20k ids of 19 characters, stored compressed.
      expect(warm - cold).toBeGreaterThan(100_000);
      // Read again, nothing more is loaded: the blocks stayed.
      await warmKeys(db);
      expect(await tableBytes(db)).toBe(warm);
    } finally {
      await db.close();
    }
  });
});
