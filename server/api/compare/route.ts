import { Hono } from 'hono';
import type { Row } from '../../../db/database.ts';
import { assertSingleValued } from '../../query/params.ts';
import { cohortNote, scopeKey } from '../../query/scope.ts';
import type { AppContext } from '../app.ts';
import { VersionedCache } from '../../query/cache.ts';
import type { CompareBelt, CompareResponse } from '../schemas/compare.ts';
import { parseCompareParams } from './params.ts';
import { compareTable } from './csv.ts';
import { toCsv } from '../../query/formats.ts';
import { assertListedValues } from '../meta.ts';
import { compareStatements, QUANTILES } from './sql.ts';
import { compareWindows } from './windows.ts';

const num = (v: Row[string] | undefined): number | null => (typeof v === 'number' ? v : null);
const json = <T>(v: Row[string] | undefined, empty: T): T => (typeof v === 'string' ? JSON.parse(v) as T : empty);
/** Rows by belt: the .sql files name it belt_id, the catalog's fact selects `belt`. */
const byBelt = (rows: Row[], col = 'belt_id') => new Map(rows.map((r) => [String(r[col]), r]));
const quantiles = (r: Row | undefined, name: string) =>
  Object.fromEntries(QUANTILES.map((p) => [`p${p}`, num(r?.[`${name}_p${p}`])])) as CompareBelt['sessions']['gpm'];

/**
 * GET /api/compare: belts side by side, with what the catalog has no measure for (growth over
 * whole years, seasonality, order-value histograms, session box plots) and the shares a
 * comparison needs. Every figure is computed in SQL (./sql.ts); this only puts each belt's rows
 * from the statements together.
 */
export function compareRoute(ctx: AppContext) {
  const cache = new VersionedCache<CompareResponse>(ctx.cache);
  return new Hono().get('/compare', async (c) => {
    assertSingleValued(c.req.queries());
    const info = await ctx.info.get();
    const query = parseCompareParams(c.req.query(), info.dataRange);
    const scope = ctx.scopeOf(c.req.raw);
    await assertListedValues(ctx, scope, query.filters);
    const { format, ...asked } = query; // one body for both formats
    const key = `${scopeKey(scope)}|${JSON.stringify(asked)}`;
    c.header('Server-Timing', `cache;desc=${cache.has(ctx.db.dataVersion, key) ? 'hit' : 'miss'}`, { append: true });
    const body = await cache.get(ctx.db.dataVersion, key, async () => {
      const data = { from: info.dataRange.from ?? query.window.from, to: info.dataRange.to ?? query.window.to };
      const w = compareWindows(query.window, data, query.compare);
      const s = compareStatements(w, query.filters, scope);
      const { result, dataVersion } = await ctx.db.stableRead((q) => Promise.all(
        [s.growth, s.histogram, s.sessions, s.shares, s.venue, s.sizeClass].map((x) => q(x.sql, x.params))), ctx.budgetMs);
      const [growth, histogram, sessions, shares, venue, sizeClass] = result;
      const [hist, ven, size] = [histogram, venue, sizeClass].map((r) => byBelt(r));
      const [sessBy, shareBy] = [sessions, shares].map((r) => byBelt(r, 'belt'));

      let belts: CompareBelt[] = growth.map((g) => {
        const id = String(g.belt_id);
        const h = hist.get(id);
        const se = sessBy.get(id);
        const sh = shareBy.get(id);
        return {
          belt_id: id,
          gmv: num(g.gmv) ?? 0,
          growth: { yoy: num(g.yoy), mom: num(g.mom), cagr: num(g.cagr), years: num(g.years) ?? 0, annual: json(g.annual, []) },
          seasonality: json(g.seasonality, null),
          histogram: { edges: json(h?.edges, []), counts: json(h?.counts, []), nonpositive: num(h?.nonpositive) ?? 0 },
          sessions: { count: num(se?.n) ?? 0, gpm: quantiles(se, 'gpm'), conversion: quantiles(se, 'conversion') },
          live_share: num(sh?.live_share),
          non_standard_share: num(sh?.non_standard_share),
          venue_mix: json(ven.get(id)?.mix, {}),
          size_class_mix: json(size.get(id)?.mix, {}),
        };
      });
      // A figure over fewer merchants than the scope's cohort is not shown (as in /api/metrics).
      const suppressed = scope.minCohort > 0
        ? belts.filter((b) => (num(shareBy.get(b.belt_id)?.active_merchants) ?? 0) < scope.minCohort).map((b) => b.belt_id) : [];
      belts = belts.filter((b) => !suppressed.includes(b.belt_id));
      const asked = query.filters.belt;
      belts.sort(asked ? (a, b) => asked.indexOf(a.belt_id) - asked.indexOf(b.belt_id) : (a, b) => b.gmv - a.gmv || a.belt_id.localeCompare(b.belt_id));

      return {
        window: w.window,
        comparison: { yoy: w.yoy, mom: w.mom },
        years: w.years,
        belts,
        suppressed,
        notApplied: s.notApplied.map((n) => ({ dimension: n.dimension, fields: ['sessions'] })),
        notes: [
          ...(scope.minCohort > 0 ? [cohortNote(scope)[query.lang]] : []),
          ...(query.window.from < data.from || query.window.to > data.to ? [query.lang === 'zh'
            ? `时间窗口 ${query.window.from} 至 ${query.window.to} 不全在数据范围内（${data.from} 至 ${data.to}）：同比和环比留空（否则会把窗口的一部分与完整的对比期相比）`
            : `The window ${query.window.from} to ${query.window.to} is not wholly in the data (${data.from} to ${data.to}): year-on-year and period-on-period growth are left empty (they would set part of the window against a whole period)`] : []),
          // A belt asked for and absent, not for the cohort: it sold nothing in the window and filters.
          ...(asked ?? []).filter((id) => !belts.some((b) => b.belt_id === id) && !suppressed.includes(id))
            .map((id) => (query.lang === 'zh' ? `${id}：此时间窗口与筛选条件下没有成交，未列出` : `${id}: no sales in this window with these filters, so not listed`)),
        ],
        dataVersion,
      } satisfies CompareResponse;
    });
    c.header('X-Data-Version', String(body.dataVersion));
    if (format === 'csv') {
      const values = await ctx.values(scope);
      const labels = new Map(['belt', 'venue', 'size_class'].map((d) => [d, new Map((values[d] ?? []).map((v) => [v.id, v.label[query.lang]]))]));
      const url = new URL(c.req.url);
      c.header('Content-Type', 'text/csv; charset=utf-8');
      // Named by its window, so comparisons of two windows do not overwrite one another.
      c.header('Content-Disposition', `attachment; filename="beltscope-compare-${body.window.from}_${body.window.to}-v${body.dataVersion}.csv"`);
      return c.body(toCsv(compareTable(body, labels, query.lang, `${url.pathname}${url.search}`)));
    }
    return c.json(body);
  });
}
