import { describe, expect, it } from 'vitest';
import { createServer, type AddressInfo } from 'node:net';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServer } from '../../cli/serve.ts';
import { Database } from '../../db/database.ts';
import { removeDataset } from '../../db/removeDataset.ts';
import { ingestFiles } from '../../pipelines/ingest/ingest.ts';
import { findServer } from '../../cli/serverFile.ts';
import { DEFAULT_VIEW, defaultWindow, overviewQueries } from '../../catalog/views.ts';
import { apiUrl } from '../../web/src/lib/api/client.ts';
import { metricsParams } from '../../web/src/lib/api/endpoints.ts';

describe('startServer', () => {
  it('answers a taken port with a clear error, not a stack trace, before it generates a demo', async () => {
    const blocker = createServer();
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', () => r()));
    const port = (blocker.address() as AddressInfo).port;
    const dbPath = join(mkdtempSync(join(tmpdir(), 'beltscope-serve-')), 'x.duckdb');
    const lines: string[] = [];
    try {
      await expect(startServer({ dbPath, port, demoOrders: 500, log: (l) => lines.push(l) }))
        .rejects.toMatchObject({ code: 'port_in_use', message: expect.stringMatching(new RegExp(`Port ${port} on 127.0.0.1 is already in use`)) });
      expect(lines).toEqual([]);
      expect(existsSync(dbPath)).toBe(false);
    } finally {
      blocker.close();
    }
  });

  it('serves the API over a new demo database, labelled as demo, and announces itself beside the database while it runs', async () => {
    const dbPath = join(mkdtempSync(join(tmpdir(), 'beltscope-serve-')), 'y.duckdb');
    const lines: string[] = [];
    const s = await startServer({ dbPath, port: 0, demoOrders: 2000, log: (l) => lines.push(l) });
    const file = `${realpathSync(dbPath)}.server.json`;
    try {
      const health = await (await fetch(`${s.url}/api/health`)).json() as any;
      expect(health).toMatchObject({ status: 'ok', demo: true, counts: { orders: 2000 }, dbPath: realpathSync(dbPath) });
      expect(Date.parse(health.updatedAt)).toBeGreaterThan(Date.now() - 600_000);
      // A line per step, the rollups last, so no wait is silent.
      expect(lines.join('\n')).toMatch(/\[17\/17\] finish \([\d.]+ s\)\n  rollups for the dashboard \([\d.]+ s\)[^\n]*\nDemo dataset ready/);
      const info = JSON.parse(readFileSync(file, 'utf8'));
      expect(Object.keys(info).sort()).toEqual(['dbPath', 'host', 'pid', 'port', 'startedAt']);
      expect(info).toMatchObject({ pid: process.pid, host: '127.0.0.1', dbPath: realpathSync(dbPath) });
      expect(statSync(file).mode & 0o777).toBe(0o600);
      expect((await findServer(dbPath))?.url).toBe(s.url);
    } finally {
      await s.close();
    }
    expect(existsSync(file)).toBe(false);
    expect(await findServer(dbPath)).toBeNull();
  });

  it('does not generate the demo into a database whose real loads were all undone', async () => {
    const dbPath = join(mkdtempSync(join(tmpdir(), 'beltscope-serve-')), 'emptied.duckdb');
    const db = await Database.open(dbPath);
    const r = await ingestFiles(db, [fileURLToPath(new URL('../../data/samples/kuaishou-orders.csv', import.meta.url))],
      { hashKey: 'test', merchant: 'S-HN-001', belt: 'haining-leather' });
    expect(r.files[0].status).toBe('loaded');
    await db.write((con) => removeDataset(con, r.files[0].datasetId!));
    await db.close();
    const lines: string[] = [];
    const s = await startServer({ dbPath, port: 0, demoOrders: 500, log: (l) => lines.push(l) });
    try {
      const health = await (await fetch(`${s.url}/api/health`)).json() as any;
      expect(health).toMatchObject({ demo: false, counts: { orders: 0 } });
      expect(lines.join('\n')).toContain('No data: every load of this database was undone');
      expect(lines.join('\n')).not.toMatch(/Demo dataset ready/);
    } finally {
      await s.close();
    }
  });

  it('still generates the demo into a database whose only load failed (nothing was ever loaded or undone)', async () => {
    const dbPath = join(mkdtempSync(join(tmpdir(), 'beltscope-serve-')), 'failed.duckdb');
    const db = await Database.open(dbPath);
    const r = await ingestFiles(db, [fileURLToPath(new URL('../../data/samples/kuaishou-orders.csv', import.meta.url))], { hashKey: 'test' });
    expect(r.files[0]).toMatchObject({ status: 'failed', message: expect.stringMatching(/does not name its shop/) });
    await db.close();
    const s = await startServer({ dbPath, port: 0, demoOrders: 500, log: () => {} });
    try {
      expect(await (await fetch(`${s.url}/api/health`)).json()).toMatchObject({ demo: true });
    } finally {
      await s.close();
    }
  });

  it('warms the default views once listening: the overview\'s first chart is then answered from cache', async () => {
    const dbPath = join(mkdtempSync(join(tmpdir(), 'beltscope-serve-')), 'w.duckdb');
    const lines: string[] = [];
    const s = await startServer({ dbPath, port: 0, demoOrders: 1500, log: (l) => lines.push(l) });
    try {
      await s.warmup!.idle();
      expect(lines.join('\n')).toMatch(/Warmed the default views for data version \d+: 14 requests/);
      const health = await (await fetch(`${s.url}/api/health`)).json() as any;
      const q = overviewQueries({ ...defaultWindow(health.dataRange.to), filters: {}, ...DEFAULT_VIEW });
      // The URL as the web app's client writes it.
      const r = await fetch(`${s.url}${apiUrl('metrics', metricsParams(q.trend), 'zh')}`);
      expect(r.status).toBe(200);
      expect(r.headers.get('Server-Timing')).toMatch(/^cache;desc=hit/);
    } finally {
      await s.close();
    }
  });

  it('`beltscope serve` removes its server file when stopped with SIGTERM', async () => {
    const dbPath = join(mkdtempSync(join(tmpdir(), 'beltscope-serve-')), 'z.duckdb');
    const child = spawn(process.execPath, ['bin/beltscope.js', 'serve', '--port', '0', '--demo-orders', '1000', '--db', dbPath],
      { cwd: new URL('../../', import.meta.url).pathname, stdio: 'pipe' });
    const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
    try {
      let out = '';
      child.stdout.on('data', (d) => { out += d; });
      const deadline = Date.now() + 120_000;
      while (!/Beltscope is ready/.test(out) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
      const file = `${realpathSync(dbPath)}.server.json`;
      expect(existsSync(file)).toBe(true);
      const found = await findServer(dbPath);
      expect(found?.info.pid).toBe(child.pid);
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
      expect(existsSync(file)).toBe(false);
    } finally {
      child.kill('SIGKILL');
    }
  });
});
