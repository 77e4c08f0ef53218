import { describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Database } from '../../db/database.ts';
import { ingestFiles } from '../../pipelines/ingest/ingest.ts';
import { DOUYIN_HEAD, douyinLine, sample, tempDir } from './ingest-fixtures.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

async function bigExport(path: string, lines: number) {
  const out = createWriteStream(path);
  out.write(`\uFEFF${DOUYIN_HEAD.join(',')}\r\n`);
  for (let i = 0; i < lines; i++) {
    const row = douyinLine({ parent: `6918${String(i).padStart(15, '0')}`, amount: '1,234.50', paid: '2026/05/02 10:00:00' });
    if (!out.write(`${row.map((c) => (String(c).includes('\t') || String(c).includes(',') ? `"${c}"` : c)).join(',')}\r\n`)) {
      await new Promise<void>((r) => out.once('drain', () => r()));
    }
  }
  await new Promise<void>((r) => out.end(() => r()));
}

describe('a load killed half-way', () => {
  it('leaves the previous data intact, shows as started but not loaded, and the file loads afterwards', { timeout: 180_000 }, async () => {
    const dir = tempDir();
    const dbPath = join(dir, 'crash.duckdb');
    const big = join(dir, 'big-export.csv');
    await bigExport(big, 50_000);

    const db = await Database.open(dbPath, { readers: 1 });
    await ingestFiles(db, ['merchants.csv', 'merchant_accounts.csv'].map(sample), { hashKey: 'k' });
    await ingestFiles(db, [sample('douyin-orders.csv')], { hashKey: 'k', merchant: 'S-JDZ-001' });
    const before = await db.query(`SELECT count(*)::INT AS n, sum(amount)::DOUBLE AS g FROM orders`);
    await db.close();

    const child = spawn(process.execPath, ['--import', 'tsx', 'tests/pipeline/ingest-child.ts', dbPath, big], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (d) => {
        out += String(d);
        if (out.includes('progress')) { child.kill('SIGKILL'); resolve(); }
      });
      child.on('exit', () => resolve());
      setTimeout(() => reject(new Error(`the child never reported progress: ${out}`)), 60_000);
    });
    await new Promise((r) => child.once('close', r));
    expect(out).not.toMatch(/loaded/); // killed before it could finish

    const after = await Database.open(dbPath, { readers: 1 });
    try {
      expect(await after.query(`SELECT count(*)::INT AS n, sum(amount)::DOUBLE AS g FROM orders`)).toEqual(before);
      const log = await after.query(`SELECT message FROM ingest_log WHERE message LIKE 'started big-export.csv%'`);
      expect(log).toHaveLength(1);
      expect(await after.query(`SELECT count(*)::INT AS n FROM datasets WHERE file_name = 'big-export.csv'`)).toEqual([{ n: 0 }]);

      const [f] = (await ingestFiles(after, [big], { hashKey: 'k', merchant: 'S-JDZ-001' })).files;
      expect(f).toMatchObject({ status: 'loaded', rowsRead: 50_000, loaded: 50_000, quarantined: 0 });
      const [sum] = await after.query(`SELECT sum(amount)::DOUBLE AS g FROM orders WHERE order_id LIKE '6918%'`);
      expect(sum.g).toBeCloseTo(50_000 * 1234.5, 2);
    } finally {
      await after.close();
    }
  });
});
