import { Hono } from 'hono';
import { AppError } from '../../../lib/errors.ts';
import { assertSingleValued } from '../../query/params.ts';
import { scopeKey } from '../../query/scope.ts';
import type { AppContext } from '../app.ts';
import { VersionedCache } from '../../query/cache.ts';
import type { SessionDetailResponse, SessionsResponse } from '../schemas/sessions.ts';
import { parseDetailParams, parseSessionsParams } from './params.ts';
import { assertListedValues } from '../meta.ts';
import { sessionDetailSql, sessionsListSql } from './sql.ts';

/** GET /api/sessions and /api/sessions/:platform/:id: live sessions one by one, inside the caller's scope. */
export function sessionsRoute(ctx: AppContext) {
  const lists = new VersionedCache<SessionsResponse>(ctx.cache);
  const details = new VersionedCache<SessionDetailResponse | null>(ctx.cache);

  return new Hono()
    .get('/sessions', async (c) => {
      assertSingleValued(c.req.queries());
      const info = await ctx.info.get();
      const query = parseSessionsParams(c.req.query(), info.dataRange);
      const scope = ctx.scopeOf(c.req.raw);
      await assertListedValues(ctx, scope, query.filters);
      const body = await lists.get(ctx.db.dataVersion, `${scopeKey(scope)}|${JSON.stringify(query)}`, async () => {
        const s = sessionsListSql(query, scope);
        const { result: [rows, [count]] } = await ctx.db.stableRead((q) => Promise.all([q(s.rows, s.params), q(s.count, s.countParams)]), ctx.budgetMs);
        return { rows: rows as SessionsResponse['rows'], total: Number(count.n) };
      });
      return c.json(body satisfies SessionsResponse);
    })
    .get('/sessions/:platform/:id', async (c) => {
      assertSingleValued(c.req.queries());
      parseDetailParams(c.req.query());
      const { platform, id } = c.req.param();
      const scope = ctx.scopeOf(c.req.raw);
      const body = await details.get(ctx.db.dataVersion, `${scopeKey(scope)}|${JSON.stringify([platform, id])}`, async () => {
        const s = sessionDetailSql(platform, id, scope);
        const { result } = await ctx.db.stableRead(async (q) => {
          const [session] = await q(s.session, s.params);
          // Outside the scope is the same as absent: the answer must not tell them apart.
          if (!session) return null;
          const [minutes, listings, batches] = await Promise.all([q(s.minutes, s.key), q(s.listings, s.key), q(s.batches, s.key)]);
          return { session, minutes, listings, batches } as unknown as SessionDetailResponse;
        }, ctx.budgetMs);
        return result;
      });
      if (!body) {
        throw new AppError('not_found', `No session "${id}" on platform "${platform}" (or it is outside what this account may see).`,
          `平台 "${platform}" 上没有场次 "${id}"（或不在此账户的可见范围内）。`, 404);
      }
      return c.json(body satisfies SessionDetailResponse);
    });
}
