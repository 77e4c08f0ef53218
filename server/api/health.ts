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

/** Status, data version and when it last moved, the database file, range and counts. */
export type HealthOf = () => Promise<HealthResponse>;

export function healthOf(ctx: AppContext): HealthOf {
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
  return async () => {
    const [info, at] = await Promise.all([ctx.info.get(), updatedAt()]);
    return { status: 'ok', ...info, updatedAt: at, dbPath } satisfies HealthResponse;
  };
}

/** GET /api/health */
export function healthRoute(ctx: AppContext, health: HealthOf = healthOf(ctx)) {
  return new Hono().get('/health', async (c) => c.json(await health()));
}
