import { describe, expect, it } from 'vitest';
import { createServer, type AddressInfo } from 'node:net';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer } from '../../cli/serve.ts';

describe('startServer', () => {
  it('answers a taken port with a clear error, not a stack trace', async () => {
    const blocker = createServer();
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', () => r()));
    const port = (blocker.address() as AddressInfo).port;
    const dbPath = join(mkdtempSync(join(tmpdir(), 'beltscope-serve-')), 'x.duckdb');
    try {
      await expect(startServer({ dbPath, port, demoOrders: 500, log: () => {} }))
        .rejects.toMatchObject({ code: 'port_in_use', message: expect.stringMatching(new RegExp(`Port ${port} on 127.0.0.1 is already in use`)) });
    } finally {
      blocker.close();
    }
  });

  it('serves the API over a new demo database, labelled as demo', async () => {
    const dbPath = join(mkdtempSync(join(tmpdir(), 'beltscope-serve-')), 'y.duckdb');
    const lines: string[] = [];
    const s = await startServer({ dbPath, port: 0, demoOrders: 2000, log: (l) => lines.push(l) });
    try {
      const health = await (await fetch(`${s.url}/api/health`)).json() as any;
      expect(health).toMatchObject({ status: 'ok', demo: true, counts: { orders: 2000 } });
      expect(lines.join('\n')).toMatch(/Demo dataset ready/);
    } finally {
      await s.close();
    }
  });
});
