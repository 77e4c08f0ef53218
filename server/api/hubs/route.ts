import { Hono } from 'hono';
import type { SqlParams } from '../../../db/database.ts';
import { assertSingleValued } from '../../query/params.ts';
import type { MetricsQuery } from '../../query/plan.ts';
import { scopeKey } from '../../query/scope.ts';
import type { AppContext } from '../app.ts';
import { VersionedCache } from '../../query/cache.ts';
import type { HubsResponse } from '../schemas/hubs.ts';
import { allowedValues, inList } from '../scopeSql.ts';
import { hubFigures, type HubOnRecord } from './figures.ts';
import { parseHubsParams } from './params.ts';
import { assertListedValues } from '../meta.ts';

/** Hub measures by hub and belt, and the belt totals they are shares of: all from the catalog. */
const BY_HUB = ['orders', 'gmv', 'net_gmv', 'qc_pass_rate', 'ship_hours_p50', 'deliver_hours_p50', 'refund_rate'];
const BY_BELT = ['orders', 'gmv', 'net_gmv', 'certified_share', 'certified_order_share'];

/** GET /api/hubs: logistics hubs per belt, inside the caller's scope. */
export function hubsRoute(ctx: AppContext) {
  const cache = new VersionedCache<HubsResponse>(ctx.cache);
  return new Hono().get('/hubs', async (c) => {
    assertSingleValued(c.req.queries());
    const lang = c.req.query('lang') === 'en' ? 'en' : 'zh';
    const info = await ctx.info.get();
    const query = parseHubsParams(c.req.query(), info.dataRange);
    const scope = ctx.scopeOf(c.req.raw);
    await assertListedValues(ctx, scope, { belt: query.belts ?? undefined });
    const body = await cache.get(ctx.db.dataVersion, `${scopeKey(scope)}|${JSON.stringify(query)}`, async () => {
      const base: MetricsQuery = {
        measures: [], by: [], grain: null, window: query.window, filters: query.belts ? { belt: query.belts } : {},
        sort: null, limit: null, compare: null, scope, noTotals: true,
      };
      const params: SqlParams = {};
      const allowed = allowedValues('hub', scope, params);
      const hubsSql = `SELECT hub_id, name_zh, name_en, belt_id, origin_certified FROM hubs
        WHERE ${allowed ? `hub_id IN (${allowed})` : 'true'} AND ${query.belts ? inList('belt_id', query.belts, 'belt', params) : 'true'}
        ORDER BY hub_id`;
      // The three answers must come from one data version: a load between them is read again.
      for (let attempt = 0; ; attempt++) {
        const [byHub, byBelt, hubs] = await Promise.all([
          ctx.metrics.run({ ...base, measures: BY_HUB, by: ['hub', 'belt'] }, lang),
          ctx.metrics.run({ ...base, measures: BY_BELT, by: ['belt'] }, lang),
          ctx.db.stableRead((q) => q(hubsSql, params), ctx.budgetMs),
        ]);
        if ((byHub.dataVersion === byBelt.dataVersion && byBelt.dataVersion === hubs.dataVersion) || attempt >= 2) {
          return { rows: hubFigures(byHub.rows, byBelt.rows, hubs.result as unknown as HubOnRecord[], query.belts) };
        }
      }
    });
    return c.json(body satisfies HubsResponse);
  });
}
