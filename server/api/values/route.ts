import { Hono } from 'hono';
import { assertSingleValued } from '../../query/params.ts';
import { scopeKey } from '../../query/scope.ts';
import type { AppContext } from '../app.ts';
import { VersionedCache } from '../../query/cache.ts';
import type { ValuesResponse } from '../schemas/values.ts';
import { parseValuesParams } from './params.ts';
import { valuesSearchSql } from './search.ts';

/** GET /api/values: find values of a dimension by id or label, inside the caller's scope. */
export function valuesRoute(ctx: AppContext) {
  const cache = new VersionedCache<ValuesResponse>(ctx.cache);
  return new Hono().get('/values', async (c) => {
    assertSingleValued(c.req.queries());
    const query = parseValuesParams(c.req.query());
    const scope = ctx.scopeOf(c.req.raw);
    const body = await cache.get(ctx.db.dataVersion, `${scopeKey(scope)}|${JSON.stringify(query)}`, async () => {
      const { sql, params } = valuesSearchSql(query, scope);
      const rows = await ctx.db.query(sql, params, ctx.budgetMs);
      return { values: rows.map((r) => ({ id: String(r.id), label: { zh: String(r.zh ?? r.id), en: String(r.en ?? r.id) } })) };
    });
    return c.json(body satisfies ValuesResponse);
  });
}
