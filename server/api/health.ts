import { Hono } from 'hono';
import { realpathSync } from 'node:fs';
import { resolve } from 'node:path';
import type { AppContext } from './app.ts';
import type { HealthResponse } from './schemas/health.ts';

/** The real path of a database file (what `<db>.server.json` and /api/health compare), or ':memory:'. */
export function realDbPath(path: string): string {
  if (path === ':memory:') return path;
  try { return realpathSync(path); } catch { return resolve(path); }
}

/** GET /api/health: status, data version and when it last moved, the database file, range and counts. */
export function healthRoute(ctx: AppContext) {
  const dbPath = realDbPath(ctx.db.path);
  let cached: { version: number; at: Promise<string | null> } | null = null;
  const updatedAt = () => {
    if (cached?.version !== ctx.db.dataVersion) {
      const at = ctx.db.query(`SELECT updated_at FROM data_state WHERE id = 1`)
        .then(([r]) => (r?.updated_at == null ? null : new Date(String(r.updated_at)).toISOString()));
      cached = { version: ctx.db.dataVersion, at };
      at.catch(() => { cached = null; });
    }
    return cached.at;
  };
  return new Hono().get('/health', async (c) => {
    const [info, at] = await Promise.all([ctx.info.get(), updatedAt()]);
    return c.json({ status: 'ok', ...info, updatedAt: at, dbPath } satisfies HealthResponse);
  });
}
